/**
 * The model of a run that ended before its worker finished it: the person pressed Stop, or the
 * worker failed (out of memory, a crash) while the run was being drawn as it went. What was drawn
 * stays, ended by a note that says why (a limit, as the scheduler's own limits end a run), so the
 * end panel and the lanes read as for any run that did not finish.
 */
import { WORKER_FAILURE } from '../../main/common/worker-failure.ts';
import type { LoadedScenario } from '../../main/common/contract.ts';
import type { TraceEnd } from '../../scheduler/trace/format.ts';
import { explainEnd } from './deadlock.ts';
import type { TraceModel } from './model.ts';

const stepsText = (steps: number): string => `${steps.toLocaleString('en-US')} step${steps === 1 ? '' : 's'}`;

function endedModel(model: TraceModel, reason: string, message: string): TraceModel {
  const end: TraceEnd = { kind: 'limit', time: model.axis.endTime, reason, message };
  return { ...model, trace: { ...model.trace, end }, end, story: explainEnd(end), complete: true };
}

export function stoppedModel(model: TraceModel): TraceModel {
  return endedModel(model, 'stopped', `you pressed Stop after ${stepsText(model.axis.steps)}`);
}

/**
 * A run drawn as it went (`model`, not complete) whose worker then failed: what was drawn, ended
 * by the failure's diagnosis. Null when `failure` is not a worker's failure or nothing is drawn.
 */
export function keptAfterFailure(model: TraceModel | null, failure: LoadedScenario): TraceModel | null {
  if (model === null || model.complete) return null;
  const { outcome } = failure;
  const end = outcome.kind === 'trace' ? (outcome.trace.end as TraceEnd | null | undefined) : null;
  if (end?.kind !== 'limit' || end.reason !== WORKER_FAILURE) return null;
  return endedModel(model, WORKER_FAILURE, `${end.message} after ${stepsText(model.axis.steps)}; what it had drawn is kept`);
}
