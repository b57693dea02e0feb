/**
 * Time accounting: per task, running, ready but not run (scheduling delay) and waiting, with step
 * counts; per run, busy (blocked) and idle; the main thread's blocking outside any loop.
 */
import { describe, expect, test } from 'vitest';
import { runTimes, runTimesText, taskTimes, taskTimesText } from '../../scheduler/explain/accounting.ts';
import { buildExplainIndex } from '../../scheduler/explain/index.ts';
import { traceOf } from '../renderer/support.ts';
import { explain } from './support.ts';

const close = (value: number | undefined, expected: number) => expect(value ?? NaN).toBeCloseTo(expected, 9);

describe('per task', () => {
  const { index } = explain(`
    import asyncio
    import time

    async def heartbeat():
        for i in range(2):
            await asyncio.sleep(0.25)

    async def blocker():
        await asyncio.sleep(0.1)
        time.sleep(1)

    async def main():
        await asyncio.gather(heartbeat(), blocker())

    asyncio.run(main())
  `);
  const heartbeat = taskTimes(index, 1)!;
  const blocker = taskTimes(index, 2)!;

  test('running: the time its own steps blocked the loop', () => {
    close(blocker.running, 1);
    close(heartbeat.running, 0);
    expect(blocker.steps).toBe(2);
    expect(heartbeat.steps).toBe(3);
  });

  test('ready: a timer made late by a blocked loop is scheduling delay, not waiting', () => {
    // The heartbeat's first timer was due at 0.25 but the loop was blocked from 0.1 to 1.1.
    close(heartbeat.ready, 0.85);
    close(heartbeat.waiting, 0.25 + 0.25);
    close(heartbeat.running + heartbeat.ready + heartbeat.waiting, heartbeat.lifetime);
    expect(heartbeat.waits).toBe(2);
  });

  test('in words, for the hover', () => {
    expect(taskTimesText(blocker)).toBe('running 1 s in 2 steps · ready 0 s (1 handle ran first) · waiting 0.1 s (1 await)');
    expect(taskTimesText(heartbeat)).toBe('running 0 s in 3 steps · ready 0.85 s · waiting 0.5 s (2 awaits)');
  });
});

describe('per run', () => {
  test('busy, blocked and idle add up to the loop’s time', () => {
    const index = buildExplainIndex(traceOf('06-blocking-sleep-stalls-loop.py'));
    const run = runTimes(index);
    close(run.blocked, 1);
    close(run.busy, 1);
    close(run.idle, 2.35);
    close(run.busy + run.idle, run.loop);
    expect(runTimesText(run)).toBe('The loop ran 42 steps in 39 ticks: busy 1 s (blocked in time.sleep or CPU-bound work), idle 2.35 s waiting for timers.');
  });

  test('a run that never blocks is all idle', () => {
    const run = runTimes(buildExplainIndex(traceOf('02-three-coroutines-gathered.py')));
    expect(run.blocked).toBe(0);
    close(run.idle, 1);
    expect(runTimesText(run)).toContain('busy 0 s (its steps take no virtual time), idle 1 s waiting for timers.');
  });

  test('a program with no event loop: the main thread’s blocking', () => {
    const index = buildExplainIndex(traceOf('00-counter-synchronous.py'));
    const run = runTimes(index);
    expect(run.ticks).toBe(0);
    close(run.mainBlocked, 3);
    expect(runTimesText(run)).toBe('No event loop ran. The main thread was blocked for 3 s of 3 s.');
    expect(index.mainThread.map((s) => `${s.kind} ${s.from}-${s.to} line ${s.line}`)).toEqual([
      'blocked 0-1 line 17',
      'blocked 1-2 line 17',
      'blocked 2-3 line 17',
    ]);
    expect(index.mainOutputs.map((o) => o.text)).toEqual(['counter 0 says 1', 'counter 1 says 1', 'counter 2 says 1', 'Code executed in 3.00 seconds.']);
  });

  test('the main thread around asyncio.run', () => {
    const { index } = explain(`
      import asyncio
      import time

      async def main():
          await asyncio.sleep(1)

      time.sleep(0.5)
      asyncio.run(main())
      time.sleep(0.25)
    `);
    expect(index.mainThread.map((s) => `${s.kind} ${s.from}-${s.to} line ${s.line}`)).toEqual(['blocked 0-0.5 line 7', 'loop 0.5-1.5 line 8', 'blocked 1.5-1.75 line 9']);
    close(runTimes(index).mainBlocked, 0.75);
  });
});
