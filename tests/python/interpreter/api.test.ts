/**
 * runScenario / checkScenario as hosts use them: how runs end (ok, error with traceback, deadlock,
 * the three limits), load-time errors, independence of successive runs, and what the trace
 * records about the scenario (lines of prints and awaits).
 */
import { describe, expect, test } from 'vitest';
import { checkScenario, runScenario, type ScenarioOptions } from '../../../scheduler/python/scenario.ts';
import { transcriptLines } from '../../../scheduler/trace/transcript.ts';
import { decodeTrace } from '../../../scheduler/trace/decode.ts';
import { traceToJSON } from '../../../scheduler/trace/json.ts';

function run(src: string, options: Partial<ScenarioOptions> = {}) {
  return runScenario(src, { file: 'test.py', ...options });
}

function lines(src: string, options: Partial<ScenarioOptions> = {}): string[] {
  return transcriptLines(run(src, options).trace);
}

describe('how a run ends', () => {
  test('ok, at the clock after the code that follows asyncio.run', () => {
    const r = run('import asyncio, time\nasync def main():\n    await asyncio.sleep(1)\nasyncio.run(main())\ntime.sleep(0.5)\n');
    expect(r.error).toBeNull();
    expect(r.trace.end).toEqual({ kind: 'ok', time: 1.5 });
  });

  test("error: CPython's Type: str(e), and a traceback with scenario lines", () => {
    const src = ['import asyncio', 'async def inner():', '    raise ValueError("bad value")', 'async def main():', '    await inner()', 'asyncio.run(main())'].join('\n');
    const r = run(src);
    expect(r.trace.end).toMatchObject({ kind: 'error', type: 'ValueError', message: 'bad value' });
    expect(r.traceback).toBe(
      [
        'Traceback (most recent call last):',
        '  File "test.py", line 6, in <module>',
        '    asyncio.run(main())',
        '  File "test.py", line 5, in main',
        '    await inner()',
        '  File "test.py", line 3, in inner',
        '    raise ValueError("bad value")',
        'ValueError: bad value',
      ].join('\n'),
    );
  });

  test('a traceback from inside loops that suspend names the failing line of each frame', () => {
    const src = [
      'import asyncio',
      'async def inner(rows):',
      '    for row in rows:',
      '        while True:',
      '            await asyncio.sleep(0.1)',
      '            for x in row:',
      '                await asyncio.sleep(0)',
      '                print(10 // x)',
      '            break',
      'async def main():',
      '    for attempt in range(2):',
      '        await asyncio.sleep(0)',
      '        await inner([[5, 2], [1, 0]])',
      'asyncio.run(main())',
    ].join('\n');
    const r = run(src);
    expect(r.trace.end).toMatchObject({ kind: 'error', type: 'ZeroDivisionError', message: 'integer division or modulo by zero' });
    expect(r.traceback).toBe(
      [
        'Traceback (most recent call last):',
        '  File "test.py", line 14, in <module>',
        '    asyncio.run(main())',
        '  File "test.py", line 13, in main',
        '    await inner([[5, 2], [1, 0]])',
        '  File "test.py", line 8, in inner',
        '    print(10 // x)',
        '          ~~~^^~~',
        'ZeroDivisionError: integer division or modulo by zero',
      ].join('\n'),
    );
  });

  test('a chained traceback says how the exceptions are related', () => {
    const r = run('try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    raise RuntimeError("wrapped") from e\n');
    expect(r.traceback).toContain('ZeroDivisionError: division by zero');
    expect(r.traceback).toContain('The above exception was the direct cause of the following exception:');
    expect(r.traceback!.trim().split('\n').pop()).toBe('RuntimeError: wrapped');
  });

  test('deadlock: every unfinished task, sorted like Python sorts strings', () => {
    const src = [
      'import asyncio',
      'async def main():',
      '    ev = asyncio.Event()',
      '    ts = [asyncio.create_task(ev.wait(), name=n) for n in ["b", "a", "Task-10"]]',
      '    await asyncio.gather(*ts)',
      'asyncio.run(main())',
    ].join('\n');
    const end = run(src).trace.end;
    expect(end?.kind).toBe('deadlock');
    expect(end).toMatchObject({ pending: ['Task-1', 'Task-10', 'a', 'b'] });
  });

  test('limit: a task that never yields names itself and its line', () => {
    const src = ['import asyncio', 'async def spin():', '    n = 0', '    while True:', '        n += 1', 'async def main():', '    asyncio.create_task(spin())', '    await asyncio.sleep(1)', 'asyncio.run(main())'].join('\n');
    const r = run(src, { limits: { statementBudget: 10_000 } });
    expect(r.trace.end).toMatchObject({ kind: 'limit', reason: 'statement-budget' });
    expect((r.trace.end as { message: string }).message).toMatch(/^Task-2 never yielded to the event loop \(line [45]\)$/);
    expect(transcriptLines(r.trace).pop()).toMatch(/^END\t0\.000\tlimit\tstatement-budget: Task-2 never yielded to the event loop \(line [45]\)$/);
  });

  test('limit: runaway module-level code', () => {
    const r = run('x = 0\nwhile True:\n    x += 1\n', { limits: { statementBudget: 5_000 } });
    expect(r.trace.end).toMatchObject({ kind: 'limit', reason: 'statement-budget' });
    expect((r.trace.end as { message: string }).message).toMatch(/never reached the event loop/);
  });

  test('limit: a callback that never returns', () => {
    const src = 'import asyncio\ndef cb():\n    while True:\n        pass\nasync def main():\n    asyncio.get_running_loop().call_soon(cb)\n    await asyncio.sleep(1)\nasyncio.run(main())\n';
    const r = run(src, { limits: { statementBudget: 5_000 } });
    expect(r.trace.end).toMatchObject({ kind: 'limit', reason: 'statement-budget', message: 'a callback never returned to the event loop (line 4)' });
  });

  test('a long but finite loop is not runaway when it fits the budget', () => {
    const r = run('total = 0\nfor i in range(20000):\n    total += i\nprint(total)\n');
    expect(transcriptLines(r.trace)).toEqual(['0.000\t-\t199990000', 'END\t0.000\tok']);
  });

  test('limit: ticks and virtual time', () => {
    const spin = 'import asyncio\nasync def main():\n    while True:\n        await asyncio.sleep(0)\nasyncio.run(main())\n';
    expect(run(spin, { limits: { maxTicks: 500 } }).trace.end).toMatchObject({ kind: 'limit', reason: 'ticks' });
    const sleepy = 'import asyncio\nasync def main():\n    while True:\n        await asyncio.sleep(3600)\nasyncio.run(main())\n';
    expect(run(sleepy, { limits: { maxTime: 10_000 } }).trace.end).toMatchObject({ kind: 'limit', reason: 'virtual-time' });
  });

  test('deep recursion is a RecursionError, in plain and in async functions', () => {
    const src = [
      'import asyncio',
      'def f(n):',
      '    return f(n + 1)',
      'async def g(n):',
      '    return await g(n + 1)',
      'try:',
      '    f(0)',
      'except RecursionError as e:',
      '    print("sync:", e)',
      'async def main():',
      '    try:',
      '        await g(0)',
      '    except RecursionError as e:',
      '        print("async:", type(e).__name__)',
      'asyncio.run(main())',
    ].join('\n');
    expect(lines(src)).toEqual(['0.000\t-\tsync: maximum recursion depth exceeded', '0.000\tTask-1\tasync: RecursionError', 'END\t0.000\tok']);
  });
});

describe('load-time errors', () => {
  test('a syntax error: no events, an error end, the ScenarioError', () => {
    const r = run('def f(:\n    pass\n');
    expect(r.error).not.toBeNull();
    expect(r.error!.kind).toBe('syntax');
    expect(r.trace.events.length).toBe(0);
    expect(r.trace.end).toMatchObject({ kind: 'error', type: 'SyntaxError' });
    expect(checkScenario('def f(:\n    pass\n', 'x.py')?.line).toBe(1);
  });

  test('an unsupported construct is refused with a located message', () => {
    const e = checkScenario('match x, y:\n    case 1:\n        pass\n', 'x.py');
    expect(e?.kind).toBe('unsupported');
    expect(e?.format()).toMatch(/^x\.py:1:1: error: /);
  });

  test('valid scenarios check clean', () => {
    expect(checkScenario('import asyncio\nasync def main():\n    await asyncio.sleep(1)\nasyncio.run(main())\n', 'ok.py')).toBeNull();
  });
});

describe('runs are independent and deterministic', () => {
  test('task numbering, classes and globals start afresh', () => {
    const src = 'import asyncio\nclass A:\n    n = 0\nA.n += 1\nasync def main():\n    print(A.n, asyncio.current_task().get_name())\nasyncio.run(main())\n';
    expect(lines(src)).toEqual(lines(src));
    expect(lines(src)[0]).toBe('0.000\tTask-1\t1 Task-1');
  });

  test('the same scenario gives the same trace', () => {
    const src = 'import asyncio, random\nrandom.seed(3)\nasync def w(i):\n    await asyncio.sleep(random.random())\n    print(i)\nasync def main():\n    await asyncio.gather(*(w(i) for i in range(20)))\nasyncio.run(main())\n';
    expect(traceToJSON(run(src).trace)).toBe(traceToJSON(run(src).trace));
  });

  test('unseeded random is seeded deterministically (seed(0))', () => {
    expect(lines('import random\nprint(random.random())\n')).toEqual(lines('import random\nrandom.seed(0)\nprint(random.random())\n'));
  });
});

describe('what the trace says about the scenario', () => {
  test('prints carry their source line, suspensions the line of the await', () => {
    const src = ['import asyncio', 'async def main():', '    print("a")', '    await asyncio.sleep(1)', '    await asyncio.sleep(0)', 'asyncio.run(main())', 'print("b")'].join('\n');
    const events = decodeTrace(run(src).trace);
    expect(events.filter((e) => e.op === 'output').map((e) => (e as { line: number }).line)).toEqual([3, 7]);
    expect(events.filter((e) => e.op === 'suspend').map((e) => (e as { line: number }).line)).toContain(4);
    expect(events.filter((e) => e.op === 'yield').map((e) => (e as { line: number }).line)).toContain(5);
  });

  test('print(end="") still makes one transcript line per call', () => {
    expect(lines('print("a", end="")\nprint("b", "c", sep="-")\nprint("x\\ny")\n')).toEqual(['0.000\t-\ta', '0.000\t-\tb-c', '0.000\t-\tx\\ny', 'END\t0.000\tok']);
  });

  test('locks and queues are named after their variables in wait labels', () => {
    const src = 'import asyncio\nasync def main():\n    ledger = asyncio.Lock()\n    await ledger.acquire()\n    await ledger.acquire()\nasyncio.run(main())\n';
    const events = decodeTrace(run(src).trace);
    const labels = events.filter((e) => e.op === 'suspend').map((e) => (e as { wait: { label: string } }).wait.label);
    expect(labels[0]).toMatch(/^ledger/);
  });
});
