/** Chapters from `# %%` cell markers: parsing, the steps on each chapter's lines, jump keys. */
import { describe, expect, test } from 'vitest';
import { chapterAt, chapterSteps, neighbourChapter, parseChapters, stepLinesOf } from '../../renderer/teach/chapters.ts';
import { playSource } from '../export/gallery.ts';

describe('parsing chapter markers', () => {
  test('titles and line ranges; a marker runs to the line before the next', () => {
    const source = ['import asyncio', '# %% Sequential', 'a = 1', '', '#%% Gathered [markdown]', 'b = 2', '# %%', 'c = 3', ''].join('\n');
    expect(parseChapters(source)).toEqual([
      { index: 0, title: 'Sequential', fromLine: 2, toLine: 4 },
      { index: 1, title: 'Gathered', fromLine: 5, toLine: 6 },
      { index: 2, title: 'Chapter 3', fromLine: 7, toLine: 8 },
    ]);
  });

  test('only real comments count: not text in a string, not "# %%%" or "# %"', () => {
    const source = ['"""', '# %% inside a docstring', '"""', 's = "# %% in a string"', '# %%% not a marker', '# % not either', 'x = 1  # %% trailing comments are not markers', ''].join('\n');
    expect(parseChapters(source)).toEqual([]);
  });

  test('markers may be indented, to split the body of main()', () => {
    const source = ['async def main():', '    # %% First', '    pass', '    # %% Second', '    pass'].join('\n');
    expect(parseChapters(source).map((c) => [c.title, c.fromLine, c.toLine])).toEqual([
      ['First', 2, 3],
      ['Second', 4, 5],
    ]);
  });
});

describe('the steps of each chapter', () => {
  const SOURCE = `import asyncio


async def main():
    # %% One at a time
    await asyncio.sleep(1)
    print("one")
    await asyncio.sleep(1)
    # %% Together
    await asyncio.gather(asyncio.sleep(1), asyncio.sleep(1))
    print("done")


asyncio.run(main())
`;
  const trace = playSource(SOURCE);
  const chapters = chapterSteps(parseChapters(SOURCE), stepLinesOf(trace));

  test('a step belongs to the chapters of the lines it resumed at, stopped at and printed from', () => {
    const lines = stepLinesOf(trace);
    expect(lines).toHaveLength(trace.steps);
    expect(lines[0]).toEqual([6]); // main starts and stops at the first sleep
    expect(lines[2]).toEqual([6, 7, 8]); // resumes at 6, prints at 7, stops at 8
    expect(lines[4]).toEqual([8, 10]); // resumes at 8, creates the gather's tasks and waits at 10
    expect(chapters.map((c) => [c.title, c.steps])).toEqual([
      ['One at a time', [0, 2, 4]],
      ['Together', [4, 13]],
    ]);
    expect(chapters.map((c) => [c.firstStep, c.endStep])).toEqual([
      [0, 5],
      [4, 14],
    ]);
  });

  test('the chapter at the cursor, and the jump keys', () => {
    expect([0, 3, 4, 13, 19].map((b) => chapterAt(chapters, b))).toEqual([0, 0, 1, 1, 1]);
    expect(neighbourChapter(chapters, 0, 1)).toBe(1);
    expect(neighbourChapter(chapters, 4, 1)).toBe(-1);
    expect(neighbourChapter(chapters, 9, -1)).toBe(1);
    expect(neighbourChapter(chapters, 4, -1)).toBe(0);
    expect(neighbourChapter(chapters, 0, -1)).toBe(-1);
  });

  test('a chapter no step runs in has no span', () => {
    const source = `${SOURCE}\n# %% Notes\nx = 1\n`;
    const notes = chapterSteps(parseChapters(source), stepLinesOf(playSource(source))).at(-1);
    expect(notes).toMatchObject({ title: 'Notes', steps: [], firstStep: -1, endStep: -1 });
  });
});

describe('chapters inside main() that await coroutines', () => {
  test("a step stands on every frame of the task's await stack, so main()'s chapter has the steps of the coroutines it awaits", () => {
    const source = [
      'import asyncio', // 1
      '', // 2
      'async def nap(name):', // 3
      '    await asyncio.sleep(1)', // 4
      '', // 5
      'async def main():', // 6
      '    # %% One at a time', // 7
      '    await nap("a")', // 8
      '    await nap("b")', // 9
      '    # %% Together', // 10
      '    await asyncio.gather(nap("c"), nap("d"))', // 11
      '', // 12
      'asyncio.run(main())', // 13
      '',
    ].join('\n');
    const chapters = chapterSteps(parseChapters(source), stepLinesOf(playSource(source)));
    // main() stops inside nap() (line 4) while awaiting it from line 8 or 9: its chapter.
    expect(chapters[0]?.firstStep).toBe(0);
    expect(chapters[0]?.steps.length).toBeGreaterThanOrEqual(2);
    expect(chapters[1]?.firstStep).toBeGreaterThan(chapters[0]?.firstStep as number);
    expect(chapterAt(chapters, 0)).toBe(0);
  });
});
