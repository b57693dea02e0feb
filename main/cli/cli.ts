/**
 * The `loopscope` command: play scenarios headless.
 *
 *   loopscope run FILE [--format transcript|json] [--no-log] [limit flags: limit-flags.ts]
 *   loopscope run FILE --format svg|perfetto|html [--from N] [--to N] ...   (export-formats.ts)
 *   loopscope check FILE
 *
 * Exit status: 0 when the command did its job (a transcript was printed, or the file is valid),
 * 1 for a scenario that cannot be loaded (the message names file:line:col), 2 for usage errors.
 * How the run itself ended (ok, error, deadlock, limit) is in the transcript's END line, not in
 * the status: a deadlock is a result worth showing, not a failure of the tool.
 *
 * All input and output goes through `CliIo`, so tests drive the command without a process.
 */
import { runScenario, checkScenario, type ScenarioLimits } from '../../scheduler/python/scenario.ts';
import type { Trace } from '../../scheduler/trace/format.ts';
import { LIMITS_USAGE, parseLimitFlag } from './limit-flags.ts';
import { TraceJSONStream, type NumberWriter } from '../../scheduler/trace/json.ts';
import { transcriptLines } from '../../scheduler/trace/transcript.ts';
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
  readFile(path: string): string;
  /** True when stderr is a terminal: then long runs show progress. */
  stderrIsTTY: boolean;
  /** Wall-clock milliseconds, for throttling progress output only. */
  now(): number;
  /** The built HTML player page, for --format html (throws when it is not built). */
  playerTemplate?(): string;
}

const USAGE = `Usage:
  loopscope run FILE [--format transcript|json] [--no-log] [--max-... N]
  loopscope run FILE --format svg|perfetto|html [options below]
  loopscope check FILE

run    plays the scenario and prints its transcript (or its full trace with --format json);
       a run that passes a limit stops there, with the reason in its END line:
${LIMITS_USAGE}
check  exits 0 if the scenario is valid, 1 with file:line:col and a message if not

Exports:
${EXPORT_USAGE}`;

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
  limits: ScenarioLimits;
}

function parseRunArgs(args: string[]): RunArgs {
  const run: RunArgs = { file: '', format: 'transcript', export: { hideShutdown: false }, logs: true, limits: {} };
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

function readScenario(io: CliIo, file: string): string | null {
  try {
    return io.readFile(file);
  } catch (error) {
    const code = (error as { code?: string }).code;
    io.stderr(`loopscope: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : String((error as Error).message)}\n`);
    return null;
  }
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
      if (rest.length !== 1 || (rest[0] as string).startsWith('-')) throw new UsageError('check takes exactly one FILE');
      return check(rest[0] as string, io);
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

function check(file: string, io: CliIo): number {
  const source = readScenario(io, file);
  if (source === null) return 1;
  const error = checkScenario(source, file);
  if (error === null) return 0;
  io.stderr(`${error.format()}\n`);
  return 1;
}

function run(args: RunArgs, io: CliIo): number {
  const source = readScenario(io, args.file);
  if (source === null) return 1;
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
    io.stderr(`${result.error.format()}\n`);
    return 1;
  }
  if (isExportFormat(args.format)) return writeExport(args.format, args, source, result.trace, io);
  if (args.format === 'json') {
    writeJSON(() => (json ?? openJSON()).finish(result.trace, true));
    if (writeFailure !== null) throw writeFailure;
    io.stdout('\n');
  }
  else io.stdout(`${transcriptLines(result.trace, { logs: args.logs }).join('\n')}\n`);
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
