/**
 * Everything the views need from one trace, computed once when it arrives: step positions on both
 * axes, task lanes, printed lines, and the story of how the run ended. Views only scale and cull it;
 * moving the cursor or zooming never re-lays it out.
 */
import { forEachEvent } from '../../scheduler/trace/decode.ts';
import type { Trace, TraceEnd } from '../../scheduler/trace/format.ts';
import { formatTime3 } from '../../scheduler/python/format.ts';
import { buildStepAxis, type StepAxis } from './steps.ts';
import { buildLanes, type Lanes } from './lanes.ts';
import { StateCursor, stateViewOf, type ModelCursor } from './state-cursor.ts';
import { explainEnd, type EndStory } from './deadlock.ts';
import { buildExplainIndex, type ExplainIndex } from '../../scheduler/explain/index.ts';
import { findLints, type Lint } from '../../scheduler/explain/lints.ts';
import { laneMarksOf, type LaneMark } from '../../scheduler/explain/lane-marks.ts';

export { laneMarksOf, type LaneMark };

export interface OutputLine {
  /** Index among all printed lines. */
  index: number;
  /** The boundary from which the line has been printed (printed during step boundary - 1). */
  visibleFrom: number;
  time: number;
  /** '%.3f' of the time, as in the transcript. */
  timeText: string;
  /** The printing task's serial, or -1 outside any task. */
  task: number;
  /** Its name when it printed, or '-' outside any task. */
  taskName: string;
  text: string;
  line: number;
  /** Where it was written: print() and sys.stdout, or stderr (logging, print(file=sys.stderr)). */
  stream: 'stdout' | 'stderr';
  /** Order among printed lines and warnings (they interleave in the output). */
  seq: number;
}

/** A loop warning as the output, the lanes and the code show it. */
export interface LogLine {
  /** The boundary from which it has been written. */
  visibleFrom: number;
  time: number;
  text: string;
  /** never-retrieved, never-awaited, callback-error... */
  kind: string;
  /** The task it is about (-1: none) and the line it points at (0: unknown). */
  task: number;
  line: number;
  seq: number;
}

export interface TraceModel {
  trace: Trace;
  axis: StepAxis;
  lanes: Lanes;
  outputs: OutputLine[];
  /** Loop warnings ("Task exception was never retrieved"), with the boundary they appear at. */
  logs: LogLine[];
  /** What the narration, arrows, named causes and accounting are read from (scheduler/explain). */
  explain: ExplainIndex;
  /** Learner lints, in the order they became known. */
  lints: Lint[];
  /** Marks on the lanes, by task then step. */
  laneMarks: LaneMark[];
  end: TraceEnd | null;
  story: EndStory | null;
  cursor: ModelCursor;
  /** Task serials by name (the latest task with that name). */
  taskByName: Map<string, number>;
  /** False for the model of a run still going (its first events): more may follow. */
  complete: boolean;
}

export function buildModel(trace: Trace): TraceModel {
  const axis = buildStepAxis(trace);
  const lanes = buildLanes(trace, axis);
  const outputs: OutputLine[] = [];
  const logs: TraceModel['logs'] = [];
  const names: string[] = [];
  const threadNames: string[] = [];
  let boundary = 0;
  let seq = 0;
  forEachEvent(trace, (event) => {
    switch (event.op) {
      case 'task-new':
      case 'task-rename':
        names[event.task] = event.name;
        break;
      case 'run':
        boundary = event.step + 1;
        break;
      case 'output':
        outputs.push({
          index: outputs.length,
          visibleFrom: boundary,
          time: event.time,
          timeText: formatTime3(event.time),
          task: event.task,
          taskName: event.task === -1 ? '-' : (names[event.task] ?? '?'),
          text: event.text,
          line: event.line,
          stream: 'stdout',
          seq: seq++,
        });
        break;
      case 'stderr':
        // A stderr line (logging...) is shown among the printed ones, marked, at its step and task.
        outputs.push({
          index: outputs.length,
          visibleFrom: boundary,
          time: event.time,
          timeText: formatTime3(event.time),
          task: event.task,
          taskName: event.task === -1 ? '-' : (names[event.task] ?? '?'),
          text: event.text,
          line: event.line,
          stream: 'stderr',
          seq: seq++,
        });
        break;
      case 'thread-new':
        threadNames[event.thread] = event.name;
        break;
      case 'thread-output':
        // A worker thread's line, under the thread's name (asyncio_0), as the transcript shows it.
        outputs.push({
          index: outputs.length,
          visibleFrom: boundary,
          time: event.time,
          timeText: formatTime3(event.time),
          task: -1,
          taskName: threadNames[event.thread] ?? '?',
          text: event.text,
          line: event.line,
          stream: event.stream,
          seq: seq++,
        });
        break;
      case 'log':
        logs.push({ visibleFrom: boundary, time: event.time, text: event.text, kind: event.kind, task: event.task, line: event.line, seq: seq++ });
        break;
      default:
        break;
    }
  });
  const taskByName = new Map<string, number>();
  for (const task of lanes.tasks) taskByName.set(task.name, task.serial);
  const cursor = new StateCursor(trace);
  const explain = buildExplainIndex(trace);
  return {
    trace,
    axis,
    lanes,
    outputs,
    logs,
    explain,
    lints: findLints(trace, explain),
    laneMarks: laneMarksOf(explain, logs),
    end: trace.end,
    story: trace.end === null ? null : explainEnd(trace.end),
    cursor: { stateAt: (step) => cursor.stateAt(step), viewAt: (step, limit) => stateViewOf(cursor.viewAt(step, limit)) },
    taskByName,
    complete: true,
  };
}

/** How many lines have been printed at the cursor (the last of them is "the line at the cursor"). */
export function printedAt(outputs: readonly OutputLine[], step: number): number {
  let lo = 0;
  let hi = outputs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((outputs[mid] as OutputLine).visibleFrom <= step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
