/**
 * The trace's JSON form: what `loopscope run --format json` prints and what a saved trace holds.
 * Written by hand because JSON.stringify would turn typed arrays into objects keyed "0", "1"...;
 * the integer stream is joined in chunks natively, so a ten-million-event trace serializes in a
 * fraction of a second. The output depends only on the trace: the same run gives the same bytes.
 */
import { TRACE_FORMAT, TRACE_VERSION, type Trace } from './format.ts';

const CHUNK = 1 << 16;
// The scheduler compiles against the ES library only; TextEncoder is in every host it runs on
// (Node, browsers, workers), so it is declared here rather than pulling in a host's types.
declare const TextEncoder: new () => { encodeInto(source: string, destination: Uint8Array): { read: number; written: number } };
const UTF8 = new TextEncoder();

function joinNumbers(values: Int32Array | Float64Array): string {
  const parts: string[] = [];
  for (let start = 0; start < values.length; start += CHUNK) parts.push(values.subarray(start, start + CHUNK).join(','));
  return parts.join(',');
}

/** Floats are written as JavaScript prints them (shortest round-trip); non-finite ones cannot occur. */
export function traceToJSON(trace: Trace): string {
  return (
    `{"format":${JSON.stringify(trace.format)},"version":${trace.version},"source":${JSON.stringify(trace.source)},` +
    `"steps":${trace.steps},"end":${JSON.stringify(trace.end)},"strings":${JSON.stringify(trace.strings)},` +
    `"floats":[${joinNumbers(trace.floats)}],"events":[${joinNumbers(trace.events)}]}`
  );
}

/**
 * The same JSON as traceToJSON, as UTF-8 chunks ready to write: the integer stream is turned into
 * digits byte by byte, which is several times faster than number-to-string conversion for the
 * millions of events of a long run, and never builds one giant string.
 */
export function traceToJSONChunks(trace: Trace): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  const encoder = new Utf8Writer(chunks);
  encoder.text(
    `{"format":${JSON.stringify(trace.format)},"version":${trace.version},"source":${JSON.stringify(trace.source)},` +
      `"steps":${trace.steps},"end":${JSON.stringify(trace.end)},"strings":${JSON.stringify(trace.strings)},"floats":[`,
  );
  // Floats are written as JavaScript spells them (shortest round-trip), a block at a time.
  const floats = trace.floats;
  for (let start = 0; start < floats.length; start += CHUNK) {
    encoder.text(`${start === 0 ? '' : ','}${floats.subarray(start, start + CHUNK).join(',')}`);
  }
  encoder.text('],"events":[');
  encoder.ints(trace.events);
  encoder.text(']}');
  encoder.flush();
  return chunks;
}

/** A growing sequence of UTF-8 chunks with fast paths for ASCII bytes and 32-bit integers. */
class Utf8Writer {
  private buffer = new Uint8Array(1 << 20);
  private length = 0;

  constructor(private readonly chunks: Uint8Array[]) {}

  byte(value: number): void {
    if (this.length === this.buffer.length) this.flush();
    this.buffer[this.length++] = value;
  }

  /**
   * A comma-separated run of 32-bit integers. Each number's digit count is found first, so its
   * digits are written straight into place (no scratch buffer), and room is checked once per
   * number rather than once per byte.
   */
  ints(values: Int32Array): void {
    for (let i = 0; i < values.length; i++) {
      if (this.length + 12 > this.buffer.length) this.flush();
      const buffer = this.buffer;
      let at = this.length;
      if (i > 0) buffer[at++] = 44; // ','
      let n = values[i] as number;
      if (n >= 0 && n < 100) {
        if (n >= 10) {
          const tens = (n * 205) >> 11; // n / 10 for n < 1029
          buffer[at++] = 48 + tens;
          n -= tens * 10;
        }
        buffer[at++] = 48 + n;
        this.length = at;
        continue;
      }
      if (n < 0) {
        buffer[at++] = 45; // '-'
        n = -n; // at most 2^31, still exact
      }
      let width = 1;
      for (let bound = 10; n >= bound && width < 10; bound *= 10) width++;
      let end = at + width;
      this.length = end;
      do {
        const quotient = Math.floor(n / 10);
        buffer[--end] = 48 + (n - quotient * 10);
        n = quotient;
      } while (n > 0);
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
    this.chunks.push(this.buffer.subarray(0, this.length));
    this.buffer = new Uint8Array(this.buffer.length);
    this.length = 0;
  }
}

export class TraceJsonError extends Error {}

/** Read a trace written by traceToJSON, checking its format and version. */
export function traceFromJSON(text: string): Trace {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new TraceJsonError(`not a trace: ${(error as Error).message}`);
  }
  const data = raw as Partial<Record<keyof Trace, unknown>>;
  if (typeof raw !== 'object' || raw === null || data.format !== TRACE_FORMAT) throw new TraceJsonError('not a Loopscope trace');
  if (data.version !== TRACE_VERSION) throw new TraceJsonError(`trace version ${String(data.version)} is not supported (expected ${TRACE_VERSION})`);
  if (!Array.isArray(data.events) || !Array.isArray(data.floats) || !Array.isArray(data.strings)) throw new TraceJsonError('the trace is incomplete');
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    source: String(data.source ?? ''),
    steps: Number(data.steps ?? 0),
    end: (data.end ?? null) as Trace['end'],
    strings: data.strings.map(String),
    floats: Float64Array.from(data.floats as number[]),
    events: Int32Array.from(data.events as number[]),
  };
}
