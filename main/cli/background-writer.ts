/**
 * Writing to a file descriptor from a helper thread, so that writing a long trace (145 MB for the
 * random-sleeps benchmark) overlaps producing it instead of following it.
 *
 * The CLI is synchronous, so the two threads share memory rather than messages: a ring of slots
 * in a SharedArrayBuffer, each EMPTY or FULL. write() copies into the next slot, waiting (with
 * Atomics.wait) only when all of them are still being written; the thread writes slots in order
 * and empties them. finish() waits until everything is written.
 *
 * A slot holds bytes, or numbers that the thread turns into text itself (the NumberWriter of
 * json.ts): 32-bit integers, the trace's event words, written as writeInts writes them; or floats,
 * turned into text as floatText does and held until writeHeldFloats, because in the JSON they come
 * after all the events. That is most of the work of writing a trace's JSON, and so it runs on the
 * second core while the scenario goes on running on the first.
 */
import { Worker } from 'node:worker_threads';
import { digitTable, floatText, MAX_INT_BYTES, writeFour, writeInts, writeSmall, type NumberWriter } from '../../scheduler/trace/json.ts';

const EMPTY = 0;
const FULL = 1;

// What a FULL slot holds.
const BYTES = 0;
const INTS = 1;
const INTS_AFTER_OTHERS = 2; // integers, the first after a comma
const FLOATS = 3; // floats to hold
const FLOATS_AFTER_OTHERS = 4;
const WRITE_HELD = 5; // nothing: write the floats held so far

// Control words, then per slot: its state, the length of its contents in bytes, and what they are.
const CLOSED = 0;
const ERROR = 1;
const CONTROL = 2;

/** What a failed write leaves in the ERROR word. */
const ERROR_EPIPE = 1;
const ERROR_OTHER = 2;

const SLOT_WORDS = 3;
const stateAt = (k: number) => CONTROL + SLOT_WORDS * k;

/**
 * The helper thread: plain JavaScript, run from this string so that no extra file ships. Its
 * number formatting is json.ts's own, the functions' source spliced in by name, so that the
 * thread's text cannot drift from TraceJSONStream's.
 */
const THREAD = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const { fd, slots, slotBytes, data, control } = workerData;
const words = new Int32Array(control);
const bytes = new Uint8Array(data);
const ints = new Int32Array(data);
const floats = new Float64Array(data);
const [EMPTY, FULL, BYTES, INTS, INTS_AFTER_OTHERS, FLOATS, FLOATS_AFTER_OTHERS, WRITE_HELD, CLOSED, ERROR, CONTROL, SLOT_WORDS, ERROR_EPIPE, ERROR_OTHER, MAX_INT_BYTES] =
  ${JSON.stringify([EMPTY, FULL, BYTES, INTS, INTS_AFTER_OTHERS, FLOATS, FLOATS_AFTER_OTHERS, WRITE_HELD, CLOSED, ERROR, CONTROL, SLOT_WORDS, ERROR_EPIPE, ERROR_OTHER, MAX_INT_BYTES])};
${digitTable}
${writeSmall}
${writeFour}
${writeInts}
${floatText}
const digits = ${digitTable.name}();
let held = [];
const text = new Uint8Array((slotBytes / 4) * MAX_INT_BYTES);
const stateAt = (k) => CONTROL + SLOT_WORDS * k;
const pause = new Int32Array(new SharedArrayBuffer(4));
function fail(code) {
  Atomics.store(words, ERROR, code);
  for (let k = 0; k < slots; k++) Atomics.notify(words, stateAt(k));
  process.exit(0); // ends this thread only
}
function writeAll(source, offset, end) {
  while (offset < end) {
    try {
      offset += writeSync(fd, source, offset, end - offset);
    } catch (error) {
      if (error.code !== 'EAGAIN') fail(error.code === 'EPIPE' ? ERROR_EPIPE : ERROR_OTHER);
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}
try {
  for (let k = 0; ; k = (k + 1) % slots) {
    while (Atomics.load(words, stateAt(k)) !== FULL) {
      if (Atomics.load(words, CLOSED) === 1) process.exit(0);
      Atomics.wait(words, stateAt(k), EMPTY, 100);
    }
    const length = Atomics.load(words, stateAt(k) + 1);
    const kind = Atomics.load(words, stateAt(k) + 2);
    if (kind === BYTES) {
      writeAll(bytes, k * slotBytes, k * slotBytes + length);
    } else if (kind === INTS || kind === INTS_AFTER_OTHERS) {
      const from = (k * slotBytes) / 4;
      const end = ${writeInts.name}(ints, from, from + length / 4, kind === INTS_AFTER_OTHERS, text, 0, digits);
      writeAll(text, 0, end);
    } else if (kind === FLOATS || kind === FLOATS_AFTER_OTHERS) {
      const from = (k * slotBytes) / 8;
      // Encoded now, so that writing them at the end has nothing left to do but write.
      held.push(Buffer.from(${floatText.name}(floats, from, from + length / 8, kind === FLOATS_AFTER_OTHERS), 'latin1'));
    } else if (kind === WRITE_HELD) {
      for (const part of held) writeAll(part, 0, part.length);
      held = [];
    }
    Atomics.store(words, stateAt(k), EMPTY);
    Atomics.notify(words, stateAt(k));
  }
} catch {
  fail(ERROR_OTHER);
}
`;

export class WriteError extends Error {
  constructor(readonly brokenPipe: boolean) {
    super(brokenPipe ? 'the reader of standard output went away' : 'writing to standard output failed');
  }
}

export class BackgroundWriter implements NumberWriter {
  private readonly data: Uint8Array;
  private readonly dataInts: Int32Array;
  private readonly dataFloats: Float64Array;
  private readonly words: Int32Array;
  private readonly worker: Worker;
  private next = 0;
  private finished = false;

  /**
   * `slotBytes` must be a multiple of 8, so that every slot can hold whole integers and floats.
   * The default ring holds two of the recorder's 4 MiB chunks of events: the thread is started by
   * the first (so a short run never starts it), and takes tens of milliseconds to start, in which
   * the run goes on and records the second.
   */
  constructor(
    fd: number,
    private readonly slots = 8,
    private readonly slotBytes = 1 << 20,
  ) {
    if (slotBytes % 8 !== 0 || slotBytes <= 0) throw new Error('BackgroundWriter: slotBytes must be a positive multiple of 8');
    const data = new SharedArrayBuffer(slots * slotBytes);
    const control = new SharedArrayBuffer(4 * (CONTROL + SLOT_WORDS * slots));
    this.data = new Uint8Array(data);
    this.dataInts = new Int32Array(data);
    this.dataFloats = new Float64Array(data);
    this.words = new Int32Array(control);
    this.worker = new Worker(THREAD, { eval: true, workerData: { fd, slots, slotBytes, data, control } });
    // finish() waits for the last bytes; a run that fails before it must not be kept alive.
    this.worker.unref();
  }

  /** Queue `bytes` (copied, so the caller may reuse them at once); throws WriteError if writing failed. */
  write(bytes: Uint8Array): void {
    this.queue(bytes, this.data, BYTES, BYTES);
  }

  /**
   * Queue `values` (copied) to be written as comma-separated decimal, as json.ts's writeInts
   * writes them, with a comma before the first when `afterOthers`. Like every method here, it
   * throws WriteError if writing failed.
   */
  ints(values: Int32Array, afterOthers: boolean): void {
    this.queue(values, this.dataInts, afterOthers ? INTS_AFTER_OTHERS : INTS, INTS_AFTER_OTHERS);
  }

  /**
   * Queue `values` (copied) to be turned into text as json.ts's floatText does, after a comma when
   * `afterOthers`, and held by the thread until writeHeldFloats.
   */
  holdFloats(values: Float64Array, afterOthers: boolean): void {
    this.queue(values, this.dataFloats, afterOthers ? FLOATS_AFTER_OTHERS : FLOATS, FLOATS_AFTER_OTHERS);
  }

  /**
   * Copy `values` into as many slots as they need, through `view` (the shared data as their type),
   * the first slot marked `firstKind` and the others `nextKind`.
   */
  private queue(values: Uint8Array | Int32Array | Float64Array, view: { set(from: ArrayLike<number>, at: number): void }, firstKind: number, nextKind: number): void {
    const perSlot = this.slotBytes / values.BYTES_PER_ELEMENT;
    for (let offset = 0; offset < values.length; ) {
      const k = this.nextEmptySlot();
      const count = Math.min(perSlot, values.length - offset);
      view.set(values.subarray(offset, offset + count), k * perSlot);
      this.fill(k, count * values.BYTES_PER_ELEMENT, offset === 0 ? firstKind : nextKind);
      offset += count;
    }
  }

  /** Queue the writing of the floats held so far, after everything queued before. */
  writeHeldFloats(): void {
    this.fill(this.nextEmptySlot(), 0, WRITE_HELD);
  }

  /**
   * True when everything queued so far is written: a caller may then write to the descriptor
   * itself without overtaking anything (floats held for writeHeldFloats are not queued output).
   */
  idle(): boolean {
    this.check();
    for (let k = 0; k < this.slots; k++) if (Atomics.load(this.words, stateAt(k)) === FULL) return false;
    return true;
  }

  /** Wait until everything queued is written, then let the thread end; throws WriteError if writing failed. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    for (let k = 0; k < this.slots; k++) this.waitUntilWritten(k);
    Atomics.store(this.words, CLOSED, 1);
    for (let k = 0; k < this.slots; k++) Atomics.notify(this.words, stateAt(k));
  }

  private nextEmptySlot(): number {
    if (this.finished) throw new Error('BackgroundWriter: write after finish');
    const k = this.next;
    this.waitUntilWritten(k);
    this.next = (k + 1) % this.slots;
    return k;
  }

  /** Hand slot k, now holding `length` bytes of `kind`, to the thread. */
  private fill(k: number, length: number, kind: number): void {
    const state = stateAt(k);
    Atomics.store(this.words, state + 1, length);
    Atomics.store(this.words, state + 2, kind);
    Atomics.store(this.words, state, FULL);
    Atomics.notify(this.words, state);
  }

  /** Wait for slot k to be EMPTY, looking for a failure of the thread at least every 100 ms. */
  private waitUntilWritten(k: number): void {
    const state = stateAt(k);
    for (;;) {
      this.check();
      if (Atomics.load(this.words, state) !== FULL) return;
      Atomics.wait(this.words, state, FULL, 100);
    }
  }

  private check(): void {
    const error = Atomics.load(this.words, ERROR);
    if (error !== 0) {
      this.finished = true;
      Atomics.store(this.words, CLOSED, 1);
      throw new WriteError(error === ERROR_EPIPE);
    }
  }
}
