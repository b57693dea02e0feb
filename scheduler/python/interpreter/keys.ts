/**
 * Dict and set keys: Python hashes and compares keys by value (1 == 1.0 == True, ('a', 1) ==
 * ('a', 1)), JS Maps by identity. keyOf() maps a hashable Python value to a JS Map key with the
 * same equality: numbers stay numbers (ints and integral floats coincide), strings stay strings,
 * tuples become an injective string encoding, and everything else hashes by identity, as Python's
 * default __hash__ does. Unhashable values (list, dict, set) raise TypeError.
 */
import { PyBytes } from './pybytes.ts';
import { LARGE_ITEMS, afterRemovingEntry, beforeNewEntry, store, unstore } from './memory.ts';
import { PyDict, PyFloat, PyInstance, PyList, PySet, PyTuple, objectId, typeName } from './values.ts';
import { typeError } from './exceptions.ts';
import { callDunder, lookupDunder } from './calls.ts';

const ESC = '\u0001';

export function keyOf(k: unknown): unknown {
  switch (typeof k) {
    case 'string':
      return k.length > 0 && k.charCodeAt(0) === 1 ? ESC + 's' + k : k;
    case 'number':
      return k;
    case 'boolean':
      return k ? 1 : 0;
    case 'bigint':
      return ESC + 'b' + k.toString();
    case 'object':
      return objectKey(k);
    default:
      return k;
  }
}

function objectKey(k: object | null): unknown {
  if (k === null) return null;
  if (k instanceof PyFloat) {
    const v = k.v;
    if (v !== v) return k; // NaN: by identity
    if (Number.isInteger(v) && !Number.isSafeInteger(v)) return ESC + 'b' + BigInt(v).toString();
    return v;
  }
  if (k instanceof PyTuple) return ESC + 't(' + k.a.map(encodeElement).join(',') + ')';
  if (k instanceof PyBytes) return ESC + 'y' + k.latin1;
  if (k instanceof PySet && k.frozen) return ESC + 'f{' + [...k.m.keys()].map(encodeKey).sort().join(',') + '}';
  if (k instanceof PyList || k instanceof PyDict || k instanceof PySet) throw typeError(`unhashable type: '${typeName(k)}'`);
  if (k instanceof PyInstance) return instanceKey(k);
  return k;
}

function instanceKey(k: PyInstance): unknown {
  const hash = lookupDunder(k, '__hash__');
  if (hash === null) throw typeError(`unhashable type: '${typeName(k)}'`);
  if (hash !== undefined) {
    const h = callDunder(k, '__hash__', []);
    if (typeof h !== 'number' && typeof h !== 'bigint' && typeof h !== 'boolean') {
      throw typeError('__hash__ method should return an integer');
    }
    return ESC + 'h' + String(h);
  }
  if (lookupDunder(k, '__eq__') !== undefined) throw typeError(`unhashable type: '${typeName(k)}'`);
  return k;
}

function encodeKey(key: unknown): string {
  switch (typeof key) {
    case 'string':
      return JSON.stringify(key);
    case 'number':
      return 'n' + String(key);
    case 'object':
      return key === null ? 'N' : 'o' + objectId(key);
    default:
      return 'x' + String(key);
  }
}

function encodeElement(e: unknown): string {
  return encodeKey(keyOf(e));
}

// ---------------------------------------------------------------------------------------------
// Dict primitives

export function dictGet(d: PyDict, k: unknown): unknown {
  const e = d.m.get(keyOf(k));
  return e === undefined ? undefined : e.v;
}

export function dictSetRaw(d: PyDict, k: unknown, v: unknown): void {
  const key = keyOf(k);
  const e = d.m.get(key);
  if (e !== undefined) {
    if (d.m.size >= LARGE_ITEMS) {
      store(v);
      unstore(e.v);
    }
    e.v = v;
  } else {
    if (d.m.size + 1 >= LARGE_ITEMS) beforeNewEntry(d.m.size, k, v, () => d.m.values());
    d.m.set(key, { k, v });
    d.version++;
  }
}

/** Delete a key; false if it was missing. */
export function dictDelete(d: PyDict, k: unknown): boolean {
  const key = keyOf(k);
  if (d.m.size >= LARGE_ITEMS) {
    const e = d.m.get(key);
    if (e !== undefined) afterRemovingEntry(d.m.size, e.k, e.v);
  }
  const had = d.m.delete(key);
  if (had) d.version++;
  return had;
}

/** A dict is about to be emptied: give back what it held. */
export function dictCleared(d: PyDict): void {
  if (d.m.size >= LARGE_ITEMS) for (const e of d.m.values()) afterRemovingEntry(LARGE_ITEMS, e.k, e.v);
}

export function dictContains(d: PyDict | PySet, k: unknown): boolean {
  return d.m.has(keyOf(k));
}

export { setAdd, setDelete } from './pyset.ts';
