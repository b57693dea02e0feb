/**
 * A saved trace drawn as it is read (scheduler/view/open-live.ts): its tail read first, then its
 * events laid out as they arrive, with snapshots of the first events before the file is whole;
 * the same trace and model as reading it whole (open-trace.ts), and the same refusals. A file laid
 * out otherwise (pretty-printed) is still opened, whole.
 */
import { describe, expect, test } from 'vitest';
import { traceToJSON } from '../../scheduler/trace/json.ts';
import { forEachEvent } from '../../scheduler/trace/decode.ts';
import { TraceFileError } from '../../scheduler/trace/json-reader.ts';
import { WholeTraceOpener } from './support.ts';
import { LAST_SNAPSHOT_SHARE, SNAPSHOT_GROWTH, openTraceLive, type TraceBytes } from '../../scheduler/view/open-live.ts';
import type { ViewModel } from '../../scheduler/view/model.ts';
import { SCENARIOS, traceOf, traceOfSource } from '../renderer/support.ts';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Bytes in memory, readable from any offset, counting what was read (a read past the end is a bug). */
function memoryBytes(bytes: Uint8Array, chunk = 4096): TraceBytes & { reads: number } {
  const source = {
    size: bytes.length,
    reads: 0,
    read: async (start: number, end: number): Promise<Uint8Array> => {
      if (start < 0 || end > bytes.length || start >= end) throw new Error(`read ${start}..${end} of ${bytes.length}`);
      source.reads++;
      return bytes.slice(start, end);
    },
    async *chunks(): AsyncIterable<Uint8Array> {
      for (let at = 0; at < bytes.length; at += chunk) yield bytes.slice(at, at + chunk);
    },
  };
  return source;
}

/** The opener that reads the whole file first: what open-live must agree with. */
function openWhole(bytes: Uint8Array, file = 'trace.json') {
  const opener = new WholeTraceOpener(file);
  opener.push(bytes);
  return opener.finish();
}

/** The parts of a model that say what it draws (the explanation included), comparable with toEqual. */
const drawn = (model: ViewModel) => {
  const { index, ...rest } = model;
  return { ...rest, runWord: index.runWord, runFloat: index.runFloat };
};

/** Many tasks sleeping and yielding: a trace of tens of thousands of words. */
const BUSY = `import asyncio

async def worker(n, lock):
    for i in range(20):
        await asyncio.sleep((n * 7 + i) % 5 / 100)
        async with lock:
            await asyncio.sleep(0)
    if n % 50 == 0:
        print("worker", n, "done")

async def main():
    lock = asyncio.Lock()
    await asyncio.gather(*(worker(n, lock) for n in range(200)))

asyncio.run(main())
`;

describe('a saved trace drawn as it is read', () => {
  test.each(SCENARIOS)('%s: the same trace and model as reading it whole', async (name) => {
    const bytes = utf8(traceToJSON(traceOf(name, 1500), 'the scenario'));
    const whole = openWhole(bytes);
    const live = await openTraceLive('trace.json', memoryBytes(bytes, 97), { readBytes: 89, layOutWords: 7 });
    expect(live.trace).toEqual(whole.trace);
    expect(live.scenario).toBe('the scenario');
    expect(drawn(live.model)).toEqual(drawn(whole.model));
  });

  test('snapshots of the first events come before the file is whole, then the whole model', async () => {
    const trace = traceOfSource(BUSY);
    const bytes = utf8(traceToJSON(trace, BUSY));
    expect(trace.events.length).toBeGreaterThan(40_000);
    let read = 0;
    const snapshots: { words: number; complete: boolean; steps: number; readAt: number; scenario: string | null }[] = [];
    const opened = await openTraceLive('busy.json', memoryBytes(bytes, 1 << 11), {
      firstSnapshotWords: 1 << 9,
      layOutWords: 1 << 9,
      onProgress: (progress) => (read = progress.done),
      onSnapshot: ({ model }, scenario) => snapshots.push({ words: model.words, complete: model.complete, steps: model.axis.steps, readAt: read, scenario }),
    });
    expect(snapshots.length).toBeGreaterThanOrEqual(2);
    // Few snapshots, each when the events have grown fourfold, and none once a good share of them
    // are in (that share is of the words estimated from the first bytes read: give it some slack).
    expect((snapshots.at(-1) as (typeof snapshots)[number]).words).toBeLessThanOrEqual(1.25 * LAST_SNAPSHOT_SHARE * trace.events.length);
    const first = snapshots[0] as (typeof snapshots)[number];
    expect(first.complete).toBe(false);
    expect(first.steps).toBeGreaterThan(0);
    // The tail is read first (so the scenario's text comes with the first snapshot), then the events from the start.
    expect(first.scenario).toBe(BUSY);
    expect(first.readAt).toBeLessThan(bytes.length / 4);
    for (const [i, snapshot] of snapshots.entries()) if (i > 0) expect(snapshot.words).toBeGreaterThanOrEqual(SNAPSHOT_GROWTH * (snapshots[i - 1] as (typeof snapshots)[number]).words);
    expect(opened.model.complete).toBe(true);
    expect(opened.model.words).toBe(trace.events.length);
    expect(drawn(opened.model)).toEqual(drawn(openWhole(bytes).model));
  });

  test('the tail is found when a backward read cuts "floats" in two', async () => {
    const bytes = utf8(traceToJSON(traceOf('05-producer-consumer-bounded-queue.py'), 'the scenario'));
    const key = new TextDecoder().decode(bytes).lastIndexOf('],"floats":[');
    const whole = openWhole(bytes);
    for (let cut = 1; cut < '],"floats":['.length; cut++) {
      let snapshots = 0;
      // The first read backward starts inside the key: the key spans it and the read before it.
      const live = await openTraceLive('cut.json', memoryBytes(bytes, 1 << 14), { readBytes: bytes.length - (key + cut), firstSnapshotWords: 1 << 6, layOutWords: 1 << 6, onSnapshot: () => snapshots++ });
      expect(snapshots, `key cut after ${cut} bytes`).toBeGreaterThan(0);
      expect(live.trace).toEqual(whole.trace);
    }
  });

  test('a large read is laid out a stretch at a time: the first snapshot does not wait for all of it', async () => {
    const bytes = utf8(traceToJSON(traceOfSource(BUSY), BUSY));
    const words: number[] = [];
    // The whole file in one read: the first snapshot still comes after the first stretches.
    await openTraceLive('one-read.json', memoryBytes(bytes, bytes.length), { firstSnapshotWords: 1 << 10, layOutWords: 1 << 10, onSnapshot: ({ model }) => words.push(model.words) });
    // (a snapshot's model counts the words of whole events: the stretch's last event may be cut)
    expect(words[0]).toBeGreaterThan(0);
    expect(words[0]).toBeLessThanOrEqual(1 << 10);
  });

  test('a file laid out otherwise (pretty-printed) is opened whole, with no snapshot', async () => {
    const trace = traceOfSource(BUSY);
    const pretty = utf8(JSON.stringify({ ...JSON.parse(traceToJSON(trace)) }, null, 1));
    let snapshots = 0;
    const source = memoryBytes(pretty);
    const opened = await openTraceLive('pretty.json', source, { readBytes: 1 << 16, firstSnapshotWords: 1 << 12, onSnapshot: () => snapshots++ });
    expect(snapshots).toBe(0);
    // Its line breaks tell at the first read backward: the search does not go through the whole file.
    expect(pretty.length).toBeGreaterThan(8 << 16);
    expect(source.reads).toBe(1);
    expect(drawn(opened.model)).toEqual(drawn(openWhole(utf8(traceToJSON(trace))).model));
  });

  test('events that do not add up are refused as reading the file whole refuses them', async () => {
    const trace = traceOf('02-three-coroutines-gathered.py');
    let queueStep = -1;
    forEachEvent(trace, (event, position) => {
      if (queueStep === -1 && event.op === 'queue-step') queueStep = position;
    });
    const events = Int32Array.from(trace.events);
    events[queueStep + 2] = 77;
    const bytes = utf8(traceToJSON({ ...trace, events }));
    const refusal = async (): Promise<TraceFileError> => {
      try {
        await openTraceLive('trace.json', memoryBytes(bytes), { readBytes: 64 });
      } catch (error) {
        if (error instanceof TraceFileError) return error;
        throw error;
      }
      throw new Error('it opened');
    };
    expect((await refusal()).message).toMatch(/do not add up at events\[\d+\] \(task 77 is used before it is created\)/);
    expect(() => openWhole(bytes)).toThrow((await refusal()).message);
  });

  test('a truncated file is refused, however far its tail goes', async () => {
    const bytes = utf8(traceToJSON(traceOf('02-three-coroutines-gathered.py')));
    await expect(openTraceLive('cut.json', memoryBytes(bytes.subarray(0, bytes.length - 5)), { readBytes: 50 })).rejects.toThrow(TraceFileError);
  });
});
