/**
 * The web build's scheduler: runs scenarios off the UI thread, as the Electron main process does
 * in its own worker, and answers with the same LoadedScenario.
 */
import { APP_LIVELOCK_TICKS, runScenario } from '../../scheduler/python/scenario.ts';
import type { LoadedScenario, ScenarioProblem } from '../../main/common/contract.ts';
import type { RunReply, RunRequest } from './run-protocol.ts';

const post = (reply: RunReply, transfer: Transferable[] = []): void =>
  (self as unknown as { postMessage(message: RunReply, transfer: Transferable[]): void }).postMessage(reply, transfer);

self.addEventListener('message', (message: MessageEvent<RunRequest>) => {
  const { id, file, name, source, edit, unsaved } = message.data;
  const started = performance.now();
  let loaded = started;
  const result = runScenario(source, {
    file,
    // A sleep(0) busy-wait is diagnosed in a fraction of a second instead of at the tick limit.
    limits: { livelockTicks: APP_LIVELOCK_TICKS },
    onProgress: (ticks, time) => post({ id, kind: 'progress', ticks, time }),
    onLoaded: () => (loaded = performance.now()),
    // The wall-clock limit (ScenarioLimits.maxWallSeconds) needs the host's clock.
    wallClock: () => performance.now(),
  });
  const ended = performance.now();
  // A text that does not load never reaches onLoaded: all its time was loading.
  const timing = result.error === null ? { load: loaded - started, run: ended - loaded } : { load: ended - started, run: 0 };
  let outcome: LoadedScenario['outcome'];
  const transfer: Transferable[] = [];
  if (result.error !== null) {
    const e = result.error;
    const problem: ScenarioProblem = { kind: e.kind, file: e.file, line: e.line, column: e.column, endLine: e.endLine, endColumn: e.endColumn, message: e.message };
    if (e.hint !== undefined) problem.hint = e.hint;
    outcome = { kind: 'error', error: problem };
  } else {
    outcome = { kind: 'trace', trace: result.trace as unknown as Extract<LoadedScenario['outcome'], { kind: 'trace' }>['trace'] };
    // The event stream can be tens of megabytes: move it, don't copy it.
    transfer.push(result.trace.events.buffer, result.trace.floats.buffer);
  }
  const scenario: LoadedScenario = { file, name, source, reload: false, outcome };
  if (edit === true) scenario.edit = true;
  if (unsaved === true) scenario.unsaved = true;
  post({ id, kind: 'done', loaded: scenario, timing }, transfer);
});
