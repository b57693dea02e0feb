import { describe, expect, it } from 'vitest';
import { TraceIndex } from '../../scheduler/trace/state.ts';
import { StateCursor } from '../../renderer/viz/state-cursor.ts';
import { buildStepAxis } from '../../renderer/viz/steps.ts';
import { buildModel, printedAt } from '../../renderer/viz/model.ts';
import { advance, move, type Move } from '../../renderer/app/playback.ts';
import { traceOf, traceOfSource, py } from './support.ts';

describe('the state at the cursor', () => {
  it.each(['02-three-coroutines-gathered.py', '05-producer-consumer-bounded-queue.py', '17-deadlock-two-locks.py', '20-equal-deadline-timers.py'])(
    '%s: StateCursor answers what TraceIndex answers, stepping, jumping and going back',
    (name) => {
      const trace = traceOf(name);
      const index = new TraceIndex(trace);
      // A small checkpoint interval is clamped to 512 steps; these traces are short, so jumps
      // exercise the "walk the live replay on" and the "restart" paths alike.
      const cursor = new StateCursor(trace, 4);
      const order = [0, 1, 2, 3, trace.steps, 5, 4, Math.floor(trace.steps / 2), 0, trace.steps - 1, trace.steps];
      for (let s = 0; s <= trace.steps; s++) order.push(s);
      for (const step of order) {
        if (step < 0 || step > trace.steps) continue;
        expect(cursor.stateAt(step), `step ${step}`).toEqual(index.stateAt(step));
      }
    },
  );

  it('the cheap view agrees with the full state: live tasks, and the first entries of the queues', () => {
    const trace = traceOf('04-server-many-clients.py');
    const index = new TraceIndex(trace);
    const cursor = new StateCursor(trace);
    for (const step of [...Array.from({ length: trace.steps + 1 }, (_, s) => s), 3, 0, trace.steps]) {
      const full = index.stateAt(step);
      const view = cursor.viewAt(step, 2);
      expect(view.tasks).toEqual(full.tasks);
      expect(view.ready).toEqual(full.ready.slice(0, 2));
      expect(view.readyCount).toBe(full.ready.length);
      expect(view.timers).toEqual(full.timers.slice(0, 2));
      expect(view.timerCount).toBe(full.timers.length);
      expect([view.step, view.tick, view.time, view.outputs]).toEqual([full.step, full.tick, full.time, full.outputs]);
    }
  });

  it('agrees on a long trace across checkpoints', () => {
    const trace = traceOf('31-runaway-loop-hits-limit.py', 3000);
    const index = new TraceIndex(trace);
    const cursor = new StateCursor(trace, 8);
    for (const step of [0, 1, 600, 601, 2999, 1500, 1499, 2100, trace.steps]) expect(cursor.stateAt(step)).toEqual(index.stateAt(step));
  });

  it('counts the lines printed at the cursor', () => {
    const model = buildModel(traceOf('01-counter-sequential-vs-gathered.py'));
    const index = new TraceIndex(model.trace);
    for (let step = 0; step <= model.axis.steps; step++) expect(printedAt(model.outputs, step)).toBe(index.stateAt(step).outputs);
    expect(model.outputs.map((o) => `${o.timeText} ${o.taskName} ${o.text}`).slice(0, 2)).toEqual(['0.000 Task-1 counter 0 says 1', '1.000 Task-1 counter 1 says 1']);
  });
});

describe('moving the cursor', () => {
  // Tick 1 runs Task-1; tick 2 runs Task-2 and Task-3; then one handle per tick.
  const axis = buildStepAxis(
    traceOfSource(
      py(`
        import asyncio
        async def work(n):
            await asyncio.sleep(n)
        async def main():
            await asyncio.gather(work(1), work(2))
        asyncio.run(main())
      `),
    ),
  );

  it.each<[Move, number, number]>([
    ['step-forward', 0, 1],
    ['step-forward', axis.steps, axis.steps],
    ['step-back', 0, 0],
    ['step-back', 3, 2],
    ['tick-forward', 0, 1],
    ['tick-forward', 1, 3],
    ['tick-forward', 2, 3],
    ['tick-forward', axis.steps - 1, axis.steps],
    ['tick-back', 3, 1],
    ['tick-back', 2, 1],
    ['tick-back', 1, 0],
    ['tick-back', 0, 0],
    ['start', 7, 0],
    ['end', 0, axis.steps],
  ])('%s from %i goes to %i', (how, from, to) => {
    expect(move(axis, from, how)).toBe(to);
  });

  it.each([
    { elapsed: 500, speed: 1, carry: 0, steps: 1, left: 0 },
    { elapsed: 250, speed: 1, carry: 0, steps: 0, left: 250 },
    { elapsed: 250, speed: 1, carry: 300, steps: 1, left: 50 },
    { elapsed: 1000, speed: 4, carry: 0, steps: 8, left: 0 },
    { elapsed: 1000, speed: 0.5, carry: 0, steps: 1, left: 0 },
  ])('plays $speed× for $elapsed ms (+$carry carried): $steps steps', ({ elapsed, speed, carry, steps, left }) => {
    const r = advance(elapsed, speed, carry);
    expect(r.steps).toBe(steps);
    expect(r.carryMs).toBeCloseTo(left);
  });
});
