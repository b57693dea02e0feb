/**
 * The columnar view model (scheduler/view) equals the renderer's model of today
 * (renderer/viz/model.ts) on every gallery scenario and on random programs, built whole or from
 * the stream in pieces; and the object-free walker visits what forEachEvent decodes.
 */
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, test } from 'vitest';
import { forEachEvent, type TraceEvent } from '../../scheduler/trace/decode.ts';
import { EventWalker, OPERANDS, type EventVisitor } from '../../scheduler/trace/walk.ts';
import { Op, WAIT_KINDS, WARNING_KINDS, type Trace } from '../../scheduler/trace/format.ts';
import { ViewBuilder, buildViewModel } from '../../scheduler/view/builder.ts';
import { programArbitrary, programMain } from '../support/random-programs.ts';
import { play } from '../support/play.ts';
import { SCENARIOS, traceOf, traceOfSource } from '../renderer/support.ts';
import { ODD_DEADLINES, buildInChunks, expectSameModel } from './support.ts';
import { explainedPrefix } from '../../scheduler/view/explained.ts';
import { buildModel } from '../../renderer/viz/model.ts';

const CORPUS = join(__dirname, '..', 'corpus');
const LIMITS = { maxTicks: 5000, maxTime: 1000 };

/** What the walker visits, as forEachEvent's objects (due timers folded into their tick). */
function walked(trace: Trace): TraceEvent[] {
  const out: TraceEvent[] = [];
  const str = (id: number): string => trace.strings[id] as string;
  let time = 0;
  let step = 0;
  const visitor: EventVisitor = {
    tick: (_p, index, ntodo, _due, timeBefore, timeAfter) => {
      time = timeAfter;
      out.push({ op: 'tick', index, ntodo, due: [], timeBefore, timeAfter });
    },
    timerDue: (_p, handle) => (out.at(-1) as Extract<TraceEvent, { op: 'tick' }>).due.push(handle),
    queueStep: (_p, handle, task) => out.push({ op: 'queue-step', handle, task }),
    queueWakeup: (_p, handle, task, future) => out.push({ op: 'queue-wakeup', handle, task, future }),
    queueCallback: (_p, handle, label, future) => out.push({ op: 'queue-callback', handle, label: str(label), future }),
    timer: (_p, handle, label, owner, when) => out.push({ op: 'timer', handle, label: str(label), owner, when }),
    cancel: (_p, handle) => out.push({ op: 'cancel', handle }),
    run: (_p, handle) => out.push({ op: 'run', handle, step: step++ }),
    skip: (_p, handle) => out.push({ op: 'skip', handle }),
    taskNew: (_p, task, creator, name, coro, line, via) => out.push({ op: 'task-new', task, creator, name: str(name), coro: str(coro), line, via: str(via) }),
    taskRename: (_p, task, name) => out.push({ op: 'task-rename', task, name: str(name) }),
    suspend: (_p, task, future, kind, objectId, label, line, count, words, at) =>
      out.push({ op: 'suspend', task, future, wait: { kind: WAIT_KINDS[kind]!, objectId, label: str(label), blockers: Array.from(words.subarray(at, at + count)) }, line }),
    yield: (_p, task, line) => out.push({ op: 'yield', task, line }),
    futureDone: (_p, future, outcome, byTask, byHandle) =>
      out.push({ op: 'future-done', future, outcome: outcome === 3 ? 'cancelled' : outcome === 2 ? 'exception' : 'result', byTask, byHandle }),
    taskDone: (_p, task, outcome, exception, byHandle) =>
      out.push({ op: 'task-done', task, outcome: outcome === 3 ? 'cancelled' : outcome === 2 ? 'failed' : 'done', exception: exception === -1 ? null : str(exception), byHandle }),
    output: (_p, task, text, line) => out.push({ op: 'output', task, text: str(text), line, time }),
    block: (_p, task, seconds, timeAfter, line) => {
      time = timeAfter;
      out.push({ op: 'block', task, seconds, timeAfter, line });
    },
    log: (p) => out.push(decodedAt(p)),
    warning: (_p, text, kind, task, line) => out.push({ op: 'log', text: str(text), time, kind: WARNING_KINDS[kind]!, task, line }),
    stack: (_p, task, count, words, at) => {
      const pairs = Array.from(words.subarray(at, at + 2 * count));
      out.push({ op: 'stack', task, lines: pairs.filter((_, k) => k % 2 === 0), frames: pairs.filter((_, k) => k % 2 === 1) });
    },
    io: (_p, future, description, outcome) => out.push({ op: 'io', future, description: str(description), outcome: str(outcome) }),
    stderr: (_p, task, text, line) => out.push({ op: 'stderr', task, text: str(text), line, time }),
    threadNew: (_p, thread, name) => out.push({ op: 'thread-new', thread, name: str(name) }),
    threadJob: (_p, thread, label, task, future, start, end) => out.push({ op: 'thread-job', thread, label: str(label), task, future, start, end }),
    threadOutput: (_p, thread, stream, text, line, time) =>
      out.push({ op: 'thread-output', thread, stream: stream === 1 ? 'stdout' : 'stderr', text: str(text), line, time }),
    other: (p) => out.push(decodedAt(p)),
  };
  /** The one event at `p` as forEachEvent gives it (those the walker hands over by position only). */
  const decodedAt = (p: number): TraceEvent => {
    const op = trace.events[p]!;
    if (op === Op.Log) {
      // A version-1 warning's task is looked up by name among the tasks so far: decode up to it.
      const events: TraceEvent[] = [];
      forEachEvent({ ...trace, events: trace.events.subarray(0, p + 2) }, (event) => events.push(event));
      return { ...(events.at(-1) as TraceEvent), time } as TraceEvent;
    }
    let event: TraceEvent | undefined;
    forEachEvent({ ...trace, events: trace.events.subarray(p, p + 1 + OPERANDS[op]!), floats: new Float64Array(0) }, (e) => (event = e));
    return ('time' in event! ? { ...event!, time } : event!) as TraceEvent;
  };
  const walker = new EventWalker(visitor);
  const stop = walker.walk(trace.events, 0, trace.events.length, trace.floats, 0, trace.floats.length);
  expect(stop).toEqual({ word: trace.events.length, float: trace.floats.length });
  walker.end();
  return out;
}

function decoded(trace: Trace): TraceEvent[] {
  const out: TraceEvent[] = [];
  forEachEvent(trace, (event) => out.push(event));
  return out;
}

describe('the view model, built in one pass', () => {
  it.each(SCENARIOS)('%s: equals the renderer model, and the walker visits what forEachEvent decodes', (name) => {
    const trace = traceOf(name);
    expect(walked(trace)).toEqual(decoded(trace));
    expectSameModel(trace);
  });

  it.each(['05-producer-consumer-bounded-queue.py', '17-deadlock-two-locks.py', '31-runaway-loop-hits-limit.py'])(
    '%s: the same model from the stream in pieces that cut events and floats anywhere',
    (name) => {
      const trace = traceOf(name, 2000);
      for (const [words, floats] of [
        [1, 1],
        [7, 3],
        [64, 1000],
        [1000, 5],
      ] as const) {
        expectSameModel(trace, buildInChunks(trace, words, floats));
      }
    },
  );

  it('a loop the program runs itself, several times, between lines of the main thread: the same model', () => {
    const trace = traceOfSource(
      [
        'import asyncio, time',
        'async def job(name, delay):',
        '    await asyncio.sleep(delay)',
        '    print(name)',
        'loop = asyncio.get_event_loop()',
        'waiting = loop.create_task(job("left pending", 9))',
        'loop.run_until_complete(job("first", 0.2))',
        'time.sleep(0.5)',
        'loop.run_until_complete(asyncio.gather(job("a", 0.1), job("b", 0.3)))',
        'loop.call_later(0.4, loop.stop)',
        'loop.run_forever()',
        'loop.close()',
      ].join('\n'),
    );
    expect(walked(trace)).toEqual(decoded(trace));
    expectSameModel(trace);
    expect(buildViewModel(trace).lanes.tasks.count).toBe(4);
  });

  it('a snapshot mid-stream is the model of the events so far', () => {
    const trace = traceOf('04-server-many-clients.py');
    const builder = new ViewBuilder(trace.source);
    // Cut at a Run event, so the prefix is a whole trace of its own.
    let cut = 0;
    let runs = 0;
    forEachEvent(trace, (event, position) => {
      if (event.op === 'run' && ++runs === 40) cut = position;
    });
    let floats = 0;
    forEachEvent({ ...trace, events: trace.events.slice(0, cut) }, (event) => {
      floats += event.op === 'tick' || event.op === 'block' ? 2 : event.op === 'timer' ? 1 : 0;
    });
    builder.push(trace.events.subarray(0, cut), trace.floats.subarray(0, floats), trace.strings);
    const snapshot = builder.snapshot();
    expect(snapshot.complete).toBe(false);
    expectSameModel({ ...trace, events: trace.events.slice(0, cut), floats: trace.floats.slice(0, floats), end: null }, snapshot);
    // The pass goes on, and ends with the model of the whole trace.
    builder.push(trace.events.subarray(cut), trace.floats.subarray(floats), trace.strings);
    expectSameModel(trace, builder.finish(trace.end));
  });

  test('random programs: the same model as the renderer builds, whole and in pieces', () => {
    fc.assert(
      fc.property(programArbitrary, fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 9 }), (program, words, floats) => {
        const { trace } = play(programMain(program), LIMITS);
        expectSameModel(trace);
        expectSameModel(trace, buildInChunks(trace, words, floats));
      }),
      { numRuns: 150 },
    );
  });

  // Worker threads (to_thread, run_in_executor) and stderr (logging, print(file=sys.stderr)) are
  // events of their own; the corpus is the code people paste, with all of them.
  const corpus = readdirSync(CORPUS).filter((name) => name.endsWith('.py'));
  it.each(corpus)('corpus %s: the walker visits what forEachEvent decodes; the same model, whole and in pieces', (name) => {
    const trace = traceOfSource(readFileSync(join(CORPUS, name), 'utf8'), name);
    expect(walked(trace)).toEqual(decoded(trace));
    expectSameModel(trace);
    expectSameModel(trace, buildInChunks(trace, 5, 1));
  });

  it('timers due at infinity and at NaN', () => {
    const trace = traceOfSource(ODD_DEADLINES);
    expect(Array.from(trace.floats)).toEqual(expect.arrayContaining([Infinity, NaN]));
    expectSameModel(trace);
  });

  it('counts events, words and floats', () => {
    const trace = traceOf('02-three-coroutines-gathered.py');
    const model = buildViewModel(trace);
    expect(model.events).toBe(decoded(trace).length + decoded(trace).reduce((n, e) => n + (e.op === 'tick' ? e.due.length : 0), 0));
    expect([model.words, model.floats, model.complete]).toEqual([trace.events.length, trace.floats.length, true]);
  });
});

describe('the explanation of a long run still going covers its first steps', () => {
  it('explainedPrefix cuts the trace at the last step boundary within the words, a trace of its own', () => {
    const trace = traceOf('04-server-many-clients.py');
    const view = buildViewModel(trace);
    for (const words of [0, 50, Math.floor(trace.events.length / 2), trace.events.length]) {
      const prefix = explainedPrefix(view, trace, words);
      expect(prefix.events.length).toBeLessThanOrEqual(Math.max(words, view.index.runWord[0]!));
      let runs = 0;
      forEachEvent(prefix, (event) => (runs += event.op === 'run' ? 1 : 0));
      expect(prefix.steps).toBe(runs);
      // Its explanation is the renderer's model of that prefix, step for step.
      const reference = buildModel(prefix);
      expect(reference.axis.steps).toBe(prefix.steps);
      if (words === trace.events.length) expect(prefix.steps).toBe(view.axis.steps);
    }
  });
});
