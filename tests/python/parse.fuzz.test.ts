/**
 * parseScenario on hostile input: arbitrary strings, deep nesting, mutated scenarios. It must
 * never throw, always answer quickly with an error located inside the source, never accept what
 * CPython rejects nor call valid Python a syntax error, and never touch Object.prototype.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { parseScenario, type ParseResult } from '../../scheduler/python/parse/index.ts';
import { ScenarioError } from '../../scheduler/python/diagnostics.ts';
import { createLineIndex, forEachChild, type Node } from '../../scheduler/python/ast.ts';
import { cpython, cpythonReference } from './fixtures/parse/cpython.ts';
import { mutatedScenario, pythonish, scenarios } from './fixtures/mutate.ts';

/** A hang guard, not a speed check (npm run bench measures speed): a parse of these inputs takes
 *  milliseconds, the 165 KB one about a second cold, several on a machine busy with other work. */
const TIME_LIMIT_MS = 10_000;

/** Parses and checks everything a caller may rely on, whatever the input. */
function check(src: string): ParseResult {
  const t0 = performance.now();
  let result: ParseResult;
  try {
    result = parseScenario(src, 'fuzz.py');
  } catch (e) {
    throw new Error(`parseScenario threw on ${JSON.stringify(src.slice(0, 200))}: ${String(e)}`);
  }
  const elapsed = performance.now() - t0;
  expect(elapsed, `parse took ${elapsed}ms`).toBeLessThan(TIME_LIMIT_MS);
  const index = createLineIndex(src);
  if (result.ok) {
    expect(result.module.kind).toBe('Module');
    const visit = (n: Node): void => {
      expect(n.range.from).toBeGreaterThanOrEqual(0);
      expect(n.range.to).toBeLessThanOrEqual(src.length);
      expect(n.range.from).toBeLessThanOrEqual(n.range.to);
      expect({ line: n.line, col: n.col }).toEqual(index.lineColAt(n.range.from));
      forEachChild(n, visit);
    };
    visit(result.module);
  } else {
    const e = result.error;
    expect(e).toBeInstanceOf(ScenarioError);
    expect(['syntax', 'unsupported']).toContain(e.kind);
    expect(e.message).not.toMatch(/internal error/);
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.line).toBeLessThanOrEqual(index.lineCount);
    const lineLength = [...index.lineText(e.line)].length;
    expect(e.column).toBeGreaterThanOrEqual(1);
    expect(e.column).toBeLessThanOrEqual(lineLength + 1);
    expect(e.endLine).toBeGreaterThanOrEqual(e.line);
    expect(e.from).toBeGreaterThanOrEqual(0);
    expect(e.to).toBeLessThanOrEqual(src.length);
    expect(e.from).toBeLessThanOrEqual(e.to);
    expect({ line: e.line, col: e.column }).toEqual(index.lineColAt(e.from));
    expect(typeof e.format()).toBe('string');
    expect(ScenarioError.fromJSON(JSON.parse(JSON.stringify(e))).format()).toBe(e.format());
  }
  return result;
}

describe('parseScenario never throws and always locates its errors', () => {
  test('arbitrary unicode strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        check(s);
      }),
      { numRuns: 300 },
    );
  });

  test('strings made of Python fragments', () => {
    fc.assert(
      fc.property(pythonish, (s) => {
        check(s);
      }),
      { numRuns: 300 },
    );
  });

  test('mutated scenarios', () => {
    fc.assert(
      fc.property(mutatedScenario, (s) => {
        check(s);
      }),
      { numRuns: 300 },
    );
  });

  const deep: [string, string][] = [
    ['5000 (', '('.repeat(5000)],
    ['5000 ( then 1', 'x = ' + '('.repeat(5000) + '1'],
    ['5000 [ and ]', '['.repeat(5000) + ']'.repeat(5000)],
    ['5000 unbalanced )', ')'.repeat(5000)],
    ['5000 unary minus', 'x = ' + '-'.repeat(5000) + '1'],
    ['3000 not', 'x = ' + 'not '.repeat(3000) + 'y'],
    ['3000 await', 'async def f():\n    x = ' + 'await '.repeat(3000) + 'y\n'],
    ['5000-term sum', 'x = ' + Array(5000).fill('1').join(' + ')],
    ['5000-term and', 'x = ' + Array(5000).fill('a').join(' and ')],
    ['5000-long comparison chain', 'x = ' + Array(5000).fill('a').join(' < ')],
    ['5000 attributes', 'x = a' + '.b'.repeat(5000)],
    ['5000 calls', 'x = f' + '()'.repeat(5000)],
    ['5000 subscripts', 'x = a' + '[0]'.repeat(5000)],
    ['2000 nested lambdas', 'f = ' + 'lambda: '.repeat(2000) + '0'],
    ['2000 conditional expressions', 'x = ' + 'a if b else '.repeat(2000) + 'c'],
    ['150 levels of indentation', Array.from({ length: 150 }, (_, i) => ' '.repeat(i) + 'if x:').join('\n') + '\n' + ' '.repeat(150) + 'pass\n'],
    ['5000 quotes', '"'.repeat(5000)],
    ['nested f-strings', 'x = ' + 'f"{'.repeat(100) + '1' + '}"'.repeat(100)],
    ['5000 string pieces', 'x = ' + '"a" '.repeat(5000)],
    ['a long valid file', scenarios.join('\n').repeat(20)],
  ];
  test.each(deep)('%s', (_label, src) => {
    check(src);
  });

  test('deep but legal nesting still parses', () => {
    expect(check('x = ' + '('.repeat(150) + '1' + ')'.repeat(150)).ok).toBe(true);
    expect(check('x = ' + Array(500).fill('1').join(' + ')).ok).toBe(true);
    expect(check('x = ' + '-'.repeat(500) + '1').ok).toBe(true);
  });
});

describe.skipIf(!cpython().ok)('verdicts agree with CPython 3.11', () => {
  test('on mutated scenarios: never accept what CPython rejects, never call valid Python a syntax error', () => {
    const samples = fc.sample(mutatedScenario, { numRuns: 300, seed: 20261121 });
    const reference = cpythonReference(samples);
    samples.forEach((src, i) => {
      const ref = reference[i]!;
      const mine = check(src);
      if (mine.ok) expect(ref.ok, `CPython rejects what we accept:\n${src}`).toBe(true);
      if (ref.ok && !mine.ok) expect(mine.error.kind, `valid Python called a syntax error:\n${mine.error.format()}`).toBe('unsupported');
    });
  });
});

describe('no prototype pollution', () => {
  const hostile = [
    '__proto__ = {"__proto__": 1, "polluted": 2, "constructor": 3}',
    'constructor = prototype = hasOwnProperty = toString = valueOf = 1',
    'class __proto__(constructor):',
    '    prototype = 1',
    '    def constructor(self, __proto__=1, *prototype, toString=2, **hasOwnProperty):',
    '        global valueOf',
    '        self.__proto__.polluted = __proto__',
    '        return [__proto__ for __proto__ in prototype]',
    'def outer():',
    '    __proto__ = 1',
    '    def inner():',
    '        nonlocal __proto__',
    '        __proto__ = {constructor: prototype for constructor, prototype in x}',
    '        return lambda __proto__: __proto__.constructor.prototype',
    '    return inner',
    'outer(__proto__=1, constructor=2, **{"__proto__": 3})',
    'x = f"{__proto__!r} {constructor.prototype:{toString}}"',
    '',
  ].join('\n');

  test('names, attributes, keys, parameters and declarations called __proto__, constructor, prototype', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const result = check(hostile);
    expect(result.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    if (!result.ok) return;
    const cls = result.module.body[2]!;
    expect(cls).toMatchObject({ kind: 'ClassDef', name: '__proto__', locals: ['prototype', 'constructor'] });
    const method = (cls as { body: Node[] }).body[1]!;
    expect(method).toMatchObject({ locals: ['self', '__proto__', 'prototype', 'toString', 'hasOwnProperty'], globals: ['valueOf'] });
    const outer = result.module.body[3]!;
    expect(outer).toMatchObject({ name: 'outer', locals: ['__proto__', 'inner'], cellVars: ['__proto__'] });
  });

  test('the same names in errors', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (const src of ['def f(__proto__, __proto__): pass', 'f(constructor=1, constructor=2)', 'def f():\n    nonlocal __proto__']) {
      const r = check(src);
      expect(r.ok).toBe(false);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
