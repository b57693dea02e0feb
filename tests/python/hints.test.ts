/**
 * Hints that lead somewhere: for every hint the checker gives (each one lives in
 * parse/subset.ts's HINTS, plus the typographic ones), a file that gets it, and the file written
 * as the hint says, which the checker accepts. A hint never points to a form that is then refused
 * (as "write `import itertools`" once led to "cannot import 'itertools'"). The table is keyed by
 * HINTS, so a new hint without a row here does not compile.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { HINTS } from '../../scheduler/python/parse/subset.ts';
import { straightenTypographicCharacters } from '../../scheduler/python/parse/index.ts';
import { checkScenarioProblems } from '../../scheduler/python/scenario.ts';

interface Row {
  /** A file that gets the hint. */
  refused: string;
  /** The hint, exactly. */
  hint: string;
  /** The file written as the hint says. */
  fixed: string;
}

const lines = (...xs: string[]): string => `${xs.join('\n')}\n`;
const terms = (n: number): string => Array(n).fill('1').join(' + ');

const TABLE: Record<keyof typeof HINTS, Row[]> = {
  floatLiteral: [{ refused: 'x = 1.\n', hint: 'write 1.0', fixed: 'x = 1.0\n' }],
  printRedirect: [{ refused: 'x = 1\nprint >>x, "hi"\n', hint: 'call print(...)', fixed: 'x = 1\nprint("hi")\n' }],
  printNotCall: [{ refused: 'print = 3\n', hint: HINTS.printNotCall, fixed: 'out = 3\nprint(out)\n' }],
  statementTooLong: [
    {
      refused: `x = ${terms(700)}\n`,
      hint: 'split it into several statements',
      fixed: `x = ${terms(350)}\nx = x + ${terms(350)}\n`,
    },
  ],
  withForm: [
    {
      refused: lines('import asyncio', 'async def main(a, b):', '    async with (a as x, b as y):', '        print(x, y)'),
      hint: HINTS.withForm('async with'),
      fixed: lines('import asyncio', 'async def main(a, b):', '    async with a as x, b as y:', '        print(x, y)'),
    },
    {
      refused: lines('import contextlib', 'with (contextlib.suppress(KeyError) as a, contextlib.suppress(ValueError) as b):', '    print(a, b)'),
      hint: HINTS.withForm('with'),
      fixed: lines('import contextlib', 'with contextlib.suppress(KeyError) as a, contextlib.suppress(ValueError) as b:', '    print(a, b)'),
    },
  ],
  decoratorForm: [
    {
      refused: lines('hooks = [lambda f: f]', '@hooks[0]', 'def hello():', '    print("hi")'),
      hint: HINTS.decoratorForm,
      fixed: lines('hooks = [lambda f: f]', 'hook = hooks[0]', '@hook', 'def hello():', '    print("hi")'),
    },
  ],
  lambdaGenerator: [
    {
      refused: 'f = lambda: (yield)\n',
      hint: HINTS.lambdaGenerator,
      fixed: lines('def f():', '    yield'),
    },
  ],
  starredSubscript: [{ refused: 'a, b, x = [1], 2, {}\nx[*a]\n', hint: 'build the tuple first: t = (*a, b); x[t]', fixed: 'a, b, x = [1], 2, {}\nt = (*a, b)\nx[t]\n' }],
  starredForIterable: [{ refused: 'a, b = [1], 2\nfor x in *a, b:\n    print(x)\n', hint: 'write `for x in (*a, b):`', fixed: 'a, b = [1], 2\nfor x in (*a, b):\n    print(x)\n' }],
  matchSubject: [
    {
      refused: lines('a, b = 1, 2', 'match a, b:', '    case (1, 2):', '        print("both")'),
      hint: HINTS.matchSubject,
      fixed: lines('a, b = 1, 2', 'match (a, b):', '    case (1, 2):', '        print("both")'),
    },
  ],
  casePattern: [
    {
      refused: lines('x = "a"', 'match x:', '    case int() | str() | bytes():', '        print("simple")'),
      hint: HINTS.casePattern,
      fixed: lines('x = "a"', 'match x:', '    case int():', '        print("simple")', '    case str() | bytes():', '        print("simple")'),
    },
  ],
  typeStatement: [{ refused: 'type Point = tuple\n', hint: HINTS.typeStatement, fixed: 'Point = tuple\n' }],
  typeParameters: [{ refused: 'def first[T](xs):\n    return xs[0]\n', hint: HINTS.typeParameters, fixed: 'def first(xs):\n    return xs[0]\n' }],
  asciiConversion: [{ refused: 'x = "é"\nprint(f"{x!a}")\n', hint: 'use !r', fixed: 'x = "é"\nprint(f"{x!r}")\n' }],
  namedEscape: [{ refused: 'print("a\\N{EM DASH}b")\n', hint: HINTS.namedEscape, fixed: 'print("a\\u2014b")\n' }],
  tooDeep: [{ refused: `x = ${'-'.repeat(1001)}1\n`, hint: 'the limit is 1000 levels', fixed: `x = ${'-'.repeat(100)}1\n` }],
  tooManyProblems: [{ refused: 'x = (1 +)\n'.repeat(150), hint: 'fix the problems above and check again', fixed: 'x = (1 + 2)\n'.repeat(150) }],
  notModelled: [
    {
      refused: lines('import asyncio', 'async def main():', '    p = await asyncio.create_subprocess_exec("ls")', '    await asyncio.sleep(1)', 'asyncio.run(main())'),
      hint: HINTS.notModelled,
      fixed: lines('import asyncio', 'async def main():', '    await asyncio.sleep(1)', 'asyncio.run(main())'),
    },
  ],
  relativeImport: [{ refused: 'from . import helpers\n', hint: HINTS.relativeImport, fixed: 'import asyncio\n' }],
  importable: [
    { refused: 'import socket\n', hint: HINTS.importable(), fixed: 'import asyncio\n' },
    { refused: 'from subprocess import run\n', hint: HINTS.importable(), fixed: 'from asyncio import run\n' },
    { refused: 'import numpy as np\n', hint: HINTS.importable(), fixed: 'import math as np\n' },
    { refused: 'import asyncio.subprocess\n', hint: HINTS.importable(), fixed: 'import asyncio.tasks\n' },
  ],
};

describe('every hint leads to code the checker accepts', () => {
  const rows = Object.entries(TABLE).flatMap(([key, rs]) => rs.map((row, i) => [`${key}${rs.length > 1 ? ` #${i + 1}` : ''}`, row] as const));
  test.each(rows)('%s', (_key, row) => {
    const hints = checkScenarioProblems(row.refused, 'hint.py').map((p) => p.hint);
    expect(hints).toContain(row.hint);
    expect(checkScenarioProblems(row.fixed, 'fixed.py').map((p) => p.format())).toEqual([]);
  });

  test('typographic characters: straightening them as the hints say gives code the checker accepts', () => {
    for (const char of ['“', '”', '„', '‘', '’', '–', '—', '−', '\u00a0', '\u2009', '\u200b', '…', '（', '：']) {
      const pasted = `x = 1\nprint(x${char})\n`;
      const problems = checkScenarioProblems(pasted, 'paste.py');
      expect(problems[0]?.hint, char).toMatch(/^(replace|delete) the /);
      const fixed = straightenTypographicCharacters(pasted);
      const left = checkScenarioProblems(fixed, 'fixed.py').filter((p) => p.hint?.match(/^(replace|delete) the /));
      expect(left, `${char}: ${fixed}`).toEqual([]);
    }
  });
});

describe('hints are written in one place', () => {
  /** The top-level arguments of each call of `name(` in `text`, as source text. */
  function calls(text: string, name: RegExp): string[][] {
    const out: string[][] = [];
    for (const m of text.matchAll(name)) {
      const args: string[] = [];
      let depth = 0;
      let cur = '';
      let quote: string | null = null;
      for (let i = m.index + m[0].length; i < text.length; i++) {
        const c = text[i]!;
        if (quote !== null) {
          cur += c;
          if (c === '\\') cur += text[++i] ?? '';
          else if (c === quote) quote = null;
          continue;
        }
        if (c === "'" || c === '"' || c === '`') quote = c;
        if (c === '(' || c === '[' || c === '{') depth++;
        if (c === ')' || c === ']' || c === '}') {
          if (depth === 0) break;
          depth--;
        }
        if (c === ',' && depth === 0) {
          args.push(cur.trim());
          cur = '';
        } else cur += c;
      }
      args.push(cur.trim());
      out.push(args);
    }
    return out;
  }

  test('no parser file passes a hint of its own to a refusal: it takes one from HINTS', () => {
    const dir = 'scheduler/python/parse';
    const files = [...readdirSync(dir).map((f) => join(dir, f)), ...readdirSync(join(dir, 'convert')).map((f) => join(dir, 'convert', f))];
    const literal = /^(['"`]).*\1$/s;
    const offenders: string[] = [];
    for (const file of files.filter((f) => f.endsWith('.ts') && !f.endsWith('subset.ts') && !f.endsWith('typographic.ts'))) {
      const text = readFileSync(file, 'utf8');
      // unsupported(from, to, message, hint), syntax(...), this.refuse(from, to, message, hint),
      // and the scope pass's refuse(node, message, hint, to).
      for (const args of calls(text, /\b(?:unsupported|syntax|this\.refuse)\(/g)) if (literal.test(args[3] ?? '')) offenders.push(`${file}: ${args.join(', ')}`);
      for (const args of calls(text, /(?<![.\w])refuse\((?=node|e\b)/g)) if (literal.test(args[2] ?? '')) offenders.push(`${file}: ${args.join(', ')}`);
    }
    expect(offenders).toEqual([]);
  });
});
