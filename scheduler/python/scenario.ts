/**
 * Running a scenario file: parse, compile, execute on the scheduler, and report the trace with
 * how the run ended. This is the one entry point hosts (CLI, worker, tests) use.
 *
 * Whatever the source, runScenario returns: syntax errors and refused constructs come back as a
 * ScenarioError (and an `error` end), Python exceptions as an `error` end with CPython's
 * `Type: message`, a deadlock or a limit as such, and a failure of the interpreter itself as an
 * `InternalError` end. It never throws.
 */
import { MAX_PROBLEMS, collectParseProblems, parseScenario, skipStatementAt } from './parse/index.ts';
import { HINTS } from './parse/subset.ts';
import { ScenarioError } from './diagnostics.ts';
import { createLineIndex, type Module, type NodeBase } from './ast.ts';
import { modelGaps } from './model-check.ts';
import { isModelledModule } from './interpreter/modules.ts';
import { TraceRecorder } from '../trace/recorder.ts';
import type { Trace, TraceEnd } from '../trace/format.ts';
import { LoopHalted, outcomeOfError, type RunOutcome } from '../asyncio/run.ts';
import { DEFAULT_LIMITS, reportAtExit } from '../loop/loop.ts';
import { setEventLoopPolicy, setRunningLoop } from '../loop/running.ts';
import { PyBaseException } from '../asyncio/exceptions.ts';
import { releaseAll } from '../asyncio/held-by-traceback.ts';
import { releaseGlobals, scriptEndReleased } from './interpreter/collect.ts';
import { Runtime, type LoggedError } from './interpreter/runtime.ts';
import { installAll } from './interpreter/install.ts';
import { compileModule } from './interpreter/compile-stmt.ts';
import { CompileError } from './interpreter/compile-expr.ts';
import { Frame, type Stmt } from './interpreter/frame.ts';
import { addTraceback, hostToPython, resetFrameIds, runSync } from './interpreter/exec.ts';
import { B, DEFAULT_STATEMENT_BUDGET, ScenarioHalt, WATCH, checkpoint, resetBudget, watchWallClock } from './interpreter/budget.ts';
import { DEFAULT_MEMORY_LIMIT, resetMemory } from './interpreter/memory.ts';
import { DEFAULT_MAX_TRACE_BYTES } from '../trace/recorder.ts';
import { MODULE_DEPTH, depth } from './interpreter/calls.ts';
import { PySystemExit, type PyExc } from './interpreter/exceptions.ts';
import { forgetUserClasses } from './interpreter/values.ts';
import { formatTraceback, raisingLine } from './interpreter/traceback.ts';
import { NotModelled } from './interpreter/unmodelled.ts';

/** Loop iterations between two onProgress calls. */
const PROGRESS_EVERY = 4096;

/**
 * What a run may use before it is stopped with a diagnosis. Every host (CLI, Electron's worker,
 * the web worker) plays scenarios with these defaults, generous for lessons (which use a tiny
 * part of each); the CLI's flags change them (docs/security.md lists them).
 */
export interface ScenarioLimits {
  /** The run stops before loop iteration maxTicks + 1 (all asyncio.run calls together). */
  maxTicks?: number;
  /** The run stops rather than let the virtual clock pass this many seconds. */
  maxTime?: number;
  /** Statements one loop step (or the module-level code) may run before it is declared runaway. */
  statementBudget?: number;
  /** Tasks alive at once (created and not finished); more ends the run. */
  maxTasks?: number;
  /** Memory the program may hold, in MB as CPython counts it (see interpreter/memory.ts): MemoryError beyond. */
  maxMemoryMB?: number;
  /** The trace's size in memory, in MB; the run stops when it outgrows it, keeping what was recorded. */
  maxTraceMB?: number;
  /** Real time the run may take, in seconds; only watched when the host gives a clock (ScenarioOptions.wallClock). */
  maxWallSeconds?: number;
  /**
   * Stop a livelock (a busy-wait with sleep(0): no virtual time passing, the same steps repeating)
   * after this many loop iterations, with a `livelock` limit naming its line; 0 or absent: off, as
   * in the CLI, which keeps the reference runner's tick limit. The app uses APP_LIVELOCK_TICKS.
   */
  livelockTicks?: number;
}

export const DEFAULT_SCENARIO_LIMITS: Required<ScenarioLimits> = {
  maxTicks: DEFAULT_LIMITS.maxTicks,
  maxTime: DEFAULT_LIMITS.maxTime,
  statementBudget: DEFAULT_STATEMENT_BUDGET,
  maxTasks: DEFAULT_LIMITS.maxTasks,
  maxMemoryMB: DEFAULT_MEMORY_LIMIT / (1024 * 1024),
  maxTraceMB: DEFAULT_MAX_TRACE_BYTES / (1024 * 1024),
  maxWallSeconds: 30,
  livelockTicks: 0,
};

/**
 * The livelock threshold of the app's workers: far above what real programs do without time
 * passing (many tasks doing sleep(0) a few thousand times each), and reached in a fraction of a
 * second by a poller that spins (see loop/livelock.ts).
 */
export const APP_LIVELOCK_TICKS = 30_000;

export interface ScenarioOptions {
  file: string;
  limits?: ScenarioLimits;
  /**
   * The host's clock in milliseconds (performance.now): with it, the run stops after
   * limits.maxWallSeconds of real time. Without it there is no wall-clock limit, and the same
   * scenario always gives the same trace.
   */
  wallClock?: (() => number) | undefined;
  /** Called every few thousand loop iterations (a host's progress display on long runs). */
  onProgress?: ((ticks: number, time: number) => void) | undefined;
  /**
   * Called with each full chunk of the trace's events while the run goes on (see TraceRecorder's
   * onChunk); only once the scenario has loaded, so never for a run that ends in a load error.
   */
  onTraceChunk?: ((words: Int32Array, strings: readonly string[]) => void) | undefined;
  /** Called with each full block of the trace's floats (see TraceRecorder's onFloats). */
  onTraceFloats?: ((values: Float64Array) => void) | undefined;
  /**
   * False when onTraceChunk and onTraceFloats take what they are handed over (see
   * RecorderOptions.keepChunks): the arrays are then refilled once they return, and the result's
   * trace holds only the events and floats not handed over. The CLI writes a long trace out this
   * way without ever holding all of it.
   */
  keepStreamedEvents?: boolean | undefined;
  /** Words in a full chunk of events handed to onTraceChunk (see RecorderOptions.chunkWords). */
  traceChunkWords?: number | undefined;
  /** Hand each chunk's floats over with it (see RecorderOptions.floatsWithChunks). */
  traceFloatsWithChunks?: boolean | undefined;
  /** Called once the scenario has parsed and compiled, just before it runs (hosts time the phases). */
  onLoaded?: (() => void) | undefined;
}

export interface ScenarioResult {
  /** The recorded trace, with `end` set. */
  trace: Trace;
  /** A load-time error (syntax or unsupported construct); the trace then has no events. */
  error: ScenarioError | null;
  /** For an `error` end caused by a Python exception: the traceback, as Python would print it. */
  traceback?: string;
  /** Exceptions the loop logged rather than raised, with their tracebacks (CPython's logger
   *  prints them on stderr); the transcript has a LOG line for each. */
  logged: LoggedError[];
}

function compileErrorToScenario(source: string, file: string, e: CompileError): ScenarioError {
  const node: NodeBase = e.node;
  const index = createLineIndex(source);
  const end = index.lineColAt(node.range.to);
  return new ScenarioError({
    kind: 'unsupported',
    file,
    line: node.line,
    column: node.col,
    endLine: end.line,
    endColumn: end.line === node.line && end.col > node.col ? end.col : node.col + 1,
    from: node.range.from,
    to: node.range.to,
    message: e.message,
    sourceLine: index.lineText(node.line),
    pythonClass: null,
  });
}

function loadErrorResult(recorder: TraceRecorder, error: ScenarioError): ScenarioResult {
  const trace = recorder.toTrace();
  const type = error.pythonClass ?? 'ScenarioError';
  trace.end = { kind: 'error', time: 0, exception: `${type}: ${error.message}`, type, message: error.message, line: error.line, task: -1 };
  return { trace, error, logged: [] };
}

/**
 * The uses of names Loopscope does not model that can be seen before the run (model-check.ts),
 * as problems of the file.
 */
function modelProblems(rt: Runtime, module: Module, source: string, file: string): ScenarioError[] {
  const index = createLineIndex(source);
  return modelGaps(module, (name) => (isModelledModule(name) ? rt.importModule(name) : null)).map((gap) => {
    const start = index.lineColAt(gap.from);
    const end = index.lineColAt(gap.to);
    return new ScenarioError({
      kind: 'unsupported',
      file,
      line: start.line,
      column: start.col,
      endLine: end.line,
      endColumn: end.line === start.line && end.col > start.col ? end.col : start.col + 1,
      from: gap.from,
      to: gap.to,
      message: `Loopscope does not model ${gap.what} yet`,
      hint: HINTS.notModelled,
      sourceLine: index.lineText(start.line),
      pythonClass: null,
    });
  });
}

/** Compile a parsed scenario and look for what it uses that is not modelled: its statements, or the first problem. */
function load(rt: Runtime, module: Module, source: string, file: string): { stmts: Stmt[] } | { error: ScenarioError } {
  let stmts: Stmt[];
  try {
    stmts = compileModule(rt, module);
  } catch (e) {
    if (e instanceof CompileError) return { error: compileErrorToScenario(source, file, e) };
    throw e;
  }
  const gap = modelProblems(rt, module, source, file)[0];
  return gap === undefined ? { stmts } : { error: gap };
}

function internalEnd(time: number, message: string): TraceEnd {
  return { kind: 'error', time, exception: `InternalError: ${message}`, type: 'InternalError', message };
}

/**
 * Every problem that stops a scenario from loading: what the editor underlines and `loopscope
 * check` lists. Empty when it would load.
 *
 * The first is the one `checkScenario` (and a run) reports, the error CPython itself would
 * raise if there is one; the others follow in source order, each once. After a syntax error the
 * check resumes at the next statement at the same or an outer indentation (see parse/recover.ts),
 * so one mistake gives one problem, not a cascade; refusals of valid Python outside the subset do
 * not stop it at all.
 */
export function checkScenarioProblems(source: string, file: string): ScenarioError[] {
  const found: ScenarioError[] = [];
  const seen = new Set<string>();
  const add = (e: ScenarioError): void => {
    const key = `${e.from}\u0000${e.to}\u0000${e.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    found.push(e);
  };
  try {
    const src = String(source);
    let text = src;
    installAll();
    for (let round = 0; found.length < MAX_PROBLEMS; round++) {
      const parsed = collectParseProblems(text, file, src);
      for (const e of parsed.problems) add(e);
      if (parsed.module === null) break;
      text = parsed.text;
      const rt = new Runtime({ file, recorder: new TraceRecorder(file), maxTicks: 1, maxTime: 1, maxTasks: 1 });
      try {
        compileModule(rt, parsed.module);
        for (const e of modelProblems(rt, parsed.module, src, file)) add(e);
      } catch (e) {
        if (!(e instanceof CompileError)) throw e;
        add(compileErrorToScenario(src, file, e));
        const next = skipStatementAt(text, e.node.range.from);
        if (next === null) break;
        text = next.text;
        continue;
      } finally {
        forgetUserClasses();
      }
      break;
    }
  } catch (e) {
    add(internalCheckError(file, e));
  }
  const [first, ...rest] = found;
  if (first === undefined) return [];
  return [first, ...rest.sort((a, b) => a.from - b.from || a.to - b.to)];
}

function internalCheckError(file: string, e: unknown): ScenarioError {
  const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return new ScenarioError({
    kind: 'unsupported',
    file,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 2,
    from: 0,
    to: 0,
    message: `internal error while checking the scenario (${what}); please report it with the scenario`,
    sourceLine: '',
    pythonClass: null,
  });
}

/** Check a scenario without running it: null when it would load. */
export function checkScenario(source: string, file: string): ScenarioError | null {
  try {
    const parsed = parseScenario(source, file);
    if (!parsed.ok) return parsed.error;
    installAll();
    const rt = new Runtime({ file, recorder: new TraceRecorder(file), maxTicks: 1, maxTime: 1, maxTasks: 1 });
    const loaded = load(rt, parsed.module, source, file);
    return 'error' in loaded ? loaded.error : null;
  } catch (e) {
    return internalCheckError(file, e);
  } finally {
    forgetUserClasses();
  }
}

export function runScenario(source: string, options: ScenarioOptions): ScenarioResult {
  const file = options.file;
  const limits = { ...DEFAULT_SCENARIO_LIMITS, ...definedLimits(options.limits) };
  const recorder = new TraceRecorder(file, {
    ...(options.onTraceChunk === undefined ? {} : { onChunk: options.onTraceChunk, keepChunks: options.keepStreamedEvents ?? true }),
    ...(options.onTraceFloats === undefined ? {} : { onFloats: options.onTraceFloats, floatsWithChunks: options.traceFloatsWithChunks === true }),
    ...(options.traceChunkWords === undefined ? {} : { chunkWords: options.traceChunkWords }),
    maxBytes: limits.maxTraceMB * 1024 * 1024,
  });
  let rt: Runtime | null = null;
  try {
    const parsed = parseScenario(source, file);
    if (!parsed.ok) return loadErrorResult(recorder, parsed.error);
    installAll();
    const onProgress = options.onProgress;
    rt = new Runtime({
      file,
      source,
      recorder,
      maxTicks: limits.maxTicks,
      maxTime: limits.maxTime,
      maxTasks: limits.maxTasks,
      livelockTicks: limits.livelockTicks,
      // Every few thousand ticks: the wall clock and the trace's size are checked even when the
      // ticks run no statements, and the host hears how far the run got.
      progress: {
        every: PROGRESS_EVERY,
        report: (ticks, time) => {
          checkpoint(0);
          onProgress?.(ticks, time);
        },
      },
    });
    const loaded = load(rt, parsed.module, source, file);
    if ('error' in loaded) return loadErrorResult(recorder, loaded.error);
    const stmts = loaded.stmts;
    options.onLoaded?.();
    resetBudget(limits.statementBudget);
    resetFrameIds();
    resetMemory(limits.maxMemoryMB * 1024 * 1024);
    WATCH.trace = recorder;
    watchWallClock(options.wallClock ?? null, limits.maxWallSeconds);
    depth.n = MODULE_DEPTH;
    const { outcome, traceback } = execute(rt, stmts, source);
    let trace: Trace;
    if (outcome.kind === 'internal') {
      trace = recorder.toTrace();
      trace.end = internalEnd(outcome.time, outcome.message);
    } else {
      recorder.finish(outcome);
      trace = recorder.toTrace();
      if (outcome.kind === 'limit' && trace.end?.kind === 'limit' && outcome.line !== undefined) {
        trace.end = { ...trace.end, line: outcome.line, task: outcome.task ?? -1 };
      }
      if (outcome.kind === 'error' && trace.end?.kind === 'error') {
        // Where it was raised: the innermost frame's line, the task running it, the traceback.
        const raised = outcome.exception as PyExc;
        trace.end = { ...trace.end, line: raisingLine(raised), task: raised.pyTask ?? -1 };
        if (traceback !== null) trace.end.traceback = traceback;
      }
    }
    const logged = rt.loggedErrors.slice();
    return traceback === null ? { trace, error: null, logged } : { trace, error: null, traceback, logged };
  } catch (e) {
    // A failure of the interpreter itself: report it, never throw.
    const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    let trace: Trace;
    try {
      trace = recorder.toTrace();
    } catch {
      trace = new TraceRecorder(file).toTrace();
    }
    trace.end = internalEnd(rt?.clock ?? 0, `internal error in the interpreter (${what}); please report it with the scenario`);
    return { trace, error: null, logged: rt?.loggedErrors.slice() ?? [] };
  } finally {
    setRunningLoop(null);
    setEventLoopPolicy(null);
    // A run that halted leaves what its exceptions held: the next run must not see it.
    releaseAll();
    forgetUserClasses();
    B.key = null;
    WATCH.trace = null;
    watchWallClock(null, 0);
  }
}

/** The limits a caller gave, without the ones it left undefined (which take the defaults). */
function definedLimits(limits: ScenarioLimits | undefined): ScenarioLimits {
  const given: Record<string, number> = {};
  for (const [name, value] of Object.entries(limits ?? {})) if (value !== undefined) given[name] = value;
  return given;
}

/**
 * What dies when the script ends: the program's own loops' pending tasks, tasks that failed with
 * SystemExit or KeyboardInterrupt, and what exceptions kept by tasks held.
 */
function scriptEnded(rt: Runtime): void {
  reportAtExit(rt.process);
  rt.ownLoops?.scriptEnded();
  releaseGlobals(rt);
  scriptEndReleased();
}

/** sys.exit(), sys.exit(None) or sys.exit(0): the run ends well. */
function exitsCleanly(e: PyBaseException): boolean {
  const code = e.args.length === 0 ? null : e.args[0];
  return code === null || code === 0 || code === false;
}

type Outcome = RunOutcome<unknown> | { kind: 'internal'; time: number; message: string };

function execute(rt: Runtime, stmts: Stmt[], source: string): { outcome: Outcome; traceback: string | null } {
  const f = new Frame([], null, null, null);
  try {
    try {
      runSync(f, stmts);
      scriptEnded(rt);
    } catch (e) {
      // The reference runner collects what the script leaves only when it ends well (or by
      // sys.exit(0)): after an uncaught exception, CPython's exit would print nothing more.
      if (e instanceof PySystemExit && exitsCleanly(e)) scriptEnded(rt);
      if (e instanceof NotModelled) {
        e.at(f.line);
        throw e.halt();
      }
      const py = e instanceof PyBaseException ? e : hostToPython(e);
      if (py !== null) {
        addTraceback(py, '<module>', f.line, f);
        throw py;
      }
      throw e;
    }
    return { outcome: { kind: 'ok', time: rt.clock, value: null }, traceback: null };
  } catch (e) {
    if (e instanceof LoopHalted) {
      const halt = e.halt as { kind: string; reason?: string; message?: string };
      if (halt.kind === 'limit' && halt.reason === 'internal') {
        return { outcome: { kind: 'internal', time: e.loop.clock, message: halt.message ?? 'internal error' }, traceback: null };
      }
      return { outcome: outcomeOfError(e, rt.clock), traceback: null };
    }
    if (e instanceof ScenarioHalt) {
      if (e.reason === 'internal') return { outcome: { kind: 'internal', time: rt.clock, message: e.message }, traceback: null };
      const at = e.line > 0 ? { line: e.line, task: e.task } : {};
      return { outcome: { kind: 'limit', time: rt.clock, reason: e.reason, message: e.message, ...at }, traceback: null };
    }
    if (e instanceof PyBaseException) {
      if (e instanceof PySystemExit && exitsCleanly(e)) return { outcome: { kind: 'ok', time: rt.clock, value: null }, traceback: null };
      return { outcome: { kind: 'error', time: rt.clock, exception: e }, traceback: formatTraceback(e as PyExc, rt.file, source) };
    }
    const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return {
      outcome: { kind: 'internal', time: rt.clock, message: `internal error in the interpreter (${what}); please report it with the scenario` },
      traceback: null,
    };
  }
}
