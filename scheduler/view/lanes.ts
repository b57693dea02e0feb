/**
 * The task lanes, built as the events go by (model.ts describes the segments).
 *
 * A segment's place on the axes depends on how many steps share its tick, which is known only when
 * the tick is over, so segments are recorded by step and by which kind of point each end is, and
 * placed on the axis when drawn (segment-place.ts). Each end is one of:
 *   - a change point: a state entered during step b - 1 shows from the end of that step;
 *   - a boundary: a running segment starts where its step starts, and the segment before it ends there;
 *   - the end of the axis, for a state that lasts to the end of the run.
 */
import { ByteColumn, IntColumn } from './columns.ts';
import type { Lanes, StepAxis, TaskTable } from './model.ts';
import { TaskState } from './replay.ts';
import { SEGMENT_END } from './segment-place.ts';

const END_AT_CHANGE = SEGMENT_END.change;
const END_AT_BOUNDARY = SEGMENT_END.boundary;
const END_AT_DOMAIN_END = SEGMENT_END.domainEnd;

export class LaneBuilder {
  /** Closed segments, in the order they closed. */
  private readonly lane = new IntColumn(1024);
  private readonly from = new IntColumn(1024);
  private readonly to = new IntColumn(1024);
  private readonly state = new ByteColumn(1024);
  private readonly label = new IntColumn(1024);
  private readonly line = new IntColumn(1024);
  private readonly endKind = new ByteColumn(1024);
  /** Each task's open segment (openState none: no open segment). */
  private readonly openFrom = new IntColumn();
  private readonly openState = new ByteColumn();
  private readonly openLabel = new IntColumn();
  private readonly openLine = new IntColumn();
  private readonly createdAt = new IntColumn();

  readonly labels: string[] = [];
  private readonly labelIds = new Map<string, number>();
  private readonly sleepLabels = new Map<number, number>();
  /** The label id of each trace string used as a label (-1: not yet). */
  private traceLabel = new Int32Array(64).fill(-1);
  private readonly READY: number;
  private readonly RUNNING: number;
  private readonly DONE: number;
  private readonly CANCELLED: number;

  /** The boundary changes are made at: the step running now + 1. */
  private boundary = 0;

  constructor() {
    this.READY = this.intern('ready');
    this.RUNNING = this.intern('running');
    this.DONE = this.intern('done');
    this.CANCELLED = this.intern('cancelled');
  }

  intern(text: string): number {
    let id = this.labelIds.get(text);
    if (id === undefined) {
      id = this.labels.length;
      this.labels.push(text);
      this.labelIds.set(text, id);
    }
    return id;
  }

  /** The label of a sleep until `when` ("sleep until 1.000"): a long run has a few deadlines, many times over. */
  internSleep(when: number): number {
    let id = this.sleepLabels.get(when);
    if (id === undefined) {
      id = this.intern(`sleep until ${when.toFixed(3)}`);
      this.sleepLabels.set(when, id);
    }
    return id;
  }

  /** The label id of trace string `id` (whose text is `text`). */
  internTrace(id: number, text: string): number {
    if (id >= this.traceLabel.length) {
      let size = this.traceLabel.length * 2;
      while (size <= id) size *= 2;
      const grown = new Int32Array(size).fill(-1);
      grown.set(this.traceLabel);
      this.traceLabel = grown;
    }
    let label = this.traceLabel[id] as number;
    if (label === -1) {
      label = this.intern(text);
      this.traceLabel[id] = label;
    }
    return label;
  }

  private emit(task: number, from: number, state: number, label: number, line: number, to: number, endKind: number): void {
    this.lane.push(task);
    this.from.push(from);
    this.to.push(to);
    this.state.push(state);
    this.label.push(label);
    this.line.push(line);
    this.endKind.push(endKind);
  }

  /** The task enters a new state at the current boundary (a change made by the running step). */
  private enter(task: number, state: number, label: number, line: number): void {
    const boundary = this.boundary;
    const open = this.openState.get(task);
    if (open !== TaskState.none) {
      const from = this.openFrom.get(task);
      if (open === state && this.openLabel.get(task) === label && this.openLine.get(task) === line) return;
      if (from < boundary) {
        this.emit(task, from, open, this.openLabel.get(task), this.openLine.get(task), boundary, END_AT_CHANGE);
      } else if (from === boundary) {
        // Two changes within one step: only the last is visible.
        this.openState.set(task, state);
        this.openLabel.set(task, label);
        this.openLine.set(task, line);
        return;
      }
    }
    this.openFrom.set(task, boundary);
    this.openState.set(task, state);
    this.openLabel.set(task, label);
    this.openLine.set(task, line);
  }

  /** The line of a task's open segment, 0 when it has none. */
  private openLineOf(task: number): number {
    return this.openState.get(task) === TaskState.none ? 0 : this.openLine.get(task);
  }

  taskNew(task: number, line: number): void {
    // Tasks arrive in serial order (the replay checks it), so the columns grow by one.
    this.createdAt.push(this.boundary);
    this.openFrom.push(0);
    this.openState.push(TaskState.none);
    this.openLabel.push(0);
    this.openLine.push(0);
    this.enter(task, TaskState.ready, this.READY, line);
  }

  /** A Task.__step or __wakeup of `task` was queued. */
  queued(task: number): void {
    this.enter(task, TaskState.ready, this.READY, this.openLineOf(task));
  }

  /** Step `step` runs a handle of `task` (-1: a callback, which no lane shows). */
  run(step: number, task: number): void {
    this.boundary = step;
    if (task >= 0) {
      const open = this.openState.get(task);
      const resumeLine = this.openLineOf(task);
      if (open !== TaskState.none && this.openFrom.get(task) < step) {
        this.emit(task, this.openFrom.get(task), open, this.openLabel.get(task), this.openLine.get(task), step, END_AT_BOUNDARY);
      }
      this.emit(task, step, TaskState.running, this.RUNNING, resumeLine, step + 1, END_AT_CHANGE);
      this.openState.set(task, TaskState.none);
    }
    this.boundary = step + 1;
  }

  suspend(task: number, label: number, line: number): void {
    this.enter(task, TaskState.waiting, label, line);
  }

  /** The task ended: `state` is done, cancelled or failed; `failure` the label of a failure. */
  taskDone(task: number, state: number, failure: number): void {
    const label = state === TaskState.done ? this.DONE : state === TaskState.cancelled ? this.CANCELLED : failure;
    this.enter(task, state, label, this.openLineOf(task));
  }

  /**
   * The lanes of everything so far, on `axis` (the axis of the same events), with the tasks'
   * other columns. What is still open lasts to the end of the axes.
   */
  lanes(axis: StepAxis, tasks: Omit<TaskTable, 'createdAt' | 'endState' | 'endedAt'>): Lanes {
    const taskCount = tasks.count;
    const closed = this.lane.length;
    let open = 0;
    for (let t = 0; t < taskCount; t++) if (this.openState.get(t) !== TaskState.none) open++;
    const count = closed + open;

    // Counting sort by lane (stable, so each lane stays in step order); open segments go last.
    const laneStart = new Int32Array(taskCount + 1);
    const lanes = this.lane.view();
    for (let i = 0; i < closed; i++) laneStart[(lanes[i] as number) + 1]++;
    for (let t = 0; t < taskCount; t++) if (this.openState.get(t) !== TaskState.none) laneStart[t + 1]++;
    for (let t = 0; t < taskCount; t++) laneStart[t + 1] = (laneStart[t + 1] as number) + (laneStart[t] as number);
    const next = laneStart.slice(0, taskCount);

    const fromStep = new Int32Array(count);
    const toStep = new Int32Array(count);
    const state = new Uint8Array(count);
    const label = new Int32Array(count);
    const line = new Int32Array(count);
    // Segments in lane order, with how each one's end is placed (segment-place.ts).
    const endKind = new Uint8Array(count);
    const from = this.from.view();
    const to = this.to.view();
    const states = this.state.view();
    const labels = this.label.view();
    const lines = this.line.view();
    const ends = this.endKind.view();
    for (let i = 0; i < closed; i++) {
      const at = next[lanes[i] as number]++ as number;
      fromStep[at] = from[i] as number;
      toStep[at] = to[i] as number;
      state[at] = states[i] as number;
      label[at] = labels[i] as number;
      line[at] = lines[i] as number;
      endKind[at] = ends[i] as number;
    }
    for (let t = 0; t < taskCount; t++) {
      const s = this.openState.get(t);
      if (s === TaskState.none) continue;
      const at = next[t]++ as number;
      fromStep[at] = this.openFrom.get(t);
      toStep[at] = axis.steps + 1;
      state[at] = s;
      label[at] = this.openLabel.get(t);
      line[at] = this.openLine.get(t);
      endKind[at] = END_AT_DOMAIN_END;
    }

    const createdAt = this.createdAt.copy();
    const endState = new Uint8Array(taskCount);
    const endedAt = new Int32Array(taskCount);
    for (let t = 0; t < taskCount; t++) {
      const first = laneStart[t] as number;
      const last = (laneStart[t + 1] as number) - 1;
      if (last >= first) {
        endState[t] = state[last] as number;
        endedAt[t] = fromStep[last] as number;
      } else {
        endState[t] = TaskState.ready;
        endedAt[t] = createdAt[t] as number;
      }
    }
    return {
      tasks: { ...tasks, createdAt, endState, endedAt },
      laneStart,
      fromStep,
      toStep,
      state,
      label,
      line,
      endKind,
      labels: this.labels.slice(),
      count,
    };
  }
}
