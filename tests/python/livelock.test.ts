/**
 * Livelock detection (loop/livelock.ts), on in the app's workers, off in the CLI by default: a
 * sleep(0) busy-wait that never lets time pass is stopped after APP_LIVELOCK_TICKS loop
 * iterations, with a `livelock` limit naming its line, instead of spinning to the tick limit. No
 * gallery scenario and no test program is flagged, nor many tasks doing sleep(0) thousands of times.
 * (The time it takes is measured by `npm run bench`, not asserted here.)
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { APP_LIVELOCK_TICKS, runScenario } from '../../scheduler/python/scenario.ts';
import { forEachEvent } from '../../scheduler/trace/decode.ts';
import type { Trace } from '../../scheduler/trace/format.ts';
import { runJob } from '../../main/electron/run-job.ts';
import { runCli, type CliIo } from '../../main/cli/cli.ts';
import { allCases } from './interpreter/cases.ts';

const APP = { limits: { livelockTicks: APP_LIVELOCK_TICKS } };
const program = (...lines: string[]): string => `${lines.join('\n')}\n`;

function ticksOf(trace: Trace): number {
  let ticks = 0;
  forEachEvent(trace, (event) => {
    if (event.op === 'tick') ticks++;
  });
  return ticks;
}

const SCENARIO_31 = readFileSync('scenarios/31-runaway-loop-hits-limit.py', 'utf8');

describe('a busy-wait that lets no time pass is stopped early, naming its line', () => {
  test('scenario 31: the poll loop at line 22, after the threshold and not the million ticks', () => {
    const result = runScenario(SCENARIO_31, { file: 'scenarios/31-runaway-loop-hits-limit.py', ...APP });
    expect(result.trace.end).toMatchObject({ kind: 'limit', reason: 'livelock', line: 22, task: 0 });
    const end = result.trace.end as { message: string };
    expect(end.message).toBe(
      'Task-1 at line 22 spins: 30,000 loop iterations without virtual time passing, the same steps repeating (a busy-wait, such as a loop polling with await asyncio.sleep(0) for something that never happens)',
    );
    expect(ticksOf(result.trace)).toBeLessThan(APP_LIVELOCK_TICKS + 100);
    // The transcript so far is kept, and its END says why.
    expect(result.trace.steps).toBeGreaterThan(APP_LIVELOCK_TICKS);
  });

  test.each([
    [
      'polling an Event nobody sets',
      program(
        'import asyncio',
        'async def main():',
        '    ready = asyncio.Event()',
        '    while not ready.is_set():',
        '        await asyncio.sleep(0)',
        'asyncio.run(main())',
      ),
      5,
    ],
    [
      'two tasks ping-ponging sleep(0), each waiting for the other',
      program(
        'import asyncio',
        'flags = {"a": False, "b": False}',
        'async def side(me, other):',
        '    while not flags[other]:',
        '        await asyncio.sleep(0)',
        '    flags[me] = True',
        'async def main():',
        '    await asyncio.gather(side("a", "b"), side("b", "a"))',
        'asyncio.run(main())',
      ),
      5,
    ],
    [
      'a poller that also prints each time round',
      program('import asyncio', 'async def main():', '    done = False', '    while not done:', '        print("waiting")', '        await asyncio.sleep(0)', 'asyncio.run(main())'),
      6,
    ],
    [
      'a callback that schedules itself again and again',
      program(
        'import asyncio',
        'def again(loop):',
        '    loop.call_soon(again, loop)',
        'async def main():',
        '    loop = asyncio.get_running_loop()',
        '    loop.call_soon(again, loop)',
        '    await asyncio.Event().wait()',
        'asyncio.run(main())',
      ),
      2,
    ],
  ])('%s', (_label, source, line) => {
    const result = runScenario(source, { file: 'poll.py', ...APP });
    expect(result.trace.end).toMatchObject({ kind: 'limit', reason: 'livelock', line });
    expect(ticksOf(result.trace)).toBeLessThan(APP_LIVELOCK_TICKS + 100);
  });
});

describe('legitimate programs are never flagged', () => {
  const gallery = readdirSync('scenarios')
    .filter((f) => f.endsWith('.py') && !f.startsWith('31-'))
    .sort();
  test.each(gallery)('gallery: %s', (file) => {
    const source = readFileSync(`scenarios/${file}`, 'utf8');
    const withDetector = runScenario(source, { file, ...APP }).trace;
    const without = runScenario(source, { file }).trace;
    // Exactly the same run: the detector only watches.
    expect(withDetector.end).toEqual(without.end);
    expect(withDetector.events).toEqual(without.events);
  });

  test('every test program of the interpreter', () => {
    const flagged: string[] = [];
    for (const [id, source] of allCases()) {
      const end = runScenario(source, { file: `${id.replace('/', '__')}.py`, ...APP }).trace.end;
      if (end?.kind === 'limit' && end.reason === 'livelock') flagged.push(id);
    }
    expect(flagged).toEqual([]);
  });

  test('a long burst without time passing that makes progress: a relay of 40,000 tasks', () => {
    // Each tick runs a different task: the steps do not repeat, so this is no livelock.
    const source = program(
      'import asyncio',
      'async def relay(n):',
      '    await asyncio.sleep(0)',
      '    if n > 0:',
      '        await asyncio.create_task(relay(n - 1))',
      'async def main():',
      '    await relay(40000)',
      '    print("handed over 40,000 times")',
      'asyncio.run(main())',
    );
    const trace = runScenario(source, { file: 'relay.py', ...APP }).trace;
    expect(trace.end).toMatchObject({ kind: 'ok', time: 0 });
    expect(ticksOf(trace)).toBeGreaterThan(APP_LIVELOCK_TICKS * 2);
  });

  test.each([
    ['200 tasks doing sleep(0) 3,000 times each', 200, 3000],
    ['one task doing sleep(0) 20,000 times', 1, 20_000],
    ['10,000 tasks doing sleep(0) 50 times each', 10_000, 50],
  ])('%s', (_label, tasks, rounds) => {
    const source = program(
      'import asyncio',
      'async def worker():',
      `    for _ in range(${rounds}):`,
      '        await asyncio.sleep(0)',
      'async def main():',
      `    await asyncio.gather(*[worker() for _ in range(${tasks})])`,
      '    print("all done")',
      'asyncio.run(main())',
    );
    expect(runScenario(source, { file: 'many.py', ...APP }).trace.end).toMatchObject({ kind: 'ok' });
  });
});

describe('where it is on', () => {
  test('the Electron worker stops scenario 31 as a livelock', () => {
    const replies: { type: string; trace?: Trace }[] = [];
    runJob({ type: 'run', id: 1, file: 'scenarios/31-runaway-loop-hits-limit.py', source: SCENARIO_31 } as Parameters<typeof runJob>[0], (reply) =>
      replies.push(reply as { type: string; trace?: Trace }),
    );
    const done = replies.find((r) => r.type === 'done');
    expect(done?.trace?.end).toMatchObject({ kind: 'limit', reason: 'livelock', line: 22 });
  });

  test('the web worker passes the same limit', () => {
    expect(readFileSync('renderer/app/scenario-worker.ts', 'utf8')).toMatch(/limits: \{ livelockTicks: APP_LIVELOCK_TICKS \}/);
  });

  test('the CLI keeps the reference runner\'s tick limit, unless asked with --livelock', () => {
    const run = (argv: string[]) => {
      let stdout = '';
      const io: CliIo = {
        stdout: (t) => (stdout += typeof t === 'string' ? t : new TextDecoder().decode(t)),
        stderr: () => {},
        readFile: () => SCENARIO_31,
        stderrIsTTY: false,
        now: () => 0,
      };
      runCli(argv, io);
      return stdout.trim().split('\n').pop();
    };
    expect(run(['run', 's31.py', '--max-ticks', '40000'])).toBe('END\t0.000\tlimit\tticks: the run reached 40000 ticks');
    expect(run(['run', 's31.py', '--livelock'])).toMatch(/^END\t0\.000\tlimit\tlivelock: Task-1 at line 22 spins: 30,000 loop iterations/);
  });
});
