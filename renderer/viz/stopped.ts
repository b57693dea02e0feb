/**
 * The model of a run the person stopped: what was drawn when they pressed Stop, ended by a note
 * that says so (a limit whose reason is `stopped`), so the end panel and the lanes read as for
 * any run that did not finish.
 */
import type { TraceEnd } from '../../scheduler/trace/format.ts';
import { explainEnd } from './deadlock.ts';
import type { TraceModel } from './model.ts';

export function stoppedModel(model: TraceModel): TraceModel {
  const steps = model.axis.steps;
  const end: TraceEnd = {
    kind: 'limit',
    time: model.axis.endTime,
    reason: 'stopped',
    message: `you pressed Stop after ${steps.toLocaleString('en-US')} step${steps === 1 ? '' : 's'}`,
  };
  return { ...model, trace: { ...model.trace, end }, end, story: explainEnd(end), complete: true };
}
