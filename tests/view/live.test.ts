/**
 * The view model of a run still going (scheduler/view/live.ts), fed by the recorder's chunks while
 * the scenario runs: each snapshot is the model of the events it came with, and the last model is
 * the model of the whole run, as if built afterwards.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scheduler/python/scenario.ts';
import { LiveModel, type ModelWithTrace } from '../../scheduler/view/live.ts';
import { runScenarioLive } from '../../scheduler/view/run-live.ts';
import { buildViewModel } from '../../scheduler/view/builder.ts';
import { scenarioSource, traceOf } from '../renderer/support.ts';
import { expectSameModel } from './support.ts';
import { explainView, explainedPrefix } from '../../scheduler/view/explained.ts';
import { buildModel } from '../../renderer/viz/model.ts';

function liveRun(name: string, chunkWords: number, maxTicks = 3000, explainWords?: number) {
  const snapshots: ModelWithTrace[] = [];
  const live = new LiveModel(`scenarios/${name}`, { onSnapshot: (s) => snapshots.push(s), firstSnapshotWords: 200, ...(explainWords === undefined ? {} : { explainWords }) });
  const result = runScenario(scenarioSource(name), {
    file: `scenarios/${name}`,
    limits: { maxTicks },
    onTraceChunk: (words, strings) => live.chunk(words, strings),
    onTraceFloats: (values) => live.floats(values),
    keepStreamedEvents: false,
    traceChunkWords: chunkWords,
    traceFloatsWithChunks: true,
  });
  return { snapshots, final: live.finish(result.trace) };
}

describe('the model of a run still going', () => {
  it.each(['05-producer-consumer-bounded-queue.py', '04-server-many-clients.py', '31-runaway-loop-hits-limit.py'])(
    '%s: snapshots as the run goes, each the model of its own events; the last, the model of the whole run',
    (name) => {
      const whole = traceOf(name, 3000);
      const { snapshots, final } = liveRun(name, 64);
      expect(snapshots.length).toBeGreaterThan(1);
      let previous = 0;
      for (const { model, events, floats } of snapshots) {
        // Doubling: each snapshot holds at least twice the events of the one before.
        expect(events.length).toBeGreaterThanOrEqual(2 * previous);
        previous = events.length;
        expect(model.complete).toBe(false);
        // The snapshot's events are a prefix of the run's, and its model is theirs.
        expect(Array.from(events)).toEqual(Array.from(whole.events.subarray(0, events.length)));
        expectSameModel({ ...whole, events, floats: floats.subarray(0, model.floats), end: null }, model);
      }
      expect(final.trace).toEqual(whole);
      expectSameModel(whole, final.model);
      expect(final.model).toEqual(explainView(buildViewModel(whole), whole));
    },
  );

  it('every model comes explained; a snapshot past the bound explains the same first steps, built once and copied to each', () => {
    const name = '04-server-many-clients.py';
    const whole = traceOf(name, 3000);
    const bound = Math.floor(whole.events.length / 5);
    const { snapshots, final } = liveRun(name, 64, 3000, bound);
    const past = snapshots.filter((s) => s.model.words > bound);
    expect(past.length).toBeGreaterThan(1);
    for (const { model, events, floats } of snapshots) {
      const explained = model.explained!;
      expect(explained).toBeDefined();
      const trace = { ...whole, events, floats: floats.subarray(0, model.floats), steps: model.axis.steps, end: null };
      const expected = model.words > bound ? explainedPrefix(model, trace, bound) : trace;
      expect([explained.words, explained.steps]).toEqual([expected.events.length, expected.steps]);
      expect(explained.words).toBeLessThanOrEqual(Math.max(bound, model.index.runWord[0]!));
      // The explanation of that stretch, as the renderer's model of it has it.
      const reference = buildModel(expected);
      const { trace: _t, ...index } = reference.explain;
      expect(explained.index).toEqual(index);
      expect(explained.lints).toEqual(reference.lints);
    }
    // Built once: the same prefix, in buffers of each snapshot's own (each is moved to the page).
    const [a, b] = past as [ModelWithTrace, ModelWithTrace];
    expect(a.model.explained!.index).toEqual(b.model.explained!.index);
    expect(a.model.explained!.index.stepHandle.buffer).not.toBe(b.model.explained!.index.stepHandle.buffer);
    // The whole run's model explains all of it.
    expect(final.model.explained!.words).toBe(whole.events.length);
    expect(final.model.explained!.steps).toBe(whole.steps);
  });

  it('a run stopped part way: the model of what was traced, ended as the host says', () => {
    const name = '31-runaway-loop-hits-limit.py';
    const live = new LiveModel(name, { onSnapshot: () => {} });
    // The run goes on; the host stops reading after 400 ticks' worth of chunks.
    runScenario(scenarioSource(name), {
      file: name,
      limits: { maxTicks: 400 },
      onTraceChunk: (w, s) => live.chunk(w, s),
      onTraceFloats: (v) => live.floats(v),
      keepStreamedEvents: false,
      traceChunkWords: 128,
      traceFloatsWithChunks: true,
    });
    const cut = live.cut({ kind: 'limit', time: 0, reason: 'stopped', message: 'stopped' });
    expect(cut.model.complete).toBe(true);
    expect(cut.model.end?.kind).toBe('limit');
    expect(cut.model.words).toBe(live.wordCount);
    expect(cut.model.axis.steps).toBeGreaterThan(300);
  });

  it.each(['02-three-coroutines-gathered.py', '17-deadlock-two-locks.py', '09-gather-errors.py'])('%s: played with its model, as the workers do', (name) => {
    const whole = traceOf(name);
    const { result, model } = runScenarioLive(scenarioSource(name), { file: `scenarios/${name}`, limits: { maxTicks: 5000 } });
    expect(result.error).toBeNull();
    expect(result.trace).toEqual(whole);
    expect(model).toEqual(explainView(buildViewModel(whole), whole));
  });

  it('a snapshot that fails to be made or sent is skipped: the run, its trace and its final model are as without it', () => {
    // A snapshot is taken inside the recorder's hand-over of a chunk, in the middle of the run. Its
    // failure must neither end the run nor hand the same events over twice (the builder would then
    // see a Tick's due timers out of order, as a loaded browser once showed).
    const name = '31-runaway-loop-hits-limit.py';
    const options = { file: `scenarios/${name}`, limits: { maxTicks: 5000 }, chunkWords: 512, firstSnapshotWords: 512 };
    const plain = runScenarioLive(scenarioSource(name), options);
    let calls = 0;
    const failing = runScenarioLive(scenarioSource(name), {
      ...options,
      onSnapshot: () => {
        calls++;
        if (calls === 2) throw new DOMException('An ArrayBuffer is detached and could not be cloned.', 'DataCloneError');
      },
    });
    expect(calls).toBeGreaterThan(2);
    expect(failing.result.error).toBeNull();
    expect(failing.result.trace).toEqual(plain.result.trace);
    expect(failing.model).toEqual(plain.model);
  });

  it('a scenario that does not load has no model, and its error', () => {
    const { result, model } = runScenarioLive('import asyncio\nasync def main(:\n', { file: 'bad.py' });
    expect(model).toBeNull();
    expect(result.error?.line).toBe(2);
  });
});
