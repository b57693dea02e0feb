/**
 * Attributes of instances of user classes, as CPython's PyObject_GenericGetAttr and
 * PyObject_GenericSetAttr (Objects/object.c) find them:
 *
 *   1. a data descriptor of the class (one whose type defines `__set__` or `__delete__`: a
 *      property, a `__slots__` member, a user descriptor) wins over the instance's `__dict__`;
 *   2. then the instance's `__dict__`;
 *   3. then a non-data descriptor of the class (a function becomes a bound method, an object
 *      with only `__get__` is called) or a plain class attribute.
 *
 * Assignment and deletion go to a data descriptor's `__set__`/`__delete__`, else to the
 * `__dict__`; an instance without one (its class has `__slots__`) takes only its slots.
 * A class's own `__getattr__` is the fallback for any AttributeError, and its own
 * `__setattr__`/`__delattr__` come before all of this (calls.ts), as type's slots call them.
 */
import { OBJECT, PyClass, PyInstance, PyProperty, makeClass, registerHostType, typeName } from './values.ts';
import { attributeError, typeError, valueError, type PyExc } from './exceptions.ts';
import { bindClassAttr, callBound, descriptorGet, missingAttribute } from './calls.ts';
import { instanceDict } from './instance-dict.ts';
import { PyUserProperty } from './user-property.ts';
import { toArray } from './iter.ts';

/** A `__slots__` entry: the member descriptor CPython puts in the class for each slot name. */
export class PySlotMember {
  declare $t: PyClass;
  constructor(
    readonly name: string,
    readonly owner: PyClass,
  ) {}

  get(obj: PyInstance): unknown {
    const v = obj.slots?.get(this);
    if (v === undefined) throw attributeError(`'${obj.$t.name}' object has no attribute '${this.name}'`);
    return v;
  }

  set(obj: PyInstance, value: unknown): void {
    (obj.slots ??= new Map()).set(this, value);
  }

  delete(obj: PyInstance): void {
    // CPython's member_set with NULL: the bare name as the message.
    if (obj.slots?.delete(this) !== true) throw attributeError(this.name);
  }
}

export const MEMBER_DESCRIPTOR = makeClass('member_descriptor', OBJECT);
MEMBER_DESCRIPTOR.reprFn = (m: PySlotMember) => `<member '${m.name}' of '${m.owner.name}' objects>`;
registerHostType(PySlotMember, MEMBER_DESCRIPTOR);
PySlotMember.prototype.$t = MEMBER_DESCRIPTOR;

/** A user object whose class defines `__set__` or `__delete__` (so it wins over `__dict__`). */
function isDataDescriptorObject(v: PyInstance): boolean {
  return v.$t.lookup('__set__') !== undefined || v.$t.lookup('__delete__') !== undefined;
}

/** Does this class attribute take precedence over an instance's own attribute of the same name? */
export function isDataDescriptor(v: unknown): boolean {
  return v instanceof PyProperty || v instanceof PySlotMember || (v instanceof PyInstance && isDataDescriptorObject(v));
}

/** object.__getattribute__(obj, name) for an instance of a user class. */
export function genericGetAttr(obj: PyInstance, name: string): unknown {
  const cls = obj.$t;
  const cv = cls.lookup(name);
  if (cv instanceof PyProperty) return cv.get(obj);
  if (cv instanceof PySlotMember) return cv.get(obj);
  // (A data descriptor without __get__ yields to the instance's own attribute, as in CPython.)
  if (cv instanceof PyInstance && isDataDescriptorObject(cv) && cv.$t.lookup('__get__') !== undefined) return descriptorGet(cv, obj, cls);
  const own = obj.dict.get(name);
  if (own !== undefined) return own;
  if (cv !== undefined) return bindClassAttr(cv, obj);
  if (name === '__class__') return cls;
  if (name === '__dict__' && cls.instancesHaveDict) return instanceDict(obj);
  throw missingAttribute(obj, name);
}

/** object.__setattr__(obj, name, value) for an instance of a user class. */
export function genericSetAttr(obj: PyInstance, name: string, value: unknown): void {
  const cls = obj.$t;
  const cv = cls.lookup(name);
  if (cv instanceof PyProperty) {
    if (cv.set === null) throw attributeError(`property '${name}' of '${cls.name}' object has no setter`);
    cv.set(obj, value);
    return;
  }
  if (cv instanceof PySlotMember) return cv.set(obj, value);
  if (cv instanceof PyInstance && isDataDescriptorObject(cv)) {
    const set = cv.$t.lookup('__set__');
    if (set === undefined) throw attributeError('__set__');
    callBound(set, cv, [obj, value], null);
    return;
  }
  if (cls.instancesHaveDict) {
    obj.dict.set(name, value);
    return;
  }
  throw noInstanceAttribute(cls, name, cv);
}

/** object.__delattr__(obj, name) for an instance of a user class. */
export function genericDelAttr(obj: PyInstance, name: string): void {
  const cls = obj.$t;
  const cv = cls.lookup(name);
  if (cv instanceof PyUserProperty) return cv.delete(obj);
  if (cv instanceof PyProperty) throw attributeError(`property '${name}' of '${cls.name}' object has no deleter`);
  if (cv instanceof PySlotMember) return cv.delete(obj);
  if (cv instanceof PyInstance && isDataDescriptorObject(cv)) {
    const del = cv.$t.lookup('__delete__');
    if (del === undefined) throw attributeError('__delete__');
    callBound(del, cv, [obj], null);
    return;
  }
  if (cls.instancesHaveDict) {
    if (obj.dict.delete(name)) return;
    throw attributeError(`'${cls.name}' object has no attribute '${name}'`);
  }
  throw noInstanceAttribute(cls, name, cv);
}

/** Setting or deleting an attribute an instance without `__dict__` cannot hold. */
function noInstanceAttribute(cls: PyClass, name: string, cv: unknown): PyExc {
  if (cv === undefined) return attributeError(`'${cls.name}' object has no attribute '${name}'`);
  return attributeError(`'${cls.name}' object attribute '${name}' is read-only`);
}

/**
 * A class statement's `__slots__` (type.__new__): a member descriptor per name (private names
 * mangled), and no `__dict__` for the instances unless a base gives them one or '__dict__' is
 * among the names. Not for exception classes, whose instances always have a `__dict__`.
 */
export function applySlots(cls: PyClass, bases: readonly PyClass[], slots: unknown): void {
  const names = typeof slots === 'string' ? [slots] : toArray(slots);
  const baseHasDict = bases.some((b) => b.instancesHaveDict);
  let wantsDict = false;
  const seen = new Set<string>();
  for (const n of names) {
    if (typeof n !== 'string') throw typeError(`__slots__ items must be strings, not '${typeName(n)}'`);
    if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(n)) throw typeError('__slots__ must be identifiers');
    if (n === '__dict__') {
      if (baseHasDict || wantsDict) throw typeError('__dict__ slot disallowed: we already got one');
      wantsDict = true;
      continue;
    }
    if (n === '__weakref__') continue;
    const name = mangle(cls.name, n);
    seen.add(name);
    if (cls.dict.has(name)) throw valueError(`'${name}' in __slots__ conflicts with class variable`);
  }
  for (const name of seen) cls.dict.set(name, new PySlotMember(name, cls));
  cls.instancesHaveDict = baseHasDict || wantsDict;
}

/** `__x` inside class C is `_C__x` (a leading run of underscores in C's name dropped). */
function mangle(className: string, name: string): string {
  if (!name.startsWith('__') || name.endsWith('__')) return name;
  const stripped = className.replace(/^_+/, '');
  return stripped === '' ? name : `_${stripped}${name}`;
}
