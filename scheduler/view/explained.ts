/**
 * The explanation of a view model (scheduler/explain: narration, causes, accounting, lints, lane
 * marks), built where the model is built, in the worker, and sent with it: the page receives it
 * ready and makes no pass over the events. Its per-step, per-handle and per-future facts are typed
 * columns, moved with the model's (transfer.ts).
 *
 * A model of a run still going explains only its first PARTIAL_EXPLAIN_WORDS words, cut at a step
 * boundary: drawing a long run as it goes never waits on explaining all of it, and once a run
 * has passed that size every later snapshot explains the same prefix, which SnapshotExplainer
 * builds once and hands out again. The model of the whole run (or of a stopped one) explains all.
 */
import { buildExplainIndex, type ExplainIndex } from '../explain/index.ts';
import { laneMarksOf, type LaneMark, type MarkedLog } from '../explain/lane-marks.ts';
import { findLints, type Lint } from '../explain/lints.ts';
import { TRACE_FORMAT, TRACE_VERSION, WARNING_KINDS, type Trace } from '../trace/format.ts';
import { textOf, type ViewModel } from './model.ts';
import { plainCopy } from './transfer.ts';
import { shareModelColumns } from './shared-columns.ts';
import type { TraceStream } from './cursor.ts';

/** How much of a run still going is explained (in the worker: about 100 ms of work). */
export const PARTIAL_EXPLAIN_WORDS = 1 << 20;

/** The explanation index as it travels: without its trace, which the page already has. */
export type ShippedExplainIndex = Omit<ExplainIndex, 'trace'>;

export interface ViewExplanation {
  index: ShippedExplainIndex;
  /** The stretch of the model's trace explained: all of it, or its first steps (a prefix cut at a Run). */
  steps: number;
  words: number;
  floats: number;
  /** Learner lints of that stretch, in the order they became known. */
  lints: Lint[];
  /** Marks on the lanes, by task then step. */
  laneMarks: LaneMark[];
}

/** The trace of the steps of `view` whose events end within its first `words` words (cut at a Run). */
export function explainedPrefix(view: ViewModel, trace: Trace, words: number): Trace {
  const { runWord, runFloat } = view.index;
  // The last step boundary at or before `words` (runWord is ascending, one entry per step and the end).
  let lo = 0;
  let hi = view.axis.steps;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((runWord[mid] as number) <= words) lo = mid;
    else hi = mid - 1;
  }
  return { ...trace, events: trace.events.subarray(0, runWord[lo] as number), floats: trace.floats.subarray(0, runFloat[lo] as number), steps: lo, end: null };
}

/** The trace `view` was built from, as a Trace (a partial model's: its first events). */
export function traceOfView(view: ViewModel, stream: TraceStream): Trace {
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    source: view.source,
    strings: stream.strings as string[],
    events: (stream.events.length === view.words ? stream.events : stream.events.subarray(0, view.words)) as Int32Array<ArrayBuffer>,
    floats: (stream.floats.length === view.floats ? stream.floats : stream.floats.subarray(0, view.floats)) as Float64Array<ArrayBuffer>,
    steps: view.axis.steps,
    end: view.end,
  };
}

/** The trace an explanation covers, from the trace of its model (the same arrays, or a prefix of them). */
export function explainedTrace(explanation: ViewExplanation, trace: Trace): Trace {
  if (explanation.words === trace.events.length && explanation.steps === trace.steps) return trace;
  return { ...trace, events: trace.events.subarray(0, explanation.words), floats: trace.floats.subarray(0, explanation.floats), steps: explanation.steps, end: null };
}

/** The loop's warnings of a model, as the lane marks read them. */
export function markedLogs(view: ViewModel): MarkedLog[] {
  const { logs } = view;
  const out: MarkedLog[] = new Array(logs.count);
  for (let i = 0; i < logs.count; i++) {
    out[i] = { visibleFrom: logs.visibleFrom[i] as number, text: textOf(view, logs.text[i] as number), kind: WARNING_KINDS[logs.kind[i] as number] ?? 'other', task: logs.task[i] as number };
  }
  return out;
}

/** The index and lints of one stretch of a trace. */
interface Explained {
  index: ShippedExplainIndex;
  lints: Lint[];
  steps: number;
  words: number;
  floats: number;
}

function explainStretch(trace: Trace): Explained {
  const index = buildExplainIndex(trace);
  const lints = findLints(trace, index);
  const { trace: _omitted, ...shipped } = index;
  return { index: shipped, lints, steps: trace.steps, words: trace.events.length, floats: trace.floats.length };
}

/** What of `view` to explain: all of it, or (a run still going, past the bound) its first steps. */
function stretchOf(view: ViewModel, trace: Trace, partialWords: number): Trace {
  return view.complete || view.words <= partialWords ? trace : explainedPrefix(view, trace, partialWords);
}

function withMarks(view: ViewModel, explained: Explained): ViewExplanation {
  return { ...explained, index: shareModelColumns(view, explained.index), laneMarks: laneMarksOf(explained.index, markedLogs(view)) };
}

/** `view` with its explanation (`stream`: the trace's arrays it was built from). */
export function explainView(view: ViewModel, stream: TraceStream, partialWords = PARTIAL_EXPLAIN_WORDS): ViewModel {
  return { ...view, explained: withMarks(view, explainStretch(stretchOf(view, traceOfView(view, stream), partialWords))) };
}

/**
 * The explanations of a long run's snapshots: each explains at most the first `partialWords`
 * words; the prefix is the same for every snapshot past that size, so it is built once. Each
 * snapshot gets its own copy (its buffers are moved to the page with it).
 */
export class SnapshotExplainer {
  private prefix: Explained | null = null;

  constructor(private readonly partialWords = PARTIAL_EXPLAIN_WORDS) {}

  explain(view: ViewModel, stream: TraceStream): ViewModel {
    const stretch = stretchOf(view, traceOfView(view, stream), this.partialWords);
    if (stretch.events.length < view.words && !view.complete) {
      if (this.prefix === null || this.prefix.words !== stretch.events.length) this.prefix = explainStretch(stretch);
      return { ...view, explained: withMarks(view, plainCopy(this.prefix)) };
    }
    return { ...view, explained: withMarks(view, explainStretch(stretch)) };
  }
}
