/**
 * The `loopscope` command: play scenarios headless.
 *
 *   loopscope run FILE [--format transcript|json] [--no-log] [--no-lint] [--livelock] [limit flags: limit-flags.ts]
 *   loopscope run FILE --format svg|perfetto|html [--from N] [--to N] ...   (export-formats.ts)
 *   loopscope check [--lint] FILE
 *
 * Exit status:
 *   0  `run`: the scenario ran and its transcript was printed; `check`: the file has no problem
 *      (and, with --lint, no lints);
 *   1  the scenario cannot be loaded: it cannot be read, is not UTF-8 text, is over the size
 *      limit, or has problems (syntax errors, constructs outside the subset), each printed on
 *      stderr as file:line:col: error: message; `run` still prints an END line (`END 0.000 error
 *      SyntaxError: ...`), so a transcript always ends with one;
 *   2  usage errors;
 *   3  `check --lint` found lints.
 * How the run itself ended (ok, error, deadlock, limit) is in the transcript's END line, not in
 * the status: a deadlock is a result worth showing, not a failure of the tool.
 *
 * Lints (scheduler/explain/lints.ts) are printed one per line, `LINT<TAB>FILE:LINE<TAB>ID<TAB>TITLE`:
 * by `check --lint` on standard output, and by `run` on standard error after the transcript (so the
 * transcript stays comparable with CPython's). `run --format json` streams the trace without
 * keeping it and prints none: use `check --lint` for them.
 *
 * Scenario files are read as the app reads them: strict UTF-8 (as CPython reads a source file
 * without an encoding declaration), at most MAX_SCENARIO_BYTES. Nothing from the file reaches
 * the terminal raw: error output shows control characters and undecodable bytes as \xNN.
 *
 * All input and output goes through `CliIo`, so tests drive the command without a process.
 */
import { APP_LIVELOCK_TICKS, runScenario, checkScenarioProblems, type ScenarioLimits } from '../../scheduler/python/scenario.ts';
import { visible, type ScenarioError } from '../../scheduler/python/diagnostics.ts';
import { TraceRecorder } from '../../scheduler/trace/recorder.ts';
import type { Trace, TraceEnd } from '../../scheduler/trace/format.ts';
import { LIMITS_USAGE, parseLimitFlag } from './limit-flags.ts';
import { TraceJSONStream, traceToJSON, type NumberWriter } from '../../scheduler/trace/json.ts';
import { endLine, transcriptLines } from '../../scheduler/trace/transcript.ts';
import { MAX_SCENARIO_BYTES, decodeScenarioBytes } from '../common/scenario-bytes.ts';
import { findLints, type Lint } from '../../scheduler/explain/lints.ts';
import { EXPORT_USAGE, ExportUsageError, checkExportOptions, exportRun, isExportFormat, parseExportOption, type ExportFormat, type ExportOptions } from './export-formats.ts';

export interface CliIo {
  /** Write to standard output; bytes are reused by the caller once this returns. */
  stdout(text: string | Uint8Array): void;
  /**
   * Optional: where a trace's long runs of numbers go to be turned into text and written to
   * standard output (the process's writer thread); without it they are turned into text here.
   */
  stdoutNumbers?: NumberWriter;
  stderr(text: string): void;
  /** The file's bytes (a string is taken as already decoded text). */
  readFile(path: string): Uint8Array | string;
  /** True when stderr is a terminal: then long runs show progress. */
  stderrIsTTY: boolean;
  /** Wall-clock milliseconds, for throttling progress output only. */
  now(): number;
  /** The built HTML player page, for --format html (throws when it is not built). */
  playerTemplate?(): string;
}

const USAGE = `Usage:
  loopscope run FILE [--format transcript|json] [--no-log] [--no-lint] [--livelock] [--max-... N]
  loopscope run FILE --format svg|perfetto|html [options below]
  loopscope check [--lint] FILE

run    plays the scenario and prints its transcript (or its full trace with --format json);
       a run that passes a limit stops there, with the reason in its END line:
${LIMITS_USAGE}
       learner lints go to standard error as LINT lines (not with --format json; --no-lint: none)
  --livelock       stop a busy-wait that lets no virtual time pass after ${APP_LIVELOCK_TICKS.toLocaleString('en-US')} loop iterations,
                   as the app does (off by default: the reference runner only has the tick limit)
check  lists every problem of the scenario (file:line:col: error: message, hint, the line);
       with --lint it also plays a valid scenario and prints its lints as LINT lines, exiting 3 if any

Exit status: 0 the scenario ran (its END line says how it ended) or has no problem; 1 it cannot
be loaded (unreadable, not UTF-8, over ${MAX_SCENARIO_BYTES.toLocaleString('en-US')} bytes, or with problems); 2 usage error;
3 check --lint found lints.

Exports:
${EXPORT_USAGE}`;

/** Exit status of \`check --lint\` when the scenario has lints. */
export const EXIT_LINTS = 3;

class UsageError extends Error {}

const usageError = (message: string): never => {
  throw new UsageError(message);
};

interface RunArgs {
  file: string;
  format: 'transcript' | 'json' | ExportFormat;
  /** Options of the svg, perfetto and html outputs. */
  export: ExportOptions;
  logs: boolean;
  lints: boolean;
  limits: ScenarioLimits;
}

function parseRunArgs(args: string[]): RunArgs {
  const run: RunArgs = { file: '', format: 'transcript', export: { hideShutdown: false }, logs: true, lints: true, limits: {} };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const used = parseExportOption(args, i, run.export);
    if (used > 0) {
      i += used - 1;
    } else if (arg === '--format') {
      const format = args[++i];
      if (format !== 'transcript' && format !== 'json' && (format === undefined || !isExportFormat(format))) throw new UsageError('--format must be transcript, json, svg, perfetto or html');
      run.format = format;
    } else if (arg.startsWith('--format=')) {
      return parseRunArgs([...args.slice(0, i), '--format', arg.slice('--format='.length), ...args.slice(i + 1)]);
    } else if (arg === '--no-log') {
      run.logs = false;
    } else if (arg === '--no-lint') {
      run.lints = false;
    } else if (arg === '--livelock') {
      run.limits.livelockTicks = APP_LIVELOCK_TICKS;
    } else if (parseLimitFlag(arg, args[i + 1], run.limits, usageError)) {
      i++;
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option ${arg}`);
    } else if (run.file === '') {
      run.file = arg;
    } else {
      throw new UsageError(`unexpected argument ${arg}`);
    }
  }
  if (run.file === '') throw new UsageError('which scenario file?');
  checkExportOptions(run.format, run.export);
  return run;
}

/** Why a file could not be loaded: what to print, and the run's END for it. */
interface LoadFailure {
  /** For stderr, one or more lines. */
  report: string;
  end: TraceEnd & { kind: 'error' };
}

function failure(report: string, type: string, message: string): LoadFailure {
  return { report, end: { kind: 'error', time: 0, exception: `${type}: ${message}`, type, message } };
}

/** The scenario's text, or why it cannot be had. */
function readScenario(io: CliIo, file: string): { source: string } | LoadFailure {
  let data: Uint8Array | string;
  try {
    data = io.readFile(file);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : String((error as Error).message);
    const type = code === 'ENOENT' ? 'FileNotFoundError' : code === 'EISDIR' ? 'IsADirectoryError' : code === 'EACCES' || code === 'EPERM' ? 'PermissionError' : 'OSError';
    return failure(`loopscope: cannot read ${visible(file)}: ${visible(why)}`, type, `cannot read ${file}: ${why}`);
  }
  if (typeof data === 'string') return { source: data };
  const decoded = decodeScenarioBytes(data);
  if (decoded.ok) return { source: decoded.source };
  const name = visible(file);
  if (decoded.reason === 'too-large') {
    const message = `the file is ${decoded.size.toLocaleString('en-US')} bytes; scenarios are at most ${MAX_SCENARIO_BYTES.toLocaleString('en-US')} bytes`;
    return failure(`${name}: error: ${message}`, 'ScenarioError', message);
  }
  // CPython's message for the same file, located as a syntax error is.
  const message = `Non-UTF-8 code starting with '${decoded.name}' on line ${decoded.line}, but no encoding declared`;
  // The line around the byte, at most a terminal line's worth of it (a binary file has long ones).
  const before = Array.from(visible(decoded.before));
  const shownBefore = before.length > 60 ? `…${before.slice(-59).join('')}` : before.join('');
  const after = Array.from(visible(decoded.after));
  const shownAfter = after.length > 40 ? `${after.slice(0, 39).join('')}…` : after.join('');
  const report = [
    `${name}:${decoded.line}:${decoded.column}: error: ${message}`,
    '  hint: Loopscope reads scenario files as UTF-8: save the file as UTF-8 text (a binary file is not a scenario)',
    `    ${shownBefore}${shownAfter}`,
    `    ${' '.repeat(Array.from(shownBefore).length)}^^^^`,
  ].join('\n');
  return failure(report, 'SyntaxError', message);
}

/** Every problem, then how many: `3 problems` (stderr). */
function reportProblems(io: CliIo, file: string, problems: readonly ScenarioError[]): void {
  const count = `${visible(file)}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  io.stderr(`${problems.map((p) => p.format()).join('\n\n')}\n\n${count}\n`);
}

/** Run the command; returns the exit status. */
export function runCli(argv: string[], io: CliIo): number {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      if (command === undefined) io.stderr(USAGE);
      else io.stdout(USAGE);
      return command === undefined ? 2 : 0;
    }
    if (command === 'run') return run(parseRunArgs(rest), io);
    if (command === 'check') {
      const lint = rest.includes('--lint');
      const files = rest.filter((arg) => arg !== '--lint');
      if (files.length !== 1 || (files[0] as string).startsWith('-')) throw new UsageError('check takes exactly one FILE (and --lint)');
      return check(files[0] as string, io, lint);
    }
    throw new UsageError(`unknown command ${command}`);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ExportUsageError) {
      io.stderr(`loopscope: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

function check(file: string, io: CliIo, lint: boolean): number {
  const read = readScenario(io, file);
  if (!('source' in read)) {
    io.stderr(`${read.report}\n`);
    return 1;
  }
  const problems = checkScenarioProblems(read.source, file);
  if (problems.length > 0) {
    reportProblems(io, file, problems);
    return 1;
  }
  if (!lint) return 0;
  const result = runScenario(read.source, { file });
  if (result.error !== null) {
    reportProblems(io, file, [result.error]);
    return 1;
  }
  const lines = lintLines(result.trace, file);
  if (lines.length > 0) io.stdout(`${lines.join('\n')}\n`);
  return lines.length > 0 ? EXIT_LINTS : 0;
}

/** One `LINT<TAB>FILE:LINE<TAB>ID<TAB>TITLE` line per lint, in the order they happened. */
export function lintLines(trace: Trace, file: string): string[] {
  return findLints(trace).map((lint: Lint) => `LINT\t${file}:${lint.lines[0] ?? 0}\t${lint.id}\t${lint.title}`);
}

/** `run` on a file that cannot be loaded: the problems on stderr, the END line (or a trace
 *  holding only that end) on stdout, status 1. */
function failedRun(io: CliIo, args: RunArgs, end: TraceEnd): number {
  if (args.format === 'json') {
    const trace = new TraceRecorder(args.file).toTrace();
    trace.end = end;
    io.stdout(`${traceToJSON(trace)}\n`);
  } else io.stdout(`${endLine(end)}\n`);
  return 1;
}

function run(args: RunArgs, io: CliIo): number {
  const read = readScenario(io, args.file);
  if (!('source' in read)) {
    io.stderr(`${read.report}\n`);
    return failedRun(io, args, read.end);
  }
  const source = read.source;
  let lastReport = io.now();
  let reported = false;
  // A trace's JSON is written while the scenario runs, a chunk of events at a time, so that
  // writing a long one overlaps running it. A failure to write stops the writing, not the run.
  let json: TraceJSONStream | null = null;
  const openJSON = () => new TraceJSONStream(args.file, (bytes) => io.stdout(bytes), io.stdoutNumbers);
  let writeFailure: unknown = null;
  const writeJSON = (write: () => void) => {
    if (writeFailure !== null) return;
    try {
      write();
    } catch (error) {
      writeFailure = error;
    }
  };
  const result = runScenario(source, {
    file: args.file,
    onTraceChunk:
      args.format === 'json'
        ? (words) => writeJSON(() => (json ??= openJSON()).events(words))
        : undefined,
    onTraceFloats: args.format === 'json' ? (values) => writeJSON(() => (json ??= openJSON()).floats(values)) : undefined,
    // Each chunk is written (or copied for writing) at once, so the recorder may refill it.
    keepStreamedEvents: false,
    limits: args.limits,
    // Real time, whatever io.now says (tests drive that clock to see progress output).
    wallClock: () => performance.now(),
    onProgress: io.stderrIsTTY
      ? (ticks, time) => {
          const now = io.now();
          if (now - lastReport < 250) return;
          lastReport = now;
          reported = true;
          io.stderr(`\r${args.file}: tick ${ticks.toLocaleString('en-US')}, virtual time ${time.toFixed(3)} s`);
        }
      : undefined,
  });
  if (reported) io.stderr('\r\x1b[K');
  if (result.error !== null) {
    // Every problem, as `check` lists them; the first is the one the run stopped at.
    const problems = checkScenarioProblems(source, args.file);
    reportProblems(io, args.file, problems.length > 0 ? problems : [result.error]);
    if (result.trace.end === null) throw new Error('a run that could not load has no end');
    return failedRun(io, args, result.trace.end);
  }
  if (isExportFormat(args.format)) return writeExport(args.format, args, source, result.trace, io);
  if (args.format === 'json') {
    // The scenario's text goes in too, so that the file opens in the app with its code.
    writeJSON(() => (json ?? openJSON()).finish(result.trace, true, source));
    if (writeFailure !== null) throw writeFailure;
    io.stdout('\n');
  }
  else io.stdout(`${transcriptLines(result.trace, { logs: args.logs }).join('\n')}\n`);
  // Tracebacks go to stderr, as CPython prints them: those of the exceptions the loop logged (its
  // logger's lines), then that of the exception that ended the run; then the learner's lints.
  const stderr: string[] = [];
  if (args.logs) for (const logged of result.logged) stderr.push(`${logged.message}\n${logged.traceback}`);
  if (result.traceback !== undefined) stderr.push(result.traceback);
  if (stderr.length > 0) io.stderr(`${stderr.join('\n').split('\n').map(visible).join('\n')}\n`);
  if (args.lints && args.format !== 'json') {
    const lines = lintLines(result.trace, args.file);
    if (lines.length > 0) io.stderr(`${lines.join('\n')}\n`);
  }
  return 0;
}

/** --format svg|perfetto|html: the whole run first, then its export (export-formats.ts). */
function writeExport(format: ExportFormat, args: RunArgs, source: string, trace: Trace, io: CliIo): number {
  const playerTemplate = (): string => {
    if (io.playerTemplate === undefined) throw new Error('the HTML player is not available here');
    return io.playerTemplate();
  };
  let out: { text: string } | { error: string };
  try {
    out = exportRun({ format, file: args.file, source, trace, options: args.export, playerTemplate });
  } catch (error) {
    io.stderr(`loopscope: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  if ('error' in out) {
    io.stderr(`loopscope: ${out.error}\n`);
    return 2;
  }
  io.stdout(out.text);
  return 0;
}
