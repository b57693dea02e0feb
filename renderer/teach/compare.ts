/**
 * Comparing two runs side by side: two files, two versions of one file, or two functions of one
 * file (function-runs.ts makes those). The runs share one time axis, so the same x is the same
 * virtual time (or the same loop tick) in both, and one cursor moves them together; the totals
 * are said in words ("gathered: 1.00 s, 3.0× faster").
 */
import type { AxisKind, StepAxis } from '../viz/steps.ts';

/** The domain both runs are drawn on: from 0 to the later of the two ends (with its margin). */
export function sharedDomain(a: StepAxis, b: StepAxis, kind: AxisKind): [number, number] {
  const end = (axis: StepAxis): number => (kind === 'tick' ? axis.tickDomainEnd : axis.timeDomainEnd);
  return [0, Math.max(end(a), end(b))];
}

/** Where a run's steps span on an axis: from its first boundary to its end. */
export function runSpan(axis: StepAxis, kind: AxisKind): [number, number] {
  return kind === 'tick' ? [0, axis.ticks] : [0, axis.endTime];
}

/** Where boundary `step` of a run sits on an axis. */
const position = (axis: StepAxis, kind: AxisKind, step: number): number => ((kind === 'tick' ? axis.tickStart : axis.timeStart)[step] as number);

/**
 * The boundary of a run that shows it at position `x` of the shared axis: the first boundary at
 * or after x. At an instant where the run has boundaries, that is the first of them (just as the
 * clock gets there); between two, it is the state after everything before x has run (the loop
 * idle, waiting for x's next event); past the run's end, its end.
 */
export function boundaryAtPosition(axis: StepAxis, kind: AxisKind, x: number): number {
  let lo = 0;
  let hi = axis.steps;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (position(axis, kind, mid) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The synchronised cursor: the other run's boundary when one run's cursor moves to `step`. Both
 * then show the same virtual time (time axis) or the same loop tick (tick axis).
 */
export function syncedCursor(from: StepAxis, to: StepAxis, kind: AxisKind, step: number): number {
  return boundaryAtPosition(to, kind, position(from, kind, Math.max(0, Math.min(from.steps, step))));
}

export interface RunTotal {
  /** What the run is called ("sequential", a file name). */
  label: string;
  /** Virtual seconds from the start of the run to its end. */
  seconds: number;
  /** Loop ticks it took (said when both runs take no virtual time). */
  ticks: number;
}

const secondsText = (seconds: number): string => `${seconds.toFixed(2)} s`;

/**
 * The totals in words, one line per run, the faster one saying by how much:
 * ["sequential: 3.00 s", "gathered: 1.00 s, 3.0× faster"].
 */
export function totalsInWords(a: RunTotal, b: RunTotal): [string, string] {
  const own = (run: RunTotal): string => `${run.label}: ${secondsText(run.seconds)}`;
  // Two runs that take no virtual time differ only in loop ticks.
  if (a.seconds === 0 && b.seconds === 0) {
    const ticks = (run: RunTotal): string => `${own(run)} in ${run.ticks} tick${run.ticks === 1 ? '' : 's'}`;
    return [ticks(a), ticks(b)];
  }
  const slow = Math.max(a.seconds, b.seconds);
  const fast = Math.min(a.seconds, b.seconds);
  // Said as it will be read: to one decimal, so a ratio that rounds to 1.0 is "about the same".
  if (slow - fast < 0.005 || (fast > 0 && slow / fast < 1.05)) return [`${own(a)}, about the same`, `${own(b)}, about the same`];
  const faster = (run: RunTotal): string => (run.seconds === 0 ? `${own(run)}, no virtual time at all` : `${own(run)}, ${(slow / run.seconds).toFixed(1)}× faster`);
  return a.seconds < b.seconds ? [faster(a), own(b)] : [own(a), faster(b)];
}

/** A run's total from its step axis. */
export function runTotal(label: string, axis: StepAxis): RunTotal {
  return { label, seconds: axis.endTime, ticks: axis.ticks };
}
