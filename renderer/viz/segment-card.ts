/**
 * What a lane's segment is, in words: the card the timeline shows under the pointer. Its title
 * names the task and the state ("Task-2 · waiting for sleep until 1.000"), its detail the steps,
 * the times and the line, and its last line the task's time accounted for the whole run.
 */
import type { ScaleLinear } from 'd3-scale';
import type { TraceModel } from './model.ts';
import type { AxisKind } from './steps.ts';
import { firstVisible, segmentAt } from './lanes.ts';
import { segmentStart } from '../../scheduler/view/segment-place.ts';
import { formatTime3 } from '../../scheduler/python/format.ts';
import { clippedCode } from '../../scheduler/explain/words.ts';
import { taskTimes, taskTimesText } from '../../scheduler/explain/accounting.ts';

export interface SegmentCard {
  title: string;
  detail: string;
  times: string;
}

/** How near (px) the pointer must be to a segment to name it: a one-step segment is a sliver when zoomed out. */
const REACH_PX = 3;

/** The card for task `serial`'s segment at `px` on the plot (null where there is none). */
export function segmentCard(model: TraceModel, kind: AxisKind, scale: ScaleLinear<number, number>, serial: number, px: number): SegmentCard | null {
  const { lanes, axis } = model;
  const task = lanes.tasks[serial];
  if (task === undefined) return null;
  const reach = scale.invert(REACH_PX) - scale.invert(0);
  const i = firstVisible(lanes, axis, kind, serial, scale.invert(px) - reach);
  if (i >= (lanes.laneStart[serial + 1] as number) || segmentStart(lanes, axis, kind, i) > scale.invert(px) + reach) return null;
  const segment = segmentAt(lanes, axis, i);
  const label = segment.state === 'waiting' ? `waiting for ${clippedCode(segment.label)}` : segment.state === 'failed' ? `failed: ${clippedCode(segment.label)}` : segment.state;
  const toStep = Math.min(segment.toStep, axis.steps);
  const steps = segment.state === 'running' ? `step ${segment.fromStep}` : `steps ${segment.fromStep}–${toStep}`;
  const until = segment.time[1] > segment.time[0] && segment.toStep <= axis.steps ? ` → ${formatTime3(segment.time[1])}` : '';
  const detail = `${steps} · t = ${formatTime3(segment.time[0])}${until} s${segment.line > 0 ? ` · line ${segment.line}` : ''}`;
  const accounted = taskTimes(model.explain, serial);
  return { title: `${task.name} · ${label}`, detail, times: accounted === null ? '' : taskTimesText(accounted) };
}
