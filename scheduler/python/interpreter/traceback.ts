/**
 * Python's traceback text for an exception, with scenario line numbers, as
 * traceback.print_exception prints it in CPython 3.11: each frame's `File "...", line N, in name`
 * and its source line, a run of more than three identical frames (a recursion) cut short with
 * `[Previous line repeated N more times]`, the chain of causes and contexts, and the notes.
 * 3.11's carets under the failing part of a line come from traceback-carets.ts. One difference,
 * documented: frames of asyncio's own code (runners.py, base_events.py, events.py) and of the
 * library modules are not shown, only the scenario's.
 */
import type { PyBaseException } from '../../asyncio/exceptions.ts';
import type { PyExc, TracebackEntry } from './exceptions.ts';
import { excClassOf } from './exceptions.ts';
import { caretLine, caretSource, type CaretSource } from './traceback-carets.ts';

/** traceback._RECURSIVE_CUTOFF: identical frames shown before the rest are counted. */
const RECURSIVE_CUTOFF = 3;

/** Where a traceback's file name and source lines come from. */
export interface TracebackSource {
  /** The file name shown (a path's last part). */
  file: string;
  /** The scenario's lines, for the source line under each frame (none if absent). */
  lines?: readonly string[];
  /** The scenario's text, for the carets under the source lines (none if absent). */
  carets?: CaretSource;
}

function frameLines(tb: readonly TracebackEntry[], source: TracebackSource): string[] {
  const out: string[] = [];
  let last: TracebackEntry | null = null;
  let count = 0;
  const flushRepeats = (): void => {
    if (count > RECURSIVE_CUTOFF) {
      const more = count - RECURSIVE_CUTOFF;
      out.push(`  [Previous line repeated ${more} more time${more > 1 ? 's' : ''}]`);
    }
  };
  for (const entry of tb) {
    if (last !== null && entry.line === last.line && entry.name === last.name) {
      count++;
      if (count > RECURSIVE_CUTOFF) continue;
    } else {
      flushRepeats();
      last = entry;
      count = 1;
    }
    // The line of the instruction that raised, which a multi-line statement may have further down.
    const line = entry.at?.line ?? entry.line;
    out.push(`  File "${source.file}", line ${line}, in ${entry.name}`);
    const text = source.lines?.[line - 1]?.trim();
    if (text !== undefined && text !== '') {
      out.push(`    ${text}`);
      const carets = source.carets === undefined ? null : caretLine(source.carets, line, entry.at);
      if (carets !== null) out.push(carets);
    }
  }
  flushRepeats();
  return out;
}

function oneException(e: PyExc, source: TracebackSource): string[] {
  const lines: string[] = [];
  const tb = e.pyTraceback ?? [];
  if (tb.length > 0) {
    lines.push('Traceback (most recent call last):');
    lines.push(...frameLines(tb, source));
  }
  lines.push(...exceptionOnlyLines(e));
  return lines;
}

/** The exception's own lines, without its frames: `Name: message`, then its notes (format_exception_only). */
export function exceptionOnlyLines(e: PyExc): string[] {
  const cls = excClassOf(e);
  const name = cls.module === 'builtins' || cls.module === '__main__' ? cls.name : `${cls.module}.${cls.name}`;
  return [e.message === '' ? name : `${name}: ${e.message}`, ...(e.$notes ?? [])];
}

/** The whole chain, oldest first, as traceback.print_exception prints it. `file` may be a path. */
export function formatTraceback(e: PyExc, file: string, sourceText?: string): string {
  const source: TracebackSource = { file: file.split('/').pop() ?? file };
  if (sourceText !== undefined) {
    source.carets = caretSource(sourceText);
    source.lines = source.carets.lines;
  }
  const seen = new Set<PyBaseException>();
  // chain[0] is the exception that ended the run; chain[i + 1] caused (or was being handled
  // during) chain[i], and links[i] says which.
  const chain: PyExc[] = [];
  const links: string[] = [];
  let cur: PyExc | null = e;
  while (cur !== null && !seen.has(cur)) {
    seen.add(cur);
    chain.push(cur);
    if (cur.pyCause !== null) {
      links.push('The above exception was the direct cause of the following exception:');
      cur = cur.pyCause as PyExc;
    } else if (cur.pyContext !== null && !cur.suppressContext) {
      links.push('During handling of the above exception, another exception occurred:');
      cur = cur.pyContext as PyExc;
    } else cur = null;
  }
  const parts: string[] = [];
  for (let i = chain.length - 1; i >= 0; i--) {
    // A cause or context was caught by a handler: its traceback ends in the frame that caught it.
    const x = chain[i]!;
    if (i > 0 && x.$caught !== undefined) {
      const saved = x.pyTraceback;
      x.pyTraceback = [x.$caught, ...(saved ?? [])];
      parts.push(oneException(x, source).join('\n'));
      x.pyTraceback = saved;
    } else parts.push(oneException(x, source).join('\n'));
    if (i > 0) parts.push(`\n${links[i - 1]}\n`);
  }
  return parts.join('\n');
}

/** The line that raised `e`: its innermost traceback entry (0 if it has none). */
export function raisingLine(e: PyExc): number {
  const tb = e.pyTraceback;
  return tb === undefined || tb.length === 0 ? 0 : tb[tb.length - 1]!.line;
}

/**
 * The traceback as a handler sees it (traceback.format_exc, logging's exc_info): from the frame
 * that caught the exception down to where it was raised.
 */
export function formatCaughtTraceback(e: PyExc, file: string, sourceText?: string): string {
  const saved = e.pyTraceback;
  if (e.$caught !== undefined) e.pyTraceback = [e.$caught, ...(saved ?? [])];
  try {
    return formatTraceback(e, file, sourceText);
  } finally {
    e.pyTraceback = saved;
  }
}
