/**
 * asyncio.wait, as_completed and shield (3.11).
 *
 * CPython keeps the futures of wait() and as_completed() in sets, whose iteration order depends
 * on addresses. The reference runner pins it to creation order, which is one order CPython can
 * produce; the model uses the same (ASYNCIO-SEMANTICS.md, "What the reference runner pins down").
 */
import { getRunningLoop } from '../loop/running.ts';
import { labelled, type TimerHandle } from '../loop/handle.ts';
import { TimeoutError, TypeError, ValueError } from './exceptions.ts';
import { Future, isCoroutine, type Awaitable, type Coroutine } from './future.ts';
import { ensureFuture, named, type CoroutineGen } from './coroutines.ts';
import { Queue } from './queues.ts';
import { holdWithTraceback } from './held-by-traceback.ts';

export const FIRST_COMPLETED = 'FIRST_COMPLETED';
export const FIRST_EXCEPTION = 'FIRST_EXCEPTION';
export const ALL_COMPLETED = 'ALL_COMPLETED';
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

export interface WaitOptions {
  timeout?: number | null;
  returnWhen?: ReturnWhen;
  /**
   * The error for an element that is not a future. CPython's `_wait` calls
   * `f.add_done_callback(...)` on each element after creating its waiter and arming the timeout,
   * so `wait([None])` fails there with an AttributeError (the scenario interpreter supplies it
   * with Python's message); without this option a TypeError says what was expected.
   */
  notAFuture?: (element: unknown) => Error;
}

/**
 * Distinct elements as a set of them is iterated: futures in creation order (as the reference
 * runner iterates it), anything else after them in argument order (CPython's order for those
 * depends on hashes; this is one it can produce).
 */
function creationOrderSet(elements: Iterable<unknown>): unknown[] {
  const distinct = [...new Set(elements)];
  const futures = (distinct.filter((e) => e instanceof Future) as Future<unknown>[]).sort((a, b) => a.id - b.id);
  return [...futures, ...distinct.filter((e) => !(e instanceof Future))];
}

/**
 * asyncio.wait(fs, timeout=, return_when=): returns [done, pending] without cancelling anything.
 * Bare coroutines are a TypeError in 3.11 (rule 16); the caller's coroutine objects then leak.
 */
export function wait(
  fs: readonly unknown[],
  options: WaitOptions = {},
): Coroutine<[Future<unknown>[], Future<unknown>[]]> {
  return named('wait', waitBody(fs, options));
}

function* waitBody(
  fs: readonly unknown[],
  options: WaitOptions,
): CoroutineGen<[Future<unknown>[], Future<unknown>[]]> {
  const returnWhen = options.returnWhen ?? ALL_COMPLETED;
  const timeout = options.timeout ?? null;
  if (fs.length === 0) throw new ValueError('Set of Tasks/Futures is empty.');
  if (returnWhen !== FIRST_COMPLETED && returnWhen !== FIRST_EXCEPTION && returnWhen !== ALL_COMPLETED) {
    throw new ValueError(`Invalid return_when value: ${String(returnWhen)}`);
  }
  const loop = getRunningLoop();
  if (fs.some(isCoroutine)) {
    // wait()'s frame keeps them: they are never awaited, and say so when the exception goes.
    throw holdWithTraceback(new TypeError('Passing coroutines is forbidden, use tasks explicitly.'), fs.filter(isCoroutine));
  }
  const elements = creationOrderSet(fs);
  const futures = elements.filter((e): e is Future<unknown> => e instanceof Future);
  const waiter = loop.createFuture<unknown>({ kind: 'wait', futures });
  let timeoutHandle: TimerHandle | null = null;
  if (timeout !== null) {
    timeoutHandle = loop.callLater(
      timeout,
      labelled('_release_waiter', () => {
        if (!waiter.done()) waiter.setResult(null);
      }),
    );
  }
  let counter = futures.length;
  const onCompletion = labelled('_wait._on_completion', (future: Future<unknown>) => {
    counter--;
    if (
      counter <= 0 ||
      returnWhen === FIRST_COMPLETED ||
      (returnWhen === FIRST_EXCEPTION && !future.cancelled() && future.exception() !== null)
    ) {
      if (timeoutHandle !== null) timeoutHandle.cancel();
      if (!waiter.done()) waiter.setResult(null);
    }
  });
  // CPython adds the callbacks outside its try: a non-future leaves the timer armed.
  const stranger = elements.findIndex((e) => !(e instanceof Future));
  if (stranger !== -1) {
    const element = elements[stranger];
    throw options.notAFuture?.(element) ?? new TypeError(`asyncio.wait() expects futures, not ${typeof element}`);
  }
  for (const future of futures) future.addDoneCallback(onCompletion);
  try {
    yield* waiter;
  } finally {
    if (timeoutHandle !== null) timeoutHandle.cancel();
    for (const future of futures) future.removeDoneCallback(onCompletion);
  }
  const done: Future<unknown>[] = [];
  const pending: Future<unknown>[] = [];
  for (const future of futures) (future.done() ? done : pending).push(future);
  return [done, pending];
}

/**
 * asyncio.as_completed(fs, timeout=): a generator of coroutines to await, in completion order.
 * Like CPython's, it is lazy: the coroutines become tasks at the first iteration (rule 17).
 */
export function* asCompleted(
  fs: readonly Awaitable<unknown>[],
  options: { timeout?: number | null } = {},
): Generator<Coroutine<unknown>, void, unknown> {
  const timeout = options.timeout ?? null;
  const loop = getRunningLoop();
  const done = new Queue<Future<unknown> | null>();
  // Argument order, de-duplicated: the reference runner's choice for set(fs).
  const todo: Future<unknown>[] = [...new Set(fs)].map((aw) => ensureFuture(aw, 'as_completed'));
  let timeoutHandle: TimerHandle | null = null;

  const onTimeout = labelled('as_completed._on_timeout', () => {
    for (const future of todo) {
      future.removeDoneCallback(onCompletion);
      done.putNowait(null); // a dummy value for _wait_for_one()
    }
    todo.length = 0;
  });
  const onCompletion = labelled('as_completed._on_completion', (future: Future<unknown>) => {
    if (todo.length === 0) return; // _on_timeout() was here first
    todo.splice(todo.indexOf(future), 1);
    done.putNowait(future);
    if (todo.length === 0 && timeoutHandle !== null) timeoutHandle.cancel();
  });
  function* waitForOne(): CoroutineGen<unknown> {
    const future = yield* done.get();
    if (future === null) throw new TimeoutError();
    return future.result();
  }

  for (const future of todo) future.addDoneCallback(onCompletion);
  if (todo.length > 0 && timeout !== null) timeoutHandle = loop.callLater(timeout, onTimeout);
  const count = todo.length;
  for (let i = 0; i < count; i++) yield named('_wait_for_one', waitForOne());
}

/**
 * asyncio.shield(aw): the inner task runs on when the awaiter is cancelled; only the outer future
 * is cancelled (rule 15).
 */
export function shield<T>(aw: Awaitable<T>): Future<T> {
  const inner = ensureFuture(aw, 'shield');
  if (inner.done()) return inner;
  const loop = inner.loop;
  const outer = loop.createFuture<T>({ kind: 'shield', inner });

  const innerDone = labelled('shield._inner_done_callback', (finished: Future<T>) => {
    if (outer.cancelled()) {
      if (!finished.cancelled()) finished.exception(); // mark it retrieved
      return;
    }
    if (finished.cancelled()) {
      outer.cancel();
    } else {
      const exc = finished.exception();
      if (exc !== null) outer.setException(exc);
      else outer.setResult(finished.result());
    }
  });
  const outerDone = labelled('shield._outer_done_callback', () => {
    if (!inner.done()) inner.removeDoneCallback(innerDone);
  });
  inner.addDoneCallback(innerDone);
  outer.addDoneCallback(outerDone);
  return outer;
}
