/**
 * Reading a trace back as typed events, each with the virtual time at which it happened.
 * format.ts describes the integer layout this walks.
 */
import { FutureOutcome, Op, WAIT_KINDS, WAKE_CAUSES, WARNING_KINDS, type Trace, type WakeCauseName, type WarningKindName } from './format.ts';

export type TaskEnd = 'done' | 'cancelled' | 'failed';

export interface WaitInfo {
  kind: (typeof WAIT_KINDS)[number];
  objectId: number;
  label: string;
  /** Serials of the tasks whose progress could end the wait. */
  blockers: number[];
  /** For a sleep: its deadline (filled in by the replay from the timer). */
  until?: number;
}

export type TraceEvent =
  | { op: 'tick'; index: number; ntodo: number; due: number[]; timeBefore: number; timeAfter: number }
  | { op: 'queue-step'; handle: number; task: number }
  | { op: 'queue-wakeup'; handle: number; task: number; future: number }
  | { op: 'queue-callback'; handle: number; label: string; future: number }
  | { op: 'timer'; handle: number; label: string; owner: number; when: number }
  | { op: 'cancel'; handle: number }
  | { op: 'run'; handle: number; step: number }
  | { op: 'skip'; handle: number }
  | { op: 'task-new'; task: number; creator: number; name: string; coro: string; line: number; via: string }
  | { op: 'task-rename'; task: number; name: string }
  | { op: 'suspend'; task: number; future: number; wait: WaitInfo; line: number }
  | { op: 'yield'; task: number; line: number }
  | { op: 'future-done'; future: number; outcome: TaskEnd | 'result' | 'exception'; byTask: number; byHandle: number }
  | { op: 'task-done'; task: number; outcome: TaskEnd; exception: string | null; byHandle: number }
  | { op: 'output'; task: number; text: string; line: number; time: number }
  /** `line` is 0 in version-1 traces. */
  | { op: 'block'; task: number; seconds: number; timeAfter: number; line: number }
  /** `kind`, `task` and `line` are guessed from the text in version-1 traces (task -1, line 0). */
  | { op: 'log'; text: string; time: number; kind: WarningKindName; task: number; line: number }
  // ----- version 2 -----
  | { op: 'task-future'; task: number; future: number }
  | { op: 'wake'; future: number; cause: WakeCauseName; object: number; label: string }
  | { op: 'task-cancel'; task: number; by: number; message: string | null }
  /** Outermost frame first; `frames` numbers each call (the same number is the same call). */
  | { op: 'stack'; task: number; lines: number[]; frames: number[] }
  | { op: 'lock-acquire'; lock: number; task: number; label: string; line: number }
  | { op: 'lock-release'; lock: number; task: number; statements: number }
  | { op: 'task-dropped'; task: number; line: number }
  | { op: 'loop-enter'; line: number; time: number }
  | { op: 'loop-exit'; time: number }
  | { op: 'io'; future: number; description: string; outcome: string }
  | { op: 'task-raise'; task: number; line: number }
  // ----- the standard library (issue 13) -----
  | { op: 'stderr'; task: number; text: string; line: number; time: number }
  | { op: 'thread-new'; thread: number; name: string }
  | { op: 'thread-job'; thread: number; label: string; task: number; future: number; start: number; end: number }
  | { op: 'thread-output'; thread: number; stream: 'stdout' | 'stderr'; text: string; line: number; time: number };

export class TraceFormatError extends Error {}

/** A version-1 Log's kind, from its wording (version 2 records it). */
export function warningKindOf(text: string): WarningKindName {
  if (text.startsWith('Task exception was never retrieved')) return 'never-retrieved';
  if (/^RuntimeWarning: coroutine .* was never awaited/.test(text)) return 'never-awaited';
  if (text.startsWith('Exception in callback')) return 'callback-error';
  if (text.startsWith('Task was destroyed but it is pending')) return 'destroyed-pending';
  return 'other';
}

/** The task named in a version-1 Log ("...; task=Task-2; ..."), looked up by name, or -1. */
function taskOfLog(text: string, names: readonly string[]): number {
  const match = /; task=([^;]*)/.exec(text);
  return match === null ? -1 : names.lastIndexOf(match[1] as string);
}

/**
 * Visit every event in order; `position` is the event's offset in trace.events and `floatPosition`
 * how many floats the events before it consumed (so that a slice of the stream from there, with
 * the floats from there, decodes on its own, whatever ops consume floats).
 */
export function forEachEvent(trace: Trace, visit: (event: TraceEvent, position: number, floatPosition: number) => void): void {
  const { events, floats, strings } = trace;
  let i = 0;
  let f = 0;
  let time = 0;
  let step = 0;
  /** Task names so far, for a version-1 Log's task. */
  const names: string[] = [];
  const str = (index: number): string => {
    const text = strings[index];
    if (text === undefined) throw new TraceFormatError(`string ${index} is missing`);
    return text;
  };
  const optionalStr = (index: number): string | null => (index === -1 ? null : str(index));
  while (i < events.length) {
    const position = i;
    const floatPosition = f;
    const op = events[i++];
    switch (op) {
      case Op.Tick: {
        const index = events[i++] as number;
        const ntodo = events[i++] as number;
        const dueCount = events[i++] as number;
        const timeBefore = floats[f++] as number;
        const timeAfter = floats[f++] as number;
        const due: number[] = [];
        for (let k = 0; k < dueCount; k++) {
          if (events[i] !== Op.TimerDue) throw new TraceFormatError(`tick ${index}: expected ${dueCount} due timers`);
          due.push(events[i + 1] as number);
          i += 2;
        }
        time = timeAfter;
        visit({ op: 'tick', index, ntodo, due, timeBefore, timeAfter }, position, floatPosition);
        break;
      }
      case Op.QueueStep:
        visit({ op: 'queue-step', handle: events[i++] as number, task: events[i++] as number }, position, floatPosition);
        break;
      case Op.QueueWakeup:
        visit({ op: 'queue-wakeup', handle: events[i++] as number, task: events[i++] as number, future: events[i++] as number }, position, floatPosition);
        break;
      case Op.QueueCallback:
        visit({ op: 'queue-callback', handle: events[i++] as number, label: str(events[i++] as number), future: events[i++] as number }, position, floatPosition);
        break;
      case Op.Timer:
        visit(
          { op: 'timer', handle: events[i++] as number, label: str(events[i++] as number), owner: events[i++] as number, when: floats[f++] as number },
          position,
          floatPosition,
        );
        break;
      case Op.Cancel:
        visit({ op: 'cancel', handle: events[i++] as number }, position, floatPosition);
        break;
      case Op.Run:
        visit({ op: 'run', handle: events[i++] as number, step: step++ }, position, floatPosition);
        break;
      case Op.Skip:
        visit({ op: 'skip', handle: events[i++] as number }, position, floatPosition);
        break;
      case Op.TaskNew: {
        const event: TraceEvent = {
          op: 'task-new',
          task: events[i++] as number,
          creator: events[i++] as number,
          name: str(events[i++] as number),
          coro: str(events[i++] as number),
          line: events[i++] as number,
          via: str(events[i++] as number),
        };
        names[event.task] = event.name;
        visit(event, position, floatPosition);
        break;
      }
      case Op.TaskRename: {
        const task = events[i++] as number;
        const name = str(events[i++] as number);
        names[task] = name;
        visit({ op: 'task-rename', task, name }, position, floatPosition);
        break;
      }
      case Op.Suspend: {
        const task = events[i++] as number;
        const future = events[i++] as number;
        const kind = WAIT_KINDS[events[i++] as number];
        if (kind === undefined) throw new TraceFormatError(`unknown wait kind at ${position}`);
        const objectId = events[i++] as number;
        const label = str(events[i++] as number);
        const line = events[i++] as number;
        const count = events[i++] as number;
        const blockers = Array.from(events.slice(i, i + count));
        i += count;
        visit({ op: 'suspend', task, future, wait: { kind, objectId, label, blockers }, line }, position, floatPosition);
        break;
      }
      case Op.Yield:
        visit({ op: 'yield', task: events[i++] as number, line: events[i++] as number }, position, floatPosition);
        break;
      case Op.FutureDone: {
        const future = events[i++] as number;
        const code = events[i++] as number;
        const outcome = code === FutureOutcome.Cancelled ? 'cancelled' : code === FutureOutcome.Exception ? 'exception' : 'result';
        visit({ op: 'future-done', future, outcome, byTask: events[i++] as number, byHandle: events[i++] as number }, position, floatPosition);
        break;
      }
      case Op.TaskDone: {
        const task = events[i++] as number;
        const code = events[i++] as number;
        const text = events[i++] as number;
        const outcome: TaskEnd = code === FutureOutcome.Cancelled ? 'cancelled' : code === FutureOutcome.Exception ? 'failed' : 'done';
        visit({ op: 'task-done', task, outcome, exception: text === -1 ? null : str(text), byHandle: events[i++] as number }, position, floatPosition);
        break;
      }
      case Op.Output:
        visit({ op: 'output', task: events[i++] as number, text: str(events[i++] as number), line: events[i++] as number, time }, position, floatPosition);
        break;
      case Op.Block:
      case Op.BlockAt: {
        const task = events[i++] as number;
        const line = op === Op.BlockAt ? (events[i++] as number) : 0;
        const seconds = floats[f++] as number;
        const timeAfter = floats[f++] as number;
        time = timeAfter;
        visit({ op: 'block', task, seconds, timeAfter, line }, position, floatPosition);
        break;
      }
      case Op.Log: {
        const text = str(events[i++] as number);
        visit({ op: 'log', text, time, kind: warningKindOf(text), task: taskOfLog(text, names), line: 0 }, position, floatPosition);
        break;
      }
      case Op.Warning: {
        const text = str(events[i++] as number);
        const kind = WARNING_KINDS[events[i++] as number] ?? 'other';
        visit({ op: 'log', text, time, kind, task: events[i++] as number, line: events[i++] as number }, position, floatPosition);
        break;
      }
      case Op.TaskFuture:
        visit({ op: 'task-future', task: events[i++] as number, future: events[i++] as number }, position, floatPosition);
        break;
      case Op.Wake: {
        const future = events[i++] as number;
        const cause = WAKE_CAUSES[events[i++] as number];
        if (cause === undefined || cause === '') throw new TraceFormatError(`unknown wake cause at ${position}`);
        visit({ op: 'wake', future, cause, object: events[i++] as number, label: str(events[i++] as number) }, position, floatPosition);
        break;
      }
      case Op.TaskCancel:
        visit({ op: 'task-cancel', task: events[i++] as number, by: events[i++] as number, message: optionalStr(events[i++] as number) }, position, floatPosition);
        break;
      case Op.Stack: {
        const task = events[i++] as number;
        const count = events[i++] as number;
        const lines: number[] = [];
        const frames: number[] = [];
        for (let k = 0; k < count; k++) {
          lines.push(events[i++] as number);
          frames.push(events[i++] as number);
        }
        visit({ op: 'stack', task, lines, frames }, position, floatPosition);
        break;
      }
      case Op.LockAcquire:
        visit({ op: 'lock-acquire', lock: events[i++] as number, task: events[i++] as number, label: str(events[i++] as number), line: events[i++] as number }, position, floatPosition);
        break;
      case Op.LockRelease:
        visit({ op: 'lock-release', lock: events[i++] as number, task: events[i++] as number, statements: events[i++] as number }, position, floatPosition);
        break;
      case Op.TaskDropped:
        visit({ op: 'task-dropped', task: events[i++] as number, line: events[i++] as number }, position, floatPosition);
        break;
      case Op.LoopEnter:
        visit({ op: 'loop-enter', line: events[i++] as number, time }, position, floatPosition);
        break;
      case Op.LoopExit:
        visit({ op: 'loop-exit', time }, position, floatPosition);
        break;
      case Op.Io:
        visit({ op: 'io', future: events[i++] as number, description: str(events[i++] as number), outcome: str(events[i++] as number) }, position, floatPosition);
        break;
      case Op.TaskRaise:
        visit({ op: 'task-raise', task: events[i++] as number, line: events[i++] as number }, position, floatPosition);
        break;
      case Op.Stderr:
        visit({ op: 'stderr', task: events[i++] as number, text: str(events[i++] as number), line: events[i++] as number, time }, position, floatPosition);
        break;
      case Op.ThreadNew:
        visit({ op: 'thread-new', thread: events[i++] as number, name: str(events[i++] as number) }, position, floatPosition);
        break;
      case Op.ThreadJob: {
        const thread = events[i++] as number;
        const label = str(events[i++] as number);
        const task = events[i++] as number;
        const future = events[i++] as number;
        const start = floats[f++] as number;
        const end = floats[f++] as number;
        visit({ op: 'thread-job', thread, label, task, future, start, end }, position, floatPosition);
        break;
      }
      case Op.ThreadOutput: {
        const thread = events[i++] as number;
        const stream = events[i++] === 1 ? 'stdout' : 'stderr';
        const text = str(events[i++] as number);
        const line = events[i++] as number;
        visit({ op: 'thread-output', thread, stream, text, line, time: floats[f++] as number }, position, floatPosition);
        break;
      }
      default:
        throw new TraceFormatError(`unknown opcode ${String(op)} at ${position}`);
    }
  }
}

/** What the transcript reads from a trace: task names, prints and loop warnings. */
export interface TextEventVisitor {
  taskName(task: number, name: string): void;
  output(task: number, text: string, time: number): void;
  log(text: string, time: number): void;
  /** A line written to stderr by a task (-1: outside any task). */
  stderr?(task: number, text: string, time: number): void;
  threadName?(thread: number, name: string): void;
  /** A line written by code on a worker thread. */
  threadOutput?(thread: number, stream: 'stdout' | 'stderr', text: string, time: number): void;
}

/** Operand counts of the fixed-size events that forEachTextEvent steps over. */
const FIXED_OPERANDS: Readonly<Record<number, number>> = {
  [Op.TimerDue]: 1,
  [Op.QueueStep]: 2,
  [Op.QueueWakeup]: 3,
  [Op.QueueCallback]: 3,
  [Op.Cancel]: 1,
  [Op.Run]: 1,
  [Op.Skip]: 1,
  [Op.Yield]: 2,
  [Op.FutureDone]: 4,
  [Op.TaskDone]: 4,
  [Op.TaskFuture]: 2,
  [Op.Wake]: 4,
  [Op.TaskCancel]: 3,
  [Op.LockAcquire]: 4,
  [Op.LockRelease]: 3,
  [Op.TaskDropped]: 2,
  [Op.LoopEnter]: 1,
  [Op.LoopExit]: 0,
  [Op.Io]: 3,
  [Op.TaskRaise]: 2,
};

/**
 * The transcript's events only, found by stepping over the others without building them: a long
 * run has millions of events and a handful of prints, so this walks the stream several times
 * faster than forEachEvent (a test keeps the two in agreement on the same layout).
 */
export function forEachTextEvent(trace: Trace, visitor: TextEventVisitor): void {
  const { events, floats, strings } = trace;
  const str = (index: number): string => {
    const text = strings[index];
    if (text === undefined) throw new TraceFormatError(`string ${index} is missing`);
    return text;
  };
  let i = 0;
  let f = 0;
  let time = 0;
  while (i < events.length) {
    const op = events[i] as number;
    switch (op) {
      case Op.Tick: // tickIndex, ntodo, dueCount; floats timeBefore, timeAfter
      case Op.Block: // taskSerial; floats seconds, timeAfter
      case Op.BlockAt: // taskSerial, line; floats seconds, timeAfter
        time = floats[f + 1] as number;
        f += 2;
        i += op === Op.Tick ? 4 : op === Op.Block ? 2 : 3;
        break;
      case Op.Timer:
        f += 1;
        i += 4;
        break;
      case Op.Suspend: // seven operands, the last of them the number of blocker serials after it
        i += 8 + (events[i + 7] as number);
        break;
      case Op.Stack: // taskSerial, count, then count (line, frame) pairs
        i += 3 + 2 * (events[i + 2] as number);
        break;
      case Op.TaskNew:
        visitor.taskName(events[i + 1] as number, str(events[i + 3] as number));
        i += 7;
        break;
      case Op.TaskRename:
        visitor.taskName(events[i + 1] as number, str(events[i + 2] as number));
        i += 3;
        break;
      case Op.Output:
        visitor.output(events[i + 1] as number, str(events[i + 2] as number), time);
        i += 4;
        break;
      case Op.Stderr:
        visitor.stderr?.(events[i + 1] as number, str(events[i + 2] as number), time);
        i += 4;
        break;
      case Op.ThreadNew:
        visitor.threadName?.(events[i + 1] as number, str(events[i + 2] as number));
        i += 3;
        break;
      case Op.ThreadJob: // threadId, label, task, future; floats start, end
        f += 2;
        i += 5;
        break;
      case Op.ThreadOutput: // threadId, stream, text, line; float time
        visitor.threadOutput?.(events[i + 1] as number, events[i + 2] === 1 ? 'stdout' : 'stderr', str(events[i + 3] as number), floats[f] as number);
        f += 1;
        i += 5;
        break;
      case Op.Log:
        visitor.log(str(events[i + 1] as number), time);
        i += 2;
        break;
      case Op.Warning:
        visitor.log(str(events[i + 1] as number), time);
        i += 5;
        break;
      default: {
        const operands = FIXED_OPERANDS[op];
        if (operands === undefined) throw new TraceFormatError(`unknown opcode ${op} at ${i}`);
        i += 1 + operands;
      }
    }
  }
}

/** All events as an array (convenient for tests and small traces). */
export function decodeTrace(trace: Trace): TraceEvent[] {
  const out: TraceEvent[] = [];
  forEachEvent(trace, (event) => out.push(event));
  return out;
}
