/**
 * The state of the loop at any step of a trace: the ready queue in order, the timers in the order
 * they will fire, and every task's state and what it waits for. This is what the renderer shows
 * "at the cursor".
 *
 * Step N means "just before the N-th handle runs" (N counts Run events from 0); step = trace.steps
 * is the end. The state is rebuilt by replaying events. The replay re-runs the timer heap with the
 * same heapq port as the loop, so it knows the real firing order of equal deadlines, and it checks
 * every Run and TimerDue against its own queues, so a trace that doesn't add up is an error rather
 * than a wrong picture. TraceIndex keeps checkpoints so that scrubbing stays cheap on long traces.
 */
import { heapify, heappop, heappush } from '../loop/heapq.ts';
import { forEachEvent, TraceFormatError, type TaskEnd, type TraceEvent, type WaitInfo } from './decode.ts';
import type { Trace } from './format.ts';
import { ioWaitLabel } from './io-label.ts';

export type TaskStateName = 'ready' | 'running' | 'waiting' | TaskEnd;

export interface ReadyEntry {
  handle: number;
  kind: 'step' | 'wakeup' | 'callback';
  /** The task a step or wakeup belongs to, or -1. */
  task: number;
  label: string;
  /** For wakeups and done callbacks: the future whose completion queued it. */
  future: number;
  /** A timer's deadline, when the handle came from the heap. */
  when: number | null;
  cancelled: boolean;
}

export interface TimerEntry {
  handle: number;
  when: number;
  label: string;
  /** The task that armed it, or -1. */
  owner: number;
}

export interface TaskView {
  serial: number;
  name: string;
  coro: string;
  creator: number;
  createdAtLine: number;
  via: string;
  state: TaskStateName;
  /** What a waiting task awaits. */
  waitingFor: WaitInfo | null;
  /** The line it is suspended at (or last ran), 0 when unknown. */
  line: number;
  /**
   * The lines of its callers' frames, outermost first, when it is suspended inside a coroutine it
   * awaited (`line` is the innermost); empty otherwise, and in version-1 traces.
   */
  callers?: readonly number[];
  exception: string | null;
}

export interface LoopState {
  step: number;
  tick: number;
  time: number;
  ready: ReadyEntry[];
  timers: TimerEntry[];
  tasks: TaskView[];
  /** Output events so far. */
  outputs: number;
}

/**
 * A cheap look at the state, for views that follow a cursor on long traces: the ready queue and
 * the timers cut to their first `limit` entries (with full counts), and the replay's own task
 * array, valid until the replay moves. A full snapshot copies every task at every step.
 */
export interface LoopView {
  step: number;
  tick: number;
  time: number;
  outputs: number;
  tasks: readonly Readonly<TaskView>[];
  ready: ReadyEntry[];
  readyCount: number;
  timers: TimerEntry[];
  timerCount: number;
}

interface HandleRecord extends ReadyEntry {
  owner: number;
  /** In the replayed heap. */
  scheduled: boolean;
}

const MIN_SCHEDULED_TIMER_HANDLES = 100;
const NO_CALLERS: readonly number[] = Object.freeze([]);
const timerLess = (a: HandleRecord, b: HandleRecord): boolean => (a.when as number) < (b.when as number);

/** A replay of the loop's queues, advanced one event at a time. */
export class TraceReplay {
  step = 0;
  tick = 0;
  time = 0;
  outputs = 0;
  private handles = new Map<number, HandleRecord>();
  private ready: HandleRecord[] = [];
  private readyHead = 0;
  private heap: HandleRecord[] = [];
  private timerCancelledCount = 0;
  private tasks: TaskView[] = [];
  /** What a simulated I/O wait will answer ("200 OK"), by its future, until a task waits on it. */
  private ioOutcomes = new Map<number, string>();

  apply(event: TraceEvent): void {
    switch (event.op) {
      case 'tick':
        this.tick = event.index;
        this.time = event.timeAfter;
        this.dropCancelledTimers();
        for (const id of event.due) {
          if (this.heap.length === 0) throw new TraceFormatError(`tick ${event.index}: timer ${id} is due but the heap is empty`);
          const timer = heappop(this.heap, timerLess);
          if (timer.handle !== id) throw new TraceFormatError(`tick ${event.index}: timer ${id} due, replay expected ${timer.handle}`);
          timer.scheduled = false;
          this.ready.push(timer);
        }
        break;
      case 'queue-step':
      case 'queue-wakeup': {
        const task = this.task(event.task);
        const record = this.record(event.handle, event.op === 'queue-step' ? 'step' : 'wakeup', event.task, event.op === 'queue-step' ? 'Task.__step' : 'Task.__wakeup');
        if (event.op === 'queue-wakeup') record.future = event.future;
        this.ready.push(record);
        task.state = 'ready';
        task.waitingFor = null;
        break;
      }
      case 'queue-callback': {
        const record = this.record(event.handle, 'callback', -1, event.label);
        record.future = event.future;
        this.ready.push(record);
        break;
      }
      case 'timer': {
        const record = this.record(event.handle, 'callback', -1, event.label);
        record.when = event.when;
        record.owner = event.owner;
        record.scheduled = true;
        heappush(this.heap, record, timerLess);
        break;
      }
      case 'cancel': {
        const record = this.handles.get(event.handle);
        if (record === undefined || record.cancelled) break;
        record.cancelled = true;
        if (record.scheduled) this.timerCancelledCount++;
        break;
      }
      case 'run':
      case 'skip': {
        const head = this.ready[this.readyHead];
        if (head === undefined || head.handle !== event.handle) {
          throw new TraceFormatError(`${event.op} of handle ${event.handle}, but the ready queue starts with ${head?.handle ?? 'nothing'}`);
        }
        this.ready[this.readyHead++] = undefined as unknown as HandleRecord;
        if (this.readyHead > 1024 && this.readyHead * 2 > this.ready.length) {
          this.ready = this.ready.slice(this.readyHead);
          this.readyHead = 0;
        }
        if (!head.scheduled) this.handles.delete(head.handle);
        if (event.op === 'run') {
          this.step = event.step + 1;
          if (head.task !== -1) this.task(head.task).state = 'running';
        }
        break;
      }
      case 'task-new':
        this.tasks[event.task] = {
          serial: event.task,
          name: event.name,
          coro: event.coro,
          creator: event.creator,
          createdAtLine: event.line,
          via: event.via,
          state: 'ready',
          waitingFor: null,
          line: event.line,
          callers: NO_CALLERS,
          exception: null,
        };
        break;
      case 'task-rename':
        this.task(event.task).name = event.name;
        break;
      case 'suspend': {
        const task = this.task(event.task);
        task.state = 'waiting';
        task.waitingFor = event.wait;
        if (event.wait.kind === 'sleep' || event.wait.kind === 'io') {
          const timer = this.handles.get(event.wait.objectId);
          if (timer?.when != null) {
            const outcome = this.ioOutcomes.get(event.future);
            const label = event.wait.kind === 'sleep' ? `sleep until ${timer.when.toFixed(3)}` : ioWaitLabel(event.wait.label, timer.when - this.time, outcome ?? '');
            task.waitingFor = { ...event.wait, label, until: timer.when };
          }
        }
        task.line = event.line;
        task.callers = NO_CALLERS;
        break;
      }
      case 'yield': {
        const task = this.task(event.task);
        task.line = event.line;
        task.callers = NO_CALLERS;
        break;
      }
      case 'stack':
        // The suspension just before was inside these callers (the last line is its own).
        this.task(event.task).callers = event.lines.slice(0, -1);
        break;
      case 'task-done': {
        const task = this.task(event.task);
        task.state = event.outcome;
        task.exception = event.exception;
        task.waitingFor = null;
        task.callers = NO_CALLERS;
        break;
      }
      case 'output':
        this.outputs++;
        break;
      case 'block':
        this.time = event.timeAfter;
        break;
      case 'io':
        this.ioOutcomes.set(event.future, event.outcome);
        break;
      default:
        // future-done, log and the causes: nothing the queues or the task states show.
        break;
    }
  }

  /** The head of _run_once: drop cancelled timers, rebuilding the heap when most are cancelled. */
  private dropCancelledTimers(): void {
    const heap = this.heap;
    if (heap.length > MIN_SCHEDULED_TIMER_HANDLES && this.timerCancelledCount / heap.length > 0.5) {
      const kept: HandleRecord[] = [];
      for (const timer of heap) {
        if (timer.cancelled) {
          timer.scheduled = false;
          this.handles.delete(timer.handle);
        } else kept.push(timer);
      }
      heapify(kept, timerLess);
      this.heap = kept;
      this.timerCancelledCount = 0;
    } else {
      while (heap.length > 0 && (heap[0] as HandleRecord).cancelled) {
        this.timerCancelledCount--;
        const timer = heappop(heap, timerLess);
        timer.scheduled = false;
        this.handles.delete(timer.handle);
      }
    }
  }

  private record(handle: number, kind: ReadyEntry['kind'], task: number, label: string): HandleRecord {
    const record: HandleRecord = { handle, kind, task, label, future: -1, when: null, cancelled: false, owner: -1, scheduled: false };
    this.handles.set(handle, record);
    return record;
  }

  private task(serial: number): TaskView {
    const task = this.tasks[serial];
    if (task === undefined) throw new TraceFormatError(`task ${serial} is used before it is created`);
    return task;
  }

  /** The first `limit` ready handles and timers (see LoopView); tasks are not copied. */
  view(limit: number): LoopView {
    const ready: ReadyEntry[] = [];
    for (let i = this.readyHead; i < this.ready.length && ready.length < limit; i++) {
      const r = this.ready[i] as HandleRecord;
      ready.push({ handle: r.handle, kind: r.kind, task: r.task, label: r.label, future: r.future, when: r.when, cancelled: r.cancelled });
    }
    let timerCount = 0;
    for (const timer of this.heap) if (!timer.cancelled) timerCount++;
    const timers: TimerEntry[] = [];
    if (limit > 0 && timerCount > 0) {
      const heap = this.heap.slice();
      while (heap.length > 0 && timers.length < limit) {
        const t = heappop(heap, timerLess);
        if (!t.cancelled) timers.push({ handle: t.handle, when: t.when as number, label: t.label, owner: t.owner });
      }
    }
    return {
      step: this.step,
      tick: this.tick,
      time: this.time,
      outputs: this.outputs,
      tasks: this.tasks,
      ready,
      readyCount: this.ready.length - this.readyHead,
      timers,
      timerCount,
    };
  }

  /** A copy of the state, safe to keep while the replay moves on: the whole view, tasks copied. */
  snapshot(): LoopState {
    const { step, tick, time, outputs, ready, timers } = this.view(Infinity);
    return {
      step,
      tick,
      time,
      ready,
      timers,
      tasks: this.tasks.map((task) => ({ ...task, waitingFor: task.waitingFor === null ? null : { ...task.waitingFor, blockers: task.waitingFor.blockers.slice() } })),
      outputs,
    };
  }

  /** An independent copy of the replay, for checkpoints. */
  clone(): TraceReplay {
    const copy = new TraceReplay();
    copy.step = this.step;
    copy.tick = this.tick;
    copy.time = this.time;
    copy.outputs = this.outputs;
    copy.timerCancelledCount = this.timerCancelledCount;
    const copies = new Map<HandleRecord, HandleRecord>();
    const copyOf = (record: HandleRecord): HandleRecord => {
      let c = copies.get(record);
      if (c === undefined) {
        c = { ...record };
        copies.set(record, c);
      }
      return c;
    };
    for (const [id, record] of this.handles) copy.handles.set(id, copyOf(record));
    copy.ready = this.ready.slice(this.readyHead).map(copyOf);
    copy.heap = this.heap.map(copyOf);
    copy.tasks = this.tasks.map((task) => ({ ...task }));
    copy.ioOutcomes = new Map(this.ioOutcomes);
    return copy;
  }
}

/**
 * Random access to the state at any step. Checkpoints are taken every `interval` steps during one
 * pass over the trace; a query replays at most one interval from the nearest checkpoint.
 */
export class TraceIndex {
  private readonly events: TraceEvent[] = [];
  /** Index into `events` of each step's Run event. */
  private readonly runAt: number[] = [];
  private readonly checkpoints: { eventIndex: number; replay: TraceReplay }[] = [];
  readonly interval: number;

  constructor(readonly trace: Trace, checkpoints = 32) {
    forEachEvent(trace, (event) => {
      if (event.op === 'run') this.runAt.push(this.events.length);
      this.events.push(event);
    });
    this.interval = Math.max(256, Math.ceil(this.runAt.length / checkpoints));
    const replay = new TraceReplay();
    this.checkpoints.push({ eventIndex: 0, replay: replay.clone() });
    for (let e = 0; e < this.events.length; e++) {
      const event = this.events[e] as TraceEvent;
      if (event.op === 'run' && event.step > 0 && event.step % this.interval === 0) {
        this.checkpoints.push({ eventIndex: e, replay: replay.clone() });
      }
      replay.apply(event);
    }
  }

  get steps(): number {
    return this.runAt.length;
  }

  /** The state just before step `step` runs (0 ≤ step ≤ steps; `steps` is the end of the run). */
  stateAt(step: number): LoopState {
    if (!Number.isInteger(step) || step < 0 || step > this.steps) {
      throw new RangeError(`step ${step} is outside 0..${this.steps}`);
    }
    const stopAt = step === this.steps ? this.events.length : (this.runAt[step] as number);
    let checkpoint = this.checkpoints[0] as { eventIndex: number; replay: TraceReplay };
    for (const candidate of this.checkpoints) {
      if (candidate.eventIndex <= stopAt) checkpoint = candidate;
      else break;
    }
    const replay = checkpoint.replay.clone();
    for (let e = checkpoint.eventIndex; e < stopAt; e++) replay.apply(this.events[e] as TraceEvent);
    return replay.snapshot();
  }

  /** Every decoded event, in order. */
  allEvents(): readonly TraceEvent[] {
    return this.events;
  }
}

/** The state at one step, replaying from the start: the reference the index must agree with. */
export function replayTo(trace: Trace, step: number): LoopState {
  const replay = new TraceReplay();
  let done = false;
  forEachEvent(trace, (event) => {
    if (done) return;
    if (event.op === 'run' && event.step === step) {
      done = true;
      return;
    }
    replay.apply(event);
  });
  return replay.snapshot();
}
