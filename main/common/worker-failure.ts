/**
 * A run whose worker died (out of memory, an exit, a crash of the interpreter) still ends with a
 * diagnosis in the app: the scenario as it was opened, with an empty trace whose END says what
 * happened, so the page leaves its "Running…" state and shows why. Both hosts use it: the
 * Electron run manager (main/electron/runner.ts) and the web host (renderer/app/web-host.ts).
 */
import type { LoadedScenario } from './contract.ts';

/** The limit reason of such an END (the trace's other limits are the scheduler's, loop.ts). */
export const WORKER_FAILURE = 'worker';

/** What a worker error says, for a person: V8's out-of-memory gets its own words. */
export function describeWorkerFailure(error: { message?: string; code?: string } | null, memoryLimitMb?: number): string {
  const code = error?.code;
  const message = error?.message ?? '';
  if (code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory|heap out of memory|allocation failed/i.test(message)) {
    const limit = memoryLimitMb === undefined ? '' : ` (${memoryLimitMb.toLocaleString('en-US')} MB)`;
    return `the scenario's worker ran out of memory${limit} and was stopped`;
  }
  return `the scenario's worker failed${message === '' ? '' : `: ${message}`}`;
}

export function workerFailure(scenario: Pick<LoadedScenario, 'file' | 'name' | 'source' | 'reload'>, message: string): LoadedScenario {
  return {
    file: scenario.file,
    name: scenario.name,
    source: scenario.source,
    reload: scenario.reload,
    outcome: {
      kind: 'trace',
      trace: {
        format: 'loopscope-trace',
        version: 1,
        source: scenario.file,
        strings: [],
        floats: new Float64Array(0),
        events: new Int32Array(0),
        steps: 0,
        end: { kind: 'limit', time: 0, reason: WORKER_FAILURE, message },
      },
    },
  };
}
