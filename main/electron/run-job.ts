/**
 * One scenario run inside the worker: the scheduler call and the replies it produces. Kept apart
 * from the worker_threads glue (run-worker.ts) so it runs under a test without a thread.
 *
 * Imports nothing that main.ts imports at runtime, so the bundler gives the worker no chunk
 * shared with main: the worker file must stand alone (it runs unpacked from the asar).
 */
import { APP_LIVELOCK_TICKS, runScenario } from '../../scheduler/python/scenario.ts';
import type { ScenarioError } from '../../scheduler/python/diagnostics.ts';
import type { ScenarioProblem } from '../common/contract.ts';
import type { RunRequest, WorkerReply } from './worker-protocol.ts';

/** Posts a reply; `transfer` lists buffers to move rather than copy. */
export type Post = (reply: WorkerReply, transfer?: ArrayBuffer[]) => void;

export function runJob(request: RunRequest, post: Post): void {
  const { id } = request;
  try {
    const { trace, error } = runScenario(request.source, {
      file: request.file,
      // The app stops a sleep(0) busy-wait in a fraction of a second instead of at the tick limit.
      limits: { livelockTicks: APP_LIVELOCK_TICKS, ...request.limits },
      // The wall-clock limit (ScenarioLimits.maxWallSeconds) needs the host's clock.
      wallClock: () => performance.now(),
      onProgress: (ticks, time) => post({ type: 'progress', id, ticks, time }),
    });
    // Moved, not copied: a million-tick trace is twelve million events, and the trace's arrays
    // are fresh copies (toTrace slices), so nothing else holds their buffers.
    const transfer = [trace.events.buffer, trace.floats.buffer].filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer);
    post({ type: 'done', id, trace, problem: error === null ? null : problemOf(error) }, transfer);
  } catch (error) {
    post({ type: 'failed', id, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
}

/** The contract's fields of a ScenarioError: toJSON also carries editor offsets and the source line. */
export function problemOf(error: ScenarioError): ScenarioProblem {
  const { from, to, sourceLine, pythonClass, ...problem } = error.toJSON();
  return problem;
}
