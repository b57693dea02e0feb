/**
 * asyncio.gather (3.11). Bare coroutines become tasks when gather() is called, in argument order;
 * the outer future is completed by `_done_callback`, itself a done callback of each child, so the
 * awaiter resumes two ticks after the last child finishes (rule 12).
 */
import { getEventLoop } from '../loop/running.ts';
import { labelled } from '../loop/handle.ts';
import { CancelledError, type PyBaseException } from './exceptions.ts';
import { Future, type Awaitable } from './future.ts';
import { ensureFuture } from './coroutines.ts';
import type { EventLoop } from '../loop/loop.ts';
import type { Task } from './task.ts';

export interface GatherOptions {
  returnExceptions?: boolean;
  /**
   * What the outer future's result is made of the children's results (a JS array by default).
   * The interpreter makes it a Python list, so that a gather nested in another gather is a list
   * inside the outer result, as in CPython.
   */
  makeResult?: (results: unknown[]) => unknown;
}

/** tasks._GatheringFuture: cancelling it cancels the children, in argument order. */
export class GatheringFuture<T = unknown[]> extends Future<T> {
  cancelRequested = false;

  constructor(
    loop: EventLoop,
    readonly children: readonly Future<unknown>[],
  ) {
    super(loop, { kind: 'gather', children });
  }

  override cancel(msg: unknown = null): boolean {
    if (this.done()) return false;
    let cancelledAny = false;
    for (const child of this.children) {
      if (child.cancel(msg)) cancelledAny = true;
    }
    // Propagate the cancellation even with return_exceptions=True (bpo-32684).
    if (cancelledAny) this.cancelRequested = true;
    return cancelledAny;
  }
}

/** asyncio.gather(*aws) */
export function gather(...aws: Awaitable<unknown>[]): Future<unknown[]> {
  return gatherWith({}, ...aws);
}

/** asyncio.gather(*aws, return_exceptions=...) */
export function gatherWith(options: GatherOptions, ...aws: Awaitable<unknown>[]): Future<unknown[]> {
  const returnExceptions = options.returnExceptions === true;
  const makeResult = options.makeResult ?? ((results: unknown[]) => results);
  if (aws.length === 0) {
    const outer = getEventLoop().createFuture<unknown[]>();
    outer.setResult(makeResult([]) as unknown[]);
    return outer;
  }

  const argToFuture = new Map<Awaitable<unknown>, Future<unknown>>();
  const children: Future<unknown>[] = [];
  let outer: GatheringFuture<unknown[]> | null = null;
  let nfuts = 0;
  let nfinished = 0;

  const doneCallback = labelled('gather._done_callback', (child: Future<unknown>) => {
    nfinished++;
    if (outer === null || outer.done()) {
      // Mark the exception retrieved: later failures are swallowed without a log (rule 12).
      if (!child.cancelled()) child.exception();
      return;
    }
    if (!returnExceptions) {
      if (child.cancelled()) {
        outer.setException(child.makeCancelledError());
        return;
      }
      const exc = child.exception();
      if (exc !== null) {
        outer.setException(exc);
        return;
      }
    }
    if (nfinished === nfuts) {
      const results: unknown[] = [];
      for (const future of children) {
        if (future.cancelled()) {
          results.push(new CancelledError(future.cancelMessage === null ? '' : future.cancelMessage));
        } else {
          const exc: PyBaseException | null = future.exception();
          results.push(exc !== null ? exc : future.result());
        }
      }
      if (outer.cancelRequested) outer.setException(child.makeCancelledError());
      else outer.setResult(makeResult(results) as unknown[]);
    }
  });

  let loop: EventLoop | null = null;
  for (const arg of aws) {
    let future = argToFuture.get(arg);
    if (future === undefined) {
      future = ensureFuture(arg, 'gather');
      loop ??= future.loop;
      if (future !== arg) (future as Task<unknown>).referenced = true;
      nfuts++;
      argToFuture.set(arg, future);
      future.addDoneCallback(doneCallback);
    }
    children.push(future);
  }
  outer = new GatheringFuture<unknown[]>(loop as EventLoop, children);
  return outer;
}
