/**
 * Compare's pure parts: the shared time axis and the synchronised cursor, totals in words, and
 * running one function of a file (checked against CPython running the same text), with the
 * classic pair: three awaited sleep(1) (3.00 s) against the same three gathered (1.00 s).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { boundaryAtPosition, runSpan, runTotal, sharedDomain, syncedCursor, totalsInWords } from '../../renderer/teach/compare.ts';
import { CLASSIC_PAIR } from '../../renderer/teach/classic-pair.ts';
import { coroutineFunctions, functionRunSource } from '../../renderer/teach/function-runs.ts';
import { buildStepAxis, boundaryAt } from '../../renderer/viz/steps.ts';
import { transcriptLines } from '../../scheduler/trace/transcript.ts';
import { cpython } from '../support/python.ts';
import { gallerySource, playSource } from '../export/gallery.ts';

const classic = readFileSync(new URL(`../../scenarios/${CLASSIC_PAIR.file}`, import.meta.url), 'utf8');
const runOf = (fn: string) => playSource(functionRunSource(classic, fn), `${fn}.py`);
const awaited = buildStepAxis(runOf('awaited'));
const gathered = buildStepAxis(runOf('gathered'));

describe('the classic pair', () => {
  test('awaited takes 3.00 s and gathered 1.00 s, said in words', () => {
    expect(awaited.endTime).toBe(3);
    expect(gathered.endTime).toBe(1);
    expect(totalsInWords(runTotal('awaited', awaited), runTotal('gathered', gathered))).toEqual(['awaited: 3.00 s', 'gathered: 1.00 s, 3.0× faster']);
  });

  test('both are drawn on one axis: the longer run sets it, the shorter ends a third of the way', () => {
    const domain = sharedDomain(awaited, gathered, 'time');
    expect(domain).toEqual([0, awaited.timeDomainEnd]);
    expect(runSpan(gathered, 'time')).toEqual([0, 1]);
    expect(runSpan(awaited, 'time')).toEqual([0, 3]);
    expect(sharedDomain(awaited, gathered, 'tick')[1]).toBe(Math.max(awaited.tickDomainEnd, gathered.tickDomainEnd));
  });
});

describe('the synchronised cursor', () => {
  test('on the time axis both runs show the same virtual time', () => {
    for (let step = 0; step <= awaited.steps; step++) {
      const other = syncedCursor(awaited, gathered, 'time', step);
      const t = boundaryAt(awaited, 'time', step);
      if (t > gathered.endTime) expect(other).toBe(gathered.steps);
      else {
        // The first boundary at or after the same time: nothing before it is left unrun.
        expect(boundaryAt(gathered, 'time', other)).toBeGreaterThanOrEqual(t);
        if (other > 0) expect(boundaryAt(gathered, 'time', other - 1)).toBeLessThan(t);
      }
    }
  });

  test('at 1 s the gathered run is just waking up; at 2 s it is over', () => {
    const firstAtOne = [...Array(awaited.steps + 1).keys()].find((s) => boundaryAt(awaited, 'time', s) === 1) as number;
    const other = syncedCursor(awaited, gathered, 'time', firstAtOne);
    expect(boundaryAt(gathered, 'time', other)).toBe(1);
    expect(boundaryAt(gathered, 'time', other - 1)).toBe(0);
    const atTwo = [...Array(awaited.steps + 1).keys()].find((s) => boundaryAt(awaited, 'time', s) === 2) as number;
    expect(syncedCursor(awaited, gathered, 'time', atTwo)).toBe(gathered.steps);
  });

  test('on the tick axis both show the same loop tick', () => {
    expect(syncedCursor(gathered, awaited, 'tick', 0)).toBe(0);
    const secondTick = gathered.tickFirstStep[1] as number;
    expect(syncedCursor(gathered, awaited, 'tick', secondTick)).toBe(awaited.tickFirstStep[1]);
    expect(boundaryAtPosition(awaited, 'tick', 1e9)).toBe(awaited.steps);
  });
});

describe('totals in words', () => {
  const total = (label: string, seconds: number, ticks = 3) => ({ label, seconds, ticks });
  const cases: [string, ReturnType<typeof total>, ReturnType<typeof total>, [string, string]][] = [
    ['the faster second', total('sequential', 3), total('gathered', 1), ['sequential: 3.00 s', 'gathered: 1.00 s, 3.0× faster']],
    ['the faster first', total('v2', 0.5), total('v1', 2), ['v2: 0.50 s, 4.0× faster', 'v1: 2.00 s']],
    ['a ratio that rounds to 1.0', total('a', 1.02), total('b', 1), ['a: 1.02 s, about the same', 'b: 1.00 s, about the same']],
    ['equal', total('a', 2), total('b', 2), ['a: 2.00 s, about the same', 'b: 2.00 s, about the same']],
    ['one takes no time', total('a', 0), total('b', 1), ['a: 0.00 s, no virtual time at all', 'b: 1.00 s']],
    ['neither takes time', total('a', 0, 5), total('b', 0, 1), ['a: 0.00 s in 5 ticks', 'b: 0.00 s in 1 tick']],
  ];
  for (const [what, a, b, words] of cases) test(what, () => expect(totalsInWords(a, b)).toEqual(words));
});

describe('two functions of one file', () => {
  test('the candidates: top-level async functions callable with no arguments', () => {
    const source = [
      'import asyncio',
      'async def a(): pass',
      'async def b(x, y=1): pass',
      'async def c(y=(1, 2), *rest, flag: bool = False, **more): pass',
      'def d(): pass',
      '@decorated',
      'async def e(): pass',
      'class K:',
      '    async def m(self): pass',
      '',
    ].join('\n');
    expect(coroutineFunctions(source)).toEqual([
      { name: 'a', line: 2 },
      { name: 'c', line: 4 },
      { name: 'e', line: 7 },
    ]);
    expect(coroutineFunctions(classic).map((f) => f.name)).toEqual(['main', 'awaited', 'gathered']);
  });

  test('every line of the file stays where it was; only the entry point is switched off', () => {
    const run = functionRunSource(classic, 'gathered');
    const before = classic.split('\n');
    const after = run.split('\n');
    for (let i = 0; i < before.length - 1; i++) {
      if (before[i] === 'if __name__ == "__main__":') expect(after[i]).toBe('if False                 :');
      else expect(after[i]).toBe(before[i]);
    }
    expect(after.slice(before.length - 1)).toEqual(['', '# Loopscope runs one function of this file:', 'import asyncio', 'asyncio.run(gathered())', '']);
    const bare = functionRunSource('import asyncio\n\nasync def f():\n    print("f")\n\nasyncio.run(\n    f()\n)\n', 'f');
    expect(bare.split('\n').slice(0, 8)).toEqual(['import asyncio', '', 'async def f():', '    print("f")', '', 'None        ', '       ', ' ']);
  });

  test('a name that is not a candidate is refused', () => {
    expect(() => functionRunSource(classic, 'nap')).toThrow(/nap is not a top-level async function that can be called with no arguments/);
  });

  const python = cpython();
  const dir = mkdtempSync(join(tmpdir(), 'loopscope-functions-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cases: [string, string, string][] = [
    ['classic pair, awaited', classic, 'awaited'],
    ['classic pair, gathered', classic, 'gathered'],
    ['counter, sequential', gallerySource('01-counter-sequential-vs-gathered'), 'sequential'],
    ['counter, gathered', gallerySource('01-counter-sequential-vs-gathered'), 'gathered'],
  ];
  const reference = new Map<string, string[]>();
  beforeAll(async () => {
    if (!python.ok) return;
    // CPython's runs side by side: the machine has two cores.
    await Promise.all(
      cases.map(async ([what, source, fn], i) => {
        const file = join(dir, `${i}-${fn}.py`);
        writeFileSync(file, functionRunSource(source, fn));
        const { stdout } = await promisify(execFile)('python3', ['tools/cpython_reference.py', file, '--no-log'], { encoding: 'utf8' });
        reference.set(what, stdout.trimEnd().split('\n'));
      }),
    );
  }, 120_000);
  for (const [what, source, fn] of cases) {
    test.skipIf(!python.ok)(`${what}: Loopscope prints what CPython prints for the same text${python.ok ? '' : ` (skipped: ${python.why})`}`, () => {
      const text = functionRunSource(source, fn);
      expect(transcriptLines(playSource(text, `${fn}.py`), { logs: false })).toEqual(reference.get(what));
    });
  }
});
