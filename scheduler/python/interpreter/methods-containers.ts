/** The methods of list, tuple, dict, set, int and float. */
import { afterRemoving, afterRemovingOne, beforeAppending, beforeExtending } from './memory.ts';
import {
  DICT,
  FLOAT,
  FROZENSET,
  INT,
  LIST,
  PyBuiltin,
  PyClassMethod,
  PyDict,
  PyFloat,
  PyList,
  PySet,
  PyTuple,
  SET,
  TUPLE,
  normBig,
  typeName,
  type Kw,
} from './values.ts';
import { indexError, keyError, typeError, valueError } from './exceptions.ts';
import { bind, methods, noKw, properties } from './args.ts';
import { PyDictView, iterate, toArray } from './iter.ts';
import { dictCleared, dictDelete, dictGet, dictSetRaw } from './keys.ts';
import { newSet, setAdd, setAnd, setAssign, setClear, setCopy, setDelete, setDifferenceUpdate, setPop, setSub, setUpdate, setXor, setXorUpdate } from './pyset.ts';
import { eq, less, truthy } from './ops.ts';
import { call } from './calls.ts';
import { pyRepr } from './repr.ts';
import { indexValue } from './subscript.ts';
import { PyInstance } from './values.ts';
import { callMethod, hasAttr } from './calls.ts';
import { getItem, setItem } from './subscript.ts';

/** Sort in place with Python's `<`, stable, optionally by key and reversed (list.sort). */
export function sortArray(a: unknown[], key: unknown, reverse: boolean): void {
  if (a.length < 2) return;
  if (key !== null && key !== undefined) {
    const keyed = a.map((v) => ({ k: call(key, [v], null), v }));
    keyed.sort(reverse ? (x, y) => (less(y.k, x.k) ? -1 : less(x.k, y.k) ? 1 : 0) : (x, y) => (less(x.k, y.k) ? -1 : less(y.k, x.k) ? 1 : 0));
    for (let i = 0; i < a.length; i++) a[i] = keyed[i]!.v;
    return;
  }
  a.sort(reverse ? (x, y) => (less(y, x) ? -1 : less(x, y) ? 1 : 0) : (x, y) => (less(x, y) ? -1 : less(y, x) ? 1 : 0));
}

function sortArgs(fname: string, args: unknown[], kw: Kw): [unknown, boolean] {
  if (args.length > 0) throw typeError(`${fname}() takes no positional arguments`);
  const [key, reverse] = bind(fname, [], kw, ['key', 'reverse'], 0);
  return [key ?? null, reverse !== undefined && truthy(reverse)];
}

function seqIndexOf(a: readonly unknown[], args: unknown[], what: string): number {
  const [x, start, end] = bind('index', args, null, ['value', 'start', 'stop'], 1);
  const n = a.length;
  let s = start === undefined ? 0 : (indexValue(start) ?? 0);
  let e = end === undefined ? n : (indexValue(end) ?? n);
  if (s < 0) s = Math.max(0, s + n);
  if (e < 0) e = Math.max(0, e + n);
  for (let i = s; i < Math.min(e, n); i++) if (a[i] === x || truthy(eq(a[i], x))) return i;
  throw valueError(what === 'list' ? `${pyRepr(x)} is not in list` : 'tuple.index(x): x not in tuple');
}

function seqCount(a: readonly unknown[], x: unknown): number {
  let n = 0;
  for (const y of a) if (y === x || truthy(eq(y, x))) n++;
  return n;
}

/** dict.update / dict(...) from a mapping or an iterable of pairs, then keywords. */
export function dictUpdate(d: PyDict, other: unknown, kw: Kw): void {
  if (other !== undefined && other !== null) {
    if (other instanceof PyDict) {
      for (const e of [...other.m.values()]) dictSetRaw(d, e.k, e.v);
    } else if (other instanceof PyInstance && hasAttr(other, 'keys')) {
      // A mapping (collections.Counter, OrderedDict...): its keys, then each value by subscript.
      iterate(callMethod(other, 'keys', [], null), (k) => {
        dictSetRaw(d, k, getItem(other, k));
      });
    } else {
      let i = 0;
      iterate(other, (pair) => {
        const items = pair instanceof PyTuple || pair instanceof PyList ? pair.a : toArray(pair);
        if (items.length !== 2) {
          throw valueError(`dictionary update sequence element #${i} has length ${items.length}; 2 is required`);
        }
        dictSetRaw(d, items[0], items[1]);
        i++;
      });
    }
  }
  if (kw !== null) for (const [k, v] of kw) dictSetRaw(d, k, v);
}

function asSet(v: unknown): PySet {
  if (v instanceof PySet) return v;
  return newSet(false, v);
}

export function installContainerMethods(): void {
  methods(LIST, {
    append: (l: PyList, a, kw) => {
      noKw('append', kw);
      if (a.length !== 1) throw typeError(`list.append() takes exactly one argument (${a.length} given)`);
      beforeAppending(l.a, a[0]);
      l.a.push(a[0]);
      return null;
    },
    extend: (l: PyList, a) => {
      const [it] = bind('extend', a, null, ['iterable']);
      const items = toArray(it);
      beforeExtending(l.a, items);
      for (const x of items) l.a.push(x);
      return null;
    },
    insert: (l: PyList, a) => {
      const [i, x] = bind('insert', a, null, ['index', 'object']);
      let k = indexValue(i);
      if (k === null) throw typeError(`'${typeName(i)}' object cannot be interpreted as an integer`);
      const n = l.a.length;
      if (k < 0) k = Math.max(0, k + n);
      beforeAppending(l.a, x);
      l.a.splice(Math.min(k, n), 0, x);
      return null;
    },
    pop: (l: PyList, a) => {
      const [i] = bind('pop', a, null, ['index'], 0);
      if (l.a.length === 0) throw indexError('pop from empty list');
      const size = l.a.length;
      if (i === undefined) {
        const last = l.a.pop();
        afterRemovingOne(size, last);
        return last;
      }
      let k = indexValue(i);
      if (k === null) throw typeError(`'${typeName(i)}' object cannot be interpreted as an integer`);
      if (k < 0) k += l.a.length;
      if (k < 0 || k >= l.a.length) throw indexError('pop index out of range');
      const popped = l.a.splice(k, 1)[0];
      afterRemovingOne(size, popped);
      return popped;
    },
    remove: (l: PyList, a) => {
      const [x] = bind('remove', a, null, ['value']);
      for (let i = 0; i < l.a.length; i++) {
        if (l.a[i] === x || truthy(eq(l.a[i], x))) {
          afterRemovingOne(l.a.length, l.a[i]);
          l.a.splice(i, 1);
          return null;
        }
      }
      throw valueError('list.remove(x): x not in list');
    },
    index: (l: PyList, a) => seqIndexOf(l.a, a, 'list'),
    count: (l: PyList, a) => seqCount(l.a, bind('count', a, null, ['value'])[0]),
    sort: (l: PyList, a, kw) => {
      const [key, reverse] = sortArgs('sort', a, kw);
      const copy = l.a.slice();
      sortArray(copy, key, reverse);
      l.a = copy;
      return null;
    },
    reverse: (l: PyList) => {
      l.a.reverse();
      return null;
    },
    clear: (l: PyList) => {
      afterRemoving(l.a.length, l.a);
      l.a = [];
      return null;
    },
    copy: (l: PyList) => new PyList(l.a.slice()),
  });
  methods(TUPLE, {
    index: (t: PyTuple, a) => seqIndexOf(t.a, a, 'tuple'),
    count: (t: PyTuple, a) => seqCount(t.a, bind('count', a, null, ['value'])[0]),
  });
  // dict.fromkeys(iterable, value=None), a classmethod (dict cannot be subclassed in scenarios;
  // the collections mappings have their own).
  DICT.dict.set(
    'fromkeys',
    new PyClassMethod(
      new PyBuiltin('fromkeys', (args, kw) => {
        noKw('fromkeys', kw);
        if (args.length < 2) throw typeError('fromkeys expected at least 1 argument, got 0');
        if (args.length > 3) throw typeError(`fromkeys expected at most 2 arguments, got ${args.length - 1}`);
        const value = args[2] === undefined ? null : args[2];
        const d = new PyDict();
        iterate(args[1], (key) => void setItem(d, key, value));
        return d;
      }),
    ),
  );
  methods(DICT, {
    get: (d: PyDict, a) => {
      const [k, dflt] = bind('get', a, null, ['key', 'default'], 1);
      const v = dictGet(d, k);
      return v === undefined ? (dflt === undefined ? null : dflt) : v;
    },
    keys: (d: PyDict) => new PyDictView(d, 'keys'),
    values: (d: PyDict) => new PyDictView(d, 'values'),
    items: (d: PyDict) => new PyDictView(d, 'items'),
    pop: (d: PyDict, a) => {
      const [k, dflt] = bind('pop', a, null, ['key', 'default'], 1);
      const v = dictGet(d, k);
      if (v === undefined) {
        if (dflt !== undefined) return dflt;
        throw keyError(k, pyRepr(k));
      }
      dictDelete(d, k);
      return v;
    },
    popitem: (d: PyDict) => {
      let last: { k: unknown; v: unknown } | undefined;
      for (const e of d.m.values()) last = e;
      if (last === undefined) throw keyError('popitem(): dictionary is empty', pyRepr('popitem(): dictionary is empty'));
      dictDelete(d, last.k);
      return new PyTuple([last.k, last.v]);
    },
    setdefault: (d: PyDict, a) => {
      const [k, dflt] = bind('setdefault', a, null, ['key', 'default'], 1);
      const v = dictGet(d, k);
      if (v !== undefined) return v;
      const value = dflt === undefined ? null : dflt;
      dictSetRaw(d, k, value);
      return value;
    },
    update: (d: PyDict, a, kw) => {
      if (a.length > 1) throw typeError(`update expected at most 1 argument, got ${a.length}`);
      dictUpdate(d, a[0], kw);
      return null;
    },
    clear: (d: PyDict) => {
      dictCleared(d);
      d.m.clear();
      d.version++;
      return null;
    },
    copy: (d: PyDict) => {
      const out = new PyDict();
      for (const e of d.m.values()) dictSetRaw(out, e.k, e.v);
      return out;
    },
  });
  const setMethods = {
    add: (s: PySet, a: unknown[]) => {
      const [x] = bind('add', a, null, ['elem']);
      setAdd(s, x);
      return null;
    },
    remove: (s: PySet, a: unknown[]) => {
      const [x] = bind('remove', a, null, ['elem']);
      if (!setDelete(s, x)) throw keyError(x, pyRepr(x));
      return null;
    },
    discard: (s: PySet, a: unknown[]) => {
      setDelete(s, bind('discard', a, null, ['elem'])[0]);
      return null;
    },
    pop: (s: PySet) => {
      if (s.m.size === 0) throw keyError('pop from an empty set', pyRepr('pop from an empty set'));
      return setPop(s);
    },
    clear: (s: PySet) => {
      setClear(s);
      return null;
    },
    copy: (s: PySet) => setCopy(s),
    update: (s: PySet, a: unknown[]) => {
      for (const other of a) setUpdate(s, other);
      return null;
    },
    union: (s: PySet, a: unknown[]) => {
      const r = setCopy(s);
      for (const o of a) if (o !== s) setUpdate(r, o);
      return r;
    },
    intersection: (s: PySet, a: unknown[]) => (a.length === 0 ? setCopy(s) : a.reduce<PySet>((acc, o) => setAnd(acc, o), s)),
    difference: (s: PySet, a: unknown[]) => {
      if (a.length === 0) return setCopy(s);
      const r = setSub(s, a[0]);
      for (const o of a.slice(1)) setDifferenceUpdate(r, o);
      return r;
    },
    symmetric_difference: (s: PySet, a: unknown[]) => setXor(s, bind('symmetric_difference', a, null, ['other'])[0]),
    symmetric_difference_update: (s: PySet, a: unknown[]) => {
      setXorUpdate(s, bind('symmetric_difference_update', a, null, ['other'])[0]);
      return null;
    },
    intersection_update: (s: PySet, a: unknown[]) => {
      setAssign(s, a.length === 0 ? setCopy(s) : a.reduce<PySet>((acc, o) => setAnd(acc, o), s));
      return null;
    },
    difference_update: (s: PySet, a: unknown[]) => {
      for (const o of a) setDifferenceUpdate(s, o);
      return null;
    },
    issubset: (s: PySet, a: unknown[]) => {
      const o = asSet(a[0]);
      return [...s.m.keys()].every((k) => o.m.has(k));
    },
    issuperset: (s: PySet, a: unknown[]) => {
      const o = asSet(a[0]);
      return [...o.m.keys()].every((k) => s.m.has(k));
    },
    isdisjoint: (s: PySet, a: unknown[]) => {
      const o = asSet(a[0]);
      return [...o.m.keys()].every((k) => !s.m.has(k));
    },
  };
  methods(SET, setMethods);
  methods(FROZENSET, {
    copy: setMethods.copy,
    union: setMethods.union,
    intersection: setMethods.intersection,
    difference: setMethods.difference,
    symmetric_difference: setMethods.symmetric_difference,
    issubset: setMethods.issubset,
    issuperset: setMethods.issuperset,
    isdisjoint: setMethods.isdisjoint,
  });
  methods(INT, {
    bit_length: (n: number | bigint | boolean) => {
      const b = typeof n === 'bigint' ? n : BigInt(typeof n === 'boolean' ? (n ? 1 : 0) : n);
      const abs = b < 0n ? -b : b;
      return abs === 0n ? 0 : abs.toString(2).length;
    },
    conjugate: (n: unknown) => n,
    is_integer: () => true,
    __index__: (n: unknown) => n,
  });
  properties(INT, {
    real: (n: unknown) => (typeof n === 'boolean' ? (n ? 1 : 0) : n),
    imag: () => 0,
    numerator: (n: unknown) => (typeof n === 'boolean' ? (n ? 1 : 0) : n),
    denominator: () => 1,
  });
  methods(FLOAT, {
    is_integer: (x: PyFloat) => Number.isInteger(x.v),
    conjugate: (x: PyFloat) => x,
    as_integer_ratio: (x: PyFloat) => {
      if (!Number.isFinite(x.v)) throw valueError(`cannot convert ${Number.isNaN(x.v) ? 'NaN' : 'Infinity'} to integer ratio`);
      let num = x.v;
      let den = 1n;
      while (!Number.isInteger(num)) {
        num *= 2;
        den *= 2n;
      }
      let n = BigInt(num);
      // reduce
      const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
      const g = gcd(n, den);
      n /= g;
      den /= g;
      return new PyTuple([normBig(n), normBig(den)]);
    },
  });
  properties(FLOAT, {
    real: (x: PyFloat) => x,
    imag: () => new PyFloat(0),
  });
}
