/**
 * The loop's queues and tasks replayed from the event stream, held in typed columns: the same
 * answers as scheduler/trace/state.ts's TraceReplay (tests hold the two together at every step),
 * made to be walked over millions of events and copied often.
 *
 *   - Handles that are queued or armed live in slots (struct of arrays) with a free list; the ready
 *     queue is a ring of slots and the timer heap a list of slots ordered by CPython's heapq port,
 *     so equal deadlines fire in the order the loop fired them. A handle leaves its slot when it
 *     runs, is skipped, or is dropped from the heap as cancelled (the head of _run_once).
 *   - Tasks are columns indexed by serial: what never changes after creation (TaskInfo) and what
 *     does (state, line, name, exception, what it waits for).
 *
 * A checkpoint copies the queues and the tasks that have not ended. A task that has ended never
 * changes again (save a rename, which the rename log answers), so it is read from the state at the
 * end of the stream instead: it costs nothing to keep in a checkpoint.
 */
import { heapify, heappop, heappush } from '../loop/heapq.ts';
import { FutureOutcome, WAIT_KINDS } from '../trace/format.ts';
import { TraceFormatError, type WaitInfo } from '../trace/decode.ts';
import type { LoopState, ReadyEntry, TaskStateName, TaskView, TimerEntry } from '../trace/state.ts';
import type { EventVisitor } from '../trace/walk.ts';
import { ioWaitLabel } from '../trace/io-label.ts';

/** Task states as stored in columns (lanes use the same codes). */
export const TaskState = { ready: 0, running: 1, waiting: 2, done: 3, cancelled: 4, failed: 5, none: 255 } as const;
export const STATE_NAMES: readonly TaskStateName[] = ['ready', 'running', 'waiting', 'done', 'cancelled', 'failed'];

const HandleKind = { step: 0, wakeup: 1, callback: 2 } as const;
const KIND_NAMES = ['step', 'wakeup', 'callback'] as const;
const SLEEP = WAIT_KINDS.indexOf('sleep');
const IO = WAIT_KINDS.indexOf('io');
const NO_CALLERS: readonly number[] = Object.freeze([]);
const MIN_SCHEDULED_TIMER_HANDLES = 100;

/** What a task was created with: written once, never changed (trace string ids). */
export interface TaskInfo {
  creator: Int32Array<ArrayBuffer>;
  coro: Int32Array<ArrayBuffer>;
  via: Int32Array<ArrayBuffer>;
  createdAtLine: Int32Array<ArrayBuffer>;
  /** The name at creation; later names come from the rename log. */
  initialName: Int32Array<ArrayBuffer>;
}

/** What changes as a task runs. */
export interface TaskColumns {
  state: Uint8Array<ArrayBuffer>;
  line: Int32Array<ArrayBuffer>;
  name: Int32Array<ArrayBuffer>;
  /** Trace string id of the exception that ended it, or -1. */
  exception: Int32Array<ArrayBuffer>;
  /** Stream offset of the Suspend event it waits at, or -1. */
  waitPos: Int32Array<ArrayBuffer>;
  /** For a sleep: whether the replay knew its timer (waitTimed 1), and the timer's deadline. */
  waitTimed: Uint8Array<ArrayBuffer>;
  waitUntil: Float64Array<ArrayBuffer>;
  /** For a simulated I/O wait (timed like a sleep): the clock when it began, and its outcome (string id, -1 unknown). */
  waitSince: Float64Array<ArrayBuffer>;
  waitOutcome: Int32Array<ArrayBuffer>;
  /** Stream offset of the Stack event of its suspension (its callers' lines), or -1. */
  stackPos: Int32Array<ArrayBuffer>;
}

/** Handles in the ready queue or the timer heap, one row each. */
export interface HandleRows {
  handle: Int32Array<ArrayBuffer>;
  kind: Uint8Array<ArrayBuffer>;
  task: Int32Array<ArrayBuffer>;
  label: Int32Array<ArrayBuffer>;
  future: Int32Array<ArrayBuffer>;
  /** A timer's deadline (which may itself be NaN or Infinity: asyncio.sleep(float('nan'))), when `timed` is 1. */
  timed: Uint8Array<ArrayBuffer>;
  when: Float64Array<ArrayBuffer>;
  cancelled: Uint8Array<ArrayBuffer>;
  owner: Int32Array<ArrayBuffer>;
  scheduled: Uint8Array<ArrayBuffer>;
}

/** Renames, in stream order. */
export interface RenameLog {
  position: Int32Array<ArrayBuffer>;
  task: Int32Array<ArrayBuffer>;
  name: Int32Array<ArrayBuffer>;
}

/** The replay just before a step's Run event. */
export interface Checkpoint {
  /** Stream offsets of the next event and the next float. */
  word: number;
  float: number;
  step: number;
  tick: number;
  time: number;
  outputs: number;
  timerCancelledCount: number;
  /** Tasks created so far. */
  taskCount: number;
  /** The tasks that had not ended, by serial, with their state. */
  liveSerials: Int32Array<ArrayBuffer>;
  live: TaskColumns;
  ready: HandleRows;
  heap: HandleRows;
}

function newTaskColumns(size: number): TaskColumns {
  return {
    state: new Uint8Array(size).fill(TaskState.none),
    line: new Int32Array(size),
    name: new Int32Array(size),
    exception: new Int32Array(size).fill(-1),
    waitPos: new Int32Array(size).fill(-1),
    waitTimed: new Uint8Array(size),
    waitUntil: new Float64Array(size),
    waitSince: new Float64Array(size),
    waitOutcome: new Int32Array(size).fill(-1),
    stackPos: new Int32Array(size).fill(-1),
  };
}

function handleRows(size: number): HandleRows {
  return {
    handle: new Int32Array(size),
    kind: new Uint8Array(size),
    task: new Int32Array(size),
    label: new Int32Array(size),
    future: new Int32Array(size),
    timed: new Uint8Array(size),
    when: new Float64Array(size),
    cancelled: new Uint8Array(size),
    owner: new Int32Array(size),
    scheduled: new Uint8Array(size),
  };
}

function grown<A extends Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer> | Uint8Array<ArrayBuffer>>(array: A, size: number, fill: number): A {
  const out = new (array.constructor as new (n: number) => A)(size);
  out.set(array);
  if (fill !== 0) out.fill(fill, array.length);
  return out;
}

/** Copy rows `from[i]` for i in `slots` into a fresh HandleRows. */
function rowsOf(source: HandleRows, slots: ArrayLike<number>, count: number): HandleRows {
  const out = handleRows(count);
  for (let k = 0; k < count; k++) {
    const s = slots[k] as number;
    out.handle[k] = source.handle[s] as number;
    out.kind[k] = source.kind[s] as number;
    out.task[k] = source.task[s] as number;
    out.label[k] = source.label[s] as number;
    out.future[k] = source.future[s] as number;
    out.timed[k] = source.timed[s] as number;
    out.when[k] = source.when[s] as number;
    out.cancelled[k] = source.cancelled[s] as number;
    out.owner[k] = source.owner[s] as number;
    out.scheduled[k] = source.scheduled[s] as number;
  }
  return out;
}

export class ColumnarReplay implements EventVisitor {
  step = 0;
  /** The trace's index of the last tick. */
  tickIndex = 0;
  time = 0;
  outputs = 0;
  taskCount = 0;
  private timerCancelledCount = 0;
  /**
   * Outcomes of simulated I/O (string ids) by future, from an Io event to the Suspend that follows
   * it in the same step: never held across a Run, so checkpoints need not copy it.
   */
  private readonly ioOutcomes = new Map<number, number>();

  /** Live handles: slot columns, a free list, and the slot of each handle id. */
  private slots: HandleRows = handleRows(64);
  private freeSlots: number[] = [];
  private usedSlots = 0;
  /**
   * The slot of each live handle id (-1: none). A trace numbers its handles from 0 in the order it
   * records them, so a dense array serves; ids far beyond those recorded so far (a hostile file)
   * go to a Map instead of growing the array without bound.
   */
  private denseSlot = new Int32Array(1024).fill(-1);
  private readonly sparseSlot = new Map<number, number>();
  private recorded = 0;
  /** The ready queue: a ring of slots. */
  private ring = new Int32Array(64);
  private head = 0;
  private readyCount = 0;
  /** The timer heap: slots, ordered by when (heapq). */
  private heap: number[] = [];
  private readonly timerLess = (a: number, b: number): boolean => (this.slots.when[a] as number) < (this.slots.when[b] as number);

  /** Tasks. `info` may be shared with a model (it is only appended to). */
  info: TaskInfo;
  tasks: TaskColumns;
  private capacity: number;
  /** Renames in stream order (the builder keeps the log; a cursor reads it). */
  renames: { position: number[]; task: number[]; name: number[] } | null;

  constructor(options: { info?: TaskInfo; taskCapacity?: number; logRenames?: boolean } = {}) {
    this.capacity = Math.max(16, options.taskCapacity ?? options.info?.creator.length ?? 16);
    this.info = options.info ?? {
      creator: new Int32Array(this.capacity),
      coro: new Int32Array(this.capacity),
      via: new Int32Array(this.capacity),
      createdAtLine: new Int32Array(this.capacity),
      initialName: new Int32Array(this.capacity),
    };
    this.tasks = newTaskColumns(this.capacity);
    this.renames = options.logRenames === true ? { position: [], task: [], name: [] } : null;
  }

  // ----- the events (the same rules as TraceReplay.apply) -----

  tick(_position: number, index: number, _ntodo: number, _due: number, _before: number, after: number): void {
    this.tickIndex = index;
    this.time = after;
    this.dropCancelledTimers();
  }

  timerDue(_position: number, handle: number): void {
    if (this.heap.length === 0) throw new TraceFormatError(`tick ${this.tickIndex}: timer ${handle} is due but the heap is empty`);
    const slot = heappop(this.heap, this.timerLess);
    const id = this.slots.handle[slot] as number;
    if (id !== handle) throw new TraceFormatError(`tick ${this.tickIndex}: timer ${handle} due, replay expected ${id}`);
    this.slots.scheduled[slot] = 0;
    this.enqueue(slot);
  }

  queueStep(_position: number, handle: number, task: number): void {
    this.queueTask(handle, task, HandleKind.step, -1);
  }

  queueWakeup(_position: number, handle: number, task: number, future: number): void {
    this.queueTask(handle, task, HandleKind.wakeup, future);
  }

  private queueTask(handle: number, task: number, kind: number, future: number): void {
    this.checkTask(task);
    const slot = this.record(handle, kind, task, -1);
    this.slots.future[slot] = future;
    this.enqueue(slot);
    this.tasks.state[task] = TaskState.ready;
    this.tasks.waitPos[task] = -1;
    this.tasks.waitTimed[task] = 0;
  }

  queueCallback(_position: number, handle: number, label: number, future: number): void {
    const slot = this.record(handle, HandleKind.callback, -1, label);
    this.slots.future[slot] = future;
    this.enqueue(slot);
  }

  timer(_position: number, handle: number, label: number, owner: number, when: number): void {
    const slot = this.record(handle, HandleKind.callback, -1, label);
    this.slots.timed[slot] = 1;
    this.slots.when[slot] = when;
    this.slots.owner[slot] = owner;
    this.slots.scheduled[slot] = 1;
    heappush(this.heap, slot, this.timerLess);
  }

  cancel(_position: number, handle: number): void {
    const slot = this.slotOf(handle);
    if (slot === -1 || this.slots.cancelled[slot] === 1) return;
    this.slots.cancelled[slot] = 1;
    if (this.slots.scheduled[slot] === 1) this.timerCancelledCount++;
  }

  run(_position: number, handle: number): void {
    const slot = this.dequeue(handle, 'run');
    this.step++;
    const task = this.slots.task[slot] as number;
    if (task !== -1) {
      this.checkTask(task);
      this.tasks.state[task] = TaskState.running;
    }
    this.releaseAfterRun(slot, handle);
  }

  skip(_position: number, handle: number): void {
    this.releaseAfterRun(this.dequeue(handle, 'skip'), handle);
  }

  taskNew(_position: number, task: number, creator: number, name: number, coro: number, line: number, via: number): void {
    if (task !== this.taskCount) throw new TraceFormatError(`task ${task} is created out of order (expected task ${this.taskCount})`);
    if (task >= this.capacity) this.growTasks(task + 1);
    this.taskCount = task + 1;
    const info = this.info;
    info.creator[task] = creator;
    info.coro[task] = coro;
    info.via[task] = via;
    info.createdAtLine[task] = line;
    info.initialName[task] = name;
    const t = this.tasks;
    t.state[task] = TaskState.ready;
    t.line[task] = line;
    t.name[task] = name;
    t.exception[task] = -1;
    t.stackPos[task] = -1;
    t.waitOutcome[task] = -1;
    t.waitPos[task] = -1;
    t.waitTimed[task] = 0;
  }

  taskRename(position: number, task: number, name: number): void {
    this.checkTask(task);
    this.tasks.name[task] = name;
    if (this.renames !== null) {
      this.renames.position.push(position);
      this.renames.task.push(task);
      this.renames.name.push(name);
    }
  }

  suspend(position: number, task: number, future: number, kind: number, objectId: number, _label: number, line: number): void {
    this.checkTask(task);
    if (kind < 0 || kind >= WAIT_KINDS.length) throw new TraceFormatError(`unknown wait kind at ${position}`);
    const t = this.tasks;
    t.state[task] = TaskState.waiting;
    t.waitPos[task] = position;
    // A sleep's label names its deadline, and a simulated I/O wait's its latency and answer, when
    // the timer is still there to say it (TraceReplay's rule).
    const slot = kind === SLEEP || kind === IO ? this.slotOf(objectId) : -1;
    const timed = slot !== -1 && this.slots.timed[slot] === 1;
    t.waitTimed[task] = timed ? 1 : 0;
    t.waitUntil[task] = timed ? (this.slots.when[slot] as number) : 0;
    t.waitSince[task] = this.time;
    t.waitOutcome[task] = kind === IO ? (this.ioOutcomes.get(future) ?? -1) : -1;
    if (kind === IO) this.ioOutcomes.delete(future);
    t.stackPos[task] = -1;
    t.line[task] = line;
  }

  yield(_position: number, task: number, line: number): void {
    this.checkTask(task);
    this.tasks.line[task] = line;
    this.tasks.stackPos[task] = -1;
  }

  /** The suspension or yield just before was inside these callers (TraceReplay's `callers`). */
  stack(position: number, task: number): void {
    this.checkTask(task);
    this.tasks.stackPos[task] = position;
  }

  /** What a simulated I/O wait will answer, by its future, until a task waits on it. */
  io(_position: number, future: number, _description: number, outcome: number): void {
    this.ioOutcomes.set(future, outcome);
  }

  warning(): void {}

  other(): void {}

  futureDone(): void {}

  taskDone(_position: number, task: number, outcome: number, exception: number, _byHandle?: number): void {
    this.checkTask(task);
    const t = this.tasks;
    t.state[task] = outcome === FutureOutcome.Cancelled ? TaskState.cancelled : outcome === FutureOutcome.Exception ? TaskState.failed : TaskState.done;
    t.exception[task] = exception;
    t.waitPos[task] = -1;
    t.waitTimed[task] = 0;
    t.stackPos[task] = -1;
  }

  output(): void {
    this.outputs++;
  }

  block(_position: number, _task: number, _seconds: number, timeAfter: number): void {
    this.time = timeAfter;
  }

  log(): void {}

  // What threads and stderr show is in the printed lines, not in the loop's state.
  stderr(): void {}

  threadNew(): void {}

  threadJob(): void {}

  threadOutput(): void {}

  // ----- queues -----

  private slotOf(handle: number): number {
    if (handle >= 0 && handle < this.denseSlot.length) return this.denseSlot[handle] as number;
    return this.sparseSlot.get(handle) ?? -1;
  }

  private setSlot(handle: number, slot: number): void {
    if (handle >= 0 && handle < 4 * this.recorded + 65536) {
      if (handle >= this.denseSlot.length) {
        let size = this.denseSlot.length * 2;
        while (size <= handle) size *= 2;
        const grown = new Int32Array(size).fill(-1);
        grown.set(this.denseSlot);
        this.denseSlot = grown;
      }
      this.denseSlot[handle] = slot;
    } else {
      this.sparseSlot.set(handle, slot);
    }
  }

  private clearSlot(handle: number): void {
    if (handle >= 0 && handle < this.denseSlot.length) this.denseSlot[handle] = -1;
    else this.sparseSlot.delete(handle);
  }

  private checkTask(task: number): void {
    if (!(task >= 0 && task < this.taskCount)) throw new TraceFormatError(`task ${task} is used before it is created`);
  }

  private record(handle: number, kind: number, task: number, label: number): number {
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      slot = this.usedSlots++;
      if (slot >= this.slots.handle.length) this.growSlots();
    }
    const s = this.slots;
    s.handle[slot] = handle;
    s.kind[slot] = kind;
    s.task[slot] = task;
    s.label[slot] = label;
    s.future[slot] = -1;
    s.timed[slot] = 0;
    s.when[slot] = 0;
    s.cancelled[slot] = 0;
    s.owner[slot] = -1;
    s.scheduled[slot] = 0;
    this.recorded++;
    this.setSlot(handle, slot);
    return slot;
  }

  private growSlots(): void {
    const s = this.slots;
    const size = s.handle.length * 2;
    this.slots = {
      handle: grown(s.handle, size, 0),
      kind: grown(s.kind, size, 0),
      task: grown(s.task, size, 0),
      label: grown(s.label, size, 0),
      future: grown(s.future, size, 0),
      timed: grown(s.timed, size, 0),
      when: grown(s.when, size, 0),
      cancelled: grown(s.cancelled, size, 0),
      owner: grown(s.owner, size, 0),
      scheduled: grown(s.scheduled, size, 0),
    };
  }

  private growTasks(needed: number): void {
    let size = this.capacity * 2;
    while (size < needed) size *= 2;
    const i = this.info;
    if (i.creator.length < size) {
      this.info = {
        creator: grown(i.creator, size, 0),
        coro: grown(i.coro, size, 0),
        via: grown(i.via, size, 0),
        createdAtLine: grown(i.createdAtLine, size, 0),
        initialName: grown(i.initialName, size, 0),
      };
    }
    const t = this.tasks;
    this.tasks = {
      state: grown(t.state, size, TaskState.none),
      line: grown(t.line, size, 0),
      name: grown(t.name, size, 0),
      exception: grown(t.exception, size, -1),
      waitPos: grown(t.waitPos, size, -1),
      waitTimed: grown(t.waitTimed, size, 0),
      waitUntil: grown(t.waitUntil, size, 0),
      waitSince: grown(t.waitSince, size, 0),
      waitOutcome: grown(t.waitOutcome, size, -1),
      stackPos: grown(t.stackPos, size, -1),
    };
    this.capacity = size;
  }

  private enqueue(slot: number): void {
    if (this.readyCount === this.ring.length) {
      const ring = new Int32Array(this.ring.length * 2);
      for (let k = 0; k < this.readyCount; k++) ring[k] = this.ring[(this.head + k) % this.ring.length] as number;
      this.ring = ring;
      this.head = 0;
    }
    this.ring[(this.head + this.readyCount) % this.ring.length] = slot;
    this.readyCount++;
  }

  /** The slot at the front of the ready queue, which must hold `handle`; taken off the queue. */
  private dequeue(handle: number, what: string): number {
    const slot = this.readyCount === 0 ? -1 : (this.ring[this.head] as number);
    const id = slot === -1 ? null : (this.slots.handle[slot] as number);
    if (id !== handle) throw new TraceFormatError(`${what} of handle ${handle}, but the ready queue starts with ${id ?? 'nothing'}`);
    this.head = (this.head + 1) % this.ring.length;
    this.readyCount--;
    return slot;
  }

  /** A handle that ran (or was skipped) is forgotten, unless it is also in the heap. */
  private releaseAfterRun(slot: number, handle: number): void {
    if (this.slots.scheduled[slot] === 1) return;
    this.clearSlot(handle);
    this.freeSlots.push(slot);
  }

  /** The head of _run_once: drop cancelled timers, rebuilding the heap when most are cancelled. */
  private dropCancelledTimers(): void {
    const heap = this.heap;
    const s = this.slots;
    if (heap.length > MIN_SCHEDULED_TIMER_HANDLES && this.timerCancelledCount / heap.length > 0.5) {
      const kept: number[] = [];
      for (const slot of heap) {
        if (s.cancelled[slot] === 1) this.dropTimer(slot);
        else kept.push(slot);
      }
      heapify(kept, this.timerLess);
      this.heap = kept;
      this.timerCancelledCount = 0;
    } else {
      while (heap.length > 0 && s.cancelled[heap[0] as number] === 1) {
        this.timerCancelledCount--;
        this.dropTimer(heappop(heap, this.timerLess));
      }
    }
  }

  private dropTimer(slot: number): void {
    this.slots.scheduled[slot] = 0;
    this.clearSlot(this.slots.handle[slot] as number);
    this.freeSlots.push(slot);
  }

  // ----- checkpoints -----

  /** The replay as it stands, at stream offsets `word` and `float` (just before a Run). */
  checkpoint(word: number, float: number): Checkpoint {
    const t = this.tasks;
    let liveCount = 0;
    for (let task = 0; task < this.taskCount; task++) if ((t.state[task] as number) < TaskState.done) liveCount++;
    const liveSerials = new Int32Array(liveCount);
    const live = newTaskColumns(liveCount);
    let k = 0;
    for (let task = 0; task < this.taskCount; task++) {
      if ((t.state[task] as number) >= TaskState.done) continue;
      liveSerials[k] = task;
      live.state[k] = t.state[task] as number;
      live.line[k] = t.line[task] as number;
      live.name[k] = t.name[task] as number;
      live.exception[k] = t.exception[task] as number;
      live.waitPos[k] = t.waitPos[task] as number;
      live.waitTimed[k] = t.waitTimed[task] as number;
      live.waitUntil[k] = t.waitUntil[task] as number;
      live.waitSince[k] = t.waitSince[task] as number;
      live.waitOutcome[k] = t.waitOutcome[task] as number;
      live.stackPos[k] = t.stackPos[task] as number;
      k++;
    }
    const readySlots = new Int32Array(this.readyCount);
    for (let r = 0; r < this.readyCount; r++) readySlots[r] = this.ring[(this.head + r) % this.ring.length] as number;
    return {
      word,
      float,
      step: this.step,
      tick: this.tickIndex,
      time: this.time,
      outputs: this.outputs,
      timerCancelledCount: this.timerCancelledCount,
      taskCount: this.taskCount,
      liveSerials,
      live,
      ready: rowsOf(this.slots, readySlots, this.readyCount),
      heap: rowsOf(this.slots, this.heap, this.heap.length),
    };
  }

  /**
   * Continue from a checkpoint. `final` is the state of every task at the end of the stream (a task
   * that had ended by the checkpoint is read from there), `renames` the rename log.
   */
  restore(checkpoint: Checkpoint, final: TaskColumns, renames: RenameLog): void {
    this.step = checkpoint.step;
    this.tickIndex = checkpoint.tick;
    this.time = checkpoint.time;
    this.outputs = checkpoint.outputs;
    this.timerCancelledCount = checkpoint.timerCancelledCount;
    this.ioOutcomes.clear();
    const count = checkpoint.taskCount;
    if (count > this.capacity) this.growTasks(count);
    const t = this.tasks;
    t.state.set(final.state.subarray(0, count));
    t.state.fill(TaskState.none, count, Math.max(count, this.taskCount));
    t.line.set(final.line.subarray(0, count));
    t.exception.set(final.exception.subarray(0, count));
    t.waitPos.set(final.waitPos.subarray(0, count));
    t.waitTimed.set(final.waitTimed.subarray(0, count));
    t.waitUntil.set(final.waitUntil.subarray(0, count));
    t.waitSince.set(final.waitSince.subarray(0, count));
    t.waitOutcome.set(final.waitOutcome.subarray(0, count));
    t.stackPos.set(final.stackPos.subarray(0, count));
    t.name.set(this.info.initialName.subarray(0, count));
    this.taskCount = count;
    const live = checkpoint.live;
    for (let k = 0; k < checkpoint.liveSerials.length; k++) {
      const task = checkpoint.liveSerials[k] as number;
      t.state[task] = live.state[k] as number;
      t.line[task] = live.line[k] as number;
      t.exception[task] = live.exception[k] as number;
      t.waitPos[task] = live.waitPos[k] as number;
      t.waitTimed[task] = live.waitTimed[k] as number;
      t.waitUntil[task] = live.waitUntil[k] as number;
      t.waitSince[task] = live.waitSince[k] as number;
      t.waitOutcome[task] = live.waitOutcome[k] as number;
      t.stackPos[task] = live.stackPos[k] as number;
    }
    for (let r = 0; r < renames.position.length && (renames.position[r] as number) < checkpoint.word; r++) {
      t.name[renames.task[r] as number] = renames.name[r] as number;
    }
    // The queues: fresh slots for every handle of the checkpoint.
    this.denseSlot.fill(-1);
    this.sparseSlot.clear();
    this.freeSlots = [];
    this.usedSlots = 0;
    const readyRows = checkpoint.ready;
    const heapRows = checkpoint.heap;
    const needed = readyRows.handle.length + heapRows.handle.length;
    while (this.slots.handle.length < needed) this.growSlots();
    if (this.ring.length < readyRows.handle.length) this.ring = new Int32Array(Math.max(64, readyRows.handle.length * 2));
    this.head = 0;
    this.readyCount = 0;
    for (const rows of [readyRows, heapRows]) for (const handle of rows.handle) this.recorded = Math.max(this.recorded, handle);
    for (let r = 0; r < readyRows.handle.length; r++) this.enqueue(this.restoreRow(readyRows, r));
    this.heap = [];
    for (let r = 0; r < heapRows.handle.length; r++) this.heap.push(this.restoreRow(heapRows, r));
  }

  private restoreRow(rows: HandleRows, r: number): number {
    const slot = this.usedSlots++;
    const s = this.slots;
    s.handle[slot] = rows.handle[r] as number;
    s.kind[slot] = rows.kind[r] as number;
    s.task[slot] = rows.task[r] as number;
    s.label[slot] = rows.label[r] as number;
    s.future[slot] = rows.future[r] as number;
    s.timed[slot] = rows.timed[r] as number;
    s.when[slot] = rows.when[r] as number;
    s.cancelled[slot] = rows.cancelled[r] as number;
    s.owner[slot] = rows.owner[r] as number;
    s.scheduled[slot] = rows.scheduled[r] as number;
    this.setSlot(rows.handle[r] as number, slot);
    return slot;
  }

  /** Every task's changing columns, trimmed to the tasks created (the "final" state of a model). */
  taskColumns(): TaskColumns {
    const n = this.taskCount;
    const t = this.tasks;
    return {
      state: t.state.slice(0, n),
      line: t.line.slice(0, n),
      name: t.name.slice(0, n),
      exception: t.exception.slice(0, n),
      waitPos: t.waitPos.slice(0, n),
      waitTimed: t.waitTimed.slice(0, n),
      waitUntil: t.waitUntil.slice(0, n),
      waitSince: t.waitSince.slice(0, n),
      waitOutcome: t.waitOutcome.slice(0, n),
      stackPos: t.stackPos.slice(0, n),
    };
  }

  /** The task info columns, trimmed to the tasks created. */
  taskInfo(): TaskInfo {
    const n = this.taskCount;
    const i = this.info;
    return {
      creator: i.creator.slice(0, n),
      coro: i.coro.slice(0, n),
      via: i.via.slice(0, n),
      createdAtLine: i.createdAtLine.slice(0, n),
      initialName: i.initialName.slice(0, n),
    };
  }

  /** The slot of the handle at the front of the ready queue, or -1. */
  peekSlot(): number {
    return this.readyCount === 0 ? -1 : (this.ring[this.head] as number);
  }

  /** The task a queued handle belongs to (-1: a callback), its kind and label. */
  slotTask(slot: number): number {
    return this.slots.task[slot] as number;
  }
  slotKind(slot: number): number {
    return this.slots.kind[slot] as number;
  }
  slotLabel(slot: number): number {
    return this.slots.label[slot] as number;
  }

  /** The deadline of a live timer (it may be NaN or Infinity), or undefined when there is none. */
  timerWhen(handle: number): number | undefined {
    const slot = this.slotOf(handle);
    return slot === -1 || this.slots.timed[slot] === 0 ? undefined : (this.slots.when[slot] as number);
  }

  // ----- reading the state (objects only for what is asked) -----

  /** The first `limit` entries of the ready queue, and how many there are. */
  readyEntries(limit: number, strings: readonly string[]): { entries: ReadyEntry[]; count: number } {
    const entries: ReadyEntry[] = [];
    const n = Math.min(limit, this.readyCount);
    for (let r = 0; r < n; r++) entries.push(this.entryOf(this.ring[(this.head + r) % this.ring.length] as number, strings));
    return { entries, count: this.readyCount };
  }

  private entryOf(slot: number, strings: readonly string[]): ReadyEntry {
    const s = this.slots;
    const kind = s.kind[slot] as number;
    return {
      handle: s.handle[slot] as number,
      kind: KIND_NAMES[kind] as ReadyEntry['kind'],
      task: s.task[slot] as number,
      label: kind === HandleKind.step ? 'Task.__step' : kind === HandleKind.wakeup ? 'Task.__wakeup' : (strings[s.label[slot] as number] as string),
      future: s.future[slot] as number,
      when: s.timed[slot] === 1 ? (s.when[slot] as number) : null,
      cancelled: s.cancelled[slot] === 1,
    };
  }

  /** The first `limit` timers in firing order (cancelled ones left out), and how many there are. */
  timerEntries(limit: number, strings: readonly string[]): { entries: TimerEntry[]; count: number } {
    const s = this.slots;
    let count = 0;
    for (const slot of this.heap) if (s.cancelled[slot] === 0) count++;
    const entries: TimerEntry[] = [];
    if (limit > 0 && count > 0) {
      const heap = this.heap.slice();
      while (heap.length > 0 && entries.length < limit) {
        const slot = heappop(heap, this.timerLess);
        if (s.cancelled[slot] === 0) {
          entries.push({ handle: s.handle[slot] as number, when: s.when[slot] as number, label: strings[s.label[slot] as number] as string, owner: s.owner[slot] as number });
        }
      }
    }
    return { entries, count };
  }

  /** Task `serial` as TraceReplay shows it; undefined before it is created. */
  taskView(serial: number, words: Int32Array, strings: readonly string[]): TaskView | undefined {
    if (!(serial >= 0 && serial < this.taskCount)) return undefined;
    const t = this.tasks;
    const i = this.info;
    const exception = t.exception[serial] as number;
    return {
      serial,
      name: strings[t.name[serial] as number] as string,
      coro: strings[i.coro[serial] as number] as string,
      creator: i.creator[serial] as number,
      createdAtLine: i.createdAtLine[serial] as number,
      via: strings[i.via[serial] as number] as string,
      state: STATE_NAMES[t.state[serial] as number] as TaskStateName,
      waitingFor: this.waitInfo(serial, words, strings),
      line: t.line[serial] as number,
      callers: this.callersOf(serial, words),
      exception: exception === -1 ? null : (strings[exception] as string),
    };
  }

  /** The lines of the callers' frames of its suspension, outermost first (a Stack event's lines but its last). */
  callersOf(serial: number, words: Int32Array): readonly number[] {
    const at = this.tasks.stackPos[serial] as number;
    if (at < 0) return NO_CALLERS;
    // A Stack event: op, task, count, then count (line, frame) pairs.
    const count = words[at + 2] as number;
    const lines: number[] = [];
    for (let k = 0; k < count - 1; k++) lines.push(words[at + 3 + 2 * k] as number);
    return lines;
  }

  private waitInfo(serial: number, words: Int32Array, strings: readonly string[]): WaitInfo | null {
    const at = this.tasks.waitPos[serial] as number;
    if (at < 0) return null;
    // A Suspend event: op, task, future, waitKind, objectId, label, line, count, ...blockers.
    const count = words[at + 7] as number;
    const blockers: number[] = new Array(count);
    for (let k = 0; k < count; k++) blockers[k] = words[at + 8 + k] as number;
    const wait: WaitInfo = {
      kind: WAIT_KINDS[words[at + 3] as number] as WaitInfo['kind'],
      objectId: words[at + 4] as number,
      label: this.waitLabel(serial, words, strings) as string,
      blockers,
    };
    if (this.tasks.waitTimed[serial] === 1) wait.until = this.tasks.waitUntil[serial] as number;
    return wait;
  }

  /** What task `serial` waits for (its WaitInfo's label), or null when it waits for nothing; no blockers are read. */
  waitLabel(serial: number, words: Int32Array, strings: readonly string[]): string | null {
    const at = this.tasks.waitPos[serial] as number;
    if (at < 0) return null;
    const label = strings[words[at + 5] as number] as string;
    if (this.tasks.waitTimed[serial] !== 1) return label;
    const until = this.tasks.waitUntil[serial] as number;
    const outcome = this.tasks.waitOutcome[serial] as number;
    return WAIT_KINDS[words[at + 3] as number] === 'sleep'
      ? `sleep until ${until.toFixed(3)}`
      : ioWaitLabel(label, until - (this.tasks.waitSince[serial] as number), outcome === -1 ? '' : (strings[outcome] as string));
  }

  /** The whole state, as TraceIndex.stateAt gives it. */
  snapshot(words: Int32Array, strings: readonly string[]): LoopState {
    const tasks: TaskView[] = [];
    for (let serial = 0; serial < this.taskCount; serial++) tasks.push(this.taskView(serial, words, strings) as TaskView);
    return {
      step: this.step,
      tick: this.tickIndex,
      time: this.time,
      ready: this.readyEntries(Infinity, strings).entries,
      timers: this.timerEntries(Infinity, strings).entries,
      tasks,
      outputs: this.outputs,
    };
  }
}
