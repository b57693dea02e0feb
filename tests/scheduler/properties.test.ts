/**
 * Properties over random programs (fast-check): the same program gives the same trace; time never
 * goes backwards; no handle runs twice; every task ends at most once, and exactly once unless the
 * run deadlocked or hit a limit; and the state-at-step query agrees with replaying the trace and
 * with the live loop at every step.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  EventLoop,
  ProcessState,
  TraceIndex,
  TraceRecorder,
  asyncioRun,
  decodeTrace,
  heappopForTests,
  named,
  outcomeOfError,
  replayTo,
  runMain,
  type Handle,
  type LoopState,
  type Task,
  type TimerHandle,
} from './property-support.ts';
import { traceToJSON } from '../../scheduler/trace/json.ts';
import { programArbitrary, programMain, type Stmt } from '../support/random-programs.ts';
import { play } from '../support/play.ts';

const LIMITS = { maxTicks: 5000, maxTime: 1000 };
const runs = { numRuns: 150 };

/** The live loop's queues and tasks in the shape of LoopState, taken just before a handle runs. */
interface LiveView {
  ready: { handle: number; cancelled: boolean }[];
  timers: { handle: number; when: number }[];
  tasks: { name: string; state: string }[];
}

function liveView(loop: EventLoop, running: Handle): LiveView {
  const heap = loop.scheduled.slice();
  const timers: { handle: number; when: number }[] = [];
  while (heap.length > 0) {
    const timer = heappopForTests(heap);
    if (!timer.cancelled) timers.push({ handle: timer.id, when: timer.when });
  }
  const taskState = (task: Task<unknown>): string => {
    if (task.cancelled()) return 'cancelled';
    if (task.done()) return task.peekException() !== null ? 'failed' : 'done';
    if (task.queued) return 'ready';
    return task.futWaiter !== null ? 'waiting' : 'running';
  };
  return {
    ready: [running, ...loop.ready].map((h) => ({ handle: h.id, cancelled: h.cancelled })),
    timers,
    tasks: loop.tasks.map((task) => ({ name: task.name, state: taskState(task) })),
  };
}

function replayedView(state: LoopState): LiveView {
  return {
    ready: state.ready.map((r) => ({ handle: r.handle, cancelled: r.cancelled })),
    timers: state.timers.map((t) => ({ handle: t.handle, when: t.when })),
    tasks: state.tasks.map((t) => ({ name: t.name, state: t.state })),
  };
}

/** Run a program recording the trace and a live view before every step. */
function runWithLiveViews(program: Stmt[]) {
  const recorder = new TraceRecorder('property');
  const views: LiveView[] = [];
  let loop: EventLoop | null = null;
  const originalRun = recorder.handleRun.bind(recorder);
  recorder.handleRun = (handle: Handle) => {
    views.push(liveView(loop as EventLoop, handle));
    originalRun(handle);
  };
  try {
    asyncioRun(named('main', programMain(program)()), { trace: recorder, limits: LIMITS, process: new ProcessState() }, (l) => (loop = l));
  } catch (error) {
    outcomeOfError(error, 0);
  }
  return { trace: recorder.toTrace(), views };
}

describe('properties of random programs', () => {
  test('the same program gives a byte-identical trace', () => {
    fc.assert(
      fc.property(programArbitrary, (program) => {
        const first = play(programMain(program), LIMITS);
        const second = play(programMain(program), LIMITS);
        expect(traceToJSON(second.trace)).toBe(traceToJSON(first.trace));
      }),
      runs,
    );
  });

  test('a trace recorded in tiny chunks, events straddling every boundary, is the same trace', () => {
    fc.assert(
      fc.property(programArbitrary, fc.integer({ min: 1, max: 40 }), (program, chunkWords) => {
        const whole = play(programMain(program), LIMITS);
        // Floats in tiny blocks too, handed to a host that keeps nothing: the recorder keeps them.
        const recorder = new TraceRecorder('test', { chunkWords, floatBlock: (chunkWords % 5) + 1, onFloats: () => {} });
        const outcome = runMain(named('main', programMain(program)()), { trace: recorder, limits: LIMITS, process: new ProcessState() });
        recorder.finish(outcome);
        expect(recorder.eventWords).toBe(whole.trace.events.length);
        expect(traceToJSON(recorder.toTrace())).toBe(traceToJSON(whole.trace));
      }),
      runs,
    );
  });

  test('chunks handed over (keepChunks: false), then the rest, are the same events and floats, in refilled buffers', () => {
    fc.assert(
      fc.property(programArbitrary, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 5 }), (program, chunkWords, floatBlock) => {
        const whole = play(programMain(program), LIMITS);
        const copies: number[] = [];
        const floatCopies: number[] = [];
        const floatBuffers = new Set<ArrayBufferLike>();
        let last: ArrayBufferLike | null = null;
        const recorder = new TraceRecorder('test', {
          chunkWords,
          floatBlock,
          onFloats: (values) => {
            expect(values.length).toBe(floatBlock);
            floatCopies.push(...values);
            floatBuffers.add(values.buffer);
          },
          keepChunks: false,
          onChunk: (words) => {
            copies.push(...words);
            // Refilled, not replaced: a new buffer only to grow (the first chunk grows, and an
            // event longer than a chunk needs a larger one).
            if (last !== null && words.buffer !== last) expect(words.buffer.byteLength).toBeGreaterThan(last.byteLength);
            last = words.buffer;
          },
        });
        const outcome = runMain(named('main', programMain(program)()), { trace: recorder, limits: LIMITS, process: new ProcessState() });
        recorder.finish(outcome);
        const rest = recorder.toTrace();
        expect([...copies, ...rest.events]).toEqual([...whole.trace.events]);
        expect([...floatCopies, ...rest.floats]).toEqual([...whole.trace.floats]);
        expect(floatBuffers.size).toBeLessThanOrEqual(1);
        expect({ ...rest, events: null, floats: null }).toEqual({ ...whole.trace, source: 'test', events: null, floats: null });
      }),
      runs,
    );
  });

  test('time never goes backwards, no handle runs twice, every task ends at most once', () => {
    fc.assert(
      fc.property(programArbitrary, (program) => {
        const run = play(programMain(program), LIMITS);
        let time = 0;
        const queued = new Set<number>();
        const ran = new Set<number>();
        const ended = new Map<number, number>();
        let tasks = 0;
        let mainEnded = false;
        const createdAfterMain = new Set<number>();
        for (const event of run.events) {
          if (event.op === 'tick') {
            expect(event.timeBefore).toBeGreaterThanOrEqual(time);
            expect(event.timeAfter).toBeGreaterThanOrEqual(event.timeBefore);
            time = event.timeAfter;
          }
          if (event.op === 'block') {
            expect(event.timeAfter).toBeGreaterThanOrEqual(time);
            time = event.timeAfter;
          }
          if (event.op === 'output' || event.op === 'log') expect(event.time).toBe(time);
          if (event.op === 'queue-step' || event.op === 'queue-wakeup' || event.op === 'queue-callback' || event.op === 'timer') {
            expect(queued.has(event.handle)).toBe(false);
            queued.add(event.handle);
          }
          if (event.op === 'run' || event.op === 'skip') {
            expect(queued.has(event.handle), `handle ${event.handle} ran without being queued`).toBe(true);
            expect(ran.has(event.handle), `handle ${event.handle} ran twice`).toBe(false);
            ran.add(event.handle);
          }
          if (event.op === 'task-new') {
            tasks++;
            if (mainEnded) createdAfterMain.add(event.task);
          }
          if (event.op === 'task-done') {
            ended.set(event.task, (ended.get(event.task) ?? 0) + 1);
            if (event.task === 0) mainEnded = true;
          }
        }
        for (const count of ended.values()) expect(count).toBe(1);
        const end = run.trace.end;
        if (end?.kind === 'ok' || end?.kind === 'error') {
          // A task created during asyncio.run's cleanup (by a task that swallowed its cancellation)
          // may be left pending when the loop closes, as in CPython; every other task ends.
          for (let serial = 0; serial < tasks; serial++) {
            if (!ended.has(serial)) expect(createdAfterMain.has(serial), `task ${serial} never ended`).toBe(true);
          }
        }
        if (end?.kind === 'deadlock') {
          expect(ended.size + end.pending.length).toBe(tasks);
        }
      }),
      runs,
    );
  });

  test('the state at every step agrees with the live loop and with a plain replay', () => {
    fc.assert(
      fc.property(programArbitrary, (program) => {
        const { trace, views } = runWithLiveViews(program);
        const index = new TraceIndex(trace, 4);
        expect(index.steps).toBe(views.length);
        views.forEach((view, step) => {
          const state = index.stateAt(step);
          expect(replayedView(state), `step ${step}`).toEqual(view);
        });
        const probe = Math.floor(views.length / 2);
        expect(index.stateAt(probe)).toEqual(replayTo(trace, probe));
        expect(index.stateAt(index.steps)).toEqual(replayTo(trace, index.steps));
      }),
      { numRuns: 100 },
    );
  });

  test('checkpoints do not change answers on a long trace', () => {
    const program: Stmt[] = Array.from({ length: 40 }, (_, i) => ({ t: 'spawn' as const, body: [{ t: 'sleep' as const, d: (i % 4) * 0.5 }, { t: 'print' as const }, { t: 'sleep' as const, d: 0 }] }));
    const run = play(programMain([...program, { t: 'sleep', d: 3 }]), LIMITS);
    const sparse = new TraceIndex(run.trace, 2);
    const dense = new TraceIndex(run.trace, 1000);
    for (let step = 0; step <= sparse.steps; step += 7) expect(sparse.stateAt(step)).toEqual(dense.stateAt(step));
    expect(decodeTrace(run.trace).length).toBeGreaterThan(100);
  });
});

export type { TimerHandle };
