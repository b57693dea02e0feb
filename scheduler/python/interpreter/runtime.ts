/**
 * One run of a scenario: its globals, builtins and modules, the trace recorder, the process-wide
 * state shared by successive asyncio.run calls (task numbering, the virtual clock), and the
 * warnings already shown.
 */
import { ProcessState } from '../../loop/loop.ts';
import { peekRunningLoop } from '../../loop/running.ts';
import type { TraceRecorder } from '../../trace/recorder.ts';
import { PyRandom } from '../random.ts';
import { Cell, PyBuiltin, PyModule } from './values.ts';
import { droppedValue } from './compile-stmt.ts';
import { Namespace, notDefined } from './scope.ts';
import { makeBuiltins } from './builtins.ts';
import { importModule } from './modules.ts';
import { resetContexts } from '../../asyncio/context.ts';
import { failedFutures, liveGenerators, setCollectRuntime } from './collect.ts';
import { runningThread, type WorkerThread } from '../../asyncio/threads.ts';
import { TextStream } from './mod-sys-os.ts';
import { PyDict } from './values.ts';
import { dictSetRaw } from './keys.ts';
import { AgenAwaitable, PyAsyncGen, type HostAwaitable } from './exec.ts';
import type { Frame, Gen } from './frame.ts';
import { unmodelledBuiltin } from './unmodelled.ts';
import { PyStopAsyncIteration, type PyExc } from './exceptions.ts';
import { statementsRun } from './budget.ts';
import { WarningKind } from '../../trace/format.ts';
import type { PyBaseException } from '../../asyncio/exceptions.ts';
import type { Task } from '../../asyncio/task.ts';
import type { OwnLoops } from './asyncio-main-thread.ts';
import { formatTraceback, raisingLine } from './traceback.ts';

/** An exception the loop's exception handler logged (see Runtime.noteLoggedError). */
export interface LoggedError {
  time: number;
  /** The log message: `Exception in callback cb() at file.py:3`, `Task exception was never retrieved`. */
  message: string;
  /** The serial of the task it concerns or was raised in, -1 for none. */
  task: number;
  /** The line that raised it (0 if unknown). */
  line: number;
  traceback: string;
}

export interface RuntimeOptions {
  file: string;
  /** The scenario's text, for the source lines of tracebacks. */
  source?: string;
  recorder: TraceRecorder;
  maxTicks: number;
  maxTime: number;
  /** Stop a livelock after this many still, repeating ticks (0: off); see loop/livelock.ts. */
  livelockTicks?: number;
  maxTasks: number;
  progress?: { every: number; report(ticks: number, time: number): void };
}

/** A line written by a worker thread: it appears at the thread's time. */
function threadOutput(thread: WorkerThread, stream: 'stdout' | 'stderr', text: string, line: number): void {
  const time = thread.clock;
  const trace = thread.pool.loop.trace;
  thread.later(() => trace?.threadOutput(thread.id, stream, text, line, time));
}

export class Runtime {
  /** The scenario's globals (`__main__`). */
  readonly main = new Namespace('__main__');
  readonly builtins: Map<string, unknown>;
  /** sys.modules: every module imported in this run, by its dotted name. */
  readonly modules = new Map<string, PyModule>();
  /** sys.stdout and sys.stderr: what is written to them, line by line. */
  readonly stdout = new TextStream('<stdout>', (text, line) => this.output(text, line));
  readonly stderr = new TextStream('<stderr>', (text, line) => this.errorOutput(text, line));
  readonly process = new ProcessState();
  readonly recorder: TraceRecorder;
  readonly file: string;
  readonly source: string | undefined;
  readonly random = new PyRandom();
  /** The process-wide virtual clock outside any loop (a loop's clock takes over while it runs). */
  clock = 0;
  /** The loops the program made itself (asyncio.new_event_loop, get_event_loop): set by the asyncio module. */
  ownLoops: OwnLoops | null = null;
  /** Set by makeBuiltins / the asyncio module: identities the compiler specialises on. */
  superFn: PyBuiltin | null = null;
  sleepFn: PyBuiltin | null = null;
  private readonly warned = new Set<string>();
  readonly maxTicks: number;
  readonly maxTime: number;
  readonly livelockTicks: number;
  readonly maxTasks: number;
  readonly progress: RuntimeOptions['progress'] | undefined;
  /** Exceptions the loop's exception handler logged, in order (see noteLoggedError). */
  readonly loggedErrors: LoggedError[] = [];

  constructor(options: RuntimeOptions) {
    // A new process: the main thread's contextvars context is empty, no generator is alive.
    resetContexts();
    liveGenerators.count = 0;
    failedFutures.count = 0;
    setCollectRuntime(this);
    this.recorder = options.recorder;
    this.recorder.codeClock = statementsRun;
    this.file = options.file;
    this.source = options.source;
    this.maxTicks = options.maxTicks;
    this.maxTime = options.maxTime;
    this.livelockTicks = options.livelockTicks ?? 0;
    this.maxTasks = options.maxTasks;
    this.progress = options.progress;
    this.builtins = makeBuiltins(this);
    this.globalCell('__name__').v = '__main__';
    this.globalCell('__file__').v = options.file;
    this.globalCell('__doc__').v = null;
  }

  globalCell(name: string): Cell {
    return this.main.cell(name);
  }

  /** A global's value, or undefined. */
  global(name: string): unknown {
    return this.main.get(name);
  }

  builtin(name: string): unknown {
    const v = this.builtins.get(name);
    if (v === undefined) throw unmodelledBuiltin(name) ?? notDefined(name);
    return v;
  }

  /** sys.modules, as a dict (a snapshot when sys is imported). */
  get sysModules(): PyDict {
    const d = new PyDict();
    for (const [name, m] of this.modules) dictSetRaw(d, name, m);
    return d;
  }

  importModule(name: string): PyModule {
    return importModule(this, name);
  }


  /**
   * An exception the loop logged rather than raised (an exception in a callback, a task's
   * exception nobody retrieved): kept with where it was raised, for hosts that show its traceback
   * as CPython's logger prints it on stderr.
   */
  noteLoggedError(message: string, exception: PyBaseException, task: Task<unknown> | null): void {
    const e = exception as PyExc;
    this.loggedErrors.push({
      time: this.now(),
      message,
      task: task?.serial ?? e.pyTask ?? -1,
      line: raisingLine(e),
      traceback: formatTraceback(e, this.file, this.source),
    });
  }

  /** The current virtual time: the running loop's clock, or the process clock. */
  now(): number {
    const thread = runningThread();
    if (thread !== null) return thread.clock;
    const loop = peekRunningLoop();
    return loop === null ? this.clock : loop.clock;
  }

  /** A line printed by the scenario (without its trailing newline). */
  output(text: string, line: number): void {
    const thread = runningThread();
    if (thread !== null) return threadOutput(thread, 'stdout', text, line);
    const loop = peekRunningLoop();
    if (loop !== null) loop.print(text, line);
    else this.recorder.output(text, null, line);
  }

  /** A line written to stderr (without its trailing newline). */
  errorOutput(text: string, line: number): void {
    const thread = runningThread();
    if (thread !== null) return threadOutput(thread, 'stderr', text, line);
    const loop = peekRunningLoop();
    if (loop !== null) loop.printStderr(text, line);
    else this.recorder.stderr(text, null, line);
  }

  droppedValue(v: object, taskMark: number, line: number, frame: Frame | null = null): void {
    droppedValue(this, v, taskMark, line, frame);
  }

  /** RuntimeWarning for a coroutine created and dropped; shown once per line (default filter). */
  warnNeverAwaited(name: string, line: number): void {
    const text = `RuntimeWarning: coroutine '${name}' was never awaited`;
    const key = `${line}\u0000${text}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    const loop = peekRunningLoop();
    if (loop !== null) loop.logWarning(text, WarningKind.NeverAwaited, line);
    else this.recorder.log(text, WarningKind.NeverAwaited, null, line);
  }

  /** anext(agen, default) */
  anextWithDefault(agen: PyAsyncGen, dflt: unknown): HostAwaitable {
    return {
      *$await(): Gen<unknown> {
        try {
          return yield* new AgenAwaitable(agen, 'next').$await();
        } catch (e) {
          if (e instanceof PyStopAsyncIteration) return dflt;
          throw e;
        }
      },
    };
  }
}
