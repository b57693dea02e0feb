/**
 * The recorder: a TraceSink that writes the compact stream described in format.ts.
 *
 * Events go into Int32Array chunks and floats into a growing Float64Array, so recording a step
 * costs a few integer stores and no allocation; strings are interned once. A long run fills many
 * chunks: they are joined once, by toTrace(), instead of the whole stream being copied every time
 * it doubles (json.ts writes the trace's JSON form). A host that writes the trace out as it is
 * recorded (the CLI) is handed each chunk of events, and each block of floats, as it fills.
 */
import { HandleKind, type Handle, type TimerHandle } from '../loop/handle.ts';
import { CANCELLED, type Future } from '../asyncio/future.ts';
import type { Task } from '../asyncio/task.ts';
import { describeException, raisedAtLine } from '../asyncio/exceptions.ts';
import { describeWait } from '../asyncio/wait-graph.ts';
import type { RunOutcome } from '../asyncio/run.ts';
import type { SyncPrimitive } from '../asyncio/wait-purpose.ts';
import type { TraceSink } from './sink.ts';
import {
  FutureOutcome,
  Op,
  TRACE_FORMAT,
  TRACE_VERSION,
  WAIT_KINDS,
  WarningKind,
  type Trace,
  type TraceEnd,
  type WakeCauseCode,
  type WarningKindCode,
} from './format.ts';

/** Words in a full chunk of events (4 MiB). The first chunk starts small and doubles up to it. */
const CHUNK_WORDS = 1 << 20;
/** Floats in a block handed to onFloats (512 KiB). */
const FLOAT_BLOCK = 1 << 16;

const waitKindCode = new Map<string, number>(WAIT_KINDS.map((kind, index) => [kind, index]));
const SLEEP_KIND = WAIT_KINDS.indexOf('sleep');

function outcomeOf(future: Future<unknown>): number {
  if (future.state === CANCELLED) return FutureOutcome.Cancelled;
  return future.peekException() !== null ? FutureOutcome.Exception : FutureOutcome.Result;
}

function isTask(future: Future<unknown>): future is Task<unknown> {
  return (future as Task<unknown>).isTask === true;
}

function lineOf(task: Task<unknown> | null): number {
  return task?.coro.currentLine ?? 0;
}

/**
 * A task's await stack as (line, frame id) pairs, outermost frame first, when its coroutine knows
 * it (the scenario interpreter's do: `awaitStack`, null when only one frame is suspended).
 */
function awaitStackOf(task: Task<unknown>): readonly number[] | null {
  return (task.coro as { awaitStack?: readonly number[] | null }).awaitStack ?? null;
}

/**
 * The line a task's innermost frame is at, which the interpreter knows (a scheduler coroutine
 * such as wait_for may suspend again long after the last await of the scenario's code set
 * `currentLine`); otherwise its coroutine's `currentLine`.
 */
function currentLineOf(task: Task<unknown> | null): number {
  if (task === null) return 0;
  return (task.coro as { innermostLine?: number }).innermostLine ?? lineOf(task);
}


export interface RecorderOptions {
  /** The size of a full chunk; tests make it tiny so that events straddle every boundary. */
  chunkWords?: number;
  /**
   * Called with each full chunk of events as it is sealed, in order, while the run goes on (the
   * CLI streams a long trace's JSON this way). The words are not copied: read them, don't keep
   * them beyond the recorder's life or change them. `strings` is every string interned so far (the
   * recorder's own list, which only grows: read it, don't keep or change it), so that a reader of
   * the chunk can name what its events refer to.
   */
  onChunk?: (words: Int32Array, strings: readonly string[]) => void;
  /** Called with each full block of floats, in order; as onChunk. */
  onFloats?: (values: Float64Array) => void;
  /** The size of a block of floats handed to onFloats; tests make it tiny, as chunkWords. */
  floatBlock?: number;
  /**
   * With onFloats: just before each chunk of events, hand over the floats recorded since the last
   * block, full or not, so that whoever reads the chunks has every float their events use (the
   * app builds its view of a long run from the chunks while the run goes on).
   */
  floatsWithChunks?: boolean;
  /**
   * False when the callers of onChunk and onFloats take what they are handed over (the CLI writes
   * it out as it comes): the recorder then keeps none of it and refills the same arrays once they
   * return (so they must copy what they keep), and toTrace() holds only the events and floats not
   * handed over. The trace then stays as small as one chunk, however long the run.
   */
  keepChunks?: boolean;
  /**
   * The most the trace may hold in memory (events, floats and strings, in bytes; default
   * DEFAULT_MAX_TRACE_BYTES). Beyond it `limitReached` says so and the run is stopped, keeping
   * what was recorded: a runaway program must not take the host's memory through its trace.
   */
  maxBytes?: number;
}

/** Twice the trace of the heaviest benchmark (10,000 tasks × 100 random sleeps: 120 MB). */
export const DEFAULT_MAX_TRACE_BYTES = 256 * 1024 * 1024;

export class TraceRecorder implements TraceSink {
  /** The chunk being written, and how much of it is used. */
  private events = new Int32Array(4);
  private length = 0;
  /** Chunks already filled, each trimmed to its length, and their total. */
  private readonly sealed: Int32Array[] = [];
  private sealedWords = 0;
  private floats = new Float64Array(1 << 10);
  private floatLength = 0;
  /** Blocks of floats handed to onFloats and kept, and their total. */
  private readonly sealedFloats: Float64Array[] = [];
  private sealedFloatCount = 0;
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  /** Run events so far. */
  steps = 0;
  private end: TraceEnd | null = null;
  /** UTF-16 code units in `strings`, for the trace's size. */
  private stringUnits = 0;
  private readonly maxBytes: number;
  limitReached: string | null = null;

  /** The label of every sleep suspension; the deadline comes from the timer (see state.ts). */
  private readonly sleepLabel: number;

  /**
   * How much scenario code has run so far (a statement count the interpreter keeps), or null when
   * nobody counts. Read when a step starts and when a lock is released, so that the trace can say
   * whether a lock was released right after its task resumed, with nothing run in between.
   */
  codeClock: (() => number) | null = null;
  private stepStartClock = 0;

  private readonly chunkWords: number;
  private readonly onChunk: ((words: Int32Array, strings: readonly string[]) => void) | null;
  private readonly onFloats: ((values: Float64Array) => void) | null;
  private readonly keepChunks: boolean;
  private readonly floatsWithChunks: boolean;

  constructor(readonly source = '<trace>', options: RecorderOptions = {}) {
    this.chunkWords = options.chunkWords ?? CHUNK_WORDS;
    this.onChunk = options.onChunk ?? null;
    this.onFloats = options.onFloats ?? null;
    if (this.onFloats !== null) this.floats = new Float64Array(options.floatBlock ?? FLOAT_BLOCK);
    this.keepChunks = options.keepChunks ?? true;
    this.floatsWithChunks = options.floatsWithChunks === true && this.onFloats !== null;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_TRACE_BYTES;
    if (!this.keepChunks && this.onChunk === null) throw new Error('TraceRecorder: keepChunks: false needs an onChunk to take the chunks');
    this.sleepLabel = this.string('sleep');
  }

  /** Make room for `count` more integers in the current chunk (an event never spans two). */
  private reserve(count: number): void {
    if (this.length + count <= this.events.length) return;
    if (this.events.length < this.chunkWords) {
      let capacity = this.events.length * 2;
      while (capacity < this.length + count) capacity *= 2;
      if (capacity <= this.chunkWords) {
        const grown = new Int32Array(capacity);
        grown.set(this.events.subarray(0, this.length));
        this.events = grown;
        return;
      }
    }
    const full = this.events.subarray(0, this.length);
    this.sealedWords += this.length;
    // Sealed before it is handed over: if the taker throws (and the run goes on), these events
    // must not be handed over a second time with the next chunk.
    this.length = 0;
    this.checkSize();
    if (this.floatsWithChunks) this.handOverFloats();
    if (this.onChunk !== null) this.onChunk(full, this.strings);
    if (this.keepChunks) this.sealed.push(full);
    // A chunk handed over is refilled, if it is full-sized and this one event fits.
    const size = Math.max(this.chunkWords, count);
    if (this.keepChunks || this.events.length < size) this.events = new Int32Array(size);
  }

  private pushFloat(value: number): void {
    if (this.floatLength === this.floats.length) {
      if (this.onFloats !== null) {
        this.handOverFloats();
      } else {
        const grown = new Float64Array(this.floats.length * 2);
        grown.set(this.floats);
        this.floats = grown;
      }
      this.checkSize();
    }
    this.floats[this.floatLength++] = value;
  }

  /** Hand the floats recorded since the last block to onFloats, then keep them and start another block, or refill this one. */
  private handOverFloats(): void {
    if (this.floatLength === 0) return;
    const block = this.floats.subarray(0, this.floatLength);
    (this.onFloats as (values: Float64Array) => void)(block);
    this.sealedFloatCount += this.floatLength;
    this.floatLength = 0;
    if (this.keepChunks) {
      this.sealedFloats.push(block);
      this.floats = new Float64Array(this.floats.length);
    }
  }

  private string(text: string): number {
    let id = this.stringIds.get(text);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(text);
      this.stringIds.set(text, id);
      this.stringUnits += text.length;
      if (text.length > 4096) this.checkSize();
    }
    return id;
  }

  /** What the trace holds in memory, in bytes (events, floats, strings), handed-over chunks included. */
  bytes(): number {
    return 4 * (this.sealedWords + this.length) + 8 * (this.sealedFloatCount + this.floatLength) + 2 * this.stringUnits;
  }

  private checkSize(): void {
    if (this.limitReached !== null || this.bytes() <= this.maxBytes) return;
    const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024)).toLocaleString('en-US')} MB`;
    this.limitReached = `the trace outgrew ${mb(this.maxBytes)} (${this.steps.toLocaleString('en-US')} steps recorded)`;
  }

  private emit2(a: number, b: number): void {
    this.reserve(2);
    const e = this.events;
    e[this.length++] = a;
    e[this.length++] = b;
  }

  private emit3(a: number, b: number, c: number): void {
    this.reserve(3);
    const e = this.events;
    e[this.length++] = a;
    e[this.length++] = b;
    e[this.length++] = c;
  }

  private emit4(a: number, b: number, c: number, d: number): void {
    this.reserve(4);
    const e = this.events;
    e[this.length++] = a;
    e[this.length++] = b;
    e[this.length++] = c;
    e[this.length++] = d;
  }

  private emit5(a: number, b: number, c: number, d: number, f: number): void {
    this.reserve(5);
    const e = this.events;
    e[this.length++] = a;
    e[this.length++] = b;
    e[this.length++] = c;
    e[this.length++] = d;
    e[this.length++] = f;
  }

  tick(index: number, timeBefore: number, timeAfter: number, ntodo: number, due: readonly TimerHandle[]): void {
    this.emit4(Op.Tick, index, ntodo, due.length);
    this.pushFloat(timeBefore);
    this.pushFloat(timeAfter);
    for (const timer of due) this.emit2(Op.TimerDue, timer.id);
  }

  handleQueued(handle: Handle): void {
    switch (handle.kind) {
      case HandleKind.Step:
        this.emit3(Op.QueueStep, handle.id, (handle.target as Task<unknown>).serial);
        return;
      case HandleKind.Wakeup:
        this.emit4(Op.QueueWakeup, handle.id, (handle.target as Task<unknown>).serial, (handle.arg as Future<unknown>).id);
        return;
      default: {
        const arg = handle.arg as Future<unknown> | null | undefined;
        const futureId = arg !== null && typeof arg === 'object' && typeof arg.id === 'number' && 'purpose' in arg ? arg.id : -1;
        this.emit4(Op.QueueCallback, handle.id, this.string(handle.label), futureId);
      }
    }
  }

  timerArmed(timer: TimerHandle, owner: Task<unknown> | null): void {
    this.emit4(Op.Timer, timer.id, this.string(timer.label), owner === null ? -1 : owner.serial);
    this.pushFloat(timer.when);
  }

  handleCancelled(handle: Handle): void {
    this.emit2(Op.Cancel, handle.id);
  }

  handleRun(handle: Handle): void {
    this.steps++;
    this.emit2(Op.Run, handle.id);
    if (this.codeClock !== null) this.stepStartClock = this.codeClock();
  }

  handleSkipped(handle: Handle): void {
    this.emit2(Op.Skip, handle.id);
  }

  taskCreated(task: Task<unknown>, creator: Task<unknown> | null): void {
    this.reserve(7);
    const e = this.events;
    e[this.length++] = Op.TaskNew;
    e[this.length++] = task.serial;
    e[this.length++] = creator === null ? -1 : creator.serial;
    e[this.length++] = this.string(task.name);
    e[this.length++] = this.string(task.coroName);
    e[this.length++] = task.createdAtLine;
    e[this.length++] = this.string(task.via);
    this.emit3(Op.TaskFuture, task.serial, task.id);
  }

  taskRenamed(task: Task<unknown>): void {
    this.emit3(Op.TaskRename, task.serial, this.string(task.name));
  }

  taskSuspended(task: Task<unknown>, awaited: Future<unknown>): void {
    const purpose = awaited.purpose;
    if (purpose.kind === 'sleep') {
      // The hot path: the deadline is the timer's, which the trace already holds, so no label.
      this.reserve(8);
      const e = this.events;
      e[this.length++] = Op.Suspend;
      e[this.length++] = task.serial;
      e[this.length++] = awaited.id;
      e[this.length++] = SLEEP_KIND;
      e[this.length++] = purpose.timer === null ? -1 : purpose.timer.id;
      e[this.length++] = this.sleepLabel;
      e[this.length++] = currentLineOf(task);
      e[this.length++] = 0;
      this.stack(task);
      return;
    }
    const wait = describeWait(awaited);
    this.reserve(8 + wait.blockers.length);
    const e = this.events;
    e[this.length++] = Op.Suspend;
    e[this.length++] = task.serial;
    e[this.length++] = awaited.id;
    e[this.length++] = waitKindCode.get(wait.kind) ?? 0;
    e[this.length++] = wait.objectId;
    e[this.length++] = this.string(wait.label);
    e[this.length++] = currentLineOf(task);
    e[this.length++] = wait.blockers.length;
    for (const blocker of wait.blockers) e[this.length++] = blocker.serial;
    this.stack(task);
  }

  /** The Stack event after a suspension, when more than one frame is suspended. */
  private stack(task: Task<unknown>): void {
    const pairs = awaitStackOf(task);
    if (pairs === null || pairs.length < 4) return;
    this.reserve(3 + pairs.length);
    const e = this.events;
    e[this.length++] = Op.Stack;
    e[this.length++] = task.serial;
    e[this.length++] = pairs.length / 2;
    for (const value of pairs) e[this.length++] = value;
  }

  taskYielded(task: Task<unknown>): void {
    this.emit3(Op.Yield, task.serial, currentLineOf(task));
    this.stack(task);
  }

  futureDone(future: Future<unknown>, by: Task<unknown> | null, byHandle: Handle | null): void {
    const handleId = byHandle === null ? -1 : byHandle.id;
    if (isTask(future)) {
      const exception = future.peekException();
      if (exception !== null && future.state !== CANCELLED) {
        const line = raisedAtLine(exception);
        if (line > 0) this.emit3(Op.TaskRaise, future.serial, line);
      }
      const text = exception === null ? -1 : this.string(describeException(exception));
      this.emit5(Op.TaskDone, future.serial, outcomeOf(future), text, handleId);
    } else {
      this.emit5(Op.FutureDone, future.id, outcomeOf(future), by === null ? -1 : by.serial, handleId);
    }
  }

  output(text: string, task: Task<unknown> | null, line: number): void {
    this.emit4(Op.Output, task === null ? -1 : task.serial, this.string(text), line);
  }

  blocked(task: Task<unknown> | null, seconds: number, timeAfter: number, line = 0): void {
    this.emit3(Op.BlockAt, task === null ? -1 : task.serial, line);
    this.pushFloat(seconds);
    this.pushFloat(timeAfter);
  }

  log(text: string, kind: WarningKindCode = WarningKind.Other, task: Task<unknown> | null = null, line = 0): void {
    this.emit5(Op.Warning, this.string(text), kind, task === null ? -1 : task.serial, line);
  }

  wake(waiter: Future<unknown>, cause: WakeCauseCode, primitive: SyncPrimitive): void {
    this.emit5(Op.Wake, waiter.id, cause, primitive.id, this.string(primitive.label));
  }

  taskCancelled(task: Task<unknown>, by: Task<unknown> | null, message: string | null, outsideHandles = false): void {
    this.emit4(Op.TaskCancel, task.serial, by !== null ? by.serial : outsideHandles ? -2 : -1, message === null ? -1 : this.string(message));
  }

  lockAcquired(lock: SyncPrimitive, task: Task<unknown> | null): void {
    this.emit5(Op.LockAcquire, lock.id, task === null ? -1 : task.serial, this.string(lock.label), currentLineOf(task));
  }

  lockReleased(lock: SyncPrimitive, task: Task<unknown> | null): void {
    const statements = this.codeClock === null ? -1 : this.codeClock() - this.stepStartClock;
    this.emit4(Op.LockRelease, lock.id, task === null ? -1 : task.serial, statements);
  }

  taskDropped(task: Task<unknown>, line: number): void {
    this.emit3(Op.TaskDropped, task.serial, line);
  }

  ioStarted(future: Future<unknown>, description: string, outcome: string): void {
    this.emit4(Op.Io, future.id, this.string(description), this.string(outcome));
  }

  /** The main thread calls asyncio.run at `line` (the scenario interpreter reports it). */
  loopEntered(line: number): void {
    this.emit2(Op.LoopEnter, line);
  }

  /** asyncio.run returns (or raises) on the main thread. */
  loopExited(): void {
    this.reserve(1);
    this.events[this.length++] = Op.LoopExit;
  }

  stderr(text: string, task: Task<unknown> | null, line: number): void {
    this.emit4(Op.Stderr, task === null ? -1 : task.serial, this.string(text), line);
  }

  threadStarted(thread: number, name: string): void {
    this.emit3(Op.ThreadNew, thread, this.string(name));
  }

  threadJob(thread: number, label: string, submitter: Task<unknown> | null, futureId: number, start: number, end: number): void {
    this.emit5(Op.ThreadJob, thread, this.string(label), submitter === null ? -1 : submitter.serial, futureId);
    this.pushFloat(start);
    this.pushFloat(end);
  }

  threadOutput(thread: number, stream: 'stdout' | 'stderr', text: string, line: number, time: number): void {
    this.emit5(Op.ThreadOutput, thread, stream === 'stdout' ? 1 : 2, this.string(text), line);
    this.pushFloat(time);
  }

  /** Record how the run ended. */
  finish(outcome: RunOutcome<unknown>): void {
    this.end = traceEndOf(outcome);
  }

  /** Integers recorded so far (for benchmarks). */
  get eventWords(): number {
    return this.sealedWords + this.length;
  }

  /**
   * The trace so far, in arrays of its own (recording may go on without changing it). With
   * keepChunks false, its events and floats are only those not handed over.
   */
  toTrace(): Trace {
    const events = joined(new Int32Array((this.keepChunks ? this.sealedWords : 0) + this.length), this.sealed, this.events.subarray(0, this.length));
    const floats = joined(
      new Float64Array((this.keepChunks ? this.sealedFloatCount : 0) + this.floatLength),
      this.sealedFloats,
      this.floats.subarray(0, this.floatLength),
    );
    return {
      format: TRACE_FORMAT,
      version: TRACE_VERSION,
      source: this.source,
      strings: this.strings.slice(),
      floats,
      events,
      steps: this.steps,
      end: this.end,
    };
  }
}

/** `into`, filled with the chunks, then the last one. */
function joined<T extends Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer>>(into: T, chunks: readonly ArrayLike<number>[], last: ArrayLike<number>): T {
  let at = 0;
  for (const chunk of chunks) {
    into.set(chunk, at);
    at += chunk.length;
  }
  into.set(last, at);
  return into;
}

export function traceEndOf(outcome: RunOutcome<unknown>): TraceEnd {
  switch (outcome.kind) {
    case 'ok':
      return { kind: 'ok', time: outcome.time };
    case 'error':
      return {
        kind: 'error',
        time: outcome.time,
        exception: describeException(outcome.exception),
        type: outcome.exception.pyName,
        message: outcome.exception.message,
      };
    case 'deadlock':
      return { kind: 'deadlock', time: outcome.time, pending: outcome.pending, graph: outcome.graph };
    case 'limit':
      return { kind: 'limit', time: outcome.time, reason: outcome.reason, message: outcome.message };
  }
}
