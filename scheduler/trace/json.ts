/**
 * The trace's JSON form: what `loopscope run --format json` prints and what a saved trace holds.
 * Written by hand because JSON.stringify would turn typed arrays into objects keyed "0", "1"...;
 * the integer stream is joined in chunks natively, so a ten-million-event trace serializes in a
 * fraction of a second. The output depends only on the trace: the same run gives the same bytes.
 */
import { READABLE_VERSIONS, TRACE_FORMAT, TRACE_VERSION, type Trace, type TraceEnd, type TraceVersion } from './format.ts';

const CHUNK = 1 << 16;
/** The shortest run of event words that TraceJSONStream hands to its NumberWriter. */
export const LONG_INTS = 1 << 16;
// The scheduler compiles against the ES library only; TextEncoder is in every host it runs on
// (Node, browsers, workers), so it is declared here rather than pulling in a host's types.
declare const TextEncoder: new () => { encodeInto(source: string, destination: Uint8Array): { read: number; written: number } };
const UTF8 = new TextEncoder();

function joinNumbers(values: Int32Array | Float64Array): string {
  const parts: string[] = [];
  for (let start = 0; start < values.length; start += CHUNK) {
    parts.push(values instanceof Float64Array ? floatText(values, start, Math.min(values.length, start + CHUNK), false) : values.subarray(start, start + CHUNK).join(','));
  }
  return parts.join(',');
}

/**
 * Floats are written as JavaScript prints them (shortest round-trip), except the non-finite ones
 * (a timer due at `asyncio.sleep(float('inf'))`, or NaN as CPython's heap keeps it), which JSON
 * has no number for: they are written as the strings "Infinity", "-Infinity" and "NaN", which
 * traceFromJSON reads back as the numbers. The events come first, so that a long run can stream them while it is recorded (TraceJSONStream).
 * `scenario`, the scenario's text, makes the file whole: whoever opens it sees the code too.
 */
export function traceToJSON(trace: Trace, scenario?: string): string {
  return (
    `{"format":${JSON.stringify(trace.format)},"version":${trace.version},"source":${JSON.stringify(trace.source)},` +
    `"events":[${joinNumbers(trace.events)}],"floats":[${joinNumbers(trace.floats)}],` +
    `"strings":${JSON.stringify(trace.strings)},"steps":${trace.steps},"end":${JSON.stringify(trace.end)}${scenarioField(scenario)}}`
  );
}

/** The optional last field: the scenario's text (readers that do not know it skip it). */
const scenarioField = (scenario: string | undefined): string => (scenario === undefined ? '' : `,"scenario":${JSON.stringify(scenario)}`);

/**
 * Where TraceJSONStream may send the long runs of numbers of a trace to be written elsewhere: the
 * CLI's writer thread turns them into text in parallel with the run that records the next ones.
 */
export interface NumberWriter {
  /** Write `words` as writeInts writes them, after every byte handed over before. */
  ints(words: Int32Array, afterOthers: boolean): void;
  /** Turn `values` into text as floatText does (after a comma when `afterOthers`), and hold it. */
  holdFloats(values: Float64Array, afterOthers: boolean): void;
  /** Write the floats held so far, in order, after every byte handed over before. */
  writeHeldFloats(): void;
}

/**
 * The same JSON as traceToJSON, written while the trace is recorded: the events as the recorder
 * hands over full chunks (TraceRecorder's onChunk), the rest once the run is over (finish). The
 * UTF-8 goes to `write` a megabyte at a time; `write` must use (or copy) the bytes before it
 * returns, because the buffer is then filled again. The integer stream is turned into digits in
 * place, several times faster than number-to-string conversion for the millions of events of a
 * long run, and the whole text is never held at once.
 *
 * The floats come after the events in the JSON but are recorded alongside them, so the blocks
 * handed over during the run (onFloats) are turned into text at once and held until finish.
 *
 * With a NumberWriter, event runs of at least LONG_INTS words, and every block of floats, go to
 * it instead of being turned into text here.
 */
export class TraceJSONStream {
  private readonly encoder: Utf8Writer;
  /** Event words and floats written (or held) so far. */
  private written = 0;
  private floatsHeld = 0;
  /** The held floats' text, when there is no NumberWriter to hold it. */
  private readonly heldFloats: string[] = [];

  constructor(
    source: string,
    write: (bytes: Uint8Array) => void,
    private readonly numbers?: NumberWriter,
  ) {
    this.encoder = new Utf8Writer(write);
    this.encoder.text(`{"format":${JSON.stringify(TRACE_FORMAT)},"version":${TRACE_VERSION},"source":${JSON.stringify(source)},"events":[`);
  }

  /** The next words of the event stream. */
  events(words: Int32Array): void {
    if (this.numbers !== undefined && words.length >= LONG_INTS) {
      this.encoder.flush();
      this.numbers.ints(words, this.written > 0);
    } else {
      this.encoder.ints(words, this.written > 0);
    }
    this.written += words.length;
  }

  /** The next floats, held as text until the events are all written. */
  floats(values: Float64Array): void {
    if (values.length === 0) return;
    if (this.numbers !== undefined) this.numbers.holdFloats(values, this.floatsHeld > 0);
    else this.heldFloats.push(floatText(values, 0, values.length, this.floatsHeld > 0));
    this.floatsHeld += values.length;
  }

  /**
   * The finished trace: its events not written yet, its floats not held yet, then everything else.
   * `handedOver` says that the trace holds only what was not streamed (a recorder that handed its
   * chunks over, keepChunks false); otherwise it is whole, and what was streamed is skipped.
   * `scenario` is the scenario's text, written last (see traceToJSON).
   */
  finish(trace: Trace, handedOver = false, scenario?: string): void {
    if (!handedOver && (trace.events.length < this.written || trace.floats.length < this.floatsHeld)) {
      throw new Error('TraceJSONStream: the trace has fewer events or floats than were streamed');
    }
    this.events(handedOver ? trace.events : trace.events.subarray(this.written));
    this.encoder.text('],"floats":[');
    // Only if it holds some: a short trace must not set the CLI's writer thread going.
    if (this.numbers !== undefined && this.floatsHeld > 0) {
      this.encoder.flush();
      this.numbers.writeHeldFloats();
    }
    for (const text of this.heldFloats) this.encoder.text(text);
    const floats = handedOver ? trace.floats : trace.floats.subarray(this.floatsHeld);
    for (let start = 0; start < floats.length; start += CHUNK) {
      this.encoder.text(floatText(floats, start, Math.min(floats.length, start + CHUNK), this.floatsHeld + start > 0));
    }
    this.encoder.text(`],"strings":${JSON.stringify(trace.strings)},"steps":${trace.steps},"end":${JSON.stringify(trace.end)}${scenarioField(scenario)}}`);
    this.encoder.flush();
  }
}

/**
 * values[from..to) as JavaScript spells them (shortest round-trip), comma-separated, after a
 * comma when `afterOthers`. The CLI's writer thread runs it from its source text, as writeInts.
 */
export function floatText(values: Float64Array, from: number, to: number, afterOthers: boolean): string {
  let text = values.subarray(from, to).join(',');
  // Digits, '.', '-', '+' and 'e' spell every finite float; an 'N' or an 'I' is NaN or Infinity,
  // quoted to stay JSON (see traceToJSON).
  if (text.includes('N') || text.includes('I')) text = text.replace(/-?Infinity|NaN/g, (word) => `"${word}"`);
  return afterOthers && to > from ? `,${text}` : text;
}

/** traceToJSON's text, streamed as UTF-8 to `write` (see TraceJSONStream). */
export function writeTraceJSON(trace: Trace, write: (bytes: Uint8Array) => void): void {
  new TraceJSONStream(trace.source, write).finish(trace);
}

/*
 * Integers to decimal digits, four at a time from a table. The CLI's writer thread runs these
 * same functions from their source text (main/cli/background-writer.ts), so they use nothing but
 * their parameters and each other: no closures, no module constants, no inner functions.
 */

/** The four ASCII digits of every number below 10,000, zero-padded: 0000, 0001, ... 9999. */
export function digitTable(): Uint8Array {
  const table = new Uint8Array(40_000);
  for (let n = 0; n < 10_000; n++) {
    table[4 * n] = 48 + Math.floor(n / 1000);
    table[4 * n + 1] = 48 + (Math.floor(n / 100) % 10);
    table[4 * n + 2] = 48 + (Math.floor(n / 10) % 10);
    table[4 * n + 3] = 48 + (n % 10);
  }
  return table;
}

/** n < 10,000 without leading zeros; returns the position after it. */
export function writeSmall(buffer: Uint8Array, at: number, n: number, digits: Uint8Array): number {
  const from = 4 * n + (n < 10 ? 3 : n < 100 ? 2 : n < 1000 ? 1 : 0);
  for (let k = from; k < 4 * n + 4; k++) buffer[at++] = digits[k] as number;
  return at;
}

/** n < 10,000 as exactly four digits; returns the position after them. */
export function writeFour(buffer: Uint8Array, at: number, n: number, digits: Uint8Array): number {
  const k = 4 * n;
  buffer[at] = digits[k] as number;
  buffer[at + 1] = digits[k + 1] as number;
  buffer[at + 2] = digits[k + 2] as number;
  buffer[at + 3] = digits[k + 3] as number;
  return at + 4;
}

/** The most bytes one integer takes in writeInts: a comma, a minus sign and ten digits. */
export const MAX_INT_BYTES = 12;

/**
 * values[from..to) as comma-separated decimal into `buffer` from `at` (with a comma before the
 * first too when `afterOthers`); returns the position after them. The caller leaves room for
 * MAX_INT_BYTES per value, so that room is not checked once per byte.
 */
export function writeInts(
  values: Int32Array,
  from: number,
  to: number,
  afterOthers: boolean,
  buffer: Uint8Array,
  at: number,
  digits: Uint8Array,
): number {
  for (let i = from; i < to; i++) {
    if (i > from || afterOthers) buffer[at++] = 44; // ','
    let n = values[i] as number;
    if (n < 0) {
      buffer[at++] = 45; // '-'
      n = -n; // at most 2^31, still exact
    }
    if (n < 10_000) {
      at = writeSmall(buffer, at, n, digits);
    } else if (n < 100_000_000) {
      const high = Math.floor(n / 10_000);
      at = writeSmall(buffer, at, high, digits);
      at = writeFour(buffer, at, n - high * 10_000, digits);
    } else {
      const top = Math.floor(n / 100_000_000);
      const rest = n - top * 100_000_000;
      const middle = Math.floor(rest / 10_000);
      at = writeSmall(buffer, at, top, digits);
      at = writeFour(buffer, at, middle, digits);
      at = writeFour(buffer, at, rest - middle * 10_000, digits);
    }
  }
  return at;
}

/** Made on first use: a run that never writes JSON (most of them) need not pay for it. */
let sharedDigits: Uint8Array | null = null;

/** A UTF-8 buffer handed to a sink whenever it fills, with a fast path for 32-bit integers. */
class Utf8Writer {
  private buffer = new Uint8Array(1 << 20);
  private length = 0;

  constructor(private readonly sink: (bytes: Uint8Array) => void) {}

  /** A comma-separated run of 32-bit integers (after a comma if others came before). */
  ints(values: Int32Array, afterOthers: boolean): void {
    for (let i = 0; i < values.length; ) {
      if (this.buffer.length - this.length < MAX_INT_BYTES) this.flush();
      const to = Math.min(values.length, i + Math.floor((this.buffer.length - this.length) / MAX_INT_BYTES));
      this.length = writeInts(values, i, to, afterOthers || i > 0, this.buffer, this.length, (sharedDigits ??= digitTable()));
      i = to;
    }
  }

  /** Any text, UTF-8 encoded natively; a string longer than the buffer's room goes in pieces. */
  text(value: string): void {
    let rest = value;
    for (;;) {
      const { read, written } = UTF8.encodeInto(rest, this.buffer.subarray(this.length));
      this.length += written;
      if (read === rest.length) return;
      rest = rest.slice(read);
      this.flush();
    }
  }

  flush(): void {
    if (this.length === 0) return;
    this.sink(this.buffer.subarray(0, this.length));
    this.length = 0;
  }
}

export class TraceJsonError extends Error {}

/** Read a trace written by traceToJSON, checking its format and version (older versions are read too). */
export function traceFromJSON(text: string): Trace {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new TraceJsonError(`not a trace: ${(error as Error).message}`);
  }
  const data = raw as Partial<Record<keyof Trace, unknown>>;
  if (typeof raw !== 'object' || raw === null || data.format !== TRACE_FORMAT) throw new TraceJsonError('not a Loopscope trace');
  if (typeof data.version !== 'number' || !READABLE_VERSIONS.includes(data.version)) {
    throw new TraceJsonError(`trace version ${String(data.version)} is not supported (this Loopscope reads versions ${READABLE_VERSIONS.join(' and ')})`);
  }
  if (!Array.isArray(data.events) || !Array.isArray(data.floats) || !Array.isArray(data.strings)) throw new TraceJsonError('the trace is incomplete');
  return {
    format: TRACE_FORMAT,
    version: data.version as TraceVersion,
    source: String(data.source ?? ''),
    steps: Number(data.steps ?? 0),
    end: endFromJSON(data.end),
    strings: data.strings.map(String),
    floats: Float64Array.from(data.floats as number[]),
    events: Int32Array.from(data.events as number[]),
  };
}

/**
 * A trace's end as read back: its kind and the fields of that kind, type-checked. Fields an older
 * trace does not have (an error's `line`, `task`, `traceback`; a limit's `line`, `task`) are left
 * out, not made up.
 */
function endFromJSON(raw: unknown): TraceEnd | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== 'object') throw new TraceJsonError('the trace\'s end is not an object');
  const end = raw as Record<string, unknown>;
  const time = Number(end.time ?? 0);
  const text = (key: string): string => String(end[key] ?? '');
  const optionalNumber = (key: string): number | undefined => (typeof end[key] === 'number' ? (end[key] as number) : undefined);
  switch (end.kind) {
    case 'ok':
      return { kind: 'ok', time };
    case 'error': {
      const error: TraceEnd & { kind: 'error' } = { kind: 'error', time, exception: text('exception'), type: text('type'), message: text('message') };
      const line = optionalNumber('line');
      const task = optionalNumber('task');
      if (line !== undefined) error.line = line;
      if (task !== undefined) error.task = task;
      if (typeof end.traceback === 'string') error.traceback = end.traceback;
      return error;
    }
    case 'deadlock':
      return {
        kind: 'deadlock',
        time,
        pending: Array.isArray(end.pending) ? end.pending.map(String) : [],
        graph: (end.graph ?? { blocked: [], cycle: null }) as Extract<TraceEnd, { kind: 'deadlock' }>['graph'],
      };
    case 'limit': {
      const limit: TraceEnd & { kind: 'limit' } = { kind: 'limit', time, reason: text('reason'), message: text('message') };
      const line = optionalNumber('line');
      const task = optionalNumber('task');
      if (line !== undefined) limit.line = line;
      if (task !== undefined) limit.task = task;
      return limit;
    }
    default:
      throw new TraceJsonError(`unknown end of run: ${JSON.stringify(end.kind)}`);
  }
}
