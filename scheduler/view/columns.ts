/**
 * Growable typed columns: the view model's builders append numbers to them one at a time, and
 * hand out trimmed copies (which a worker can transfer to the page). Growing doubles, so appending
 * n values copies at most 2n.
 *
 * Each kind of column is a class of its own, not a generic one: push runs once per event on
 * million-event traces, and a store that only ever sees one kind of typed array stays fast.
 */

function capacityFor(needed: number, current: number): number {
  let size = Math.max(16, current * 2);
  while (size < needed) size *= 2;
  return size;
}

export class IntColumn {
  private data: Int32Array<ArrayBuffer>;
  length = 0;

  constructor(capacity = 16) {
    this.data = new Int32Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(capacityFor(this.length + 1, this.data.length));
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  get(i: number): number {
    return this.data[i] as number;
  }

  set(i: number, value: number): void {
    this.data[i] = value;
  }

  /** The values so far, in an array of their own. */
  copy(): Int32Array<ArrayBuffer> {
    return this.data.slice(0, this.length);
  }

  /** A view of the values so far (valid until the next push). */
  view(): Int32Array<ArrayBuffer> {
    return this.data.subarray(0, this.length);
  }
}

export class FloatColumn {
  private data: Float64Array<ArrayBuffer>;
  length = 0;

  constructor(capacity = 16) {
    this.data = new Float64Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(capacityFor(this.length + 1, this.data.length));
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  copy(): Float64Array<ArrayBuffer> {
    return this.data.slice(0, this.length);
  }

  view(): Float64Array<ArrayBuffer> {
    return this.data.subarray(0, this.length);
  }
}

export class ByteColumn {
  private data: Uint8Array<ArrayBuffer>;
  length = 0;

  constructor(capacity = 16) {
    this.data = new Uint8Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Uint8Array(capacityFor(this.length + 1, this.data.length));
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  get(i: number): number {
    return this.data[i] as number;
  }

  set(i: number, value: number): void {
    this.data[i] = value;
  }

  view(): Uint8Array<ArrayBuffer> {
    return this.data.subarray(0, this.length);
  }
}
