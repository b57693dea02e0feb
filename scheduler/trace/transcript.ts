/**
 * The transcript: the plain-text summary of a run that is compared line for line with CPython's
 * (ASYNCIO-SEMANTICS.md, "Transcript format"):
 *
 *   {time:.3f}\t{task}\t{text}     one line per print, task `-` outside any task
 *   LOG\t{time:.3f}\t{text}        a loop warning (optional in comparisons)
 *   END\t{time:.3f}\t...           exactly one, last: ok | error\tType: msg | deadlock\tnames |
 *                                  limit\treason: message
 *
 * The reason of a limit (`ticks: the run reached 1000000 ticks`, `not-modelled: Loopscope does not
 * model asyncio.Barrier yet (line 4)`) is Loopscope's addition to the format: the reference
 * runner's END line stops at `limit`, so comparisons with it look at the first three fields.
 *
 * Times use Python's '%.3f' (ties round half to even, unlike toFixed).
 */
import { formatTime3 } from '../python/format.ts';
import { forEachTextEvent } from './decode.ts';
import type { Trace, TraceEnd } from './format.ts';

/** Escape a transcript field: backslash first, then newline, CR and TAB. */
export function escapeField(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}

export function endLine(end: TraceEnd): string {
  const time = formatTime3(end.time);
  switch (end.kind) {
    case 'ok':
      return `END\t${time}\tok`;
    case 'error':
      return `END\t${time}\terror\t${escapeField(`${end.type}: ${end.message}`)}`;
    case 'deadlock':
      return `END\t${time}\tdeadlock\t${end.pending.map(escapeField).join(',')}`;
    case 'limit':
      return `END\t${time}\tlimit\t${escapeField(`${end.reason}: ${end.message}`)}`;
  }
}

export interface TranscriptOptions {
  /** Include LOG lines (loop warnings). Default true. */
  logs?: boolean;
}

/** The transcript lines of a trace, END last (omitted if the trace has no end yet). */
export function transcriptLines(trace: Trace, options: TranscriptOptions = {}): string[] {
  const logs = options.logs ?? true;
  const names: string[] = [];
  const threads: string[] = [];
  const lines: string[] = [];
  const line = (time: number, who: string, text: string) => `${formatTime3(time)}\t${escapeField(who)}\t${escapeField(text)}`;
  forEachTextEvent(trace, {
    taskName(task, name) {
      names[task] = name;
    },
    output(task, text, time) {
      lines.push(line(time, task === -1 ? '-' : (names[task] ?? '?'), text));
    },
    log(text, time) {
      if (logs) lines.push(`LOG\t${formatTime3(time)}\t${escapeField(text)}`);
    },
    threadName(thread, name) {
      threads[thread] = name;
    },
    // A worker thread's prints carry the thread's name where a task's carry the task's.
    threadOutput(thread, stream, text, time) {
      if (stream === 'stdout') lines.push(line(time, threads[thread] ?? '?', text));
    },
  });
  if (trace.end !== null) lines.push(endLine(trace.end));
  return lines;
}

/**
 * What the run wrote to stderr (logging, print(file=sys.stderr), tracebacks the loop prints),
 * one `{time:.3f}\t{task}\t{text}` line each, in the order written. The transcript stays
 * stdout-only; conformance tests compare these lines separately.
 */
export function stderrLines(trace: Trace): string[] {
  const names: string[] = [];
  const threads: string[] = [];
  const lines: string[] = [];
  const line = (time: number, who: string, text: string) => `${formatTime3(time)}\t${escapeField(who)}\t${escapeField(text)}`;
  forEachTextEvent(trace, {
    taskName(task, name) {
      names[task] = name;
    },
    output() {},
    log() {},
    stderr(task, text, time) {
      lines.push(line(time, task === -1 ? '-' : (names[task] ?? '?'), text));
    },
    threadName(thread, name) {
      threads[thread] = name;
    },
    threadOutput(thread, stream, text, time) {
      if (stream === 'stderr') lines.push(line(time, threads[thread] ?? '?', text));
    },
  });
  return lines;
}

/** An END line as the reference runner writes it: a limit's without its reason (see above). */
export function referenceEndLine(line: string): string {
  return line.startsWith('END\t') ? line.replace(/^(END\t[^\t]*\tlimit)\t.*$/, '$1') : line;
}
