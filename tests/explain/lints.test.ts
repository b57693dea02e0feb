/**
 * Learner lints on both sides: each fires on a program that makes the mistake, with its id, its
 * explanation and the lines involved; and none fires where the program does it right, including
 * every gallery scenario that is not about that mistake.
 */
import { describe, expect, test } from 'vitest';
import { LINT_IDS, findLints, type Lint } from '../../scheduler/explain/lints.ts';
import { SCENARIOS, scenarioSource, traceOf } from '../renderer/support.ts';
import { explain } from './support.ts';

const lintsOf = (source: string): Lint[] => findLints(explain(source).trace);
const brief = (lints: Lint[]): string[] => lints.map((l) => `${l.id} [${l.lines.join(',')}]: ${l.title}`);

describe('each lint fires where it should', () => {
  test.each([
    [
      'blocking-call',
      `
      import asyncio
      import time

      async def main():
          time.sleep(0.3)
          await asyncio.sleep(0)

      asyncio.run(main())
      `,
      'blocking-call [5]: The loop was blocked for 0.3 s at line 5: Task-1 ran without awaiting, and every other task waited',
    ],
    [
      'blocking-call, a CPU-bound step made of short blocks',
      `
      import asyncio
      import time

      def chunk():
          time.sleep(0.04)

      async def main():
          for i in range(3):
              chunk()
          await asyncio.sleep(0)

      asyncio.run(main())
      `,
      'blocking-call [5]: The loop was blocked for 0.12 s at line 5: Task-1 ran without awaiting, and every other task waited',
    ],
    [
      'never-awaited',
      `
      import asyncio

      async def greet():
          print("hi")

      async def main():
          greet()

      asyncio.run(main())
      `,
      "never-awaited [7]: coroutine 'greet' was never awaited (line 7)",
    ],
    [
      'exception-never-retrieved',
      `
      import asyncio

      async def fail():
          raise ValueError("lost")

      async def main():
          t = asyncio.create_task(fail())
          await asyncio.sleep(0.1)

      asyncio.run(main())
      `,
      'exception-never-retrieved [4,7]: Task-2 failed with ValueError: lost (line 4) and nobody retrieved the exception',
    ],
    [
      'fire-and-forget',
      `
      import asyncio

      async def work():
          await asyncio.sleep(0.1)

      async def main():
          asyncio.create_task(work())
          await asyncio.sleep(0.2)

      asyncio.run(main())
      `,
      'fire-and-forget [7]: Task-2 was created at line 7 without keeping a reference',
    ],
    [
      'lock-held-across-sleep',
      `
      import asyncio

      async def worker(lock, name):
          async with lock:
              print(name, "has the lock")
              await asyncio.sleep(1)

      async def main():
          lock = asyncio.Lock()
          await asyncio.gather(worker(lock, "a"), worker(lock, "b"))

      asyncio.run(main())
      `,
      'lock-held-across-sleep [6,4]: Task-2 held the lock lock through asyncio.sleep at line 6 (1 s) and released it right after',
    ],
    [
      'sequential-awaits',
      `
      import asyncio

      async def fetch(n):
          await asyncio.sleep(1)
          return n

      async def main():
          for n in range(3):
              await fetch(n)

      asyncio.run(main())
      `,
      'sequential-awaits [9,4]: These 3 awaits at line 9 took 3 s one after another; gathered they would take 1 s',
    ],
    [
      'gather-abandoned-siblings',
      `
      import asyncio

      async def job(delay, fail):
          await asyncio.sleep(delay)
          if fail:
              raise ValueError("boom")

      async def main():
          try:
              await asyncio.gather(job(0.1, True), job(0.5, False))
          except ValueError:
              pass
          await asyncio.sleep(1)

      asyncio.run(main())
      `,
      'gather-abandoned-siblings [10,6]: gather at line 10 raised ValueError: boom at t = 0.100 s while Task-3 kept running unobserved',
    ],
  ])('%s', (_id, source, expected) => {
    expect(brief(lintsOf(source))).toEqual([expected]);
  });

  test('every lint id is covered by the table above', () => {
    expect(LINT_IDS.length).toBe(7);
  });

  test('each lint has a longer explanation that names the fix', () => {
    const fixes: Record<string, RegExp> = {
      'blocking-call': /await asyncio\.sleep\(\.\.\.\)`.*asyncio\.to_thread/,
      'never-awaited': /await greet\(\.\.\.\)/,
      'lock-held-across-sleep': /Move the `await asyncio\.sleep\(\.\.\.\)` after the `async with` block/,
    };
    const blocking = lintsOf(`
      import asyncio
      import time

      async def main():
          time.sleep(1)

      asyncio.run(main())
    `)[0] as Lint;
    expect(blocking.detail).toMatch(fixes['blocking-call'] as RegExp);
    expect(blocking.detail).toContain('slow_callback_duration (0.1 s)');
  });
});

describe('and stays silent where the program does it right', () => {
  test.each([
    [
      'a short blocking call, under slow_callback_duration',
      `
      import asyncio
      import time

      async def main():
          time.sleep(0.05)
          await asyncio.sleep(0)

      asyncio.run(main())
      `,
    ],
    [
      'time.sleep at module level, outside any coroutine',
      `
      import asyncio
      import time

      async def main():
          await asyncio.sleep(0.1)

      time.sleep(1)
      asyncio.run(main())
      `,
    ],
    [
      'a lock around work that goes on after the sleep',
      `
      import asyncio

      async def worker(lock, shared):
          async with lock:
              value = shared["n"]
              await asyncio.sleep(0.1)
              shared["n"] = value + 1

      async def main():
          lock = asyncio.Lock()
          shared = {"n": 0}
          await asyncio.gather(worker(lock, shared), worker(lock, shared))
          print(shared["n"])

      asyncio.run(main())
      `,
    ],
    [
      'the sleep after the lock is released',
      `
      import asyncio

      async def worker(lock):
          async with lock:
              print("work")
          await asyncio.sleep(1)

      async def main():
          lock = asyncio.Lock()
          await asyncio.gather(worker(lock), worker(lock))

      asyncio.run(main())
      `,
    ],
    [
      'gathered calls',
      `
      import asyncio

      async def fetch(n):
          await asyncio.sleep(1)

      async def main():
          await asyncio.gather(*(fetch(n) for n in range(3)))

      asyncio.run(main())
      `,
    ],
    [
      'different calls in a row (steps that depend on each other)',
      `
      import asyncio

      async def step(name):
          await asyncio.sleep(0.3)

      async def main():
          await step("connect")
          await step("login")
          await step("download")

      asyncio.run(main())
      `,
    ],
    [
      'a periodic loop sleeping in its own body',
      `
      import asyncio

      async def main():
          for i in range(3):
              await asyncio.sleep(1)
              print("tick", i)

      asyncio.run(main())
      `,
    ],
    [
      'gather with return_exceptions=True',
      `
      import asyncio

      async def job(delay, fail):
          await asyncio.sleep(delay)
          if fail:
              raise ValueError("boom")

      async def main():
          results = await asyncio.gather(job(0.1, True), job(0.5, False), return_exceptions=True)
          print(results)

      asyncio.run(main())
      `,
    ],
    [
      'gather whose siblings are awaited after the exception',
      `
      import asyncio

      async def job(delay, fail):
          await asyncio.sleep(delay)
          if fail:
              raise ValueError("boom")

      async def main():
          tasks = [asyncio.create_task(job(0.1, True)), asyncio.create_task(job(0.5, False))]
          try:
              await asyncio.gather(*tasks)
          except ValueError:
              for t in tasks:
                  t.cancel()
              await asyncio.gather(*tasks, return_exceptions=True)

      asyncio.run(main())
      `,
    ],
    [
      'a task kept and awaited, whose exception is caught',
      `
      import asyncio

      async def fail():
          raise ValueError("seen")

      async def main():
          t = asyncio.create_task(fail())
          try:
              await t
          except ValueError:
              print("caught")

      asyncio.run(main())
      `,
    ],
  ])('%s', (_what, source) => {
    expect(brief(lintsOf(source))).toEqual([]);
  });
});

/**
 * The gallery, both sides: the scenarios that show a mistake get exactly that lint; every other
 * scenario, which does it right, gets none. (08 still blocks the loop for 0.1 s per chunk, which
 * is asyncio debug mode's threshold: it fires there too, as CPython's debug mode would warn.)
 */
const EXPECTED: Record<string, string[]> = {
  '01-counter-sequential-vs-gathered.py': ['sequential-awaits'],
  '06-blocking-sleep-stalls-loop.py': ['blocking-call'],
  '07-cpu-bound-hogs-loop.py': ['blocking-call'],
  '08-cpu-bound-polite-sleep0.py': ['blocking-call'],
  '09-gather-errors.py': ['gather-abandoned-siblings'],
  '28-fire-and-forget-exception.py': ['fire-and-forget', 'exception-never-retrieved'],
  '29-forgotten-await.py': ['never-awaited', 'never-awaited'],
  '30-run-shutdown-cancels-leftovers.py': ['fire-and-forget'],
};

describe('the gallery', () => {
  test.each(SCENARIOS)('%s', (name) => {
    const lints = findLints(traceOf(name));
    expect(lints.map((l) => l.id)).toEqual(EXPECTED[name] ?? []);
    for (const lint of lints) {
      expect(lint.lines.length).toBeGreaterThan(0);
      const source = scenarioSource(name).split('\n');
      for (const line of lint.lines) expect(source[line - 1], `${name}: line ${line}`).toBeDefined();
    }
  });

  test('the lines point at the code involved', () => {
    const source = scenarioSource('06-blocking-sleep-stalls-loop.py').split('\n');
    const [lint] = findLints(traceOf('06-blocking-sleep-stalls-loop.py'));
    expect(source[(lint?.lines[0] ?? 0) - 1]).toContain('time.sleep(1)');
    const sequential = findLints(traceOf('01-counter-sequential-vs-gathered.py'))[0] as Lint;
    expect(scenarioSource('01-counter-sequential-vs-gathered.py').split('\n')[(sequential.lines[0] as number) - 1]).toContain('await counter.print_and_wait()');
    expect(sequential.title).toBe('These 3 awaits at line 24 took 3 s one after another; gathered they would take 1 s');
  });
});
