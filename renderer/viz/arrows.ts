/**
 * The cause-and-effect arrows as SVG paths: where each arrow of scheduler/explain/causes.ts sits
 * on the timeline. An arrow leaves the cause's lane where the step that caused it ended, and
 * reaches the woken task's lane where its step starts; a timer's arrow stays on its task's lane,
 * arching over the wait from the moment the timer fired.
 */
import type { ScaleLinear } from 'd3-scale';
import type { Arrow, ArrowFamily } from '../../scheduler/explain/causes.ts';
import { boundaryAt, type AxisKind, type StepAxis } from './steps.ts';

export interface ArrowPath {
  key: string;
  d: string;
  family: ArrowFamily;
  label: string;
  short: string;
  /** Where the short label goes: above an arch, beside a cross-lane arrow's start; null when another arrow from the same place already says it. */
  labelX: number;
  labelY: number;
  showLabel: boolean;
  fromTask: number;
  toTask: number;
  toStep: number;
}

export interface ArrowLayout {
  axis: StepAxis;
  kind: AxisKind;
  scale: ScaleLinear<number, number>;
  /** The y of a task's lane centre, or null when its row is not laid out. */
  rowY: (task: number) => number | null;
  rowHeight: number;
  /** Rows above and below the lanes on screen, where off-screen ends are pinned. */
  top: number;
  bottom: number;
}

/** Where the effects of step `step` become visible on an axis: the end of that step (0 before any). */
function causeX(layout: ArrowLayout, step: number): number {
  if (step < 0) return layout.scale(0);
  const ends = layout.kind === 'tick' ? layout.axis.tickEnd : layout.axis.timeEnd;
  return layout.scale((ends[step] as number) ?? boundaryAt(layout.axis, layout.kind, layout.axis.steps));
}

/** The paths of `arrows` (those whose lanes are both off screen are left out). */
export function arrowPaths(arrows: readonly Arrow[], layout: ArrowLayout): ArrowPath[] {
  const out: ArrowPath[] = [];
  const said = new Set<string>();
  const once = (key: string): boolean => {
    if (said.has(key)) return false;
    said.add(key);
    return true;
  };
  const half = layout.rowHeight / 2;
  for (const arrow of arrows) {
    const toY = layout.rowY(arrow.toTask);
    const fromY = arrow.fromTask >= 0 ? layout.rowY(arrow.fromTask) : null;
    if (toY === null && fromY === null) continue;
    const x1 = layout.scale(boundaryAt(layout.axis, layout.kind, arrow.toStep));
    const key = `${arrow.toStep}:${arrow.fromStep}:${arrow.fromTask}`;
    if (arrow.family === 'timer' || arrow.fromTask === arrow.toTask || arrow.fromTask < 0) {
      // On the task's own lane: an arch over the wait, from the timer (or the cause) to the resume.
      if (toY === null) continue;
      const x0 = Math.min(causeX(layout, arrow.fromStep), x1 - 16);
      const top = toY - half + 4;
      const y = toY - half + 11;
      out.push({
        key,
        d: `M ${x0} ${y} C ${x0 + (x1 - x0) * 0.25} ${top - 6}, ${x1 - (x1 - x0) * 0.25} ${top - 6}, ${x1 - 1} ${y}`,
        family: arrow.family,
        label: arrow.label,
        short: arrow.short,
        labelX: (x0 + x1) / 2,
        labelY: top - 2,
        showLabel: once(`${arrow.toTask}:${arrow.toStep}`),
        fromTask: arrow.toTask,
        toTask: arrow.toTask,
        toStep: arrow.toStep,
      });
      continue;
    }
    const x0 = causeX(layout, arrow.fromStep);
    const y0 = fromY ?? (toY !== null && toY > layout.top ? layout.top : layout.bottom);
    const y1 = toY ?? ((fromY as number) > layout.top ? layout.top : layout.bottom);
    const down = y1 > y0;
    // Leave and reach the lanes at their edge facing each other, so the head stays readable.
    const start = fromY === null ? y0 : y0 + (down ? half - 8 : -(half - 8));
    const end = toY === null ? y1 : y1 + (down ? -(half - 10) : half - 10);
    const span = Math.max(24, Math.abs(x1 - x0) / 2);
    out.push({
      key,
      d: `M ${x0} ${start} C ${x0 + span * 0.6} ${start}, ${x1 - span * 0.6} ${end}, ${x1 - 1} ${end}`,
      family: arrow.family,
      label: arrow.label,
      short: arrow.short,
      labelX: x0 + 6,
      labelY: start + (down ? 14 : -6),
      showLabel: once(`${arrow.fromTask}:${arrow.fromStep}:${arrow.short}`),
      fromTask: arrow.fromTask,
      toTask: arrow.toTask,
      toStep: arrow.toStep,
    });
  }
  return out;
}
