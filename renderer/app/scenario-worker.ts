/**
 * The web build's scheduler: runs scenarios off the UI thread, as the Electron main process does
 * in its own worker, and answers with the same LoadedScenario. The view model is built here too,
 * as the run goes (runScenarioLive), so the page receives typed arrays it only has to draw: a
 * long run sends models of its first events as it goes, then the whole run. Saved traces are
 * read here as well, and drawn as they are read in the same way (scheduler/view/open-live.ts).
 */
import { APP_LIVELOCK_TICKS } from '../../scheduler/python/scenario.ts';
import { runScenarioLive } from '../../scheduler/view/run-live.ts';
import { SnapshotCheckpoints, transferList } from '../../scheduler/view/transfer.ts';
import { openTraceLive, type TraceBytes } from '../../scheduler/view/open-live.ts';
import { TraceFileError } from '../../scheduler/trace/json-reader.ts';
import type { LoadedScenario, ScenarioProblem } from '../../main/common/contract.ts';
import type { ViewModel } from '../../scheduler/view/model.ts';
import type { Trace } from '../../scheduler/trace/format.ts';
import type { RunReply, RunRequest, ScenarioRun, TraceOpen } from './run-protocol.ts';

const post = (reply: RunReply, transfer: Transferable[] = []): void =>
  (self as unknown as { postMessage(message: RunReply, transfer: Transferable[]): void }).postMessage(reply, transfer);

type TraceOutcome = Extract<LoadedScenario['outcome'], { kind: 'trace' }>;

/** The trace and its model, as a LoadedScenario's outcome, with the buffers to move (not copy). */
function traceOutcome(trace: Trace, model: ViewModel): { outcome: TraceOutcome; transfer: Transferable[] } {
  const transfer: Transferable[] = [...transferList(model), trace.events.buffer, trace.floats.buffer];
  return { outcome: { kind: 'trace', trace: trace as unknown as TraceOutcome['trace'], view: model }, transfer: [...new Set(transfer)] };
}

function run(id: number, request: ScenarioRun): void {
  const { file, name, source, edit, unsaved } = request;
  const started = performance.now();
  let loaded = started;
  const sent = new SnapshotCheckpoints();
  const { result, model } = runScenarioLive(source, {
    file,
    // A sleep(0) busy-wait is diagnosed in a fraction of a second instead of at the tick limit.
    limits: { livelockTicks: APP_LIVELOCK_TICKS },
    onProgress: (ticks, time) => post({ id, kind: 'progress', ticks, time }),
    onLoaded: () => (loaded = performance.now()),
    // The wall-clock limit (ScenarioLimits.maxWallSeconds) needs the host's clock.
    wallClock: () => performance.now(),
    // A long run's lanes fill in at least every second or so.
    snapshotEveryMs: 1000,
    // A long run is drawn as it goes: each snapshot moves to the page with only its new checkpoints.
    onSnapshot: ({ model: whole, events, floats }) => {
      const snapshot = sent.strip(whole);
      post({ id, kind: 'snapshot', model: snapshot, events, floats }, [...transferList(snapshot), events.buffer, floats.buffer]);
    },
  });
  const ended = performance.now();
  // A text that does not load never reaches onLoaded: all its time was loading.
  const timing = result.error === null ? { load: loaded - started, run: ended - loaded } : { load: ended - started, run: 0 };
  let outcome: LoadedScenario['outcome'];
  let transfer: Transferable[] = [];
  if (result.error !== null || model === null) {
    const e = result.error as NonNullable<typeof result.error>;
    const problem: ScenarioProblem = { kind: e.kind, file: e.file, line: e.line, column: e.column, endLine: e.endLine, endColumn: e.endColumn, message: e.message };
    if (e.hint !== undefined) problem.hint = e.hint;
    outcome = { kind: 'error', error: problem };
  } else {
    ({ outcome, transfer } = traceOutcome(result.trace, model));
  }
  const scenario: LoadedScenario = { file, name, source, reload: false, run: id, outcome };
  if (edit === true) scenario.edit = true;
  if (unsaved === true) scenario.unsaved = true;
  post({ id, kind: 'done', loaded: scenario, timing }, transfer);
}

/** A Blob's bytes, read from any offset (a saved trace's tail is read first: open-live.ts), or as one stream. */
const blobBytes = (blob: Blob): TraceBytes => ({
  size: blob.size,
  read: async (start, end) => new Uint8Array(await blob.slice(start, end).arrayBuffer()),
  chunks: () => chunksOf(blob),
});

/** A Blob's bytes as they are read (a ReadableStream of chunks). */
async function* chunksOf(blob: Blob): AsyncIterable<Uint8Array> {
  const reader = blob.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

/** The text a saved trace opens with: its scenario's, or a note that it was saved without one. */
const traceSource = (name: string, scenario: string | null): string =>
  scenario ?? `# ${name} was saved without its scenario's text.\n# Record it with: loopscope run FILE --format json > ${name}\n`;

/** A saved trace, read in this worker and drawn as it is read: snapshots of its first events, then the whole. */
async function openTrace(id: number, request: TraceOpen): Promise<void> {
  const started = performance.now();
  let lastReport = -Infinity;
  const sent = new SnapshotCheckpoints();
  try {
    const opened = await openTraceLive(request.name, blobBytes(request.blob), {
      onProgress: (progress) => {
        const now = performance.now();
        if (now - lastReport < 50) return;
        lastReport = now;
        post({ id, kind: 'open-progress', ...progress });
      },
      onSnapshot: ({ model: whole, events, floats }, scenario) => {
        const snapshot = sent.strip(whole);
        post({ id, kind: 'snapshot', model: snapshot, events, floats, source: traceSource(request.name, scenario) }, [...transferList(snapshot), events.buffer, floats.buffer]);
      },
    });
    const { outcome, transfer } = traceOutcome(opened.trace, opened.model);
    const scenario: LoadedScenario = { file: request.name, name: request.name, source: traceSource(request.name, opened.scenario), reload: false, run: id, outcome };
    post({ id, kind: 'done', loaded: scenario, timing: { load: performance.now() - started, run: 0 } }, transfer);
  } catch (error) {
    const message = error instanceof TraceFileError ? error.message : `${request.name}: this trace could not be opened (${error instanceof Error ? error.message : String(error)})`;
    post({ id, kind: 'refused', message });
  }
}

self.addEventListener('message', (message: MessageEvent<RunRequest>) => {
  const request = message.data;
  if (request.kind === 'open-trace') void openTrace(request.id, request);
  else run(request.id, request);
});
