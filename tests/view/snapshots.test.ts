/**
 * What travels from a worker to the page for a run still going: snapshots carry only their new
 * checkpoints, as copies (SnapshotCheckpoints), and the page puts them together again
 * (mergeCheckpoints) into what the builder holds; snapshots also come on a pace (every so many
 * ms once the events grew by a quarter); and whatever arrives is checked for a view model's shape
 * (viewModelProblem, the contract's ViewModelPayload) before the page indexes it.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scheduler/python/scenario.ts';
import { LiveModel, type ModelWithTrace } from '../../scheduler/view/live.ts';
import { ViewCursor } from '../../scheduler/view/cursor.ts';
import { SnapshotCheckpoints, mergeCheckpoints, transferList } from '../../scheduler/view/transfer.ts';
import { viewModelProblem } from '../../scheduler/view/check.ts';
import { explainView } from '../../scheduler/view/explained.ts';
import { buildViewModel } from '../../scheduler/view/builder.ts';
import type { Checkpoint } from '../../scheduler/view/replay.ts';
import { LoadedScenario } from '../../main/common/contract.ts';
import { scenarioSource, traceOf } from '../renderer/support.ts';

function snapshotsOf(name: string, options: { clock?: () => number; snapshotEveryMs?: number } = {}): ModelWithTrace[] {
  const snapshots: ModelWithTrace[] = [];
  const live = new LiveModel(`scenarios/${name}`, { onSnapshot: (s) => snapshots.push(s), firstSnapshotWords: 200, ...options });
  const result = runScenario(scenarioSource(name), {
    file: `scenarios/${name}`,
    limits: { maxTicks: 20_000 },
    onTraceChunk: (words, strings) => live.chunk(words, strings),
    onTraceFloats: (values) => live.floats(values),
    keepStreamedEvents: false,
    traceChunkWords: 256,
    traceFloatsWithChunks: true,
  });
  live.finish(result.trace);
  return snapshots;
}

describe('snapshots carry only their new checkpoints, and the page merges them back', () => {
  it('31-runaway-loop-hits-limit.py: every merged snapshot holds the checkpoints the builder held, as its own copies, and answers the same states', () => {
    const snapshots = snapshotsOf('31-runaway-loop-hits-limit.py');
    expect(snapshots.length).toBeGreaterThan(3);
    const sent = new SnapshotCheckpoints();
    let previous: Checkpoint[] = [];
    let travelled = 0;
    for (const { model: original, events, floats } of snapshots) {
      // The worker gives its snapshot away (the transfer detaches its arrays): compare with a copy.
      const model = structuredClone(original);
      const stripped = sent.strip(original);
      travelled += stripped.index.checkpoints.length;
      // What a postMessage with the transfer list delivers to the page.
      const arrived = structuredClone(stripped, { transfer: transferList(stripped) });
      const merged = mergeCheckpoints(previous, arrived);
      expect(merged.index.checkpoints).toEqual(model.index.checkpoints);
      // Copies: moving them never detaches the builder's own.
      for (const c of original.index.checkpoints) expect(c.liveSerials.buffer.byteLength).toBe(c.liveSerials.length * 4);
      previous = merged.index.checkpoints;
      const whole = new ViewCursor(model, { events, floats, strings: model.strings });
      const rebuilt = new ViewCursor(merged, { events, floats, strings: model.strings });
      for (const step of [0, Math.floor(model.axis.steps / 3), model.axis.steps - 1, model.axis.steps].filter((s) => s >= 0)) {
        expect(rebuilt.stateAt(step), `step ${step}`).toEqual(whole.stateAt(step));
      }
    }
    // Fewer than sending them all each time.
    const all = snapshots.reduce((n, s) => n + s.model.index.checkpoints.length, 0);
    expect(travelled).toBeLessThan(all);
  });

  it('a model without heldSteps (a whole run) is left as it is', () => {
    const model = buildViewModel(traceOf('02-three-coroutines-gathered.py'));
    expect(mergeCheckpoints([], model)).toBe(model);
  });
});

describe('snapshots on a pace', () => {
  it('come when the clock has moved on and the events grew by a quarter, not only when they doubled', () => {
    const doubling = snapshotsOf('31-runaway-loop-hits-limit.py');
    let now = 0;
    // Each call of the clock is a second later: every chunk past a quarter's growth is due.
    const paced = snapshotsOf('31-runaway-loop-hits-limit.py', { clock: () => (now += 1000), snapshotEveryMs: 1000 });
    expect(paced.length).toBeGreaterThan(doubling.length);
    for (let i = 1; i < paced.length; i++) expect(paced[i]!.events.length).toBeGreaterThanOrEqual(paced[i - 1]!.events.length * 1.25);
    // Without a clock, the pace is off.
    const still = snapshotsOf('31-runaway-loop-hits-limit.py', { snapshotEveryMs: 1000 });
    expect(still.length).toBe(doubling.length);
  });
});

describe('a view model from another thread is checked for its shape', () => {
  const trace05 = traceOf('05-producer-consumer-bounded-queue.py');
  const model = explainView(buildViewModel(trace05), trace05);
  const explained = model.explained!;

  it('a real model passes, also after a structured clone', () => {
    expect(viewModelProblem(model)).toBeNull();
    expect(viewModelProblem(structuredClone(model))).toBeNull();
    expect(viewModelProblem(buildViewModel(trace05))).toBeNull();
  });

  it.each([
    ['not an object', null],
    ['axis.stepTask', { ...model, axis: { ...model.axis, stepTask: model.axis.stepTask.subarray(1) } }],
    ['axis.tickStart', { ...model, axis: { ...model.axis, tickStart: Array.from(model.axis.tickStart) } }],
    ['lanes.laneStart', { ...model, lanes: { ...model.lanes, laneStart: new Int32Array(1) } }],
    ['lanes.state', { ...model, lanes: { ...model.lanes, state: new Int32Array(model.lanes.count) } }],
    ['printed.visibleFrom', { ...model, printed: { ...model.printed, count: model.printed.count + 1 } }],
    ['printed.text', { ...model, printed: { ...model.printed, text: new Float64Array(model.printed.count) } }],
    ['index.heldSteps', { ...model, index: { ...model.index, heldSteps: [1, 2] } }],
    ['strings', { ...model, strings: [1] }],
    ['explained', { ...model, explained: { ...explained, steps: model.axis.steps + 1 } }],
    ['explained.index.stepCause', { ...model, explained: { ...explained, index: { ...explained.index, stepCause: explained.index.stepCause.subarray(1) } } }],
    ['explained.index.stepLands', { ...model, explained: { ...explained, index: { ...explained.index, stepLands: Array.from(explained.index.stepLands) } } }],
    ['explained.lints', { ...model, explained: { ...explained, lints: null } }],
  ])('refuses %s', (problem, value) => {
    expect(viewModelProblem(value)).toBe(problem);
  });

  it('the contract takes a LoadedScenario with its view, and refuses one whose view is not a model', () => {
    const trace = traceOf('05-producer-consumer-bounded-queue.py');
    const loaded = { file: 'a.py', name: 'a.py', source: '', reload: false, partial: true, run: 3, outcome: { kind: 'trace', trace, view: model } };
    expect(LoadedScenario.safeParse(loaded).success).toBe(true);
    expect(LoadedScenario.safeParse({ ...loaded, outcome: { ...loaded.outcome, view: { ...model, lanes: null } } }).success).toBe(false);
  });
});
