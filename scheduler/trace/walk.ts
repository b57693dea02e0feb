/**
 * Walking the event stream without building an object per event: each event's fields are read
 * into plain numbers and handed to the visitor's method for its opcode. A long run has millions of
 * events; decode.ts's forEachEvent is the readable reference (one object per event), and a test
 * holds the two in agreement on every gallery scenario.
 *
 * A walk may cover part of a stream: it stops before an event cut off at the end of the words it
 * was given (or whose floats have not arrived) and says where, so that a reader fed in chunks can
 * carry the rest over to the next chunk. Positions given to the visitor are offsets in the whole
 * stream (`base` is the stream offset of words[0]).
 *
 * A Tick's due timers follow it as TimerDue events; they are visited one by one (timerDue), and the
 * walker checks that exactly as many follow as the Tick announced, across chunks too.
 */
import { Op } from './format.ts';
import { TraceFormatError } from './decode.ts';

// The opcodes as module constants: the switch below runs once per event of million-event traces.
const TICK = Op.Tick;
const TIMER_DUE = Op.TimerDue;
const QUEUE_STEP = Op.QueueStep;
const QUEUE_WAKEUP = Op.QueueWakeup;
const QUEUE_CALLBACK = Op.QueueCallback;
const TIMER = Op.Timer;
const CANCEL = Op.Cancel;
const RUN = Op.Run;
const SKIP = Op.Skip;
const TASK_NEW = Op.TaskNew;
const TASK_RENAME = Op.TaskRename;
const SUSPEND = Op.Suspend;
const YIELD = Op.Yield;
const FUTURE_DONE = Op.FutureDone;
const TASK_DONE = Op.TaskDone;
const OUTPUT = Op.Output;
const BLOCK = Op.Block;
const LOG = Op.Log;
const BLOCK_AT = Op.BlockAt;
const WARNING = Op.Warning;
const STACK = Op.Stack;
const IO = Op.Io;
const STDERR = Op.Stderr;
const THREAD_NEW = Op.ThreadNew;
const THREAD_JOB = Op.ThreadJob;
const THREAD_OUTPUT = Op.ThreadOutput;

export interface EventVisitor {
  tick(position: number, index: number, ntodo: number, dueCount: number, timeBefore: number, timeAfter: number): void;
  timerDue(position: number, handle: number): void;
  queueStep(position: number, handle: number, task: number): void;
  queueWakeup(position: number, handle: number, task: number, future: number): void;
  queueCallback(position: number, handle: number, label: number, future: number): void;
  timer(position: number, handle: number, label: number, owner: number, when: number): void;
  cancel(position: number, handle: number): void;
  run(position: number, handle: number): void;
  skip(position: number, handle: number): void;
  taskNew(position: number, task: number, creator: number, name: number, coro: number, line: number, via: number): void;
  taskRename(position: number, task: number, name: number): void;
  /** The blocker serials are words[blockersAt .. blockersAt + blockerCount). */
  suspend(position: number, task: number, future: number, kind: number, objectId: number, label: number, line: number, blockerCount: number, words: Int32Array, blockersAt: number): void;
  yield(position: number, task: number, line: number): void;
  futureDone(position: number, future: number, outcome: number, byTask: number, byHandle: number): void;
  taskDone(position: number, task: number, outcome: number, exception: number, byHandle: number): void;
  output(position: number, task: number, text: number, line: number): void;
  /** Block and BlockAt (version 2, with the line; 0 for a version-1 Block). */
  block(position: number, task: number, seconds: number, timeAfter: number, line: number): void;
  /** A version-1 Log: only its text. */
  log(position: number, text: number): void;
  /** A version-2 Warning: its text, kind (WarningKind), task (-1: none) and line (0: unknown). */
  warning(position: number, text: number, kind: number, task: number, line: number): void;
  /** The await stack of the Suspend or Yield before: `count` (line, frame) pairs from words[pairsAt]. */
  stack(position: number, task: number, count: number, words: Int32Array, pairsAt: number): void;
  /** A simulated I/O wait's description and outcome (string ids); a Suspend of kind io follows. */
  io(position: number, future: number, description: number, outcome: number): void;
  /** A line a task (or module code, task -1) wrote to stderr: logging, print(file=sys.stderr). */
  stderr(position: number, task: number, text: number, line: number): void;
  /** The default executor started worker thread `thread`, named `name` (asyncio_0...). */
  threadNew(position: number, thread: number, name: number): void;
  /** A function ran on worker thread `thread` from `start` to `end`, for `task`; `future` is what it completes. */
  threadJob(position: number, thread: number, label: number, task: number, future: number, start: number, end: number): void;
  /** A line written by code on worker thread `thread`: `stream` 1 stdout, 2 stderr, at `time`. */
  threadOutput(position: number, thread: number, stream: number, text: number, line: number, time: number): void;
  /**
   * The other version-2 events (causes, locks, dropped tasks, asyncio.run, raises): nothing the
   * queues, lanes or printed lines show; scheduler/explain reads them from the trace.
   */
  other(position: number, op: number): void;
}

/** Where a walk stopped: the next event's offset in `words`, and the next float's in `floats`. */
export interface WalkStop {
  word: number;
  float: number;
}

/** Integer fields after the opcode, for the events of fixed size (Suspend adds its blockers). */
export const OPERANDS: Readonly<Record<number, number>> = {
  [Op.Tick]: 3,
  [Op.TimerDue]: 1,
  [Op.QueueStep]: 2,
  [Op.QueueWakeup]: 3,
  [Op.QueueCallback]: 3,
  [Op.Timer]: 3,
  [Op.Cancel]: 1,
  [Op.Run]: 1,
  [Op.Skip]: 1,
  [Op.TaskNew]: 6,
  [Op.TaskRename]: 2,
  [Op.Suspend]: 7,
  [Op.Yield]: 2,
  [Op.FutureDone]: 4,
  [Op.TaskDone]: 4,
  [Op.Output]: 3,
  [Op.Block]: 1,
  [Op.Log]: 1,
  // version 2 (Stack adds its pairs)
  [Op.TaskFuture]: 2,
  [Op.Wake]: 4,
  [Op.TaskCancel]: 3,
  [Op.BlockAt]: 2,
  [Op.Warning]: 4,
  [Op.Stack]: 2,
  [Op.LockAcquire]: 4,
  [Op.LockRelease]: 3,
  [Op.TaskDropped]: 2,
  [Op.LoopEnter]: 1,
  [Op.LoopExit]: 0,
  [Op.Io]: 3,
  [Op.TaskRaise]: 2,
  // threads and streams (floats: ThreadJob 2, ThreadOutput 1)
  [Op.Stderr]: 3,
  [Op.ThreadNew]: 2,
  [Op.ThreadJob]: 4,
  [Op.ThreadOutput]: 4,
};

/** OPERANDS by opcode, -1 for an unknown one. */
const OPERAND_COUNT = Int8Array.from({ length: Math.max(...Object.keys(OPERANDS).map(Number)) + 1 }, (_, op) => OPERANDS[op] ?? -1);

/**
 * Walks one stream, possibly in pieces: it remembers how many due timers the last Tick still
 * expects, so a Tick and its TimerDue events may arrive in different chunks.
 */
export class EventWalker {
  private dueExpected = 0;
  /** The stream offset of the event being visited (or last visited): where a visitor's error is. */
  position = 0;

  constructor(private readonly visitor: EventVisitor) {}

  /**
   * Visit the whole events of words[from..to), reading floats from floats[floatFrom..floatTo).
   * Throws TraceFormatError for an unknown opcode, a negative blocker count or a Tick whose due
   * timers do not follow it.
   */
  walk(words: Int32Array, from: number, to: number, floats: Float64Array, floatFrom: number, floatTo: number, base = 0): WalkStop {
    const visitor = this.visitor;
    let i = from;
    let f = floatFrom;
    while (i < to) {
      const op = words[i] as number;
      const operands = op >= 0 && op < OPERAND_COUNT.length ? (OPERAND_COUNT[op] as number) : -1;
      if (operands < 0) throw new TraceFormatError(`unknown opcode ${op} at ${base + i}`);
      if (i + 1 + operands > to) break;
      const p = base + i;
      this.position = p;
      if (op === TIMER_DUE) {
        if (this.dueExpected === 0) throw new TraceFormatError(`a due timer at ${p} follows no tick`);
        this.dueExpected--;
      } else if (this.dueExpected > 0) {
        throw new TraceFormatError(`the tick before ${p} announced ${this.dueExpected} more due timers`);
      }
      switch (op) {
        case TICK: {
          if (f + 2 > floatTo) return { word: i, float: f };
          const due = words[i + 3] as number;
          if (due < 0) throw new TraceFormatError(`the tick at ${p} has ${due} due timers`);
          visitor.tick(p, words[i + 1] as number, words[i + 2] as number, due, floats[f] as number, floats[f + 1] as number);
          this.dueExpected = due;
          f += 2;
          break;
        }
        case TIMER_DUE:
          visitor.timerDue(p, words[i + 1] as number);
          break;
        case QUEUE_STEP:
          visitor.queueStep(p, words[i + 1] as number, words[i + 2] as number);
          break;
        case QUEUE_WAKEUP:
          visitor.queueWakeup(p, words[i + 1] as number, words[i + 2] as number, words[i + 3] as number);
          break;
        case QUEUE_CALLBACK:
          visitor.queueCallback(p, words[i + 1] as number, words[i + 2] as number, words[i + 3] as number);
          break;
        case TIMER:
          if (f + 1 > floatTo) return { word: i, float: f };
          visitor.timer(p, words[i + 1] as number, words[i + 2] as number, words[i + 3] as number, floats[f] as number);
          f += 1;
          break;
        case CANCEL:
          visitor.cancel(p, words[i + 1] as number);
          break;
        case RUN:
          visitor.run(p, words[i + 1] as number);
          break;
        case SKIP:
          visitor.skip(p, words[i + 1] as number);
          break;
        case TASK_NEW:
          visitor.taskNew(p, words[i + 1] as number, words[i + 2] as number, words[i + 3] as number, words[i + 4] as number, words[i + 5] as number, words[i + 6] as number);
          break;
        case TASK_RENAME:
          visitor.taskRename(p, words[i + 1] as number, words[i + 2] as number);
          break;
        case SUSPEND: {
          const count = words[i + 7] as number;
          if (count < 0) throw new TraceFormatError(`a suspension at ${p} has ${count} blockers`);
          if (i + 8 + count > to) return { word: i, float: f };
          visitor.suspend(p, words[i + 1] as number, words[i + 2] as number, words[i + 3] as number, words[i + 4] as number, words[i + 5] as number, words[i + 6] as number, count, words, i + 8);
          i += count;
          break;
        }
        case YIELD:
          visitor.yield(p, words[i + 1] as number, words[i + 2] as number);
          break;
        case FUTURE_DONE:
          visitor.futureDone(p, words[i + 1] as number, words[i + 2] as number, words[i + 3] as number, words[i + 4] as number);
          break;
        case TASK_DONE:
          visitor.taskDone(p, words[i + 1] as number, words[i + 2] as number, words[i + 3] as number, words[i + 4] as number);
          break;
        case OUTPUT:
          visitor.output(p, words[i + 1] as number, words[i + 2] as number, words[i + 3] as number);
          break;
        case BLOCK:
          if (f + 2 > floatTo) return { word: i, float: f };
          visitor.block(p, words[i + 1] as number, floats[f] as number, floats[f + 1] as number, 0);
          f += 2;
          break;
        case BLOCK_AT:
          if (f + 2 > floatTo) return { word: i, float: f };
          visitor.block(p, words[i + 1] as number, floats[f] as number, floats[f + 1] as number, words[i + 2] as number);
          f += 2;
          break;
        case LOG:
          visitor.log(p, words[i + 1] as number);
          break;
        case WARNING:
          visitor.warning(p, words[i + 1] as number, words[i + 2] as number, words[i + 3] as number, words[i + 4] as number);
          break;
        case STACK: {
          const count = words[i + 2] as number;
          if (count < 0) throw new TraceFormatError(`an await stack at ${p} has ${count} frames`);
          if (i + 3 + 2 * count > to) return { word: i, float: f };
          visitor.stack(p, words[i + 1] as number, count, words, i + 3);
          i += 2 * count;
          break;
        }
        case IO:
          visitor.io(p, words[i + 1] as number, words[i + 2] as number, words[i + 3] as number);
          break;
        case STDERR:
          visitor.stderr(p, words[i + 1] as number, words[i + 2] as number, words[i + 3] as number);
          break;
        case THREAD_NEW:
          visitor.threadNew(p, words[i + 1] as number, words[i + 2] as number);
          break;
        case THREAD_JOB:
          if (f + 2 > floatTo) return { word: i, float: f };
          visitor.threadJob(p, words[i + 1] as number, words[i + 2] as number, words[i + 3] as number, words[i + 4] as number, floats[f] as number, floats[f + 1] as number);
          f += 2;
          break;
        case THREAD_OUTPUT:
          if (f + 1 > floatTo) return { word: i, float: f };
          visitor.threadOutput(p, words[i + 1] as number, words[i + 2] as number, words[i + 3] as number, words[i + 4] as number, floats[f] as number);
          f += 1;
          break;
        default:
          // The other version-2 events, of fixed size.
          visitor.other(p, op);
          break;
      }
      i += 1 + operands;
    }
    return { word: i, float: f };
  }

  /** The stream ended: a Tick must not still be waiting for its due timers. */
  end(): void {
    if (this.dueExpected > 0) throw new TraceFormatError(`the stream ends before the last tick's ${this.dueExpected} due timers`);
  }
}
