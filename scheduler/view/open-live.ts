/**
 * Opening a saved trace so that it is drawn as it is read, as a run is drawn as it runs: the
 * model of its first events is sent long before the file is whole.
 *
 * The builder needs the floats and the string table before the events that use them, and json.ts
 * writes those after the events. A file can be read from any offset (a Blob, a file on disk), so
 * its tail is read first: from the end backward to the `],"floats":[` that ends the events list
 * (it cannot occur inside a JSON string, whose quotes are escaped, nor among the events' digits),
 * then parsed on its own. The file is then read from its start, and each stretch of events the
 * reader has decoded goes into a LiveModel, which sends snapshots as a run's do (live.ts).
 *
 * Whatever is unusual falls back to reading the whole file and laying it out after (open-trace.ts):
 * a file laid out otherwise (pretty-printed, other key orders), a tail that does not parse, or a
 * tail that differs from what the whole file says. A pretty-printed file is known by its first
 * line break, seen at once from the end, so it is not searched backward whole first. The model that ends either way is the same.
 */
import type { Trace } from '../trace/format.ts';
import { TraceJsonReader, type TraceReaderLimits, type TraceTail } from '../trace/json-reader.ts';
import { LiveModel, type ModelWithTrace } from './live.ts';
import { eventsRefused, layOutTrace, type OpenProgress, type OpenedTrace } from './open-trace.ts';

/** A trace file's bytes, readable from any offset: a browser Blob, a file on disk. */
export interface TraceBytes {
  readonly size: number;
  /** The bytes from `start` up to `end` (the tail is read so, backward from the end). */
  read(start: number, end: number): Promise<Uint8Array>;
  /** All the bytes from the start, as they come: one stream is far cheaper than a read per megabyte (a Blob's). */
  chunks(): AsyncIterable<Uint8Array>;
}

export interface OpenLiveOptions {
  onProgress?: (progress: OpenProgress) => void;
  /** The model of the events read so far, and the scenario's text when the file carries it. */
  onSnapshot?: (snapshot: ModelWithTrace, scenario: string | null) => void;
  /** No snapshot before this many words. */
  firstSnapshotWords?: number;
  /** Bytes read at a time, backward from the end, looking for the tail. */
  readBytes?: number;
  /** Event words given to the builder at a time, as they are read. */
  layOutWords?: number;
  limits?: Partial<TraceReaderLimits>;
}

/** Bytes read at a time, backward from the end, looking for the tail. */
const READ_BYTES = 1 << 20;
/** Event words given to the builder at a time, as they are read. */
const LAY_OUT_WORDS = 1 << 16;
/** Where json.ts's events list ends and its floats begin. */
const FLOATS_KEY = new Uint8Array([...'],"floats":['].map((c) => c.charCodeAt(0)));
const OPEN_BRACE = new Uint8Array([123]);
/** Each snapshot when the events read have grown this much since the last. */
export const SNAPSHOT_GROWTH = 4;
/**
 * No snapshot past this share of the file's events: the whole model comes soon after, and on a
 * busy machine each snapshot's redraw on the page takes time from the worker still reading.
 */
export const LAST_SNAPSHOT_SHARE = 0.2;
/** How much of a snapshot is explained (a run's snapshots: PARTIAL_EXPLAIN_WORDS, four times as much). */
const SNAPSHOT_EXPLAIN_WORDS = 1 << 18;

/** The words the whole events list will hold, from how many the bytes read so far held (events end at byte `eventsEnd`). */
function estimatedWords(reader: TraceJsonReader, eventsEnd: number): number {
  return reader.bytesRead >= eventsEnd ? reader.wordsRead : (reader.wordsRead * eventsEnd) / Math.max(1, reader.bytesRead);
}

export async function openTraceLive(file: string, bytes: TraceBytes, options: OpenLiveOptions = {}): Promise<OpenedTrace> {
  const readBytes = options.readBytes ?? READ_BYTES;
  const layOutWords = options.layOutWords ?? LAY_OUT_WORDS;
  const found = await readTail(file, bytes, readBytes, options.limits);
  const reader = new TraceJsonReader(file, options.limits);
  let live: LiveModel | null = null;
  /** The source path the model was started with (a file that gives it after its events gives it too late). */
  let liveSource = '';
  let laidOut = 0;
  let snapshots = 0;
  const layOut = ({ tail, eventsEnd }: FoundTail): void => {
    if (reader.wordsRead === laidOut) return;
    if (live === null) {
      liveSource = reader.sourcePath;
      live = new LiveModel(liveSource, {
        onSnapshot: (snapshot) => {
          snapshots++;
          options.onSnapshot?.(snapshot, tail.scenario);
        },
        firstSnapshotWords: options.firstSnapshotWords ?? 1 << 16,
        // A file is read far faster than a run makes its events, and every snapshot costs copies
        // here and a redraw on the page: few of them, none once most of the events are in.
        snapshotGrowth: SNAPSHOT_GROWTH,
        lastSnapshotWords: LAST_SNAPSHOT_SHARE * estimatedWords(reader, eventsEnd),
        // Explaining is most of the work here: a snapshot explains only its first steps, the same
        // for every snapshot (built once), and the whole model all of it.
        explainWords: SNAPSHOT_EXPLAIN_WORDS,
      });
      live.floats(tail.floats);
    }
    // Until the first snapshot, a stretch at a time, however much one read brought: it is due
    // after a number of words, and the first frame should not wait for a whole large read to be
    // laid out. Then all that was read at once: in Chromium's worker, laying out the rest of a
    // 10 M trace in stretches took twice as long.
    while (laidOut < reader.wordsRead) {
      const to = snapshots === 0 ? Math.min(reader.wordsRead, laidOut + layOutWords) : reader.wordsRead;
      live.chunk(reader.wordsFrom(laidOut, to), tail.strings);
      laidOut = to;
    }
  };
  let trace: Trace;
  try {
    for await (const chunk of bytes.chunks()) {
      reader.push(chunk);
      options.onProgress?.({ phase: 'read', done: reader.bytesRead, total: bytes.size });
      // The builder takes the events a stretch at a time (a stream's chunks can be small).
      if (found !== null && reader.wordsRead - laidOut >= layOutWords) layOut(found);
    }
    if (found !== null) layOut(found);
    trace = reader.finish();
    const built = live as LiveModel | null;
    if (built !== null && found !== null && sameTail(found.tail, trace) && trace.source === liveSource) {
      const { model, trace: whole } = built.finish({ ...trace, events: new Int32Array(0), floats: new Float64Array(0) });
      return { trace: whole, model, scenario: reader.scenario };
    }
  } catch (error) {
    throw eventsRefused(file, reader, (live as LiveModel | null)?.position ?? 0, error);
  }
  return layOutTrace(file, reader, trace, options.onProgress);
}

/** A file's tail, and the offset where its events list ends (where the tail begins). */
interface FoundTail {
  tail: TraceTail;
  eventsEnd: number;
}

/**
 * The file's tail (its floats, strings, steps, end and scenario), read from the end backward in
 * `window`-byte reads, and the offset where the events list ends; null when the file is not laid
 * out as json.ts writes it.
 */
async function readTail(file: string, bytes: TraceBytes, window: number, limits?: Partial<TraceReaderLimits>): Promise<FoundTail | null> {
  /** The reads so far, the one nearest the start first. */
  const reads: Uint8Array[] = [];
  let start = bytes.size;
  while (start > 0) {
    const end = start;
    start = Math.max(0, start - window);
    const read = await bytes.read(start, end);
    // json.ts writes a trace on one line: a line break before the file's trailing blank is a file
    // laid out otherwise (pretty-printed), read whole without searching the rest of it backward.
    if (hasLineBreak(end === bytes.size ? withoutTrailingBlank(read) : read)) return null;
    // The key may straddle two reads: look across the seam first (it is nearer the end), then in this read.
    const next = reads[0];
    const seam = next === undefined ? -1 : lastIndexOf(concat([read.subarray(Math.max(0, read.length - FLOATS_KEY.length + 1)), next.subarray(0, FLOATS_KEY.length - 1)]), FLOATS_KEY);
    reads.unshift(read);
    const found = seam >= 0 ? Math.max(0, read.length - FLOATS_KEY.length + 1) + seam : lastIndexOf(read, FLOATS_KEY);
    if (found < 0) continue;
    const reader = new TraceJsonReader(file, limits);
    try {
      // '{' and the tail from its "floats" key on: an object of its own.
      reader.push(OPEN_BRACE);
      reader.push(concat(reads).subarray(found + 2));
      return { tail: reader.finishTail(), eventsEnd: start + found };
    } catch {
      return null;
    }
  }
  return null;
}

/** Does the whole file's trace say what its tail, read first, said? */
function sameTail(tail: TraceTail, trace: Trace): boolean {
  if (tail.strings.length !== trace.strings.length || tail.floats.length !== trace.floats.length) return false;
  for (let i = 0; i < tail.strings.length; i++) if (tail.strings[i] !== trace.strings[i]) return false;
  // Bit for bit (NaN included).
  const a = new Uint8Array(tail.floats.buffer, tail.floats.byteOffset, tail.floats.byteLength);
  const b = new Uint8Array(trace.floats.buffer, trace.floats.byteOffset, trace.floats.byteLength);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const LINE_FEED = 10;
const hasLineBreak = (bytes: Uint8Array): boolean => bytes.indexOf(LINE_FEED) >= 0;

/** The bytes without the blank (spaces, line breaks) that ends them. */
function withoutTrailingBlank(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === LINE_FEED || bytes[end - 1] === 13 || bytes[end - 1] === 32 || bytes[end - 1] === 9)) end--;
  return bytes.subarray(0, end);
}

function lastIndexOf(haystack: Uint8Array, needle: Uint8Array): number {
  search: for (let i = haystack.length - needle.length; i >= 0; i--) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue search;
    return i;
  }
  return -1;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
