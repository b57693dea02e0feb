/**
 * asyncio.Future (Lib/asyncio/futures.py), modelled state for state.
 *
 * A future is pending, then finished (with a result or an exception) or cancelled, exactly once.
 * Completing it schedules every done callback with call_soon, in registration order; a task that
 * awaits the future is just one of those callbacks (ASYNCIO-SEMANTICS.md rule 9).
 *
 * `yield* future` inside a coroutine generator is `await future`: it is the port of
 * Future.__await__, which yields the future itself to the running task only if it is still pending.
 */
import type { EventLoop } from '../loop/loop.ts';
import type { Callback, Steppable } from '../loop/handle.ts';
import { CancelledError, InvalidStateError, RuntimeError, TypeError, asPyException, type PyBaseException } from './exceptions.ts';
import type { WaitPurpose } from './wait-purpose.ts';
import { keptByFuture } from './held-by-traceback.ts';
import { EMPTY_VARS, currentContext, type ContextVars } from './context.ts';

export const PENDING = 0;
export const CANCELLED = 1;
export const FINISHED = 2;
export type FutureState = typeof PENDING | typeof CANCELLED | typeof FINISHED;

/** What a coroutine may yield to its task: a pending future to wait for, or null for a bare yield. */
export type Suspension = Future<unknown> | null;

/** A coroutine: a generator that yields suspensions and returns its result (`async def` body). */
export type Coroutine<T = unknown> = Generator<Suspension, T, unknown> & {
  /** The coroutine function's name (`coro.__qualname__`), for task labels and warnings. */
  coroName?: string;
  /** The line the coroutine is suspended at or running, when the interpreter knows it (1-based). */
  currentLine?: number;
};

/** Anything `await` accepts: a future or task, or a coroutine. */
export type Awaitable<T = unknown> = Future<T> | Coroutine<T>;

/** A done callback: a function called with the future, or a task to wake up. */
export type DoneCallback = Callback | Steppable;

export class Future<T = unknown> {
  state: FutureState = PENDING;
  /** Unique in the process, in creation order: the order a reference runner iterates sets in. */
  readonly id: number;
  /** What waiting on this future means (a sleep, a lock, a queue...), for the trace and deadlocks. */
  purpose: WaitPurpose;
  /** _asyncio_future_blocking: set while the future travels from `await` up to the task. */
  blocking = false;
  /** The msg given to cancel(), if any (None is null). */
  cancelMessage: unknown = null;
  /** The CancelledError that ended a task, kept so awaiters receive the same object (_cancelled_exc). */
  cancelledExc: CancelledError | null = null;
  /** __log_traceback: an exception nobody has looked at yet. */
  logTraceback = false;
  /** Made while the loop was in debug mode: the scenario line it was made at (-1 otherwise). */
  debugLine = -1;
  /** asyncio.Future() called by the scenario itself (not loop.create_future()), for debug reprs. */
  madeByScenario = false;

  protected resultValue: T | undefined = undefined;
  protected exceptionValue: PyBaseException | null = null;
  /** Done callbacks in registration order: most futures get exactly one, kept without an array. */
  private firstCallback: DoneCallback | null = null;
  private moreCallbacks: DoneCallback[] | null = null;
  /** The context each function callback was added in, when it is not the empty one. */
  private callbackVars: Map<DoneCallback, ContextVars> | null = null;

  constructor(
    readonly loop: EventLoop,
    purpose: WaitPurpose = { kind: 'future' },
  ) {
    this.id = loop.process.nextFutureId++;
    // Debug mode records where a future was made (Future._source_traceback), which reprs show.
    if (loop.debug) this.debugLine = loop.callerLine();
    this.purpose = purpose;
  }

  done(): boolean {
    return this.state !== PENDING;
  }

  cancelled(): boolean {
    return this.state === CANCELLED;
  }

  /** Future.result(): the value, or raise the exception / CancelledError / InvalidStateError. */
  result(): T {
    if (this.state === CANCELLED) throw this.makeCancelledError();
    if (this.state !== FINISHED) throw new InvalidStateError('Result is not ready.');
    this.logTraceback = false;
    if (this.exceptionValue !== null) throw this.exceptionValue;
    return this.resultValue as T;
  }

  /** Future.exception(): the exception or null; retrieving it silences the "never retrieved" log. */
  exception(): PyBaseException | null {
    if (this.state === CANCELLED) throw this.makeCancelledError();
    if (this.state !== FINISHED) throw new InvalidStateError('Exception is not set.');
    this.logTraceback = false;
    return this.exceptionValue;
  }

  /** The stored exception without the side effects of exception() (for tracing and tests). */
  peekException(): PyBaseException | null {
    return this.exceptionValue;
  }

  /** The stored result without the side effects of result(). */
  peekResult(): T | undefined {
    return this.resultValue;
  }

  /**
   * Future.add_done_callback: on a done future the callback is scheduled at once, for next tick.
   * A function callback will run in a copy of the context it was added in (context=None).
   */
  addDoneCallback(callback: DoneCallback): void {
    if (this.state !== PENDING) {
      this.loop.scheduleDoneCallback(callback, this);
      return;
    }
    const vars = currentContext().vars;
    if (vars !== EMPTY_VARS && typeof callback === 'function') (this.callbackVars ??= new Map()).set(callback, vars);
    if (this.firstCallback === null && this.moreCallbacks === null) this.firstCallback = callback;
    else (this.moreCallbacks ??= []).push(callback);
  }

  /** Future.remove_done_callback: remove every registration of the callback; return how many. */
  removeDoneCallback(callback: DoneCallback): number {
    const all = this.pendingCallbacks();
    const kept = all.filter((registered) => registered !== callback);
    const removed = all.length - kept.length;
    if (removed > 0) {
      this.firstCallback = null;
      this.moreCallbacks = kept.length > 0 ? kept : null;
    }
    return removed;
  }

  setResult(result: T): void {
    if (this.state !== PENDING) throw new InvalidStateError(`${this.stateName()}: ${this.repr()}`);
    this.resultValue = result;
    this.state = FINISHED;
    this.scheduleCallbacks();
  }

  setException(exception: unknown): void {
    if (this.state !== PENDING) throw new InvalidStateError(`${this.stateName()}: ${this.repr()}`);
    const pyException = asPyException(exception);
    if (pyException.pyName === 'StopIteration') {
      throw new TypeError('StopIteration interacts badly with generators and cannot be raised into a Future');
    }
    this.exceptionValue = pyException;
    keptByFuture(pyException);
    this.state = FINISHED;
    this.scheduleCallbacks();
    this.logTraceback = true;
  }

  /** Future.cancel(msg): only a pending future can be cancelled; its callbacks are scheduled. */
  cancel(msg: unknown = null): boolean {
    this.logTraceback = false;
    if (this.state !== PENDING) return false;
    this.state = CANCELLED;
    this.cancelMessage = msg;
    this.scheduleCallbacks();
    return true;
  }

  /** Future._make_cancelled_error: reuse the CancelledError that ended a task, once. */
  makeCancelledError(): CancelledError {
    if (this.cancelledExc !== null) {
      const exc = this.cancelledExc;
      this.cancelledExc = null;
      return exc;
    }
    return this.cancelMessage === null ? new CancelledError() : new CancelledError(this.cancelMessage);
  }

  /** Future.__schedule_callbacks: every callback goes to the ready queue now, in order. */
  private scheduleCallbacks(): void {
    const loop = this.loop;
    if ((this as { isTask?: boolean }).isTask === true) loop.taskFinished();
    if (loop.trace !== null) loop.trace.futureDone(this, loop.currentTask, loop.currentHandle);
    const first = this.firstCallback;
    const more = this.moreCallbacks;
    this.firstCallback = null;
    this.moreCallbacks = null;
    const vars = this.callbackVars;
    this.callbackVars = null;
    if (first !== null) loop.scheduleDoneCallback(first, this, vars?.get(first) ?? EMPTY_VARS);
    if (more !== null) for (const callback of more) loop.scheduleDoneCallback(callback, this, vars?.get(callback) ?? EMPTY_VARS);
  }

  /** Future.__await__, so that `yield* future` in a coroutine is `await future`. */
  *[Symbol.iterator](): Generator<Suspension, T, unknown> {
    if (this.state === PENDING) {
      this.blocking = true;
      yield this;
    }
    if (this.state === PENDING) throw new RuntimeError("await wasn't used with future");
    return this.result();
  }

  stateName(): 'PENDING' | 'CANCELLED' | 'FINISHED' {
    return this.state === PENDING ? 'PENDING' : this.state === CANCELLED ? 'CANCELLED' : 'FINISHED';
  }

  repr(): string {
    return hostRepr !== null ? hostRepr(this) : `<Future ${this.stateName().toLowerCase()}>`;
  }

  /** The callbacks still registered (for the wait-for graph and tests). */
  pendingCallbacks(): DoneCallback[] {
    const all: DoneCallback[] = this.firstCallback === null ? [] : [this.firstCallback];
    if (this.moreCallbacks !== null) all.push(...this.moreCallbacks);
    return all;
  }
}

/**
 * repr() of futures and tasks as the host shows them, for the messages that embed one ("Task
 * cannot await on itself: <Task pending name='Task-1' coro=<main() running at f.py:7> cb=[...]>"):
 * the interpreter knows coroutine frames and callback names; without a host, a short form.
 */
let hostRepr: ((future: Future<unknown>) => string) | null = null;

export function setHostFutureRepr(repr: ((future: Future<unknown>) => string) | null): void {
  hostRepr = repr;
}

/** The host's repr of a future or task, or null to use the short form. */
export function hostFutureRepr(future: Future<unknown>): string | null {
  return hostRepr === null ? null : hostRepr(future);
}

/** asyncio.isfuture */
export function isFuture(value: unknown): value is Future<unknown> {
  return value instanceof Future;
}

/** asyncio.iscoroutine, for the model's generator-based coroutines. */
export function isCoroutine(value: unknown): value is Coroutine<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Future) &&
    typeof (value as Coroutine).next === 'function' &&
    typeof (value as Coroutine).throw === 'function'
  );
}

/** futures._set_result_unless_cancelled: the callback a sleep's timer runs. */
export function setResultUnlessCancelled(this: void, future: Future<unknown>, result: unknown): void {
  if (future.cancelled()) return;
  future.setResult(result);
}
