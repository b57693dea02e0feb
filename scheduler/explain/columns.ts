/**
 * Growable typed columns: the explanation index keeps its per-step, per-handle and per-future
 * facts in typed arrays (compact, cheap to post to a worker), filled in one pass over a trace.
 */
import { TraceFormatError } from '../trace/decode.ts';

/** An Int32 column indexed by a dense id (step, handle id, future id), filled with `empty` where unset. */
export class IntColumn {
  private data: Int32Array;
  /** One past the highest index set. */
  length = 0;

  constructor(
    readonly empty = -1,
    capacity = 64,
    /** Indexes at or past this are refused (a damaged trace's id), not allocated for. */
    private readonly limit = Infinity,
  ) {
    this.data = new Int32Array(capacity).fill(empty);
  }

  get(index: number): number {
    return index >= 0 && index < this.length ? (this.data[index] as number) : this.empty;
  }

  set(index: number, value: number): void {
    if (index < 0) return;
    if (index >= this.limit) throw new TraceFormatError(`id ${index} is out of range`);
    if (index >= this.data.length) {
      let capacity = this.data.length * 2;
      while (capacity <= index) capacity *= 2;
      const grown = new Int32Array(capacity).fill(this.empty);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[index] = value;
    if (index >= this.length) this.length = index + 1;
  }

  push(value: number): number {
    const index = this.length;
    this.set(index, value);
    return index;
  }

  /** The column trimmed to its length. */
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** A Float64 column, appended to in order. */
export class FloatColumn {
  private data = new Float64Array(64);
  length = 0;

  push(value: number): number {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length] = value;
    return this.length++;
  }

  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** Strings interned into a table; columns hold their indices. */
export class StringTable {
  readonly strings: string[] = [''];
  private readonly ids = new Map<string, number>([['', 0]]);

  id(text: string): number {
    if (text === '') return 0;
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(text);
      this.ids.set(text, id);
    }
    return id;
  }
}
