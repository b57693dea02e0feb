import { describe, expect, it } from 'vitest';
import { parser } from '@lezer/python';
import { checkScenario, checkScenarioProblems } from '../../scheduler/python/scenario.ts';
import { isTypographic, straighten, typographyFixes } from '../../renderer/editor/typography.ts';
import { SCENARIOS, scenarioSource } from './support.ts';

describe('straightening pasted typography', () => {
  it.each([
    { what: 'curly double quotes', from: 'print(“hello”)', to: 'print("hello")' },
    { what: 'curly single quotes', from: 'print(‘hello’)', to: "print('hello')" },
    { what: 'low and reversed quotes', from: 'x = „a‟ + ‚b‛', to: 'x = "a" + \'b\'' },
    { what: 'primes and fullwidth quotes', from: 'x = ″a″ + ′b′ + ＂c＂', to: 'x = "a" + \'b\' + "c"' },
    { what: 'an apostrophe curled with its string', from: 'print(“it’s fine”)', to: 'print("it\'s fine")' },
    { what: 'a straight apostrophe inside curly quotes', from: 'print(“it\'s fine”)', to: 'print("it\'s fine")' },
    { what: 'en dash, em dash and the minus sign', from: 'x = 5 – 3 — 1 − 2', to: 'x = 5 - 3 - 1 - 2' },
    { what: 'the ellipsis', from: 'x = a[…]', to: 'x = a[...]' },
    { what: 'no-break spaces in indentation', from: 'if x:\n\u00a0\u00a0\u00a0\u00a0pass', to: 'if x:\n    pass' },
    { what: 'thin, narrow and ideographic spaces', from: 'x\u2009=\u202f1\u3000+\u20072', to: 'x = 1 + 2' },
    { what: 'zero-width characters and a stray byte order mark', from: 'x\u200b = 1\u2060\ufeff', to: 'x = 1' },
    { what: 'fullwidth punctuation', from: 'print（“a”，1）', to: 'print("a",1)' },
    { what: 'an f-string pasted with curly quotes: its field is code', from: 'print(f“{a – b} it’s”)', to: 'print(f"{a - b} it\'s")' },
    { what: 'two pasted strings on one line', from: 'print(“a”, ‘b’, “it’s”)', to: 'print("a", \'b\', "it\'s")' },
    { what: 'a curly triple-quoted docstring', from: '“““Title\nit’s here”””\nx = 1', to: '"""Title\nit\'s here"""\nx = 1' },
  ])('$what', ({ from, to }) => {
    expect(straighten(from)).toBe(to);
  });

  it.each([
    { what: 'curly quotes inside a straight-quoted string', source: 'print("He said “hi” — twice")' },
    { what: 'a triple-quoted string', source: '"""It’s “quoted” – here"""\nx = 1' },
    { what: 'a comment', source: 'x = 1  # it’s “fine” — really\ny = 2' },
    { what: 'an escaped quote in a string', source: 'print("a \\" “b”")' },
    { what: 'plain ASCII code', source: 'async def main():\n    await asyncio.sleep(1 - 0.5)\n' },
  ])('leaves the program’s own text alone: $what', ({ source }) => {
    expect(typographyFixes(source)).toEqual([]);
    expect(straighten(source)).toBe(source);
  });

  it('a straight-quoted string left open ends at its line: the next line is code again', () => {
    expect(straighten('print("oops)\nx = 5 – 3')).toBe('print("oops)\nx = 5 - 3');
  });

  it('gives the changes in order, without overlap, in the original text’s offsets', () => {
    const source = 'print(“a”)  # “kept”\nx = 1 – 2';
    const changes = typographyFixes(source);
    expect(changes).toEqual([
      { from: 6, to: 7, insert: '"' },
      { from: 8, to: 9, insert: '"' },
      { from: source.indexOf('–'), to: source.indexOf('–') + 1, insert: '-' },
    ]);
  });

  it('a byte order mark at the very start is not part of the program: left to the file reader', () => {
    expect(straighten('\ufeffx = 1')).toBe('\ufeffx = 1');
  });

  it('after the fix the checker finds nothing typographic left', () => {
    const pasted = 'async def main():\n\u00a0\u00a0\u00a0\u00a0print(f“{1 – 2} it’s”, ‘x’)\n';
    expect(checkScenarioProblems(pasted, 'p.py').length).toBeGreaterThan(0);
    expect(checkScenarioProblems(straighten(pasted), 'p.py')).toEqual([]);
  });

  it('is idempotent', () => {
    const messy = 'print(“it’s”)\u00a0# “x”\ny = ‘a’ – 1…';
    expect(straighten(straighten(messy))).toBe(straighten(messy));
    expect(typographyFixes(straighten(messy))).toEqual([]);
  });

  it('knows which characters it straightens', () => {
    for (const c of '“”‘’–—−…\u00a0\u200b') expect(isTypographic(c), c).toBe(true);
    for (const c of 'a"\'-. é€') expect(isTypographic(c), c).toBe(false);
  });

  /**
   * What a blog does to code: every string's quotes curled (apostrophes inside too), the
   * indentation made of no-break spaces. Straightening gives the scenario back byte for byte, and
   * the curled version is refused by the checker while the straightened one loads.
   */
  function curl(source: string): string {
    const edits: { at: number; char: string }[] = [];
    parser.parse(source).iterate({
      enter(node) {
        if (node.name !== 'String' && node.name !== 'FormatString') return;
        const text = source.slice(node.from, node.to);
        const m = /^([A-Za-z]*)("|')(?!\2\2)/.exec(text);
        if (m === null || !text.endsWith(m[2] as string) || text.length < (m[1] as string).length + 2) return;
        const open = node.from + (m[1] as string).length;
        const close = node.to - 1;
        edits.push({ at: open, char: m[2] === '"' ? '“' : '‘' }, { at: close, char: m[2] === '"' ? '”' : '’' });
        if (m[2] === '"') for (let i = open + 1; i < close; i++) if (source[i] === "'") edits.push({ at: i, char: '’' });
      },
    });
    const chars = [...source].length === source.length ? source.split('') : null;
    if (chars === null) throw new Error('test curl() expects BMP-only source');
    for (const { at, char } of edits) chars[at] = char;
    return chars.join('').replace(/^( +)/gm, (spaces) => '\u00a0'.repeat(spaces.length));
  }

  it.each(SCENARIOS)('a curled copy of %s straightens back to the file', (name) => {
    const source = scenarioSource(name);
    const curled = curl(source);
    expect(curled).not.toBe(source);
    expect(checkScenario(curled, name)).not.toBeNull();
    expect(straighten(curled)).toBe(source);
    expect(checkScenario(straighten(curled), name)).toBeNull();
  });
});

describe('problems that repeat side by side are shown as one', () => {
  it('four no-break spaces of one indentation: one problem spanning them; other problems stay apart', async () => {
    const { mergeRepeats } = await import('../../renderer/editor/repeated-problems.ts');
    const source = 'async def f():\n\u00a0\u00a0\u00a0\u00a0x = “a” + ‘b’\n';
    const problems = checkScenarioProblems(source, 'x.py').map((p) => p.toJSON());
    expect(problems.length).toBe(8);
    const merged = mergeRepeats(problems);
    expect(merged.map((p) => [p.line, p.column, p.endColumn, p.message.slice(0, 30)])).toEqual([
      [2, 1, 5, 'invalid non-printable characte'],
      [2, 9, 10, "invalid character '“' (U+201C)"],
      [2, 11, 12, "invalid character '”' (U+201D)"],
      [2, 15, 16, "invalid character '‘' (U+2018)"],
      [2, 17, 18, "invalid character '’' (U+2019)"],
    ]);
    expect(merged[0]).toMatchObject({ from: 15, to: 19 });
  });
});
