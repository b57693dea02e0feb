import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ChangeSet, Text } from '@codemirror/state';
import { LineMap, changesBetween } from '../../renderer/editor/mark-mapping.ts';

const SOURCE = ['import asyncio', '', 'async def worker(n):', '    await asyncio.sleep(n)', '    print(n)', '', 'async def main():', '    await asyncio.gather(worker(1), worker(2))', '', 'asyncio.run(main())'].join('\n');
const doc = (text: string) => Text.of(text.split('\n'));

/** Apply edits one at a time, composing them as the editor does transaction by transaction. */
function edited(text: string, ...edits: { from: number; to?: number; insert?: string }[]): { map: LineMap; after: string } {
  let changes = ChangeSet.empty(text.length);
  let current = doc(text);
  for (const edit of edits) {
    const step = ChangeSet.of([{ from: edit.from, to: edit.to ?? edit.from, insert: edit.insert ?? '' }], current.length);
    changes = changes.compose(step);
    current = step.apply(current);
  }
  return { map: new LineMap(doc(text), changes), after: current.toString() };
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('task marks follow their lines through edits', () => {
  it('nothing changed: every line stays', () => {
    const { map } = edited(SOURCE);
    expect(map.identity).toBe(true);
    for (let line = 1; line <= 10; line++) expect(map.line(line)).toBe(line);
  });

  it('a line inserted above pushes the mark down', () => {
    const { map, after } = edited(SOURCE, { from: 0, insert: '# a new first line\n' });
    expect(map.line(4)).toBe(5);
    expect(after.split('\n')[4]).toBe('    await asyncio.sleep(n)');
  });

  it('Enter typed at the start of the marked line moves the mark with its text', () => {
    const start = SOURCE.indexOf('    await asyncio.sleep');
    const { map, after } = edited(SOURCE, { from: start, insert: '\n' });
    expect(map.line(4)).toBe(lineOf(after, 'asyncio.sleep'));
  });

  it('an edit inside the marked line keeps the mark on it', () => {
    const at = SOURCE.indexOf('sleep(n)') + 6;
    const { map } = edited(SOURCE, { from: at, to: at + 1, insert: 'n * 2' });
    expect(map.line(4)).toBe(4);
    expect(map.line(8)).toBe(8);
  });

  it('a deleted line takes its mark with it; the lines below move up', () => {
    const line = doc(SOURCE).line(4);
    const { map, after } = edited(SOURCE, { from: line.from, to: line.to + 1 });
    expect(map.line(4)).toBeNull();
    expect(map.line(5)).toBe(4);
    expect(after.split('\n')[3]).toBe('    print(n)');
  });

  it('a line whose text is replaced whole loses its mark', () => {
    const line = doc(SOURCE).line(5);
    const { map } = edited(SOURCE, { from: line.from, to: line.to, insert: '    pass' });
    expect(map.line(5)).toBeNull();
    expect(map.line(4)).toBe(4);
  });

  it('several edits in a row compose', () => {
    const { map, after } = edited(SOURCE, { from: 0, insert: 'x = 1\n' }, { from: 0, insert: 'y = 2\n' }, { from: 0, to: 6 });
    expect(after.startsWith('x = 1\nimport asyncio')).toBe(true);
    expect(map.line(8)).toBe(9);
  });

  it('offsets follow too (the error range of a runtime error)', () => {
    const at = SOURCE.indexOf('print(n)');
    const { map, after } = edited(SOURCE, { from: 0, insert: '# hello\n' });
    expect(after.slice(map.offset(at), map.offset(at) + 8)).toBe('print(n)');
  });

  it('lines outside the text map to nothing', () => {
    const { map } = edited(SOURCE, { from: 0, insert: 'a\n' });
    expect(map.line(0)).toBeNull();
    expect(map.line(11)).toBeNull();
  });
});

describe('the changes between two texts, recovered by a diff', () => {
  it('maps lines as the edits that made them would', () => {
    const after = SOURCE.replace('async def main():', '# comment\n\nasync def main():').replace('    print(n)\n', '');
    const map = new LineMap(doc(SOURCE), changesBetween(SOURCE, after));
    expect(map.line(4)).toBe(lineOf(after, 'asyncio.sleep'));
    expect(map.line(5)).toBeNull();
    expect(map.line(8)).toBe(lineOf(after, 'gather'));
  });

  it('applying them gives the other text (any pair)', () => {
    const text = fc.oneof(fc.string({ maxLength: 200 }), fc.array(fc.constantFrom('a', 'b', '', 'c c', '\t'), { maxLength: 10 }).map((l) => l.join('\n')));
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(changesBetween(a, b).apply(doc(a)).toString()).toBe(b);
      }),
      { numRuns: 1000 },
    );
  });

  it('every unchanged line maps to a line with the same text', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a = 1', 'b = 2', 'await x', '', 'print(y)', 'pass'), { maxLength: 12 }), fc.array(fc.constantFrom('a = 1', 'b = 2', 'await x', '', 'print(y)', 'c = 3'), { maxLength: 12 }), (linesA, linesB) => {
        const a = linesA.join('\n');
        const b = linesB.join('\n');
        const map = new LineMap(doc(a), changesBetween(a, b));
        linesA.forEach((text, i) => {
          const to = map.line(i + 1);
          if (to !== null && text !== '') expect(linesB[to - 1]).toBe(text);
          if (to !== null) expect(to).toBeLessThanOrEqual(Math.max(1, linesB.length));
        });
      }),
      { numRuns: 300 },
    );
  });
});
