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
 *     model's memory), so the cursor leaves a trail of checkpoints of its own behind it (see
 *     `trail`): a step back walks at most a few dozen steps.
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

/** The cursor keeps a checkpoint of its own every TRAIL_SPACING steps... */
const TRAIL_SPACING = 32;
/** ...for the last TRAIL_KEPT of them before where it is: a step back within 512 steps walks at most 32. */
const TRAIL_KEPT = 16;
/**
 * A walk of more words than this since the nearest checkpoint leaves one where it stops, whatever
 * the step: one step can hold thousands of events (a `gather` of 10,000 coroutines creates its
 * 10,000 tasks in one), and without it every step back within the next 32 walked them again
 * (26 ms of the 1 M trace's frame, for each ← near its start).
 */
const HEAVY_WORDS = 4096;

export class ViewCursor {
  private replay: ColumnarReplay;
  private walker: EventWalker;
  /** Stream offsets the live replay has reached. */
  private word = 0;
  private float = 0;
  private readonly steps: number;
  /**
   * The trail: checkpoints of the live replay at every TRAIL_SPACING-th step of the last few
   * hundred before the cursor, oldest first. A step back restores a checkpoint and walks on; the
   * model's checkpoints are thousands of steps apart on a large run, which is most of a frame for
   * every ← of a held key. From the trail it walks at most TRAIL_SPACING steps. It holds TRAIL_KEPT
   * copies of the tasks that have not ended (a few MB for 10,000 tasks) and costs a copy every
   * TRAIL_SPACING steps walked forward.
   */
  private trail: Checkpoint[] = [];
  private readonly trailSpacing: number;
  private readonly heavyWords: number;
  /** A replay walked ahead to a step by `prepare`, which the move to that step takes over. */
  private prepared: { step: number; replay: ColumnarReplay; word: number; float: number } | null = null;
  /** What the moves so far cost, all together (for tests and benchmarks): words of the stream walked, checkpoints restored. */
  wordsWalked = 0;
  restores = 0;

  constructor(
    private readonly model: ViewModel,
    private readonly stream: TraceStream,
    /** `trailSpacing`: steps between the trail's checkpoints; `heavyWords`: see HEAVY_WORDS (tests make both small). */
    options: { trailSpacing?: number; heavyWords?: number } = {},
  ) {
    this.steps = model.axis.steps;
    this.trailSpacing = Math.max(1, options.trailSpacing ?? TRAIL_SPACING);
    this.heavyWords = options.heavyWords ?? HEAVY_WORDS;
    this.replay = this.freshReplay();
    this.walker = new EventWalker(this.replay);
  }

  private freshReplay(): ColumnarReplay {
    return new ColumnarReplay({ info: this.model.index.info });
  }

  /** Bring the live replay to just before step `step` (0 ≤ step ≤ steps). */
  private moveTo(step: number): void {
    if (!Number.isInteger(step) || step < 0 || step > this.steps) throw new RangeError(`step ${step} is outside 0..${this.steps}`);
    const targetWord = this.model.index.runWord[step] as number;
    const prepared = this.prepared;
    this.prepared = null;
    if (prepared !== null && prepared.step === step && this.word !== targetWord) {
      this.replay = prepared.replay;
      this.word = prepared.word;
      this.float = prepared.float;
      this.walker = new EventWalker(this.replay);
    }
    const start = this.startFor(step);
    // Walk the live replay on, unless it is past the target or a checkpoint is nearer.
    if (this.word > targetWord || this.word < (start?.word ?? 0)) this.restore(start);
    this.walkTo(step);
    // The trail keeps what a step back from here can use.
    this.trail = this.trail.filter((c) => c.step <= step && c.step >= step - this.trailSpacing * TRAIL_KEPT);
  }

  /**
   * Make the move to `step` cheap before it is asked for (the page calls it when idle, with the
   * step after the cursor's): if reaching it would walk more than HEAVY_WORDS, a second replay
   * walks there now. The move to `step` then takes that replay as the live one, and the trail
   * keeps a checkpoint of it for the steps back. The live replay is not moved, so what the last
   * viewAt returned stays valid.
   */
  prepare(step: number): void {
    if (!Number.isInteger(step) || step < 0 || step > this.steps || this.prepared?.step === step) return;
    const targetWord = this.model.index.runWord[step] as number;
    const start = this.startFor(step);
    const liveUsable = this.word <= targetWord && this.word >= (start?.word ?? 0);
    if (targetWord - (liveUsable ? this.word : (start?.word ?? 0)) <= this.heavyWords) return;
    const from = liveUsable ? this.replay.checkpoint(this.word, this.float) : start;
    const replay = this.freshReplay();
    if (from !== null) replay.restore(from, this.model.index.final, this.model.index.renames);
    const word = from?.word ?? 0;
    const stop = new EventWalker(replay).walk(this.stream.events, word, targetWord, this.stream.floats, from?.float ?? 0, this.model.index.runFloat[step] as number);
    this.wordsWalked += targetWord - word;
    this.prepared = { step, replay, word: stop.word, float: stop.float };
    this.trail = this.trail.filter((c) => c.step !== step);
    this.trail.push(replay.checkpoint(stop.word, stop.float));
    this.trail.sort((a, b) => a.step - b.step);
  }

  /** The checkpoint a move to `step` would start from: the trail's or the model's, whichever is nearer. */
  private startFor(step: number): Checkpoint | null {
    const checkpoint = nearestCheckpoint(this.model.index.checkpoints, step);
    const nearest = nearestCheckpoint(this.trail, step);
    return nearest !== null && nearest.step >= (checkpoint?.step ?? 0) ? nearest : checkpoint;
  }

  /** Restart the live replay from a checkpoint, or from the beginning. */
  private restore(checkpoint: Checkpoint | null): void {
    this.restores++;
    if (checkpoint === null) {
      this.replay = this.freshReplay();
      this.word = 0;
      this.float = 0;
    } else {
      this.replay.restore(checkpoint, this.model.index.final, this.model.index.renames);
      this.word = checkpoint.word;
      this.float = checkpoint.float;
    }
    this.walker = new EventWalker(this.replay);
  }

  /** Walk the live replay on to just before `step`, leaving the trail's checkpoints on the way. */
  private walkTo(step: number): void {
    const spacing = this.trailSpacing;
    const firstKept = Math.max(this.replay.step + 1, step - spacing * TRAIL_KEPT);
    for (let at = Math.ceil(firstKept / spacing) * spacing; at <= step; at += spacing) {
      this.walkWords(at);
      if (this.trail.every((c) => c.step !== at)) this.trail.push(this.replay.checkpoint(this.word, this.float));
    }
    this.trail.sort((a, b) => a.step - b.step);
    this.walkWords(step);
    const start = this.startFor(step);
    if (this.word - (start?.word ?? 0) > this.heavyWords && start?.step !== step) this.trail.push(this.replay.checkpoint(this.word, this.float));
  }

  private walkWords(step: number): void {
    const targetWord = this.model.index.runWord[step] as number;
    if (this.word >= targetWord) return;
    this.wordsWalked += targetWord - this.word;
    const stop = this.walker.walk(this.stream.events, this.word, targetWord, this.stream.floats, this.float, this.model.index.runFloat[step] as number);
    this.word = stop.word;
    this.float = stop.float;
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
