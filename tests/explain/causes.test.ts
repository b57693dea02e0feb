/**
 * Cause and effect, from tables: for every kind of cause the trace records (a timer, an I/O
 * answer, Lock.release, Semaphore.release, Event.set, Condition.notify, Queue.put and get, a
 * finished, failed or cancelled task seen directly or through gather, wait_for, wait,
 * as_completed, shield or a TaskGroup, task.cancel(), a TaskGroup cancelling its children,
 * asyncio.timeout, asyncio.run's clean-up, a plain future's result), the arrow drawn from the
 * cause to the task it woke, and the words it is named with in the ready queue.
 */
import { describe, expect, test } from 'vitest';
import { arrowsAt, arrowsBetween, handleCauseWords, type Arrow } from '../../scheduler/explain/causes.ts';
import { causeOfStep, taskName, type ExplainIndex } from '../../scheduler/explain/index.ts';
import { explain, type Explained } from './support.ts';
import { PRIMITIVES } from './programs.ts';

/** An arrow as one line: "kind/family from@step -> to@step: label". */
function show(index: ExplainIndex, a: Arrow): string {
  return `${a.kind}/${a.family} ${a.fromTask >= 0 ? taskName(index, a.fromTask) : 'loop'}@${a.fromStep} -> ${taskName(index, a.toTask)}@${a.toStep}: ${a.label}`;
}
const allArrows = (run: Explained): string[] => arrowsBetween(run.index, 0, run.index.steps).map((a) => show(run.index, a));


const COMBINATORS = explain(`
  import asyncio

  async def work(delay, fail=False):
      await asyncio.sleep(delay)
      if fail:
          raise ValueError("broke")

  async def main():
      await asyncio.wait_for(work(0.1), timeout=1)
      try:
          await asyncio.wait_for(work(5), timeout=0.2)
      except TimeoutError:
          pass
      try:
          async with asyncio.timeout(0.1):
              await asyncio.sleep(1)
      except TimeoutError:
          pass
      try:
          async with asyncio.TaskGroup() as tg:
              tg.create_task(work(0.5))
              tg.create_task(work(0.1, True))
      except* ValueError:
          pass
      await asyncio.wait([asyncio.create_task(work(0.1))])
      for f in asyncio.as_completed([work(0.1)]):
          await f
      await asyncio.shield(work(0.1))

  asyncio.run(main())
`);

const TASKS = explain(`
  import asyncio
  import aiohttp

  async def job(delay, fail):
      await asyncio.sleep(delay)
      if fail:
          raise KeyError("k")

  async def setter(fut):
      await asyncio.sleep(0.1)
      fut.set_result(42)

  async def forever():
      await asyncio.sleep(100)

  async def main():
      try:
          await asyncio.gather(job(0.1, False), job(0.2, True))
      except KeyError:
          pass
      fut = asyncio.get_running_loop().create_future()
      asyncio.create_task(setter(fut))
      await fut
      async with aiohttp.ClientSession() as session:
          await session.get("https://example.org/")
      global leftover
      leftover = asyncio.create_task(forever())
      await asyncio.sleep(0)

  asyncio.run(main())
`);

const RUNS = { PRIMITIVES, COMBINATORS, TASKS };

describe('every kind of cause has its arrow', () => {
  test.each([
    ['PRIMITIVES', 'timer/timer Task-2@4 -> Task-2@5: its sleep is over'],
    ['PRIMITIVES', 'lock-release/wake Task-2@5 -> Task-3@6: Task-2 released lock'],
    ['PRIMITIVES', 'semaphore-release/wake Task-2@8 -> Task-3@9: Task-2 released sem'],
    ['PRIMITIVES', 'event-set/wake Task-2@11 -> Task-3@12: Task-2 set ready'],
    ['PRIMITIVES', 'condition-notify/wake Task-2@14 -> Task-3@15: Task-2 notified cond'],
    ['PRIMITIVES', 'queue-put/wake Task-2@17 -> Task-3@18: Task-2 put an item in queue'],
    ['PRIMITIVES', 'queue-get/wake Task-3@18 -> Task-2@19: Task-3 took an item from queue'],
    ['PRIMITIVES', 'task-done/done Task-3@22 -> Task-1@24: Task-3 finished and gather is done'],
    ['COMBINATORS', 'task-done/done Task-2@3 -> Task-1@5: Task-2 finished and wait_for is done'],
    ['COMBINATORS', 'timeout/timer Task-1@7 -> Task-1@8: the timeout of wait_for fired'],
    ['COMBINATORS', 'cancel/cancel Task-1@8 -> Task-3@9: Task-1 cancelled it'],
    ['COMBINATORS', 'task-cancelled/cancel Task-3@9 -> Task-1@11: Task-3 was cancelled and wait_for is done'],
    ['COMBINATORS', 'timeout-cancel/cancel Task-1@12 -> Task-1@13: its asyncio.timeout() deadline passed'],
    ['COMBINATORS', 'group-cancel/cancel Task-5@17 -> Task-4@19: its TaskGroup cancelled it after Task-5 failed'],
    ['COMBINATORS', 'group-cancel/cancel Task-5@17 -> Task-1@20: its TaskGroup cancelled it after Task-5 failed'],
    ['COMBINATORS', 'task-cancelled/cancel Task-4@19 -> Task-1@22: Task-4 was cancelled and TaskGroup is done'],
    ['COMBINATORS', 'task-done/done Task-6@25 -> Task-1@27: Task-6 finished and wait is done'],
    ['COMBINATORS', 'task-done/done Task-7@30 -> Task-1@32: Task-7 finished and as_completed hands it over'],
    ['COMBINATORS', 'task-done/done Task-8@35 -> Task-1@38: Task-8 finished and shield is done'],
    ['TASKS', "task-failed/exception Task-3@7 -> Task-1@9: Task-3 failed with KeyError: 'k' and gather passes it on"],
    ['TASKS', "future/wake Task-4@12 -> Task-1@13: Task-4 set its future's result"],
    ['TASKS', 'io/timer Task-1@14 -> Task-1@15: the answer to GET example.org arrived'],
    ['TASKS', 'shutdown-cancel/cancel loop@18 -> Task-5@19: asyncio.run cancelled the tasks left over'],
  ])('%s: %s', (program, arrow) => {
    expect(allArrows(RUNS[program as keyof typeof RUNS])).toContain(arrow);
  });

  test('a task awaited directly: finished, failed, cancelled', () => {
    const run = explain(`
      import asyncio

      async def child(fail):
          await asyncio.sleep(0.1)
          if fail:
              raise ValueError("no")

      async def main():
          await asyncio.create_task(child(False))
          try:
              await asyncio.create_task(child(True))
          except ValueError:
              pass
          t = asyncio.create_task(child(False))
          await asyncio.sleep(0)
          t.cancel()
          try:
              await t
          except asyncio.CancelledError:
              pass

      asyncio.run(main())
    `);
    const arrows = allArrows(run);
    expect(arrows).toContain('task-done/done Task-2@3 -> Task-1@4: Task-2 finished');
    expect(arrows).toContain('task-failed/exception Task-3@7 -> Task-1@8: Task-3 failed with ValueError: no');
    expect(arrows).toContain('task-cancelled/cancel Task-4@11 -> Task-1@12: Task-4 was cancelled');
  });

  test('creation and sleep(0) re-queues are not drawn: they are not wake-ups', () => {
    const run = explain(`
      import asyncio

      async def spin():
          await asyncio.sleep(0)

      async def main():
          await asyncio.create_task(spin())

      asyncio.run(main())
    `);
    expect(allArrows(run)).toEqual(['task-done/done Task-2@2 -> Task-1@3: Task-2 finished']);
    expect(causeOfStep(run.index, 1)?.kind).toBe('created');
    expect(causeOfStep(run.index, 2)?.kind).toBe('yield');
  });
});

describe('arrows at the cursor', () => {
  test('why the step just run ran, what it woke, and why the next one runs', () => {
    const { index } = PRIMITIVES;
    // After step 5 (the holder, woken by its timer, released the lock): why it ran, and its
    // effect, the waiter's wake-up at step 6, which is also why the next step runs.
    expect(arrowsAt(index, 6).map((a) => show(index, a))).toEqual(['timer/timer Task-2@4 -> Task-2@5: its sleep is over', 'lock-release/wake Task-2@5 -> Task-3@6: Task-2 released lock']);
    // After the waiter's step: why it ran.
    expect(arrowsAt(index, 7).map((a) => show(index, a))).toEqual(['lock-release/wake Task-2@5 -> Task-3@6: Task-2 released lock']);
    // Just before the holder's own wake-up: the timer that queued it.
    expect(arrowsAt(index, 5).map((a) => show(index, a))).toEqual(['timer/timer Task-2@4 -> Task-2@5: its sleep is over']);
    // At the start, nothing has a cause yet.
    expect(arrowsAt(index, 0)).toEqual([]);
  });

  test('the arrows found for a boundary are kept for the next ask, by index, and the same as found anew', () => {
    const { index } = PRIMITIVES;
    const shown = (boundary: number): string[] => arrowsAt(index, boundary).map((a) => show(index, a));
    const first = arrowsAt(index, 6);
    expect(arrowsAt(index, 6)).toBe(first);
    // Past the last few boundaries kept, it is found again, with the same arrows.
    for (const boundary of [1, 2, 3, 4, 5, 7]) arrowsAt(index, boundary);
    expect(arrowsAt(index, 6)).not.toBe(first);
    expect(arrowsAt(index, 6)).toEqual(first);
    expect(shown(6)).toEqual(['timer/timer Task-2@4 -> Task-2@5: its sleep is over', 'lock-release/wake Task-2@5 -> Task-3@6: Task-2 released lock']);
    // Another run's index at the same boundary has its own arrows.
    expect(arrowsAt(TASKS.index, 6)).not.toBe(arrowsAt(index, 6));
  });

  test('a TaskGroup cancelling its children: one arrow to each, from the failing child', () => {
    const { index } = COMBINATORS;
    const failing = 17;
    const fromFailure = arrowsBetween(index, 0, index.steps).filter((a) => a.fromStep === failing && a.kind === 'group-cancel');
    expect(fromFailure.map((a) => taskName(index, a.toTask))).toEqual(['Task-4', 'Task-1']);
  });

  test('all arrows in view are capped, evenly spread', () => {
    const { index } = COMBINATORS;
    const all = arrowsBetween(index, 0, index.steps);
    const capped = arrowsBetween(index, 0, index.steps, 5);
    expect(all.length).toBeGreaterThan(10);
    expect(capped.length).toBeLessThanOrEqual(5);
    expect(capped[0]).toEqual(all[0]);
    // A window only finds arrows that touch it.
    for (const a of arrowsBetween(index, 20, 25)) expect(a.toStep >= 20 || a.fromStep < 25).toBe(true);
  });
});

describe('named causes in the ready queue', () => {
  test('a wake-up names who woke it and with what', () => {
    const { index } = PRIMITIVES;
    const wakeup = index.stepHandle[6] as number;
    expect(handleCauseWords(index, wakeup, index.stepTask[6] as number)).toBe('Task-2 released lock');
    const timerWake = index.stepHandle[5] as number;
    expect(handleCauseWords(index, timerWake, index.stepTask[5] as number)).toBe('its sleep is over');
  });
});
