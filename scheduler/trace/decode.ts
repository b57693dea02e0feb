/**
 * Reading a trace back as typed events, each with the virtual time at which it happened.
 * format.ts describes the integer layout this walks.
 */
import { FutureOutcome, Op, WAIT_KINDS, type Trace } from './format.ts';

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
  | { op: 'block'; task: number; seconds: number; timeAfter: number }
  | { op: 'log'; text: string; time: number }
  | { op: 'stderr'; task: number; text: string; line: number; time: number }
  | { op: 'thread-new'; thread: number; name: string }
  | { op: 'thread-job'; thread: number; label: string; task: number; future: number; start: number; end: number }
  | { op: 'thread-output'; thread: number; stream: 'stdout' | 'stderr'; text: string; line: number; time: number };

export class TraceFormatError extends Error {}

/** Visit every event in order; `position` is the event's offset in trace.events. */
export function forEachEvent(trace: Trace, visit: (event: TraceEvent, position: number) => void): void {
  const { events, floats, strings } = trace;
  let i = 0;
  let f = 0;
  let time = 0;
  let step = 0;
  const str = (index: number): string => {
    const text = strings[index];
    if (text === undefined) throw new TraceFormatError(`string ${index} is missing`);
    return text;
  };
  while (i < events.length) {
    const position = i;
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
        visit({ op: 'tick', index, ntodo, due, timeBefore, timeAfter }, position);
        break;
      }
      case Op.QueueStep:
        visit({ op: 'queue-step', handle: events[i++] as number, task: events[i++] as number }, position);
        break;
      case Op.QueueWakeup:
        visit({ op: 'queue-wakeup', handle: events[i++] as number, task: events[i++] as number, future: events[i++] as number }, position);
        break;
      case Op.QueueCallback:
        visit({ op: 'queue-callback', handle: events[i++] as number, label: str(events[i++] as number), future: events[i++] as number }, position);
        break;
      case Op.Timer:
        visit(
          { op: 'timer', handle: events[i++] as number, label: str(events[i++] as number), owner: events[i++] as number, when: floats[f++] as number },
          position,
        );
        break;
      case Op.Cancel:
        visit({ op: 'cancel', handle: events[i++] as number }, position);
        break;
      case Op.Run:
        visit({ op: 'run', handle: events[i++] as number, step: step++ }, position);
        break;
      case Op.Skip:
        visit({ op: 'skip', handle: events[i++] as number }, position);
        break;
      case Op.TaskNew:
        visit(
          {
            op: 'task-new',
            task: events[i++] as number,
            creator: events[i++] as number,
            name: str(events[i++] as number),
            coro: str(events[i++] as number),
            line: events[i++] as number,
            via: str(events[i++] as number),
          },
          position,
        );
        break;
      case Op.TaskRename:
        visit({ op: 'task-rename', task: events[i++] as number, name: str(events[i++] as number) }, position);
        break;
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
        visit({ op: 'suspend', task, future, wait: { kind, objectId, label, blockers }, line }, position);
        break;
      }
      case Op.Yield:
        visit({ op: 'yield', task: events[i++] as number, line: events[i++] as number }, position);
        break;
      case Op.FutureDone: {
        const future = events[i++] as number;
        const code = events[i++] as number;
        const outcome = code === FutureOutcome.Cancelled ? 'cancelled' : code === FutureOutcome.Exception ? 'exception' : 'result';
        visit({ op: 'future-done', future, outcome, byTask: events[i++] as number, byHandle: events[i++] as number }, position);
        break;
      }
      case Op.TaskDone: {
        const task = events[i++] as number;
        const code = events[i++] as number;
        const text = events[i++] as number;
        const outcome: TaskEnd = code === FutureOutcome.Cancelled ? 'cancelled' : code === FutureOutcome.Exception ? 'failed' : 'done';
        visit({ op: 'task-done', task, outcome, exception: text === -1 ? null : str(text), byHandle: events[i++] as number }, position);
        break;
      }
      case Op.Output:
        visit({ op: 'output', task: events[i++] as number, text: str(events[i++] as number), line: events[i++] as number, time }, position);
        break;
      case Op.Block: {
        const task = events[i++] as number;
        const seconds = floats[f++] as number;
        const timeAfter = floats[f++] as number;
        time = timeAfter;
        visit({ op: 'block', task, seconds, timeAfter }, position);
        break;
      }
      case Op.Log:
        visit({ op: 'log', text: str(events[i++] as number), time }, position);
        break;
      case Op.Stderr:
        visit({ op: 'stderr', task: events[i++] as number, text: str(events[i++] as number), line: events[i++] as number, time }, position);
        break;
      case Op.ThreadNew:
        visit({ op: 'thread-new', thread: events[i++] as number, name: str(events[i++] as number) }, position);
        break;
      case Op.ThreadJob: {
        const thread = events[i++] as number;
        const label = str(events[i++] as number);
        const task = events[i++] as number;
        const future = events[i++] as number;
        const start = floats[f++] as number;
        const end = floats[f++] as number;
        visit({ op: 'thread-job', thread, label, task, future, start, end }, position);
        break;
      }
      case Op.ThreadOutput: {
        const thread = events[i++] as number;
        const stream = events[i++] === 1 ? 'stdout' : 'stderr';
        const text = str(events[i++] as number);
        const line = events[i++] as number;
        visit({ op: 'thread-output', thread, stream, text, line, time: floats[f++] as number }, position);
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
        time = floats[f + 1] as number;
        f += 2;
        i += op === Op.Tick ? 4 : 2;
        break;
      case Op.Timer:
        f += 1;
        i += 4;
        break;
      case Op.Suspend: // seven operands, the last of them the number of blocker serials after it
        i += 8 + (events[i + 7] as number);
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
