/**
 * Queue, LifoQueue and PriorityQueue (Lib/asyncio/queues.py, 3.11). Getters and putters wait in
 * FIFO deques of futures; a put wakes the first getter and a get wakes the first putter, who
 * resume next tick (rule 26). join() returns at once while no put() has happened.
 */
import { Deque } from '../loop/deque.ts';
import { heappop, heappush, type Less } from '../loop/heapq.ts';
import { QueueEmpty, QueueFull, ValueError } from './exceptions.ts';
import type { Future } from './future.ts';
import type { CoroutineGen } from './coroutines.ts';
import { Event } from './locks.ts';
import { Primitive } from './primitive.ts';
import { WakeCause, type WakeCauseCode } from '../trace/format.ts';

/** The item store a queue class chooses (Queue._init, _put, _get). */
interface ItemStore<T> {
  readonly size: number;
  put(item: T): void;
  get(): T;
  items(): T[];
}

class FifoStore<T> implements ItemStore<T> {
  private readonly deque = new Deque<T>();
  get size(): number {
    return this.deque.length;
  }
  put(item: T): void {
    this.deque.push(item);
  }
  get(): T {
    return this.deque.shift();
  }
  items(): T[] {
    return this.deque.toArray();
  }
}

class LifoStore<T> implements ItemStore<T> {
  private readonly stack: T[] = [];
  get size(): number {
    return this.stack.length;
  }
  put(item: T): void {
    this.stack.push(item);
  }
  get(): T {
    return this.stack.pop() as T;
  }
  items(): T[] {
    return [...this.stack];
  }
}

class HeapStore<T> implements ItemStore<T> {
  private readonly heap: T[] = [];
  constructor(private readonly less: Less<T>) {}
  get size(): number {
    return this.heap.length;
  }
  put(item: T): void {
    heappush(this.heap, item, this.less);
  }
  get(): T {
    return heappop(this.heap, this.less);
  }
  items(): T[] {
    return [...this.heap];
  }
}

/**
 * Python's `<` for the values a TypeScript test puts in a PriorityQueue: numbers, strings, and
 * arrays as tuples compared item by item. The interpreter passes its own comparison.
 */
export function pythonLess(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (pythonLess(a[i], b[i])) return true;
      if (pythonLess(b[i], a[i])) return false;
    }
    return a.length < b.length;
  }
  return (a as number) < (b as number);
}

export class Queue<T = unknown> extends Primitive {
  readonly kind: 'Queue' | 'LifoQueue' | 'PriorityQueue' = 'Queue';
  private readonly getters = new Deque<Future<unknown>>();
  private readonly putters = new Deque<Future<unknown>>();
  private unfinishedTasks = 0;
  private readonly finished = new Event();
  protected readonly store: ItemStore<T>;

  constructor(readonly maxsize = 0) {
    super();
    this.finished.set();
    this.store = this.makeStore();
  }

  protected makeStore(): ItemStore<T> {
    return new FifoStore<T>();
  }

  qsize(): number {
    return this.store.size;
  }

  empty(): boolean {
    return this.store.size === 0;
  }

  full(): boolean {
    return this.maxsize > 0 && this.qsize() >= this.maxsize;
  }

  /** The items as the queue stores them (list(q._queue): FIFO order, the stack, or the heap). */
  items(): T[] {
    return this.store.items();
  }

  /** len(q._getters), len(q._putters) and q._unfinished_tasks, which Queue's repr shows. */
  get waitingGetters(): number {
    return this.getters.length;
  }

  get waitingPutters(): number {
    return this.putters.length;
  }

  get unfinished(): number {
    return this.unfinishedTasks;
  }

  /** Queue._wakeup_next: complete the first waiter that is not done yet. */
  private wakeupNext(waiters: Deque<Future<unknown>>, cause: WakeCauseCode): void {
    while (waiters.length > 0) {
      const waiter = waiters.shift();
      if (!waiter.done()) {
        this.wakeWaiter(waiter, cause, null);
        break;
      }
    }
  }

  /** Queue.put(item): waits while full, FIFO among putters. */
  *put(item: T): CoroutineGen<void> {
    while (this.full()) {
      const putter = this.getLoop().createFuture<unknown>({ kind: 'queue-put', primitive: this });
      this.putters.push(putter);
      try {
        yield* putter;
      } catch (error) {
        putter.cancel(); // in case it is not done yet
        this.putters.remove(putter);
        // Woken by a get() but unable to take the slot: pass the wake-up on.
        if (!this.full() && !putter.cancelled()) this.wakeupNext(this.putters, WakeCause.QueueHandoff);
        throw error;
      }
    }
    this.putNowait(item);
  }

  putNowait(item: T): void {
    if (this.full()) throw new QueueFull();
    this.store.put(item);
    this.unfinishedTasks++;
    this.finished.clear();
    this.wakeupNext(this.getters, WakeCause.QueuePut);
  }

  /** Queue.get(): waits while empty, FIFO among getters. */
  *get(): CoroutineGen<T> {
    while (this.empty()) {
      const getter = this.getLoop().createFuture<unknown>({ kind: 'queue-get', primitive: this });
      this.getters.push(getter);
      try {
        yield* getter;
      } catch (error) {
        getter.cancel();
        this.getters.remove(getter);
        if (!this.empty() && !getter.cancelled()) this.wakeupNext(this.getters, WakeCause.QueueHandoff);
        throw error;
      }
    }
    return this.getNowait();
  }

  getNowait(): T {
    if (this.empty()) throw new QueueEmpty();
    const item = this.store.get();
    this.wakeupNext(this.putters, WakeCause.QueueGet);
    return item;
  }

  taskDone(): void {
    if (this.unfinishedTasks <= 0) throw new ValueError('task_done() called too many times');
    this.unfinishedTasks--;
    if (this.unfinishedTasks === 0) this.finished.set();
  }

  /** Queue.join(): returns at once when every put() has been matched by task_done(). */
  *join(): CoroutineGen<void> {
    if (this.unfinishedTasks > 0) {
      this.finished.label = `${this.label}.join()`;
      yield* this.finished.wait();
    }
  }
}

export class LifoQueue<T = unknown> extends Queue<T> {
  override readonly kind = 'LifoQueue';
  protected override makeStore(): ItemStore<T> {
    return new LifoStore<T>();
  }
}

export class PriorityQueue<T = unknown> extends Queue<T> {
  override readonly kind = 'PriorityQueue';
  constructor(maxsize = 0, private readonly less: Less<T> = pythonLess) {
    super(maxsize);
  }
  protected override makeStore(): ItemStore<T> {
    // Called from Queue's constructor, before `less` is assigned: fall back to pythonLess there.
    return new HeapStore<T>((a, b) => (this.less ?? pythonLess)(a, b));
  }
}
