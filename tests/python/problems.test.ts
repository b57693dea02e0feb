/**
 * checkScenarioProblems: every problem of a file at once, the first being the error a run (and
 * CPython) reports, the rest in source order, with no cascade after an error: the check resumes at
 * the next statement at the same or an outer indentation.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { checkScenario, checkScenarioProblems } from '../../scheduler/python/scenario.ts';
import { parseScenario } from '../../scheduler/python/parse/index.ts';
import { createLineIndex } from '../../scheduler/python/ast.ts';
import type { ScenarioError } from '../../scheduler/python/diagnostics.ts';
import { mutatedScenario, pythonish, scenarios } from './fixtures/mutate.ts';

const lines = (src: string): string => src.replace(/^\n/, '');
const summary = (problems: ScenarioError[]): [number, string][] => problems.map((p) => [p.line, p.message]);

describe('one, three and ten problems', () => {
  test('a file with one problem gives it, as checkScenario does', () => {
    const src = lines(`
import asyncio

async def main():
    await asyncio.sleep(1)
    print("done"

asyncio.run(main())
`);
    const problems = checkScenarioProblems(src, 'one.py');
    expect(summary(problems)).toEqual([[5, "'(' was never closed"]]);
    expect(problems[0]!.toJSON()).toEqual(checkScenario(src, 'one.py')!.toJSON());
  });

  test('three problems, of three kinds', () => {
    const src = lines(`
import asyncio

async def fetch(n)
    await asyncio.sleep(n)
    return n

async def main():
    x = [1, 2 3]
    print(x @ x)
    print(x)
    return x

asyncio.run(main())
`);
    expect(summary(checkScenarioProblems(src, 'three.py'))).toEqual([
      [3, "expected ':'"],
      [8, 'invalid syntax. Perhaps you forgot a comma?'],
      [9, 'the @ operator (matrix multiplication) is not supported'],
    ]);
  });

  test('ten problems: the one CPython reports first, then the others in source order', () => {
    const src = lines(`
import asyncio
import socket

async def worker(name, delay)
    await asyncio.sleep(delay)

async def producer(q):
    for i in range(3):
        await q.put(i
    await q.put(None)

async def consumer(q):
    while True:
        item = await q.get()
        if item is None
            break

class Counter:
    def __init__(self):
        self.n = 0
      def bump(self):
        self.n += 1

async def main():
    q = asyncio.Queue()
    match q, 1:
        case _:
            pass
    print(“done”)
    x = 1 +* 2
    try:
        pass
    print("after try")

asyncio.run(main())
`);
    const problems = checkScenarioProblems(src, 'ten.py');
    expect(summary(problems)).toEqual([
      // CPython's tokenizer error wins over the parse errors before it.
      [29, "invalid character '“' (U+201C)"],
      [2, 'Loopscope does not model the socket module yet'],
      [4, "expected ':'"],
      [9, "'(' was never closed"],
      [15, "expected ':'"],
      [21, 'unindent does not match any outer indentation level'],
      [26, 'this form of `match` is not supported'],
      [29, "invalid character '”' (U+201D)"],
      [30, 'invalid syntax'],
      [33, "expected 'except' or 'finally' block"],
    ]);
    expect(problems[0]!.toJSON()).toEqual(checkScenario(src, 'ten.py')!.toJSON());
  });

  test('a valid file has no problem', () => {
    for (const src of scenarios) expect(checkScenarioProblems(src, 'ok.py')).toEqual([]);
  });
});

describe('after an error the check resumes at the next statement, without cascades', () => {
  const cases: [string, string, [number, string][]][] = [
    ['a def header without its colon: its body goes with it', 'def f(x)\n    y = x\n    return y\n\nprint(f(1))\n', [[1, "expected ':'"]]],
    ['a broken if: its elif and else clauses go with it', 'if x\n    a = 1\nelif y:\n    a = 2\nelse:\n    a = 3\nprint(a)\n', [[1, "expected ':'"]]],
    [
      'a broken except clause: the try keeps a handler',
      'try:\n    a = 1\nexcept ValueError\n    a = 2\nexcept KeyError:\n    a = 3\nfinally:\n    pass\nprint(a)\n',
      [[3, "expected ':'"]],
    ],
    ['an unexpected indent: the whole over-indented run', 'def f():\n    a = 1\n        b = 2\n        c = 3\n    return a\n', [[3, 'unexpected indent']]],
    ['an unindent that matches nothing: the lines at that indentation', 'def f():\n        a = 1\n    b = 2\n    c = 3\nf()\n', [[3, 'unindent does not match any outer indentation level']]],
    ['the only statement of a block: the block keeps a body', 'def f():\n    x = (1 +)\n\ndef g():\n    return 2 +\n', [[2, 'invalid syntax'], [5, 'invalid syntax']]],
    ['an error on a continuation line takes the whole statement', 'x = foo(\n    1,\n    2 3,\n)\ny = 1 +\n', [[3, 'invalid syntax. Perhaps you forgot a comma?'], [5, 'invalid syntax']]],
    ['an unclosed bracket does not swallow the lines after it', 'x = foo(1,\n        2\ny = 3\nz = (4\n', [[2, 'invalid syntax. Perhaps you forgot a comma?'], [4, "'(' was never closed"]]],
    ['a block header with no block', 'if x:\ny = 1\nz = 2 +\n', [[2, "expected an indented block after 'if' statement on line 1"], [3, 'invalid syntax']]],
    ['methods: a broken one, then a broken line in the next', 'class A:\n    def f(self)\n        pass\n    def g(self):\n        return [1, 2 3]\n', [[2, "expected ':'"], [5, 'invalid syntax. Perhaps you forgot a comma?']]],
    [
      'errors the compiler finds, each once',
      'async def f():\n    await x = 1\n    (await y) = 2\n',
      [
        [2, "cannot assign to await expression here. Maybe you meant '==' instead of '='?"],
        [3, "cannot assign to await expression here. Maybe you meant '==' instead of '='?"],
      ],
    ],
    [
      'refusals do not stop the check: every one is listed, earliest first',
      'import asyncio\nasync def main():\n    s = "\\N{EM DASH}"\n    print(x @ x)\n    z = 1j\n',
      [
        [3, '\\N{...} escapes are not supported'],
        [4, 'the @ operator (matrix multiplication) is not supported'],
        [5, 'complex numbers are not supported'],
      ],
    ],
    [
      'a syntax error wins over an earlier refusal, which still follows in source order',
      'z = 1j\nif x\n    pass\n',
      [
        [2, "expected ':'"],
        [1, 'complex numbers are not supported'],
      ],
    ],
    ['an unterminated triple-quoted string ends the file', 'x = 1 +\ny = """never closed\nz = 1\n', [[2, 'unterminated triple-quoted string literal (detected at line 3)'], [1, 'invalid syntax']]],
  ];
  test.each(cases)('%s', (_label, src, expected) => {
    const problems = checkScenarioProblems(src, 'x.py');
    expect(summary(problems)).toEqual(expected);
  });
});

/** Everything a caller of checkScenarioProblems may rely on, whatever the input. */
function checkProperties(src: string): void {
  let problems: ScenarioError[];
  try {
    problems = checkScenarioProblems(src, 'fuzz.py');
  } catch (e) {
    throw new Error(`checkScenarioProblems threw on ${JSON.stringify(src.slice(0, 200))}: ${String(e)}`);
  }
  const single = checkScenario(src, 'fuzz.py');
  // The first problem is the one a run reports (and, for parse errors, the one CPython reports).
  expect(problems[0]?.toJSON() ?? null).toEqual(single?.toJSON() ?? null);
  const parsed = parseScenario(src, 'fuzz.py');
  if (!parsed.ok) expect(problems[0]!.toJSON()).toEqual(parsed.error.toJSON());
  const index = createLineIndex(src);
  const keys = new Set<string>();
  problems.forEach((p, i) => {
    expect(p.message).not.toMatch(/internal error/);
    expect(p.from).toBeGreaterThanOrEqual(0);
    expect(p.to).toBeLessThanOrEqual(src.length);
    expect({ line: p.line, col: p.column }).toEqual(index.lineColAt(p.from));
    expect(p.sourceLine).toBe(index.lineText(p.line));
    const key = `${p.from}/${p.to}/${p.message}`;
    expect(keys.has(key), `listed twice: ${p.format()}`).toBe(false);
    keys.add(key);
    if (i >= 2) expect(p.from).toBeGreaterThanOrEqual(problems[i - 1]!.from);
  });
}

describe('property: never throws, always ends, first problem = the single error', () => {
  test('mutated scenarios', () => {
    fc.assert(fc.property(mutatedScenario, checkProperties), { numRuns: 200 });
  });
  test('strings made of Python fragments', () => {
    fc.assert(fc.property(pythonish, checkProperties), { numRuns: 200 });
  });
  test('arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), checkProperties), { numRuns: 200 });
  });
  test('a file that is an error on every line is cut off with a note, not checked for ever', () => {
    const src = 'x = (1 +)\n'.repeat(5000);
    const problems = checkScenarioProblems(src, 'many.py');
    expect(problems.length).toBeLessThanOrEqual(101);
    expect(problems[problems.length - 1]!.message).toBe('too many problems: checking stopped here');
  });
});
