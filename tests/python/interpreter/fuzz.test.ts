/**
 * Fuzzing runScenario: arbitrary text, programs built from risky fragments, and mutated gallery
 * scenarios always come back as a result (a trace with an end, or a ScenarioError): never a host
 * exception, never a hang (small limits), never a polluted Object.prototype.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { runScenario } from '../../../scheduler/python/scenario.ts';
import { transcriptLines } from '../../../scheduler/trace/transcript.ts';

const LIMITS = { maxTicks: 2_000, maxTime: 1_000, statementBudget: 20_000 };

const root = new URL('../../../', import.meta.url);
const gallery = readdirSync(new URL('scenarios/', root))
  .filter((f) => f.endsWith('.py'))
  .sort()
  .map((f) => readFileSync(new URL(`scenarios/${f}`, root), 'utf8'));

const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();
const functionProtoKeys = Object.getOwnPropertyNames(Function.prototype).sort();
const arrayProtoKeys = Object.getOwnPropertyNames(Array.prototype).sort();

function checkResult(source: string): void {
  const r = runScenario(source, { file: 'fuzz.py', limits: LIMITS });
  expect(r.trace.end).not.toBeNull();
  if (r.error !== null) {
    expect(r.trace.events.length).toBe(0);
    expect(typeof r.error.format()).toBe('string');
  }
  const end = r.trace.end!;
  expect(['ok', 'error', 'deadlock', 'limit']).toContain(end.kind);
  // A failure of the interpreter itself would show up as this end: there must be none.
  if (end.kind === 'error') expect(end.type, `internal error for:\n${source}\n${end.message}`).not.toBe('InternalError');
  // The transcript can always be formatted.
  expect(transcriptLines(r.trace).at(-1)).toMatch(/^END\t/);
}

afterAll(() => {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeys);
  expect(Object.getOwnPropertyNames(Function.prototype).sort()).toEqual(functionProtoKeys);
  expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(arrayProtoKeys);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

const FRAGMENTS = [
  'x = 1',
  'x += 1',
  'print(x)',
  'import asyncio',
  'import time',
  'import random',
  'import aiohttp',
  'def f(a, b=2):\n    return a + b',
  'async def g():\n    await asyncio.sleep(0.1)\n    return 5',
  'async def main():\n    print(await g())',
  'asyncio.run(main())',
  'class A:\n    def __init__(self):\n        self.__proto__ = 1\n        self.constructor = 2',
  'a = A()\nprint(a.__proto__, a.constructor)',
  'd = {"__proto__": 1, "constructor": 2, "toString": 3}\nprint(d)',
  'o = object()\no.__proto__ = 5',
  'print(getattr(1, "__proto__", None), hasattr(1, "constructor"))',
  '__proto__ = {"polluted": 1}',
  'setattr(A, "prototype", 1)',
  'while x < 10:\n    x += 1',
  'for i in range(3):\n    print(i)',
  'try:\n    1/0\nexcept Exception as e:\n    print(e)',
  'raise ValueError("fuzz")',
  'print([1, 2][5])',
  'print(undefined)',
  'lst = [1]\nlst.append(lst)\nprint(lst)',
  'print({1, 2, 3} | {4})',
  'print(f"{x:>{x}}")',
  'time.sleep(0.5)',
  'random.seed(1)\nprint(random.random())',
  'def r(n):\n    return r(n + 1)\nr(0)',
  'while True:\n    pass',
  'async def spin():\n    while True:\n        await asyncio.sleep(0)\nasyncio.run(spin())',
  'print(2 ** 10000 % 7)',
  'print("x" * 100)',
  'del x',
  'global x',
];

describe('runScenario never throws, never hangs', () => {
  test('arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        checkResult(s);
      }),
      { numRuns: 300 },
    );
  });

  test('arbitrary unicode text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (s) => {
        checkResult(s);
      }),
      { numRuns: 150 },
    );
  });

  test('programs made of risky fragments (prototype-ish names, runaway loops, errors)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 8 }), (parts) => {
        checkResult(parts.join('\n') + '\n');
      }),
      { numRuns: 200 },
    );
  });

  test('mutated gallery scenarios', () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('delete-line' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('swap-lines' as const), at: fc.nat(), with: fc.nat() }),
      fc.record({ kind: fc.constant('insert-text' as const), at: fc.nat(), text: fc.constantFrom('await ', '(', ')', ':', ' ', '\n', 'x', '0', '-1', 'None', 'raise ', 'return ', 'break', '    ', '"') }),
      fc.record({ kind: fc.constant('change-number' as const), at: fc.nat(), to: fc.constantFrom('0', '-1', '1e9', '0.0001', '10**6') }),
    );
    fc.assert(
      fc.property(fc.nat({ max: gallery.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), (which, mutations) => {
        let src = gallery[which]!;
        for (const m of mutations) {
          const lines = src.split('\n');
          switch (m.kind) {
            case 'delete-line':
              lines.splice(m.at % lines.length, 1);
              src = lines.join('\n');
              break;
            case 'duplicate-line': {
              const i = m.at % lines.length;
              lines.splice(i, 0, lines[i]!);
              src = lines.join('\n');
              break;
            }
            case 'swap-lines': {
              const i = m.at % lines.length;
              const j = m.with % lines.length;
              [lines[i], lines[j]] = [lines[j]!, lines[i]!];
              src = lines.join('\n');
              break;
            }
            case 'insert-text': {
              const i = m.at % (src.length + 1);
              src = src.slice(0, i) + m.text + src.slice(i);
              break;
            }
            case 'change-number': {
              const numbers = [...src.matchAll(/\b\d+(\.\d+)?\b/g)];
              if (numbers.length === 0) break;
              const n = numbers[m.at % numbers.length]!;
              src = src.slice(0, n.index) + m.to + src.slice(n.index! + n[0].length);
              break;
            }
          }
        }
        checkResult(src);
      }),
      { numRuns: 200 },
    );
  });
});
