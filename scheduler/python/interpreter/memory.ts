/**
 * The memory ceiling: a scenario that keeps allocating (`keep.append([i] * 1000000)` in a loop)
 * must end with a MemoryError at the offending line, as CPython does when malloc fails, instead
 * of taking the host down (V8's own out-of-memory is a crash: the CLI aborts with a native stack,
 * a browser tab dies).
 *
 * The interpreter cannot ask the JS engine what is alive (no host has a synchronous answer in a
 * web worker, and it would make runs depend on the garbage collector), so it keeps its own
 * deterministic count of what a program stores, in CPython's sizes (64-bit builds):
 *   - every large allocation: a list or tuple of LARGE_ITEMS elements or more (list/str
 *     repetition, range materialisation, list(), sorted(), comprehensions, slices, joins of
 *     lists...), a str of LARGE_CHARS characters or more (repetition, join, the added part of a
 *     concatenation), an int of LARGE_INT_BITS bits or more;
 *   - what a large container holds: once a list, dict or set reaches LARGE_ITEMS elements, each
 *     element it holds (its slot, and the element itself when it is small: large ones were
 *     counted when made); removing one gives it back. Small containers cost nothing, so
 *     a program that makes and drops millions of small rows is never near the ceiling.
 * A large object that becomes garbage is not given back: the count is "what the program
 * allocated in large objects, plus what its containers hold". Lessons stay far below the
 * ceiling; a program that keeps making large temporaries may reach it, and the message says how
 * to raise it.
 *
 * Like the statement budget, the count is per run: runScenario resets it.
 */

/**
 * The ceiling was reached. A JS error (so that values.ts can count without importing the
 * exception classes, which import it); the frames turn it into Python's MemoryError
 * (hostToPython), which the program may catch: nothing was allocated.
 */
export class MemoryLimitReached extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MemoryError';
  }
}

/** The default ceiling, in bytes as CPython would use them. */
export const DEFAULT_MEMORY_LIMIT = 512 * 1024 * 1024;

/** A list or tuple this long (or longer) is a large allocation, counted when it is made. */
export const LARGE_ITEMS = 1024;
/** A str this long (or longer) is a large allocation. */
export const LARGE_CHARS = 4096;
/** An int of this many bits (or more) is a large allocation. */
export const LARGE_INT_BITS = 1 << 15;

/** CPython's sizes (sys.getsizeof on a 64-bit build), rounded. */
const LIST_HEADER = 56;
const TUPLE_HEADER = 40;
const SLOT = 8;
const STR_HEADER = 49;
const OBJECT_SIZE = 48;
/** A dict or set entry, an attribute: hash, key and value, with the table's slack. */
const ENTRY = 100;

export const M = {
  /** Bytes counted so far in this run. */
  used: 0,
  limit: DEFAULT_MEMORY_LIMIT,
};

export function resetMemory(limit: number): void {
  M.used = 0;
  M.limit = limit;
}

function megabytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('en-US')} KB`;
  return `${Math.round(bytes / (1024 * 1024)).toLocaleString('en-US')} MB`;
}

/** Count an allocation of `bytes`; beyond the ceiling it does not happen (MemoryLimitReached). */
export function allocate(bytes: number): void {
  const used = M.used + bytes;
  if (used > M.limit) {
    throw new MemoryLimitReached(
      `the scenario needs more than ${megabytes(M.limit)}, Loopscope's memory limit (asked for ${megabytes(bytes)} more with ${megabytes(M.used)} in use)`,
    );
  }
  M.used = used;
}

/** Memory given back (elements removed from a container). */
export function release(bytes: number): void {
  M.used = Math.max(0, M.used - bytes);
}

/** A list (or tuple) of `length` elements is being made: count it if it is large. */
export function allocateItems(length: number, header = LIST_HEADER): void {
  if (length >= LARGE_ITEMS) allocate(header + SLOT * length);
}

/** A tuple of `length` elements is being made. */
export function allocateTuple(length: number): void {
  allocateItems(length, TUPLE_HEADER);
}

/** A str of `length` characters is being made: count it if it is large. */
export function allocateChars(length: number): void {
  if (length >= LARGE_CHARS) allocate(STR_HEADER + length);
}

/** A str was made: count it if it is large; returns it. */
export function madeStr(text: string): string {
  if (text.length >= LARGE_CHARS) allocate(STR_HEADER + text.length);
  return text;
}

/** Fail now, before building it, if an allocation of `bytes` would not fit. */
export function ensureRoom(bytes: number): void {
  if (M.used + bytes > M.limit) allocate(bytes);
}

/** An int of `bits` bits is being made: count it if it is large. */
export function allocateIntBits(bits: number): void {
  if (bits >= LARGE_INT_BITS) allocate(28 + Math.ceil(bits / 8));
}

/**
 * What storing `value` in a (large) container costs: its slot, plus the value itself when it is
 * small (a large one was counted when it was made). Removing it gives the same back.
 */
export function storedSize(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return value.length < LARGE_CHARS ? SLOT + STR_HEADER + value.length : SLOT;
    case 'object': {
      if (value === null) return SLOT;
      // By shape, not class (memory.ts imports no value classes): a list or tuple holds `a`, a
      // dict or set `m`, an instance its attributes in `dict`.
      const items = (value as { a?: unknown }).a;
      if (Array.isArray(items)) return items.length < LARGE_ITEMS ? SLOT + LIST_HEADER + SLOT * items.length : SLOT;
      const entries = (value as { m?: unknown; dict?: unknown }).m ?? (value as { dict?: unknown }).dict;
      if (entries instanceof Map) return entries.size < LARGE_ITEMS ? SLOT + OBJECT_SIZE + ENTRY * entries.size : SLOT;
      return SLOT + OBJECT_SIZE;
    }
    case 'boolean':
      return SLOT;
    default:
      // ints (small ones are shared in CPython, but a count cannot tell), floats, functions
      return SLOT + 24;
  }
}

function sizes(values: Iterable<unknown>): number {
  let bytes = 0;
  for (const value of values) bytes += storedSize(value);
  return bytes;
}

/*
 * Containers are counted once they are large: a small list, dict or set that a program makes
 * and drops (a row, keyword arguments, a literal) costs nothing, however many it makes, while
 * one that keeps growing is counted in full from the moment it reaches LARGE_ITEMS elements.
 * Check before the container changes, so that a MemoryError leaves it as it was.
 */

/**
 * `added` (or the one element `one`) are about to join a list or set of `size` elements; a set's
 * element also costs its table entry (`entry` bytes over the slot).
 */
export function beforeAdding(size: number, added: readonly unknown[] | null, one?: unknown, everything?: () => Iterable<unknown>, entry = 0): void {
  const count = added === null ? 1 : added.length;
  if (size + count < LARGE_ITEMS) return;
  let bytes = (added === null ? storedSize(one) : sizes(added)) + entry * count;
  if (size < LARGE_ITEMS && everything !== undefined) bytes += sizes(everything()) + entry * size;
  allocate(bytes);
}

/** An element is about to join a set of `size` elements. */
export function beforeAddingToSet(size: number, value: unknown, everything: () => Iterable<unknown>): void {
  if (size + 1 >= LARGE_ITEMS) beforeAdding(size, null, value, everything, ENTRY - SLOT);
}

/** One element is about to join `items` (list.append, list.insert). */
export function beforeAppending(items: readonly unknown[], value: unknown): void {
  if (items.length + 1 >= LARGE_ITEMS) beforeAdding(items.length, null, value, () => items);
}

/** `values` are about to join `items` (list.extend, +=, slice assignment). */
export function beforeExtending(items: readonly unknown[], values: readonly unknown[]): void {
  if (items.length + values.length >= LARGE_ITEMS) beforeAdding(items.length, values, undefined, () => items);
}

/** A new dict entry is about to be added to a dict of `size` entries. */
export function beforeNewEntry(size: number, key: unknown, value: unknown, entries: () => Iterable<{ k: unknown; v: unknown }>): void {
  if (size + 1 < LARGE_ITEMS) return;
  const overhead = ENTRY - 2 * SLOT;
  let bytes = overhead + storedSize(key) + storedSize(value);
  if (size < LARGE_ITEMS) for (const entry of entries()) bytes += overhead + storedSize(entry.k) + storedSize(entry.v);
  allocate(bytes);
}

/** `removed` left a container that held `size` elements before. */
export function afterRemoving(size: number, removed: readonly unknown[]): void {
  if (size >= LARGE_ITEMS) release(sizes(removed));
}

/** A value is stored into a large container (replacing another: unstore that one). */
export function store(value: unknown): void {
  allocate(storedSize(value));
}

/** A value left a large container. */
export function unstore(value: unknown): void {
  release(storedSize(value));
}

/** One element left a container that held `size` elements before. */
export function afterRemovingOne(size: number, removed: unknown): void {
  if (size >= LARGE_ITEMS) release(storedSize(removed));
}

/** One element left a set that held `size` elements before (with its table entry). */
export function afterRemovingFromSet(size: number, removed: unknown): void {
  if (size >= LARGE_ITEMS) release(ENTRY - SLOT + storedSize(removed));
}

/** An entry left a dict that held `size` entries before. */
export function afterRemovingEntry(size: number, key: unknown, value: unknown): void {
  if (size >= LARGE_ITEMS) release(ENTRY - 2 * SLOT + storedSize(key) + storedSize(value));
}
