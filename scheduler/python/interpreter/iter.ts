/**
 * Iteration: every iterable becomes a PyIter whose next() returns the next item or DONE (no
 * IteratorResult objects). List iterators index the live list, as CPython's do; dict and set
 * iterators refuse a container whose size changed.
 */
import { PyBytes } from './pybytes.ts';
import { DONE, OBJECT, PyClass, PyMethodDescr, PyDict, PyInstance, PyList, PyRange, PySet, PyTuple, makeClass, typeName, typeOf, type Done } from './values.ts';
import { PyStopIteration, runtimeError, typeError, valueError as valueErrorZip } from './exceptions.ts';
import { callDunder, lookupDunder } from './calls.ts';
import { tick } from './budget.ts';
import { setValues } from './pyset.ts';

export abstract class PyIter {
  declare $t: PyClass;
  abstract next(): unknown;
}

function iterClass(name: string, ctor: { prototype: object }): PyClass {
  const cls = makeClass(name, OBJECT);
  (ctor.prototype as { $t: PyClass }).$t = cls;
  return cls;
}

export class ListIter extends PyIter {
  private i = 0;
  constructor(private readonly list: PyList) {
    super();
  }
  next(): unknown {
    const a = this.list.a;
    if (this.i < a.length) return a[this.i++];
    this.i = Infinity;
    return DONE;
  }
}

export class ArrayIter extends PyIter {
  private i = 0;
  constructor(private readonly a: readonly unknown[]) {
    super();
  }
  next(): unknown {
    if (this.i < this.a.length) return this.a[this.i++];
    return DONE;
  }
}
export class TupleIter extends ArrayIter {}

export class RangeIter extends PyIter {
  private left: number;
  private cur: number;
  private readonly step: number;
  constructor(r: PyRange) {
    super();
    this.left = r.length;
    this.cur = r.start;
    this.step = r.step;
  }
  next(): unknown {
    if (this.left <= 0) return DONE;
    this.left--;
    const v = this.cur;
    this.cur += this.step;
    return v;
  }
}

export class StrIter extends PyIter {
  private i = 0;
  constructor(private readonly s: string) {
    super();
  }
  next(): unknown {
    const s = this.s;
    if (this.i >= s.length) return DONE;
    const c = s.charCodeAt(this.i);
    if (c >= 0xd800 && c <= 0xdbff && this.i + 1 < s.length) {
      const d = s.charCodeAt(this.i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        this.i += 2;
        return s.slice(this.i - 2, this.i);
      }
    }
    return s[this.i++];
  }
}

export type DictViewKind = 'keys' | 'values' | 'items';

export class DictIter extends PyIter {
  private readonly it: Iterator<{ k: unknown; v: unknown }>;
  private readonly version: number;
  private readonly size: number;
  constructor(
    private readonly d: PyDict,
    private readonly kind: DictViewKind,
  ) {
    super();
    this.it = d.m.values();
    this.version = d.version;
    this.size = d.m.size;
  }
  next(): unknown {
    if (this.d.version !== this.version) {
      throw runtimeError(this.d.m.size !== this.size ? 'dictionary changed size during iteration' : 'dictionary keys changed during iteration');
    }
    const r = this.it.next();
    if (r.done === true) return DONE;
    const e = r.value;
    return this.kind === 'keys' ? e.k : this.kind === 'values' ? e.v : new PyTuple([e.k, e.v]);
  }
}
export class DictValueIter extends DictIter {}
export class DictItemIter extends DictIter {}

export class SetIter extends PyIter {
  private readonly items: unknown[];
  private i = 0;
  private readonly version: number;
  constructor(private readonly s: PySet) {
    super();
    this.items = setValues(s);
    this.version = s.version;
  }
  next(): unknown {
    if (this.s.version !== this.version) throw runtimeError('Set changed size during iteration');
    return this.i < this.items.length ? this.items[this.i++] : DONE;
  }
}

/** Wraps a JS iterator (generator expressions, as_completed, map/filter...). */
export class JsIter extends PyIter {
  constructor(private readonly it: Iterator<unknown>) {
    super();
  }
  next(): unknown {
    const r = this.it.next();
    return r.done === true ? DONE : r.value;
  }
}

/** A generator expression. */
export class GenExpIter extends JsIter {}

/** A user object with __next__. */
export class InstanceIter extends PyIter {
  constructor(private readonly obj: PyInstance) {
    super();
  }
  next(): unknown {
    try {
      return callDunder(this.obj, '__next__', []);
    } catch (e) {
      if (e instanceof PyStopIteration) return DONE;
      throw e;
    }
  }
}

/** `reversed(seq)` */
export class ReversedIter extends PyIter {
  private i: number;
  constructor(private readonly a: readonly unknown[]) {
    super();
    this.i = a.length;
  }
  next(): unknown {
    return this.i > 0 ? this.a[--this.i] : DONE;
  }
}

export class EnumerateIter extends PyIter {
  constructor(
    private readonly it: PyIter,
    private n: number | bigint,
  ) {
    super();
  }
  next(): unknown {
    const v = this.it.next();
    if (v === DONE) return DONE;
    const i = this.n;
    this.n = typeof i === 'number' && i < Number.MAX_SAFE_INTEGER ? i + 1 : BigInt(i) + 1n;
    return new PyTuple([i, v]);
  }
}

export class ZipIter extends PyIter {
  constructor(
    private readonly its: PyIter[],
    private readonly strict: boolean,
  ) {
    super();
  }
  next(): unknown {
    if (this.its.length === 0) return DONE;
    const out: unknown[] = [];
    for (let i = 0; i < this.its.length; i++) {
      const v = this.its[i]!.next();
      if (v === DONE) {
        if (this.strict) {
          if (i > 0) throw valueErrorZip(`zip() argument ${i + 1} is shorter than argument${i > 1 ? `s 1-${i}` : ' 1'}`);
          for (let k = 1; k < this.its.length; k++) {
            if (this.its[k]!.next() !== DONE) throw valueErrorZip(`zip() argument ${k + 1} is longer than argument${k > 1 ? `s 1-${k}` : ' 1'}`);
          }
        }
        return DONE;
      }
      out.push(v);
    }
    return new PyTuple(out);
  }
}


export class MapIter extends JsIter {}
export class FilterIter extends JsIter {}

export const LIST_ITERATOR = iterClass('list_iterator', ListIter);
iterClass('tuple_iterator', TupleIter);
iterClass('iterator', ArrayIter);
iterClass('range_iterator', RangeIter);
iterClass('str_ascii_iterator', StrIter);
iterClass('dict_keyiterator', DictIter);
iterClass('dict_valueiterator', DictValueIter);
iterClass('dict_itemiterator', DictItemIter);
iterClass('set_iterator', SetIter);
iterClass('iterator', JsIter);
export const GENERATOR_TYPE = iterClass('generator', GenExpIter);
iterClass('iterator', InstanceIter);
iterClass('list_reverseiterator', ReversedIter);
export const ENUMERATE = iterClass('enumerate', EnumerateIter);
export const ZIP = iterClass('zip', ZipIter);
export const MAP = iterClass('map', MapIter);
export const FILTER = iterClass('filter', FilterIter);

/** dict.keys() / values() / items() */
export class PyDictView {
  declare $t: PyClass;
  constructor(
    readonly d: PyDict,
    readonly kind: DictViewKind,
  ) {}
}
export const DICT_KEYS = makeClass('dict_keys', OBJECT);
export const DICT_VALUES = makeClass('dict_values', OBJECT);
export const DICT_ITEMS = makeClass('dict_items', OBJECT);
Object.defineProperty(PyDictView.prototype, '$t', {
  get(this: PyDictView) {
    return this.kind === 'keys' ? DICT_KEYS : this.kind === 'values' ? DICT_VALUES : DICT_ITEMS;
  },
});

/** iter(v) */
export function pyIter(v: unknown): PyIter {
  if (v instanceof PyList) return new ListIter(v);
  if (v instanceof PyRange) return new RangeIter(v);
  if (v instanceof PyTuple) return new TupleIter(v.a);
  if (typeof v === 'string') return new StrIter(v);
  if (v instanceof PyDict) return new DictIter(v, 'keys');
  if (v instanceof PySet) return new SetIter(v);
  if (v instanceof PyIter) return v;
  if (v instanceof PyBytes) return new ArrayIter([...v.b]);
  if (v instanceof PyClass && v.meta?.iter !== undefined) return pyIter(v.meta.iter(v));
  if (v instanceof PyDictView) {
    if (v.kind === 'keys') return new DictIter(v.d, 'keys');
    if (v.kind === 'values') return new DictValueIter(v.d, 'values');
    return new DictItemIter(v.d, 'items');
  }
  if (v instanceof PyInstance) {
    if (lookupDunder(v, '__iter__') !== undefined) {
      const it = callDunder(v, '__iter__', []);
      if (it instanceof PyIter) return it;
      if (it instanceof PyInstance && lookupDunder(it, '__next__') !== undefined) return new InstanceIter(it);
      throw typeError(`iter() returned non-iterator of type '${typeName(it)}'`);
    }
    if (lookupDunder(v, '__getitem__') !== undefined) return new JsIter(getitemIterator(v));
  }
  // A host type with an __iter__ method (contextvars.Context...).
  const own = typeOf(v).lookup('__iter__');
  if (own instanceof PyMethodDescr) return pyIter(own.fn(v, [], null));
  throw typeError(`'${typeName(v)}' object is not iterable`);
}

function* getitemIterator(v: PyInstance): Generator<unknown, void, unknown> {
  for (let i = 0; ; i++) {
    let item: unknown;
    try {
      item = callDunder(v, '__getitem__', [i]);
    } catch (e) {
      if (e instanceof Error && ((e as { pyName?: string }).pyName === 'IndexError' || e instanceof PyStopIteration)) return;
      throw e;
    }
    yield item;
  }
}

/** Call fn on each item; stop early when fn returns true. */
export function iterate(v: unknown, fn: (item: unknown) => boolean | void): void {
  if (v instanceof PyList) {
    const a = v.a;
    for (let i = 0; i < a.length; i++) {
      tick();
      if (fn(a[i]) === true) return;
    }
    return;
  }
  if (v instanceof PyTuple) {
    const a = v.a;
    for (let i = 0; i < a.length; i++) {
      tick();
      if (fn(a[i]) === true) return;
    }
    return;
  }
  if (v instanceof PyRange) {
    const n = v.length;
    for (let i = 0; i < n; i++) {
      tick();
      if (fn(v.at(i)) === true) return;
    }
    return;
  }
  const it = pyIter(v);
  for (;;) {
    tick();
    const x = it.next();
    if (x === DONE) return;
    if (fn(x) === true) return;
  }
}

/** list(v) as a JS array (a copy). */
export function toArray(v: unknown): unknown[] {
  if (v instanceof PyList || v instanceof PyTuple) return v.a.slice();
  const out: unknown[] = [];
  iterate(v, (x) => {
    out.push(x);
  });
  return out;
}

/** A JS array view of a sequence without copying when possible (read-only use). */
export function asArray(v: unknown): readonly unknown[] {
  if (v instanceof PyList || v instanceof PyTuple) return v.a;
  return toArray(v);
}

/** next(it) on a PyIter, as a value or DONE. */
export function nextOf(it: PyIter): unknown | Done {
  return it.next();
}
