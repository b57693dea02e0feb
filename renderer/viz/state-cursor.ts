/**
 * The loop's state at the cursor, fast enough to follow playback on very long traces.
 *
 * It answers exactly what `TraceIndex.stateAt(step)` answers (tests hold one against the other)
 * and uses the same replay, but differs in two ways that matter at a million steps:
 *   - it keeps no decoded events: it remembers where each step's Run sits in the integer stream
 *     and decodes just the stretch it needs (a slice of the stream is itself a valid trace);
 *   - it keeps a live replay that walks forward from where the cursor last was, so stepping and
 *     playing cost a handful of events, not a replay from the nearest checkpoint.
 */
import { forEachEvent } from '../../scheduler/trace/decode.ts';
import type { Trace } from '../../scheduler/trace/format.ts';
import { TraceReplay, type LoopState, type LoopView } from '../../scheduler/trace/state.ts';
import type { StateView } from '../../scheduler/view/cursor.ts';

export type { LoopView, StateView };

/** What the views ask of a model's state: the state at a step, whole or as a cheap view. */
export interface ModelCursor {
  stateAt(step: number): LoopState;
  /** The state at `step` for views (see StateView); valid until the next call. */
  viewAt(step: number, limit?: number): StateView;
  /** Make the state at `step` cheap to reach before it is asked for (when the page is idle). */
  prepare?(step: number): void;
}

/** A LoopView read as a StateView (the model built on the page keeps TraceReplay's task objects). */
export function stateViewOf(view: LoopView): StateView {
  const { tasks } = view;
  return {
    step: view.step,
    tick: view.tick,
    time: view.time,
    outputs: view.outputs,
    taskCount: tasks.length,
    ready: view.ready,
    readyCount: view.readyCount,
    timers: view.timers,
    timerCount: view.timerCount,
    stateOf: (serial) => tasks[serial]?.state ?? 'not-created',
    lineOf: (serial) => tasks[serial]?.line ?? 0,
    nameOf: (serial) => tasks[serial]?.name ?? '',
    task: (serial) => tasks[serial],
    callersOf: (serial) => tasks[serial]?.callers ?? [],
    waitLabelOf: (serial) => tasks[serial]?.waitingFor?.label ?? null,
  };
}

interface Cut {
  /** Offsets in trace.events and trace.floats up to which a replay has applied the stream. */
  event: number;
  float: number;
}

export class StateCursor {
  /** The cut just before each step's Run event; entry `steps` is the end of the stream. */
  private readonly runPos: Int32Array;
  private readonly runFloat: Int32Array;
  private readonly checkpoints: { cut: Cut; replay: TraceReplay }[] = [];
  private live: TraceReplay = new TraceReplay();
  private liveCut: Cut = { event: 0, float: 0 };
  private cache: { step: number; state: LoopState } | null = null;
  readonly steps: number;

  constructor(
    private readonly trace: Trace,
    checkpoints = 48,
  ) {
    const runPos: number[] = [];
    const runFloat: number[] = [];
    forEachEvent(trace, (event, position, floatPosition) => {
      if (event.op === 'run') {
        runPos.push(position);
        runFloat.push(floatPosition);
      }
    });
    this.steps = runPos.length;
    runPos.push(trace.events.length);
    runFloat.push(trace.floats.length);
    this.runPos = Int32Array.from(runPos);
    this.runFloat = Int32Array.from(runFloat);

    const interval = Math.max(512, Math.ceil(this.steps / checkpoints));
    const replay = new TraceReplay();
    let cut: Cut = { event: 0, float: 0 };
    this.checkpoints.push({ cut, replay: replay.clone() });
    for (let step = interval; step < this.steps; step += interval) {
      const next = this.cutAt(step);
      this.apply(replay, cut, next);
      cut = next;
      this.checkpoints.push({ cut, replay: replay.clone() });
    }
  }

  private cutAt(step: number): Cut {
    return { event: this.runPos[step] as number, float: this.runFloat[step] as number };
  }

  /** Apply the stream between two cuts: a slice of the stream is itself a decodable trace. */
  private apply(replay: TraceReplay, from: Cut, to: Cut): void {
    if (to.event <= from.event) return;
    const slice: Trace = {
      ...this.trace,
      events: this.trace.events.slice(from.event, to.event),
      floats: this.trace.floats.slice(from.float, to.float),
    };
    forEachEvent(slice, (event) => replay.apply(event));
  }

  /** The state just before step `step` runs (0 ≤ step ≤ steps; `steps` is the end of the run). */
  stateAt(step: number): LoopState {
    if (this.cache !== null && this.cache.step === step) return this.cache.state;
    this.moveTo(step);
    const state = this.live.snapshot();
    // A slice numbers its steps from 0; the true step is the one asked for.
    state.step = step;
    this.cache = { step, state };
    return state;
  }

  /** The cheap view of the state at `step` (see LoopView); valid until the next call. */
  viewAt(step: number, limit = 200): LoopView {
    this.moveTo(step);
    return { ...this.live.view(limit), step };
  }

  /** Bring the live replay to just before step `step`. */
  private moveTo(step: number): void {
    if (!Number.isInteger(step) || step < 0 || step > this.steps) throw new RangeError(`step ${step} is outside 0..${this.steps}`);
    const target = this.cutAt(step);
    let checkpoint = this.checkpoints[0] as { cut: Cut; replay: TraceReplay };
    for (const candidate of this.checkpoints) {
      if (candidate.cut.event <= target.event) checkpoint = candidate;
      else break;
    }
    // Walk the live replay on, unless it is past the target or a checkpoint is nearer.
    if (!(this.liveCut.event <= target.event && this.liveCut.event >= checkpoint.cut.event)) {
      this.live = checkpoint.replay.clone();
      this.liveCut = checkpoint.cut;
    }
    this.apply(this.live, this.liveCut, target);
    this.liveCut = target;
  }
}
