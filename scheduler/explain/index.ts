/**
 * The explanation index: what the narration, the cause-and-effect arrows, the named causes and
 * the time accounting need to know about a trace, built in one pass over its events.
 *
 * Everything here is derived from the trace alone; there is no second model of asyncio. The
 * trace already says, for every queued handle, which future's completion queued it, and (since
 * version 2) why a primitive completed a waiter's future, who cancelled whom, and which future
 * belongs to which task. Following those links gives each step its cause:
 *
 *   a task's wake-up ← the future it awaited completed ← a Wake (Lock.release, Event.set...),
 *   a timer, a task that ended, or a combinator's callback (gather's, wait_for's...) ← the
 *   completion of the child future that queued that callback ← ...
 *
 * A cause is kept as a record (what happened, in which task, at which step); a step points at
 * the record of why its handle was queued. Per-step, per-handle and per-future facts are typed
 * columns, so the index stays compact on long traces and could move to a worker as it is.
 */
import { forEachEvent, type TraceEvent } from '../trace/decode.ts';
import { WAIT_KINDS, type Trace, type TraceEnd } from '../trace/format.ts';
import { FloatColumn, IntColumn, StringTable } from './columns.ts';
import { delayArgument, shortIo } from './words.ts';
import { taskNameAt, taskTableOf, type TaskInfo, type TaskTable } from './task-table.ts';

/** Why something happened: the kinds of cause a record can hold. */
export const CAUSE_KINDS = [
  'none',
  /** Queued by asyncio.run itself (the main task's first step before any step ran). */
  'loop',
  /** A task's first step, queued when it was created. */
  'created',
  /** `await asyncio.sleep(0)`: the task queued itself again. */
  'yield',
  /** A sleep's timer fired. */
  'timer',
  /** A simulated I/O wait ended (its timer fired). */
  'io',
  'lock-release',
  'lock-handoff',
  'event-set',
  'condition-notify',
  'semaphore-release',
  'semaphore-handoff',
  'queue-put',
  'queue-get',
  'queue-handoff',
  /** An awaited task ended: returned, raised, or was cancelled. */
  'task-done',
  'task-failed',
  'task-cancelled',
  /** A timeout's timer fired (wait_for's, asyncio.wait's, as_completed's). */
  'timeout',
  /** task.cancel() called by a task. */
  'cancel',
  /** A TaskGroup cancelled its children (and its body) because a child failed. */
  'group-cancel',
  /** asyncio.timeout()'s deadline passed and it cancelled its task. */
  'timeout-cancel',
  /** asyncio.run cancelled the tasks left over when main returned. */
  'shutdown-cancel',
  /** A plain future's result or exception set by a task. */
  'future',
  /** A callback queued with call_soon by a task (or another callback). */
  'call-soon',
  /** A timer armed with call_later / call_at fired. */
  'call-later',
] as const;
export type CauseKind = (typeof CAUSE_KINDS)[number];
const CAUSE = Object.fromEntries(CAUSE_KINDS.map((kind, code) => [kind, code])) as Record<CauseKind, number>;

/** What kind of handle a step runs. */
export type StepKind = 'step' | 'wakeup' | 'callback' | 'timer';
const STEP_KINDS: readonly StepKind[] = ['step', 'wakeup', 'callback', 'timer'];

/** How a combinator future is named after the callback that completes it. */
const VIA_OF_CALLBACK: Readonly<Record<string, string>> = {
  'gather._done_callback': 'gather',
  _release_waiter: 'wait_for',
  'TaskGroup._on_task_done': 'TaskGroup',
  '_wait._on_completion': 'wait',
  'as_completed._on_completion': 'as_completed',
  'shield._inner_done_callback': 'shield',
  'shield._outer_done_callback': 'shield',
};

/** A cause, as the narration and the arrows read it. */
export interface Cause {
  id: number;
  kind: CauseKind;
  /** The task that did it (released the lock, ended, cancelled...), or -1 (the loop, a timer). */
  fromTask: number;
  /** The step during which it happened; -1 before the first step (or outside the loop). */
  fromStep: number;
  /** The object: a lock's or queue's label, a timer's callback, an I/O request. */
  label: string;
  /** The combinator the effect went through ('gather', 'wait_for', 'TaskGroup'...), or ''. */
  via: string;
  /** An exception's `Type: message`, or a cancel message, when there is one. */
  text: string;
}

export type { TaskInfo, TaskTable } from './task-table.ts';

export interface WarningRecord {
  /** The boundary from which it has been written (it was written during step boundary - 1). */
  boundary: number;
  time: number;
  kind: string;
  task: number;
  line: number;
  text: string;
}

export interface BlockRecord {
  /** The step that blocked (-1: the main thread, outside the loop). */
  step: number;
  task: number;
  line: number;
  seconds: number;
  /** The clock when it started blocking. */
  time: number;
}

/** A stretch of the main thread: module-level code, a blocking call in it, or inside a loop's run. */
export interface MainThreadSpan {
  kind: 'code' | 'blocked' | 'loop';
  from: number;
  to: number;
  /** The line of the time.sleep or of the call that ran the loop (0 when unknown). */
  line: number;
  /** The loop's ticks it covers, [tickFrom, tickTo): where it sits on the tick axis (a block has none: tickTo = tickFrom). */
  tickFrom: number;
  tickTo: number;
}

export interface ExplainIndex {
  trace: Trace;
  steps: number;
  /** Per step: the handle run, its kind, its task (-1 for callbacks), its tick ordinal, its cause. */
  stepHandle: Int32Array;
  stepKind: Int32Array;
  stepTask: Int32Array;
  stepTick: Int32Array;
  stepCause: Int32Array;
  /** Per step: 1 when the task's step receives a CancelledError (the cancel lands at its await). */
  stepLands: Uint8Array;
  /** Per task step: the task's previous step (-1: its first run) and the line it resumes at (0 unknown). */
  stepPrevRun: Int32Array;
  stepLine: Int32Array;
  /** Per step: where its Run event sits in trace.events and how many floats come before it. */
  stepPos: Int32Array;
  stepFloat: Int32Array;
  /** Per step: the clock when it started and when it ended (later only if it blocked). */
  stepStart: Float64Array;
  stepEnd: Float64Array;
  /** Per tick ordinal: the clock before and after its wait, its index, its first step. */
  tickBefore: Float64Array;
  tickAfter: Float64Array;
  tickIndex: Int32Array;
  tickFirstStep: Int32Array;
  /** By serial (task-table.ts: columns, read with taskInfoAt). */
  tasks: TaskTable;
  /** Cause records (columns; see causeAt). */
  causeKind: Int32Array;
  causeFromTask: Int32Array;
  causeFromStep: Int32Array;
  causeLabel: Int32Array;
  causeVia: Int32Array;
  causeText: Int32Array;
  strings: string[];
  /** By handle id: the cause of its being queued (-1: none). */
  handleCause: Int32Array;
  /** By handle id: for a wake-up or a done callback, the future whose completion queued it (-1: none). */
  handleFuture: Int32Array;
  /** By future id: the task it belongs to (a task is a future), or -1. */
  futureTask: Int32Array;
  /** By future id: the wait kind a task suspended on it with (index into WAIT_KINDS), or -1. */
  futureWait: Int32Array;
  /** By future id: the Suspend label, or the I/O description. */
  futureLabel: Int32Array;
  /** By future id: its timer (sleeps and I/O), or -1. */
  futureTimer: Int32Array;
  /** By future id: an I/O wait's outcome ("200 OK"), or 0. */
  futureOutcome: Int32Array;
  /** By timer handle id: the task that armed it, its deadline and when it was armed (index into timerWhen/timerArmed). */
  timerOwner: Int32Array;
  timerSlot: Int32Array;
  timerWhen: Float64Array;
  timerArmed: Float64Array;
  /** By handle id: a callback's or timer's label (string index; 0 for task steps). */
  handleLabel: Int32Array;
  /** By handle id: the step in which it was cancelled (-1: not cancelled). */
  handleCancelled: Int32Array;
  /** By timer handle id: the sleep's or I/O wait's future it finishes (-1: another timer). */
  timerFuture: Int32Array;
  warnings: WarningRecord[];
  blocks: BlockRecord[];
  /** Output lines printed outside any task and outside the loop (module-level prints), with their time. */
  mainOutputs: { time: number; text: string; line: number }[];
  mainThread: MainThreadSpan[];
  /** Per run: idle time (clock jumps), time blocked inside steps, the end of the run. */
  idle: number;
  blocked: number;
  /** Time the main thread spent blocked outside the loop (module-level time.sleep). */
  mainBlocked: number;
  endTime: number;
  end: TraceEnd | null;
}

export function causeAt(index: ExplainIndex, id: number): Cause | null {
  if (id < 0 || id >= index.causeKind.length) return null;
  const s = index.strings;
  return {
    id,
    kind: CAUSE_KINDS[index.causeKind[id] as number] as CauseKind,
    fromTask: index.causeFromTask[id] as number,
    fromStep: index.causeFromStep[id] as number,
    label: s[index.causeLabel[id] as number] as string,
    via: s[index.causeVia[id] as number] as string,
    text: s[index.causeText[id] as number] as string,
  };
}

/** The cause of step `step` (why its handle was queued, or the cancel landing there). */
export function causeOfStep(index: ExplainIndex, step: number): Cause | null {
  return step < 0 || step >= index.steps ? null : causeAt(index, index.stepCause[step] as number);
}

/** The cause of a queued handle (the ready queue's entries). */
export function causeOfHandle(index: ExplainIndex, handle: number): Cause | null {
  return causeAt(index, handle >= 0 && handle < index.handleCause.length ? (index.handleCause[handle] as number) : -1);
}

export function stepKindOf(index: ExplainIndex, step: number): StepKind {
  return STEP_KINDS[index.stepKind[step] as number] as StepKind;
}

/** The wait kind a task suspended on a future with, or null. */
export function waitKindOf(index: ExplainIndex, future: number): (typeof WAIT_KINDS)[number] | null {
  const code = future >= 0 && future < index.futureWait.length ? (index.futureWait[future] as number) : -1;
  return code < 0 ? null : (WAIT_KINDS[code] ?? null);
}

export function taskName(index: ExplainIndex, serial: number): string {
  return taskNameAt(index, serial) ?? `task #${serial}`;
}

/** What a timer stands for, in a few words: "sleep(1)", "GET example.com", "ring()". */
export function timerCall(index: ExplainIndex, handle: number): string {
  const timer = timerOf(index, handle);
  if (timer === null) return '';
  if (timer.label === 'sleep') {
    const future = handle < index.timerFuture.length ? (index.timerFuture[handle] as number) : -1;
    if (future >= 0 && waitKindOf(index, future) === 'io') return shortIo(index.strings[index.futureLabel[future] as number] as string);
    return `sleep(${delayArgument(timer.delay)})`;
  }
  if (timer.label === '_release_waiter') return `timeout(${delayArgument(timer.delay)})`;
  if (timer.label === 'Timeout._on_timeout') return `asyncio.timeout(${delayArgument(timer.delay)})`;
  return timer.label.includes('(') ? timer.label : `${timer.label}()`;
}

/** A timer's deadline and the delay it was armed with, or null. */
export function timerOf(index: ExplainIndex, handle: number): { owner: number; when: number; delay: number; label: string } | null {
  const slot = handle >= 0 && handle < index.timerSlot.length ? (index.timerSlot[handle] as number) : -1;
  if (slot < 0) return null;
  const when = index.timerWhen[slot] as number;
  return {
    owner: index.timerOwner[handle] as number,
    when,
    delay: when - (index.timerArmed[slot] as number),
    label: index.strings[index.handleLabel[handle] as number] as string,
  };
}

// ---------------------------------------------------------------------------------------------

const CANCEL_KINDS = new Set([CAUSE.cancel, CAUSE['group-cancel'], CAUSE['timeout-cancel'], CAUSE['shutdown-cancel']]);

/** Build the index in one pass over the trace. */
export function buildExplainIndex(trace: Trace): ExplainIndex {
  // Ids (steps, handles, futures, causes) index the columns; a damaged file's id far past anything
  // its events could have made is refused rather than allocated for.
  const idLimit = Math.min(1 << 26, 16 * trace.events.length + (1 << 16));
  const column = (empty = -1): IntColumn => new IntColumn(empty, 64, idLimit);
  const strings = new StringTable();
  const str = (text: string): number => strings.id(text);

  // Cause records.
  const cKind = column(0);
  const cFromTask = column(-1);
  const cFromStep = column(-1);
  const cLabel = column(0);
  const cVia = column(0);
  const cText = column(0);
  const record = (kind: number, fromTask: number, fromStep: number, label = '', via = '', text = ''): number => {
    const id = cKind.push(kind);
    cFromTask.set(id, fromTask);
    cFromStep.set(id, fromStep);
    cLabel.set(id, str(label));
    cVia.set(id, str(via));
    cText.set(id, str(text));
    return id;
  };

  // Per step.
  const stepHandle = column();
  const stepKind = column(0);
  const stepTask = column();
  const stepTick = column();
  const stepCause = column();
  const stepLands: number[] = [];
  const stepPrevRun = column();
  const stepLine = column(0);
  /** Per task: its last step and the line it last suspended (or yielded) at. */
  const lastRun: number[] = [];
  const taskLine: number[] = [];
  const stepPos = column(0);
  const stepFloat = column(0);
  const stepStart = new FloatColumn();
  const stepEnd = new FloatColumn();
  // Per tick.
  const tickBefore = new FloatColumn();
  const tickAfter = new FloatColumn();
  const tickIndex = column(0);
  const tickFirstStep = column(0);

  // Per handle, per future, per timer.
  const handleCause = column();
  const handleTask = column();
  const handleKind = column(0);
  const handleQueuedAt = column();
  const handleCancelled = column();
  const handleLabel = column(0);
  const handleFuture = column();
  const futureCause = column();
  const futureTask = column();
  const futureWait = column();
  const futureLabel = column(0);
  const futureTimer = column();
  const futureOutcome = column(0);
  const futureWaiter = column();
  const timerOwner = column();
  const timerSlot = column();
  const timerFuture = column();
  const timerWhen = new FloatColumn();
  const timerArmed = new FloatColumn();

  const tasks: TaskInfo[] = [];
  /** Per task: a cancel waiting to land at its next run, and where its current state began. */
  const pendingCancel: number[] = [];
  const justCreated: boolean[] = [];
  const yielded: boolean[] = [];
  const readySince: number[] = [];
  const readySinceStep: number[] = [];
  const waitingSince: number[] = [];
  /** Wake events waiting for their FutureDone. */
  const pendingWake = new Map<number, { kind: number; label: string }>();

  const warnings: WarningRecord[] = [];
  const blocks: BlockRecord[] = [];
  const mainOutputs: ExplainIndex['mainOutputs'] = [];
  const mainThread: MainThreadSpan[] = [];

  let step = -1;
  let currentHandle = -1;
  let currentTask = -1;
  let time = 0;
  let ticks = 0;
  let idle = 0;
  let blocked = 0;
  let mainBlocked = 0;
  let inLoop = false;
  let loopSince = 0;
  let loopTicksSince = 0;
  let loopLine = 0;
  /** Where the main thread's module-level code resumed last (outside asyncio.run). */
  let codeSince = 0;
  let sawLoopEnter = false;

  const boundary = (): number => step + 1;

  /**
   * A task enters the ready state (its step or wake-up was queued). `since` is when it could have
   * run: for a timer's wake-up, the timer's deadline, so that a timer made late by a blocked loop
   * counts as scheduling delay rather than waiting.
   */
  const becomesReady = (task: number, since = time): void => {
    const info = tasks[task];
    if (info === undefined) return;
    const from = Math.min(since, time);
    if (waitingSince[task] !== undefined && (waitingSince[task] as number) >= 0) {
      info.waiting += Math.max(0, from - (waitingSince[task] as number));
      waitingSince[task] = -1;
    }
    readySince[task] = from;
    readySinceStep[task] = step;
  };

  const timerDeadlines: number[] = [];
  const timerWhenAt = (slot: number): number => timerDeadlines[slot] ?? time;
  const labelOf = (handle: number): string => strings.strings[handleLabel.get(handle)] as string;
  const isCallback = (handle: number): boolean => handleKind.get(handle) >= 2;
  const isTimer = (handle: number): boolean => handleKind.get(handle) === 3;

  /**
   * A future completed by a callback (gather's, wait_for's, a TaskGroup's...): its cause is what
   * queued that callback, a child future's completion, seen through the combinator; or, for a
   * timer, the timeout that fired.
   */
  const viaCallback = (handle: number): number => {
    const label = labelOf(handle);
    const via = VIA_OF_CALLBACK[label] ?? label;
    if (isTimer(handle)) return record(CAUSE.timeout, timerOwner.get(handle), step, label, via);
    const root = handleCause.get(handle);
    if (root < 0) return record(CAUSE.loop, -1, step, label, via);
    return record(cKind.get(root), cFromTask.get(root), cFromStep.get(root), strings.strings[cLabel.get(root)] as string, via, strings.strings[cText.get(root)] as string);
  };

  /**
   * A version-1 trace does not say which future is a task's: a done callback or wake-up queued,
   * for a future nobody completed, in the step where a task ended, is that task's.
   */
  let endedThisStep = -1;
  const adoptEndedTask = (future: number): void => {
    if (future < 0 || futureCause.get(future) >= 0 || endedThisStep < 0) return;
    const info = tasks[endedThisStep];
    if (info === undefined || info.future >= 0) return;
    futureCause.set(future, endedCause[endedThisStep] ?? -1);
    futureTask.set(future, endedThisStep);
  };
  const endedCause: number[] = [];

  /** A cancellation by `by` (a task), or by the callback running now (a TaskGroup's, a timeout's). */
  const cancelledBy = (by: number): number => {
    if (by >= 0) return record(CAUSE.cancel, by, step);
    if (currentHandle >= 0 && isCallback(currentHandle)) {
      const label = labelOf(currentHandle);
      if (label === 'Timeout._on_timeout') return record(CAUSE['timeout-cancel'], timerOwner.get(currentHandle), step, label);
      if (label === 'TaskGroup._on_task_done') {
        const root = handleCause.get(currentHandle);
        return record(CAUSE['group-cancel'], root >= 0 ? cFromTask.get(root) : -1, root >= 0 ? cFromStep.get(root) : step, label, 'TaskGroup', root >= 0 ? (strings.strings[cText.get(root)] as string) : '');
      }
      return record(CAUSE.cancel, -1, step, label);
    }
    return record(CAUSE['shutdown-cancel'], -1, step);
  };

  /** The step that ran last has ended: its end time is the clock now (later than its start if it blocked). */
  const closeStep = (): void => {
    if (step >= 0 && stepEnd.length === step) stepEnd.push(time);
  };

  const visit = (event: TraceEvent, position: number, floatPosition: number): void => {
    switch (event.op) {
      case 'tick':
        closeStep();
        tickBefore.push(event.timeBefore);
        tickAfter.push(event.timeAfter);
        tickIndex.push(event.index);
        tickFirstStep.push(step + 1);
        idle += Math.max(0, event.timeAfter - event.timeBefore);
        time = event.timeAfter;
        ticks++;
        break;
      case 'task-new': {
        const creator = event.creator;
        tasks[event.task] = {
          serial: event.task,
          name: event.name,
          coro: event.coro,
          creator,
          via: event.via,
          createdAt: boundary(),
          createdLine: event.line,
          future: -1,
          endedAt: -1,
          outcome: null,
          exception: null,
          raiseLine: 0,
          droppedLine: 0,
          running: 0,
          runSteps: 0,
          ready: 0,
          readyWaitSteps: 0,
          waiting: 0,
          waits: 0,
        };
        justCreated[event.task] = true;
        waitingSince[event.task] = -1;
        break;
      }
      case 'task-rename': {
        const info = tasks[event.task];
        if (info !== undefined) info.name = event.name;
        break;
      }
      case 'task-future': {
        const info = tasks[event.task];
        if (info !== undefined) info.future = event.future;
        futureTask.set(event.future, event.task);
        break;
      }
      case 'queue-step': {
        let cause: number;
        const info = tasks[event.task];
        if (justCreated[event.task] === true) {
          justCreated[event.task] = false;
          cause =
            step < 0 && info?.creator === -1
              ? record(CAUSE.loop, -1, -1, info?.via ?? '')
              : record(CAUSE.created, info?.creator ?? -1, step, info?.via ?? '');
        } else if (yielded[event.task] === true) {
          cause = record(CAUSE.yield, event.task, step);
        } else {
          cause = record(CAUSE.loop, currentTask, step);
        }
        yielded[event.task] = false;
        handleCause.set(event.handle, cause);
        handleTask.set(event.handle, event.task);
        handleKind.set(event.handle, 0);
        handleQueuedAt.set(event.handle, step);
        becomesReady(event.task);
        break;
      }
      case 'queue-wakeup': {
        adoptEndedTask(event.future);
        const cause = futureCause.get(event.future);
        handleCause.set(event.handle, cause >= 0 ? cause : record(CAUSE.loop, currentTask, step));
        handleTask.set(event.handle, event.task);
        handleKind.set(event.handle, 1);
        handleFuture.set(event.handle, event.future);
        handleQueuedAt.set(event.handle, step);
        const timer = futureTimer.get(event.future);
        const slot = timer >= 0 ? timerSlot.get(timer) : -1;
        becomesReady(event.task, slot >= 0 ? timerWhenAt(slot) : time);
        break;
      }
      case 'queue-callback': {
        adoptEndedTask(event.future);
        let cause: number;
        if (event.future >= 0 && futureCause.get(event.future) >= 0) cause = futureCause.get(event.future);
        else cause = record(CAUSE['call-soon'], currentTask, step, event.label);
        handleCause.set(event.handle, cause);
        handleTask.set(event.handle, -1);
        handleKind.set(event.handle, 2);
        handleFuture.set(event.handle, event.future);
        handleQueuedAt.set(event.handle, step);
        handleLabel.set(event.handle, str(event.label));
        break;
      }
      case 'timer': {
        timerOwner.set(event.handle, event.owner);
        timerSlot.set(event.handle, timerWhen.push(event.when));
        timerDeadlines.push(event.when);
        timerArmed.push(time);
        handleLabel.set(event.handle, str(event.label));
        handleTask.set(event.handle, -1);
        handleKind.set(event.handle, 3);
        handleQueuedAt.set(event.handle, step);
        handleCause.set(event.handle, record(event.label === 'sleep' ? CAUSE.timer : CAUSE['call-later'], event.owner, step, event.label));
        break;
      }
      case 'cancel':
        handleCancelled.set(event.handle, step);
        break;
      case 'run': {
        closeStep();
        step = event.step;
        currentHandle = event.handle;
        const task = handleTask.get(event.handle);
        currentTask = task;
        stepHandle.set(step, event.handle);
        stepKind.set(step, handleKind.get(event.handle));
        stepTask.set(step, task);
        stepTick.set(step, ticks - 1);
        stepPos.set(step, position);
        stepFloat.set(step, floatPosition);
        stepStart.push(time);
        let cause = handleCause.get(event.handle);
        let lands = 0;
        if (task >= 0) {
          const cancel = pendingCancel[task];
          if (cancel !== undefined && cancel >= 0) {
            // The cancel lands here: the task's step receives CancelledError at its await.
            cause = cancel;
            lands = 1;
            pendingCancel[task] = -1;
          }
          const info = tasks[task];
          if (info !== undefined) {
            info.runSteps++;
            if (readySince[task] !== undefined) {
              info.ready += time - (readySince[task] as number);
              info.readyWaitSteps += step - 1 - (readySinceStep[task] as number);
            }
          }
        }
        stepCause.set(step, cause);
        stepLands[step] = lands;
        endedThisStep = -1;
        if (task >= 0) {
          stepPrevRun.set(step, lastRun[task] ?? -1);
          stepLine.set(step, taskLine[task] ?? 0);
          lastRun[task] = step;
        }
        break;
      }
      case 'skip':
        break;
      case 'suspend': {
        futureWait.set(event.future, WAIT_KINDS.indexOf(event.wait.kind));
        if (futureLabel.get(event.future) === 0) futureLabel.set(event.future, str(event.wait.label));
        if (event.wait.kind === 'sleep' || event.wait.kind === 'io') {
          futureTimer.set(event.future, event.wait.objectId);
          timerFuture.set(event.wait.objectId, event.future);
        }
        futureWaiter.set(event.future, event.task);
        taskLine[event.task] = event.line;
        const info = tasks[event.task];
        if (info !== undefined) info.waits++;
        waitingSince[event.task] = time;
        break;
      }
      case 'yield':
        yielded[event.task] = true;
        taskLine[event.task] = event.line;
        break;
      case 'io':
        futureLabel.set(event.future, str(event.description));
        futureOutcome.set(event.future, str(event.outcome));
        break;
      case 'wake':
        pendingWake.set(event.future, { kind: CAUSE[event.cause], label: event.label });
        break;
      case 'task-cancel': {
        let cause: number;
        if (event.by >= 0) cause = record(CAUSE.cancel, event.by, step, '', '', event.message ?? '');
        else if (event.by === -2 || (!inLoop && sawLoopEnter)) cause = record(CAUSE['shutdown-cancel'], -1, step);
        else cause = cancelledBy(-1);
        // A second cancel before the first has landed changes nothing the task will see.
        if ((pendingCancel[event.task] ?? -1) < 0) pendingCancel[event.task] = cause;
        break;
      }
      case 'future-done': {
        let cause: number;
        const wake = pendingWake.get(event.future);
        const waiter = futureWaiter.get(event.future);
        if (wake !== undefined) {
          pendingWake.delete(event.future);
          if (event.byTask === -1 && currentHandle >= 0 && isCallback(currentHandle) && handleCause.get(currentHandle) >= 0) {
            // A callback put it there (as_completed's queue...): the cause is what queued the callback.
            cause = viaCallback(currentHandle);
          } else cause = record(wake.kind, event.byTask, step, wake.label);
        } else if (event.outcome === 'cancelled' && waiter >= 0 && (pendingCancel[waiter] ?? -1) >= 0) {
          cause = pendingCancel[waiter] as number;
        } else if (event.outcome === 'cancelled') {
          // A version-1 trace has no TaskCancel: the future's cancellation is the cause.
          cause = cancelledBy(event.byTask);
          if (waiter >= 0 && (pendingCancel[waiter] ?? -1) < 0) pendingCancel[waiter] = cause;
        } else if (futureTimer.get(event.future) >= 0 && event.byTask === -1) {
          const io = futureWait.get(event.future) === WAIT_KINDS.indexOf('io');
          const timer = futureTimer.get(event.future);
          cause = record(io ? CAUSE.io : CAUSE.timer, timerOwner.get(timer), step, strings.strings[futureLabel.get(event.future)] as string);
        } else if (event.byTask === -1 && event.byHandle >= 0 && isCallback(event.byHandle)) {
          cause = viaCallback(event.byHandle);
        } else if (event.byTask >= 0) {
          cause = record(CAUSE.future, event.byTask, step);
        } else cause = record(CAUSE.loop, -1, step);
        futureCause.set(event.future, cause);
        break;
      }
      case 'task-raise': {
        const info = tasks[event.task];
        if (info !== undefined) info.raiseLine = event.line;
        break;
      }
      case 'task-done': {
        const info = tasks[event.task];
        const kind = event.outcome === 'done' ? CAUSE['task-done'] : event.outcome === 'failed' ? CAUSE['task-failed'] : CAUSE['task-cancelled'];
        const cause = record(kind, event.task, step, '', '', event.exception ?? '');
        endedThisStep = event.task;
        endedCause[event.task] = cause;
        if (info !== undefined) {
          info.endedAt = boundary();
          info.outcome = event.outcome;
          info.exception = event.exception;
          if (info.future >= 0) futureCause.set(info.future, cause);
          if (waitingSince[event.task] !== undefined && (waitingSince[event.task] as number) >= 0) {
            info.waiting += time - (waitingSince[event.task] as number);
            waitingSince[event.task] = -1;
          }
        }
        pendingCancel[event.task] = -1;
        break;
      }
      case 'block': {
        const outside = !inLoopStep();
        blocks.push({ step: outside ? -1 : step, task: event.task, line: event.line, seconds: event.seconds, time: event.timeAfter - event.seconds });
        if (outside) {
          mainBlocked += event.seconds;
          if (event.timeAfter - event.seconds > codeSince) mainThread.push({ kind: 'code', from: codeSince, to: event.timeAfter - event.seconds, line: 0, tickFrom: ticks, tickTo: ticks });
          mainThread.push({ kind: 'blocked', from: event.timeAfter - event.seconds, to: event.timeAfter, line: event.line, tickFrom: ticks, tickTo: ticks });
          codeSince = event.timeAfter;
        } else {
          blocked += event.seconds;
          if (event.task >= 0 && tasks[event.task] !== undefined) (tasks[event.task] as TaskInfo).running += event.seconds;
        }
        time = event.timeAfter;
        break;
      }
      case 'output':
        if (event.task === -1 && !inLoopStep()) mainOutputs.push({ time: event.time, text: event.text, line: event.line });
        break;
      case 'log':
        warnings.push({ boundary: boundary(), time: event.time, kind: event.kind, task: event.task, line: event.line, text: event.text });
        break;
      case 'task-dropped': {
        const info = tasks[event.task];
        if (info !== undefined) info.droppedLine = event.line;
        break;
      }
      case 'loop-enter':
        if (time > codeSince) mainThread.push({ kind: 'code', from: codeSince, to: time, line: 0, tickFrom: ticks, tickTo: ticks });
        inLoop = true;
        sawLoopEnter = true;
        loopSince = time;
        loopTicksSince = ticks;
        loopLine = event.line;
        break;
      case 'loop-exit':
        closeStep();
        inLoop = false;
        mainThread.push({ kind: 'loop', from: loopSince, to: time, line: loopLine, tickFrom: loopTicksSince, tickTo: ticks });
        codeSince = time;
        break;
      default:
        break;
    }
  };

  /**
   * True while a loop step is running. A version-1 trace has no LoopEnter/LoopExit: any ticks
   * mean the loop ran, and events before the first tick are the main thread's.
   */
  const inLoopStep = (): boolean => (sawLoopEnter ? inLoop : ticks > 0);

  forEachEvent(trace, visit);
  closeStep();
  const endTime = Math.max(time, trace.end?.time ?? 0);
  if (inLoop) mainThread.push({ kind: 'loop', from: loopSince, to: endTime, line: loopLine, tickFrom: loopTicksSince, tickTo: ticks });
  else if (sawLoopEnter || mainThread.length > 0 || ticks === 0) {
    if (endTime > codeSince) mainThread.push({ kind: 'code', from: codeSince, to: endTime, line: 0, tickFrom: ticks, tickTo: ticks });
  }
  // Tasks still waiting or ready at the end: count their time up to the end of the run.
  for (const info of tasks) {
    if (info === undefined) continue;
    const since = waitingSince[info.serial] ?? -1;
    if (since >= 0) info.waiting += endTime - since;
  }

  const steps = step + 1;
  // Made before the string table is handed out: the tasks' texts join it.
  const taskTable = taskTableOf(tasks, str);
  return {
    trace,
    steps,
    stepHandle: stepHandle.toArray(),
    stepKind: stepKind.toArray(),
    stepTask: stepTask.toArray(),
    stepTick: stepTick.toArray(),
    stepCause: stepCause.toArray(),
    stepLands: Uint8Array.from(stepLands),
    stepPrevRun: padded(stepPrevRun, steps, -1),
    stepLine: padded(stepLine, steps, 0),
    stepPos: stepPos.toArray(),
    stepFloat: stepFloat.toArray(),
    stepStart: stepStart.toArray(),
    stepEnd: stepEnd.toArray(),
    tickBefore: tickBefore.toArray(),
    tickAfter: tickAfter.toArray(),
    tickIndex: tickIndex.toArray(),
    tickFirstStep: tickFirstStep.toArray(),
    tasks: taskTable,
    causeKind: cKind.toArray(),
    causeFromTask: cFromTask.toArray(),
    causeFromStep: cFromStep.toArray(),
    causeLabel: cLabel.toArray(),
    causeVia: cVia.toArray(),
    causeText: cText.toArray(),
    strings: strings.strings,
    handleCause: handleCause.toArray(),
    handleFuture: handleFuture.toArray(),
    futureTask: futureTask.toArray(),
    futureWait: futureWait.toArray(),
    futureLabel: futureLabel.toArray(),
    futureTimer: futureTimer.toArray(),
    futureOutcome: futureOutcome.toArray(),
    timerOwner: timerOwner.toArray(),
    timerSlot: timerSlot.toArray(),
    timerWhen: timerWhen.toArray(),
    timerArmed: timerArmed.toArray(),
    handleLabel: handleLabel.toArray(),
    handleCancelled: handleCancelled.toArray(),
    timerFuture: timerFuture.toArray(),
    warnings,
    blocks,
    mainOutputs,
    mainThread,
    idle,
    blocked,
    mainBlocked,
    endTime,
    end: trace.end,
  };
}

/** A column as an array of exactly `length` entries (steps of callbacks were never set). */
function padded(column: IntColumn, length: number, empty: number): Int32Array {
  const out = new Int32Array(length).fill(empty);
  out.set(column.toArray().subarray(0, length));
  return out;
}

/** True for the causes that are a cancellation (they land as CancelledError). */
export function isCancelCause(kind: CauseKind): boolean {
  return CANCEL_KINDS.has(CAUSE[kind]);
}
