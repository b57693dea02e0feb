/**
 * Python sets with CPython's iteration order.
 *
 * A set prints in the order of its hash table, which depends on the elements' hashes and the
 * history of insertions, deletions and resizes. This is a port of Objects/setobject.c (3.11):
 * the table with LINEAR_PROBES = 9 and PERTURB_SHIFT = 5, dummies, set_insert_clean,
 * set_table_resize, set_merge and the algorithms of |, &, -, ^ and their in-place forms, fed
 * with CPython's hash values (hash.ts; strings as with PYTHONHASHSEED=0, like the reference
 * runner). Objects hashed by identity get a stable made-up hash: CPython's order for them
 * depends on memory addresses anyway.
 *
 * Membership uses the Map `m` (normalized key → element); the table only decides the order.
 */
import { LARGE_ITEMS, afterRemovingFromSet, beforeAddingToSet } from './memory.ts';
import { PyDict, PySet, SLOT_DUMMY, SLOT_EMPTY } from './values.ts';
import { keyOf } from './keys.ts';
import { hashParts } from './hash.ts';
import { iterate } from './iter.ts';
import { tick } from './budget.ts';

const LINEAR_PROBES = 9;
const MINSIZE = 8;
const TWO32 = 4294967296;

// ---------------------------------------------------------------------------------------------
// Probing

/** set_add_entry's search for a free slot (the key is known to be absent): returns the slot. */
function findFree(s: PySet, lo: number, hi: number): number {
  const mask = s.mask;
  let i = lo & mask;
  let pl = lo;
  let ph = hi;
  let freeslot = -1;
  for (;;) {
    let probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
    let j = i;
    do {
      const k = s.tk[j];
      if (k === SLOT_EMPTY) return freeslot >= 0 ? freeslot : j;
      if (k === SLOT_DUMMY && freeslot < 0) freeslot = j;
      j++;
    } while (probes-- > 0);
    // perturb >>= PERTURB_SHIFT (on the unsigned 64-bit hash)
    pl = (pl >>> 5) | ((ph & 31) << 27);
    ph = ph >>> 5;
    i = ((i * 5 + 1 + (pl >>> 0)) % TWO32) & mask;
  }
}

/** set_insert_clean: into a table without dummies. */
function insertClean(tk: unknown[], tv: unknown[], hl: number[], hh: number[], mask: number, key: unknown, value: unknown, lo: number, hi: number): void {
  let i = lo & mask;
  let pl = lo;
  let ph = hi;
  for (;;) {
    if (tk[i] === SLOT_EMPTY) break;
    let found = false;
    if (i + LINEAR_PROBES <= mask) {
      for (let j = 1; j <= LINEAR_PROBES; j++) {
        if (tk[i + j] === SLOT_EMPTY) {
          i += j;
          found = true;
          break;
        }
      }
    }
    if (found) break;
    pl = (pl >>> 5) | ((ph & 31) << 27);
    ph = ph >>> 5;
    i = ((i * 5 + 1 + (pl >>> 0)) % TWO32) & mask;
  }
  tk[i] = key;
  tv[i] = value;
  hl[i] = lo;
  hh[i] = hi;
}

function emptyTable(n: number): { tk: unknown[]; tv: unknown[]; hl: number[]; hh: number[] } {
  return { tk: new Array<unknown>(n).fill(SLOT_EMPTY), tv: new Array<unknown>(n).fill(undefined), hl: new Array<number>(n).fill(0), hh: new Array<number>(n).fill(0) };
}

/** set_table_resize */
function resize(s: PySet, minused: number): void {
  let newsize = MINSIZE;
  while (newsize <= minused) newsize *= 2;
  const oldMask = s.mask;
  const { tk: otk, tv: otv, hl: ohl, hh: ohh } = s;
  if (newsize === MINSIZE && oldMask + 1 === MINSIZE && s.fill === s.used) return;
  const t = emptyTable(newsize);
  s.tk = t.tk;
  s.tv = t.tv;
  s.hl = t.hl;
  s.hh = t.hh;
  s.mask = newsize - 1;
  s.fill = s.used;
  for (let i = 0; i <= oldMask; i++) {
    const k = otk[i];
    if (k !== SLOT_EMPTY && k !== SLOT_DUMMY) insertClean(s.tk, s.tv, s.hl, s.hh, s.mask, k, otv[i], ohl[i]!, ohh[i]!);
  }
}

/** set_add_entry for a key known to be absent. */
function addEntry(s: PySet, key: unknown, value: unknown, lo: number, hi: number): void {
  const slot = findFree(s, lo, hi);
  const wasEmpty = s.tk[slot] === SLOT_EMPTY;
  s.tk[slot] = key;
  s.tv[slot] = value;
  s.hl[slot] = lo;
  s.hh[slot] = hi;
  s.used++;
  s.m.set(key, value);
  s.version++;
  if (wasEmpty) {
    s.fill++;
    if (s.fill * 5 >= s.mask * 3) resize(s, s.used > 50000 ? s.used * 2 : s.used * 4);
  }
}

/** set_lookkey: the slot holding `key` (whose hash is lo/hi), or -1. */
function lookupSlot(s: PySet, key: unknown, lo: number, hi: number): number {
  const mask = s.mask;
  let i = lo & mask;
  let pl = lo;
  let ph = hi;
  for (;;) {
    let probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
    let j = i;
    do {
      const k = s.tk[j];
      if (k === SLOT_EMPTY) return -1;
      if (k === key) return j;
      j++;
    } while (probes-- > 0);
    pl = (pl >>> 5) | ((ph & 31) << 27);
    ph = ph >>> 5;
    i = ((i * 5 + 1 + (pl >>> 0)) % TWO32) & mask;
  }
}

function slotOf(s: PySet, key: unknown): number {
  const [lo, hi] = hashParts(s.m.get(key));
  return lookupSlot(s, key, lo, hi);
}

// ---------------------------------------------------------------------------------------------
// Element operations

/** set.add(v) */
export function setAdd(s: PySet, v: unknown): void {
  const key = keyOf(v);
  if (s.m.has(key)) return;
  if (s.m.size + 1 >= LARGE_ITEMS) beforeAddingToSet(s.m.size, v, () => s.m.values());
  const [lo, hi] = hashParts(v);
  addEntry(s, key, v, lo, hi);
}

/** set.discard(v): true if it was there. */
export function setDelete(s: PySet, v: unknown): boolean {
  const key = keyOf(v);
  return deleteKey(s, key);
}

function deleteKey(s: PySet, key: unknown): boolean {
  if (!s.m.has(key)) return false;
  if (s.m.size >= LARGE_ITEMS) afterRemovingFromSet(s.m.size, s.m.get(key));
  const slot = slotOf(s, key);
  s.m.delete(key);
  if (slot >= 0) {
    s.tk[slot] = SLOT_DUMMY;
    s.tv[slot] = undefined;
  }
  s.used--;
  s.version++;
  return true;
}

/** set.clear() */
export function setClear(s: PySet): void {
  if (s.m.size >= LARGE_ITEMS) for (const value of s.m.values()) afterRemovingFromSet(LARGE_ITEMS, value);
  s.m.clear();
  const t = emptyTable(MINSIZE);
  s.tk = t.tk;
  s.tv = t.tv;
  s.hl = t.hl;
  s.hh = t.hh;
  s.mask = MINSIZE - 1;
  s.fill = 0;
  s.used = 0;
  s.version++;
}

/** set.pop(): the element at the search finger (set_pop). */
export function setPop(s: PySet): unknown {
  if (s.creationOrder) {
    for (const [k, v] of s.m) {
      deleteKey(s, k);
      return v;
    }
  }
  let i = s.finger & s.mask;
  while (s.tk[i] === SLOT_EMPTY || s.tk[i] === SLOT_DUMMY) {
    i++;
    if (i > s.mask) i = 0;
  }
  const key = s.tk[i];
  const v = s.tv[i];
  afterRemovingFromSet(s.m.size, v);
  s.tk[i] = SLOT_DUMMY;
  s.tv[i] = undefined;
  s.m.delete(key);
  s.used--;
  s.version++;
  s.finger = i + 1;
  return v;
}

/** The elements in iteration order. */
export function setValues(s: PySet): unknown[] {
  if (s.creationOrder) return [...s.m.values()];
  const out: unknown[] = [];
  const tk = s.tk;
  for (let i = 0; i <= s.mask; i++) {
    const k = tk[i];
    if (k !== SLOT_EMPTY && k !== SLOT_DUMMY) out.push(s.tv[i]);
  }
  return out;
}

interface Entry {
  key: unknown;
  value: unknown;
  lo: number;
  hi: number;
}

/** set_next over the table: entries in slot order. */
function entries(s: PySet): Entry[] {
  const out: Entry[] = [];
  if (s.creationOrder) {
    for (const [key, value] of s.m) {
      const slot = slotOf(s, key);
      out.push({ key, value, lo: s.hl[slot]!, hi: s.hh[slot]! });
    }
    return out;
  }
  for (let i = 0; i <= s.mask; i++) {
    const k = s.tk[i];
    if (k !== SLOT_EMPTY && k !== SLOT_DUMMY) out.push({ key: k, value: s.tv[i], lo: s.hl[i]!, hi: s.hh[i]! });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Bulk operations

/** set_merge(so, other) */
function merge(so: PySet, other: PySet): void {
  if (other === so || other.used === 0) return;
  if ((so.fill + other.used) * 5 >= so.mask * 3) resize(so, (so.used + other.used) * 2);
  if (so.fill === 0 && so.mask === other.mask && other.fill === other.used && !other.creationOrder) {
    for (let i = 0; i <= other.mask; i++) {
      const k = other.tk[i];
      if (k !== SLOT_EMPTY) {
        so.tk[i] = k;
        so.tv[i] = other.tv[i];
        so.hl[i] = other.hl[i]!;
        so.hh[i] = other.hh[i]!;
        so.m.set(k, other.tv[i]);
      }
    }
    so.fill = other.fill;
    so.used = other.used;
    so.version++;
    return;
  }
  if (so.fill === 0) {
    for (const e of entries(other)) {
      insertClean(so.tk, so.tv, so.hl, so.hh, so.mask, e.key, e.value, e.lo, e.hi);
      so.m.set(e.key, e.value);
    }
    so.fill = other.used;
    so.used = other.used;
    so.version++;
    return;
  }
  for (const e of entries(other)) if (!so.m.has(e.key)) addEntry(so, e.key, e.value, e.lo, e.hi);
}

/** set_update_internal(so, iterable) */
export function setUpdate(so: PySet, other: unknown): void {
  if (other instanceof PySet) {
    merge(so, other);
    return;
  }
  if (other instanceof PyDict) {
    const n = other.m.size;
    if ((so.fill + n) * 5 >= so.mask * 3) resize(so, (so.used + n) * 2);
    for (const e of [...other.m.values()]) setAdd(so, e.k);
    return;
  }
  iterate(other, (x) => {
    setAdd(so, x);
  });
}

/** A new set (of `so`'s kind) from an iterable: make_new_set. */
export function newSet(frozen: boolean, iterable?: unknown): PySet {
  const s = new PySet(frozen);
  if (iterable !== undefined) setUpdate(s, iterable);
  return s;
}

/** set.copy() / the first step of | and union(). */
export function setCopy(s: PySet, frozen = s.frozen): PySet {
  const out = new PySet(frozen);
  out.creationOrder = s.creationOrder;
  merge(out, s);
  return out;
}

/** a | b */
export function setOr(a: PySet, b: PySet): PySet {
  const r = setCopy(a);
  if (b !== a) merge(r, b);
  return r;
}

/** set_intersection(so, other) */
export function setAnd(a: PySet, b: unknown): PySet {
  if (b === a) return setCopy(a);
  const result = new PySet(a.frozen);
  if (b instanceof PySet) {
    let so = a;
    let other = b;
    if (other.used > so.used) {
      so = b;
      other = a;
    }
    for (const e of entries(other)) {
      tick();
      if (so.m.has(e.key) && !result.m.has(e.key)) addEntry(result, e.key, e.value, e.lo, e.hi);
    }
    return result;
  }
  iterate(b, (x) => {
    const key = keyOf(x);
    if (a.m.has(key) && !result.m.has(key)) {
      const [lo, hi] = hashParts(x);
      addEntry(result, key, x, lo, hi);
      if (result.used >= a.used) return true;
    }
    return false;
  });
  return result;
}

/** set_difference_update_internal(so, other) */
export function setDifferenceUpdate(so: PySet, other: unknown): void {
  if (other === so) {
    setClear(so);
    return;
  }
  if (other instanceof PySet) {
    const src = other.used >> 3 > so.used ? setAnd(so, other) : other;
    for (const e of entries(src)) deleteKey(so, e.key);
  } else {
    iterate(other, (x) => {
      deleteKey(so, keyOf(x));
    });
  }
  if (so.fill - so.used <= so.mask / 4) return;
  resize(so, so.used > 50000 ? so.used * 2 : so.used * 4);
}

/** a - b (set_difference) */
export function setSub(a: PySet, b: unknown): PySet {
  let otherSize: number;
  if (b instanceof PySet) otherSize = b.used;
  else if (b instanceof PyDict) otherSize = b.m.size;
  else {
    const r = setCopy(a);
    setDifferenceUpdate(r, b);
    return r;
  }
  if (a.used >> 2 > otherSize) {
    const r = setCopy(a);
    setDifferenceUpdate(r, b);
    return r;
  }
  const result = new PySet(a.frozen);
  for (const e of entries(a)) {
    tick();
    if (!b.m.has(e.key)) addEntry(result, e.key, e.value, e.lo, e.hi);
  }
  return result;
}

/** set_symmetric_difference_update(so, other) */
export function setXorUpdate(so: PySet, other: unknown): void {
  if (other === so) {
    setClear(so);
    return;
  }
  if (other instanceof PyDict) {
    for (const e of [...other.m.values()]) {
      const key = keyOf(e.k);
      if (!deleteKey(so, key)) {
        const [lo, hi] = hashParts(e.k);
        addEntry(so, key, e.k, lo, hi);
      }
    }
    return;
  }
  const otherSet = other instanceof PySet ? other : newSet(so.frozen, other);
  for (const e of entries(otherSet)) {
    if (!deleteKey(so, e.key)) addEntry(so, e.key, e.value, e.lo, e.hi);
  }
}

/** a ^ b */
export function setXor(a: PySet, b: unknown): PySet {
  const r = newSet(a.frozen, b);
  setXorUpdate(r, a);
  return r;
}

/** Replace a's contents by b's (set_swap_bodies, for the in-place operators). */
export function setAssign(a: PySet, b: PySet): void {
  a.m.clear();
  for (const [k, v] of b.m) a.m.set(k, v);
  a.tk = b.tk.slice();
  a.tv = b.tv.slice();
  a.hl = b.hl.slice();
  a.hh = b.hh.slice();
  a.mask = b.mask;
  a.fill = b.fill;
  a.used = b.used;
  a.version++;
}

/** A set whose iteration is creation order (asyncio.wait, all_tasks: the reference runner's CreationOrderedSet). */
export function creationOrderedSet(items: readonly unknown[]): PySet {
  const s = new PySet();
  s.creationOrder = true;
  for (const x of items) setAdd(s, x);
  return s;
}
