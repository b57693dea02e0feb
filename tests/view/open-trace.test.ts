/**
 * Saved traces read as a stream (scheduler/trace/json-reader.ts) and opened into a view model
 * (scheduler/view/open-trace.ts): the same trace as the JSON writer wrote, in any chunking; and a
 * clear TraceFileError, naming file, line and column, for every damaged or hostile file (fuzzed),
 * never another exception or a hang.
 */
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it, test } from 'vitest';
import { TRACE_VERSION, type Trace } from '../../scheduler/trace/format.ts';
import { forEachEvent } from '../../scheduler/trace/decode.ts';
import { traceFromJSON, traceToJSON, writeTraceJSON } from '../../scheduler/trace/json.ts';
import { TraceFileError, readTraceBytes } from '../../scheduler/trace/json-reader.ts';
import type { OpenProgress } from '../../scheduler/view/open-trace.ts';
import { openTraceLive, type TraceBytes } from '../../scheduler/view/open-live.ts';
import { buildViewModel } from '../../scheduler/view/builder.ts';
import { SCENARIOS, scenarioSource, traceOf, traceOfSource } from '../renderer/support.ts';
import { explainView } from '../../scheduler/view/explained.ts';
import { ODD_DEADLINES, WholeTraceOpener, expectSameModel } from './support.ts';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Open bytes as the app's worker does, in chunks of `chunk` bytes. */
function open(bytes: Uint8Array, chunk = 1 << 16, file = 'trace.json') {
  const opener = new WholeTraceOpener(file);
  for (let at = 0; at < bytes.length; at += chunk) opener.push(bytes.subarray(at, at + chunk));
  return opener.finish();
}

/** The error opening `text` gives (failing the test if it opens, or throws anything else). */
function openError(text: string | Uint8Array, chunk?: number): TraceFileError {
  try {
    open(typeof text === 'string' ? utf8(text) : text, chunk);
  } catch (error) {
    if (error instanceof TraceFileError) return error;
    throw error;
  }
  throw new Error('it opened');
}

const SMALL = traceOf('02-three-coroutines-gathered.py');
const SMALL_JSON = traceToJSON(SMALL);
/** The small trace's JSON with `field`'s value replaced by `value` (raw JSON text). */
const withField = (field: string, value: string): string => SMALL_JSON.replace(new RegExp(`"${field}":(\\[[^\\]]*\\]|"[^"]*"|[^,}]+)`), `"${field}":${value}`);

describe('reading a saved trace as a stream', () => {
  it.each(SCENARIOS)('%s: the trace the JSON writer wrote, in any chunking', (name) => {
    const trace = traceOf(name, 1500);
    const json = traceToJSON(trace);
    const bytes = utf8(json);
    const expected = traceFromJSON(json);
    for (const chunk of [1, 3, 4096, bytes.length]) expect(readTraceBytes(name, bytes, chunk)).toEqual(expected);
    expect(expected).toEqual({ ...trace, strings: trace.strings });
  });

  it('reads the streamed writer, pretty-printed JSON, other key orders, a byte order mark', () => {
    const parts: Uint8Array[] = [];
    writeTraceJSON(SMALL, (bytes) => parts.push(bytes.slice()));
    const streamed = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      streamed.set(part, at);
      at += part.length;
    }
    expect(readTraceBytes('a.json', streamed, 17)).toEqual(SMALL);
    const plain = { ...SMALL, events: Array.from(SMALL.events), floats: Array.from(SMALL.floats) };
    expect(readTraceBytes('b.json', utf8(JSON.stringify(plain, null, 2)), 5)).toEqual(SMALL);
    const { format, ...rest } = plain;
    expect(readTraceBytes('c.json', utf8(JSON.stringify({ ...rest, extra: { ignored: [1, [2, { x: 'y' }]] }, format })), 64)).toEqual(SMALL);
    expect(readTraceBytes('d.json', utf8(`\uFEFF${SMALL_JSON}\n`), 2)).toEqual(SMALL);
  });

  it('reads the words json.ts writes for floats JSON has no number for: a timer at infinity or at NaN', () => {
    const trace = traceOfSource(ODD_DEADLINES);
    const json = traceToJSON(trace);
    expect(json).toContain('"Infinity"');
    expect(json).toContain('"NaN"');
    for (const chunk of [1, 5, 1 << 16]) expect(readTraceBytes('odd.json', utf8(json), chunk)).toEqual(traceFromJSON(json));
    expect(open(utf8(json), 3).model).toEqual(explainView(buildViewModel(trace), trace));
  });

  it('reads every float as Number parses its text, bit for bit, however the file is cut', () => {
    // Whole runs of floats in a chunk are parsed at once (json-reader.ts floatsAtOnce), a float cut by the chunk's end as text.
    const digits = (max: number) => fc.array(fc.constantFrom(...'0123456789'), { maxLength: max }).map((d) => d.join(''));
    const decimal = fc
      .tuple(fc.boolean(), fc.oneof(fc.nat({ max: 999 }), fc.nat()), digits(20))
      .map(([negative, whole, fraction]) => `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`);
    const float = fc.oneof(decimal, fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => JSON.stringify(x)), fc.constantFrom('"NaN"', '"Infinity"', '"-Infinity"'));
    const valueOf = (text: string): number => (text.startsWith('"') ? Number(text.slice(1, -1)) : Number(text));
    fc.assert(
      fc.property(fc.array(float, { maxLength: 40 }), fc.integer({ min: 1, max: 64 }), (texts, chunk) => {
        const json = `{"format":"loopscope-trace","version":${TRACE_VERSION},"events":[],"floats":[${texts.join(', ')}],"strings":[]}`;
        const floats = Array.from(readTraceBytes('floats.json', utf8(json), chunk).floats);
        expect(floats.map((x) => (Object.is(x, -0) ? '-0' : String(x)))).toEqual(texts.map((t) => (Object.is(valueOf(t), -0) ? '-0' : String(valueOf(t)))));
      }),
      { numRuns: 400 },
    );
  });

  it('opens to the same view model as the live run, with the scenario text when the file carries it', () => {
    const trace = traceOf('05-producer-consumer-bounded-queue.py');
    const opened = open(utf8(traceToJSON(trace)), 999);
    expect(opened.scenario).toBeNull();
    expect(opened.trace).toEqual(trace);
    const source = scenarioSource('05-producer-consumer-bounded-queue.py');
    const whole = open(utf8(traceToJSON(trace, source)), 7);
    expect(whole.scenario).toBe(source);
    expect(whole.trace).toEqual(trace);
    expect(openError(`${traceToJSON(trace).slice(0, -1)},"scenario":42}`).message).toMatch(/"scenario" must be the scenario's text/);
    expectSameModel(trace, opened.model);
    expect(opened.model).toEqual(explainView(buildViewModel(trace), trace));
  });
});

describe('version-1 traces (saved before the explanations) still open', () => {
  const folder = new URL('../fixtures/traces-v1/', import.meta.url);
  it.each(readdirSync(folder).filter((f) => f.endsWith('.json')).sort())('%s: the stream reader gives what traceFromJSON does, and the same model as the renderer', (file) => {
    const bytes = readFileSync(new URL(file, folder));
    const expected = traceFromJSON(bytes.toString('utf8'));
    const { trace, model } = open(bytes, 4096);
    expect(trace.version).toBe(1);
    expect(Array.from(trace.events)).toEqual(Array.from(expected.events));
    expectSameModel(expected, model);
  });
});

describe('opening a stream of chunks, as the workers do', () => {
  /** `bytes` as a worker reads a file: any stretch at once (its tail first), or a stream of `chunk`-byte parts. */
  const fileOf = (bytes: Uint8Array, chunk: number): TraceBytes => ({
    size: bytes.length,
    read: async (start, end) => bytes.slice(start, end),
    async *chunks() {
      for (let at = 0; at < bytes.length; at += chunk) yield bytes.subarray(at, at + chunk);
    },
  });

  it('reports how much was read as it is laid out, and opens the trace', async () => {
    const trace = traceOf('31-runaway-loop-hits-limit.py', 3000);
    const bytes = utf8(traceToJSON(trace));
    const progress: OpenProgress[] = [];
    const opened = await openTraceLive('big.json', fileOf(bytes, 10_000), { onProgress: (p) => progress.push(p) });
    expect(opened.model).toEqual(explainView(buildViewModel(trace), trace));
    expect(progress.length).toBe(Math.ceil(bytes.length / 10_000));
    expect(progress.at(-1)).toEqual({ phase: 'read', done: bytes.length, total: bytes.length });
  });

  it('a file laid out otherwise is read, then laid out: both reported', async () => {
    const trace = traceOf('31-runaway-loop-hits-limit.py', 3000);
    const plain = JSON.parse(traceToJSON(trace)) as object;
    const bytes = utf8(JSON.stringify(plain, null, 1));
    const progress: OpenProgress[] = [];
    const opened = await openTraceLive('pretty.json', fileOf(bytes, 10_000), { onProgress: (p) => progress.push(p) });
    expect(opened.model).toEqual(explainView(buildViewModel(trace), trace));
    const read = progress.filter((p) => p.phase === 'read');
    const built = progress.filter((p) => p.phase === 'build');
    expect(read.at(-1)).toEqual({ phase: 'read', done: bytes.length, total: bytes.length });
    expect(built.at(-1)).toEqual({ phase: 'build', done: trace.events.length, total: trace.events.length });
    expect(progress.indexOf(built[0]!)).toBeGreaterThan(progress.indexOf(read.at(-1)!));
  });

  it('a stream that fails part way rejects with what went wrong', async () => {
    const failing: TraceBytes = {
      ...fileOf(utf8('{"format":"loopscope-trace",'), 8),
      async *chunks() {
        yield utf8('{"format":"loopscope-trace",');
        throw new Error('the disk went away');
      },
    };
    await expect(openTraceLive('t.json', failing)).rejects.toThrow('the disk went away');
    await expect(openTraceLive('t.json', fileOf(utf8('{"format":'), 4))).rejects.toThrow(TraceFileError);
  });
});

describe('a file that is not a whole trace gets a clear error', () => {
  it('truncated anywhere: says so, with where, and what to do', () => {
    const bytes = utf8(SMALL_JSON);
    for (let cut = 0; cut < bytes.length; cut += cut < 200 ? 1 : 7) {
      const error = openError(bytes.subarray(0, cut), 13);
      expect(error.message, `cut at ${cut}`).toMatch(/^trace\.json:1:\d+: the file ends .*truncated \(record it again with `loopscope run FILE --format json > trace\.json`\)$/);
    }
    expect(openError(bytes.subarray(0, SMALL_JSON.indexOf('"floats"') - 40)).message).toMatch(/the file ends inside "events", after [\d,]+ numbers: it is truncated/);
    expect(openError('').message).toBe('trace.json:1:1: the file ends before it begins (it is empty): it is truncated (record it again with `loopscope run FILE --format json > trace.json`)');
  });

  it.each([
    [`{"format":"loopscope-trace","version":${TRACE_VERSION + 1},"events":[]}`, /trace\.json:1:\d+: this trace is of version \d+, newer than this Loopscope reads \(version \d+\): update Loopscope/],
    [`{"format":"loopscope-trace","version":0}`, /this trace is of version 0, older than this Loopscope reads/],
    ['{"format":"chrome-trace","version":1}', /this is JSON, but not a Loopscope trace: its "format" is "chrome-trace"/],
    ['{"traceEvents":[{"ph":"X"}]}', /this is JSON, but not a Loopscope trace: it has no "format": "loopscope-trace"/],
    ['import asyncio\n', /^trace\.json:1:1: this is not a Loopscope trace: a trace is a JSON object starting with '\{'.*open its \.py file/],
    ['[1, 2, 3]', /this is not a Loopscope trace/],
    ['\n\n   {"format": "loopscope-trace" "version": 1}', /^trace\.json:3:33: expected ',' or '\}', found '"'/],
    [`{"format":"loopscope-trace","version":${TRACE_VERSION},"events":[],"floats":[],"strings":[]}junk`, /expected nothing after the end of the trace, found 'j'/],
    [`{"format":"loopscope-trace","format":"loopscope-trace"}`, /"format" appears twice/],
  ])('%s', (text, message) => {
    expect(openError(text).message).toMatch(message);
  });

  it.each([
    ['events', '[1,2,1.5]', /events\[2\] is not an integer: the event stream holds whole numbers only/],
    ['events', '[1e3]', /events\[0\] is not an integer/],
    ['events', '[99999999999]', /events\[0\] is out of range: the event stream holds 32-bit integers/],
    ['events', '[2147483648]', /events\[0\] is out of range/],
    ['events', '[NaN]', /expected a number in events\[0\], found 'N'/],
    ['events', '[1,null]', /expected a number in events\[1\], found 'n'/],
    ['events', '[1,-]', /expected a digit in events\[1\], found '\]'/],
    ['events', '["1"]', /expected a number in events\[0\], found '"'/],
    ['events', '{}', /expected '\[' to open "events"/],
    ['floats', '[1e999]', /floats\[0\] is '1e999', not a number/],
    ['floats', '[0.5,Infinity]', /expected a number in floats\[1\], found 'I'/],
    ['floats', '[0.5,"Infinite"]', /floats\[1\] is "Infinite", not a number: the only words a trace writes there are "Infinity", "-Infinity" and "NaN"/],
    ['floats', '["toString"]', /floats\[0\] is "toString", not a number/],
    ['floats', '["NaN and a very long string"]', /floats\[0\] is a string, not a number/],
    ['floats', '[1.2.3]', /floats\[0\] is '1.2.3', not a number/],
    ['strings', '[1,2]', /"strings" must be a list of strings/],
    ['strings', '"x"', /"strings" must be a list of strings/],
    ['steps', '1e300', /"steps" must be a count, not 1e\+300/],
    ['steps', '-1', /"steps" must be a count/],
    ['end', '{"kind":"ok"}', /"end" needs a finite "time"/],
    ['end', '{"kind":"boom","time":1}', /"end" has an unknown "kind" "boom"/],
    ['end', '{"kind":"deadlock","time":1,"pending":[],"graph":{"blocked":[{}],"cycle":null}}', /"end" has a blocked task without its name/],
    ['end', '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]', /"end" is nested more than 32 deep: a trace never is/],
    ['end', '{"kind":"ok","time":1,"x":"\u0001"}', /a control character inside a string of "end"/],
  ])('%s: %s', (field, value, message) => {
    expect(openError(withField(field, value)).message).toMatch(message);
  });

  it('events that do not add up: what is wrong, and that the file was damaged', () => {
    const events = Array.from(SMALL.events);
    const at = (op: string): number => {
      let found = -1;
      forEachEvent(SMALL, (event, position) => {
        if (found === -1 && event.op === op) found = position;
      });
      return found;
    };
    const mutate = (change: (e: number[]) => void): string => {
      const copy = events.slice();
      change(copy);
      return withField('events', `[${copy.join(',')}]`);
    };
    // A string index past the table, a task used before it exists, an unknown opcode, a cut-off event.
    expect(openError(mutate((e) => (e[at('task-new') + 3] = 999_999))).message).toMatch(/^trace\.json:1:\d+: the trace's events do not add up at events\[\d+\] \(string 999999 is missing\): the file was changed or damaged/);
    expect(openError(mutate((e) => (e[at('queue-step') + 2] = 77))).message).toMatch(/do not add up at events\[\d+\] \(task 77 is used before it is created\)/);
    expect(openError(mutate((e) => e.splice(0, 0, 99))).message).toMatch(/do not add up at events\[0\] \(unknown opcode 99 at 0\)/);
    expect(openError(mutate((e) => e.push(12, 0, 0, 0, 0, 0, 0, 2_000_000_000))).message).toMatch(/do not add up at events\[\d+\] \(the event stream ends in the middle of an event/);
  });

  it('a trace bigger than the limits is refused, not read', () => {
    const opener = new WholeTraceOpener('big.json', { maxWords: 10 });
    expect(() => opener.push(utf8(SMALL_JSON))).toThrow(/the trace is too big to open: "events" holds more than 10 numbers/);
    expect(() => readTraceBytes('s.json', utf8(SMALL_JSON), 100, { maxStringBytes: 10 })).toThrow(/"strings" is longer than 10 bytes/);
  });

  test('fuzz: damaged trace files open or give a TraceFileError, never anything else', () => {
    const bytes = utf8(traceToJSON(traceOf('13-lock-shared-account.py')));
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom('-', '9999999999', '[', ']', '{', '"', ',', '1e99', 'null', '0.5', '\\u0000', '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[') }),
      fc.record({ kind: fc.constant('digits' as const), at: fc.nat(), value: fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }) }),
    );
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 5000 }), (edits, chunk) => {
        let b: number[] = Array.from(bytes);
        for (const e of edits) {
          const at = e.at % (b.length + 1);
          if (e.kind === 'flip') b[at % b.length] = e.byte;
          else if (e.kind === 'delete') b.splice(at, e.length);
          else if (e.kind === 'insert') b.splice(at, 0, ...utf8(e.text));
          else {
            // Overwrite one number of the stream with another, keeping the JSON valid.
            const text = new TextDecoder().decode(Uint8Array.from(b));
            const numbers = [...text.matchAll(/-?\d+/g)];
            const hit = numbers[at % Math.max(1, numbers.length)];
            if (hit !== undefined) b = Array.from(utf8(text.slice(0, hit.index) + String(e.value) + text.slice(hit.index + hit[0].length)));
          }
        }
        try {
          const opened = open(Uint8Array.from(b), chunk);
          expect(opened.model.axis.steps).toBeGreaterThanOrEqual(0);
        } catch (error) {
          if (!(error instanceof TraceFileError)) throw error;
          expect(error.message).toMatch(/^trace\.json:\d+:\d+: ./);
        }
      }),
      { numRuns: 600 },
    );
  });

  test('fuzz: any JSON document gives a trace or a TraceFileError', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 6 }), fc.integer({ min: 1, max: 64 }), (text, chunk) => {
        try {
          open(utf8(text), chunk);
        } catch (error) {
          if (!(error instanceof TraceFileError)) throw error;
        }
      }),
      { numRuns: 400 },
    );
  });
});

/** The type-level check that a Trace read back is a Trace (used above through toEqual). */
export type Read = Trace;
