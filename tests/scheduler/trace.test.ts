/**
 * What the trace says about a run, read back through the decoder and the state-at-step query:
 * who created each task, what each suspension awaits, who woke whom, printed output with time and
 * task, and the ready queue and timers at a given step.
 */
import { describe, expect, test } from 'vitest';
import {
  Lock,
  TRACE_FORMAT,
  TRACE_VERSION,
  TraceReplay,
  createTask,
  gather,
  getRunningLoop,
  labelled,
  named,
  sleep,
  type CoroutineGen,
  type TraceEvent,
} from '../../scheduler/index.ts';
import type { Trace } from '../../scheduler/trace/format.ts';
import fc from 'fast-check';
import {
  digitTable,
  floatText,
  LONG_INTS,
  MAX_INT_BYTES,
  TraceJSONStream,
  traceFromJSON,
  traceToJSON,
  writeInts,
  writeTraceJSON,
  type NumberWriter,
} from '../../scheduler/trace/json.ts';
import { transcriptLines } from '../../scheduler/trace/transcript.ts';
import { play, print } from '../support/play.ts';

function lockHandoff() {
  return play(function* () {
    const lock = new Lock();
    function* holder(): CoroutineGen<void> {
      yield* lock.acquire();
      print('A has the lock');
      yield* sleep(1);
      lock.release();
    }
    function* waiter(): CoroutineGen<void> {
      yield* sleep(0);
      yield* lock.acquire();
      print('B has the lock');
      lock.release();
    }
    yield* gather(createTask(named('holder', holder())), createTask(named('waiter', waiter())));
  });
}

/** What writeTraceJSON streams, each piece copied as it arrives (its buffer is then reused). */
function streamedJSON(trace: Trace): string {
  const pieces: Buffer[] = [];
  writeTraceJSON(trace, (bytes) => pieces.push(Buffer.from(bytes)));
  return Buffer.concat(pieces).toString('utf8');
}

const find = <K extends TraceEvent['op']>(events: readonly TraceEvent[], op: K, where: (e: Extract<TraceEvent, { op: K }>) => boolean = () => true) =>
  events.filter((e): e is Extract<TraceEvent, { op: K }> => e.op === op && where(e as Extract<TraceEvent, { op: K }>));

describe('the trace of a lock hand-off', () => {
  const run = lockHandoff();
  const events = run.events;

  test('is versioned and records how the run ended', () => {
    expect(run.trace.format).toBe(TRACE_FORMAT);
    expect(run.trace.version).toBe(TRACE_VERSION);
    expect(run.trace.end).toEqual({ kind: 'ok', time: 1 });
  });

  test('records each task with its creator, coroutine and how it was made', () => {
    expect(find(events, 'task-new').map((e) => [e.name, e.coro, e.creator, e.via])).toEqual([
      ['Task-1', 'main', -1, 'asyncio.run'],
      ['Task-2', 'holder', 0, 'create_task'],
      ['Task-3', 'waiter', 0, 'create_task'],
      ['Task-4', 'shutdown_asyncgens', -1, 'asyncio.run'],
      ['Task-5', 'shutdown_default_executor', -1, 'asyncio.run'],
    ]);
  });

  test('says what a suspended task awaits, down to the lock holder', () => {
    const waits = find(events, 'suspend', (e) => e.task === 2).map((e) => e.wait);
    expect(waits).toEqual([{ kind: 'lock', objectId: 1, label: 'Lock#1 (held by Task-2)', blockers: [1] }]);
    const sleeper = find(events, 'suspend', (e) => e.task === 1)[0];
    expect(sleeper?.wait.kind).toBe('sleep');
  });

  test('says who woke whom: the releasing task completed the waiter future', () => {
    const lockWait = find(events, 'suspend', (e) => e.task === 2)[0] as Extract<TraceEvent, { op: 'suspend' }>;
    const completed = find(events, 'future-done', (e) => e.future === lockWait.future)[0];
    expect(completed).toMatchObject({ outcome: 'result', byTask: 1 });
    const wakeup = find(events, 'queue-wakeup', (e) => e.task === 2 && e.future === lockWait.future);
    expect(wakeup).toHaveLength(1);
  });

  test('attributes timers to the task that armed them and ends every task', () => {
    expect(find(events, 'timer').map((e) => [e.label, e.owner, e.when])).toEqual([['sleep', 1, 1]]);
    expect(find(events, 'task-done').map((e) => [e.task, e.outcome])).toEqual([
      [1, 'done'],
      [2, 'done'],
      [0, 'done'],
      [3, 'done'],
      [4, 'done'],
    ]);
  });

  test('prints a transcript with times and task names', () => {
    expect(transcriptLines(run.trace)).toEqual(['0.000\tTask-2\tA has the lock', '1.000\tTask-3\tB has the lock', 'END\t1.000\tok']);
  });

  test('stateAt shows the lock waiter ready to run after the release', () => {
    const index = run.index();
    const wakeStep = find(events, 'run').find((run) => {
      const queued = find(events, 'queue-wakeup', (e) => e.handle === run.handle && e.task === 2);
      return queued.length > 0;
    })?.step as number;
    const state = index.stateAt(wakeStep);
    expect(state.time).toBe(1);
    expect(state.ready[0]).toMatchObject({ kind: 'wakeup', task: 2 });
    expect(state.tasks.map((t) => [t.name, t.state])).toEqual([
      ['Task-1', 'waiting'],
      ['Task-2', 'done'],
      ['Task-3', 'ready'],
    ]);
    expect(state.tasks[0]?.waitingFor?.label).toBe('gather(Task-2, Task-3)');
  });
});

describe('the state query', () => {
  test('lists timers in the order the heap will fire them, including equal deadlines (rule 3)', () => {
    const say = labelled('say', () => {});
    const run = play(function* () {
      const loop = getRunningLoop();
      for (let i = 0; i < 8; i++) loop.callLater(1, say, i);
      yield* sleep(0);
      yield* sleep(1.5);
    });
    const firstId = (find(run.events, 'timer')[0] as { handle: number }).handle;
    const index = run.index();
    // Step 1 is main's second step: the eight timers are still in the heap, and popping them now
    // would give heapq's order for eight equal keys (Python's heapq agrees: 0,2,6,5,7,4,1,3).
    expect(index.stateAt(1).timers.map((t) => t.handle - firstId)).toEqual([0, 2, 6, 5, 7, 4, 1, 3]);
    // main's sleep(1.5) then joins the heap and changes the order to the one CPython measured.
    // Step 2 is the first of the tick at t=1: they are now due, queued in the same order.
    const due = index.stateAt(2);
    expect(due.time).toBe(1);
    expect(due.ready.map((r) => r.handle - firstId)).toEqual([0, 2, 6, 5, 7, 1, 3, 4]);
    expect(due.ready.every((r) => r.label === 'say' && r.when === 1)).toBe(true);
    expect(due.timers.map((t) => t.when)).toEqual([1.5]);
    expect(due.tasks[0]).toMatchObject({ state: 'waiting', waitingFor: { kind: 'sleep', label: 'sleep until 1.500', until: 1.5 } });
  });

  test('rejects steps outside the trace', () => {
    const index = lockHandoff().index();
    expect(() => index.stateAt(-1)).toThrow(RangeError);
    expect(() => index.stateAt(index.steps + 1)).toThrow(RangeError);
    expect(index.stateAt(index.steps).tasks.every((t) => t.state === 'done')).toBe(true);
  });

  test('costs a few bytes per event', () => {
    const run = lockHandoff();
    let events = 0;
    for (const _ of run.events) events++;
    expect(traceToJSON(run.trace).length / events).toBeLessThan(40);
  });
});

describe('the JSON form', () => {
  test('round-trips and is byte-identical for the same run', () => {
    const first = lockHandoff().trace;
    const text = traceToJSON(first);
    expect(text).toBe(traceToJSON(lockHandoff().trace));
    const back = traceFromJSON(text);
    expect(back.events).toEqual(first.events);
    expect(back.floats).toEqual(first.floats);
    expect({ ...back, events: null, floats: null }).toEqual({ ...first, events: null, floats: null });
    expect(JSON.parse(text).events).toEqual(Array.from(first.events));
  });

  test('the streamed UTF-8 chunks spell exactly the same JSON, non-ASCII text included', () => {
    const run = play(function* () {
      print('naïve — ☃ 𝄞 "quoted" \\ tab\t');
      yield* sleep(0.1);
      print(-42, 1e-7);
    });
    expect(streamedJSON(run.trace)).toBe(traceToJSON(run.trace));
    const big = lockHandoff().trace;
    expect(streamedJSON(big)).toBe(traceToJSON(big));
  });

  test('the chunked writer spells every integer, float and string as JSON does, across buffer boundaries', () => {
    const edges = [0, 9, 10, 99, 100, 1028, 1029, -1, -9, -10, -100, 2147483647, -2147483648, 1_000_000_000, 999_999_999];
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -2147483648, max: 2147483647 }), fc.constantFrom(...edges), fc.nat(120)), { maxLength: 400 }),
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 40 }),
        fc.array(fc.string({ unit: 'binary' }), { maxLength: 5 }),
        (events, floats, strings) => {
          const trace = { ...lockHandoff().trace, strings, floats: Float64Array.from(floats), events: Int32Array.from(events) };
          const text = streamedJSON(trace);
          expect(text).toBe(traceToJSON(trace));
          expect(JSON.parse(text).events).toEqual(events);
        },
      ),
      { numRuns: 300 },
    );
    // Enough digits to fill several 1 MiB buffers, so numbers straddle a flush.
    const many = Int32Array.from({ length: 600_000 }, (_, i) => (i % 3 === 0 ? -i * 3571 : i));
    const long = { ...lockHandoff().trace, strings: ['\u00e9\u4e16\u{1F600}'.repeat(200_000)], events: many };
    expect(streamedJSON(long)).toBe(traceToJSON(long));
  });

  describe('streamed as recorded (the CLI), the same JSON', () => {
    // As the CLI streams a run: chunks of events and blocks of floats as they are recorded, then
    // finish() with the rest; the floats come after the events in the JSON, so they are held.
    const sizes = [LONG_INTS, 3, LONG_INTS + 1, 0, 1, 2 * LONG_INTS - 1, 5];
    const events = Int32Array.from({ length: sizes.reduce((a, b) => a + b, 0) + 777 }, (_, i) => (i % 7 === 0 ? -i : i * 31));
    const floatBlocks = [3, 0, 1000, 1];
    const floats = Float64Array.from({ length: floatBlocks.reduce((a, b) => a + b, 0) + 9 }, (_, i) => i / 7 - 3);
    const trace = { ...lockHandoff().trace, events, floats };

    function stream(numbers: (pieces: Buffer[]) => NumberWriter | undefined, handedOver: boolean): { json: string; numbers: NumberWriter | undefined } {
      const pieces: Buffer[] = [];
      const writer = numbers(pieces);
      const json = new TraceJSONStream(trace.source, (bytes) => pieces.push(Buffer.from(bytes)), writer);
      let at = 0;
      let floatsAt = 0;
      sizes.forEach((size, n) => {
        json.events(events.subarray(at, at + size));
        at += size;
        const block = floatBlocks[n];
        if (block !== undefined) {
          json.floats(floats.subarray(floatsAt, floatsAt + block));
          floatsAt += block;
        }
      });
      json.finish(handedOver ? { ...trace, events: events.subarray(at), floats: floats.subarray(floatsAt) } : trace, handedOver);
      return { json: Buffer.concat(pieces).toString('utf8'), numbers: writer };
    }

    test('turning the numbers into text here, with the whole trace or only its rest at the end', () => {
      expect(stream(() => undefined, false).json).toBe(traceToJSON(trace));
      expect(stream(() => undefined, true).json).toBe(traceToJSON(trace));
    });

    test('a short trace never calls on the NumberWriter (the CLI would start its thread for nothing)', () => {
      const calls: string[] = [];
      const spy: NumberWriter = {
        ints: () => calls.push('ints'),
        holdFloats: () => calls.push('holdFloats'),
        writeHeldFloats: () => calls.push('writeHeldFloats'),
      };
      const pieces: Buffer[] = [];
      const short = lockHandoff().trace;
      new TraceJSONStream(short.source, (bytes) => pieces.push(Buffer.from(bytes)), spy).finish(short);
      expect(Buffer.concat(pieces).toString('utf8')).toBe(traceToJSON(short));
      expect(calls).toEqual([]);
    });

    test('handing long runs of events and every block of floats to a NumberWriter', () => {
      const digits = digitTable();
      let intsHanded = 0;
      let floatsHanded = 0;
      const inProcess = (pieces: Buffer[]): NumberWriter => {
        const held: string[] = [];
        return {
          ints(words, afterOthers) {
            intsHanded += words.length;
            const text = new Uint8Array(words.length * MAX_INT_BYTES);
            pieces.push(Buffer.from(text.subarray(0, writeInts(words, 0, words.length, afterOthers, text, 0, digits))));
          },
          holdFloats(values, afterOthers) {
            floatsHanded += values.length;
            held.push(floatText(values, 0, values.length, afterOthers));
          },
          writeHeldFloats() {
            pieces.push(Buffer.from(held.join('')));
          },
        };
      };
      expect(stream(inProcess, true).json).toBe(traceToJSON(trace));
      expect(intsHanded).toBe(LONG_INTS + (LONG_INTS + 1) + (2 * LONG_INTS - 1)); // the short runs were turned into text in place
      expect(floatsHanded).toBe(1004);
      expect(stream(inProcess, false).json).toBe(traceToJSON(trace));
    });
  });

  test('refuses what is not a trace of a version it reads', () => {
    expect(() => traceFromJSON('{}')).toThrow('not a Loopscope trace');
    expect(() => traceFromJSON('{"format":"loopscope-trace","version":3}')).toThrow('version 3 is not supported');
    expect(() => traceFromJSON('{"format":"loopscope-trace","version":"2"}')).toThrow('version 2 is not supported');
    expect(() => traceFromJSON('nope')).toThrow('not a trace');
  });
});

describe('the cheap view', () => {
  test('agrees with the full snapshot, cut to a limit', () => {
    const run = lockHandoff();
    const replay = new TraceReplay();
    for (const event of run.events) {
      replay.apply(event);
      const full = replay.snapshot();
      const view = replay.view(Infinity);
      expect({ ...view, tasks: [...view.tasks] }).toEqual({ ...full, readyCount: full.ready.length, timerCount: full.timers.length });
      const cut = replay.view(1);
      expect(cut.ready).toEqual(full.ready.slice(0, 1));
      expect(cut.timers).toEqual(full.timers.slice(0, 1));
    }
  });
});
