/**
 * Test support for the columnar view model: the renderer's model of today (renderer/viz/model.ts,
 * one object per event) in the columnar model's shape, so that the two can be compared whole.
 */
import { expect } from 'vitest';
import type { Trace } from '../../scheduler/trace/format.ts';
import { buildModel } from '../../renderer/viz/model.ts';
import { modelFromView } from '../../renderer/viz/view-model.ts';
import { explainView } from '../../scheduler/view/explained.ts';
import { WARNING_KINDS } from '../../scheduler/trace/format.ts';
import { STATES } from '../../renderer/viz/lanes.ts';
import { ViewBuilder, buildViewModel } from '../../scheduler/view/builder.ts';
import { STREAM, printerName, stepLabelText, textOf, type ViewModel } from '../../scheduler/view/model.ts';
import { STATE_NAMES } from '../../scheduler/view/replay.ts';
import { TraceJsonReader, type TraceReaderLimits } from '../../scheduler/trace/json-reader.ts';
import { layOutTrace, type OpenedTrace, type OpenProgress } from '../../scheduler/view/open-trace.ts';
import { formatTime3 } from '../../scheduler/python/format.ts';

/** The segment columns both models share, with each segment's label as text. */
function segmentColumns(lanes: { label: ArrayLike<number>; labels: readonly string[] } & Record<'laneStart' | 'fromStep' | 'toStep' | 'state' | 'line' | 'endKind', unknown> & { count: number }) {
  const { laneStart, fromStep, toStep, state, line, endKind, count } = lanes;
  return { laneStart, fromStep, toStep, state, labelText: Array.from(lanes.label, (id) => lanes.labels[id]), line, endKind, count };
}

/** Timers due at infinity and at NaN (asyncio.sleep(float('inf')) and float('nan')), beside a plain one. */
export const ODD_DEADLINES = `import asyncio

async def forever():
    await asyncio.sleep(float('inf'))

async def odd():
    await asyncio.sleep(float('nan'))
    print("nan woke")

async def main():
    t = asyncio.create_task(forever())
    await asyncio.gather(odd(), asyncio.sleep(0.5))
    t.cancel()
    print("done")

asyncio.run(main())
`;

/** The columnar model read back into the shapes of the renderer's model. */
function asRendererShapes(model: ViewModel) {
  const { axis, lanes, printed, logs } = model;
  const { stepLabel, ...axisRest } = axis;
  const tasks = lanes.tasks;
  return {
    axis: { ...axisRest, stepLabel: Array.from({ length: axis.steps }, (_, s) => stepLabelText(axis, model.strings, s)) },
    lanes: {
      tasks: Array.from({ length: tasks.count }, (_, t) => ({
        serial: t,
        name: textOf(model, tasks.name[t]!),
        coro: textOf(model, tasks.coro[t]!),
        creator: tasks.creator[t],
        createdAt: tasks.createdAt[t],
        createdAtLine: tasks.createdAtLine[t],
        via: textOf(model, tasks.via[t]!),
        endState: STATE_NAMES[tasks.endState[t]!],
        endedAt: tasks.endedAt[t],
        exception: tasks.exception[t] === -1 ? null : textOf(model, tasks.exception[t]!),
      })),
      ...segmentColumns(lanes),
    },
    outputs: Array.from({ length: printed.count }, (_, i) => ({
      index: i,
      visibleFrom: printed.visibleFrom[i],
      time: printed.time[i],
      timeText: formatTime3(printed.time[i]!),
      task: printed.task[i],
      taskName: printerName(model, i),
      text: textOf(model, printed.text[i]!),
      line: printed.line[i],
      stream: printed.stream[i] === STREAM.stderr ? 'stderr' : 'stdout',
      seq: printed.seq[i],
    })),
    logs: Array.from({ length: logs.count }, (_, i) => ({
      visibleFrom: logs.visibleFrom[i],
      time: logs.time[i],
      text: textOf(model, logs.text[i]!),
      kind: WARNING_KINDS[logs.kind[i]!],
      task: logs.task[i],
      line: logs.line[i],
      seq: logs.seq[i],
    })),
    end: model.end,
  };
}

/** Today's model of the same trace, in the same shapes. */
function referenceShapes(model: ReturnType<typeof buildModel>) {
  const { lanes } = model;
  return {
    axis: model.axis,
    lanes: { tasks: lanes.tasks, ...segmentColumns(lanes) },
    outputs: model.outputs,
    logs: model.logs,
    end: model.end,
  };
}

/** The columnar model of `trace` equals today's model of it, field by field. */
export function expectSameModel(trace: Trace, model: ViewModel = buildViewModel(trace)): void {
  const ours = asRendererShapes(model);
  const reference = buildModel(trace);
  const theirs = referenceShapes(reference);
  expect(ours.axis).toEqual(theirs.axis);
  expect(ours.lanes.tasks).toEqual(theirs.lanes.tasks);
  expect(ours.lanes).toEqual(theirs.lanes);
  expect(ours.outputs).toEqual(theirs.outputs);
  expect(ours.logs).toEqual(theirs.logs);
  expect(ours.end).toEqual(theirs.end);
  expect(STATES).toEqual(STATE_NAMES);
  // The page's model of the view: the explanation, lints and lane marks as the renderer's model
  // has them. They are built in the worker (explainView; the hosts' paths add them) and arrive by
  // structured clone: the page's model of what arrived has them, with no pass of its own.
  const explained = model.explained ?? explainView(model, trace).explained;
  expect(explained).toBeDefined();
  const arrived = structuredClone({ ...model, explained });
  const page = modelFromView(arrived, trace);
  expect(page.outputs).toEqual(reference.outputs);
  expect(page.logs).toEqual(reference.logs);
  expect(page.laneMarks).toEqual(reference.laneMarks);
  expect(page.lints).toEqual(reference.lints);
  // The explanation holds the trace it was built from: the same events (a partial model's trace
  // counts its own steps, where a test's prefix of a trace may keep the whole run's count).
  const { trace: pageTrace, ...pageExplain } = page.explain;
  const { trace: referenceTrace, ...referenceExplain } = reference.explain;
  expect(pageExplain).toEqual(referenceExplain);
  expect(Array.from(pageTrace.events)).toEqual(Array.from(referenceTrace.events));
  expect(Array.from(pageTrace.floats)).toEqual(Array.from(referenceTrace.floats));
  expect(pageTrace.strings).toEqual(referenceTrace.strings);
}

/**
 * The columnar model of `trace` built from the stream in pieces: events cut every `wordsPerChunk`
 * words (so events straddle the cuts), and floats handed over in pieces of their own.
 */
export function buildInChunks(trace: Trace, wordsPerChunk: number, floatsPerChunk: number): ViewModel {
  const builder = new ViewBuilder(trace.source);
  let w = 0;
  let f = 0;
  while (w < trace.events.length || f < trace.floats.length) {
    builder.push(trace.events.slice(w, w + wordsPerChunk), trace.floats.slice(f, f + floatsPerChunk), trace.strings);
    w += wordsPerChunk;
    f += floatsPerChunk;
  }
  return builder.finish(trace.end);
}

/**
 * A saved trace read whole, then laid out: the plain way to open one, against which the workers'
 * way (open-live.ts, drawn as it is read) is checked. Push its bytes in any chunks, then finish.
 */
export class WholeTraceOpener {
  private readonly reader: TraceJsonReader;

  constructor(
    private readonly file: string,
    limits: Partial<TraceReaderLimits> = {},
  ) {
    this.reader = new TraceJsonReader(file, limits);
  }

  push(bytes: Uint8Array): void {
    this.reader.push(bytes);
  }

  finish(onProgress?: (progress: OpenProgress) => void, slice?: number): OpenedTrace {
    return layOutTrace(this.file, this.reader, this.reader.finish(), onProgress, slice);
  }
}
