/**
 * A run drawn as it went that ends early keeps what was drawn (renderer/viz/stopped.ts): after Stop,
 * and when its worker fails (the page showed an empty run before).
 */
import { describe, expect, it } from 'vitest';
import { WORKER_FAILURE, workerFailure } from '../../main/common/worker-failure.ts';
import type { LoadedScenario } from '../../main/common/contract.ts';
import { buildModel } from '../../renderer/viz/model.ts';
import { keptAfterFailure, stoppedModel } from '../../renderer/viz/stopped.ts';
import { traceOf } from './support.ts';

const scenario = { file: '/tmp/x.py', name: 'x.py', source: 'print(1)\n', reload: false };

describe('a run that ends before its worker finished it', () => {
  const whole = buildModel(traceOf('13-lock-shared-account.py'));
  const drawn = { ...whole, complete: false };

  it('after Stop: the steps drawn, ended by a note that says so', () => {
    const stopped = stoppedModel(drawn);
    expect(stopped.complete).toBe(true);
    expect(stopped.axis).toBe(drawn.axis);
    expect(stopped.end).toMatchObject({ kind: 'limit', reason: 'stopped', message: `you pressed Stop after ${drawn.axis.steps} steps` });
  });

  it("when the worker fails: the steps drawn, ended by the failure's diagnosis", () => {
    const failure = workerFailure(scenario, "the scenario's worker ran out of memory and was stopped");
    const kept = keptAfterFailure(drawn, failure);
    expect(kept).not.toBeNull();
    expect(kept?.complete).toBe(true);
    expect(kept?.axis).toBe(drawn.axis);
    expect(kept?.lanes).toBe(drawn.lanes);
    expect(kept?.end).toMatchObject({
      kind: 'limit',
      reason: WORKER_FAILURE,
      message: `the scenario's worker ran out of memory and was stopped after ${drawn.axis.steps} steps; what it had drawn is kept`,
    });
  });

  it('nothing to keep: no model drawn, a finished model, or a reply that is not a failure', () => {
    const failure = workerFailure(scenario, 'boom');
    expect(keptAfterFailure(null, failure)).toBeNull();
    expect(keptAfterFailure(whole, failure)).toBeNull();
    const trace = traceOf('13-lock-shared-account.py') as unknown as Extract<LoadedScenario['outcome'], { kind: 'trace' }>['trace'];
    const finished: LoadedScenario = { ...scenario, outcome: { kind: 'trace', trace } };
    expect(keptAfterFailure(drawn, finished)).toBeNull();
  });
});
