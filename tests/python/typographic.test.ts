/**
 * Typographic quotes, dashes and spaces (what pasted code carries): every one Python refuses is
 * listed at once with a hint that names it and its fix, and straightening them all gives code
 * that checks.
 */
import { describe, expect, test } from 'vitest';
import {
  findTypographicCharacters,
  straightenTypographicCharacters,
  typographicHint,
} from '../../scheduler/python/parse/index.ts';
import { checkScenario, checkScenarioProblems } from '../../scheduler/python/scenario.ts';

const chars = (src: string): string[] => findTypographicCharacters(src).map((t) => t.char);

describe('findTypographicCharacters', () => {
  test('lists those in code, in source order, with position, name and fix', () => {
    expect(findTypographicCharacters('x = 5 – 3\n')).toEqual([
      { from: 6, to: 7, char: '–', codePoint: 'U+2013', name: 'en dash', replacement: '-', standIn: '-' },
    ]);
    expect(chars('print(“a”, ‘b’)\ny = 1\u00a0+ 2 — 1\n')).toEqual(['“', '”', '‘', '’', '\u00a0', '—']);
  });

  test.each([
    ['inside a string literal', 'print("It’s — fine “here”")\n', []],
    ['inside a triple-quoted docstring', '"""It’s “quoted”\n— on two lines"""\n', []],
    ['inside a comment', 'x = 1  # don’t “worry”\n', []],
    ['the quotes meant as a string, but not what they hold', 'print(“It’s — ok”)\n', ['“', '”']],
    ['an apostrophe inside single typographic quotes', "print(‘it’s’)\n", ['‘', '’']],
    ['a closing ASCII quote after a typographic opener', 'print(“a")\n', ['“']],
    ['in the replacement field of an f-string, meant or real', 'f“{x – 1}”; f"{‘a’} it’s"\n', ['“', '–', '”', '‘', '’']],
    ['an unclosed typographic quote, and what follows it', 'print(“a) – 1\n', ['“', '–']],
    ['a byte order mark at the start is not one', '\ufeffx = 1\n', []],
    ['invisible characters and odd spaces', 'x\u200b = 1\u2009+\u202f2\n', ['\u200b', '\u2009', '\u202f']],
    ['full-width punctuation from an input method', 'print（1，2）\n', ['（', '，', '）']],
  ])('%s', (_label, src, expected) => {
    expect(chars(src)).toEqual(expected);
  });

  test('a file without any is not scanned twice: empty answer', () => {
    expect(findTypographicCharacters('import asyncio\n'.repeat(1000))).toEqual([]);
  });
});

describe('hints name the character and the fix', () => {
  test.each([
    ['“', 'replace the typographic quote “ (U+201C, left double quotation mark) with a plain "'],
    ['’', "replace the typographic quote ’ (U+2019, right single quotation mark) with a plain '"],
    ['–', 'replace the en dash – (U+2013) with a plain -'],
    ['—', 'replace the em dash — (U+2014) with a plain -'],
    ['\u00a0', 'replace the no-break space (U+00A0) with a plain space'],
    ['\u200b', 'delete the invisible zero width space (U+200B)'],
    ['…', 'replace the ellipsis … (U+2026) with three dots ...'],
  ])('%s', (char, hint) => {
    expect(typographicHint(char).startsWith(hint)).toBe(true);
  });

  test("the checker's error carries the hint, with CPython's message", () => {
    const error = checkScenario('x = 1\u00a0+ 2\n', 'nbsp.py')!;
    expect(error.message).toBe('invalid non-printable character U+00A0');
    expect(error.hint).toMatch(/^replace the no-break space \(U\+00A0\) with a plain space/);
  });
});

describe('straightening them all gives code that checks', () => {
  const pasted = [
    'import asyncio',
    '',
    'async def greet(name):',
    '    print(f“Hello, {name} – it’s {await asyncio.sleep(0, ‘now’)}”)',
    '    return name\u00a0* 2',
    '',
    'asyncio.run(greet(“Ada”))',
    '',
  ].join('\n');

  test('one problem per character, all in the first check', () => {
    const problems = checkScenarioProblems(pasted, 'pasted.py');
    expect(problems.map((p) => p.message)).toEqual([
      "invalid character '“' (U+201C)",
      // In the f-string's replacement field: code, not text.
      "invalid character '‘' (U+2018)",
      "invalid character '’' (U+2019)",
      "invalid character '”' (U+201D)",
      'invalid non-printable character U+00A0',
      "invalid character '“' (U+201C)",
      "invalid character '”' (U+201D)",
    ]);
    expect(problems.every((p) => p.hint !== undefined)).toBe(true);
  });

  test('straightenTypographicCharacters fixes them, and only them', () => {
    const fixed = straightenTypographicCharacters(pasted);
    expect(fixed).toContain(`print(f"Hello, {name} – it’s {await asyncio.sleep(0, 'now')}")`);
    expect(checkScenarioProblems(fixed, 'pasted.py')).toEqual([]);
  });
});
