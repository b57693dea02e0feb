/**
 * The x scales of the timeline: a base linear scale from an axis' domain onto the plot width, and
 * the zoom transform (k, x) that d3-zoom writes into the app state. Pure helpers, so that
 * switching axes or reloading a scenario can keep the same view.
 */
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { format } from 'd3-format';
import { boundaryAt, type AxisKind, type StepAxis } from './steps.ts';

export interface View {
  /** Zoom factor (1 = the whole run fits the width) and horizontal offset in pixels. */
  k: number;
  x: number;
}

export const IDENTITY: View = { k: 1, x: 0 };

export function baseScale(domain: [number, number], width: number): ScaleLinear<number, number> {
  return scaleLinear().domain(domain).range([0, Math.max(1, width)]);
}

/** The zoomed scale: what d3-zoom's `transform.rescaleX(base)` gives. */
export function viewScale(domain: [number, number], width: number, view: View): ScaleLinear<number, number> {
  const base = baseScale(domain, width);
  const range = base.range() as [number, number];
  const d0 = base.invert((range[0] - view.x) / view.k);
  const d1 = base.invert((range[1] - view.x) / view.k);
  return scaleLinear().domain([d0, d1]).range(range);
}

/** The view that shows domain positions [a, b] across the width (clamped to the whole run). */
export function viewShowing(domain: [number, number], width: number, a: number, b: number): View {
  const span = domain[1] - domain[0];
  const lo = Math.max(domain[0], Math.min(a, b));
  const hi = Math.min(domain[1], Math.max(a, b));
  if (!(hi > lo) || span <= 0) return IDENTITY;
  const k = Math.max(1, span / (hi - lo));
  const x = -((lo - domain[0]) / span) * width * k;
  return clampView({ k, x }, width);
}

/** Keep the run inside the plot: no panning past either end. */
export function clampView(view: View, width: number): View {
  const k = Math.max(1, view.k);
  const min = width - width * k;
  return { k, x: Math.min(0, Math.max(min, view.x)) };
}

/** The same steps on screen after switching from one axis to the other. */
export function viewOnOtherAxis(axis: StepAxis, from: AxisKind, to: AxisKind, width: number, view: View, fromDomain: [number, number], toDomain: [number, number]): View {
  if (view.k <= 1.0001) return IDENTITY;
  const scale = viewScale(fromDomain, width, view);
  const [a, b] = scale.domain() as [number, number];
  const first = firstBoundaryAtOrAfter(axis, from, a);
  const last = Math.max(first, firstBoundaryAtOrAfter(axis, from, b) - 1);
  return viewShowing(toDomain, width, boundaryAt(axis, to, first), boundaryAt(axis, to, Math.min(axis.steps, last + 1)));
}

function firstBoundaryAtOrAfter(axis: StepAxis, kind: AxisKind, x: number): number {
  const starts = kind === 'tick' ? axis.tickStart : axis.timeStart;
  let lo = 0;
  let hi = axis.steps;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A view that keeps pixel `px` of the current view visible: pan so it sits at `at` (0..1) of the width. */
export function viewRevealing(view: View, width: number, px: number, margin = 48, at = 0.3): View {
  if (px >= margin && px <= width - margin) return view;
  return clampView({ k: view.k, x: view.x + (width * at - px) }, width);
}

export interface AxisTick {
  x: number;
  value: number;
  label: string;
}

const seconds = (step: number) => {
  const digits = Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
  return format(`.${digits}f`);
};

/** Labelled ticks of the visible part of an axis, about one per `spacing` pixels. */
export function axisTicks(kind: AxisKind, axis: StepAxis, scale: ScaleLinear<number, number>, width: number, spacing = 90): AxisTick[] {
  const count = Math.max(2, Math.floor(width / spacing));
  if (kind === 'tick') {
    const values = scale.ticks(count).filter((v) => Number.isInteger(v) && v >= 0 && v < axis.ticks);
    return values.map((v) => ({ x: scale(v + 0.5), value: v, label: String(axis.tickIndex[v] ?? v) }));
  }
  const values = scale.ticks(count).filter((v) => v >= 0);
  const step = values.length > 1 ? (values[1] as number) - (values[0] as number) : 1;
  const fmt = seconds(step);
  return values.map((v) => ({ x: scale(v), value: v, label: `${fmt(v)} s` }));
}

/** "1.000 s", "250 ms": a duration in words for jump labels. */
export function formatDuration(secondsValue: number): string {
  if (secondsValue >= 1 || secondsValue === 0) return `${format('.3~f')(secondsValue)} s`;
  return `${format('.3~r')(secondsValue * 1000)} ms`;
}
