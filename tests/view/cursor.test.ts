/**
 * The state at any step, rebuilt from the view model's checkpoints and the trace's events
 * (scheduler/view/cursor.ts), equals TraceIndex.stateAt at every step: on the gallery, on random
 * programs, with checkpoints thinned out, stepping forward, back and jumping.
 */
import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { TraceIndex } from '../../scheduler/trace/state.ts';
import type { Trace } from '../../scheduler/trace/format.ts';
import { MAX_CHECKPOINTS, ViewBuilder, buildViewModel, checkpointBytes } from '../../scheduler/view/builder.ts';
import { ViewCursor } from '../../scheduler/view/cursor.ts';
import type { ViewModel } from '../../scheduler/view/model.ts';
import type { Checkpoint } from '../../scheduler/view/replay.ts';
import { transferList } from '../../scheduler/view/transfer.ts';
import { programArbitrary, programMain } from '../support/random-programs.ts';
import { play } from '../support/play.ts';
import { SCENARIOS, py, traceOf, traceOfSource } from '../renderer/support.ts';
import { ODD_DEADLINES } from './support.ts';

const LIMITS = { maxTicks: 5000, maxTime: 1000 };

/** 30 tasks taking turns at a lock and a queue, sleeping in between: a few thousand steps. */
const MANY_STEPS = py(`
  import asyncio

  async def worker(n, lock, queue):
      for i in range(12):
          async with lock:
              await asyncio.sleep(0)
          await queue.put(n * 100 + i)
          await asyncio.sleep((n % 5) / 100)

  async def drain(queue):
      while True:
          await queue.get()

  async def main():
      lock = asyncio.Lock()
      queue = asyncio.Queue(maxsize=3)
      drainer = asyncio.create_task(drain(queue))
      await asyncio.gather(*[worker(n, lock, queue) for n in range(30)])
      drainer.cancel()

  asyncio.run(main())
`);

/** The view model of `trace` with a checkpoint every `interval` steps. */
function modelOf(trace: Trace, interval: number): ViewModel {
  const builder = new ViewBuilder(trace.source, { checkpointInterval: interval });
  builder.push(trace.events, trace.floats, trace.strings);
  return builder.finish(trace.end);
}

/** A cursor over `trace` with a checkpoint every `interval` steps. */
function cursorOf(trace: Trace, interval: number): ViewCursor {
  return new ViewCursor(modelOf(trace, interval), trace);
}

/** Every step forwards, then jumps about: the live replay walks on, restores, and starts over. */
function visitOrder(steps: number): number[] {
  const order: number[] = [];
  for (let s = 0; s <= steps; s++) order.push(s);
  order.push(0, steps, Math.floor(steps / 2), 1, steps - 1, Math.floor(steps / 3), Math.floor(steps / 3) - 1);
  for (let s = steps; s >= 0; s -= 3) order.push(s);
  return order.filter((s) => s >= 0 && s <= steps);
}

describe('the state at a step, from the view model', () => {
  it.each(SCENARIOS)('%s: equals TraceIndex.stateAt at every step, stepping and jumping', (name) => {
    const trace = traceOf(name, 600);
    const index = new TraceIndex(trace);
    const cursor = cursorOf(trace, 5);
    for (const step of visitOrder(trace.steps)) expect(cursor.stateAt(step), `step ${step}`).toEqual(index.stateAt(step));
  });

  it('the view for the page: queues cut to their first entries with full counts, tasks on demand', () => {
    const trace = traceOf('04-server-many-clients.py');
    const index = new TraceIndex(trace);
    const cursor = cursorOf(trace, 16);
    for (const step of visitOrder(trace.steps)) {
      const full = index.stateAt(step);
      const view = cursor.viewAt(step, 2);
      expect([view.step, view.tick, view.time, view.outputs, view.taskCount]).toEqual([full.step, full.tick, full.time, full.outputs, full.tasks.length]);
      expect(view.ready).toEqual(full.ready.slice(0, 2));
      expect(view.readyCount).toBe(full.ready.length);
      expect(view.timers).toEqual(full.timers.slice(0, 2));
      expect(view.timerCount).toBe(full.timers.length);
      for (const task of full.tasks) {
        expect(view.task(task.serial)).toEqual(task);
        expect(view.stateOf(task.serial)).toBe(task.state);
        expect(view.lineOf(task.serial)).toBe(task.line);
        expect(view.nameOf(task.serial)).toBe(task.name);
        expect(view.waitLabelOf(task.serial)).toBe(task.waitingFor?.label ?? null);
      }
      expect(view.stateOf(full.tasks.length)).toBe('not-created');
      expect(view.nameOf(full.tasks.length)).toBe('');
      expect(view.task(full.tasks.length)).toBeUndefined();
    }
  });

  it('a long trace: checkpoints are thinned to a bounded number, and the answers do not change', () => {
    const trace = traceOf('31-runaway-loop-hits-limit.py', 4000);
    const builder = new ViewBuilder(trace.source, { checkpointInterval: 1 });
    builder.push(trace.events, trace.floats, trace.strings);
    const model = builder.finish(trace.end);
    const checkpoints = model.index.checkpoints;
    expect(checkpoints.length).toBeGreaterThan(8);
    expect(checkpoints.length).toBeLessThanOrEqual(MAX_CHECKPOINTS);
    // Evenly spaced: every checkpoint's step is a multiple of the final interval.
    const interval = checkpoints[0]!.step;
    expect(checkpoints.map((c) => c.step)).toEqual(checkpoints.map((_, i) => (i + 1) * interval));
    const index = new TraceIndex(trace);
    const cursor = new ViewCursor(model, trace);
    for (const step of [0, 1, interval - 1, interval, interval + 1, trace.steps, 2 * interval + 7, 17, trace.steps - 1]) {
      expect(cursor.stateAt(step), `step ${step}`).toEqual(index.stateAt(step));
    }
  });

  it("stepping back far from the model's checkpoints: the cursor's own trail gives the same answers", () => {
    // No checkpoint in the model: every step back restores from the trail the cursor leaves behind it.
    const trace = traceOf('31-runaway-loop-hits-limit.py', 4000);
    const index = new TraceIndex(trace);
    const cursor = cursorOf(trace, 1_000_000);
    const order: number[] = [];
    for (let s = 0; s <= trace.steps; s += 7) order.push(s);
    // Back one at a time past several trail checkpoints and beyond the trail, then forward and back again.
    for (let s = trace.steps; s >= trace.steps - 700; s--) order.push(s);
    order.push(trace.steps - 40, trace.steps - 39, trace.steps - 72, trace.steps - 71, 3, 2, 1, 0, 33, 32, 31);
    for (const step of order) expect(cursor.stateAt(step), `step ${step}`).toEqual(index.stateAt(step));
  });

  it("stepping back from sparse checkpoints, with a trail of every 3 steps: the same answers", () => {
    const trace = traceOfSource(MANY_STEPS);
    const index = new TraceIndex(trace);
    const cursor = new ViewCursor(modelOf(trace, 64), trace, { trailSpacing: 3 });
    expect(trace.steps).toBeGreaterThan(300);
    // Every step backwards from the end, then forwards and back again around a checkpoint.
    const order: number[] = [];
    for (let s = trace.steps; s >= 0; s--) order.push(s);
    for (const s of [70, 63, 64, 65, 62, 130, 129, 128, 127, 5, 4, 3, 2, 1, 0, 9, 8]) if (s <= trace.steps) order.push(s);
    for (const step of order) expect(cursor.stateAt(step), `step ${step}`).toEqual(index.stateAt(step));
  });

  it('a step that holds thousands of events is walked once: stepping back after it starts from where it ended', () => {
    // One step of main's creates 2,000 tasks; the steps after it are each a few events.
    const trace = traceOfSource(
      py(`
        import asyncio

        async def job(n):
            await asyncio.sleep(0)

        async def main():
            await asyncio.gather(*[job(n) for n in range(2000)])

        asyncio.run(main())
      `),
    );
    const index = new TraceIndex(trace);
    const model = modelOf(trace, 1_000_000);
    const cursor = new ViewCursor(model, trace);
    const heavy = Array.from({ length: trace.steps }, (_, s) => model.index.runWord[s + 1]! - model.index.runWord[s]!).findIndex((words) => words > 10_000);
    expect(heavy).toBeGreaterThanOrEqual(0);
    for (let s = 0; s <= heavy + 6; s++) expect(cursor.stateAt(s), `step ${s}`).toEqual(index.stateAt(s));
    // Back one step at a time to just after the heavy step: each walks a handful of words.
    for (let s = heavy + 5; s > heavy; s--) {
      const before = cursor.wordsWalked;
      expect(cursor.stateAt(s), `step ${s}`).toEqual(index.stateAt(s));
      expect(cursor.wordsWalked - before, `words walked back to step ${s}`).toBeLessThan(1000);
    }
    expect(cursor.stateAt(heavy), `step ${heavy}`).toEqual(index.stateAt(heavy));

    // Prepared while idle: the heavy step is walked by a scratch replay, the live one stays put.
    const fresh = new ViewCursor(model, trace);
    const view = fresh.viewAt(heavy);
    const ready = view.readyCount;
    fresh.prepare(heavy + 1);
    expect(fresh.wordsWalked).toBeGreaterThan(10_000);
    expect(view.readyCount).toBe(ready);
    expect(view.stateOf(1)).toBe(index.stateAt(heavy).tasks[1]?.state ?? 'not-created');
    const before = fresh.wordsWalked;
    const restores = fresh.restores;
    expect(fresh.stateAt(heavy + 1)).toEqual(index.stateAt(heavy + 1));
    expect(fresh.wordsWalked - before, 'words walked to the prepared step').toBeLessThan(1000);
    expect(fresh.restores - restores, 'the prepared replay is taken over, not restored from a copy').toBe(0);
    fresh.prepare(heavy + 2);
    expect(fresh.wordsWalked - before, 'a step that is not heavy is left alone').toBeLessThan(1000);
    for (const s of [heavy + 2, heavy, heavy + 1, 0, heavy + 3]) expect(fresh.stateAt(s), `step ${s}`).toEqual(index.stateAt(s));
  });

  it.each(SCENARIOS)('%s: prepared ahead at every step (every walk counted heavy), the same answers', (name) => {
    const trace = traceOf(name, 600);
    const index = new TraceIndex(trace);
    const cursor = new ViewCursor(modelOf(trace, 7), trace, { trailSpacing: 4, heavyWords: 1 });
    const order = visitOrder(trace.steps);
    order.forEach((step, i) => {
      const expected = index.stateAt(step);
      expect(cursor.stateAt(step), `step ${step}`).toEqual(expected);
      const view = cursor.viewAt(step, 3);
      // What is prepared next: the step after (the visit's next step, mostly), or another one.
      cursor.prepare(i % 5 === 4 ? Math.floor(step / 2) : step + 1);
      // The view of the step shown stays valid while the next one is prepared.
      expect(view.readyCount, `step ${step}`).toBe(expected.ready.length);
      for (const task of expected.tasks) expect(view.stateOf(task.serial), `step ${step}, task ${task.serial}`).toBe(task.state);
    });
  });

  it('a budget of bytes per word of the stream bounds what the checkpoints hold, and the answers do not change', () => {
    const trace = traceOfSource(MANY_STEPS);
    const modelOf = (bytesPerWord: number) => {
      const builder = new ViewBuilder(trace.source, { checkpointInterval: 1, checkpointBytesPerWord: bytesPerWord, minCheckpointBytes: 0 });
      builder.push(trace.events, trace.floats, trace.strings);
      return builder.finish(trace.end);
    };
    const bytesOf = (checkpoints: readonly Checkpoint[]) => checkpoints.reduce((sum, c) => sum + checkpointBytes(c), 0);
    const generous = modelOf(1000).index.checkpoints;
    const model = modelOf(0.3);
    const tight = model.index.checkpoints;
    expect(tight.length).toBeGreaterThan(1);
    expect(tight.length).toBeLessThan(generous.length);
    // Within the budget, unless 8 checkpoints alone are more.
    const eight = Math.max(...tight.map(checkpointBytes)) * 8;
    expect(bytesOf(tight)).toBeLessThanOrEqual(Math.max(0.3 * trace.events.length, eight));
    const index = new TraceIndex(trace);
    const cursor = new ViewCursor(model, trace, { trailSpacing: 5 });
    for (const step of visitOrder(trace.steps).filter((_, i) => i % 7 === 0)) expect(cursor.stateAt(step), `step ${step}`).toEqual(index.stateAt(step));
  });

  it('a task that has ended is kept in no checkpoint', () => {
    const trace = traceOf('04-server-many-clients.py');
    const model = new ViewBuilder(trace.source, { checkpointInterval: 4 });
    model.push(trace.events, trace.floats, trace.strings);
    const { checkpoints } = model.finish(trace.end).index;
    const index = new TraceIndex(trace);
    expect(checkpoints.length).toBeGreaterThan(3);
    for (const checkpoint of checkpoints) {
      const state = index.stateAt(checkpoint.step);
      const unfinished = state.tasks.filter((t) => !['done', 'cancelled', 'failed'].includes(t.state)).map((t) => t.serial);
      expect(Array.from(checkpoint.liveSerials)).toEqual(unfinished);
    }
  });

  it('many cancelled timers: the heap is rebuilt as the loop rebuilds it, and timers still fire in its order', () => {
    // 150 wait_for timeouts, each cancelled when its sleep ends first: most of the heap is cancelled.
    const trace = traceOfSource(
      py(`
        import asyncio

        async def job(n):
            await asyncio.wait_for(asyncio.sleep((n % 7) / 100), timeout=5)
            await asyncio.sleep(0.5)

        async def main():
            await asyncio.gather(*[job(n) for n in range(150)])

        asyncio.run(main())
      `),
    );
    const index = new TraceIndex(trace);
    const cursor = cursorOf(trace, 64);
    let mostlyCancelled = false;
    for (const step of visitOrder(trace.steps)) {
      const state = index.stateAt(step);
      expect(cursor.stateAt(step), `step ${step}`).toEqual(state);
      if (state.timers.length > 100) mostlyCancelled = true;
    }
    expect(mostlyCancelled).toBe(true);
  });

  it('moves to the page whole: transferred (not copied), the model and its cursor give the same answers', () => {
    const trace = traceOf('05-producer-consumer-bounded-queue.py');
    const builder = new ViewBuilder(trace.source, { checkpointInterval: 4 });
    builder.push(trace.events.subarray(0, 200), trace.floats, trace.strings);
    // A snapshot goes while the builder goes on: its checkpoints are copied, the rest moved.
    const snapshot = builder.snapshot();
    const moved = structuredClone(snapshot, { transfer: transferList(snapshot, { keepCheckpoints: true }) });
    expect(snapshot.axis.stepTick.byteLength).toBe(0);
    expect(moved.axis.steps).toBeGreaterThan(5);
    builder.push(trace.events.subarray(200), new Float64Array(0), trace.strings);
    const model = builder.finish(trace.end);
    const list = transferList(model);
    expect(new Set(list).size).toBe(list.length);
    const copy = structuredClone(model, { transfer: list });
    expect(model.lanes.fromStep.byteLength).toBe(0);
    const index = new TraceIndex(trace);
    const cursor = new ViewCursor(copy, trace);
    for (const step of visitOrder(trace.steps)) expect(cursor.stateAt(step)).toEqual(index.stateAt(step));
  });

  it('timers due at infinity and at NaN: the labels and deadlines TraceIndex gives', () => {
    const trace = traceOfSource(ODD_DEADLINES);
    const index = new TraceIndex(trace);
    const cursor = cursorOf(trace, 2);
    const labels = new Set<string>();
    for (const step of visitOrder(trace.steps)) {
      const state = index.stateAt(step);
      expect(cursor.stateAt(step), `step ${step}`).toEqual(state);
      for (const task of state.tasks) if (task.waitingFor !== null) labels.add(task.waitingFor.label);
    }
    expect([...labels]).toEqual(expect.arrayContaining(['sleep until Infinity', 'sleep until NaN']));
  });

  it('refuses a step outside the run', () => {
    const trace = traceOf('02-three-coroutines-gathered.py');
    const cursor = new ViewCursor(buildViewModel(trace), trace);
    expect(() => cursor.stateAt(-1)).toThrow(RangeError);
    expect(() => cursor.stateAt(trace.steps + 1)).toThrow(RangeError);
    expect(() => cursor.stateAt(0.5)).toThrow(RangeError);
  });

  test('random programs: the same state as TraceIndex at every step', () => {
    fc.assert(
      fc.property(programArbitrary, fc.integer({ min: 1, max: 12 }), (program, interval) => {
        const { trace } = play(programMain(program), LIMITS);
        const index = new TraceIndex(trace, 4);
        const cursor = cursorOf(trace, interval);
        for (const step of visitOrder(trace.steps)) expect(cursor.stateAt(step), `step ${step}`).toEqual(index.stateAt(step));
      }),
      { numRuns: 120 },
    );
  });
});
