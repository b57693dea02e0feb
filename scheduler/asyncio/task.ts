/**
 * asyncio.Task (Lib/asyncio/tasks.py): a future that drives a coroutine, one step per handle.
 *
 * step() is Task.__step and wakeup() is Task.__wakeup, ported line for line because every tick
 * count in ASYNCIO-SEMANTICS.md follows from them:
 *   - an await of a pending future suspends the task until the future's done callback wakes it;
 *   - an await of a done future or of a coroutine continues in the same step (rule 6);
 *   - a bare yield (`sleep(0)`) re-queues the step at the back of the ready queue (rule 7);
 *   - cancel() cancels the awaited future, or marks the task to receive CancelledError at its next
 *     step when it has not started or is already queued (rules 19, 20).
 */
import type { EventLoop } from '../loop/loop.ts';
import type { Handle, Steppable } from '../loop/handle.ts';
import { CancelledError, InvalidStateError, RuntimeError, TypeError, leavesTheLoop } from './exceptions.ts';
import { Future, PENDING, hostFutureRepr, isCoroutine, type Coroutine, type Suspension } from './future.ts';
import { currentContext, enterContext, type Context } from './context.ts';

export interface TaskOptions {
  /** name=...: otherwise `Task-N` from the process-wide counter. */
  name?: string | null;
  /**
   * asyncio.create_task(coro, name=X) creates the task unnamed and then renames it, so it still
   * consumes a number; loop.create_task(coro, name=X) does not (rule 11).
   */
  consumeNumber?: boolean;
  /** Where the task was created, for the trace (1-based line, or 0 when unknown). */
  line?: number;
  /** How it was created, for the trace: 'create_task', 'gather', 'wait_for', 'run'... */
  via?: string;
  /** create_task(coro, context=ctx): run in ctx itself; otherwise in a copy of the current context. */
  context?: Context | null;
}

export class Task<T = unknown> extends Future<T> implements Steppable {
  readonly isTask = true;
  /** Dense index of the task in the process, in creation order (the trace's task id). */
  readonly serial: number;
  name: string;
  readonly coro: Coroutine<T>;
  readonly coroName: string;
  /**
   * The serial of the task that created this one, -1 outside any task. A serial, not the task:
   * a chain of tasks each creating the next must not keep every ancestor alive.
   */
  readonly creatorSerial: number;
  readonly createdAtLine: number;
  readonly via: string;
  /** _fut_waiter: the future this task waits on. */
  futWaiter: Future<unknown> | null = null;
  /** _must_cancel: deliver CancelledError at the next step. */
  mustCancel = false;
  /** _num_cancels_requested, read by cancelling() and uncancel(). */
  numCancelsRequested = 0;
  /** True while a step or wakeup of this task sits in the ready queue (loop invariant 5). */
  queued = false;
  /** The task's recycled step/wakeup handle (see EventLoop.taskHandle). */
  handle: Handle | null = null;
  /**
   * False when nothing keeps the task (a fire-and-forget create_task whose result was dropped):
   * its unretrieved exception is then logged at the end of the tick it failed in (rule 31).
   */
  referenced = true;
  /** The contextvars.Context every step runs in (Task._context). */
  readonly context: Context;

  constructor(loop: EventLoop, coro: Coroutine<T>, options: TaskOptions = {}) {
    super(loop, { kind: 'task' });
    if (!isCoroutine(coro)) throw new TypeError(`a coroutine was expected, got ${String(coro)}`);
    const explicitName = options.name ?? null;
    const numbered = explicitName === null || options.consumeNumber === true;
    const number = numbered ? loop.process.nextTaskNumber++ : 0;
    this.name = explicitName ?? `Task-${number}`;
    this.serial = loop.process.nextTaskSerial++;
    this.coro = coro;
    this.coroName = coro.coroName ?? 'coroutine';
    const creator = loop.currentTask;
    this.creatorSerial = creator === null ? -1 : creator.serial;
    this.createdAtLine = options.line ?? 0;
    this.via = options.via ?? 'create_task';
    this.context = options.context ?? currentContext().copy();
    if (loop.trace !== null) loop.trace.taskCreated(this, creator);
    loop.queueStep(this);
    loop.tasks.push(this);
  }

  getName(): string {
    return this.name;
  }

  setName(name: string): void {
    this.name = name;
    if (this.loop.trace !== null) this.loop.trace.taskRenamed(this);
  }

  /** Task.cancel(msg): returns false on a finished task; counts requests for cancelling(). */
  override cancel(msg: unknown = null): boolean {
    this.logTraceback = false;
    if (this.done()) return false;
    this.numCancelsRequested++;
    const loop = this.loop;
    if (loop.trace !== null) loop.trace.taskCancelled(this, loop.currentTask, msg === null || msg === undefined ? null : String(msg), loop.currentHandle === null);
    if (this.futWaiter !== null) {
      // Leave futWaiter set: the awaited task may swallow the cancellation and need another one.
      if (this.futWaiter.cancel(msg)) return true;
    }
    // The step is already queued (or the task has not started): deliver the error there.
    this.mustCancel = true;
    this.cancelMessage = msg;
    return true;
  }

  cancelling(): number {
    return this.numCancelsRequested;
  }

  uncancel(): number {
    if (this.numCancelsRequested > 0) this.numCancelsRequested--;
    return this.numCancelsRequested;
  }

  /** Task.__step(exc): run the coroutine until it awaits a pending future, yields, or ends. */
  step(exc?: unknown): void {
    if (this.state !== PENDING) throw new InvalidStateError(`_step(): already done: ${this.repr()}`);
    if (this.mustCancel) {
      if (!(exc instanceof CancelledError)) exc = this.makeCancelledError();
      this.mustCancel = false;
    }
    this.futWaiter = null;
    const loop = this.loop;
    const previousTask = loop.currentTask;
    loop.currentTask = this; // _enter_task
    // call_soon(self.__step, context=self._context): the step runs in the task's context.
    const previousContext = enterContext(this.context);
    try {
      let outcome: IteratorResult<Suspension, T>;
      try {
        outcome = exc === undefined ? this.coro.next() : this.coro.throw(exc);
      } catch (error) {
        if (error instanceof CancelledError) {
          // Keep the original error so awaiters receive it, chained as CPython does.
          this.cancelledExc = error;
          super.cancel();
        } else {
          super.setException(error);
          loop.noteTaskFailed(this);
          // SystemExit and KeyboardInterrupt are set on the task and raised on, out of the loop.
          if (leavesTheLoop(error)) throw error;
        }
        return;
      }
      if (outcome.done === true) {
        if (this.mustCancel) {
          // Cancelled right before the coroutine returned: the cancellation wins.
          this.mustCancel = false;
          super.cancel(this.cancelMessage);
        } else {
          super.setResult(outcome.value);
        }
        return;
      }
      this.suspend(outcome.value);
    } finally {
      loop.currentTask = previousTask; // _leave_task
      enterContext(previousContext);
    }
  }

  /** The `else:` branch of Task.__step: what did the coroutine yield? */
  private suspend(yielded: Suspension): void {
    const loop = this.loop;
    if (yielded === null || yielded === undefined) {
      // A bare yield relinquishes control for one event loop iteration.
      if (loop.trace !== null) loop.trace.taskYielded(this);
      loop.queueStep(this);
      return;
    }
    if (!(yielded instanceof Future)) {
      loop.queueStep(this, new RuntimeError(`Task got bad yield: ${String(yielded)}`));
      return;
    }
    if (yielded.loop !== loop) {
      loop.queueStep(this, new RuntimeError(`Task ${this.repr()} got Future ${yielded.repr()} attached to a different loop`));
      return;
    }
    if (!yielded.blocking) {
      loop.queueStep(this, new RuntimeError(`yield was used instead of yield from in task ${this.repr()} with ${yielded.repr()}`));
      return;
    }
    if (yielded === this) {
      // Rule 21: detected only at the next step, one tick later.
      loop.queueStep(this, new RuntimeError(`Task cannot await on itself: ${this.repr()}`));
      return;
    }
    yielded.blocking = false;
    if (loop.trace !== null) loop.trace.taskSuspended(this, yielded);
    yielded.addDoneCallback(this);
    this.futWaiter = yielded;
    if (this.mustCancel) {
      if (yielded.cancel(this.cancelMessage)) this.mustCancel = false;
    }
  }

  /** Task.__wakeup(future): resume with the future's result, or throw its exception in. */
  wakeup(future: unknown): void {
    try {
      (future as Future<unknown>).result();
    } catch (error) {
      this.step(error);
      return;
    }
    this.step();
  }

  override repr(): string {
    return hostFutureRepr(this) ?? `<Task ${this.stateName().toLowerCase()} name='${this.name}' coro=<${this.coroName}()>>`;
  }
}

/** asyncio.current_task() */
export function currentTask(loop: EventLoop): Task<unknown> | null {
  return loop.currentTask;
}
