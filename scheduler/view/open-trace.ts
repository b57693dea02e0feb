/**
 * Laying out a saved trace read whole (json-reader.ts): its view model built in one pass
 * (builder.ts). The workers open a `.json` trace with open-live.ts, which comes here for a file laid
 * out otherwise than json.ts writes it; anything wrong with the file, in its syntax or in what its
 * events say, comes out as one TraceFileError.
 */
import { TraceFormatError } from '../trace/decode.ts';
import type { Trace } from '../trace/format.ts';
import { TraceFileError, type TraceJsonReader } from '../trace/json-reader.ts';
import { ViewBuilder } from './builder.ts';
import type { ViewModel } from './model.ts';
import { explainView } from './explained.ts';

export interface OpenedTrace {
  trace: Trace;
  model: ViewModel;
  /** The scenario's text, when the file carries it (null: only the trace was saved). */
  scenario: string | null;
}

/** How far opening has come: the file read (bytes of total), then the model built (events of total). */
export type OpenProgress = { phase: 'read'; done: number; total: number | null } | { phase: 'build'; done: number; total: number };

/** Words given to the builder at a time, so that building reports its progress. */
const BUILD_SLICE = 1 << 20;

/** A trace read whole by `reader`, laid out in one pass (`slice` words at a time, reporting progress). */
export function layOutTrace(file: string, reader: TraceJsonReader, trace: Trace, onProgress?: (progress: OpenProgress) => void, slice = BUILD_SLICE): OpenedTrace {
  const builder = new ViewBuilder(trace.source);
  try {
    const { events } = trace;
    for (let at = 0; at < events.length || at === 0; at += slice) {
      builder.push(events.subarray(at, at + slice), at === 0 ? trace.floats : new Float64Array(0), trace.strings);
      onProgress?.({ phase: 'build', done: Math.min(events.length, at + slice), total: events.length });
    }
    const model = builder.finish(trace.end);
    // Explained here too, so the page only draws (a malformed stream was refused by the pass above).
    return { trace, model: explainView(model, trace), scenario: reader.scenario };
  } catch (error) {
    throw eventsRefused(file, reader, builder.position, error);
  }
}

/**
 * What the builder's refusal of a file's events (TraceFormatError) becomes: a TraceFileError that
 * points at the events list and says at which word. Any other error is returned as it is.
 */
export function eventsRefused(file: string, reader: TraceJsonReader, position: number, error: unknown): unknown {
  if (!(error instanceof TraceFormatError)) return error;
  return new TraceFileError(
    file,
    reader.eventsLine,
    reader.eventsColumn,
    `the trace's events do not add up at events[${position}] (${error.message}): the file was changed or damaged; record it again with \`loopscope run FILE --format json > trace.json\``,
  );
}
