/**
 * The loop's state at any step, rebuilt on demand from a view model and the trace's own events:
 * the answers of TraceIndex.stateAt (tests hold the two together at every step), at a cost that
 * does not grow with the trace.
 *
 *   - A live replay walks forward from where the cursor last was, so stepping and playing cost the
 *     handful of events between two steps.
 *   - A jump restores the nearest checkpoint before the target (taken by the builder, off the
 *     page's thread) and walks on from there: at most one checkpoint interval of events.
 *   - Stepping back restores too. The builder's checkpoints are sparse (they are most of a large
 *     model's memory), so a restore that would walk far takes a checkpoint of its own on the way,
 *     `nearGap` steps short of the target: the next steps back walk from there, a few hundred
 *     steps at most, and only one such checkpoint is kept.
 *   - Tasks are read from columns; an object is made only for the tasks, ready handles and timers
 *     asked for (the rows on screen, the first entries of each queue).
 */
import type { LoopState, ReadyEntry, TaskStateName, TaskView, TimerEntry } from '../trace/state.ts';
import { EventWalker } from '../trace/walk.ts';
import type { ViewModel } from './model.ts';
import { ColumnarReplay, STATE_NAMES, TaskState, type Checkpoint } from './replay.ts';

/** The trace's own arrays, which the model's state index points into. */
export interface TraceStream {
  events: Int32Array;
  floats: Float64Array;
  strings: readonly string[];
}

/** The state at a step for a view that follows the cursor: counts, and objects only on demand. */
export interface StateView {
  step: number;
  tick: number;
  time: number;
  /** Lines printed so far. */
  outputs: number;
  /** Tasks created so far. */
  taskCount: number;
  /** The first entries of the ready queue and of the timers in firing order, and their counts. */
  ready: ReadyEntry[];
  readyCount: number;
  timers: TimerEntry[];
  timerCount: number;
  /** A task's state, or 'not-created', without making an object. */
  stateOf(serial: number): TaskStateName | 'not-created';
  /** The line a task is at (0 when unknown or not created). */
  lineOf(serial: number): number;
  /** A task's name at this step ('' when not created). */
  nameOf(serial: number): string;
  /** One task as TraceReplay shows it; undefined before it is created. Valid until the cursor moves. */
  task(serial: number): TaskView | undefined;
  /** A task's callers' lines (its TaskView's `callers`), without the rest of its object. */
  callersOf(serial: number): readonly number[];
  /** What a waiting task awaits (its TaskView's `waitingFor.label`; null when none), without the rest of its object. */
  waitLabelOf(serial: number): string | null;
}

/** Steps between the cursor's own checkpoint and where it went back to. */
const NEAR_GAP = 512;

export class ViewCursor {
  private replay: ColumnarReplay;
  private walker: EventWalker;
  /** Stream offsets the live replay has reached. */
  private word = 0;
  private float = 0;
  private readonly steps: number;
  /** The cursor's own checkpoint near where it last went back to (see above), or null. */
  private near: Checkpoint | null = null;
  private readonly nearGap: number;

  constructor(
    private readonly model: ViewModel,
    private readonly stream: TraceStream,
    options: { nearGap?: number } = {},
  ) {
    this.steps = model.axis.steps;
    this.nearGap = Math.max(1, options.nearGap ?? NEAR_GAP);
    this.replay = this.freshReplay();
    this.walker = new EventWalker(this.replay);
  }

  private freshReplay(): ColumnarReplay {
    return new ColumnarReplay({ info: this.model.index.info });
  }

  /** Bring the live replay to just before step `step` (0 ≤ step ≤ steps). */
  private moveTo(step: number): void {
    if (!Number.isInteger(step) || step < 0 || step > this.steps) throw new RangeError(`step ${step} is outside 0..${this.steps}`);
    const index = this.model.index;
    const targetWord = index.runWord[step] as number;
    const targetFloat = index.runFloat[step] as number;
    let checkpoint = nearestCheckpoint(index.checkpoints, step);
    const near = this.near;
    if (near !== null && near.step <= step && (checkpoint === null || near.step > checkpoint.step)) checkpoint = near;
    const checkpointWord = checkpoint === null ? 0 : checkpoint.word;
    // Walk the live replay on, unless it is past the target or a checkpoint is nearer.
    if (!(this.word <= targetWord && this.word >= checkpointWord)) {
      if (checkpoint === null) {
        this.replay = this.freshReplay();
        this.word = 0;
        this.float = 0;
      } else {
        this.replay.restore(checkpoint, index.final, index.renames);
        this.word = checkpoint.word;
        this.float = checkpoint.float;
      }
      this.walker = new EventWalker(this.replay);
      // A long walk: leave a checkpoint of the cursor's own on the way, for the steps back to come.
      const from = checkpoint === null ? 0 : checkpoint.step;
      if (step - from > 2 * this.nearGap) {
        const at = step - this.nearGap;
        this.walkTo(index.runWord[at] as number, index.runFloat[at] as number);
        this.near = { ...this.replay.checkpoint(this.word, this.float), step: at };
      }
    }
    this.walkTo(targetWord, targetFloat);
  }

  private walkTo(targetWord: number, targetFloat: number): void {
    if (this.word < targetWord) {
      const stop = this.walker.walk(this.stream.events, this.word, targetWord, this.stream.floats, this.float, targetFloat);
      this.word = stop.word;
      this.float = stop.float;
    }
  }

  /** The whole state just before step `step` runs, as TraceIndex.stateAt gives it. */
  stateAt(step: number): LoopState {
    this.moveTo(step);
    const state = this.replay.snapshot(this.stream.events, this.stream.strings);
    state.step = step;
    return state;
  }

  /** The state at `step` for views: the first `limit` entries of each queue, tasks on demand. */
  viewAt(step: number, limit = 200): StateView {
    this.moveTo(step);
    const replay = this.replay;
    const { events, strings } = this.stream;
    const ready = replay.readyEntries(limit, strings);
    const timers = replay.timerEntries(limit, strings);
    const tasks = replay.tasks;
    const count = replay.taskCount;
    return {
      step,
      tick: replay.tickIndex,
      time: replay.time,
      outputs: replay.outputs,
      taskCount: count,
      ready: ready.entries,
      readyCount: ready.count,
      timers: timers.entries,
      timerCount: timers.count,
      stateOf: (serial) => {
        const code = serial >= 0 && serial < count ? (tasks.state[serial] as number) : TaskState.none;
        return code === TaskState.none ? 'not-created' : (STATE_NAMES[code] as TaskStateName);
      },
      lineOf: (serial) => (serial >= 0 && serial < count ? (tasks.line[serial] as number) : 0),
      nameOf: (serial) => (serial >= 0 && serial < count ? (strings[tasks.name[serial] as number] ?? '') : ''),
      task: (serial) => replay.taskView(serial, events, strings),
      callersOf: (serial) => (serial >= 0 && serial < count ? replay.callersOf(serial, events) : []),
      waitLabelOf: (serial) => (serial >= 0 && serial < count ? replay.waitLabel(serial, events, strings) : null),
    };
  }
}

/** The last checkpoint at or before `step`, or null (then the replay starts from the beginning). */
function nearestCheckpoint(checkpoints: readonly Checkpoint[], step: number): Checkpoint | null {
  let lo = 0;
  let hi = checkpoints.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((checkpoints[mid] as Checkpoint).step <= step) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? null : (checkpoints[lo - 1] as Checkpoint);
}
