/**
 * What the loop, futures and tasks tell an observer. The loop holds `TraceSink | null` and checks
 * for null at each call site, so an untraced run pays one comparison per event and nothing more.
 * The recorder in recorder.ts is the one real implementation; tests may plug in their own.
 */
import type { Handle, TimerHandle } from '../loop/handle.ts';
import type { Future } from '../asyncio/future.ts';
import type { Task } from '../asyncio/task.ts';
import type { SyncPrimitive } from '../asyncio/wait-purpose.ts';
import type { WakeCauseCode, WarningKindCode } from './format.ts';

export interface TraceSink {
  /**
   * Null while the trace may grow; once it outgrew its size limit, why (the loop then halts the
   * run at the next tick, the interpreter sooner).
   */
  readonly limitReached: string | null;
  /** A tick began: the clock jumped from timeBefore to timeAfter; `due` timers were moved to the ready queue; `ntodo` handles will run. */
  tick(index: number, timeBefore: number, timeAfter: number, ntodo: number, due: readonly TimerHandle[]): void;
  /** call_soon (or a done callback, or a task step) appended a handle to the ready queue. */
  handleQueued(handle: Handle): void;
  /** call_at / call_later pushed a timer onto the heap. */
  timerArmed(timer: TimerHandle, owner: Task | null): void;
  /** A handle or timer was cancelled (it stays queued and is skipped). */
  handleCancelled(handle: Handle): void;
  /** A handle is about to run (one "step" of the trace). */
  handleRun(handle: Handle): void;
  /** A cancelled handle reached the front of the ready queue and was dropped. */
  handleSkipped(handle: Handle): void;
  taskCreated(task: Task, creator: Task | null): void;
  taskRenamed(task: Task): void;
  /** The task's coroutine awaited a pending future and the task now waits for it. */
  taskSuspended(task: Task, awaited: Future<unknown>): void;
  /** A bare yield (`sleep(0)`): the task re-queued itself. */
  taskYielded(task: Task): void;
  /**
   * A future completed (result, exception or cancelled), before its callbacks are queued; `by` is
   * the running task, if any. A task is a future too: this is also how a task's end is reported.
   */
  futureDone(future: Future<unknown>, by: Task | null, byHandle: Handle | null): void;
  /** A line the scenario printed (already without its trailing newline). */
  output(text: string, task: Task | null, line: number): void;
  /**
   * time.sleep(seconds) at `line`: the running task blocked the loop (or, with no loop, the main
   * thread) and the clock moved in mid-step.
   */
  blocked(task: Task | null, seconds: number, timeAfter: number, line?: number): void;
  /**
   * A loop warning, worded as CPython's exception handler or warnings module would, with what it
   * is about: its kind, the task and the source line (0 when unknown).
   */
  log(text: string, kind?: WarningKindCode, task?: Task | null, line?: number): void;

  // ----- causes: who woke or cancelled whom -----
  /** A primitive is about to complete `waiter` (a FutureDone follows): why, and on what object. */
  wake(waiter: Future<unknown>, cause: WakeCauseCode, primitive: SyncPrimitive): void;
  /** task.cancel() was accepted; `by` is the running task, if any; `outsideHandles` when no handle runs (asyncio.run's clean-up). */
  taskCancelled(task: Task, by: Task | null, message: string | null, outsideHandles?: boolean): void;
  /** An asyncio.Lock was taken by `task`, or released. */
  lockAcquired(lock: SyncPrimitive, task: Task | null): void;
  lockReleased(lock: SyncPrimitive, task: Task | null): void;
  /** The scenario dropped the task create_task returned, at `line`: nothing keeps it. */
  taskDropped(task: Task, line: number): void;
  /** A simulated I/O wait begins on `future` (a Suspend of kind io follows when the task waits). */
  ioStarted(future: Future<unknown>, description: string, outcome: string): void;

  // ----- the standard library (issue 13) -----
  /** A line written to stderr (without its newline) by the running task or callback. */
  stderr(text: string, task: Task | null, line: number): void;
  /** A worker thread of the default executor started. */
  threadStarted(thread: number, name: string): void;
  /** A function began running on a worker thread; it will end at `end` (virtual time). */
  threadJob(thread: number, label: string, submitter: Task | null, futureId: number, start: number, end: number): void;
  /** A line written by code running on a worker thread, at the thread's virtual time. */
  threadOutput(thread: number, stream: 'stdout' | 'stderr', text: string, line: number, time: number): void;
}
