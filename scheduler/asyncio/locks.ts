/**
 * Lock, Event, Condition, Semaphore and BoundedSemaphore (Lib/asyncio/locks.py, 3.11.7).
 *
 * Every waiter queue is a FIFO of futures and a waiter is woken by completing its future, so it
 * runs next tick (rules 22-25). A Lock does not barge: while woken waiters exist, a fresh
 * acquire() queues behind them even though locked() is False.
 *
 * The model also remembers who holds a lock or semaphore (asyncio doesn't), for the trace and for
 * deadlock reports.
 */
import { Deque } from '../loop/deque.ts';
import { CancelledError, RuntimeError, ValueError } from './exceptions.ts';
import type { Future } from './future.ts';
import type { Task } from './task.ts';
import type { AsyncContextManager, CoroutineGen } from './coroutines.ts';
import { Primitive, firstPending } from './primitive.ts';
import { WakeCause } from '../trace/format.ts';

export class Lock extends Primitive implements AsyncContextManager<void> {
  readonly kind = 'Lock';
  private isLocked = false;
  private waiters: Deque<Future<unknown>> | null = null;
  /** len(self._waiters), as the repr shows it (cancelled waiters not yet removed count). */
  get waiting(): number {
    return this.waiters?.length ?? 0;
  }
  /** The task that acquired it, or null: not asyncio state, the model's bookkeeping. */
  owner: Task<unknown> | null = null;

  locked(): boolean {
    return this.isLocked;
  }

  /** Lock.acquire(): free and nobody waiting → no suspension (rule 6); otherwise FIFO. */
  *acquire(): CoroutineGen<boolean> {
    if (!this.isLocked && (this.waiters === null || [...this.waiters].every((w) => w.cancelled()))) {
      this.take();
      return true;
    }
    this.waiters ??= new Deque();
    const waiter = this.getLoop().createFuture<unknown>({ kind: 'lock', primitive: this });
    this.waiters.push(waiter);
    // The finally runs before the CancelledError handling: a cancelled waiter that was already
    // woken must pass the wake-up on rather than keep the lock from everyone.
    try {
      try {
        yield* waiter;
      } finally {
        this.waiters.remove(waiter);
      }
    } catch (error) {
      if (error instanceof CancelledError && !this.isLocked) this.wakeUpFirst(WakeCause.LockHandoff);
      throw error;
    }
    this.take();
    return true;
  }

  private take(): void {
    const loop = this.getLoop();
    this.isLocked = true;
    this.owner = loop.currentTask;
    if (loop.trace !== null) loop.trace.lockAcquired(this, this.owner);
  }

  /** Lock.release(): mark free and wake the first waiter, who takes the lock next tick. */
  release(): void {
    if (!this.isLocked) throw new RuntimeError('Lock is not acquired.');
    const loop = this.getLoop();
    if (loop.trace !== null) loop.trace.lockReleased(this, loop.currentTask);
    this.isLocked = false;
    this.owner = null;
    this.wakeUpFirst(WakeCause.LockRelease);
  }

  private wakeUpFirst(cause: typeof WakeCause.LockRelease | typeof WakeCause.LockHandoff): void {
    if (this.waiters === null || this.waiters.length === 0) return;
    const first = this.waiters.at(0);
    // A done waiter will wake up anyway and either take the lock or pass the wake-up on.
    if (!first.done()) this.wakeWaiter(first, cause, true);
  }

  override holders(): Task<unknown>[] {
    return this.owner === null ? [] : [this.owner];
  }

  /** `async with lock:` (_ContextManagerMixin) */
  *aenter(): CoroutineGen<void> {
    yield* this.acquire();
  }

  *aexit(): CoroutineGen<boolean> {
    this.release();
    return false;
  }
}

export class Event extends Primitive {
  readonly kind = 'Event';
  private value = false;
  private readonly waiters = new Deque<Future<unknown>>();
  /** len(self._waiters), as the repr shows it (cancelled waiters not yet removed count). */
  get waiting(): number {
    return this.waiters?.length ?? 0;
  }

  isSet(): boolean {
    return this.value;
  }

  /** Event.set(): wake every waiter, in the order they began waiting (rule 23). */
  set(): void {
    if (this.value) return;
    this.value = true;
    for (const waiter of this.waiters) if (!waiter.done()) this.wakeWaiter(waiter, WakeCause.EventSet, true);
  }

  clear(): void {
    this.value = false;
  }

  /** Event.wait(): returns at once when set (rule 6). */
  *wait(): CoroutineGen<boolean> {
    if (this.value) return true;
    const waiter = this.getLoop().createFuture<unknown>({ kind: 'event', primitive: this });
    this.waiters.push(waiter);
    try {
      yield* waiter;
      return true;
    } finally {
      this.waiters.remove(waiter);
    }
  }
}

export class Condition extends Primitive implements AsyncContextManager<void> {
  readonly kind = 'Condition';
  readonly lock: Lock;
  private readonly waiters = new Deque<Future<unknown>>();
  /** len(self._waiters), as the repr shows it (cancelled waiters not yet removed count). */
  get waiting(): number {
    return this.waiters?.length ?? 0;
  }

  constructor(lock: Lock | null = null) {
    super();
    this.lock = lock ?? new Lock();
  }

  locked(): boolean {
    return this.lock.locked();
  }

  acquire(): CoroutineGen<boolean> {
    return this.lock.acquire();
  }

  release(): void {
    this.lock.release();
  }

  /**
   * Condition.wait(): release the lock, wait for notify(), then re-acquire the lock, which is one
   * more lock wake-up if the notifier still holds it (rule 25).
   */
  *wait(): CoroutineGen<boolean> {
    if (!this.locked()) throw new RuntimeError('cannot wait on un-acquired lock');
    this.release();
    try {
      const waiter = this.getLoop().createFuture<unknown>({ kind: 'condition', primitive: this });
      this.waiters.push(waiter);
      try {
        yield* waiter;
        return true;
      } finally {
        this.waiters.remove(waiter);
      }
    } finally {
      // The lock must be re-acquired even if the wait was cancelled.
      let cancelled = false;
      for (;;) {
        try {
          yield* this.acquire();
          break;
        } catch (error) {
          if (!(error instanceof CancelledError)) throw error;
          cancelled = true;
        }
      }
      if (cancelled) throw new CancelledError();
    }
  }

  /** Condition.wait_for(predicate) */
  *waitFor<T>(predicate: () => T): CoroutineGen<T> {
    let result = predicate();
    while (!result) {
      yield* this.wait();
      result = predicate();
    }
    return result;
  }

  /** Condition.notify(n): wake the first n waiters that are not done, FIFO. */
  notify(n = 1): void {
    if (!this.locked()) throw new RuntimeError('cannot notify on un-acquired lock');
    let woken = 0;
    for (const waiter of this.waiters) {
      if (woken >= n) break;
      if (!waiter.done()) {
        woken++;
        this.wakeWaiter(waiter, WakeCause.ConditionNotify, false);
      }
    }
  }

  notifyAll(): void {
    this.notify(this.waiters.length);
  }

  override holders(): Task<unknown>[] {
    return this.lock.holders();
  }

  *aenter(): CoroutineGen<void> {
    yield* this.acquire();
  }

  *aexit(): CoroutineGen<boolean> {
    this.release();
    return false;
  }
}

export class Semaphore extends Primitive implements AsyncContextManager<void> {
  readonly kind: 'Semaphore' | 'BoundedSemaphore' = 'Semaphore';
  protected value: number;
  private waiters: Deque<Future<unknown>> | null = null;
  /** len(self._waiters), as the repr shows it (cancelled waiters not yet removed count). */
  get waiting(): number {
    return this.waiters?.length ?? 0;
  }
  /** Tasks holding a unit, in acquisition order (model bookkeeping for the wait-for graph). */
  private readonly holding: Task<unknown>[] = [];

  constructor(value = 1) {
    super();
    if (value < 0) throw new ValueError('Semaphore initial value must be >= 0');
    this.value = value;
  }

  /** True if acquire() would wait: no units, or others already queued (FIFO). */
  locked(): boolean {
    return this.value === 0 || (this.waiters !== null && [...this.waiters].some((w) => !w.cancelled()));
  }

  *acquire(): CoroutineGen<boolean> {
    if (!this.locked()) {
      this.value--;
      this.noteHolder();
      return true;
    }
    this.waiters ??= new Deque();
    const waiter = this.getLoop().createFuture<unknown>({ kind: 'semaphore', primitive: this });
    this.waiters.push(waiter);
    try {
      try {
        yield* waiter;
      } finally {
        this.waiters.remove(waiter);
      }
    } catch (error) {
      if (error instanceof CancelledError && !waiter.cancelled()) {
        // Woken but cancelled before taking the unit: give it back and wake the next one.
        this.value++;
        this.wakeUpNext(WakeCause.SemaphoreHandoff);
      }
      throw error;
    }
    if (this.value > 0) this.wakeUpNext(WakeCause.SemaphoreHandoff);
    this.noteHolder();
    return true;
  }

  release(): void {
    this.value++;
    const task = this.getLoop().currentTask;
    const index = task === null ? -1 : this.holding.indexOf(task);
    this.holding.splice(index === -1 ? 0 : index, 1);
    this.wakeUpNext(WakeCause.SemaphoreRelease);
  }

  /** Semaphore._wake_up_next: give a unit to the first waiter that is not done. */
  private wakeUpNext(cause: typeof WakeCause.SemaphoreRelease | typeof WakeCause.SemaphoreHandoff): void {
    if (this.waiters === null) return;
    const waiter = firstPending(this.waiters);
    if (waiter === null) return;
    this.value--;
    this.wakeWaiter(waiter, cause, true);
  }

  private noteHolder(): void {
    const task = this.getLoop().currentTask;
    if (task !== null) this.holding.push(task);
  }

  override holders(): Task<unknown>[] {
    return [...this.holding];
  }

  *aenter(): CoroutineGen<void> {
    yield* this.acquire();
  }

  *aexit(): CoroutineGen<boolean> {
    this.release();
    return false;
  }
}

/** BoundedSemaphore: releasing above the initial value is a ValueError (rule 24). */
export class BoundedSemaphore extends Semaphore {
  override readonly kind = 'BoundedSemaphore';
  private readonly bound: number;

  constructor(value = 1) {
    super(value);
    this.bound = value;
  }

  override release(): void {
    if (this.value >= this.bound) throw new ValueError('BoundedSemaphore released too many times');
    super.release();
  }
}
