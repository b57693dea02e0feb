/**
 * Playing a scenario and building its view model as it runs: what the app's workers (the web
 * build's and the desktop app's) call, so the model is ready when the run ends, snapshots of a
 * long run can be drawn before it does, and the page only draws.
 */
import { runScenario, type ScenarioLimits, type ScenarioResult } from '../python/scenario.ts';
import { LiveModel, type ModelWithTrace } from './live.ts';
import type { ViewModel } from './model.ts';

/** Words per chunk of events the recorder hands over (256 KiB): the first frame of a long run comes early. */
export const LIVE_CHUNK_WORDS = 1 << 16;

export interface LiveRunOptions {
  file: string;
  limits?: ScenarioLimits;
  onProgress?: (ticks: number, time: number) => void;
  /** Called once the scenario has parsed and compiled, just before it runs. */
  onLoaded?: () => void;
  /** The host's clock, for the wall-clock limit (ScenarioOptions.wallClock). */
  wallClock?: () => number;
  /** A model of the run so far, with the events it was built from (see LiveModel). */
  onSnapshot?: (snapshot: ModelWithTrace) => void;
  chunkWords?: number;
  /** No snapshot before this many words (a short run is only shown when it ends). */
  firstSnapshotWords?: number;
  /** Also a snapshot when this long (ms, by wallClock) has passed and the events grew by a quarter (LiveModelOptions). */
  snapshotEveryMs?: number;
}

export interface LiveRunResult {
  /** What runScenario returns, its trace whole. */
  result: ScenarioResult;
  /** The view model of the whole run; null when the scenario did not load. */
  model: ViewModel | null;
}

export function runScenarioLive(source: string, options: LiveRunOptions): LiveRunResult {
  const live = new LiveModel(options.file, {
    onSnapshot: options.onSnapshot ?? (() => {}),
    firstSnapshotWords: options.firstSnapshotWords ?? 1 << 16,
    ...(options.wallClock === undefined || options.snapshotEveryMs === undefined ? {} : { clock: options.wallClock, snapshotEveryMs: options.snapshotEveryMs }),
  });
  const result = runScenario(source, {
    file: options.file,
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    onProgress: options.onProgress,
    ...(options.onLoaded === undefined ? {} : { onLoaded: options.onLoaded }),
    ...(options.wallClock === undefined ? {} : { wallClock: options.wallClock }),
    onTraceChunk: (words, strings) => live.chunk(words, strings),
    onTraceFloats: (values) => live.floats(values),
    keepStreamedEvents: false,
    traceChunkWords: options.chunkWords ?? LIVE_CHUNK_WORDS,
    traceFloatsWithChunks: true,
  });
  if (result.error !== null) return { result, model: null };
  const { model, trace } = live.finish(result.trace);
  return { result: { ...result, trace }, model };
}
