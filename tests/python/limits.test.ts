/**
 * The run's limits (issue 14): a scenario that would exhaust the host ends with a diagnosis at
 * the offending line, and the limits stay out of the way of what lessons do.
 *
 *   - memory: MemoryError with a message, counted in CPython's sizes (interpreter/memory.ts);
 *   - live tasks, trace size, wall-clock time: a `limit` end naming the line;
 *   - and none of them for programs that only make and drop things, however many.
 */
import { describe, expect, test } from 'vitest';
import { runScenario, type ScenarioLimits, type ScenarioResult } from '../../scheduler/python/scenario.ts';
import { transcriptLines } from '../../scheduler/trace/transcript.ts';
import { runMain } from '../../scheduler/asyncio/run.ts';
import { getRunningLoop } from '../../scheduler/loop/running.ts';
import { named } from '../../scheduler/asyncio/coroutines.ts';
import { sleep } from '../../scheduler/asyncio/sleep.ts';
import type { CoroutineGen } from '../../scheduler/asyncio/coroutines.ts';

function run(source: string, limits?: ScenarioLimits, wallClock?: () => number): ScenarioResult {
  const result = runScenario(source, { file: 'case.py', ...(limits === undefined ? {} : { limits }), ...(wallClock === undefined ? {} : { wallClock }) });
  expect(result.error, result.error?.format()).toBeNull();
  return result;
}

const printed = (result: ScenarioResult) => transcriptLines(result.trace, { logs: false }).filter((line) => !line.startsWith('END'));

describe('the memory ceiling: MemoryError at the line, with a message', () => {
  test("the issue's memory bomb: keep.append([i] * 1000000) in a loop, with the default ceiling", () => {
    const result = run(`import asyncio

async def main():
    keep = []
    i = 0
    while True:
        keep.append([i] * 1000000)
        i += 1

asyncio.run(main())
`);
    expect(result.trace.end).toMatchObject({
      kind: 'error',
      type: 'MemoryError',
      message: expect.stringMatching(/^the scenario needs more than 512 MB, Loopscope's memory limit \(asked for 8 MB more with 5\d\d MB in use\)$/),
    });
    expect(result.traceback).toContain('File "case.py", line 7, in main');
  }, 60_000);

  const bombs: [string, string][] = [
    ['a long str kept', 'keep.append("x" * 100_000)'],
    ['a range materialised', 'keep.append(list(range(100_000)))'],
    ['a comprehension', 'keep.append([j for j in range(20_000)])'],
    ['a join', 'keep.append(",".join(["abc"] * 20_000))'],
    ['a str method', 'keep.append(("ab" * 20_000).upper())'],
    ['a width', 'keep.append(f"{len(keep):>100000}")'],
    ['small rows in a growing list', 'keep.append([len(keep), len(keep)])'],
    ['small dicts', 'keep.append({"n": len(keep)})'],
    ['a growing dict', 'table[len(table)] = "row %d" % len(table)'],
    ['a growing set', 'seen.add(len(seen))'],
    ['a long text built piece by piece', 'text += "0123456789" * 100'],
    ['big ints', 'keep.append(big * len(keep))'],
  ];
  for (const [what, statement] of bombs) {
    test(`${what}: ${statement}`, () => {
      const result = run(
        `import asyncio

keep, table, seen, text, big = [], {}, set(), "", 7 ** 100_000

async def main():
    global text
    while True:
        ${statement}
        await asyncio.sleep(0)

asyncio.run(main())
`,
        // A small ceiling, so that each bomb gets there in a moment; ticks are not the limit here.
        { maxMemoryMB: 16, maxTicks: 10_000_000 },
      );
      expect(result.trace.end).toMatchObject({ kind: 'error', type: 'MemoryError', message: expect.stringContaining("the scenario needs more than 16 MB, Loopscope's memory limit") });
      expect(result.traceback).toContain('File "case.py", line 8, in main');
    }, 60_000);
  }

  test('an int squared until it is too large: MemoryError, not seconds of arithmetic', () => {
    const result = run('x = 3\nwhile True:\n    x = x * x\n');
    expect(result.trace.end).toMatchObject({ kind: 'error', type: 'MemoryError', message: expect.stringMatching(/^the result of \* would have about [\d,]+ bits, more than Loopscope's 67,108,864$/) });
    expect(result.traceback).toContain('File "case.py", line 3, in <module>');
  });

  test('MemoryError can be caught, and the program goes on (nothing was allocated)', () => {
    const result = run(`keep = []
try:
    while True:
        keep.append("x" * 1_000_000)
except MemoryError as e:
    n = len(keep)
    keep.clear()
    print("caught after", n, "strings:", type(e).__name__)
print("done")
`, { maxMemoryMB: 8 });
    expect(printed(result)).toEqual(['0.000\t-\tcaught after 8 strings: MemoryError', '0.000\t-\tdone']);
    expect(result.trace.end).toMatchObject({ kind: 'ok' });
  });

  test('no false alarm: making and dropping things, millions of times, under a small ceiling', () => {
    const result = run(`import asyncio

async def main():
    queue = list(range(5000))
    table = {}
    total = 0
    for i in range(300_000):
        row = [i, i + 1, str(i)]
        record = {"id": i, "row": row}
        total += len(row) + len(record)
        queue.append(i)
        queue.pop(0)
        table[i % 3000] = row
        if i % 2000 == 0:
            table.pop(i % 3000, None)
            await asyncio.sleep(0)
    words = " ".join(str(j) for j in range(50_000))
    print(total, len(queue), len(table), len(words.split()))

asyncio.run(main())
`, { maxMemoryMB: 4, maxWallSeconds: 3600 });
    expect(result.trace.end).toMatchObject({ kind: 'ok' });
    expect(printed(result)).toEqual(['0.000\tTask-1\t1500000 5000 2999 50000']);
  }, 60_000);
});

describe('live tasks: a limit end at the line that creates them', () => {
  test("the issue's task explosion: a task that gathers a copy of itself, with the default cap", () => {
    const result = run(`import asyncio

async def node():
    await asyncio.gather(node(), asyncio.sleep(1))

asyncio.run(node())
`);
    expect(result.trace.end).toMatchObject({
      kind: 'limit',
      reason: 'tasks',
      message: 'more than 100,000 tasks alive at once (line 4): the program creates tasks faster than they finish',
    });
  }, 60_000);

  test('a cap given by the host', () => {
    const result = run(`import asyncio

async def spawn(n):
    for i in range(n):
        asyncio.create_task(asyncio.sleep(10))
    await asyncio.sleep(20)

asyncio.run(spawn(1000))
`, { maxTasks: 500 });
    expect(result.trace.end).toMatchObject({ kind: 'limit', reason: 'tasks', message: 'more than 500 tasks alive at once (line 5): the program creates tasks faster than they finish' });
  });

  for (const raises of [false, true]) {
    test(`a task that starts a copy of itself${raises ? ' and raises' : ''}: the run ends at the tick cap, and finished tasks are not kept`, () => {
      const result = run(
        `import asyncio

async def copy():
    asyncio.create_task(copy())${raises ? '\n    raise ValueError("boom")' : ''}

async def main():
    asyncio.create_task(copy())
    await asyncio.sleep(3600)

asyncio.run(main())
`,
        { maxTicks: 20_000 },
      );
      expect(result.trace.end).toMatchObject({ kind: 'limit', reason: 'ticks' });
    }, 60_000);
  }

  test('the loop lets go of finished tasks (a million short tasks must not stay in memory)', () => {
    let largest = 0;
    function* short(): CoroutineGen<void> {
      yield* sleep(0);
    }
    function* main(): CoroutineGen<void> {
      const loop = getRunningLoop();
      for (let i = 0; i < 20_000; i++) {
        loop.createTask(named('short', short()));
        if (i % 10 === 0) yield* sleep(0);
        largest = Math.max(largest, loop.tasks.length);
      }
    }
    expect(runMain(named('main', main())).kind).toBe('ok');
    expect(largest).toBeLessThan(3000);
  });
});

describe('the trace and the wall clock: a limit end, keeping what was recorded', () => {
  test('a trace that outgrows its limit', () => {
    const result = run(`import asyncio

async def chatter():
    i = 0
    while True:
        print("line", i, "of a program that never stops talking")
        i += 1
        await asyncio.sleep(0)

asyncio.run(chatter())
`, { maxTraceMB: 1 });
    expect(result.trace.end).toMatchObject({ kind: 'limit', reason: 'trace-size', message: expect.stringMatching(/^the trace outgrew 1 MB \([\d,]+ steps recorded\)/) });
    expect(result.trace.steps).toBeGreaterThan(1000);
  });

  test('a run that takes longer than its wall-clock limit (a clock that runs fast)', () => {
    let now = 0;
    const clock = () => (now += 1000);
    const result = run('total = 0\nwhile True:\n    total += 1\n', { maxWallSeconds: 5, statementBudget: 1e12 }, clock);
    expect(result.trace.end).toMatchObject({ kind: 'limit', reason: 'wall-clock', message: 'the run took longer than 5 s of real time (line 3)' });
  });

  test('without a clock from the host there is no wall-clock limit: the same file gives the same trace', () => {
    const source = 'import asyncio\n\nasync def main():\n    for i in range(100):\n        await asyncio.sleep(0.1)\n\nasyncio.run(main())\n';
    const a = run(source, { maxWallSeconds: 1e-9 });
    const b = run(source);
    expect(a.trace.end).toMatchObject({ kind: 'ok' });
    expect(Array.from(a.trace.events)).toEqual(Array.from(b.trace.events));
  });
});

describe("the host's stack: a RecursionError, never an internal error", () => {
  test('a recursion the raised limit allows but the JS stack does not is caught as RecursionError, and the run goes on', () => {
    // The JS stack runs out before 100,000 Python frames: that overflow is a RecursionError the
    // program can catch, wherever in the interpreter it happened (a regular expression compiled
    // at that depth included), and the stack is usable again afterwards.
    const result = run(`import asyncio
import sys

def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)

async def main():
    sys.setrecursionlimit(200_000)
    for attempt in range(3):
        try:
            depth(100_000)
        except RecursionError as e:
            print("RecursionError:", e)
    print(depth(500))

asyncio.run(main())
`);
    expect(printed(result).map((l) => l.split('\t').slice(2).join('\t'))).toEqual([
      'RecursionError: maximum recursion depth exceeded',
      'RecursionError: maximum recursion depth exceeded',
      'RecursionError: maximum recursion depth exceeded',
      '500',
    ]);
    expect(result.trace.end).toMatchObject({ kind: 'ok' });
  });
});
