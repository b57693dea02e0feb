/** Python's traceback text for an exception that ended a run, with scenario line numbers. */
import type { PyBaseException } from '../../asyncio/exceptions.ts';
import type { PyExc } from './exceptions.ts';
import { excClassOf } from './exceptions.ts';

/** The text of a line of the scenario, when the caller can tell (for the traceback's source lines). */
export type SourceLine = (line: number) => string | null;

function oneException(e: PyExc, file: string, source: SourceLine | null): string[] {
  const lines: string[] = [];
  const tb = e.pyTraceback ?? [];
  if (tb.length > 0) {
    lines.push('Traceback (most recent call last):');
    for (const entry of tb) {
      lines.push(`  File "${file}", line ${entry.line}, in ${entry.name}`);
      const text = source?.(entry.line)?.trim();
      if (text) lines.push(`    ${text}`);
    }
  }
  const cls = excClassOf(e);
  const name = cls.module === 'builtins' || cls.module === '__main__' ? cls.name : `${cls.module}.${cls.name}`;
  lines.push(e.message === '' ? name : `${name}: ${e.message}`);
  for (const note of e.$notes ?? []) lines.push(note);
  return lines;
}

/** The whole chain, oldest first, as traceback.print_exception prints it. */
export function formatTraceback(e: PyExc, file: string, source: SourceLine | null = null): string {
  const base = file.split('/').pop() ?? file;
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
    parts.push(oneException(chain[i]!, base, source).join('\n'));
    if (i > 0) parts.push(`\n${links[i - 1]}\n`);
  }
  return parts.join('\n');
}
