/**
 * Where every step of a trace sits on the two axes.
 *
 * A step is one handle run by the loop (one Run event). "Boundary" N is the moment just before
 * step N runs, which is what the cursor points at and what `TraceIndex.stateAt(N)` describes;
 * boundary `steps` is the end of the run.
 *
 *   - Tick axis: tick k (its ordinal in the trace, from 0) spans [k, k+1); its n steps split it
 *     evenly, so zero-time steps stay apart and in order.
 *   - Time axis: a step starts at the virtual time of its Run and ends at the time the step
 *     finished (later only if it blocked the loop with time.sleep); the clock's jumps between
 *     ticks are the gaps.
 *
 * Everything here is computed once per trace into typed arrays; the views only scale it.
 */
import { forEachEvent } from '../../scheduler/trace/decode.ts';
import type { Trace } from '../../scheduler/trace/format.ts';

export type AxisKind = 'tick' | 'time';

export interface StepAxis {
  steps: number;
  /** Number of ticks (loop iterations) in the trace. */
  ticks: number;
  /** Per tick ordinal: the trace's own tick index, handles queued (ntodo), timers that fell due. */
  tickIndex: Int32Array;
  tickNtodo: Int32Array;
  tickDue: Int32Array;
  /** Per tick ordinal: first step run in it and how many steps ran (cancelled handles don't). */
  tickFirstStep: Int32Array;
  tickRuns: Int32Array;
  /** The clock before and after the tick's wait for timers (the jump is the idle time). */
  tickTimeBefore: Float64Array;
  tickTimeAfter: Float64Array;
  /** Per step: the tick ordinal it ran in, the handle and the task it belongs to (-1: a callback). */
  stepTick: Int32Array;
  stepHandle: Int32Array;
  stepTask: Int32Array;
  /**
   * For callbacks: their label (Task steps use `Task.__step` / `Task.__wakeup`). A model built in
   * a worker (scheduler/view) holds codes and string ids instead (stepLabelText reads them).
   */
  stepLabel: string[] | Int32Array;
  /** Start of step s on each axis (length steps + 1; the last entry is the end of the run). */
  tickStart: Float64Array;
  timeStart: Float64Array;
  /** End of step s on each axis (length steps). */
  tickEnd: Float64Array;
  timeEnd: Float64Array;
  /** The virtual time when the run ended. */
  endTime: number;
  /**
   * Where each axis' domain ends: a little past the end of the run, so end markers stay clear of
   * the edge, and more after a deadlock, where the stuck tasks wait "forever".
   */
  tickDomainEnd: number;
  timeDomainEnd: number;
}

/** Grow-as-you-go integer/float columns, turned into typed arrays at the end. */
class Column {
  values: number[] = [];
  push(value: number): void {
    this.values.push(value);
  }
  get length(): number {
    return this.values.length;
  }
}

export function buildStepAxis(trace: Trace): StepAxis {
  const tickIndex = new Column();
  const tickNtodo = new Column();
  const tickDue = new Column();
  const tickFirstStep = new Column();
  const tickTimeBefore = new Column();
  const tickTimeAfter = new Column();
  const stepTick = new Column();
  const stepHandle = new Column();
  const stepTask = new Column();
  const stepLabel: string[] = [];
  const timeStart = new Column();
  const timeEnd = new Column();
  /** What each queued handle will do when it runs. */
  const handleTask = new Map<number, number>();
  const handleLabel = new Map<number, string>();

  let time = 0;
  let steps = 0;
  let inStep = false;
  const closeStep = (): void => {
    if (inStep) timeEnd.push(time);
    inStep = false;
  };
  const newTick = (index: number, ntodo: number, due: number, before: number, after: number): void => {
    tickIndex.push(index);
    tickNtodo.push(ntodo);
    tickDue.push(due);
    tickFirstStep.push(steps);
    tickTimeBefore.push(before);
    tickTimeAfter.push(after);
  };

  forEachEvent(trace, (event) => {
    switch (event.op) {
      case 'tick':
        closeStep();
        newTick(event.index, event.ntodo, event.due.length, event.timeBefore, event.timeAfter);
        time = event.timeAfter;
        break;
      case 'queue-step':
        handleTask.set(event.handle, event.task);
        handleLabel.set(event.handle, 'Task.__step');
        break;
      case 'queue-wakeup':
        handleTask.set(event.handle, event.task);
        handleLabel.set(event.handle, 'Task.__wakeup');
        break;
      case 'queue-callback':
      case 'timer':
        handleTask.set(event.handle, -1);
        handleLabel.set(event.handle, event.label);
        break;
      case 'run':
        closeStep();
        // A run before any tick would be a malformed trace; give it a tick of its own anyway.
        if (tickIndex.length === 0) newTick(0, 0, 0, time, time);
        stepTick.push(tickIndex.length - 1);
        stepHandle.push(event.handle);
        stepTask.push(handleTask.get(event.handle) ?? -1);
        stepLabel.push(handleLabel.get(event.handle) ?? '');
        timeStart.push(time);
        steps++;
        inStep = true;
        break;
      case 'block':
        time = event.timeAfter;
        break;
      default:
        break;
    }
  });
  closeStep();

  const ticks = tickIndex.length;
  const endTime = Math.max(time, trace.end?.time ?? 0);
  const firstStep = Int32Array.from(tickFirstStep.values);
  const runs = new Int32Array(ticks);
  for (let k = 0; k < ticks; k++) runs[k] = (k + 1 < ticks ? (firstStep[k + 1] as number) : steps) - (firstStep[k] as number);

  const tickStartArr = new Float64Array(steps + 1);
  const tickEndArr = new Float64Array(steps);
  const stepTickArr = Int32Array.from(stepTick.values);
  for (let s = 0; s < steps; s++) {
    const k = stepTickArr[s] as number;
    const n = runs[k] as number;
    const j = s - (firstStep[k] as number);
    tickStartArr[s] = k + j / n;
    tickEndArr[s] = k + (j + 1) / n;
  }
  tickStartArr[steps] = ticks;
  const hangs = trace.end?.kind === 'deadlock';
  const tickDomainEnd = ticks === 0 ? 1 : ticks + (hangs ? Math.max(1.5, ticks * 0.15) : Math.max(0.4, ticks * 0.025));
  const timeDomainEnd = endTime === 0 ? 1 : endTime * (hangs ? 1.18 : 1.03);
  const timeStartArr = new Float64Array(steps + 1);
  timeStartArr.set(timeStart.values);
  timeStartArr[steps] = endTime;

  return {
    steps,
    ticks,
    tickIndex: Int32Array.from(tickIndex.values),
    tickNtodo: Int32Array.from(tickNtodo.values),
    tickDue: Int32Array.from(tickDue.values),
    tickFirstStep: firstStep,
    tickRuns: runs,
    tickTimeBefore: Float64Array.from(tickTimeBefore.values),
    tickTimeAfter: Float64Array.from(tickTimeAfter.values),
    stepTick: stepTickArr,
    stepHandle: Int32Array.from(stepHandle.values),
    stepTask: Int32Array.from(stepTask.values),
    stepLabel,
    tickStart: tickStartArr,
    timeStart: timeStartArr,
    tickEnd: tickEndArr,
    timeEnd: Float64Array.from(timeEnd.values),
    endTime,
    tickDomainEnd,
    timeDomainEnd,
  };
}

/** The extent of an axis' domain (never empty, so scales stay finite). */
export function axisDomain(axis: StepAxis, kind: AxisKind): [number, number] {
  return [0, kind === 'tick' ? axis.tickDomainEnd : axis.timeDomainEnd];
}

/** Where boundary `step` (0..steps) sits on an axis. */
export function boundaryAt(axis: StepAxis, kind: AxisKind, step: number): number {
  return (kind === 'tick' ? axis.tickStart : axis.timeStart)[step] as number;
}

/** Where the changes made during step `step - 1` become visible (the end of that step). */
export function changeAt(axis: StepAxis, kind: AxisKind, boundary: number): number {
  if (boundary <= 0) return boundaryAt(axis, kind, 0);
  return (kind === 'tick' ? axis.tickEnd : axis.timeEnd)[boundary - 1] as number;
}

/** The tick ordinal the cursor is in: the tick of the step about to run (the last tick at the end). */
export function tickOfBoundary(axis: StepAxis, step: number): number {
  if (axis.ticks === 0) return -1;
  if (step < axis.steps) return axis.stepTick[step] as number;
  return axis.ticks - 1;
}

/**
 * The boundary nearest to a domain position: the one whose x is closest, preferring the earlier
 * on ties (many steps share one instant on the time axis).
 */
export function boundaryNear(axis: StepAxis, kind: AxisKind, x: number): number {
  const starts = kind === 'tick' ? axis.tickStart : axis.timeStart;
  const n = axis.steps;
  // The first boundary whose start is >= x.
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return 0;
  const after = starts[lo] as number;
  const before = starts[lo - 1] as number;
  if (x - before <= after - x) {
    // Walk back to the first boundary at that same position.
    let s = lo - 1;
    while (s > 0 && (starts[s - 1] as number) === before) s--;
    return s;
  }
  return lo;
}
