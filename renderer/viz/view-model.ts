/**
 * The page's TraceModel from a view model built in a worker (scheduler/view): the worker has
 * already walked the events once and laid out the step axis, the lanes and the printed lines in
 * typed arrays, which arrive transferred. What is left for the page is cheap and proportional to
 * the tasks and printed lines, never to the events: a row object per task for the labels, a line
 * object per print for the console, and a cursor that rebuilds the state at a step on demand
 * from the model's checkpoints (scheduler/view/cursor.ts).
 *
 * The explanation (scheduler/explain: narration, causes, lints, accounting, lane marks) comes
 * with the model too, built in the worker (scheduler/view/explained.ts): a partial model of a long
 * run explains its first steps, the model of the whole run all of it. Only a model that arrives
 * without one (none of the app's hosts sends such) is explained here.
 */
import { WARNING_KINDS } from '../../scheduler/trace/format.ts';
import { formatTime3 } from '../../scheduler/python/format.ts';
import { ViewCursor, type TraceStream } from '../../scheduler/view/cursor.ts';
import { STREAM, printerName, textOf, type ViewModel } from '../../scheduler/view/model.ts';
import { STATE_NAMES } from '../../scheduler/view/replay.ts';
import type { TaskStateName } from '../../scheduler/trace/state.ts';
import { explainEnd } from './deadlock.ts';
import type { LaneTask } from './lanes.ts';
import type { LogLine, OutputLine, TraceModel } from './model.ts';
import { explainView, explainedTrace, traceOfView } from '../../scheduler/view/explained.ts';

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
  const trace = traceOfView(view, stream);
  const explained = view.explained ?? (explainView(view, trace).explained as NonNullable<ViewModel['explained']>);
  const explain = { ...explained.index, trace: explainedTrace(explained, trace) };
  const cursor = new ViewCursor(view, stream);
  return {
    trace,
    axis,
    lanes: { ...lanes, tasks },
    outputs,
    logs: logLines,
    explain,
    lints: explained.lints,
    laneMarks: explained.laneMarks,
    end: view.end,
    story: view.end === null ? null : explainEnd(view.end),
    cursor: { stateAt: (step) => cursor.stateAt(step), viewAt: (step, limit) => cursor.viewAt(step, limit), prepare: (step) => cursor.prepare(step) },
    taskByName,
    complete: view.complete,
  };
}
