/**
 * Subscripts: `x[i]`, `x[a:b:c]`, assignment and deletion, for str (by code point), list, tuple,
 * range, dict and user classes (__getitem__, __setitem__, __delitem__).
 */
import { PyBytes, bytesIndex } from './pybytes.ts';
import { PyClass, PyClassMethod, PyDict, PyFloat, PyInstance, PyList, PyRange, PySlice, PyTuple, typeName, PyMethodDescr, typeOf } from './values.ts';
import { PyFunction } from './frame.ts';
import { LARGE_ITEMS, afterRemoving, afterRemovingOne, beforeExtending, store, unstore } from './memory.ts';
import { genericAlias } from './generics.ts';
import { indexError, keyError, typeError, valueError } from './exceptions.ts';
import { call, callDunder, lookupDunder } from './calls.ts';
import { dictDelete, dictGet, dictSetRaw } from './keys.ts';
import { pyRepr } from './repr.ts';
import { toArray } from './iter.ts';

const SURROGATE = /[\uD800-\uDFFF]/;

export function hasSurrogates(s: string): boolean {
  return SURROGATE.test(s);
}

/** The code points of a string as separate strings. */
export function codePoints(s: string): string[] {
  return Array.from(s);
}

/** len(s) in code points. */
export function strLen(s: string): number {
  if (!hasSurrogates(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** An index argument as a JS number (ints and bools; huge ints become ±Infinity). */
export function indexValue(k: unknown): number | null {
  if (typeof k === 'number') return k;
  if (typeof k === 'boolean') return k ? 1 : 0;
  if (typeof k === 'bigint') return k < 0n ? -Infinity : Infinity;
  if (k instanceof PyInstance && lookupDunder(k, '__index__') !== undefined) {
    const r = callDunder(k, '__index__', []);
    return indexValue(r);
  }
  return null;
}

function seqIndex(i: number, len: number, what: string): number {
  const j = i < 0 ? i + len : i;
  if (j < 0 || j >= len) throw indexError(`${what} index out of range`);
  return j;
}

function sliceArg(v: unknown): number | null {
  if (v === null) return null;
  const n = indexValue(v);
  if (n === null) throw typeError('slice indices must be integers or None or have an __index__ method');
  return n;
}

/** PySlice_Unpack + PySlice_AdjustIndices: [start, stop, step, length]. */
export function sliceIndices(s: PySlice, len: number): [number, number, number, number] {
  const stepArg = sliceArg(s.step);
  const step = stepArg === null ? 1 : stepArg;
  if (step === 0) throw valueError('slice step cannot be zero');
  let start = sliceArg(s.start);
  let stop = sliceArg(s.stop);
  if (start === null) start = step < 0 ? len - 1 : 0;
  else if (start < 0) {
    start += len;
    if (start < 0) start = step < 0 ? -1 : 0;
  } else if (start >= len) start = step < 0 ? len - 1 : len;
  if (stop === null) stop = step < 0 ? -1 : len;
  else if (stop < 0) {
    stop += len;
    if (stop < 0) stop = step < 0 ? -1 : 0;
  } else if (stop >= len) stop = step < 0 ? len - 1 : len;
  let length = 0;
  if (step < 0) {
    if (stop < start) length = Math.floor((start - stop - 1) / -step) + 1;
  } else if (start < stop) length = Math.floor((stop - start - 1) / step) + 1;
  return [start, stop, step, length];
}

function sliceArray<T>(a: readonly T[], s: PySlice): T[] {
  const [start, , step, length] = sliceIndices(s, a.length);
  if (step === 1) return a.slice(start, start + length);
  const out: T[] = [];
  for (let i = 0, j = start; i < length; i++, j += step) out.push(a[j]!);
  return out;
}

export function getItem(obj: unknown, key: unknown): unknown {
  if (obj instanceof PyBytes) {
    if (key instanceof PySlice) return new PyBytes(Uint8Array.from(sliceArray([...obj.b], key) as number[]));
    const i = indexValue(key);
    if (i === null) throw typeError(`byte indices must be integers or slices, not ${typeName(key)}`);
    return bytesIndex(obj, i);
  }
  if (obj instanceof PyList) {
    if (typeof key === 'number') {
      const a = obj.a;
      const j = key < 0 ? key + a.length : key;
      if (j >= 0 && j < a.length) return a[j];
      throw indexError('list index out of range');
    }
    if (key instanceof PySlice) return new PyList(sliceArray(obj.a, key));
    const i = indexValue(key);
    if (i === null) throw typeError(`list indices must be integers or slices, not ${typeName(key)}`);
    return obj.a[seqIndex(i, obj.a.length, 'list')];
  }
  if (obj instanceof PyDict) {
    const v = dictGet(obj, key);
    if (v === undefined) throw keyError(key, pyRepr(key));
    return v;
  }
  if (obj instanceof PyTuple) {
    if (key instanceof PySlice) return new PyTuple(sliceArray(obj.a, key));
    const i = indexValue(key);
    if (i === null) throw typeError(`tuple indices must be integers or slices, not ${typeName(key)}`);
    return obj.a[seqIndex(i, obj.a.length, 'tuple')];
  }
  if (typeof obj === 'string') {
    if (key instanceof PySlice) {
      if (!hasSurrogates(obj)) {
        const [start, , step, length] = sliceIndices(key, obj.length);
        if (step === 1) return obj.slice(start, start + length);
        let out = '';
        for (let i = 0, j = start; i < length; i++, j += step) out += obj[j];
        return out;
      }
      return sliceArray(codePoints(obj), key).join('');
    }
    const i = indexValue(key);
    if (i === null) throw typeError(`string indices must be integers, not '${typeName(key)}'`);
    if (!hasSurrogates(obj)) return obj[seqIndex(i, obj.length, 'string')];
    const cps = codePoints(obj);
    return cps[seqIndex(i, cps.length, 'string')];
  }
  if (obj instanceof PyRange) {
    if (key instanceof PySlice) {
      const [start, , step, length] = sliceIndices(key, obj.length);
      const first = obj.at(start);
      const newStep = obj.step * step;
      return new PyRange(first, first + length * newStep, newStep);
    }
    const i = indexValue(key);
    if (i === null) throw typeError(`range indices must be integers or slices, not ${typeName(key)}`);
    return obj.at(seqIndex(i, obj.length, 'range object'));
  }
  if (obj instanceof PyInstance && lookupDunder(obj, '__getitem__') !== undefined) return callDunder(obj, '__getitem__', [key]);
  if (obj instanceof PyClass && obj.generic) return genericAlias(obj, key);
  if (obj instanceof PyClass) {
    if (obj.meta?.getItem !== undefined) return obj.meta.getItem(obj, key);
    // __class_getitem__ is an implicit classmethod (PEP 560): Stack[int].
    const m = obj.lookup('__class_getitem__');
    if (m instanceof PyFunction) return call(m, [obj, key], null);
    if (m instanceof PyClassMethod) return call(m.fn, [obj, key], null);
    throw typeError(`type '${obj.name}' is not subscriptable`);
  }
  if (obj instanceof PyFloat || typeof obj === 'number') throw typeError(`'${typeName(obj)}' object is not subscriptable`);
  // A host type with a __getitem__ method (contextvars.Context...).
  const own = typeOf(obj).lookup('__getitem__');
  if (own instanceof PyMethodDescr) return own.fn(obj, [key], null);
  throw typeError(`'${typeName(obj)}' object is not subscriptable`);
}

export function setItem(obj: unknown, key: unknown, value: unknown): void {
  if (obj instanceof PyList) {
    if (key instanceof PySlice) {
      assignSlice(obj, key, value);
      return;
    }
    const i = indexValue(key);
    if (i === null) throw typeError(`list indices must be integers or slices, not ${typeName(key)}`);
    const index = seqIndex(i, obj.a.length, 'list assignment');
    if (obj.a.length >= LARGE_ITEMS) {
      store(value);
      unstore(obj.a[index]);
    }
    obj.a[index] = value;
    return;
  }
  if (obj instanceof PyDict) {
    dictSetRaw(obj, key, value);
    return;
  }
  if (obj instanceof PyInstance && lookupDunder(obj, '__setitem__') !== undefined) {
    callDunder(obj, '__setitem__', [key, value]);
    return;
  }
  throw typeError(`'${typeName(obj)}' object does not support item assignment`);
}

function assignSlice(list: PyList, s: PySlice, value: unknown): void {
  const items = toArray(value);
  const [start, , step, length] = sliceIndices(s, list.a.length);
  if (step === 1) {
    const stop = Math.max(start, start + length);
    beforeExtending(list.a, items);
    afterRemoving(list.a.length + items.length, list.a.slice(start, stop));
    list.a.splice(start, stop - start, ...items);
    return;
  }
  if (items.length !== length) {
    throw valueError(`attempt to assign sequence of size ${items.length} to extended slice of size ${length}`);
  }
  for (let i = 0, j = start; i < length; i++, j += step) list.a[j] = items[i];
}

export function delItem(obj: unknown, key: unknown): void {
  if (obj instanceof PyList) {
    if (key instanceof PySlice) {
      const [start, , step, length] = sliceIndices(key, obj.a.length);
      afterRemoving(obj.a.length, step === 1 ? obj.a.slice(start, start + length) : []);
      if (step === 1) obj.a.splice(start, length);
      else {
        const drop = new Set<number>();
        for (let i = 0, j = start; i < length; i++, j += step) drop.add(j);
        obj.a = obj.a.filter((_, idx) => !drop.has(idx));
      }
      return;
    }
    const i = indexValue(key);
    if (i === null) throw typeError(`list indices must be integers or slices, not ${typeName(key)}`);
    const index = seqIndex(i, obj.a.length, 'list assignment');
    afterRemovingOne(obj.a.length, obj.a[index]);
    obj.a.splice(index, 1);
    return;
  }
  if (obj instanceof PyDict) {
    if (!dictDelete(obj, key)) throw keyError(key, pyRepr(key));
    return;
  }
  if (obj instanceof PyInstance && lookupDunder(obj, '__delitem__') !== undefined) {
    callDunder(obj, '__delitem__', [key]);
    return;
  }
  throw typeError(`'${typeName(obj)}' object doesn't support item deletion`);
}

