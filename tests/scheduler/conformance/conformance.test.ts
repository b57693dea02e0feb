/**
 * The model against CPython 3.11, case by case and tick by tick (see framework.ts). Every
 * numbered rule of ASYNCIO-SEMANTICS.md is pinned by at least one case; the last test checks that.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { allCases } from './all-cases.ts';
import { modelRun, type CpythonRun } from './framework.ts';
import { cpython, runPythonJson } from '../../support/python.ts';

const goldenPath = fileURLToPath(new URL('./cpython-golden.json', import.meta.url));
const golden: Record<string, CpythonRun> = existsSync(goldenPath) ? JSON.parse(readFileSync(goldenPath, 'utf8')) : {};

describe('the model runs as CPython 3.11 does', () => {
  for (const testCase of allCases) {
    test(`rule ${testCase.rules.join(', ')}: ${testCase.title} [${testCase.id}]`, () => {
      const expected = golden[testCase.id];
      expect(expected, `no CPython run for ${testCase.id}: run npm run golden:cpython`).toBeDefined();
      const reference = expected as CpythonRun;
      expect(reference.crash, 'the Python side of the case crashed').toBeUndefined();
      const model = modelRun(testCase);
      expect(model.lines, 'printed lines').toEqual(reference.lines);
      expect(model.ticks, 'ticks (index, time, handles)').toEqual(reference.ticks);
      expect(model.end, 'how the run ended').toBe(reference.end);
      if (testCase.compareLogs === true) expect(model.logs, 'loop warnings').toEqual(reference.logs);
    });
  }

  test('every numbered rule of ASYNCIO-SEMANTICS.md is pinned by a case', () => {
    const covered = new Set(allCases.flatMap((c) => c.rules));
    const missing = Array.from({ length: 35 }, (_, i) => i + 1).filter((rule) => !covered.has(rule));
    expect(missing).toEqual([]);
  });

  test('case ids are unique', () => {
    const ids = allCases.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

const python = cpython();
describe('the golden file is what CPython prints today', () => {
  test.skipIf(!python.ok)(`live CPython agrees with cpython-golden.json${python.ok ? '' : ` (skipped: ${python.why})`}`, () => {
    const live = runPythonJson<Record<string, CpythonRun>>('tools/cpython_ticks.py', Object.fromEntries(allCases.map((c) => [c.id, c.python])));
    const changed = Object.keys(live).filter((id) => JSON.stringify(live[id]) !== JSON.stringify(golden[id]));
    if (changed.length > 0) {
      writeFileSync(goldenPath.replace(/\.json$/, '.changed.json'), `${JSON.stringify(live, null, 1)}\n`);
    }
    expect(changed, 'cases whose CPython run differs from the golden file (see cpython-golden.changed.json)').toEqual([]);
  }, 300_000);
  if (!python.ok) console.log(`CPython conformance check skipped: ${python.why}`);
});
