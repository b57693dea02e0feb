/**
 * Opening a saved trace: its bytes read as they arrive (json-reader.ts), then its view model built
 * in one pass (builder.ts). What a worker runs when a person opens a `.json` trace; anything wrong
 * with the file, in its syntax or in what its events say, comes out as one TraceFileError.
 */
import { TraceFormatError } from '../trace/decode.ts';
import type { Trace } from '../trace/format.ts';
import { TraceFileError, TraceJsonReader, type TraceReaderLimits } from '../trace/json-reader.ts';
import { ViewBuilder, buildViewModel } from './builder.ts';
import type { ViewModel } from './model.ts';

export interface OpenedTrace {
  trace: Trace;
  model: ViewModel;
  /** The scenario's text, when the file carries it (null: only the trace was saved). */
  scenario: string | null;
}

export class TraceOpener {
  private readonly reader: TraceJsonReader;

  constructor(
    private readonly file: string,
    limits: Partial<TraceReaderLimits> = {},
  ) {
    this.reader = new TraceJsonReader(file, limits);
  }

  get bytesRead(): number {
    return this.reader.bytesRead;
  }

  push(bytes: Uint8Array): void {
    this.reader.push(bytes);
  }

  finish(): OpenedTrace {
    const trace = this.reader.finish();
    const builder = new ViewBuilder(trace.source);
    try {
      return { trace, model: buildViewModel(trace, builder), scenario: this.reader.scenario };
    } catch (error) {
      if (!(error instanceof TraceFormatError)) throw error;
      throw new TraceFileError(
        this.file,
        this.reader.eventsLine,
        this.reader.eventsColumn,
        `the trace's events do not add up at events[${builder.position}] (${error.message}): the file was changed or damaged; record it again with \`loopscope run FILE --format json > trace.json\``,
      );
    }
  }
}
