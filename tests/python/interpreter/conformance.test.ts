/**
 * Table-driven conformance: each case of cases.ts (values, operators, strings, containers, sets,
 * exceptions, classes, scoping, asyncio, endings) printed by runScenario equals what CPython
 * printed for it (fixtures/expected.json, from gen-expected.ts). Object addresses are compared
 * sanitized (`at 0x?`), as the reference transcripts are. LOG lines are compared where the
 * interpreter can know them; `known LOG gaps` lists the warnings it does not reproduce.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { runScenario } from '../../../scheduler/python/scenario.ts';
import { referenceEndLine, transcriptLines } from '../../../scheduler/trace/transcript.ts';
import { CASES, allCases } from './cases.ts';

const expected = JSON.parse(readFileSync(new URL('./fixtures/expected.json', import.meta.url), 'utf8')) as Record<string, string[]>;

const sanitize = (l: string) => l.replace(/at 0x[0-9a-fA-F]+/g, 'at 0x?');
const noLog = (lines: string[]) => lines.filter((l) => !l.startsWith('LOG\t'));

/** CPython warnings that come from its compiler or garbage collector, not from the program. */
const KNOWN_LOG_GAPS = new Set(['exceptions/error_messages']);

function run(id: string, src: string): string[] {
  const result = runScenario(src, { file: `${id.replace('/', '__')}.py` });
  expect(result.error, result.error?.format()).toBeNull();
  // The reference's END line of a limit stops at `limit` (ours adds the reason).
  return transcriptLines(result.trace).map(referenceEndLine).map(sanitize);
}

test('every case has an expected transcript', () => {
  const missing = allCases()
    .map(([id]) => id)
    .filter((id) => expected[id] === undefined);
  expect(missing).toEqual([]);
});

const sources = new Map(allCases());
for (const [topic, table] of Object.entries(CASES)) {
  describe(topic, () => {
    for (const name of Object.keys(table)) {
      const id = `${topic}/${name}`;
      test(name, () => {
        const got = run(id, sources.get(id)!);
        const want = (expected[id] ?? []).map(sanitize);
        expect(noLog(got)).toEqual(noLog(want));
        if (!KNOWN_LOG_GAPS.has(id)) expect(got).toEqual(want);
      });
    }
  });
}
