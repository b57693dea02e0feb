/**
 * Task lanes: for every task, the run of states it goes through, as segments placed on both axes.
 *
 * Segment semantics (steps.ts explains boundaries):
 *   - `running` covers exactly one step: { fromStep: s, toStep: s + 1 }, drawn over that step.
 *   - every other state holds at the cursor positions fromStep <= N < toStep, the same answer
 *     `TraceIndex.stateAt(N)` gives, except at the boundary where the task is about to run (there
 *     stateAt says `ready`, and the running segment starts). It is drawn from the end of the step
 *     that caused it to the start of the next segment.
 *   - a terminal state (done, cancelled, failed) lasts to the end: toStep = steps + 1.
 * A change made during step s becomes visible at boundary s + 1, as in the trace replay.
 *
 * Segments live in typed columns sorted by lane, so a 10,000-task trace costs a few megabytes and
 * a view finds what is visible by binary search.
 */
import { forEachEvent } from '../../scheduler/trace/decode.ts';
import type { Trace } from '../../scheduler/trace/format.ts';
import type { TaskStateName } from '../../scheduler/trace/state.ts';
import type { AxisKind, StepAxis } from './steps.ts';
import { SEGMENT_END, segmentEnd, segmentStart } from '../../scheduler/view/segment-place.ts';
import { ioWaitLabel } from '../../scheduler/trace/io-label.ts';

export const STATES: readonly TaskStateName[] = ['ready', 'running', 'waiting', 'done', 'cancelled', 'failed'];
export const STATE_CODE: Record<TaskStateName, number> = { ready: 0, running: 1, waiting: 2, done: 3, cancelled: 4, failed: 5 };
export const isTerminal = (code: number): boolean => code >= 3;

export interface Segment {
  fromStep: number;
  toStep: number;
  state: TaskStateName;
  /** What a waiting task awaits ("sleep until 1.000", "Lock#1 (held by Task-3)"), or a short word. */
  label: string;
  /** The source line (suspended tasks: their await; others 0 when unknown). */
  line: number;
  /** Extent on the tick axis and on the time axis. */
  tick: [number, number];
  time: [number, number];
}

export interface LaneTask {
  serial: number;
  /** The name it ends with (renames are rare; the state panel shows the name at the cursor). */
  name: string;
  coro: string;
  creator: number;
  /** Boundary from which the task exists. */
  createdAt: number;
  createdAtLine: number;
  via: string;
  /** Its last state, and the boundary where that began. */
  endState: TaskStateName;
  endedAt: number;
  exception: string | null;
}

export interface Lanes {
  tasks: LaneTask[];
  /** Segments of task t are indices laneStart[t] .. laneStart[t + 1] - 1, in order. */
  laneStart: Int32Array;
  fromStep: Int32Array;
  toStep: Int32Array;
  state: Uint8Array;
  /** Index into `labels`. */
  label: Int32Array;
  line: Int32Array;
  /** How each segment's end is placed on the axes (segment-place.ts: segmentStart, segmentEnd). */
  endKind: Uint8Array;
  labels: string[];
  /** Number of segments. */
  count: number;
}

interface Open {
  from: number;
  state: number;
  label: number;
  line: number;
}

export function buildLanes(trace: Trace, axis: StepAxis): Lanes {
  const steps = axis.steps;
  const tasks: LaneTask[] = [];
  const open: (Open | null)[] = [];
  const labels: string[] = [];
  const labelIds = new Map<string, number>();
  const intern = (text: string): number => {
    let id = labelIds.get(text);
    if (id === undefined) {
      id = labels.length;
      labels.push(text);
      labelIds.set(text, id);
    }
    return id;
  };
  const READY = intern('ready');
  const RUNNING = intern('running');
  const DONE = intern('done');
  const CANCELLED = intern('cancelled');

  // Unsorted columns, in the order segments close.
  const lane: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const state: number[] = [];
  const label: number[] = [];
  const line: number[] = [];
  const endKind: number[] = [];
  const emit = (task: number, o: Open, toStep: number, end: number): void => {
    lane.push(task);
    from.push(o.from);
    to.push(toStep);
    state.push(o.state);
    label.push(o.label);
    line.push(o.line);
    endKind.push(end);
  };

  let boundary = 0;
  const handleTask = new Map<number, number>();
  const timerWhen = new Map<number, number>();
  const ioOutcome = new Map<number, string>();
  /** The clock at this point of the stream (as the state replay has it). */
  let clock = 0;

  /** The task enters a new state at the current boundary (a change made by the running step). */
  const enter = (task: number, code: number, labelId: number, atLine: number): void => {
    const current = open[task] ?? null;
    if (current !== null) {
      if (current.state === code && current.label === labelId && current.line === atLine) return;
      if (current.from < boundary) emit(task, current, boundary, SEGMENT_END.change);
      else if (current.from === boundary) {
        // Two changes within one step: only the last is visible.
        current.state = code;
        current.label = labelId;
        current.line = atLine;
        return;
      }
    }
    open[task] = { from: boundary, state: code, label: labelId, line: atLine };
  };

  forEachEvent(trace, (event) => {
    switch (event.op) {
      case 'task-new':
        tasks[event.task] = {
          serial: event.task,
          name: event.name,
          coro: event.coro,
          creator: event.creator,
          createdAt: boundary,
          createdAtLine: event.line,
          via: event.via,
          endState: 'ready',
          endedAt: boundary,
          exception: null,
        };
        open[event.task] = null;
        enter(event.task, STATE_CODE.ready, READY, event.line);
        break;
      case 'task-rename': {
        const task = tasks[event.task];
        if (task !== undefined) task.name = event.name;
        break;
      }
      case 'queue-step':
      case 'queue-wakeup':
        handleTask.set(event.handle, event.task);
        enter(event.task, STATE_CODE.ready, READY, open[event.task]?.line ?? 0);
        break;
      case 'timer':
        timerWhen.set(event.handle, event.when);
        break;
      case 'run': {
        const task = handleTask.get(event.handle);
        handleTask.delete(event.handle);
        const s = event.step;
        boundary = s;
        if (task !== undefined && task >= 0) {
          const current = open[task] ?? null;
          const resumeLine = current?.line ?? 0;
          if (current !== null && current.from < s) emit(task, current, s, SEGMENT_END.boundary);
          emit(task, { from: s, state: STATE_CODE.running, label: RUNNING, line: resumeLine }, s + 1, SEGMENT_END.change);
          open[task] = null;
        }
        boundary = s + 1;
        break;
      }
      case 'io':
        ioOutcome.set(event.future, event.outcome);
        break;
      case 'tick':
      case 'block':
        clock = event.timeAfter;
        break;
      case 'suspend': {
        let text = event.wait.label;
        if (event.wait.kind === 'sleep') {
          const when = timerWhen.get(event.wait.objectId);
          if (when !== undefined) text = `sleep until ${when.toFixed(3)}`;
        } else if (event.wait.kind === 'io') {
          // A simulated request: what it asks, how long the answer takes, and the answer.
          const when = timerWhen.get(event.wait.objectId);
          const outcome = ioOutcome.get(event.future);
          if (when !== undefined) text = ioWaitLabel(event.wait.label, when - clock, outcome ?? '');
          ioOutcome.delete(event.future);
        }
        enter(event.task, STATE_CODE.waiting, intern(text), event.line);
        break;
      }
      case 'task-done': {
        const code = STATE_CODE[event.outcome];
        const text = event.outcome === 'done' ? DONE : event.outcome === 'cancelled' ? CANCELLED : intern(event.exception ?? 'failed');
        enter(event.task, code, text, open[event.task]?.line ?? 0);
        const task = tasks[event.task];
        if (task !== undefined) task.exception = event.exception;
        break;
      }
      default:
        break;
    }
  });

  // Close what is still open at the end of the run; it lasts to the end of the axes.
  for (let t = 0; t < tasks.length; t++) {
    const o = open[t] ?? null;
    if (o !== null) emit(t, o, steps + 1, SEGMENT_END.domainEnd);
  }

  // Counting sort by lane (stable, so each lane stays in step order).
  const count = lane.length;
  const laneStart = new Int32Array(tasks.length + 1);
  for (let i = 0; i < count; i++) laneStart[(lane[i] as number) + 1]++;
  for (let t = 0; t < tasks.length; t++) laneStart[t + 1] = (laneStart[t + 1] as number) + (laneStart[t] as number);
  const next = laneStart.slice(0, tasks.length);
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[next[lane[i] as number]++] = i;
  const pick = <A extends Int32Array | Uint8Array | Float64Array>(Make: new (n: number) => A, column: number[]): A => {
    const out = new Make(count);
    for (let i = 0; i < count; i++) out[i] = column[order[i] as number] as number;
    return out;
  };

  const lanes: Lanes = {
    tasks,
    laneStart,
    fromStep: pick(Int32Array, from),
    toStep: pick(Int32Array, to),
    state: pick(Uint8Array, state),
    label: pick(Int32Array, label),
    line: pick(Int32Array, line),
    endKind: pick(Uint8Array, endKind),
    labels,
    count,
  };
  for (const task of tasks) {
    const last = (laneStart[task.serial + 1] as number) - 1;
    if (last >= (laneStart[task.serial] as number)) {
      task.endState = STATES[lanes.state[last] as number] as TaskStateName;
      task.endedAt = lanes.fromStep[last] as number;
    }
  }
  return lanes;
}

/** One lane's segments as objects (tests, tooltips, small traces). */
export function segmentsOf(lanes: Lanes, axis: StepAxis, task: number): Segment[] {
  const out: Segment[] = [];
  const end = lanes.laneStart[task + 1] ?? 0;
  for (let i = lanes.laneStart[task] ?? 0; i < end; i++) out.push(segmentAt(lanes, axis, i));
  return out;
}

export function segmentAt(lanes: Lanes, axis: StepAxis, i: number): Segment {
  return {
    fromStep: lanes.fromStep[i] as number,
    toStep: lanes.toStep[i] as number,
    state: STATES[lanes.state[i] as number] as TaskStateName,
    label: lanes.labels[lanes.label[i] as number] as string,
    line: lanes.line[i] as number,
    tick: [segmentStart(lanes, axis, 'tick', i), segmentEnd(lanes, axis, 'tick', i)],
    time: [segmentStart(lanes, axis, 'time', i), segmentEnd(lanes, axis, 'time', i)],
  };
}

/**
 * The segment index of `task` at cursor `step`: the running segment when the task runs the step
 * after the cursor, otherwise the state segment covering it; -1 before the task exists.
 */
export function segmentIndexAt(lanes: Lanes, task: number, step: number): number {
  let lo = lanes.laneStart[task] as number;
  let hi = (lanes.laneStart[task + 1] as number) - 1;
  // The last segment with fromStep <= step.
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((lanes.fromStep[mid] as number) <= step) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found === -1) return -1;
  return step < (lanes.toStep[found] as number) ? found : -1;
}

/** The first segment of a lane that may be visible from domain position `x` of the `kind` axis on (binary search). */
export function firstVisible(lanes: Lanes, axis: StepAxis, kind: AxisKind, task: number, x: number): number {
  let lo = lanes.laneStart[task] as number;
  let hi = lanes.laneStart[task + 1] as number;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (segmentEnd(lanes, axis, kind, mid) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
