/**
 * The trace format: the only thing the renderer reads.
 *
 * A trace is a flat stream of integer events plus two side tables, so that a million-step run
 * stays a few megabytes and serializes to plain JSON byte for byte the same every time:
 *   - `events`: opcodes followed by their integer fields (layouts below);
 *   - `floats`: the float fields, consumed in event order (tick times, deadlines, blocking times);
 *   - `strings`: every label, name and printed text, interned; events refer to them by index.
 * Absent references are -1. Tasks are referred to by serial (creation order, 0-based), handles and
 * futures by their process-wide ids.
 *
 * In memory `events` and `floats` are typed arrays; json.ts writes and reads the JSON form, in
 * which they are plain arrays of numbers.
 */
import type { WaitForGraph } from '../asyncio/wait-graph.ts';

export const TRACE_FORMAT = 'loopscope-trace';
/**
 * Version 2 added the causes (Wake, TaskCancel, TaskFuture), where things happened (BlockAt,
 * Warning, TaskRaise, Stack), locks held (LockAcquire, LockRelease), dropped tasks, the main
 * thread's asyncio.run calls and simulated I/O. Every version-1 event keeps its layout, so a
 * version-1 trace is read by the same decoder: it simply lacks those facts.
 */
export const TRACE_VERSION = 2;
/** The versions this build reads. */
export const READABLE_VERSIONS: readonly number[] = [1, 2];
export type TraceVersion = 1 | 2;

/** Event opcodes; the comment gives the integer fields that follow, then the floats it consumes. */
export const Op = {
  /** tickIndex, ntodo, dueCount; floats: timeBefore, timeAfter. Followed by dueCount TimerDue. */
  Tick: 1,
  /** handleId: a due timer moved to the back of the ready queue. */
  TimerDue: 2,
  /** handleId, taskSerial: Task.__step queued (first step, bare yield, or an exception to throw). */
  QueueStep: 3,
  /** handleId, taskSerial, futureId: Task.__wakeup queued because the future completed. */
  QueueWakeup: 4,
  /** handleId, labelString, futureId: a callback queued (call_soon, or a done callback of futureId). */
  QueueCallback: 5,
  /** handleId, labelString, ownerTaskSerial; floats: when. A timer pushed onto the heap. */
  Timer: 6,
  /** handleId: a queued handle or timer was cancelled. */
  Cancel: 7,
  /** handleId: the handle at the front of the ready queue runs. One Run is one step of the trace. */
  Run: 8,
  /** handleId: a cancelled handle reached the front and was dropped. */
  Skip: 9,
  /** taskSerial, creatorSerial, nameString, coroString, line, viaString */
  TaskNew: 10,
  /** taskSerial, nameString */
  TaskRename: 11,
  /** taskSerial, futureId, waitKind, objectId, labelString, line, blockerCount, ...blockerSerials */
  Suspend: 12,
  /** taskSerial, line: a bare yield (sleep(0)); a QueueStep follows. */
  Yield: 13,
  /** futureId, outcome (FutureOutcome), byTaskSerial, byHandleId */
  FutureDone: 14,
  /** taskSerial, outcome (FutureOutcome), exceptionString, byHandleId */
  TaskDone: 15,
  /** taskSerial, textString, line; the time is the clock at that point of the stream. */
  Output: 16,
  /** taskSerial; floats: seconds, timeAfter. time.sleep blocked the loop mid-step. */
  Block: 17,
  /** textString: a loop warning ("Task exception was never retrieved; ..."). Version 1 only: see Warning. */
  Log: 18,
  // ----- version 2 (19-39; 40-49 are reserved for the library's own ops) -----
  /** taskSerial, futureId: the future id of a task (tasks are futures: gather's children, wait_for's inner). */
  TaskFuture: 19,
  /**
   * futureId, cause (WakeCause), objectId, labelString: a synchronization primitive is about to
   * complete a waiter's future (Lock.release, Event.set, Queue.put...). A FutureDone follows.
   */
  Wake: 20,
  /**
   * taskSerial, byTaskSerial, messageString: Task.cancel() was accepted; by the running task, or
   * -1 (a callback: a TaskGroup's, asyncio.timeout's), or -2 (no handle was running: asyncio.run
   * cancelling the tasks left over).
   */
  TaskCancel: 21,
  /** taskSerial, line; floats: seconds, timeAfter. time.sleep blocked the loop (or the main thread). Replaces Block. */
  BlockAt: 22,
  /** textString, kind (WarningKind), taskSerial, line: a loop warning, with the task and line it is about. Replaces Log. */
  Warning: 23,
  /**
   * taskSerial, count, then count pairs (line, frameId): the await stack of the Suspend or Yield
   * just before, outermost frame first (count >= 2); the frame ids tell one call from the next.
   */
  Stack: 24,
  /** lockId, taskSerial, labelString, line: an asyncio.Lock was taken (line: where, in the task). */
  LockAcquire: 25,
  /** lockId, taskSerial, statements: the lock was released, `statements` run in this step before it (-1 unknown). */
  LockRelease: 26,
  /** taskSerial, line: a create_task result was dropped: nothing keeps the task (fire and forget). */
  TaskDropped: 27,
  /** line: the main thread enters asyncio.run (the clock is the stream's). */
  LoopEnter: 28,
  /** The main thread leaves asyncio.run. */
  LoopExit: 29,
  /** futureId, descriptionString, outcomeString: a simulated I/O wait ("GET https://...", "200 OK"); a Suspend of kind io follows. */
  Io: 30,
  /** taskSerial, line: where the exception that failed a task was raised (just before its TaskDone). */
  TaskRaise: 31,
  // 40-49: the standard library's threads and streams (issue 13).
  /** taskSerial, textString, line: a line written to stderr (logging, print(file=sys.stderr)). */
  Stderr: 40,
  /** threadId, nameString: the default executor started a worker thread (asyncio_0, ...). */
  ThreadNew: 41,
  /** threadId, labelString, taskSerial, futureId; floats: start, end. A function ran on a worker thread from start to end (recorded when it started; futureId is the asyncio future it completes). */
  ThreadJob: 42,
  /** threadId, stream (1 stdout, 2 stderr), textString, line; floats: time. A line written by code running on a worker thread. */
  ThreadOutput: 43,
} as const;
export type OpCode = (typeof Op)[keyof typeof Op];

/** How a future or task ended. */
export const FutureOutcome = { Result: 1, Exception: 2, Cancelled: 3 } as const;
export type FutureOutcomeCode = (typeof FutureOutcome)[keyof typeof FutureOutcome];

/** Why a primitive completed a waiter's future (Wake events). */
export const WakeCause = {
  /** Lock.release() woke the first waiter. */
  LockRelease: 1,
  /** A woken lock waiter was cancelled and passed the wake-up on. */
  LockHandoff: 2,
  EventSet: 3,
  ConditionNotify: 4,
  SemaphoreRelease: 5,
  /** A semaphore unit left over after an acquire, or given back by a cancelled waiter, passed on. */
  SemaphoreHandoff: 6,
  /** put() woke the first getter. */
  QueuePut: 7,
  /** get() woke the first putter (a slot freed up). */
  QueueGet: 8,
  /** A cancelled getter or putter passed its wake-up on. */
  QueueHandoff: 9,
} as const;
export type WakeCauseCode = (typeof WakeCause)[keyof typeof WakeCause];
export const WAKE_CAUSES = ['', 'lock-release', 'lock-handoff', 'event-set', 'condition-notify', 'semaphore-release', 'semaphore-handoff', 'queue-put', 'queue-get', 'queue-handoff'] as const;
export type WakeCauseName = Exclude<(typeof WAKE_CAUSES)[number], ''>;

/** What a Warning event reports. */
export const WarningKind = {
  Other: 0,
  /** "Task exception was never retrieved" */
  NeverRetrieved: 1,
  /** "RuntimeWarning: coroutine ... was never awaited" */
  NeverAwaited: 2,
  /** "Exception in callback ..." */
  CallbackError: 3,
  /** "Task was destroyed but it is pending!" */
  DestroyedPending: 4,
} as const;
export type WarningKindCode = (typeof WarningKind)[keyof typeof WarningKind];
export const WARNING_KINDS = ['other', 'never-retrieved', 'never-awaited', 'callback-error', 'destroyed-pending'] as const;
export type WarningKindName = (typeof WARNING_KINDS)[number];

/** Wait kinds as stored in Suspend events (index into this list). */
export const WAIT_KINDS = [
  'future',
  'task',
  'sleep',
  'gather',
  'lock',
  'semaphore',
  'event',
  'condition',
  'queue-get',
  'queue-put',
  'wait',
  'wait_for',
  'shield',
  'taskgroup',
  // version 2
  'io',
] as const;

/** How the run ended, in a form that serializes. */
export type TraceEnd =
  | { kind: 'ok'; time: number }
  | {
      kind: 'error';
      time: number;
      exception: string;
      type: string;
      message: string;
      /** Where it was raised: the innermost frame's line in the scenario (absent in older traces). */
      line?: number;
      /** The serial of the task it was raised in, -1 outside any task. */
      task?: number;
      /** The traceback as Python prints it. */
      traceback?: string;
    }
  | { kind: 'deadlock'; time: number; pending: string[]; graph: WaitForGraph }
  | {
      kind: 'limit';
      time: number;
      reason: string;
      message: string;
      /** The scenario line the limit names, when it names one (absent in older traces). */
      line?: number;
      /** The serial of the task running that line, -1 outside any task. */
      task?: number;
    };

export interface Trace {
  format: typeof TRACE_FORMAT;
  /** TRACE_VERSION for traces recorded now; 1 for older ones read back from JSON. */
  version: TraceVersion;
  /** Where the trace came from (a scenario path, or a test name). */
  source: string;
  strings: string[];
  /** Typed arrays: compact in memory, cheap to post to a worker or over IPC (structured clone). */
  floats: Float64Array<ArrayBuffer>;
  events: Int32Array<ArrayBuffer>;
  /** Number of Run events (steps). */
  steps: number;
  end: TraceEnd | null;
}
