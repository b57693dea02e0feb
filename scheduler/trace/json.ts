/**
 * The trace's JSON form: what `loopscope run --format json` prints and what a saved trace holds.
 * Written by hand because JSON.stringify would turn typed arrays into objects keyed "0", "1"...;
 * the integer stream is joined in chunks natively, so a ten-million-event trace serializes in a
 * fraction of a second. The output depends only on the trace: the same run gives the same bytes.
 */
import { TRACE_FORMAT, TRACE_VERSION, type Trace } from './format.ts';

const CHUNK = 1 << 16;

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
  // Floats are few (ticks and timers): the exact JavaScript spelling matters more than speed.
  for (let i = 0; i < trace.floats.length; i++) encoder.text(i === 0 ? String(trace.floats[i]) : `,${trace.floats[i]}`);
  encoder.text('],"events":[');
  const events = trace.events;
  for (let i = 0; i < events.length; i++) {
    if (i > 0) encoder.byte(44); // ','
    encoder.int(events[i] as number);
  }
  encoder.text(']}');
  encoder.flush();
  return chunks;
}

/** A growing sequence of UTF-8 chunks with fast paths for ASCII bytes and 32-bit integers. */
class Utf8Writer {
  private buffer = new Uint8Array(1 << 20);
  private length = 0;
  private readonly digits = new Uint8Array(11);

  constructor(private readonly chunks: Uint8Array[]) {}

  byte(value: number): void {
    if (this.length === this.buffer.length) this.flush();
    this.buffer[this.length++] = value;
  }

  int(value: number): void {
    if (this.length + 11 > this.buffer.length) this.flush();
    let n = value;
    if (n < 0) {
      this.buffer[this.length++] = 45; // '-'
      n = -n;
    }
    let count = 0;
    do {
      this.digits[count++] = 48 + (n % 10);
      n = Math.floor(n / 10);
    } while (n > 0);
    while (count > 0) this.buffer[this.length++] = this.digits[--count] as number;
  }

  text(value: string): void {
    for (let i = 0; i < value.length; i++) {
      const code = value.codePointAt(i) as number;
      if (code > 0xffff) i++; // the low surrogate of a pair was consumed with it
      if (code < 0x80) this.byte(code);
      else if (code < 0x800) {
        this.byte(0xc0 | (code >> 6));
        this.byte(0x80 | (code & 0x3f));
      } else if (code < 0x10000) {
        this.byte(0xe0 | (code >> 12));
        this.byte(0x80 | ((code >> 6) & 0x3f));
        this.byte(0x80 | (code & 0x3f));
      } else {
        this.byte(0xf0 | (code >> 18));
        this.byte(0x80 | ((code >> 12) & 0x3f));
        this.byte(0x80 | ((code >> 6) & 0x3f));
        this.byte(0x80 | (code & 0x3f));
      }
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
