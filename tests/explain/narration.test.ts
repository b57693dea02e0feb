/**
 * Narration, from tables: for every kind of handle a step can run (a task's first step, its
 * wake-up after each kind of wait, a step after sleep(0), a sleep's timer, an I/O answer, each
 * combinator's callback, asyncio.run's, call_soon's and call_later's callbacks) and every way a
 * step or a run can end, the sentence the narration gives, checked word for word.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { DEFINITIONS, TERMS } from '../../scheduler/explain/glossary.ts';
import { narrate } from '../../scheduler/explain/narration.ts';
import { clippedCode } from '../../scheduler/explain/words.ts';
import { explain } from './support.ts';
import { PRIMITIVES } from './programs.ts';

const SLEEP = explain(`
  import asyncio

  async def main():
      print("start")
      await asyncio.sleep(1)
      print("done")

  asyncio.run(main())
`);

const YIELD = explain(`
  import asyncio

  async def spin(name):
      for i in range(2):
          await asyncio.sleep(0)

  async def main():
      await asyncio.gather(spin("a"), spin("b"))

  asyncio.run(main())
`);


const COMBINATORS = explain(`
  import asyncio

  async def work(name, delay, fail=False):
      await asyncio.sleep(delay)
      if fail:
          raise ValueError(f"{name} broke")
      return name

  async def main():
      print(await asyncio.wait_for(work("fast", 0.1), timeout=1))
      try:
          await asyncio.wait_for(work("slow", 5), timeout=0.2)
      except TimeoutError:
          print("timed out")
      try:
          async with asyncio.timeout(0.1):
              await asyncio.sleep(1)
      except TimeoutError:
          print("deadline")
      try:
          async with asyncio.TaskGroup() as tg:
              tg.create_task(work("ok", 0.5))
              tg.create_task(work("bad", 0.1, True))
      except* ValueError:
          print("group failed")
      t = asyncio.create_task(work("w", 0.1))
      done, pending = await asyncio.wait([t])
      for f in asyncio.as_completed([work("x", 0.1)]):
          print(await f)
      print(await asyncio.shield(work("s", 0.1)))
      loop = asyncio.get_running_loop()
      loop.call_soon(print, "soon")
      loop.call_later(0.1, print, "later")
      await asyncio.sleep(0.2)

  asyncio.run(main())
`);

const ENDS = explain(`
  import asyncio
  import time

  async def boom():
      await asyncio.sleep(0.1)
      raise KeyError("k")

  async def victim():
      try:
          await asyncio.sleep(10)
      except asyncio.CancelledError:
          print("cleaning up")
          raise

  async def main():
      v = asyncio.create_task(victim())
      await asyncio.sleep(0.1)
      v.cancel("stop")
      try:
          await v
      except asyncio.CancelledError:
          pass
      time.sleep(0.5)
      b = asyncio.create_task(boom())
      try:
          await b
      except KeyError:
          print("caught")
      await b2()

  async def b2():
      raise RuntimeError("bad end")

  asyncio.run(main())
`);

const IO = explain(`
  import asyncio
  import aiohttp

  LATENCY = {"https://example.com/items/0": 0.3}

  async def main():
      async with aiohttp.ClientSession() as session:
          async with session.get("https://example.com/items/0") as response:
              print(response.status)

  asyncio.run(main())
`);

describe('narration: the start, and a task going through a sleep', () => {
  test.each([
    [0, "Nothing has run yet: asyncio.run has created Task-1 for main() and put its first step in the ready queue. The first tick will run it."],
    [1, "Tick 1, t = 0.000 s: Task-1 starts running main(), prints 'start', then pauses at line 5 in asyncio.sleep(1): a timer will finish its future at t = 1.000 s."],
    [2, "Nothing is ready, so the loop waits 1 s for the next timer. Tick 2, t = 1.000 s: the timer of Task-1's asyncio.sleep(1) fires. Its callback finishes the sleep’s future, which queues Task-1’s wake-up for the next tick."],
    [3, "Tick 3, t = 1.000 s: Task-1’s sleep is over, so it resumes at line 5, prints 'done' and returns: Task-1 is done."],
    [4, 'Tick 4, t = 1.000 s: Task-1 has finished, so this callback of asyncio.run stops the loop at the end of this tick.'],
  ])('boundary %i', (boundary, sentence) => {
    expect(SLEEP.say(boundary)).toBe(sentence);
  });

  test('the detailed form names the handles and futures', () => {
    expect(SLEEP.say(2, true)).toBe(
      "Nothing is ready, so the loop waits 1 s for the next timer. Tick 2, t = 1.000 s: [handle #1, sleep] the timer of Task-1's asyncio.sleep(1) fires. Its callback finishes the sleep’s future (#1), which queues Task-1’s wake-up (handle #2) for the next tick.",
    );
    expect(SLEEP.say(3, true)).toBe("Tick 3, t = 1.000 s: [handle #2, Task.__wakeup of Task-1] Task-1’s sleep is over, so it resumes at line 5 (the future #1 it awaited is done), prints 'done' and returns: Task-1 is done.");
    // The beginner form never shows ids.
    for (let b = 0; b <= SLEEP.index.steps; b++) expect(SLEEP.say(b)).not.toMatch(/#\d/);
  });

  test('the last boundary adds how the run ended', () => {
    expect(SLEEP.say(SLEEP.index.steps)).toMatch(/The run is over at t = 1\.000 s: every task has finished and the loop is closed\.$/);
  });
});

describe('narration: every kind of handle', () => {
  test.each([
    ['a step after sleep(0)', () => YIELD.say(YIELD.step({ task: 'Task-2', nth: 1 }) + 1), 'Tick 3, t = 0.000 s: Task-2 continues after asyncio.sleep(0) at line 5, then gives way with asyncio.sleep(0): its step goes to the back of the ready queue.'],
    ['gather’s callback, not the last child', () => YIELD.say(YIELD.step({ label: 'gather._done_callback' }) + 1), 'Tick 5, t = 0.000 s: gather’s bookkeeping sees that Task-2 finished and goes on waiting for the others.'],
    ['gather’s callback, the last child', () => YIELD.say(YIELD.step({ label: 'gather._done_callback', nth: 1 }) + 1), 'gather’s bookkeeping sees that Task-3 finished: that was the last child, so the gather’s future is done and Task-1’s wake-up is queued.'],
    ['a wake-up through gather', () => YIELD.say(YIELD.step({ task: 'Task-1', nth: 1 }) + 1), 'Tick 6, t = 0.000 s: Task-3 finished and gather is done, so Task-1 resumes at line 8 and returns: Task-1 is done.'],
    ['a wake-up by Lock.release', () => PRIMITIVES.say(PRIMITIVES.step({ task: 'Task-3', kind: 'wakeup' }) + 1), "Tick 6, t = 0.100 s: Task-2 released lock, so Task-3 resumes at line 21, prints 'waiter has the lock', then waits at line 23 for a free slot of sem (held by Task-2)."],
    ['a wake-up by Semaphore.release', () => PRIMITIVES.say(PRIMITIVES.step({ task: 'Task-3', kind: 'wakeup', nth: 1 }) + 1), 'Tick 9, t = 0.200 s: Task-2 released sem, so Task-3 resumes at line 23, then waits at line 25 until ready is set.'],
    ['a wake-up by Event.set', () => PRIMITIVES.say(PRIMITIVES.step({ task: 'Task-3', kind: 'wakeup', nth: 2 }) + 1), 'Tick 12, t = 0.300 s: Task-2 set ready, so Task-3 resumes at line 25, then waits at line 27 on cond until it is notified (the lock is released meanwhile).'],
    ['a wake-up by Condition.notify', () => PRIMITIVES.say(PRIMITIVES.step({ task: 'Task-3', kind: 'wakeup', nth: 3 }) + 1), 'Tick 15, t = 0.400 s: Task-2 notified cond, so Task-3 resumes at line 27, then waits at line 28 for an item in queue.'],
    ['a wake-up by Queue.put', () => PRIMITIVES.say(PRIMITIVES.step({ task: 'Task-3', kind: 'wakeup', nth: 4 }) + 1), "Tick 18, t = 0.500 s: Task-2 put an item in queue, so Task-3 resumes at line 28, takes an item from queue (waking Task-2), prints 'item', then pauses at line 29 in asyncio.sleep(0.1): a timer will finish its future at t = 0.600 s."],
    ['a wake-up by Queue.get (a slot freed)', () => PRIMITIVES.say(PRIMITIVES.step({ task: 'Task-2', kind: 'wakeup', nth: 5 }) + 1), 'Tick 19, t = 0.500 s: Task-3 took an item from queue, so Task-2 resumes at line 17 and returns: Task-2 is done.'],
    ['the releasing step names who it woke', () => PRIMITIVES.say(PRIMITIVES.step({ task: 'Task-2', kind: 'wakeup' }) + 1), "Tick 5, t = 0.100 s: Task-2’s sleep is over, so it resumes at line 5, prints 'holder works', releases lock (waking Task-3), then pauses at line 8 in asyncio.sleep(0.1): a timer will finish its future at t = 0.200 s."],
    ['wait_for’s callback', () => COMBINATORS.say(COMBINATORS.step({ label: '_release_waiter', kind: 'callback' }) + 1), 'Tick 5, t = 0.100 s: wait_for sees that Task-2 finished and queues Task-1’s wake-up.'],
    ['wait_for’s timeout timer', () => COMBINATORS.say(COMBINATORS.step({ label: '_release_waiter', kind: 'timer' }) + 1), "Nothing is ready, so the loop waits 0.2 s for the next timer. Tick 8, t = 0.300 s: the timeout of Task-1's wait_for fires: its timer queues Task-1's wake-up, and it will give up waiting."],
    ['asyncio.timeout’s timer', () => COMBINATORS.say(COMBINATORS.step({ label: 'Timeout._on_timeout' }) + 1), "Nothing is ready, so the loop waits 0.1 s for the next timer. Tick 13, t = 0.400 s: the deadline of Task-1's asyncio.timeout() passes: its timer cancels Task-1, which will receive CancelledError at its await."],
    ['a TaskGroup’s callback after a failure', () => COMBINATORS.say(COMBINATORS.step({ label: 'TaskGroup._on_task_done' }) + 1), 'Tick 18, t = 0.500 s: the TaskGroup sees that Task-5 failed with ValueError: bad broke, so it cancels the other children and its body: Task-4 and Task-1.'],
    ['a TaskGroup’s callback for the last child', () => COMBINATORS.say(COMBINATORS.step({ label: 'TaskGroup._on_task_done', nth: 1 }) + 1), 'Tick 20, t = 0.500 s: the TaskGroup sees that Task-4 was cancelled: it was the last child, so Task-1’s wake-up is queued to leave the async with.'],
    ['asyncio.wait’s callback', () => COMBINATORS.say(COMBINATORS.step({ label: '_wait._on_completion' }) + 1), 'Tick 25, t = 0.600 s: asyncio.wait sees that Task-6 finished and queues Task-1’s wake-up.'],
    ['as_completed’s callback', () => COMBINATORS.say(COMBINATORS.step({ label: 'as_completed._on_completion' }) + 1), 'Tick 30, t = 0.700 s: as_completed sees that Task-7 finished and queues Task-1’s wake-up.'],
    ['a wake-up through as_completed', () => COMBINATORS.say(COMBINATORS.step({ label: 'as_completed._on_completion' }) + 2), "Tick 31, t = 0.700 s: Task-7 finished and as_completed hands it over, so Task-1 resumes at line 29, prints 'x', creates Task-8, then waits at line 30 for shield(Task-8)."],
    ['shield’s callback', () => COMBINATORS.say(COMBINATORS.step({ label: 'shield._inner_done_callback' }) + 1), 'Tick 35, t = 0.800 s: shield passes on that Task-8 finished.'],
    ['a call_soon callback', () => COMBINATORS.say(COMBINATORS.step({ label: "print('soon')" }) + 1), "Tick 37, t = 0.800 s: the callback print('soon'), queued with call_soon by Task-1, runs and prints 'soon'."],
    ['a call_later timer', () => COMBINATORS.say(COMBINATORS.step({ label: "print('later')" }) + 1), "Nothing is ready, so the loop waits 0.1 s for the next timer. Tick 38, t = 0.900 s: the timer armed with call_later(0.1, …) fires and runs print('later'), which prints 'later'."],
    ['a simulated I/O answer', () => IO.say(IO.step({ label: 'sleep' }) + 1), 'Nothing is ready, so the loop waits 0.3 s for the next timer. Tick 2, t = 0.300 s: the simulated server answers Task-1\'s GET example.com/items/0 after 0.3 s (200 OK): the timer finishes the request’s future, which queues Task-1’s wake-up for the next tick.'],
    ['a wake-up after I/O', () => IO.say(IO.step({ label: 'sleep' }) + 2), 'Tick 3, t = 0.300 s: the answer to GET example.com/items/0 arrived, so Task-1 resumes at line 8, prints \'200\' and returns: Task-1 is done.'],
  ])('%s', (_what, sentence, expected) => {
    expect(sentence()).toBe(expected);
  });
});

describe('narration: every way a step ends', () => {
  test.each([
    ['it sends a request and waits for the answer', () => IO.say(1), 'Tick 1, t = 0.000 s: Task-1 starts running main(), then sends GET example.com/items/0 at line 8 and waits for the simulated answer, due at t = 0.300 s (0.3 s of latency).'],
    ['it waits for a lock held by another task', () => PRIMITIVES.say(4), 'Tick 3, t = 0.000 s: Task-3 continues after asyncio.sleep(0) at line 20, then waits at line 21 for the lock lock, held by Task-2.'],
    ['it waits in gather', () => YIELD.say(1), 'Tick 1, t = 0.000 s: Task-1 starts running main(), creates Task-2 and Task-3, then waits at line 8 for gather(Task-2, Task-3).'],
    ['it waits for a task', () => ENDS.say(ENDS.step({ task: 'Task-1', nth: 1 }) + 1), 'Tick 4, t = 0.100 s: Task-1’s sleep is over, so it resumes at line 17, cancels Task-2, then waits at line 20 for Task-2 to finish.'],
    ['CancelledError lands at its await, and it ends cancelled', () => ENDS.say(ENDS.step({ task: 'Task-2', nth: 1 }) + 1), "Tick 5, t = 0.100 s: CancelledError lands in Task-2 at its await on line 10 (Task-1 cancelled it), prints 'cleaning up' and ends cancelled."],
    ['it blocks the loop', () => ENDS.say(ENDS.step({ task: 'Task-1', nth: 2 }) + 1), 'Tick 6, t = 0.100 s: Task-2 was cancelled, so Task-1 resumes at line 20, blocks the whole loop for 0.5 s in time.sleep (line 23), so nothing else can run, creates Task-3, then waits at line 26 for Task-3 to finish.'],
    ['it fails with an exception', () => ENDS.say(ENDS.step({ task: 'Task-3', nth: 1 }) + 1), "Tick 9, t = 0.700 s: Task-3’s sleep is over, so it resumes at line 5 and fails with KeyError: 'k' (raised at line 6)."],
    ['an exception wakes the awaiting task', () => ENDS.say(ENDS.step({ task: 'Task-1', nth: 3 }) + 1), "Tick 10, t = 0.700 s: Task-3 failed with KeyError: 'k', so Task-1 resumes at line 26, prints 'caught' and fails with RuntimeError: bad end (raised at line 32)."],
    ['a cancel lands in the body of an asyncio.timeout block', () => COMBINATORS.say(COMBINATORS.step({ label: 'Timeout._on_timeout' }) + 2), "Tick 14, t = 0.400 s: CancelledError lands in Task-1 at its await on line 17 (its asyncio.timeout() deadline passed), prints 'deadline', creates Task-4 and Task-5, then waits at line 21, at the end of its async with TaskGroup(), for Task-4 and Task-5."],
    ['a TaskGroup cancels a sibling', () => COMBINATORS.say(COMBINATORS.step({ label: 'TaskGroup._on_task_done' }) + 2), 'Tick 19, t = 0.500 s: CancelledError lands in Task-4 at its await on line 4 (its TaskGroup cancelled it after Task-5 failed) and ends cancelled.'],
    ['it waits in asyncio.wait', () => COMBINATORS.say(COMBINATORS.step({ label: 'TaskGroup._on_task_done', nth: 1 }) + 2), "Tick 21, t = 0.500 s: Task-4 was cancelled and TaskGroup is done, so Task-1 resumes at line 21, prints 'group failed', creates Task-6, then waits at line 27 in asyncio.wait for Task-6."],
  ])('%s', (_what, sentence, expected) => {
    expect(sentence()).toBe(expected);
  });

  test('a task cancelled before it ever ran', () => {
    const run = explain(`
      import asyncio

      async def never():
          print("never printed")

      async def main():
          t = asyncio.create_task(never())
          t.cancel()
          await asyncio.sleep(0)

      asyncio.run(main())
    `);
    expect(run.say(run.step({ task: 'Task-2' }) + 1)).toBe('Tick 2, t = 0.000 s: Task-2 was cancelled before it ever ran (Task-1 cancelled it): CancelledError is raised at its start, so none of never() runs: it ends cancelled.');
  });
});

describe('narration: how a run ends', () => {
  test.each([
    ['ok', SLEEP, /The run is over at t = 1\.000 s: every task has finished and the loop is closed\.$/],
    ['error', ENDS, /The run ends with RuntimeError: bad end, which nothing caught\.$/],
  ])('%s', (_kind, run, ending) => {
    expect(run.say(run.index.steps)).toMatch(ending);
  });

  test('deadlock', () => {
    const run = explain(`
      import asyncio

      async def main():
          await asyncio.Event().wait()

      asyncio.run(main())
    `);
    expect(run.say(1)).toBe(
      'Tick 1, t = 0.000 s: Task-1 starts running main(), then waits at line 4 until Event#1 is set. Now the ready queue is empty and no timer is pending: nothing can wake Task-1 again, so the program hangs forever (a deadlock).',
    );
  });

  test('limit', () => {
    const run = explain(
      `
      import asyncio

      async def main():
          while True:
              await asyncio.sleep(0)

      asyncio.run(main())
    `,
      { maxTicks: 5 },
    );
    expect(run.say(run.index.steps)).toBe(
      'Tick 5, t = 0.000 s: Task-1 continues after asyncio.sleep(0) at line 5, then gives way with asyncio.sleep(0): its step goes to the back of the ready queue. The run was stopped here: the run reached 5 ticks.',
    );
  });

  test('a program that never starts a loop', () => {
    const run = explain(`
      import time

      for i in range(3):
          print(i)
          time.sleep(1)
    `);
    expect(run.index.steps).toBe(0);
    expect(run.say(0)).toBe('This program never starts an event loop: its module-level code runs on the main thread, one line after the other, and blocks it for 3 s in 3 calls of time.sleep, during which nothing else can happen. The program ends at t = 3.000 s.');
  });

  test('a loop the program runs itself: the start names run_until_complete, and the run plays to the end', () => {
    const run = explain(`
      import asyncio

      async def main():
          await asyncio.sleep(0.1)
          print("done")

      loop = asyncio.new_event_loop()
      loop.run_until_complete(main())
      loop.close()
    `);
    expect(run.say(0)).toBe('Nothing has run yet: loop.run_until_complete has created Task-1 for main() and put its first step in the ready queue. The first tick will run it.');
    expect(run.say(run.index.steps)).toContain('Task-1 has finished, so this callback of loop.run_until_complete stops the loop at the end of this tick.');
  });

  test('each run of a loop is its own span of the main thread, over its own ticks, with the blocks between them', () => {
    const run = explain(`
      import asyncio, time

      async def job(delay):
          await asyncio.sleep(delay)

      loop = asyncio.new_event_loop()
      loop.run_until_complete(job(0.1))
      time.sleep(1)
      loop.run_until_complete(job(0.2))
      asyncio.run(job(0.3))
    `);
    const spans = run.index.mainThread.filter((span) => span.kind !== 'code').map(({ kind, line, tickFrom, tickTo }) => ({ kind, line, tickFrom, tickTo }));
    const ticks = Math.max(...run.index.stepTick) + 1;
    expect(spans.map((span) => [span.kind, span.line])).toEqual([
      ['loop', 7],
      ['blocked', 8],
      ['loop', 9],
      ['loop', 10],
    ]);
    // Side by side: each run starts on the tick the one before it ended, and the last ends with the run.
    expect(spans[0]!.tickFrom).toBe(0);
    expect(spans[1]!.tickFrom).toBe(spans[0]!.tickTo);
    expect(spans[2]!.tickFrom).toBe(spans[0]!.tickTo);
    expect(spans[3]!.tickFrom).toBe(spans[2]!.tickTo);
    expect(spans[3]!.tickTo).toBe(ticks);
    for (const span of spans) expect(span.tickTo).toBeGreaterThanOrEqual(span.tickFrom);
  });

  test('module-level blocking before asyncio.run is told at the start', () => {
    const run = explain(`
      import asyncio
      import time

      async def main():
          pass

      time.sleep(1.5)
      asyncio.run(main())
    `);
    expect(run.say(0)).toBe('Before the loop starts, the module-level code blocks the main thread for 1.5 s in time.sleep. Nothing has run yet: asyncio.run has created Task-1 for main() and put its first step in the ready queue. The first tick will run it.');
  });
});

describe('narration: warnings, at the step that writes them', () => {
  test('never awaited and never retrieved', () => {
    const run = explain(`
      import asyncio

      async def greet():
          pass

      async def fail():
          raise ValueError("lost")

      async def main():
          greet()
          asyncio.create_task(fail())
          await asyncio.sleep(0.1)

      asyncio.run(main())
    `);
    expect(run.say(1)).toBe('Tick 1, t = 0.000 s: Task-1 starts running main(), creates Task-2, then pauses at line 12 in asyncio.sleep(0.1): a timer will finish its future at t = 0.100 s. Python warns (line 10): coroutine \'greet\' was never awaited.');
    expect(run.say(2)).toBe('Tick 2, t = 0.000 s: Task-2 starts running fail() and fails with ValueError: lost (raised at line 7). At the end of the tick asyncio logs “Task exception was never retrieved” for Task-2 (line 7).');
  });
});

describe('narration: code from the run is cut to a line', () => {
  const WIDE = explain(`
    import asyncio

    async def worker(n):
        await asyncio.sleep(0.1)

    async def main():
        await asyncio.gather(*[worker(n) for n in range(300)])

    asyncio.run(main())
  `);

  test('a gather of 300 tasks is named by its first arguments and a count of the rest', () => {
    const code = narrate(WIDE.index, 1).pieces.filter((piece) => piece.code === true && piece.text.startsWith('gather('));
    expect(code.length).toBe(1);
    const text = (code[0] as { text: string }).text;
    expect(text).toMatch(/^gather\(Task-2, Task-3, Task-4, (Task-\d+, )*… [\d,]+ more\)$/);
    expect(text.length).toBeLessThanOrEqual(80);
    const shown = text.match(/Task-\d+/g)?.length ?? 0;
    expect(Number(/… ([\d,]+) more/.exec(text)?.[1]?.replace(/,/g, ''))).toBe(300 - shown);
  });

  test.each([
    ['short code stays as it is', 'asyncio.sleep(0.5)', 'asyncio.sleep(0.5)'],
    ['brackets and quotes hold their commas', `f(${'"a, b", '.repeat(12)}[1, 2], (3, 4))`, 'f("a, b", "a, b", "a, b", "a, b", "a, b", "a, b", "a, b", … 7 more)'],
    ['text that is not a call is cut with an ellipsis', 'x'.repeat(100), `${'x'.repeat(79)}…`],
    ['a call whose first argument is too long is cut too', `g(${'y'.repeat(100)})`, `g(${'y'.repeat(77)}…`],
  ])('%s', (_, text, clipped) => {
    expect(clippedCode(text)).toBe(clipped);
  });

  test('a long call keeps a prefix of its arguments and counts the rest, in 80 characters', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-z0-9_.-]{1,30}$/), { minLength: 1, maxLength: 400 }), (args) => {
        const text = `gather(${args.join(', ')})`;
        const clipped = clippedCode(text);
        if (text.length <= 80) {
          expect(clipped).toBe(text);
          return;
        }
        expect(clipped.length).toBeLessThanOrEqual(80);
        const [, shown, rest] = /^gather\((.*), … ([\d,]+) more\)$/.exec(clipped) ?? [];
        const kept = (shown as string).split(', ');
        expect(kept).toEqual(args.slice(0, kept.length));
        expect(kept.length + Number((rest as string).replace(/,/g, ''))).toBe(args.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the glossary terms', () => {
  test('each term is defined, and marked where it first appears in a sentence', () => {
    for (const term of TERMS) expect(DEFINITIONS[term].length).toBeGreaterThan(40);
    const pieces = narrate(SLEEP.index, 2).pieces;
    const marked = pieces.filter((p) => p.term !== undefined).map((p) => p.term);
    expect(marked).toEqual(['timer', 'future', 'wake-up']);
    // "timer" appears twice in that sentence; only its first appearance carries the definition.
    expect(pieces.map((p) => p.text).join('').match(/timer/g)?.length).toBe(2);
    expect(new Set(marked).size).toBe(marked.length);
    const opening = narrate(SLEEP.index, 0).pieces.filter((p) => p.term !== undefined).map((p) => p.term);
    expect(opening).toEqual(['ready queue', 'tick']);
    const detailed = narrate(SLEEP.index, 3, { detail: true }).pieces.filter((p) => p.term !== undefined).map((p) => p.term);
    expect(detailed).toEqual(['handle', 'future']);
  });
});
