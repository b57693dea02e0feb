/**
 * parseScenario on hostile input: arbitrary strings, deep nesting, mutated scenarios. It must
 * never throw, always answer quickly with an error located inside the source, never accept what
 * CPython rejects nor call valid Python a syntax error, and never touch Object.prototype.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { parseScenario, type ParseResult } from '../../scheduler/python/parse/index.ts';
import { ScenarioError } from '../../scheduler/python/diagnostics.ts';
import { createLineIndex, forEachChild, type Node } from '../../scheduler/python/ast.ts';
import { cpython, cpythonReference } from './fixtures/parse/cpython.ts';

const FIXTURES = new URL('./fixtures/parse/', import.meta.url);
const scenarios = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.py') && f !== 'cpython_reference.py')
  .map((f) => readFileSync(new URL(f, FIXTURES), 'utf8'));

/** Generous: a parse of these inputs takes a few milliseconds. */
const TIME_LIMIT_MS = 2000;

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

/** Fragments that make the parser's life interesting. */
const PIECES = [
  'def ', 'async ', 'await ', 'class ', 'lambda', 'yield', 'return', 'if ', 'else', 'elif ', 'for ', ' in ', 'while ',
  'try', 'except', '*', 'finally', 'with ', 'import ', 'from ', 'global ', 'nonlocal ', 'not ', ' and ', ' or ',
  'x', 'y', '_', 'f', 'print', '__proto__', '0', '1_0', '0x', '1.', '.5', '1e', 'j', '(', ')', '[', ']', '{', '}',
  ':', ':=', ',', '.', ';', '=', '==', '+', '-', '**', '//', '@', '!', '<', '>', '|', '&', '^', '~', '#', '\\',
  "'", '"', "'''", '"""', 'f"', "f'{", 'r"', 'b"', '\n', '\n    ', '\n  ', '\t', ' ', '\r\n', '\r', '€', 'é', '😀',
  '\u00a0', '\u200b', '\0', '\ud800',
];

const pythonish = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((xs) => xs.join(''));

type Mutation =
  | { op: 'deleteChar' | 'duplicateChar'; at: number }
  | { op: 'swapChars'; at: number; with: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'deleteLine' | 'duplicateLine'; at: number }
  | { op: 'swapLines'; at: number; with: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('deleteChar' as const, 'duplicateChar' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swapChars' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...PIECES) }),
  fc.record({ op: fc.constantFrom('deleteLine' as const, 'duplicateLine' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swapLines' as const), at: fc.nat(), with: fc.nat() }),
);

function mutate(src: string, m: Mutation): string {
  const n = Math.max(src.length, 1);
  const at = m.at % n;
  switch (m.op) {
    case 'deleteChar':
      return src.slice(0, at) + src.slice(at + 1);
    case 'duplicateChar':
      return src.slice(0, at) + src.slice(at, at + 1) + src.slice(at);
    case 'swapChars': {
      const chars = [...src];
      const i = m.at % Math.max(chars.length, 1);
      const j = m.with % Math.max(chars.length, 1);
      [chars[i], chars[j]] = [chars[j]!, chars[i]!];
      return chars.join('');
    }
    case 'insert':
      return src.slice(0, at) + m.text + src.slice(at);
    default: {
      const lines = src.split('\n');
      const i = m.at % lines.length;
      if (m.op === 'deleteLine') lines.splice(i, 1);
      else if (m.op === 'duplicateLine') lines.splice(i, 0, lines[i]!);
      else if (m.op === 'swapLines') {
        const j = m.with % lines.length;
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      }
      return lines.join('\n');
    }
  }
}

const mutatedScenario = fc
  .tuple(fc.constantFrom(...scenarios), fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([src, ms]) => ms.reduce(mutate, src));

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
