/**
 * `obj.__dict__` and `vars(obj)` for an instance of a user class: a dict that IS the instance's
 * attributes, as in CPython, so that `obj.__dict__[name] = value` (how descriptors and
 * cached properties store what they compute) sets the attribute, and a deletion removes it.
 *
 * The instance keeps its attributes in a plain Map of names (the interpreter's fast path); the
 * dict's table is a view of that Map, with entries that read and write through it.
 */
import { PyDict, PyInstance, typeName, type DictEntry } from './values.ts';
import { typeError } from './exceptions.ts';

/** One attribute as a dict entry: its value is read and written in the instance's Map. */
class AttributeEntry implements DictEntry {
  constructor(
    private readonly attrs: Map<string, unknown>,
    readonly k: string,
  ) {}

  get v(): unknown {
    return this.attrs.get(this.k);
  }

  set v(value: unknown) {
    this.attrs.set(this.k, value);
  }
}

/**
 * The dict's key→entry table over the instance's Map. Keys are keys.ts's keyOf() of the names,
 * which is the name itself for every identifier (only a string starting with \u0001 is escaped).
 */
class AttributeTable extends Map<unknown, DictEntry> {
  constructor(private readonly attrs: Map<string, unknown>) {
    super();
  }

  override get size(): number {
    return this.attrs.size;
  }

  override has(key: unknown): boolean {
    return typeof key === 'string' && this.attrs.has(key);
  }

  override get(key: unknown): DictEntry | undefined {
    return typeof key === 'string' && this.attrs.has(key) ? new AttributeEntry(this.attrs, key) : undefined;
  }

  override set(key: unknown, entry: DictEntry): this {
    if (typeof key !== 'string' || typeof entry.k !== 'string') {
      throw typeError(`Loopscope keeps only str keys in an instance's __dict__, not '${typeName(entry.k)}'`);
    }
    this.attrs.set(key, entry.v);
    return this;
  }

  override delete(key: unknown): boolean {
    return typeof key === 'string' && this.attrs.delete(key);
  }

  override clear(): void {
    this.attrs.clear();
  }

  override *keys(): MapIterator<unknown> {
    yield* this.attrs.keys();
  }

  override *values(): MapIterator<DictEntry> {
    for (const k of this.attrs.keys()) yield new AttributeEntry(this.attrs, k);
  }

  override *entries(): MapIterator<[unknown, DictEntry]> {
    for (const k of this.attrs.keys()) yield [k, new AttributeEntry(this.attrs, k)];
  }

  override [Symbol.iterator](): MapIterator<[unknown, DictEntry]> {
    return this.entries();
  }

  override forEach(fn: (value: DictEntry, key: unknown, map: Map<unknown, DictEntry>) => void): void {
    for (const [k, e] of this.entries()) fn(e, k, this);
  }
}

const views = new WeakMap<PyInstance, PyDict>();

/** The instance's `__dict__`: the same dict object each time, as CPython gives. */
export function instanceDict(obj: PyInstance): PyDict {
  let d = views.get(obj);
  if (d === undefined) {
    d = new PyDict();
    Object.defineProperty(d, 'm', { value: new AttributeTable(obj.dict) });
    views.set(obj, d);
  }
  return d;
}
