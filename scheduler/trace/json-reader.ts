/**
 * Reading a saved trace (the JSON that `loopscope run --format json` writes, json.ts) as its bytes
 * arrive, chunk by chunk, without ever holding its text: a worker feeds it a file's stream and the
 * page never waits. The event stream and the floats, nearly all of a trace, go straight from
 * digits into typed arrays; the small fields (format, version, source, steps, end) and the string
 * table are gathered and parsed as JSON when whole.
 *
 * Whatever the bytes, the reader either returns a Trace or throws a TraceFileError that names the
 * file, line and column and says what is wrong and what to do: a truncated file, another format or
 * version, numbers that are not what the trace needs (not integers, out of range, not finite),
 * junk nested deeper than any trace, or a file too big to open. It keeps what it reads within
 * fixed limits, so a hostile file cannot make it allocate without bound. What the numbers mean
 * (string indexes in range, handles that add up) is checked by whoever reads the events next
 * (scheduler/view/builder.ts).
 */
import { READABLE_VERSIONS, TRACE_FORMAT, TRACE_VERSION, type Trace, type TraceEnd, type TraceVersion } from './format.ts';

// The scheduler compiles against the ES library only; TextDecoder is in every host it runs on.
declare const TextDecoder: new (label?: string, options?: { fatal?: boolean }) => { decode(input?: Uint8Array): string };

/** A trace file that cannot be read, with where and why. */
export class TraceFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: ${reason}`);
    this.name = 'TraceFileError';
  }
}

/** What a trace file holds after its events (TraceJsonReader.finishTail). */
export interface TraceTail {
  floats: Float64Array<ArrayBuffer>;
  strings: string[];
  steps: number;
  end: TraceEnd | null;
  scenario: string | null;
}

export interface TraceReaderLimits {
  /** Integer words of the event stream (4 bytes each in memory). */
  maxWords: number;
  maxFloats: number;
  /** Bytes of JSON text gathered for the string table, and for any other field. */
  maxStringBytes: number;
  maxFieldBytes: number;
  /** Nesting of arrays and objects in the fields parsed whole (a trace needs 5). */
  maxDepth: number;
}

export const DEFAULT_READER_LIMITS: TraceReaderLimits = {
  maxWords: 1 << 28,
  maxFloats: 1 << 26,
  maxStringBytes: 1 << 28,
  maxFieldBytes: 1 << 26,
  maxDepth: 32,
};

const RECORD_AGAIN = 'record it again with `loopscope run FILE --format json > trace.json`';

const enum State {
  BeforeObject,
  BeforeKey,
  AfterKey,
  BeforeValue,
  AfterValue,
  Ints,
  Floats,
  Gathered,
  Done,
}

/** Where inside a number array the reader is. */
const enum ArrayAt {
  Open,
  First,
  Value,
  Number,
  /** Inside a quoted float: "Infinity", "-Infinity" or "NaN" (json.ts writes them so). */
  Word,
  After,
}

/** The floats JSON has no number for, as json.ts writes them. */
const FLOAT_WORDS: Readonly<Record<string, number>> = { Infinity: Infinity, '-Infinity': -Infinity, NaN: NaN };

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const MINUS = 45;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

const BOM = [0xef, 0xbb, 0xbf];
const isSpace = (c: number): boolean => c === SPACE || c === LF || c === CR || c === TAB;
const FLOAT = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;
/** Bytes to text one for one (what JSON.parse reads of a list of floats is ASCII, or is refused). */
const LATIN1 = new TextDecoder('latin1');


/** A growable typed array of the numbers read so far. */
class Numbers<A extends Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer>> {
  data: A;
  length = 0;
  constructor(private readonly make: (size: number) => A) {
    this.data = make(1 << 12);
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = this.make(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
  trimmed(): A {
    return this.data.slice(0, this.length) as A;
  }
}

/** A JSON value gathered byte by byte until it is whole (or skipped), tracking nesting and strings. */
class Gathering {
  readonly chunks: Uint8Array[] = [];
  size = 0;
  depth = 0;
  inString = false;
  escape = false;
  started = false;
  /** A bare scalar (number, true, false, null): it ends at the first delimiter. */
  scalar = false;
  /** Where it began, for messages. */
  line = 0;
  column = 0;
  constructor(
    readonly key: string,
    readonly keep: boolean,
    readonly limit: number,
  ) {}
}

export class TraceJsonReader {
  private state = State.BeforeObject;
  /** Bytes of the file before the current chunk, the current line and the offset it starts at. */
  private offset = 0;
  private line = 1;
  private lineStart = 0;
  private readonly keys = new Set<string>();
  private key = '';
  private readonly ints = new Numbers((n) => new Int32Array(n));
  private readonly floats = new Numbers((n) => new Float64Array(n));
  private arrayAt = ArrayAt.Open;
  private value = 0;
  private negative = false;
  private digits = 0;
  private floatText = '';
  private gathering: Gathering | null = null;
  private firstKey = true;

  private format: string | null = null;
  private source = '';
  private version: TraceVersion = TRACE_VERSION;
  private strings: string[] | null = null;
  private steps: number | null = null;
  private end: TraceEnd | null = null;
  private scenarioText: string | null = null;
  private readonly limits: TraceReaderLimits;
  /** Where the "events" list begins in the file (errors in what the events say point there). */
  eventsLine = 1;
  eventsColumn = 1;

  constructor(
    private readonly file: string,
    limits: Partial<TraceReaderLimits> = {},
  ) {
    this.limits = { ...DEFAULT_READER_LIMITS, ...limits };
  }

  /** The scenario's text, when the file carries it (the CLI writes it after the trace), once read. */
  get scenario(): string | null {
    return this.scenarioText;
  }

  /** Bytes read so far. */
  get bytesRead(): number {
    return this.offset;
  }

  /** The trace's "source" (its scenario's path), once read: a file written by json.ts has it before its events. */
  get sourcePath(): string {
    return this.source;
  }

  /** Event words read so far (the events list may not be over yet). */
  get wordsRead(): number {
    return this.ints.length;
  }

  /**
   * The event words read from word `from` up to `to`: what a model built as the file is read takes
   * next. A view into the reader's buffer, good until the next push (LiveModel.chunk copies it).
   */
  wordsFrom(from: number, to = this.ints.length): Int32Array<ArrayBuffer> {
    return this.ints.data.subarray(from, Math.min(to, this.ints.length));
  }

  /** The next bytes of the file. Throws TraceFileError as soon as they cannot be part of a trace. */
  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      switch (this.state) {
        case State.Ints:
          i = this.readInts(chunk, i);
          break;
        case State.Floats:
          i = this.readFloats(chunk, i);
          break;
        case State.Gathered:
          i = this.gather(chunk, i);
          break;
        default:
          i = this.punctuation(chunk, i);
      }
    }
    this.offset += chunk.length;
  }

  /** The file is over: the trace it holds. */
  finish(): Trace {
    if (this.state !== State.Done) throw this.error(this.offset, `the file ends ${this.where()}: it is truncated (${RECORD_AGAIN})`);
    if (this.format === null) throw this.error(this.offset, `this is JSON, but not a Loopscope trace: it has no "format": "${TRACE_FORMAT}"`);
    for (const key of ['version', 'events', 'floats', 'strings'] as const) {
      if (!this.keys.has(key)) throw this.error(this.offset, `the trace has no "${key}": it is incomplete (${RECORD_AGAIN})`);
    }
    return {
      format: TRACE_FORMAT,
      version: this.version,
      source: this.source,
      strings: this.strings ?? [],
      floats: this.floats.trimmed(),
      events: this.ints.trimmed(),
      steps: this.steps ?? 0,
      end: this.end,
    };
  }

  /**
   * The reader was fed a trace file's tail as an object of its own: '{' and the file's bytes from
   * its "floats" key to its end (json.ts writes the floats, the string table, the steps, the end
   * and the scenario after the events). What a model needs before its events, read first so that
   * the events can be laid out as they arrive (scheduler/view/open-live.ts). Throws
   * TraceFileError when the bytes are not that.
   */
  finishTail(): TraceTail {
    if (this.state !== State.Done || !this.keys.has('floats') || !this.keys.has('strings') || this.keys.has('events')) throw this.error(this.offset, 'this is not the tail of a trace');
    return { floats: this.floats.trimmed(), strings: this.strings ?? [], steps: this.steps ?? 0, end: this.end, scenario: this.scenarioText };
  }

  // ----- errors -----

  /** An error at absolute byte `at` (on the current line). */
  private error(at: number, reason: string, line = this.line, column = at - this.lineStart + 1): TraceFileError {
    return new TraceFileError(this.file, line, Math.max(1, column), reason);
  }

  private where(): string {
    switch (this.state) {
      case State.BeforeObject:
        return this.offset === 0 ? 'before it begins (it is empty)' : 'before the trace begins';
      case State.Ints:
        return `inside "events", after ${this.ints.length.toLocaleString('en-US')} numbers`;
      case State.Floats:
        return `inside "floats", after ${this.floats.length.toLocaleString('en-US')} numbers`;
      case State.Gathered:
        return `inside "${this.gathering?.key ?? ''}"`;
      default:
        return 'before the end of the trace';
    }
  }

  private unexpected(chunk: Uint8Array, i: number, expected: string): TraceFileError {
    const c = chunk[i] as number;
    const shown = c >= 32 && c < 127 ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`;
    return this.error(this.offset + i, `expected ${expected}, found ${shown}`);
  }

  private newline(chunk: Uint8Array, i: number): void {
    if (chunk[i] === LF) {
      this.line++;
      this.lineStart = this.offset + i + 1;
    }
  }

  // ----- the object's punctuation: {, keys, :, values, commas, } -----

  private punctuation(chunk: Uint8Array, i: number): number {
    const c = chunk[i] as number;
    if (isSpace(c)) {
      this.newline(chunk, i);
      return i + 1;
    }
    // A UTF-8 byte order mark before the object.
    if (this.state === State.BeforeObject && this.offset + i < 3 && c === BOM[this.offset + i]) return i + 1;
    switch (this.state) {
      case State.BeforeObject:
        if (c !== OPEN_BRACE) {
          throw this.error(this.offset + i, `this is not a Loopscope trace: a trace is a JSON object starting with '{' (${RECORD_AGAIN}; to play a scenario, open its .py file)`);
        }
        this.state = State.BeforeKey;
        return i + 1;
      case State.BeforeKey:
        if (c === CLOSE_BRACE && this.firstKey) {
          this.state = State.Done;
          return i + 1;
        }
        if (c !== QUOTE) throw this.unexpected(chunk, i, this.firstKey ? 'a key in quotes or }' : 'a key in quotes');
        this.startGathering('(a key)', true, 1024);
        return i; // the quote starts the gathered string
      case State.AfterKey:
        if (c !== COLON) throw this.unexpected(chunk, i, `':' after "${this.key}"`);
        this.state = State.BeforeValue;
        return i + 1;
      case State.BeforeValue:
        return this.beginValue(i);
      case State.AfterValue:
        if (c === COMMA) {
          this.state = State.BeforeKey;
          return i + 1;
        }
        if (c === CLOSE_BRACE) {
          this.state = State.Done;
          return i + 1;
        }
        throw this.unexpected(chunk, i, "',' or '}'");
      case State.Done:
        throw this.unexpected(chunk, i, 'nothing after the end of the trace');
      default:
        throw new Error(`TraceJsonReader: state ${this.state} reached punctuation`);
    }
  }

  private beginValue(i: number): number {
    const key = this.key;
    if (key === 'events' || key === 'floats') {
      if (key === 'events') {
        this.eventsLine = this.line;
        this.eventsColumn = this.offset + i - this.lineStart + 1;
      }
      this.state = key === 'events' ? State.Ints : State.Floats;
      this.arrayAt = ArrayAt.Open;
      return i;
    }
    const known = key === 'format' || key === 'version' || key === 'source' || key === 'steps' || key === 'end' || key === 'strings' || key === 'scenario';
    const limit = key === 'strings' ? this.limits.maxStringBytes : this.limits.maxFieldBytes;
    this.startGathering(key, known, limit);
    return i;
  }

  private startGathering(key: string, keep: boolean, limit: number): void {
    this.gathering = new Gathering(key, keep, limit);
    this.state = State.Gathered;
  }

  // ----- "events": integers straight into an Int32Array -----

  private readInts(chunk: Uint8Array, i: number): number {
    const n = chunk.length;
    const out = this.ints;
    let value = this.value;
    let digits = this.digits;
    while (i < n) {
      let c = chunk[i] as number;
      if (this.arrayAt === ArrayAt.Number) {
        // The digits, in a tight loop: nearly every byte of a trace file is one.
        while (c >= 48 && c <= 57) {
          value = value * 10 + (c - 48);
          digits++;
          if (value > 2147483648) throw this.error(this.offset + i, `events[${out.length}] is out of range: the event stream holds 32-bit integers (${RECORD_AGAIN})`);
          if (++i === n) break;
          c = chunk[i] as number;
        }
        if (i === n) break; // the number goes on in the next chunk
        if (digits === 0) throw this.unexpected(chunk, i, `a digit in events[${out.length}]`);
        if (c === 46 || c === 101 || c === 69) throw this.error(this.offset + i, `events[${out.length}] is not an integer: the event stream holds whole numbers only (${RECORD_AGAIN})`);
        const signed = this.negative ? -value : value;
        if (signed > 2147483647) throw this.error(this.offset + i, `events[${out.length}] is out of range: the event stream holds 32-bit integers (${RECORD_AGAIN})`);
        if (out.length >= this.limits.maxWords) throw this.tooBig('events', this.limits.maxWords);
        out.push(signed);
        this.arrayAt = ArrayAt.After;
        // The usual case, a comma and the next number's first digit, without the general path.
        if (c === COMMA && i + 1 < n) {
          const d = chunk[i + 1] as number;
          if (d >= 48 && d <= 57) {
            this.negative = false;
            value = 0;
            digits = 0;
            this.arrayAt = ArrayAt.Number;
            i++;
          }
        }
        continue;
      }
      const next = this.arrayPunctuation(chunk, i, 'events', out.length);
      if (next === -1) {
        // A number starts here.
        this.negative = c === MINUS;
        value = 0;
        digits = 0;
        this.arrayAt = ArrayAt.Number;
        if (this.negative) i++;
        continue;
      }
      i = next;
      if (this.state !== State.Ints) break;
    }
    this.value = value;
    this.digits = digits;
    return i;
  }

  // ----- "floats": numbers, parsed as JavaScript parses them, and the words for the non-finite ones -----

  private readFloats(chunk: Uint8Array, i: number): number {
    const n = chunk.length;
    const out = this.floats;
    while (i < n) {
      if (this.arrayAt === ArrayAt.First || this.arrayAt === ArrayAt.Value) {
        const next = this.floatsAtOnce(chunk, i);
        if (next > i) {
          i = next;
          if (this.state !== State.Floats) break;
          continue;
        }
      }
      const c = chunk[i] as number;
      if (this.arrayAt === ArrayAt.Number) {
        if ((c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === MINUS) {
          if (this.floatText.length > 64) throw this.error(this.offset + i, `floats[${out.length}] is not a number`);
          this.floatText += String.fromCharCode(c);
          i++;
          continue;
        }
        const text = this.floatText;
        const number = FLOAT.test(text) ? Number(text) : NaN;
        if (!Number.isFinite(number)) throw this.error(this.offset + i, `floats[${out.length}] is ${text === '' ? 'missing' : `'${text}'`}, not a number (${RECORD_AGAIN})`);
        if (out.length >= this.limits.maxFloats) throw this.tooBig('floats', this.limits.maxFloats);
        out.push(number);
        this.arrayAt = ArrayAt.After;
        continue;
      }
      if (this.arrayAt === ArrayAt.Word) {
        i++;
        if (c !== QUOTE) {
          if (this.floatText.length > 16) throw this.error(this.offset + i, `floats[${out.length}] is a string, not a number (${RECORD_AGAIN})`);
          this.floatText += String.fromCharCode(c);
          continue;
        }
        const number = FLOAT_WORDS[this.floatText];
        if (number === undefined || !Object.hasOwn(FLOAT_WORDS, this.floatText)) {
          throw this.error(this.offset + i, `floats[${out.length}] is "${this.floatText}", not a number: the only words a trace writes there are "Infinity", "-Infinity" and "NaN" (${RECORD_AGAIN})`);
        }
        if (out.length >= this.limits.maxFloats) throw this.tooBig('floats', this.limits.maxFloats);
        out.push(number);
        this.arrayAt = ArrayAt.After;
        continue;
      }
      if (c === QUOTE && (this.arrayAt === ArrayAt.First || this.arrayAt === ArrayAt.Value)) {
        this.floatText = '';
        this.arrayAt = ArrayAt.Word;
        i++;
        continue;
      }
      const next = this.arrayPunctuation(chunk, i, 'floats', out.length);
      if (next === -1) {
        this.floatText = '';
        this.arrayAt = ArrayAt.Number;
        continue;
      }
      i = next;
      if (this.state !== State.Floats) break;
    }
    return i;
  }

  /**
   * The floats from `i` up to the array's end, or up to the last comma in this chunk, parsed in one
   * go by JSON.parse, whose numbers are the floats' grammar and Number's values. Read byte by byte,
   * each float would be text built a character at a time: most of a saved trace's tail (the file
   * is opened from it: view/open-live.ts). Returns the position after what it read, or `i` to leave
   * the bytes to the byte-by-byte reading: a line break (the line count for messages), anything
   * that is not a plain list of floats (it gives the precise message), more than the limit allows.
   */
  private floatsAtOnce(chunk: Uint8Array, i: number): number {
    const close = chunk.indexOf(CLOSE_BRACKET, i);
    const end = close >= 0 ? close : chunk.lastIndexOf(COMMA);
    if (end <= i) return i;
    const piece = chunk.subarray(i, end);
    if (piece.includes(LF)) return i;
    let values: unknown[];
    try {
      values = JSON.parse(`[${LATIN1.decode(piece)}]`) as unknown[];
    } catch {
      return i;
    }
    if (values.length === 0 || this.floats.length + values.length > this.limits.maxFloats) return i;
    for (let k = 0; k < values.length; k++) {
      const value = values[k];
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) return i;
      } else if (typeof value !== 'string' || !Object.hasOwn(FLOAT_WORDS, value)) return i;
    }
    for (const value of values) this.floats.push(typeof value === 'number' ? value : (FLOAT_WORDS[value as string] as number));
    if (end === close) return this.closeArray(close);
    // It stopped after a comma: a float comes next.
    this.arrayAt = ArrayAt.Value;
    return end + 1;
  }

  /**
   * The brackets, commas and spaces of a number array: the position after what was read, or -1
   * where a number starts. Ends the array (back to the object) at its ']'.
   */
  private arrayPunctuation(chunk: Uint8Array, i: number, name: string, count: number): number {
    const c = chunk[i] as number;
    if (isSpace(c)) {
      this.newline(chunk, i);
      return i + 1;
    }
    switch (this.arrayAt) {
      case ArrayAt.Open:
        if (c !== OPEN_BRACKET) throw this.unexpected(chunk, i, `'[' to open "${name}" (a list of numbers)`);
        this.arrayAt = ArrayAt.First;
        return i + 1;
      case ArrayAt.First:
      case ArrayAt.Value:
        if (c === CLOSE_BRACKET && this.arrayAt === ArrayAt.First) return this.closeArray(i);
        if ((c >= 48 && c <= 57) || c === MINUS) return -1;
        throw this.unexpected(chunk, i, `a number in ${name}[${count}]`);
      case ArrayAt.After:
        if (c === COMMA) {
          this.arrayAt = ArrayAt.Value;
          return i + 1;
        }
        if (c === CLOSE_BRACKET) return this.closeArray(i);
        throw this.unexpected(chunk, i, `',' or ']' after ${name}[${count - 1}]`);
      default:
        throw new Error('TraceJsonReader: a number reached array punctuation');
    }
  }

  private closeArray(i: number): number {
    this.state = State.AfterValue;
    return i + 1;
  }

  private tooBig(name: string, limit: number): TraceFileError {
    return this.error(this.offset, `the trace is too big to open: "${name}" holds more than ${limit.toLocaleString('en-US')} numbers (record a shorter run, e.g. with --max-ticks)`);
  }

  // ----- everything else: gathered whole, then parsed as JSON -----

  private gather(chunk: Uint8Array, i: number): number {
    const g = this.gathering as Gathering;
    const n = chunk.length;
    /** Where this chunk's part of the value starts. */
    let from = -1;
    let done = false;
    while (i < n) {
      const c = chunk[i] as number;
      if (!g.started) {
        if (isSpace(c)) {
          this.newline(chunk, i);
          i++;
          continue;
        }
        g.started = true;
        g.line = this.line;
        g.column = this.offset + i - this.lineStart + 1;
        from = i;
        if (c === OPEN_BRACE || c === OPEN_BRACKET) g.depth = 1;
        else if (c === QUOTE) g.inString = true;
        else g.scalar = true;
        i++;
        continue;
      }
      if (from === -1) from = i;
      if (g.inString) {
        if (g.escape) g.escape = false;
        else if (c === BACKSLASH) g.escape = true;
        else if (c === QUOTE) {
          g.inString = false;
          if (g.depth === 0) {
            i++;
            done = true;
            break;
          }
        } else if (c < 32) throw this.error(this.offset + i, `a control character inside a string of "${g.key}"`);
        i++;
        continue;
      }
      if (g.scalar) {
        if (isSpace(c) || c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          done = true;
          break;
        }
        i++;
        continue;
      }
      if (c === QUOTE) g.inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (++g.depth > this.limits.maxDepth) throw this.error(this.offset + i, `"${g.key}" is nested more than ${this.limits.maxDepth} deep: a trace never is (${RECORD_AGAIN})`);
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (--g.depth === 0) {
          i++;
          done = true;
          break;
        }
      } else if (c === LF) this.newline(chunk, i);
      i++;
    }
    if (from !== -1) this.keep(g, chunk, from, i);
    if (done) this.gathered(g, this.offset + i);
    return i;
  }

  private keep(g: Gathering, chunk: Uint8Array, from: number, to: number): void {
    if (to <= from) return;
    g.size += to - from;
    if (g.size > g.limit) {
      throw this.error(this.offset + to, `"${g.key}" is longer than ${g.limit.toLocaleString('en-US')} bytes: too big to be part of a trace Loopscope can open`);
    }
    if (g.keep) g.chunks.push(chunk.slice(from, to));
  }

  /** A gathered value is whole: parse it and check it. */
  private gathered(g: Gathering, end: number): void {
    this.gathering = null;
    if (g.key === '(a key)') {
      this.state = State.AfterKey;
      const key = this.parse(g) as string;
      if (this.keys.has(key)) throw this.error(end, `"${key}" appears twice`);
      this.keys.add(key);
      this.key = key;
      this.firstKey = false;
      return;
    }
    this.state = State.AfterValue;
    if (!g.keep) return;
    const value = this.parse(g);
    const at = (what: string): TraceFileError => this.error(end, what, g.line, g.column);
    switch (g.key) {
      case 'format':
        if (value !== TRACE_FORMAT) throw at(`this is JSON, but not a Loopscope trace: its "format" is ${JSON.stringify(value)}, not "${TRACE_FORMAT}"`);
        this.format = value;
        return;
      case 'version':
        if (typeof value !== 'number' || !Number.isInteger(value)) throw at(`"version" must be a whole number, not ${JSON.stringify(value)}`);
        // Older versions are read too: every version-1 event keeps its layout (format.ts).
        if (!READABLE_VERSIONS.includes(value)) {
          throw at(
            value > TRACE_VERSION
              ? `this trace is of version ${value}, newer than this Loopscope reads (version ${TRACE_VERSION}): update Loopscope, or record it again with this one`
              : `this trace is of version ${value}, older than this Loopscope reads (versions ${READABLE_VERSIONS.join(' and ')}): ${RECORD_AGAIN}`,
          );
        }
        this.version = value as TraceVersion;
        return;
      case 'source':
        if (typeof value !== 'string') throw at('"source" must be a string');
        this.source = value;
        return;
      case 'steps':
        if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw at(`"steps" must be a count, not ${JSON.stringify(value)}`);
        this.steps = value;
        return;
      case 'strings':
        if (!Array.isArray(value) || !value.every((s) => typeof s === 'string')) throw at('"strings" must be a list of strings');
        this.strings = value as string[];
        return;
      case 'end':
        this.end = checkEnd(value, at);
        return;
      case 'scenario':
        if (typeof value !== 'string') throw at('"scenario" must be the scenario\'s text');
        this.scenarioText = value;
        return;
    }
  }

  private parse(g: Gathering): unknown {
    let total = 0;
    for (const chunk of g.chunks) total += chunk.length;
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const chunk of g.chunks) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw this.error(0, `"${g.key}" is not valid UTF-8 text`, g.line, g.column);
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      throw this.error(0, `"${g.key}" is not valid JSON (${(error as Error).message})`, g.line, g.column);
    }
  }
}

// ----- the end of the run, checked field by field (a hostile file may put anything there) -----

function checkEnd(value: unknown, at: (what: string) => TraceFileError): TraceEnd | null {
  if (value === null) return null;
  const bad = (what: string): TraceFileError => at(`"end" ${what}`);
  if (typeof value !== 'object' || Array.isArray(value)) throw bad('must be an object or null');
  const o = value as Record<string, unknown>;
  const str = (key: string): string => {
    const v = o[key];
    if (typeof v !== 'string') throw bad(`needs a string "${key}"`);
    return v;
  };
  const time = o['time'];
  if (typeof time !== 'number' || !Number.isFinite(time)) throw bad('needs a finite "time"');
  switch (o['kind']) {
    case 'ok':
      return { kind: 'ok', time };
    case 'error': {
      const end: TraceEnd = { kind: 'error', time, exception: str('exception'), type: str('type'), message: str('message') };
      if (o['line'] !== undefined) {
        if (!Number.isSafeInteger(o['line'])) throw bad('has a "line" that is not a whole number');
        end.line = o['line'] as number;
      }
      if (o['task'] !== undefined) {
        if (!Number.isSafeInteger(o['task'])) throw bad('has a "task" that is not a whole number');
        end.task = o['task'] as number;
      }
      if (o['traceback'] !== undefined) end.traceback = str('traceback');
      return end;
    }
    case 'limit':
      return { kind: 'limit', time, reason: str('reason'), message: str('message') };
    case 'deadlock': {
      const strings = (v: unknown, what: string): string[] => {
        if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw bad(`needs ${what} as a list of strings`);
        return v.slice();
      };
      const graph = o['graph'];
      if (typeof graph !== 'object' || graph === null) throw bad('of a deadlock needs its "graph"');
      const g = graph as Record<string, unknown>;
      const blockedList = g['blocked'];
      if (!Array.isArray(blockedList)) throw bad('needs "graph.blocked" as a list');
      const blocked = blockedList.map((item: unknown) => {
        const b = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
        const awaits = (typeof b['awaits'] === 'object' && b['awaits'] !== null ? b['awaits'] : {}) as Record<string, unknown>;
        if (typeof b['task'] !== 'string' || typeof awaits['kind'] !== 'string' || typeof awaits['label'] !== 'string' || typeof awaits['objectId'] !== 'number') {
          throw bad('has a blocked task without its name or what it awaits');
        }
        return {
          task: b['task'],
          awaits: { kind: awaits['kind'] as never, label: awaits['label'], objectId: awaits['objectId'] },
          waitsFor: strings(b['waitsFor'], '"waitsFor"'),
        };
      });
      const cycle = g['cycle'] === null ? null : strings(g['cycle'], '"graph.cycle"');
      return { kind: 'deadlock', time, pending: strings(o['pending'], '"pending"'), graph: { blocked, cycle } };
    }
    default:
      throw bad(`has an unknown "kind" ${JSON.stringify(o['kind'])}`);
  }
}

/** Read a whole trace file given as bytes, in pieces of `chunk` bytes (tests; the worker streams). */
export function readTraceBytes(file: string, bytes: Uint8Array, chunk = 1 << 20, limits: Partial<TraceReaderLimits> = {}): Trace {
  const reader = new TraceJsonReader(file, limits);
  for (let at = 0; at < bytes.length; at += chunk) reader.push(bytes.subarray(at, at + chunk));
  return reader.finish();
}
