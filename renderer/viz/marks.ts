/**
 * What the dense layers show, in plot pixels, before anything is painted: the visible segments of
 * a task lane, and the marks of the event loop's lane. The canvas (draw.ts) and the exported
 * picture (export/svg.ts) paint the same marks, so a picture shows what the screen shows.
 *
 * Work is bounded by the pixels, not by the trace: when many segments fall into one pixel column,
 * the walk jumps (binary search) to the first segment of the next column, and ticks thinner than
 * a pixel are taken together.
 */
import type { ScaleLinear } from 'd3-scale';
import { firstVisible, type Lanes } from './lanes.ts';
import { segmentEnd, segmentStart } from '../../scheduler/view/segment-place.ts';
import type { AxisKind, StepAxis } from './steps.ts';

/**
 * Visit the segments of lane `row` that are visible in the scale's domain, in order, with their
 * extent in plot pixels (`px1 - px0` may be under a pixel: one segment per column is visited).
 */
export function visitLane(lanes: Lanes, axis: StepAxis, row: number, kind: AxisKind, scale: ScaleLinear<number, number>, visit: (segment: number, px0: number, px1: number) => void): void {
  const [d0, d1] = scale.domain() as [number, number];
  const end = lanes.laneStart[row + 1] as number;
  let i = firstVisible(lanes, axis, kind, row, d0);
  while (i < end) {
    const a = segmentStart(lanes, axis, kind, i);
    if (a > d1) break;
    const px0 = scale(a);
    const px1 = scale(segmentEnd(lanes, axis, kind, i));
    visit(i, px0, px1);
    // Many segments in one pixel column: jump to the next column.
    if (px1 - px0 < 1) {
      const next = firstVisible(lanes, axis, kind, row, scale.invert(Math.floor(px0) + 1));
      i = Math.max(i + 1, next);
    } else i++;
  }
}

/** The loop lane's geometry: its bars stand on `base`, at most `maxBar` tall. */
export interface LoopFrame {
  axis: StepAxis;
  scale: ScaleLinear<number, number>;
  height: number;
  /** The tick ordinal the cursor is in (-1: none). */
  currentTick: number;
}

export const loopBase = (height: number): number => height - 8;

/** A bar's height: as tall as the square root of the handles it ran, against the busiest tick. */
export function barHeights(axis: StepAxis, height: number): (runs: number) => number {
  const maxBar = height - 36;
  let maxRuns = 1;
  for (let k = 0; k < axis.ticks; k++) maxRuns = Math.max(maxRuns, axis.tickRuns[k] as number);
  return (runs) => (runs === 0 ? 3 : 6 + (maxBar - 6) * Math.sqrt(Math.min(runs, maxRuns) / maxRuns));
}

/** One tick (or, thinner than a pixel, `stride` ticks taken together) on the tick axis. */
export interface TickBar {
  k: number;
  stride: number;
  /** Left edge and width of the bar, its height; `gap` is the space left on each side. */
  x: number;
  w: number;
  h: number;
  gap: number;
  /** Width of one tick in pixels. */
  unit: number;
  /** Handles run (the most of the ticks taken together) and the clock's jump before it. */
  runs: number;
  jump: number;
  current: boolean;
  /** The tasks of its handles in order (-1 for callbacks), when each handle gets 3 px or more. */
  slices: number[] | null;
}

/** The bars of the tick axis. */
export function tickBars(frame: LoopFrame): TickBar[] {
  const { axis, scale } = frame;
  const [d0, d1] = scale.domain() as [number, number];
  const heightOf = barHeights(axis, frame.height);
  const first = Math.max(0, Math.floor(d0));
  const last = Math.min(axis.ticks - 1, Math.ceil(d1));
  const unit = scale(1) - scale(0);
  const stride = unit >= 1 ? 1 : Math.ceil(1 / unit);
  const bars: TickBar[] = [];
  for (let k = first - (first % stride); k <= last; k += stride) {
    let runs = axis.tickRuns[k] as number;
    let jump = (axis.tickTimeAfter[k] as number) - (axis.tickTimeBefore[k] as number);
    for (let j = 1; j < stride && k + j < axis.ticks; j++) {
      runs = Math.max(runs, axis.tickRuns[k + j] as number);
      jump += (axis.tickTimeAfter[k + j] as number) - (axis.tickTimeBefore[k + j] as number);
    }
    const x0 = scale(k);
    const gap = unit > 8 ? Math.min(4, unit * 0.12) : 0;
    const w = Math.max(1, scale(k + stride) - x0 - gap * 2);
    const n = axis.tickRuns[k] as number;
    let slices: number[] | null = null;
    if (stride === 1 && n > 0 && w / n >= 3) {
      const firstStep = axis.tickFirstStep[k] as number;
      slices = Array.from({ length: n }, (_, j) => axis.stepTask[firstStep + j] as number);
    }
    bars.push({ k, stride, x: x0 + gap, w, h: heightOf(runs), gap, unit, runs: n, jump, current: k <= frame.currentTick && frame.currentTick < k + stride, slices });
  }
  return bars;
}

/** The clock's jumps on the time axis: where the loop slept, from and to (pixels), and how long. */
export function idleSpans(frame: LoopFrame): { x0: number; x1: number; seconds: number }[] {
  const { axis, scale } = frame;
  const [d0, d1] = scale.domain() as [number, number];
  const spans: { x0: number; x1: number; seconds: number }[] = [];
  for (let k = 0; k < axis.ticks; k++) {
    const before = axis.tickTimeBefore[k] as number;
    const after = axis.tickTimeAfter[k] as number;
    if (after <= before || after < d0 || before > d1) continue;
    spans.push({ x0: scale(before), x1: scale(after), seconds: after - before });
  }
  return spans;
}

/** Ticks at one instant stacked into one mark per pixel column (time axis): its x and height. */
export function tickColumns(frame: LoopFrame): { x: number; h: number; current: boolean }[] {
  const { axis, scale } = frame;
  const [d0, d1] = scale.domain() as [number, number];
  const heightOf = barHeights(axis, frame.height);
  const columns: { x: number; h: number; current: boolean }[] = [];
  let column = Number.NaN;
  let runs = 0;
  let current = false;
  const flush = (): void => {
    if (!Number.isNaN(column)) columns.push({ x: column, h: heightOf(runs), current });
  };
  for (let k = 0; k < axis.ticks; k++) {
    const t = axis.tickTimeAfter[k] as number;
    if (t < d0 || t > d1) continue;
    const px = Math.round(scale(t));
    if (px !== column) {
      flush();
      column = px;
      runs = 0;
      current = false;
    }
    runs += axis.tickRuns[k] as number;
    if (k === frame.currentTick) current = true;
  }
  flush();
  return columns;
}
