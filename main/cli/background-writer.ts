/**
 * Writing to a file descriptor from a helper thread, so that writing a long trace (145 MB for the
 * random-sleeps benchmark) overlaps producing it instead of following it.
 *
 * The CLI is synchronous, so the two threads share memory rather than messages: a ring of slots
 * in a SharedArrayBuffer, each EMPTY or FULL. write() copies into the next slot, waiting (with
 * Atomics.wait) only when all of them are still being written; the thread writes slots in order
 * and empties them. finish() waits until everything is written.
 */
import { Worker } from 'node:worker_threads';

const EMPTY = 0;
const FULL = 1;

// Control words, after one state word and one length word per slot.
const CLOSED = 0;
const ERROR = 1;
const CONTROL = 2;

/** What a failed write leaves in the ERROR word. */
const ERROR_EPIPE = 1;
const ERROR_OTHER = 2;

/** The helper thread: plain JavaScript, run from this string so that no extra file ships. */
const THREAD = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const { fd, slots, slotBytes, data, control } = workerData;
const words = new Int32Array(control);
const bytes = new Uint8Array(data);
const [EMPTY, FULL, CLOSED, ERROR, CONTROL, ERROR_EPIPE, ERROR_OTHER] = ${JSON.stringify([EMPTY, FULL, CLOSED, ERROR, CONTROL, ERROR_EPIPE, ERROR_OTHER])};
const stateAt = (k) => CONTROL + 2 * k;
const pause = new Int32Array(new SharedArrayBuffer(4));
function fail(code) {
  Atomics.store(words, ERROR, code);
  for (let k = 0; k < slots; k++) Atomics.notify(words, stateAt(k));
  process.exit(0); // ends this thread only
}
try {
  for (let k = 0; ; k = (k + 1) % slots) {
    while (Atomics.load(words, stateAt(k)) !== FULL) {
      if (Atomics.load(words, CLOSED) === 1) process.exit(0);
      Atomics.wait(words, stateAt(k), EMPTY, 100);
    }
    const length = Atomics.load(words, stateAt(k) + 1);
    let offset = 0;
    while (offset < length) {
      try {
        offset += writeSync(fd, bytes, k * slotBytes + offset, length - offset);
      } catch (error) {
        if (error.code !== 'EAGAIN') fail(error.code === 'EPIPE' ? ERROR_EPIPE : ERROR_OTHER);
        Atomics.wait(pause, 0, 0, 1);
      }
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

export class BackgroundWriter {
  private readonly data: Uint8Array;
  private readonly words: Int32Array;
  private readonly worker: Worker;
  private next = 0;
  private finished = false;

  constructor(
    fd: number,
    private readonly slots = 4,
    private readonly slotBytes = 1 << 20,
  ) {
    const data = new SharedArrayBuffer(slots * slotBytes);
    const control = new SharedArrayBuffer(4 * (CONTROL + 2 * slots));
    this.data = new Uint8Array(data);
    this.words = new Int32Array(control);
    this.worker = new Worker(THREAD, { eval: true, workerData: { fd, slots, slotBytes, data, control } });
    // finish() waits for the last bytes; a run that fails before it must not be kept alive.
    this.worker.unref();
  }

  /** Queue `bytes` (copied, so the caller may reuse them at once); throws WriteError if writing failed. */
  write(bytes: Uint8Array): void {
    if (this.finished) throw new Error('BackgroundWriter.write after finish');
    for (let offset = 0; offset < bytes.length; ) {
      const k = this.next;
      this.waitUntilWritten(k);
      const length = Math.min(this.slotBytes, bytes.length - offset);
      this.data.set(bytes.subarray(offset, offset + length), k * this.slotBytes);
      const state = CONTROL + 2 * k;
      Atomics.store(this.words, state + 1, length);
      Atomics.store(this.words, state, FULL);
      Atomics.notify(this.words, state);
      offset += length;
      this.next = (k + 1) % this.slots;
    }
  }

  /** Wait until everything queued is written, then let the thread end; throws WriteError if writing failed. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    for (let k = 0; k < this.slots; k++) this.waitUntilWritten(k);
    Atomics.store(this.words, CLOSED, 1);
    for (let k = 0; k < this.slots; k++) Atomics.notify(this.words, CONTROL + 2 * k);
  }

  /** Wait for slot k to be EMPTY, looking for a failure of the thread at least every 100 ms. */
  private waitUntilWritten(k: number): void {
    const state = CONTROL + 2 * k;
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
