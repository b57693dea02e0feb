/**
 * The view model of a run that is still going: the recorder hands over each chunk of events (with
 * the floats and strings it uses) as it seals it; they go into the builder at once, and a copy is
 * kept for the page, which needs the trace's own events to rebuild the state at any step.
 *
 * Now and then a snapshot (the model of everything so far, with the events it was built from) is
 * handed to `onSnapshot`, so the app can draw a long run before it ends. The first comes with the
 * first chunk; each next one when the events have doubled since the last, so that all snapshots
 * together cost about as much as the final model. What a snapshot holds is its own (fresh arrays),
 * so it can be transferred. Every model comes explained (explained.ts): a snapshot, its first
 * steps; the whole run's, all of it.
 */
import type { Trace, TraceEnd } from '../trace/format.ts';
import { ViewBuilder } from './builder.ts';
import type { ViewModel } from './model.ts';
import { PARTIAL_EXPLAIN_WORDS, SnapshotExplainer, explainView } from './explained.ts';

/** A model with the trace's own arrays it was built from (a prefix of the stream, for a snapshot). */
export interface ModelWithTrace {
  model: ViewModel;
  events: Int32Array<ArrayBuffer>;
  floats: Float64Array<ArrayBuffer>;
}

export interface LiveModelOptions {
  onSnapshot: (snapshot: ModelWithTrace) => void;
  /** A snapshot could not be made or sent (it is skipped; the run goes on). */
  onSnapshotError?: (error: unknown) => void;
  /** No snapshot before this many words (a short run is shown once, when it ends). */
  firstSnapshotWords?: number;
  /** How much the events grow between snapshots (2: each when they have doubled). */
  snapshotGrowth?: number;
  /** No snapshot past this many words: the whole model is near (a saved trace read at full speed). */
  lastSnapshotWords?: number;
  /**
   * The host's clock (ms) and a pace: a snapshot also comes when this long has passed since the
   * last and the events have grown by a quarter, so a long run's lanes keep filling in (and Stop
   * keeps more of it) without snapshots costing more than a fraction of the run.
   */
  clock?: () => number;
  snapshotEveryMs?: number;
  /** How much of a snapshot is explained at most (explained.ts); the whole run's model explains all. */
  explainWords?: number;
}

export class LiveModel {
  private readonly builder: ViewBuilder;
  private readonly chunks: Int32Array<ArrayBuffer>[] = [];
  private readonly floatBlocks: Float64Array<ArrayBuffer>[] = [];
  private words = 0;
  private floatCount = 0;
  /** Floats handed over but not yet given to the builder with a chunk. */
  private pendingFloats: Float64Array<ArrayBuffer>[] = [];
  private nextSnapshot: number;
  private lastSnapshotWords = 0;
  private lastSnapshotAt = 0;
  /** Snapshots skipped because making or sending them failed. */
  failedSnapshots = 0;
  private strings: readonly string[] = [];
  private readonly explainer: SnapshotExplainer;

  constructor(
    source: string,
    private readonly options: LiveModelOptions,
  ) {
    this.builder = new ViewBuilder(source);
    this.nextSnapshot = options.firstSnapshotWords ?? 1;
    this.explainer = new SnapshotExplainer(options.explainWords ?? PARTIAL_EXPLAIN_WORDS);
  }

  /** The recorder's onFloats: floats, in order, before the chunk that uses them. */
  floats(values: Float64Array): void {
    const copy = values.slice() as Float64Array<ArrayBuffer>;
    this.floatBlocks.push(copy);
    this.pendingFloats.push(copy);
    this.floatCount += copy.length;
  }

  /** The recorder's onChunk: the next chunk of events, and every string so far. */
  chunk(words: Int32Array, strings: readonly string[]): void {
    const copy = words.slice() as Int32Array<ArrayBuffer>;
    this.chunks.push(copy);
    this.words += copy.length;
    this.strings = strings;
    this.builder.push(copy, joinFloats(this.pendingFloats), strings);
    this.pendingFloats = [];
    if ((this.words >= this.nextSnapshot || this.paceDue()) && this.words <= (this.options.lastSnapshotWords ?? Infinity)) {
      this.nextSnapshot = this.words * (this.options.snapshotGrowth ?? 2);
      this.lastSnapshotWords = this.words;
      this.lastSnapshotAt = this.options.clock?.() ?? 0;
      // A snapshot is only a preview: if making or sending it fails, the run and its final model
      // go on without it (an exception here would otherwise surface inside the scenario's run).
      try {
        const events = joinInts(this.chunks, this.words);
        const floats = joinFloats(this.floatBlocks);
        const model = this.explainer.explain(this.builder.snapshot(), { strings: this.strings, events, floats });
        this.options.onSnapshot({ model, events, floats });
      } catch (error) {
        this.failedSnapshots++;
        this.options.onSnapshotError?.(error);
      }
    }
  }

  private paceDue(): boolean {
    const { clock, snapshotEveryMs } = this.options;
    if (clock === undefined || snapshotEveryMs === undefined || this.lastSnapshotWords === 0) return false;
    return this.words >= this.lastSnapshotWords * 1.25 && clock() - this.lastSnapshotAt >= snapshotEveryMs;
  }

  /** Where the builder is in the event stream (the word a malformed stream is refused at). */
  get position(): number {
    return this.builder.position;
  }

  /** Words handed over so far. */
  get wordCount(): number {
    return this.words;
  }

  /**
   * The run is over: `rest` is the trace the recorder returned, holding what it did not hand over
   * (its events and floats) and every string. The model of the whole run, and the whole trace.
   */
  finish(rest: Trace): ModelWithTrace & { trace: Trace } {
    this.floats(rest.floats);
    this.chunk(rest.events, rest.strings);
    const events = joinInts(this.chunks, this.words);
    const floats = joinFloats(this.floatBlocks);
    const model = explainView(this.builder.finish(rest.end), { strings: rest.strings, events, floats });
    return { model, events, floats, trace: { ...rest, events, floats } };
  }

  /** The model of what arrived, for a run that ended without finishing (stopped, or its worker lost): `end` says how. */
  cut(end: TraceEnd): ModelWithTrace {
    const events = joinInts(this.chunks, this.words);
    const floats = joinFloats(this.floatBlocks);
    return { model: explainView(this.builder.cut(end), { strings: this.strings, events, floats }), events, floats };
  }

  /** The strings of the trace so far. */
  get stringTable(): readonly string[] {
    return this.strings;
  }
}

function joinInts(chunks: readonly Int32Array<ArrayBuffer>[], total: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function joinFloats(blocks: readonly Float64Array<ArrayBuffer>[]): Float64Array<ArrayBuffer> {
  if (blocks.length === 1) return (blocks[0] as Float64Array<ArrayBuffer>).slice();
  let total = 0;
  for (const block of blocks) total += block.length;
  const out = new Float64Array(total);
  let at = 0;
  for (const block of blocks) {
    out.set(block, at);
    at += block.length;
  }
  return out;
}
