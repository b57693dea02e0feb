/**
 * The view model: everything the app draws from one trace, in columns of typed arrays built in
 * one pass over the event stream (builder.ts), so that a worker can build it and hand it to the
 * page without copying (transfer.ts), and the page only scales and culls it.
 *
 *   - the step axis: where every step and tick sits on the tick axis and on the time axis;
 *   - the task lanes: each task's run of states as segments, sorted by lane;
 *   - the tasks, the printed lines and the loop's warnings;
 *   - what the state at any step is rebuilt from (StateIndex, read by cursor.ts).
 *
 * Text is held once: names, labels and printed lines are indexes into `strings` (the trace's own
 * string table), except the lanes' labels, which have a small table of their own because some are
 * made here ("sleep until 1.000").
 */
import type { TraceEnd } from '../trace/format.ts';
import type { Checkpoint, RenameLog, TaskColumns, TaskInfo } from './replay.ts';
import type { ViewExplanation } from './explained.ts';

/**
 * A step is one handle run by the loop (one Run event). Boundary N is the moment just before step
 * N runs (what the cursor points at); boundary `steps` is the end of the run.
 *
 *   - Tick axis: tick k (its ordinal in the trace, from 0) spans [k, k+1); its n steps split it
 *     evenly, so zero-time steps stay apart and in order.
 *   - Time axis: a step starts at the virtual time of its Run and ends at the time the step
 *     finished (later only if it blocked the loop with time.sleep); the clock's jumps between
 *     ticks are the gaps.
 */
export interface StepAxis {
  steps: number;
  /** Number of ticks (loop iterations) in the trace. */
  ticks: number;
  /** Per tick ordinal: the trace's own tick index, handles queued (ntodo), timers that fell due. */
  tickIndex: Int32Array<ArrayBuffer>;
  tickNtodo: Int32Array<ArrayBuffer>;
  tickDue: Int32Array<ArrayBuffer>;
  /** Per tick ordinal: first step run in it and how many steps ran (cancelled handles don't). */
  tickFirstStep: Int32Array<ArrayBuffer>;
  tickRuns: Int32Array<ArrayBuffer>;
  /** The clock before and after the tick's wait for timers (the jump is the idle time). */
  tickTimeBefore: Float64Array<ArrayBuffer>;
  tickTimeAfter: Float64Array<ArrayBuffer>;
  /** Per step: the tick ordinal it ran in, the handle and the task it belongs to (-1: a callback). */
  stepTick: Int32Array<ArrayBuffer>;
  stepHandle: Int32Array<ArrayBuffer>;
  stepTask: Int32Array<ArrayBuffer>;
  /** Per step: what it runs, as STEP_LABEL codes (negative) or a callback's label (string id). */
  stepLabel: Int32Array<ArrayBuffer>;
  /** Start of step s on each axis (length steps + 1; the last entry is the end of the run). */
  tickStart: Float64Array<ArrayBuffer>;
  timeStart: Float64Array<ArrayBuffer>;
  /** End of step s on each axis (length steps). */
  tickEnd: Float64Array<ArrayBuffer>;
  timeEnd: Float64Array<ArrayBuffer>;
  /** The virtual time when the run ended. */
  endTime: number;
  /**
   * Where each axis' domain ends: a little past the end of the run, so end markers stay clear of
   * the edge, and more after a deadlock, where the stuck tasks wait "forever".
   */
  tickDomainEnd: number;
  timeDomainEnd: number;
}

/** stepLabel codes of the handles that are not callbacks. */
export const STEP_LABEL = { unknown: -1, step: -2, wakeup: -3 } as const;

/** The label of step `s` as text: `Task.__step`, `Task.__wakeup` or the callback's label. */
export function stepLabelText(axis: StepAxis, strings: readonly string[], s: number): string {
  const id = axis.stepLabel[s] as number;
  if (id === STEP_LABEL.step) return 'Task.__step';
  if (id === STEP_LABEL.wakeup) return 'Task.__wakeup';
  return id < 0 ? '' : (strings[id] ?? '');
}

/** Every task of the run, by serial (names and texts are string ids). */
export interface TaskTable {
  count: number;
  /** The name it ends with (renames are rare; the state at the cursor has the name then). */
  name: Int32Array<ArrayBuffer>;
  coro: Int32Array<ArrayBuffer>;
  creator: Int32Array<ArrayBuffer>;
  /** Boundary from which the task exists. */
  createdAt: Int32Array<ArrayBuffer>;
  createdAtLine: Int32Array<ArrayBuffer>;
  via: Int32Array<ArrayBuffer>;
  /** Its last state (a lane state code) and the boundary where that began. */
  endState: Uint8Array<ArrayBuffer>;
  endedAt: Int32Array<ArrayBuffer>;
  /** The exception that ended it, or -1. */
  exception: Int32Array<ArrayBuffer>;
}

/**
 * Task lanes: for every task, the run of states it goes through, as segments placed on both axes.
 *
 *   - `running` covers exactly one step: { fromStep: s, toStep: s + 1 }, drawn over that step.
 *   - every other state holds at the cursor positions fromStep <= N < toStep, the same answer the
 *     state at step N gives, except at the boundary where the task is about to run (there the
 *     state says `ready`, and the running segment starts). It is drawn from the end of the step
 *     that caused it to the start of the next segment.
 *   - a terminal state (done, cancelled, failed) lasts to the end: toStep = steps + 1.
 * A change made during step s becomes visible at boundary s + 1.
 *
 * Segments of task t are indices laneStart[t] .. laneStart[t + 1] - 1, in step order, so a view
 * finds what is visible by binary search.
 */
export interface Lanes {
  tasks: TaskTable;
  laneStart: Int32Array<ArrayBuffer>;
  fromStep: Int32Array<ArrayBuffer>;
  toStep: Int32Array<ArrayBuffer>;
  /** A lane state code (replay.ts's TaskState: ready 0, running 1, waiting 2, done 3, ...). */
  state: Uint8Array<ArrayBuffer>;
  /** Index into `labels`. */
  label: Int32Array<ArrayBuffer>;
  line: Int32Array<ArrayBuffer>;
  /**
   * How the segment's end is placed on the axes (SEGMENT_END: a change point, a boundary, the end
   * of the domain); segment-place.ts works out where it starts and ends from this, its steps and
   * the axis.
   */
  endKind: Uint8Array<ArrayBuffer>;
  /** What a waiting task awaits ("sleep until 1.000", "Lock#1 (held by Task-3)"), or a short word. */
  labels: string[];
  /** Number of segments. */
  count: number;
}

/** Printed lines, in order. */
export interface Printed {
  count: number;
  /** The boundary from which the line has been printed (printed during step visibleFrom - 1). */
  visibleFrom: Int32Array<ArrayBuffer>;
  time: Float64Array<ArrayBuffer>;
  /** The printing task's serial, or -1 outside any task. */
  task: Int32Array<ArrayBuffer>;
  /** Its name when it printed (a string id), or PRINTER.none / PRINTER.unknown. */
  taskName: Int32Array<ArrayBuffer>;
  text: Int32Array<ArrayBuffer>;
  line: Int32Array<ArrayBuffer>;
  /** STREAM.stdout or STREAM.stderr (logging, print(file=sys.stderr)). */
  stream: Int32Array<ArrayBuffer>;
  /** Order among printed lines and warnings (they interleave in the output). */
  seq: Int32Array<ArrayBuffer>;
}

/** The streams of printed lines, as the trace's ThreadOutput numbers them. */
export const STREAM = { stdout: 1, stderr: 2 } as const;

/** taskName codes for lines printed outside any task, or by a task the trace never created. */
export const PRINTER = { none: -1, unknown: -2 } as const;

/** Loop warnings ("Task exception was never retrieved"), with the boundary they appear at. */
export interface Logs {
  count: number;
  visibleFrom: Int32Array<ArrayBuffer>;
  time: Float64Array<ArrayBuffer>;
  text: Int32Array<ArrayBuffer>;
  /** Index into WARNING_KINDS (never-retrieved, never-awaited...). */
  kind: Int32Array<ArrayBuffer>;
  /** The task it is about (-1: none) and the line it points at (0: unknown). */
  task: Int32Array<ArrayBuffer>;
  line: Int32Array<ArrayBuffer>;
  seq: Int32Array<ArrayBuffer>;
}

/** What the state at any step is rebuilt from (cursor.ts), with the trace's own events. */
export interface StateIndex {
  /** The stream offsets of each step's Run event and of the float after it; entry `steps` is the end. */
  runWord: Int32Array<ArrayBuffer>;
  runFloat: Int32Array<ArrayBuffer>;
  /** Replays taken just before some steps' Run, in step order. */
  checkpoints: Checkpoint[];
  /**
   * Set on a snapshot sent from a worker (transfer.ts, SnapshotCheckpoints): `checkpoints` then
   * holds only those taken since the last snapshot, and these are the steps of all the builder
   * holds now; the others come from the snapshots before (mergeCheckpoints).
   */
  heldSteps?: Int32Array<ArrayBuffer>;
  /** Every task at the end of the stream. */
  final: TaskColumns;
  info: TaskInfo;
  renames: RenameLog;
}

export interface ViewModel {
  /** Where the trace came from (a scenario path). */
  source: string;
  /** The trace's string table. */
  strings: string[];
  axis: StepAxis;
  lanes: Lanes;
  printed: Printed;
  logs: Logs;
  end: TraceEnd | null;
  /** False for the model of a run still going (a snapshot): more may follow. */
  complete: boolean;
  /** Events, integer words and floats of the stream the model was built from. */
  events: number;
  words: number;
  floats: number;
  index: StateIndex;
  /**
   * The narration's index, the lints and the lane marks, built beside the model in the worker
   * (explained.ts) so that the page makes no pass over the events. Absent from the builder's
   * own output; the hosts' paths (run-live.ts, live.ts, open-trace.ts) always add it.
   */
  explained?: ViewExplanation;
}

/** The text of string `id` of a model. */
export const textOf = (model: ViewModel, id: number): string => model.strings[id] ?? '';

/** The name of task `serial` at the end of the run. */
export const taskName = (model: ViewModel, serial: number): string => textOf(model, model.lanes.tasks.name[serial] ?? -1);

/** Who printed line `i`: a name, '-' outside any task, '?' for a task the trace never created. */
export function printerName(model: ViewModel, i: number): string {
  const id = model.printed.taskName[i] as number;
  return id === PRINTER.none ? '-' : id === PRINTER.unknown ? '?' : textOf(model, id);
}

/** How many lines have been printed at the cursor (the last of them is "the line at the cursor"). */
export function printedAt(printed: Printed, step: number): number {
  let lo = 0;
  let hi = printed.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((printed.visibleFrom[mid] as number) <= step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
