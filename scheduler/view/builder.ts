/**
 * Building the view model (model.ts) in one pass over the event stream, as it arrives.
 *
 * The stream may come whole (a saved trace) or in chunks while the scenario still runs (a worker
 * hands over each chunk the recorder seals); an event cut off at the end of a chunk waits for the
 * next. Each event is read once, with no object made for it (walk.ts), and goes to the parts that
 * need it: the step axis (axis.ts), the lanes (lanes.ts), the printed lines (printed.ts) and the
 * replay of the loop's queues (replay.ts), which also tells the others what each Run runs and
 * checks that the stream adds up.
 *
 * Checkpoints of the replay are taken every `interval` steps as the pass goes by, so that the
 * state at any step can later be rebuilt from the nearest one (cursor.ts). There are never more
 * than MAX_CHECKPOINTS nor more than CHECKPOINT_BYTES of them, and taking one never costs more
 * than a few rows per step since the last: when either would happen, the interval doubles and
 * every other checkpoint is dropped.
 *
 * `snapshot()` gives the model of what arrived so far while the pass goes on (the app draws a long
 * run before it ends); `finish()` the model of the whole stream. Both lay out the lanes and the
 * axis from the columns, in time proportional to the model, not to the events.
 */
import { TraceFormatError, warningKindOf } from '../trace/decode.ts';
import { FutureOutcome, WAIT_KINDS, WARNING_KINDS, type TraceEnd } from '../trace/format.ts';
import { ioWaitLabel } from '../trace/io-label.ts';
import { EventWalker, type EventVisitor } from '../trace/walk.ts';
import { AxisBuilder } from './axis.ts';
import { IntColumn } from './columns.ts';
import { LaneBuilder } from './lanes.ts';
import { PRINTER, STEP_LABEL, STREAM, type StateIndex, type ViewModel } from './model.ts';
import { PrintedBuilder } from './printed.ts';
import { ColumnarReplay, TaskState, type Checkpoint } from './replay.ts';

const SLEEP = WAIT_KINDS.indexOf('sleep');
const IO = WAIT_KINDS.indexOf('io');
export const MAX_CHECKPOINTS = 128;
export const CHECKPOINT_BYTES = 64 << 20;
/**
 * The checkpoints hold at most this many bytes per word of the stream so far (but may always hold
 * MIN_CHECKPOINT_BYTES, and 8 checkpoints): a trace's page memory is mostly the model, and
 * checkpoints were its largest part (41.5 bytes per event at a million events, for 10,000 tasks).
 * At 2 bytes per word (about 7 per event) a jump walks at most a few ten thousand steps from its
 * checkpoint, a few milliseconds (bench/view-model.ts: the state at a random step).
 */
export const CHECKPOINT_BYTES_PER_WORD = 2;
const MIN_CHECKPOINT_BYTES = 1 << 20;
const FIRST_INTERVAL = 512;
/** A checkpoint may scan or copy this many rows (tasks, queued handles) per step since the last. */
const ROWS_PER_STEP = 8;

/** The bytes a checkpoint holds: its typed arrays, and a little for the rest. */
export function checkpointBytes(c: Checkpoint): number {
  let bytes = 64 + c.liveSerials.byteLength;
  for (const rows of [c.live, c.ready, c.heap]) for (const column of Object.values(rows) as ArrayBufferView[]) bytes += column.byteLength;
  return bytes;
}

export class ViewBuilder implements EventVisitor {
  private readonly axis = new AxisBuilder();
  private readonly lanes = new LaneBuilder();
  private readonly text = new PrintedBuilder();
  private readonly replay = new ColumnarReplay({ logRenames: true });
  private readonly walker = new EventWalker(this);
  private readonly runWord = new IntColumn(1024);
  private readonly runFloat = new IntColumn(1024);
  private checkpoints: Checkpoint[] = [];
  /** Worker threads' names (string ids), by thread id. */
  private readonly threadNames = new Map<number, number>();
  /** What the checkpoints hold, in bytes. */
  private heldBytes = 0;
  private interval: number;
  private readonly bytesPerWord: number;
  private readonly minBytes: number;

  /** The trace's strings so far (the recorder's own list, append-only). */
  private strings: readonly string[] = [];
  /** Words and floats not walked yet (an event cut off at the end of a chunk), and where they start. */
  private restWords: Int32Array = new Int32Array(0);
  private restFloats: Float64Array = new Float64Array(0);
  private wordBase = 0;
  /** Floats read so far, and events. */
  private floatsRead = 0;
  private eventCount = 0;
  private finished = false;

  constructor(
    private readonly source: string,
    options: { checkpointInterval?: number; checkpointBytesPerWord?: number; minCheckpointBytes?: number } = {},
  ) {
    this.interval = Math.max(1, options.checkpointInterval ?? FIRST_INTERVAL);
    this.bytesPerWord = options.checkpointBytesPerWord ?? CHECKPOINT_BYTES_PER_WORD;
    this.minBytes = options.minCheckpointBytes ?? MIN_CHECKPOINT_BYTES;
  }

  /**
   * The next words of the event stream and the next floats (either may be empty), and every string
   * of the trace so far. The arrays are read before this returns (what is left over is copied), so
   * a caller may refill them.
   */
  push(words: Int32Array, floats: Float64Array, strings: readonly string[]): void {
    if (this.finished) throw new Error('ViewBuilder: push after finish');
    this.strings = strings;
    const w = join(this.restWords, words);
    const f = joinFloats(this.restFloats, floats);
    const stop = this.walker.walk(w, 0, w.length, f, 0, f.length, this.wordBase);
    this.wordBase += stop.word;
    this.restWords = w.slice(stop.word);
    this.restFloats = f.slice(stop.float);
  }

  /** The stream offset of the event read last (where an error was found). */
  get position(): number {
    return this.walker.position;
  }

  /** The model of the events so far; the pass goes on. */
  snapshot(): ViewModel {
    return this.model(null, false);
  }

  /**
   * The stream stops here, short of its end (a run stopped by the person watching it): the model of
   * what arrived, ended by `end`. An event cut off at the end of the last chunk is left out.
   */
  cut(end: TraceEnd): ViewModel {
    this.finished = true;
    return this.model(end, true);
  }

  /** The stream is over: the model of all of it. */
  finish(end: TraceEnd | null): ViewModel {
    if (this.restWords.length > 0) {
      throw new TraceFormatError(`the event stream ends in the middle of an event at ${this.wordBase} (or its floats are missing)`);
    }
    this.walker.end();
    this.finished = true;
    return this.model(end, true);
  }

  private model(end: TraceEnd | null, complete: boolean): ViewModel {
    const axis = this.axis.axis(end?.time, end?.kind === 'deadlock');
    const replay = this.replay;
    const info = replay.taskInfo();
    const final = replay.taskColumns();
    const lanes = this.lanes.lanes(axis, {
      count: replay.taskCount,
      name: final.name,
      coro: info.coro,
      creator: info.creator,
      createdAtLine: info.createdAtLine,
      via: info.via,
      exception: final.exception,
    });
    const runWord = new Int32Array(axis.steps + 1);
    runWord.set(this.runWord.view());
    runWord[axis.steps] = this.wordBase;
    const runFloat = new Int32Array(axis.steps + 1);
    runFloat.set(this.runFloat.view());
    runFloat[axis.steps] = this.floatsRead;
    const renames = replay.renames as NonNullable<ColumnarReplay['renames']>;
    const index: StateIndex = {
      runWord,
      runFloat,
      checkpoints: this.checkpoints.slice(),
      final,
      info,
      renames: { position: Int32Array.from(renames.position), task: Int32Array.from(renames.task), name: Int32Array.from(renames.name) },
    };
    return {
      source: this.source,
      strings: this.strings.slice(),
      axis,
      lanes,
      printed: this.text.printed(),
      logs: this.text.logs(),
      end,
      complete,
      events: this.eventCount,
      words: this.wordBase,
      floats: this.floatsRead,
      index,
    };
  }

  // ----- checks -----

  private str(id: number): string {
    const text = this.strings[id];
    if (text === undefined) throw new TraceFormatError(`string ${id} is missing`);
    return text;
  }

  // ----- the events -----

  tick(position: number, index: number, ntodo: number, due: number, before: number, after: number): void {
    this.eventCount++;
    this.floatsRead += 2;
    this.axis.tick(index, ntodo, due, before, after);
    this.replay.tick(position, index, ntodo, due, before, after);
  }

  timerDue(position: number, handle: number): void {
    this.eventCount++;
    this.replay.timerDue(position, handle);
  }

  queueStep(position: number, handle: number, task: number): void {
    this.eventCount++;
    this.replay.queueStep(position, handle, task);
    this.lanes.queued(task);
  }

  queueWakeup(position: number, handle: number, task: number, future: number): void {
    this.eventCount++;
    this.replay.queueWakeup(position, handle, task, future);
    this.lanes.queued(task);
  }

  queueCallback(position: number, handle: number, label: number, future: number): void {
    this.eventCount++;
    this.str(label);
    this.replay.queueCallback(position, handle, label, future);
  }

  timer(position: number, handle: number, label: number, owner: number, when: number): void {
    this.eventCount++;
    this.floatsRead += 1;
    this.str(label);
    this.replay.timer(position, handle, label, owner, when);
  }

  cancel(position: number, handle: number): void {
    this.eventCount++;
    this.replay.cancel(position, handle);
  }

  run(position: number, handle: number): void {
    this.eventCount++;
    const step = this.axis.steps;
    if (step > 0 && step % this.interval === 0) this.takeCheckpoint(position);
    this.runWord.push(position);
    this.runFloat.push(this.floatsRead);
    const replay = this.replay;
    const slot = replay.peekSlot();
    // The replay checks that `handle` is at the front of the ready queue (and throws if not).
    const kind = slot === -1 ? 2 : replay.slotKind(slot);
    const task = slot === -1 ? -1 : replay.slotTask(slot);
    const label = slot === -1 ? STEP_LABEL.unknown : kind === 0 ? STEP_LABEL.step : kind === 1 ? STEP_LABEL.wakeup : replay.slotLabel(slot);
    replay.run(position, handle);
    this.axis.run(handle, task, label);
    this.lanes.run(step, kind <= 1 ? task : -1);
  }

  skip(position: number, handle: number): void {
    this.eventCount++;
    this.replay.skip(position, handle);
  }

  taskNew(position: number, task: number, creator: number, name: number, coro: number, line: number, via: number): void {
    this.eventCount++;
    this.str(name);
    this.str(coro);
    this.str(via);
    this.replay.taskNew(position, task, creator, name, coro, line, via);
    this.lanes.taskNew(task, line);
  }

  taskRename(position: number, task: number, name: number): void {
    this.eventCount++;
    this.str(name);
    this.replay.taskRename(position, task, name);
  }

  suspend(position: number, task: number, future: number, kind: number, objectId: number, label: number, line: number): void {
    this.eventCount++;
    const text = this.str(label);
    this.replay.suspend(position, task, future, kind, objectId, label, line);
    let id: number;
    if (kind === IO && this.replay.tasks.waitTimed[task] === 1) {
      // A simulated request: what it asks, how long the answer takes, and the answer (renderer/viz/lanes.ts).
      const t = this.replay.tasks;
      const outcome = t.waitOutcome[task] as number;
      id = this.lanes.intern(ioWaitLabel(text, (t.waitUntil[task] as number) - (t.waitSince[task] as number), outcome === -1 ? '' : this.str(outcome)));
    } else {
      const when = kind === SLEEP ? this.replay.timerWhen(objectId) : undefined;
      id = when === undefined ? this.lanes.internTrace(label, text) : this.lanes.internSleep(when);
    }
    this.lanes.suspend(task, id, line);
  }

  yield(position: number, task: number, line: number): void {
    this.eventCount++;
    this.replay.yield(position, task, line);
  }

  futureDone(): void {
    this.eventCount++;
  }

  taskDone(position: number, task: number, outcome: number, exception: number, byHandle: number): void {
    this.eventCount++;
    if (exception !== -1) this.str(exception);
    this.replay.taskDone(position, task, outcome, exception, byHandle);
    const state = outcome === FutureOutcome.Cancelled ? TaskState.cancelled : outcome === FutureOutcome.Exception ? TaskState.failed : TaskState.done;
    const failure = state !== TaskState.failed ? -1 : exception === -1 ? this.lanes.intern('failed') : this.lanes.internTrace(exception, this.str(exception));
    this.lanes.taskDone(task, state, failure);
  }

  output(_position: number, task: number, text: number, line: number): void {
    this.taskLine(task, text, line, STREAM.stdout);
    this.replay.output();
  }

  stderr(_position: number, task: number, text: number, line: number): void {
    // Not counted among the replay's outputs: those are print()'s lines, as scheduler/trace/state.ts counts them.
    this.taskLine(task, text, line, STREAM.stderr);
  }

  /** A line written by `task` (-1: module code), under the task's name when it wrote it. */
  private taskLine(task: number, text: number, line: number, stream: number): void {
    this.eventCount++;
    this.str(text);
    const replay = this.replay;
    const name = task === -1 ? PRINTER.none : task >= 0 && task < replay.taskCount ? (replay.tasks.name[task] as number) : PRINTER.unknown;
    this.text.output(this.axis.steps, replay.time, task, name, text, line, stream);
  }

  threadNew(_position: number, thread: number, name: number): void {
    this.eventCount++;
    this.str(name);
    this.threadNames.set(thread, name);
  }

  threadJob(_position: number, _thread: number, label: number): void {
    this.eventCount++;
    this.floatsRead += 2;
    this.str(label);
  }

  /** A worker thread's line, under the thread's name (asyncio_0), as the transcript shows it. */
  threadOutput(_position: number, thread: number, stream: number, text: number, line: number, time: number): void {
    this.eventCount++;
    this.floatsRead += 1;
    this.str(text);
    const name = this.threadNames.get(thread) ?? PRINTER.unknown;
    this.text.output(this.axis.steps, time, -1, name, text, line, stream === STREAM.stdout ? STREAM.stdout : STREAM.stderr);
  }

  block(position: number, task: number, seconds: number, timeAfter: number): void {
    this.eventCount++;
    this.floatsRead += 2;
    this.axis.block(timeAfter);
    this.replay.block(position, task, seconds, timeAfter);
  }

  /** A version-1 Log: its kind from its wording and its task from the name in it (decode.ts's rule). */
  log(_position: number, text: number): void {
    this.eventCount++;
    const words = this.str(text);
    const kind = WARNING_KINDS.indexOf(warningKindOf(words));
    const match = /; task=([^;]*)/.exec(words);
    this.text.log(this.axis.steps, this.replay.time, text, kind, match === null ? -1 : this.latestTaskNamed(match[1] as string), 0);
  }

  warning(_position: number, text: number, kind: number, task: number, line: number): void {
    this.eventCount++;
    this.str(text);
    this.text.log(this.axis.steps, this.replay.time, text, kind >= 0 && kind < WARNING_KINDS.length ? kind : 0, task, line);
  }

  stack(position: number, task: number): void {
    this.eventCount++;
    this.replay.stack(position, task);
  }

  io(position: number, future: number, description: number, outcome: number): void {
    this.eventCount++;
    this.str(description);
    this.str(outcome);
    this.replay.io(position, future, description, outcome);
  }

  other(): void {
    this.eventCount++;
  }

  /** The serial of the last task created with, or renamed to, `name` so far, or -1. */
  private latestTaskNamed(name: string): number {
    // decode.ts looks the name up among the names so far (creation or the latest rename).
    const names = this.replay.tasks.name;
    for (let t = this.replay.taskCount - 1; t >= 0; t--) if (this.strings[names[t] as number] === name) return t;
    return -1;
  }

  // ----- checkpoints -----

  private takeCheckpoint(position: number): void {
    const checkpoint = this.replay.checkpoint(position, this.floatsRead);
    this.checkpoints.push(checkpoint);
    this.heldBytes += checkpointBytes(checkpoint);
    // Rows the checkpoint scanned or copied: every task, and the handles queued.
    const rows = this.replay.taskCount + checkpoint.ready.handle.length + checkpoint.heap.handle.length;
    const budget = Math.min(CHECKPOINT_BYTES, Math.max(this.minBytes, this.bytesPerWord * position));
    while (rows > ROWS_PER_STEP * this.interval || (this.checkpoints.length > 8 && (this.checkpoints.length > MAX_CHECKPOINTS || this.heldBytes > budget))) {
      this.interval *= 2;
      this.checkpoints = this.checkpoints.filter((c) => c.step % this.interval === 0);
      this.heldBytes = this.checkpoints.reduce((sum, c) => sum + checkpointBytes(c), 0);
    }
  }
}

function join(rest: Int32Array, next: Int32Array): Int32Array {
  if (rest.length === 0) return next;
  const out = new Int32Array(rest.length + next.length);
  out.set(rest);
  out.set(next, rest.length);
  return out;
}

function joinFloats(rest: Float64Array, next: Float64Array): Float64Array {
  if (rest.length === 0) return next;
  const out = new Float64Array(rest.length + next.length);
  out.set(rest);
  out.set(next, rest.length);
  return out;
}

/** What buildViewModel reads of a trace. */
export interface TraceArrays {
  source: string;
  events: Int32Array;
  floats: Float64Array;
  strings: readonly string[];
  end: TraceEnd | null;
}

/** The view model of a whole trace, in one pass. */
export function buildViewModel(trace: TraceArrays, builder = new ViewBuilder(trace.source)): ViewModel {
  builder.push(trace.events, trace.floats, trace.strings);
  return builder.finish(trace.end);
}
