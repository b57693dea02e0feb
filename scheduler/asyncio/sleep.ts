/**
 * asyncio.sleep (Lib/asyncio/tasks.py). The two delays behave differently:
 *   - delay <= 0 is a bare yield: the task re-queues itself at the back of the ready queue and
 *     resumes next tick, with no timer (rule 7);
 *   - delay > 0 arms a timer whose callback completes a future; the task wakes one tick after the
 *     timer fires, at the same virtual time (rule 8).
 */
import { getRunningLoop } from '../loop/running.ts';
import { labelled } from '../loop/handle.ts';
import { nameCoroutineFunction, type CoroutineGen } from './coroutines.ts';
import { PENDING, type Coroutine, type Future } from './future.ts';
import { RuntimeError } from './exceptions.ts';
import type { WaitPurpose } from './wait-purpose.ts';

/**
 * futures._set_result_unless_cancelled(fut, result) as a sleep's timer callback. The result
 * travels in the future's purpose, so a sleep allocates no extra argument object.
 */
export const sleepTimer = labelled('sleep', (future: Future<unknown>) => {
  if (!future.cancelled()) future.setResult((future.purpose as SleepPurpose).result);
});

type SleepPurpose = WaitPurpose & { kind: 'sleep' | 'io'; result?: unknown };

export function sleep<T = undefined>(delay: number, result?: T): Coroutine<T> {
  return sleepBody(delay, result as T, null) as Coroutine<T>;
}

/** What a modelled I/O wait stands for (see ioWait). */
interface IoFacts {
  description: string;
  outcome: string;
}

const sleepBody = nameCoroutineFunction('sleep', function* sleepBody<T>(delay: number, result: T, io: IoFacts | null): CoroutineGen<T> {
  if (delay <= 0) {
    yield null; // tasks.__sleep0: a bare `yield`
    return result;
  }
  const future = io === null ? armSleep(delay, result) : armIo(delay, result, io);
  try {
    // `await future` (Future.__await__), written out: the hot path of every timed sleep.
    future.blocking = true;
    yield future;
    if (future.state === PENDING) throw new RuntimeError("await wasn't used with future");
    return future.result();
  } finally {
    disarmSleep(future);
  }
});

/**
 * A modelled I/O wait: exactly `await asyncio.sleep(delay)` as far as the loop is concerned (one
 * timer, the same handles and ticks; a zero latency is a bare yield), but the trace says what it
 * stands for, `description` (a simulated "GET https://example.com") and `outcome` ("200 OK"), so
 * that it is drawn as I/O.
 */
export function ioWait<T>(delay: number, result: T, description: string, outcome: string): Coroutine<T> {
  return sleepBody(delay, result, { description, outcome }) as Coroutine<T>;
}

function armIo<T>(delay: number, result: T, io: IoFacts): Future<T> {
  const loop = getRunningLoop();
  const purpose: SleepPurpose = { kind: 'io', timer: null, result, description: io.description, outcome: io.outcome };
  const future = loop.createFuture<T>(purpose);
  purpose.timer = loop.callLater(delay, sleepTimer, future);
  if (loop.trace !== null) loop.trace.ioStarted(future, io.description, io.outcome);
  return future;
}

/**
 * The part of sleep(delay > 0) before its `await`: a future, and a timer armed to complete it.
 * The scenario interpreter calls this directly for a statement `await asyncio.sleep(d)`, which
 * then needs no coroutine object; the await and the `finally` are the caller's.
 */
export function armSleep<T>(delay: number, result: T): Future<T> {
  const loop = getRunningLoop();
  const purpose: SleepPurpose = { kind: 'sleep', timer: null, result };
  const future = loop.createFuture<T>(purpose);
  purpose.timer = loop.callLater(delay, sleepTimer, future);
  return future;
}

/** sleep's `finally: h.cancel()`: a no-op once the timer has fired, a real cancel otherwise. */
export function disarmSleep(future: Future<unknown>): void {
  (future.purpose as SleepPurpose).timer!.cancel();
}
