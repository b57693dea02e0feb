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
