/**
 * The `class` statement's last step, type.__new__ and __init__ as CPython 3.11 runs them: the
 * bases (with `__mro_entries__` for typing's generics), the metaclass, the MRO by C3
 * linearization, `__set_name__` on the class's attributes and the bases' `__init_subclass__`.
 */
import {
  OBJECT,
  TYPE,
  type MetaHooks,
  PyClass,
  PyClassMethod,
  PyInstance,
  PyStaticMethod,
  PyTuple,
  invalidateClassCaches,
  makeClass,
  typeName,
  typeOf,
  type Kw,
} from './values.ts';
import { PyFunction } from './frame.ts';
import { isExceptionClass, makeUserExceptionClass, typeError } from './exceptions.ts';
import { call, getAttr } from './calls.ts';
import { applySlots } from './instance-attrs.ts';

/** What a base list entry stands for as a class (typing.Generic[T] → Generic, list[int] → list). */
export interface MroEntries {
  mroEntries(): PyClass[];
}

function isMroEntries(v: unknown): v is MroEntries {
  return typeof v === 'object' && v !== null && typeof (v as MroEntries).mroEntries === 'function';
}

/**
 * Metaclasses scenarios may name with `metaclass=`: abc.ABCMeta and enum's EnumType, registered
 * by the modules that define them with the hooks they give their classes (which subclasses
 * inherit through their bases).
 */
const knownMetaclasses = new Map<PyClass, MetaHooks>();

export function registerMetaclass(meta: PyClass, hooks: MetaHooks): void {
  knownMetaclasses.set(meta, hooks);
}

/** C3 linearization (Python's MRO); a TypeError when the bases admit none. */
export function c3(cls: PyClass, bases: PyClass[]): PyClass[] {
  const seqs = [...bases.map((b) => b.mro.slice()), bases.slice()];
  const out: PyClass[] = [cls];
  for (;;) {
    const live = seqs.filter((s) => s.length > 0);
    if (live.length === 0) return out;
    let head: PyClass | null = null;
    for (const s of live) {
      const candidate = s[0]!;
      if (!live.some((t) => t.indexOf(candidate) > 0)) {
        head = candidate;
        break;
      }
    }
    if (head === null) {
      const names = [...new Set(live.map((s) => s[0]!.name))].join(', ');
      throw typeError(`Cannot create a consistent method resolution order (MRO) for bases ${names}`);
    }
    out.push(head);
    for (const s of live) if (s[0] === head) s.shift();
  }
}

/** Resolve the entries of a class statement's base list to classes (PEP 560's __mro_entries__). */
function resolveBases(values: unknown[]): PyClass[] {
  const out: PyClass[] = [];
  for (const v of values) {
    if (v instanceof PyClass) out.push(v);
    else if (isMroEntries(v)) out.push(...v.mroEntries());
    else if (v instanceof PyInstance && v.$t.lookup('__mro_entries__') !== undefined) {
      const entries = call(getAttr(v, '__mro_entries__'), [new PyTuple(values.slice())], null);
      if (!(entries instanceof PyTuple)) throw typeError('__mro_entries__ must return a tuple');
      for (const e of entries.a) {
        if (!(e instanceof PyClass)) throw typeError(`a class can only inherit from a class, not from a ${typeName(e)} object`);
        out.push(e);
      }
    } else throw typeError(`a class can only inherit from a class, not from a ${typeName(v)} object`);
  }
  for (let i = 0; i < out.length; i++) {
    if (out.indexOf(out[i]!, i + 1) >= 0) throw typeError(`duplicate base class ${out[i]!.name}`);
  }
  return out;
}

/** The class itself, before its namespace is copied in. */
function newClass(name: string, bases: PyClass[], module: string): PyClass {
  const exceptionBases = bases.filter(isExceptionClass);
  if (exceptionBases.length > 0) {
    // One JS class makes the instances: that of the first exception base (its layout wins).
    const cls = makeUserExceptionClass(name, exceptionBases[0]!);
    cls.module = module;
    return cls;
  }
  for (const b of bases) {
    if (b !== OBJECT && !b.isUser && !b.subclassable) {
      throw typeError(`subclassing '${b.name}' is not supported in scenarios (only object, exceptions, your own classes and the library classes made for it)`);
    }
  }
  const cls = makeClass(name, bases[0] ?? OBJECT, true);
  cls.module = module;
  return cls;
}

export interface ClassSpec {
  name: string;
  qualname: string;
  module: string;
  bases: unknown[];
  keywords: Kw;
  ns: Map<string, unknown>;
}

/**
 * Library bases that make something else than a class of that base: typing.NamedTuple makes a
 * namedtuple from the class's annotations. The factory gets the class statement's parts.
 */
const classFactories = new Map<PyClass, (spec: ClassSpec) => unknown>();

export function registerClassFactory(base: PyClass, factory: (spec: ClassSpec) => unknown): void {
  classFactories.set(base, factory);
}

/** What a class statement makes: a class, or what a factory base makes of it. */
export function classStatement(spec: ClassSpec): unknown {
  for (const b of spec.bases) {
    const factory = b instanceof PyClass ? classFactories.get(b) : undefined;
    if (factory !== undefined) return factory(spec);
  }
  return buildClass(spec);
}

/** type(name, bases, ns) for a class statement (or a three-argument type() call). */
export function buildClass(spec: ClassSpec): PyClass {
  let bases = resolveBases(spec.bases);
  let kw = spec.keywords;
  let metaHooks: MetaHooks | null = null;
  if (kw !== null && kw.has('metaclass')) {
    const meta = kw.get('metaclass');
    if (!(meta instanceof PyClass) || !(meta === TYPE || knownMetaclasses.has(meta))) {
      throw typeError(`metaclass=${meta instanceof PyClass ? meta.name : typeName(meta)} is not supported in scenarios (only abc.ABCMeta and enum's)`);
    }
    metaHooks = knownMetaclasses.get(meta) ?? null;
    kw = new Map(kw);
    kw.delete('metaclass');
    if (kw.size === 0) kw = null;
  }
  const hooks = metaHooks ?? bases.find((b) => b.meta !== null)?.meta ?? null;
  if (hooks?.rewriteBases !== undefined) bases = hooks.rewriteBases(bases, spec.ns);
  const cls = newClass(spec.name, bases, spec.module);
  cls.qualname = spec.qualname;
  if (bases.length > 0) {
    cls.bases = bases;
    cls.mro = isExceptionClass(cls) && bases.length === 1 ? cls.mro : c3(cls, bases);
    cls.meta = bases.find((b) => b.meta !== null)?.meta ?? null;
  } else {
    cls.bases = [OBJECT];
  }
  if (metaHooks !== null) cls.meta = metaHooks;
  if (cls.meta !== null) Object.defineProperty(cls, '$t', { value: cls.meta.type, writable: true, configurable: true });
  for (const [k, v] of spec.ns) {
    cls.dict.set(k, v);
    if (v instanceof PyFunction && v.defClass === null) v.defClass = cls;
    if ((v instanceof PyStaticMethod || v instanceof PyClassMethod) && v.fn instanceof PyFunction && v.fn.defClass === null) v.fn.defClass = cls;
  }
  if (spec.ns.has('__slots__') && !isExceptionClass(cls)) applySlots(cls, cls.bases, spec.ns.get('__slots__'));
  // A class defining __eq__ without __hash__ is unhashable, as in Python.
  if (spec.ns.has('__eq__') && !spec.ns.has('__hash__')) cls.dict.set('__hash__', null);
  // __init_subclass__ is an implicit classmethod.
  const initSubclass = cls.dict.get('__init_subclass__');
  if (initSubclass instanceof PyFunction) cls.dict.set('__init_subclass__', new PyClassMethod(initSubclass));
  invalidateClassCaches();
  for (const [k, v] of spec.ns) {
    if (v instanceof PyInstance && typeOf(v).lookup('__set_name__') !== undefined) call(getAttr(v, '__set_name__'), [cls, k], null);
    else if (v !== null && typeof v === 'object' && typeof (v as { setName?: unknown }).setName === 'function') (v as { setName(c: PyClass, n: string): void }).setName(cls, k);
  }
  initSubclassOfParent(cls, kw);
  cls.meta?.init?.(cls);
  return cls;
}

/** super().__init_subclass__(**kw): the first user-defined one after the class in its MRO. */
function initSubclassOfParent(cls: PyClass, kw: Kw): void {
  for (const c of cls.mro.slice(1)) {
    const m = c.dict.get('__init_subclass__');
    if (m === undefined) continue;
    const fn = m instanceof PyClassMethod ? m.fn : m;
    if (fn instanceof PyFunction) {
      call(fn, [cls], kw);
      return;
    }
  }
  if (kw !== null && kw.size > 0) throw typeError(`${cls.name}.__init_subclass__() takes no keyword arguments`);
}

/** type(name, bases, dict) */
export function typeCall3(name: unknown, bases: unknown, dict: unknown, kw: Kw): PyClass {
  if (typeof name !== 'string') throw typeError(`type.__new__() argument 1 must be str, not ${typeName(name)}`);
  if (!(bases instanceof PyTuple)) throw typeError(`type.__new__() argument 2 must be tuple, not ${typeName(bases)}`);
  const ns = new Map<string, unknown>();
  const d = dict as { m?: Map<unknown, { k: unknown; v: unknown }> };
  if (d === null || typeof d !== 'object' || !(d.m instanceof Map)) throw typeError(`type.__new__() argument 3 must be dict, not ${typeName(dict)}`);
  for (const e of d.m.values()) if (typeof e.k === 'string') ns.set(e.k, e.v);
  return buildClass({ name, qualname: name, module: '__main__', bases: bases.a, keywords: kw, ns });
}
