/**
 * The Python values of the interpreter and their JavaScript representation.
 *
 *   Python            JavaScript
 *   int               number (always integral, |n| <= 2**53 - 1) or bigint (only outside that range)
 *   bool              boolean
 *   float             PyFloat (a box: JS cannot tell 1 from 1.0)
 *   str               string (UTF-16; code-point aware where Python counts characters)
 *   None              null
 *   list / tuple      PyList / PyTuple (a JS array inside)
 *   dict / set        PyDict / PySet (a Map keyed by a normalized key, see keys.ts)
 *   function          PyFunction (compiled code + defaults + closure cells)
 *   class / instance  PyClass / PyInstance
 *   exceptions        instances of the scheduler's PyBaseException hierarchy (exceptions.ts)
 *   coroutine         a JS generator made by the compiled body (see coroutines.ts)
 *   Task, Future, Lock, ...   the scheduler's own objects, typed through a registry
 *
 * `typeOf(v)` gives every value its PyClass. Our own classes carry it on their prototype as `$t`;
 * host objects (the scheduler's) are looked up by constructor.
 */
import { floatRepr } from '../format.ts';
import { LARGE_ITEMS, allocateItems, allocateTuple } from './memory.ts';

/** Iterator exhaustion, returned by PyIter.next() (no IteratorResult allocation). */
export const DONE: unique symbol = Symbol('DONE');
export type Done = typeof DONE;

/** Keyword arguments of a call, in source order. */
export type Kw = Map<string, unknown> | null;

/** A builtin: called with positional arguments and keywords. */
export type NativeFn = (args: unknown[], kw: Kw) => unknown;
/** A builtin method: called with self, positional arguments and keywords. */
export type NativeMethod = (self: any, args: unknown[], kw: Kw) => unknown;

export class PyFloat {
  declare $t: PyClass;
  constructor(readonly v: number) {}
  toString(): string {
    return floatRepr(this.v);
  }
}

export class PyList {
  declare $t: PyClass;
  constructor(public a: unknown[]) {
    if (a.length >= LARGE_ITEMS) allocateItems(a.length);
  }
}

export class PyTuple {
  declare $t: PyClass;
  constructor(readonly a: unknown[]) {
    if (a.length >= LARGE_ITEMS) allocateTuple(a.length);
  }
}

export interface DictEntry {
  k: unknown;
  v: unknown;
}

export class PyDict {
  declare $t: PyClass;
  readonly m = new Map<unknown, DictEntry>();
  /** Bumped on every insertion or deletion, to detect "changed size during iteration". */
  version = 0;
}

export const SLOT_EMPTY: unique symbol = Symbol('EMPTY');
export const SLOT_DUMMY: unique symbol = Symbol('DUMMY');

/**
 * set / frozenset. `m` maps each element's normalized key (keys.ts) to the element, for
 * membership; the open-addressing table below reproduces CPython's setobject.c slot for slot, so
 * that iteration (and printing) follows CPython's order (pyset.ts).
 */
export class PySet {
  declare $t: PyClass;
  readonly m = new Map<unknown, unknown>();
  version = 0;
  /** Slot → normalized key, or the EMPTY / DUMMY markers of pyset.ts. */
  tk: unknown[] = [SLOT_EMPTY, SLOT_EMPTY, SLOT_EMPTY, SLOT_EMPTY, SLOT_EMPTY, SLOT_EMPTY, SLOT_EMPTY, SLOT_EMPTY];
  /** Slot → element. */
  tv: unknown[] = new Array<unknown>(8).fill(undefined);
  /** Slot → low and high 32 bits of the element's hash. */
  hl: number[] = [0, 0, 0, 0, 0, 0, 0, 0];
  hh: number[] = [0, 0, 0, 0, 0, 0, 0, 0];
  mask = 7;
  fill = 0;
  used = 0;
  finger = 0;
  /** Iterate in insertion order (the reference runner's CreationOrderedSet, for asyncio's sets). */
  creationOrder = false;
  constructor(readonly frozen = false) {}
}

export class PyRange {
  declare $t: PyClass;
  constructor(
    readonly start: number,
    readonly stop: number,
    readonly step: number,
  ) {}
  get length(): number {
    const { start, stop, step } = this;
    if (step > 0) return stop > start ? Math.floor((stop - start - 1) / step) + 1 : 0;
    return start > stop ? Math.floor((start - stop - 1) / -step) + 1 : 0;
  }
  at(i: number): number {
    return this.start + i * this.step;
  }
}

export class PySlice {
  declare $t: PyClass;
  constructor(
    readonly start: unknown,
    readonly stop: unknown,
    readonly step: unknown,
  ) {}
}

export class Cell {
  constructor(public v: unknown = undefined) {}
}

export class PyEllipsis {
  declare $t: PyClass;
}
export const ELLIPSIS = new PyEllipsis();

export class PyNotImplementedType {
  declare $t: PyClass;
}
export const NOT_IMPLEMENTED = new PyNotImplementedType();

/** A builtin function (print, len, asyncio.sleep...). */
export class PyBuiltin {
  declare $t: PyClass;
  /** Written in Python in CPython (asyncio.sleep, asyncio.gather...): its type is 'function'. */
  pythonLevel = false;
  /** Its __module__ when it is Python-level (`asyncio.tasks` for asyncio.sleep). */
  module: string | null = null;
  constructor(
    readonly name: string,
    readonly fn: NativeFn,
    /** The qualified name shown in reprs (`asyncio.sleep` shows as `sleep`). */
    readonly qualname: string = name,
  ) {}
}

/** A method of a builtin type, found in its class dict; binding gives a PyBoundMethod. */
export class PyMethodDescr {
  declare $t: PyClass;
  constructor(
    readonly name: string,
    readonly fn: NativeMethod,
    /** Written in Python in CPython (asyncio's locks, the loop...): bound, it is a 'method'. */
    readonly pythonLevel = false,
  ) {}
}

/** A computed attribute of a builtin type (`exc.args`, `response.status`). */
export class PyProperty {
  declare $t: PyClass;
  constructor(
    readonly get: (self: any) => unknown,
    readonly set: ((self: any, value: unknown) => void) | null = null,
  ) {}
}

/** A method bound to its object: `obj.method` without calling it. */
export class PyBoundMethod {
  declare $t: PyClass;
  constructor(
    readonly self: unknown,
    readonly fn: unknown,
  ) {}
}

/** `staticmethod(f)` / `classmethod(f)` wrappers stored in class dicts. */
export class PyStaticMethod {
  declare $t: PyClass;
  constructor(readonly fn: unknown) {}
}
export class PyClassMethod {
  declare $t: PyClass;
  constructor(readonly fn: unknown) {}
}

/** `super()`: attribute lookup starting after `cls` in the MRO of `obj`'s type. */
export class PySuper {
  declare $t: PyClass;
  constructor(
    readonly cls: PyClass,
    readonly obj: unknown,
  ) {}
}

export class PyModule {
  declare $t: PyClass;
  readonly attrs = new Map<string, unknown>();
  /** Where CPython has the module (`<stdlib>/asyncio/__init__.py`), or null when built in. */
  file: string | null = null;
  /**
   * Attributes made on first use (asyncio's streams, written in Python, are run only by the
   * scenarios that use them): the loader fills `attrs`.
   */
  lazy: Map<string, () => void> | null = null;
  constructor(readonly name: string) {}

  /** The attribute, loading it first if it is lazy; undefined if the module has none. */
  attr(name: string): unknown {
    const v = this.attrs.get(name);
    if (v !== undefined || this.lazy === null) return v;
    const load = this.lazy.get(name);
    if (load === undefined) return undefined;
    load();
    return this.attrs.get(name);
  }

  /** Has the module this attribute (made or still lazy)? */
  hasAttr(name: string): boolean {
    return this.attrs.has(name) || this.lazy?.has(name) === true;
  }
}

/** An instance of a user class (not an exception: those are JS exception objects). */
export class PyInstance {
  /** The instance's `__dict__` (stays empty when its class gives its instances none: __slots__). */
  readonly dict = new Map<string, unknown>();
  /** The values of its `__slots__`, by the member descriptor that owns each (descriptors.ts). */
  slots: Map<object, unknown> | null = null;
  constructor(readonly $t: PyClass) {}
}

/**
 * A Python class: a builtin type, a user class, or a host class (Task, Lock...). Attribute lookup
 * walks `mro` through each class's `dict`; results are cached per class and the caches are
 * dropped whenever any class dict changes.
 */
/**
 * What a metaclass adds to its classes (enum's EnumType, abc's ABCMeta): how the class object
 * itself is called, iterated, subscripted, measured and printed. Inherited through the MRO.
 */
export interface MetaHooks {
  /** The metaclass as `type(cls)` shows it. */
  readonly type: PyClass;
  call?(cls: PyClass, args: unknown[], kw: Kw): unknown;
  iter?(cls: PyClass): unknown;
  getItem?(cls: PyClass, key: unknown): unknown;
  len?(cls: PyClass): number;
  contains?(cls: PyClass, value: unknown): boolean;
  repr?(cls: PyClass): string;
  /** `cls.name = value`: may refuse (an enum's members cannot be reassigned). */
  setAttr?(cls: PyClass, name: string, value: unknown): boolean;
  /** After a class of this metaclass is made (an enum's members are made here). */
  init?(cls: PyClass): void;
  /** The bases a class statement of this metaclass really uses (an enum's str or int mixin). */
  rewriteBases?(bases: PyClass[], ns: Map<string, unknown>): PyClass[];
}

export class PyClass {
  declare $t: PyClass;
  readonly dict = new Map<string, unknown>();
  mro: PyClass[] = [];
  /** __bases__ (the one `base` of builtin and host classes; user classes may have several). */
  bases: PyClass[];
  /** The metaclass's hooks, if it is not plain `type`. */
  meta: MetaHooks | null = null;
  private cache = new Map<string, unknown>();
  /** For exception classes: the JS class whose instances are this class's instances. */
  jsClass: (new (...args: unknown[]) => object) | null = null;
  /** Constructor behaviour for builtin types: int(x), list(x), asyncio.Lock()... */
  native: NativeFn | null = null;
  /** C's tp_name, which error messages use: '_asyncio.Task' where __name__ is 'Task'. */
  tpName: string;
  /** Has __class_getitem__: `list[int]` makes a types.GenericAlias. */
  generic = false;
  /** Its methods are written in Python in CPython (asyncio's Lock, Queue, the event loop...). */
  pythonLevel = false;
  /** repr() of the instances of a builtin or host type. */
  reprFn: ((self: any) => string) | null = null;
  /** str() of the instances, where it differs from repr() (asyncio.Queue). */
  strFn: ((self: any) => string) | null = null;
  /** True for classes created by a `class` statement. */
  readonly isUser: boolean;
  /** A library class that `class` statements may derive from (collections.abc.Mapping...). */
  subclassable = false;
  /** Its instances have a `__dict__`: false for object and for classes whose `__slots__` leave it out. */
  instancesHaveDict = true;
  qualname: string;
  module = 'builtins';

  constructor(
    public name: string,
    readonly base: PyClass | null,
    isUser = false,
  ) {
    this.isUser = isUser;
    this.qualname = name;
    this.tpName = name;
    this.mro = base === null ? [this] : [this, ...base.mro];
    this.bases = base === null ? [] : [base];
    this.meta = base?.meta ?? null;
  }

  lookup(name: string): unknown {
    let v = this.cache.get(name);
    if (v !== undefined) return v === MISSING ? undefined : v;
    v = MISSING;
    for (const cls of this.mro) {
      const found = cls.dict.get(name);
      if (found !== undefined) {
        v = found;
        break;
      }
    }
    this.cache.set(name, v);
    return v === MISSING ? undefined : v;
  }

  /** Lookup starting after `after` in this class's MRO (super()). */
  lookupAfter(after: PyClass, name: string): unknown {
    const i = this.mro.indexOf(after);
    for (let k = i + 1; k < this.mro.length; k++) {
      const found = this.mro[k]!.dict.get(name);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  isSubclassOf(other: PyClass): boolean {
    if (other === this) return true;
    for (const c of this.mro) if (c === other) return true;
    // Extra virtual bases (ExceptionGroup is also an Exception; TimeoutError is an OSError).
    return false;
  }

  setAttr(name: string, value: unknown): void {
    this.dict.set(name, value);
    invalidateClassCaches();
  }

  deleteAttr(name: string): boolean {
    const had = this.dict.delete(name);
    invalidateClassCaches();
    return had;
  }

  clearCache(): void {
    this.cache.clear();
  }
}

const MISSING = Symbol('MISSING');
const allClasses: PyClass[] = [];

/** A class dict changed: forget every lookup cache (rare: class attribute assignment). */
export function invalidateClassCaches(): void {
  for (const cls of allClasses) cls.clearCache();
}

/** Make a class and remember it for cache invalidation. */
export function makeClass(name: string, base: PyClass | null, isUser = false): PyClass {
  const cls = new PyClass(name, base, isUser);
  if (isUser) cls.module = '__main__';
  allClasses.push(cls);
  return cls;
}

/** Forget user classes of a finished run (keeps the builtin ones). */
export function forgetUserClasses(): void {
  for (let i = allClasses.length - 1; i >= 0; i--) if (allClasses[i]!.isUser) allClasses.splice(i, 1);
}

// ---------------------------------------------------------------------------------------------
// Builtin types

export const OBJECT = makeClass('object', null);
OBJECT.instancesHaveDict = false;
export const TYPE = makeClass('type', OBJECT);
export const INT = makeClass('int', OBJECT);
export const BOOL = makeClass('bool', INT);
export const FLOAT = makeClass('float', OBJECT);
export const STR = makeClass('str', OBJECT);
export const LIST = makeClass('list', OBJECT);
export const TUPLE = makeClass('tuple', OBJECT);
export const DICT = makeClass('dict', OBJECT);
export const SET = makeClass('set', OBJECT);
export const FROZENSET = makeClass('frozenset', OBJECT);
export const RANGE = makeClass('range', OBJECT);
export const SLICE = makeClass('slice', OBJECT);
export const NONETYPE = makeClass('NoneType', OBJECT);
export const ELLIPSIS_TYPE = makeClass('ellipsis', OBJECT);
export const NOTIMPL_TYPE = makeClass('NotImplementedType', OBJECT);
export const FUNCTION = makeClass('function', OBJECT);
export const BUILTIN_FUNCTION = makeClass('builtin_function_or_method', OBJECT);
export const METHOD_DESCR = makeClass('method_descriptor', OBJECT);
export const PROPERTY = makeClass('property', OBJECT);
export const METHOD = makeClass('method', OBJECT);
export const STATICMETHOD = makeClass('staticmethod', OBJECT);
export const CLASSMETHOD = makeClass('classmethod', OBJECT);
export const SUPER = makeClass('super', OBJECT);
export const MODULE = makeClass('module', OBJECT);
export const COROUTINE = makeClass('coroutine', OBJECT);
export const ASYNC_GENERATOR = makeClass('async_generator', OBJECT);
export const GENERATOR = makeClass('generator', OBJECT);
export const CELL = makeClass('cell', OBJECT);

for (const cls of [LIST, DICT, TUPLE, SET, FROZENSET, TYPE]) cls.generic = true;
PyFloat.prototype.$t = FLOAT;
PyList.prototype.$t = LIST;
PyTuple.prototype.$t = TUPLE;
PyDict.prototype.$t = DICT;
PyRange.prototype.$t = RANGE;
PySlice.prototype.$t = SLICE;
PyEllipsis.prototype.$t = ELLIPSIS_TYPE;
PyNotImplementedType.prototype.$t = NOTIMPL_TYPE;
Object.defineProperty(PyBuiltin.prototype, '$t', {
  get(this: PyBuiltin) {
    return this.pythonLevel ? FUNCTION : BUILTIN_FUNCTION;
  },
});
PyMethodDescr.prototype.$t = METHOD_DESCR;
PyProperty.prototype.$t = PROPERTY;
Object.defineProperty(PyBoundMethod.prototype, '$t', {
  // A builtin method bound to its object is a builtin_function_or_method, as in CPython.
  get(this: PyBoundMethod) {
    return this.fn instanceof PyMethodDescr && !this.fn.pythonLevel ? BUILTIN_FUNCTION : METHOD;
  },
});
PyStaticMethod.prototype.$t = STATICMETHOD;
PyClassMethod.prototype.$t = CLASSMETHOD;
PySuper.prototype.$t = SUPER;
PyModule.prototype.$t = MODULE;
PyClass.prototype.$t = TYPE;
Object.defineProperty(PySet.prototype, '$t', {
  get(this: PySet) {
    return this.frozen ? FROZENSET : SET;
  },
});

/** Host objects (scheduler classes, exceptions) by constructor. */
const hostTypes = new Map<Function, PyClass>();
/** Host types recognised by a predicate when the constructor is not enough (generators). */
const hostPredicates: { test: (v: object) => boolean; cls: PyClass }[] = [];

export function registerHostType(ctor: Function, cls: PyClass): void {
  hostTypes.set(ctor, cls);
}

export function registerHostPredicate(test: (v: object) => boolean, cls: PyClass): void {
  hostPredicates.push({ test, cls });
}

/** type(v) */
export function typeOf(v: unknown): PyClass {
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return INT;
    case 'string':
      return STR;
    case 'boolean':
      return BOOL;
    case 'object': {
      if (v === null) return NONETYPE;
      const t = (v as { $t?: PyClass }).$t;
      if (t !== undefined) return t;
      return hostTypeOf(v);
    }
    default:
      return OBJECT;
  }
}

function hostTypeOf(v: object): PyClass {
  let ctor: unknown = (v as { constructor?: unknown }).constructor;
  // Walk up the JS prototype chain: a GatheringFuture is found as itself, a subclass as its base.
  let proto: object | null = Object.getPrototypeOf(v) as object | null;
  while (proto !== null) {
    ctor = (proto as { constructor?: unknown }).constructor;
    if (typeof ctor === 'function') {
      const cls = hostTypes.get(ctor);
      if (cls !== undefined) return cls;
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  for (const p of hostPredicates) if (p.test(v)) return p.cls;
  return OBJECT;
}

/** The type's name as CPython's error messages show it (tp_name: `'_asyncio.Task' object...`). */
export function typeName(v: unknown): string {
  return typeOf(v).tpName;
}

export function isInstance(v: unknown, cls: PyClass): boolean {
  return typeOf(v).isSubclassOf(cls);
}

// ---------------------------------------------------------------------------------------------
// Ints

export const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const BIG_MAX_SAFE = BigInt(MAX_SAFE);

/** A Python int from a bigint: a number when it is safe, else the bigint. */
export function normBig(b: bigint): number | bigint {
  return b >= -BIG_MAX_SAFE && b <= BIG_MAX_SAFE ? Number(b) : b;
}

export function isInt(v: unknown): v is number | bigint {
  return typeof v === 'number' || typeof v === 'bigint';
}

/** An int or a bool, as an int (bool is an int subclass). */
export function isIntLike(v: unknown): v is number | bigint | boolean {
  return typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean';
}

export function toBig(v: number | bigint | boolean): bigint {
  return typeof v === 'bigint' ? v : BigInt(typeof v === 'boolean' ? (v ? 1 : 0) : v);
}

// ---------------------------------------------------------------------------------------------
// Objects ids (for reprs with addresses and identity keys)

const ids = new WeakMap<object, number>();
let nextId = 1;

/** A stable, process-unique small number for an object. */
export function objectId(o: object): number {
  let id = ids.get(o);
  if (id === undefined) {
    id = nextId++;
    ids.set(o, id);
  }
  return id;
}

/** A fake but stable and realistic-looking address: `0x7f...` (transcripts sanitize to `0x?`). */
export function fakeAddress(o: object): string {
  return '0x7f' + (0x4a000000 + objectId(o) * 0x30).toString(16).padStart(10, '0');
}
