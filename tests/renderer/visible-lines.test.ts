/**
 * The code's marks are worked out only for the lines on screen (renderer/editor/visible-lines.ts):
 * which lines those are, and that the marks and await-stack callers of the lines kept are exactly
 * the whole text's (same tasks, same exact counts), from the page's state objects and from the
 * worker's columnar state view alike.
 */
import { describe, expect, it } from 'vitest';
import { inRange, linesToMark, sameRange } from '../../renderer/editor/visible-lines.ts';
import { lineMarks } from '../../renderer/editor/code-markers.ts';
import { callerMarks } from '../../renderer/editor/await-stacks.ts';
import { buildViewModel } from '../../scheduler/view/builder.ts';
import { ViewCursor } from '../../scheduler/view/cursor.ts';
import { traceOf, traceOfSource, py } from './support.ts';

describe('which lines are marked', () => {
  it('the lines on screen and a margin each side, clamped to the text', () => {
    expect(linesToMark(100, 140, 1000, 20)).toEqual({ from: 80, to: 160 });
    expect(linesToMark(1, 30, 1000, 20)).toEqual({ from: 1, to: 50 });
    expect(linesToMark(960, 1000, 1000, 20)).toEqual({ from: 940, to: 1000 });
    // Reversed ends read the same.
    expect(linesToMark(140, 100, 1000, 20)).toEqual({ from: 80, to: 160 });
  });

  it('null (every line) when the screen and its margins hold the whole text', () => {
    expect(linesToMark(1, 34, 34)).toBeNull();
    expect(linesToMark(5, 20, 40, 20)).toBeNull();
    expect(linesToMark(5, 20, 41, 20)).toEqual({ from: 1, to: 40 });
  });

  it('inRange and sameRange', () => {
    expect(inRange(null, 12345)).toBe(true);
    expect(inRange({ from: 3, to: 5 }, 3)).toBe(true);
    expect(inRange({ from: 3, to: 5 }, 5)).toBe(true);
    expect(inRange({ from: 3, to: 5 }, 2)).toBe(false);
    expect(inRange({ from: 3, to: 5 }, 6)).toBe(false);
    expect(sameRange(null, null)).toBe(true);
    expect(sameRange({ from: 1, to: 2 }, { from: 1, to: 2 })).toBe(true);
    expect(sameRange({ from: 1, to: 2 }, { from: 1, to: 3 })).toBe(false);
    expect(sameRange(null, { from: 1, to: 2 })).toBe(false);
  });
});

/** Many tasks spread over many lines, suspended in nested calls: marks and callers on most lines. */
const SPREAD = py(`
import asyncio

async def leaf(n):
    await asyncio.sleep(0.01 * (n % 7))
    if n % 2:
        await asyncio.sleep(0.02)
    else:
        await asyncio.sleep(0.03)

async def middle(n):
    await leaf(n)
    await asyncio.sleep(0.01)

async def outer(n):
    await middle(n)
    await leaf(n + 1)

async def main():
    lock = asyncio.Lock()
    async def locked(n):
        async with lock:
            await asyncio.sleep(0.001 * n)
    await asyncio.gather(*(outer(i) for i in range(40)), *(locked(i) for i in range(12)))

asyncio.run(main())
`);

describe('marks for the visible lines only', () => {
  const trace = traceOfSource(SPREAD, 'spread.py');
  const model = buildViewModel(trace);
  const cursor = new ViewCursor(model, trace);
  const steps = model.axis.steps;
  const ranges = [
    { from: 1, to: 4 },
    { from: 5, to: 9 },
    { from: 10, to: 17 },
    { from: 20, to: 23 },
  ];

  it('lineMarks: the lines kept are exactly the whole text’s marks on those lines', () => {
    let compared = 0;
    for (let step = 0; step <= steps; step += 3) {
      const view = cursor.viewAt(step);
      const next = step < steps ? (model.axis.stepTask[step] as number) : -1;
      const all = lineMarks(view, next);
      for (const range of ranges) {
        const some = lineMarks(view, next, 4, range);
        expect(some).toEqual(all.filter((mark) => mark.line >= range.from && mark.line <= range.to));
        compared += some.length;
      }
      expect(lineMarks(view, next, 4, null)).toEqual(all);
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('callerMarks: from the columnar state view as from the state objects, and the visible lines’ exactly', () => {
    let compared = 0;
    for (let step = 0; step <= steps; step += 3) {
      const all = callerMarks(cursor.stateAt(step));
      expect(callerMarks(cursor.viewAt(step))).toEqual(all);
      for (const range of ranges) {
        const some = callerMarks(cursor.viewAt(step), 3, range);
        expect(some).toEqual(all.filter((mark) => mark.line >= range.from && mark.line <= range.to));
        compared += some.length;
      }
    }
    expect(compared).toBeGreaterThan(50);
    // Counts beyond the cap stay exact: somewhere forty tasks wait inside the same call.
    const crowded = Array.from({ length: steps + 1 }, (_, step) => callerMarks(cursor.viewAt(step))).flat();
    expect(Math.max(...crowded.map((mark) => mark.tasks.length + mark.more))).toBeGreaterThanOrEqual(40);
  });

  it('a gallery scenario reads the same callers both ways at every step', () => {
    const gallery = traceOf('01-counter-sequential-vs-gathered.py');
    const galleryModel = buildViewModel(gallery);
    const galleryCursor = new ViewCursor(galleryModel, gallery);
    for (let step = 0; step <= galleryModel.axis.steps; step++) expect(callerMarks(galleryCursor.viewAt(step))).toEqual(callerMarks(galleryCursor.stateAt(step)));
  });
});
