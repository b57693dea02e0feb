/**
 * One scenario run inside the worker: the scheduler call and the replies it produces. Kept apart
 * from the worker_threads glue (run-worker.ts) so it runs under a test without a thread.
 *
 * Imports nothing that main.ts imports at runtime, so the bundler gives the worker no chunk
 * shared with main: the worker file must stand alone (it runs unpacked from the asar).
 */
import { APP_LIVELOCK_TICKS } from '../../scheduler/python/scenario.ts';
import { runScenarioLive } from '../../scheduler/view/run-live.ts';
import { SnapshotCheckpoints, transferList } from '../../scheduler/view/transfer.ts';
import type { ScenarioError } from '../../scheduler/python/diagnostics.ts';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { openTraceLive } from '../../scheduler/view/open-live.ts';
import { TraceFileError } from '../../scheduler/trace/json-reader.ts';
import type { ScenarioProblem } from '../common/contract.ts';
import type { RunRequest, WorkerReply } from './worker-protocol.ts';

/** Posts a reply; `transfer` lists buffers to move rather than copy. */
export type Post = (reply: WorkerReply, transfer?: ArrayBuffer[]) => void;

/**
 * Open a saved trace in the worker: drawn as it is read (scheduler/view/open-live.ts: its tail
 * first, then its events laid out as they arrive), with snapshots as a run sends them.
 */
export async function openTraceJob(request: RunRequest & { tracePath: string }, post: Post): Promise<void> {
  const { id } = request;
  const sent = new SnapshotCheckpoints();
  try {
    const handle = await open(request.tracePath, 'r');
    try {
      const size = (await handle.stat()).size;
      const read = async (start: number, end: number): Promise<Uint8Array> => {
        const buffer = new Uint8Array(end - start);
        let at = 0;
        while (at < buffer.length) {
          const { bytesRead } = await handle.read(buffer, at, buffer.length - at, start + at);
          if (bytesRead === 0) break;
          at += bytesRead;
        }
        return at === buffer.length ? buffer : buffer.subarray(0, at);
      };
      // The events from the start as one stream (the tail is read first, with `read`).
      const chunks = (): AsyncIterable<Uint8Array> => createReadStream(request.tracePath, { highWaterMark: 1 << 20 });
      const opened = await openTraceLive(request.file, { size, read, chunks }, {
        onSnapshot: ({ model: whole, events, floats }, scenario) => {
          const snapshot = sent.strip(whole);
          post({ type: 'snapshot', id, model: snapshot, events, floats, scenario }, [...transferList(snapshot), events.buffer, floats.buffer]);
        },
      });
      const { trace, model } = opened;
      const transfer = [trace.events.buffer, trace.floats.buffer, ...transferList(model)].filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer);
      post({ type: 'done', id, trace, problem: null, view: model, scenario: opened.scenario }, [...new Set(transfer)]);
    } finally {
      await handle.close();
    }
  } catch (error) {
    const message = error instanceof TraceFileError ? error.message : `${request.file}: this trace could not be opened (${error instanceof Error ? error.message : String(error)})`;
    post({ type: 'refused', id, message });
  }
}

export function runJob(request: RunRequest, post: Post): void {
  if (request.tracePath !== undefined) {
    void openTraceJob(request as RunRequest & { tracePath: string }, post);
    return;
  }
  const { id } = request;
  try {
    // The view model is built here as the run goes, so the window only draws; a long run sends
    // models of its first events as it goes (each with only its new checkpoints).
    const sent = new SnapshotCheckpoints();
    const { result, model } = runScenarioLive(request.source, {
      file: request.file,
      // The app stops a sleep(0) busy-wait in a fraction of a second instead of at the tick limit.
      limits: { livelockTicks: APP_LIVELOCK_TICKS, ...request.limits },
      // The wall-clock limit (ScenarioLimits.maxWallSeconds) needs the host's clock.
      wallClock: () => performance.now(),
      // A long run's lanes fill in at least every second or so.
      snapshotEveryMs: 1000,
      onProgress: (ticks, time) => post({ type: 'progress', id, ticks, time }),
      onSnapshot: ({ model: whole, events, floats }) => {
        // Only the checkpoints new since the last snapshot travel (the page merges them).
        const snapshot = sent.strip(whole);
        post({ type: 'snapshot', id, model: snapshot, events, floats }, [...transferList(snapshot), events.buffer, floats.buffer]);
      },
    });
    const { trace, error } = result;
    // Moved, not copied: a million-tick trace is twelve million events, and the trace's arrays
    // are fresh copies, so nothing else holds their buffers.
    const transfer = [trace.events.buffer, trace.floats.buffer, ...(model === null ? [] : transferList(model))].filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer);
    post({ type: 'done', id, trace, problem: error === null ? null : problemOf(error), ...(model === null ? {} : { view: model }) }, [...new Set(transfer)]);
  } catch (error) {
    post({ type: 'failed', id, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
}

/** The contract's fields of a ScenarioError: toJSON also carries editor offsets and the source line. */
export function problemOf(error: ScenarioError): ScenarioProblem {
  const { from, to, sourceLine, pythonClass, ...problem } = error.toJSON();
  return problem;
}
