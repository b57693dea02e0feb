/**
 * Worker threads on the virtual clock: concurrent.futures.ThreadPoolExecutor as asyncio's
 * run_in_executor and to_thread use it (Lib/concurrent/futures/thread.py, 3.11).
 *
 * The model:
 *   - A pool starts a thread per submission while it has fewer than max_workers and no idle
 *     credit (`_idle_semaphore`, released each time a thread finishes a work item); otherwise the
 *     work waits in the FIFO queue for the thread that frees up first.
 *   - A job's function runs to its end when the job starts (its code cannot interleave with the
 *     loop's at a finer grain than that). time.sleep in it advances the thread's own clock, not
 *     the loop's; pure computation takes no time, so two threads' CPU work never overlaps (the GIL
 *     makes real threads take turns too, docs/scenario-language.md says where this differs).
 *   - What the thread does that others can see (a printed line, call_soon_threadsafe, completing
 *     the asyncio future) is an event at the thread's virtual time. The loop takes in events whose
 *     time has come only where the loop thread would let another thread run under the GIL: when it
 *     waits in its selector (which then wakes at the next event as it would at a timer), and while
 *     it blocks in time.sleep. So the completion's `_set_state` callback is appended to the ready
 *     queue at the time the thread finishes, ahead of timers due at that same time.
 */
import { heappop, heappush } from '../loop/heapq.ts';
import { labelled } from '../loop/handle.ts';
import type { EventLoop } from '../loop/loop.ts';
import type { Future } from './future.ts';
import type { Task } from './task.ts';

/** An action of a worker thread, taken in when the loop's clock reaches its time. */
interface ThreadEvent {
  time: number;
  /** Ties keep the order the events were made in. */
  seq: number;
  run(): void;
}

function eventLess(a: ThreadEvent, b: ThreadEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

/** The threads' events not yet taken in by the loop, by time. */
export class ThreadTimeline {
  private readonly heap: ThreadEvent[] = [];
  private seq = 0;

  add(time: number, run: () => void): void {
    heappush(this.heap, { time, seq: this.seq++, run }, eventLess);
  }

  get size(): number {
    return this.heap.length;
  }

  /** The time of the earliest event, or null. */
  nextTime(): number | null {
    return this.heap.length === 0 ? null : this.heap[0]!.time;
  }

  /** Take in every event whose time is at most `time`, in time order (events may add events). */
  runUntil(time: number): void {
    while (this.heap.length > 0 && this.heap[0]!.time <= time) heappop(this.heap, eventLess).run();
  }
}

/** The thread whose job is running now (null: the loop's thread, "MainThread"). */
let running: WorkerThread | null = null;

export function runningThread(): WorkerThread | null {
  return running;
}

export class WorkerThread {
  /** The thread's clock while its job runs; when it will be free otherwise. */
  clock = 0;
  constructor(
    readonly pool: ThreadPool,
    /** Dense index of the thread in the process (the trace's thread id). */
    readonly id: number,
    readonly name: string,
  ) {}

  /** time.sleep(seconds) on this thread: only its own clock moves. */
  sleep(seconds: number): void {
    this.clock += seconds;
  }

  /** Something the thread does that the loop sees at the thread's current time. */
  later(run: () => void): void {
    this.pool.loop.threadTimeline().add(this.clock, run);
  }
}

/** A function given to the pool: `execute` runs it on the thread and tells how it ended. */
export interface ThreadJob {
  /** What the trace calls it (the function's name). */
  readonly label: string;
  /** The task that submitted it, for the trace. */
  readonly submitter: Task<unknown> | null;
  /** asyncio's future for it (futures.wrap_future), completed through call_soon_threadsafe. */
  readonly future: Future<unknown>;
  /** Run the function now, on `thread`: its result, or (ok false) its exception. */
  execute(thread: WorkerThread): { ok: boolean; value: unknown };
  /** The result crossing back to the loop (a value of the scenario's language). */
  settle(future: Future<unknown>, ok: boolean, value: unknown): void;
  /** Was asyncio's future cancelled before the job started? (concurrent Future.cancel()) */
  cancelled?: () => boolean;
}

/** futures._chain_future's `_set_state`, run by the loop when the thread hands the result over. */
const setStateLabel = '_chain_future.<locals>._set_state';

export class ThreadPool {
  readonly threads: WorkerThread[] = [];
  private readonly queue: ThreadJob[] = [];
  /** Threads waiting for work, in the order they began waiting (Condition's FIFO of waiters). */
  private readonly idle: WorkerThread[] = [];
  /** executor._idle_semaphore's value. */
  private idleCredits = 0;
  /** When the last job handed out will end (for shutdown(wait=True)). */
  private busyUntil = 0;
  shutdownRequested = false;

  constructor(
    readonly loop: EventLoop,
    readonly maxWorkers: number,
    /** thread_name_prefix: `asyncio` for the default executor (threads asyncio_0, asyncio_1...). */
    readonly prefix: string,
  ) {}

  /** executor.submit(fn): queue the work, then _adjust_thread_count. */
  submit(job: ThreadJob): void {
    this.queue.push(job);
    const now = this.loop.clock;
    let started = false;
    if (this.idleCredits > 0) {
      // An idle thread will take it (or a later one: the credits can outnumber idle threads).
      this.idleCredits--;
    } else if (this.threads.length < this.maxWorkers) {
      const thread = new WorkerThread(this, this.loop.process.nextThreadId++, `${this.prefix}_${this.threads.length}`);
      this.threads.push(thread);
      if (this.loop.trace !== null) this.loop.trace.threadStarted(thread.id, thread.name);
      this.idle.push(thread);
      started = true;
    }
    this.dispatch(now);
    // Thread.start() waits until the new thread runs, letting it take the GIL: it gets as far as
    // its first blocking call before the loop's thread goes on. An idle thread that is handed the
    // work waits for the loop to let go of the GIL (its selector, or a blocking call).
    if (started) this.loop.threadTimeline().runUntil(now);
  }

  /** Idle threads take queued work, first come first served. */
  private dispatch(time: number): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const thread = this.idle.shift()!;
      const job = this.queue.shift()!;
      this.run(thread, job, time);
    }
  }

  /** _WorkItem.run on `thread` from `time`: the function runs now, its effects land at their times. */
  private run(thread: WorkerThread, job: ThreadJob, time: number): void {
    const loop = this.loop;
    thread.clock = time;
    if (job.cancelled?.() === true) {
      // set_running_or_notify_cancel() said no: the thread goes back to waiting at once.
      this.finished(thread, time);
      return;
    }
    const previous = running;
    running = thread;
    let outcome: { ok: boolean; value: unknown };
    try {
      outcome = job.execute(thread);
    } finally {
      running = previous;
    }
    const { ok, value } = outcome;
    const end = thread.clock;
    this.busyUntil = Math.max(this.busyUntil, end);
    if (loop.trace !== null) loop.trace.threadJob(thread.id, job.label, job.submitter, job.future.id, time, end);
    loop.threadTimeline().add(end, () => {
      // The concurrent future's done callback: call_soon_threadsafe(_set_state, future, source).
      if (!(job.future.cancelled() && loop.closed)) {
        loop.callSoon(labelled(setStateLabel, () => job.settle(job.future, ok, value)));
      }
      this.finished(thread, end);
    });
  }

  /**
   * The thread is done with its work item: it releases an idle credit (even if it then takes
   * queued work at once, as CPython's worker does) and waits for more.
   */
  private finished(thread: WorkerThread, time: number): void {
    this.idleCredits++;
    this.idle.push(thread);
    this.dispatch(time);
  }

  /** When every thread will have finished the work handed out so far (shutdown(wait=True)). */
  allDoneAt(): number {
    return Math.max(this.busyUntil, this.loop.clock);
  }

  /** Work still waiting for a thread. */
  get queued(): number {
    return this.queue.length;
  }
}
