/**
 * asyncio.wait_for as written in 3.11 (3.12 rebuilt it on asyncio.timeout, with other tick counts).
 * Success: the inner task finishes at T, `_release_waiter` runs at T+1, the caller resumes at T+2.
 * Timeout: timer at T, caller wakes and cancels at T+1, inner handles CancelledError at T+2, its
 * done callback at T+3, TimeoutError in the caller at T+4 (rule 13).
 */
import { getRunningLoop } from '../loop/running.ts';
import { labelled, type Callback } from '../loop/handle.ts';
import { CancelledError, TimeoutError } from './exceptions.ts';
import type { EventLoop } from '../loop/loop.ts';
import type { Awaitable, Coroutine, Future } from './future.ts';
import { ensureFuture, named, type CoroutineGen } from './coroutines.ts';

/** tasks._release_waiter(waiter, *args) */
function releaseWaiterFor(waiter: Future<unknown>): Callback {
  return labelled('_release_waiter', () => {
    if (!waiter.done()) waiter.setResult(null);
  });
}

export function waitFor<T>(aw: Awaitable<T>, timeout: number | null): Coroutine<T> {
  return named('wait_for', waitForBody(aw, timeout));
}

function* waitForBody<T>(aw: Awaitable<T>, timeout: number | null): CoroutineGen<T> {
  const loop = getRunningLoop();
  if (timeout === null) return yield* aw;

  if (timeout <= 0) {
    const inner = ensureFuture(aw, 'wait_for');
    if (inner.done()) return inner.result();
    yield* cancelAndWait(inner, loop);
    return resultOrTimeout(inner);
  }

  const waiter = loop.createFuture<unknown>();
  const timeoutHandle = loop.callLater(timeout, releaseWaiterFor(waiter));
  const onInnerDone = releaseWaiterFor(waiter);
  const inner = ensureFuture(aw, 'wait_for');
  waiter.purpose = { kind: 'wait_for', inner };
  inner.addDoneCallback(onInnerDone);
  try {
    try {
      yield* waiter;
    } catch (error) {
      if (!(error instanceof CancelledError)) throw error;
      if (inner.done()) return inner.result();
      inner.removeDoneCallback(onInnerDone);
      // The inner task must not outlive wait_for (bpo-32751).
      yield* cancelAndWait(inner, loop);
      throw error;
    }
    if (inner.done()) return inner.result();
    inner.removeDoneCallback(onInnerDone);
    yield* cancelAndWait(inner, loop);
    return resultOrTimeout(inner);
  } finally {
    timeoutHandle.cancel();
  }
}

/** tasks._cancel_and_wait: cancel and wait on a separate future, so this stays cancellable. */
function* cancelAndWait(inner: Future<unknown>, loop: EventLoop): CoroutineGen<void> {
  const waiter = loop.createFuture<unknown>({ kind: 'wait_for', inner });
  const onInnerDone = releaseWaiterFor(waiter);
  inner.addDoneCallback(onInnerDone);
  try {
    inner.cancel();
    yield* waiter;
  } finally {
    inner.removeDoneCallback(onInnerDone);
  }
}

/** The cancelled inner future's result, where its CancelledError becomes `TimeoutError() from exc`. */
function resultOrTimeout<T>(inner: Future<T>): T {
  try {
    return inner.result();
  } catch (error) {
    if (!(error instanceof CancelledError)) throw error;
    const timeoutError = new TimeoutError();
    timeoutError.pyCause = error;
    timeoutError.pyContext = error;
    timeoutError.suppressContext = true;
    throw timeoutError;
  }
}
