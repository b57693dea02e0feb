/**
 * The fuzzer on every test run (issue 14): a few thousand mutated gallery and corpus programs,
 * each checked as tools/fuzz/check-case.ts checks it (a structured result, `check` agreeing with
 * `run`, transcript, JSON and view model all built, no prototype pollution), in worker threads
 * with a wall-clock guard per case (no hang) and a heap limit (no crash). `npm run fuzz -- --count
 * N` runs the same at any scale; docs/security.md has the tally of a 100,000-case run.
 *
 * The seed is fixed, so that every run checks the same cases: a failure names its case, `npm run
 * fuzz -- --seed 2026 --count N` makes it again, and the case is also written to out/fuzz/.
 * Other seeds explore further (`npm run fuzz -- --seed S`).
 */
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { formatTally, ROOT, runFuzz } from '../../tools/fuzz/run.ts';

const CASES = 2_000;
const seed = 2026;

test(`${CASES.toLocaleString('en-US')} fuzz cases (seed ${seed}): no internal error, hang, crash or failed check`, async () => {
  const tally = await runFuzz({ count: CASES, seed, jobs: 2, guardSeconds: 30, failuresDir: join(ROOT, 'out', 'fuzz') });
  console.log(formatTally(tally));
  expect(tally.cases).toBe(CASES);
  // Most cases must run, not just fail to load, or the fuzzer tests little but the parser.
  expect(tally.cases - (tally.ends['load-error'] ?? 0)).toBeGreaterThan(CASES / 3);
  expect(tally.failures.map((f) => `${f.kind} at case ${f.index} (${f.base}): ${f.detail.split('\n')[0]}`)).toEqual([]);
}, 900_000);
