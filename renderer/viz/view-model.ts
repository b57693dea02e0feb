/**
 * The page's TraceModel from a view model built in a worker (scheduler/view): the worker has
 * already walked the events once and laid out the step axis, the lanes and the printed lines in
 * typed arrays, which arrive transferred. What is left for the page is cheap and proportional to
 * the tasks and printed lines, never to the events: a row object per task for the labels, a line
 * object per print for the console, and a cursor that rebuilds the state at a step on demand
 * from the model's checkpoints (scheduler/view/cursor.ts).
 *
 * The explanation (scheduler/explain: narration, causes, lints, accounting) is the exception: it
 * is built here from the trace's arrays, one more pass over the events on the page. A partial
 * model of a long run (sent every time its events double) explains only its first
 * PARTIAL_EXPLAIN_WORDS words, up to a step boundary, so that drawing a run as it goes never stalls
 * the page; the model of the whole run (or of a stopped one) explains all of it. The explanation
 * is a pure function of the trace and could move to the worker.
 */
import { TRACE_FORMAT, TRACE_VERSION, WARNING_KINDS, type Trace } from '../../scheduler/trace/format.ts';
import { buildExplainIndex } from '../../scheduler/explain/index.ts';
import { findLints } from '../../scheduler/explain/lints.ts';
import { formatTime3 } from '../../scheduler/python/format.ts';
import { ViewCursor, type TraceStream } from '../../scheduler/view/cursor.ts';
import { STREAM, printerName, textOf, type ViewModel } from '../../scheduler/view/model.ts';
import { STATE_NAMES } from '../../scheduler/view/replay.ts';
import type { TaskStateName } from '../../scheduler/trace/state.ts';
import { explainEnd } from './deadlock.ts';
import type { LaneTask } from './lanes.ts';
import { laneMarksOf, type LogLine, type OutputLine, type TraceModel } from './model.ts';

/** How much of a run still going is explained (about 100 ms of work here). */
export const PARTIAL_EXPLAIN_WORDS = 1 << 20;

/** The trace's own arrays, which the model's state index points into. */
export type { TraceStream };

export function modelFromView(view: ViewModel, stream: TraceStream): TraceModel {
  const { axis, lanes, printed, logs } = view;
  const table = lanes.tasks;
  const tasks: LaneTask[] = new Array(table.count);
  const taskByName = new Map<string, number>();
  for (let t = 0; t < table.count; t++) {
    const exception = table.exception[t] as number;
    const name = textOf(view, table.name[t] as number);
    tasks[t] = {
      serial: t,
      name,
      coro: textOf(view, table.coro[t] as number),
      creator: table.creator[t] as number,
      createdAt: table.createdAt[t] as number,
      createdAtLine: table.createdAtLine[t] as number,
      via: textOf(view, table.via[t] as number),
      endState: STATE_NAMES[table.endState[t] as number] as TaskStateName,
      endedAt: table.endedAt[t] as number,
      exception: exception === -1 ? null : textOf(view, exception),
    };
    taskByName.set(name, t);
  }
  const outputs: OutputLine[] = new Array(printed.count);
  for (let i = 0; i < printed.count; i++) {
    const time = printed.time[i] as number;
    outputs[i] = {
      index: i,
      visibleFrom: printed.visibleFrom[i] as number,
      time,
      timeText: formatTime3(time),
      task: printed.task[i] as number,
      taskName: printerName(view, i),
      text: textOf(view, printed.text[i] as number),
      line: printed.line[i] as number,
      stream: printed.stream[i] === STREAM.stderr ? 'stderr' : 'stdout',
      seq: printed.seq[i] as number,
    };
  }
  const logLines: LogLine[] = [];
  for (let i = 0; i < logs.count; i++) {
    logLines.push({
      visibleFrom: logs.visibleFrom[i] as number,
      time: logs.time[i] as number,
      text: textOf(view, logs.text[i] as number),
      kind: WARNING_KINDS[logs.kind[i] as number] ?? 'other',
      task: logs.task[i] as number,
      line: logs.line[i] as number,
      seq: logs.seq[i] as number,
    });
  }
  // The events the model was built from (a partial model of a run: its first events).
  const events = stream.events.length === view.words ? stream.events : stream.events.subarray(0, view.words);
  const floats = stream.floats.length === view.floats ? stream.floats : stream.floats.subarray(0, view.floats);
  const trace: Trace = {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    source: view.source,
    strings: stream.strings as string[],
    events: events as Int32Array<ArrayBuffer>,
    floats: floats as Float64Array<ArrayBuffer>,
    steps: axis.steps,
    end: view.end,
  };
  const explain = buildExplainIndex(view.complete || view.words <= PARTIAL_EXPLAIN_WORDS ? trace : explainedPrefix(view, trace, PARTIAL_EXPLAIN_WORDS));
  const cursor = new ViewCursor(view, stream);
  return {
    trace,
    axis,
    lanes: { ...lanes, tasks },
    outputs,
    logs: logLines,
    explain,
    lints: findLints(trace, explain),
    laneMarks: laneMarksOf(explain, logLines),
    end: view.end,
    story: view.end === null ? null : explainEnd(view.end),
    cursor: { stateAt: (step) => cursor.stateAt(step), viewAt: (step, limit) => cursor.viewAt(step, limit) },
    taskByName,
    complete: view.complete,
  };
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
