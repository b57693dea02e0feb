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

function liveRun(name: string, chunkWords: number, maxTicks = 3000) {
  const snapshots: ModelWithTrace[] = [];
  const live = new LiveModel(`scenarios/${name}`, { onSnapshot: (s) => snapshots.push(s), firstSnapshotWords: 200 });
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
      expect(final.model).toEqual(buildViewModel(whole));
    },
  );

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
    expect(model).toEqual(buildViewModel(whole));
  });

  it('a scenario that does not load has no model, and its error', () => {
    const { result, model } = runScenarioLive('import asyncio\nasync def main(:\n', { file: 'bad.py' });
    expect(model).toBeNull();
    expect(result.error?.line).toBe(2);
  });
});
