/** The words of the timeline's hover card, for the segment under the pointer (renderer/viz/segment-card.ts). */
import { describe, expect, it } from 'vitest';
import { scaleLinear } from 'd3-scale';
import { buildModel } from '../../renderer/viz/model.ts';
import { segmentCard } from '../../renderer/viz/segment-card.ts';
import { segmentStart } from '../../scheduler/view/segment-place.ts';
import { py, traceOfSource } from './support.ts';

const GATHER = py(`
  import asyncio

  async def work(n):
      await asyncio.sleep(n)

  async def main():
      await asyncio.gather(work(1), work(2))

  asyncio.run(main())
`);

describe('the hover card of a lane segment', () => {
  const model = buildModel(traceOfSource(GATHER));
  const scale = scaleLinear().domain([0, model.axis.tickDomainEnd]).range([0, 1000]);
  /** Every card met sweeping the pointer across a lane, in order, each once. */
  const sweep = (serial: number): string[] => {
    const seen: string[] = [];
    for (let px = 0; px <= 1000; px += 2) {
      const card = segmentCard(model, 'tick', scale, serial, px);
      const text = card === null ? '—' : `${card.title} | ${card.detail} | ${card.times}`;
      if (seen.at(-1) !== text) seen.push(text);
    }
    return seen;
  };

  it('names the task, the state and what it waits for, with its steps, times and line; nothing before the task exists', () => {
    const times = 'running 0 s in 2 steps · ready 0 s · waiting 1 s (1 await)';
    expect(sweep(1)).toEqual([
      '—',
      `Task-2 · running | step 1 · t = 0.000 s | ${times}`,
      `Task-2 · waiting for sleep until 1.000 | steps 2–4 · t = 0.000 → 1.000 s · line 4 | ${times}`,
      `Task-2 · running | step 4 · t = 1.000 s · line 4 | ${times}`,
      `Task-2 · done | steps 5–15 · t = 1.000 s | ${times}`,
    ]);
    expect(sweep(0).map((text) => text.split(' | ')[0])).toEqual(['Task-1 · running', 'Task-1 · waiting for gather(Task-2, Task-3)', 'Task-1 · running', 'Task-1 · done']);
  });

  it('reaches a segment from 3 px away (a one-step segment is a sliver when zoomed out), and no further', () => {
    const x0 = scale(segmentStart(model.lanes, model.axis, 'tick', model.lanes.laneStart[1]!));
    const at = (px: number): string | undefined => segmentCard(model, 'tick', scale, 1, px)?.title;
    expect(x0).toBeGreaterThan(10);
    expect(at(x0 - 2)).toBe('Task-2 · running');
    expect(at(x0 - 4)).toBeUndefined();
  });

  it('has no card for a task that does not exist', () => {
    expect(segmentCard(model, 'tick', scale, model.lanes.tasks.length, 500)).toBeNull();
  });
});
