/**
 * Calling and attribute access: the parts of Python's object model that everything else uses.
 *
 *   call(f, args, kw)        any callable: functions, builtins, bound methods, classes, __call__
 *   callFunction(fn, ...)    a scenario function: binds arguments to a new frame, then runs it
 *                            (sync), or returns a coroutine / async generator object
 *   getAttr / setAttr        instance dicts, class MROs, builtin method tables, properties
 *   lookupDunder / callDunder   special methods of user classes (looked up on the class)
 */
import {
  Cell,
  OBJECT,
  PyBoundMethod,
  PyBuiltin,
  PyClass,
  PyClassMethod,
  PyDict,
  PyInstance,
  PyMethodDescr,
  PyModule,
  PyProperty,
  PyStaticMethod,
  PySuper,
  PyTuple,
  TYPE,
  invalidateClassCaches,
  typeName,
  typeOf,
  type Kw,
} from './values.ts';
import { Frame, PyFunction } from './frame.ts';
import {
  ATTRIBUTE_ERROR,
  EXCEPTION_CLASSES,
  OS_ERROR,
  PyBaseException,
  PyRecursionError,
  attributeError,
  excClassOf,
  typeError,
  type PyExc,
} from './exceptions.ts';
import { dictSetRaw } from './keys.ts';
import { objectSlot } from './object-slots.ts';
import { PyGenericAlias } from './generics.ts';
import { newException, excAttr, refreshMessage, setExcAttr } from './exc-objects.ts';
import { NotModelled, unmodelledAttribute, unmodelledSetAttribute } from './unmodelled.ts';
import { genericDelAttr, genericGetAttr, genericSetAttr, isDataDescriptor } from './instance-attrs.ts';

/**
 * Python's recursion count: frames on the (virtual) stack, limited at sys.getrecursionlimit()
 * = 1000. The bases are what CPython has below the scenario's own frames under the reference
 * runner: 5 at module level, 15 under a task's first coroutine (runners, the loop...), so a
 * recursion fails at the same depth as in CPython.
 */
export const depth = { n: 0, max: 1000 };
export const MODULE_DEPTH = 5;
export const TASK_ROOT_DEPTH = 15;

export function recursionError(): PyExc {
  return new PyRecursionError('maximum recursion depth exceeded');
}

// ---------------------------------------------------------------------------------------------
// Calls

export function call(fn: unknown, args: unknown[], kw: Kw): unknown {
  if (fn instanceof PyFunction) return callFunction(fn, args, kw);
  if (fn instanceof PyBuiltin) return fn.fn(args, kw);
  if (fn instanceof PyBoundMethod) {
    const f = fn.fn;
    if (f instanceof PyFunction) {
      args.unshift(fn.self);
      return callFunction(f, args, kw);
    }
    if (f instanceof PyMethodDescr) return f.fn(fn.self, args, kw);
    args.unshift(fn.self);
    return call(f, args, kw);
  }
  if (fn instanceof PyClass) return fn.meta?.call !== undefined ? fn.meta.call(fn, args, kw) : instantiate(fn, args, kw);
  if (fn instanceof PyMethodDescr) {
    if (args.length === 0) throw typeError(`unbound method ${fn.name}() needs an argument`);
    const self = args.shift();
    return fn.fn(self, args, kw);
  }
  if (fn instanceof PyInstance) {
    const m = fn.$t.lookup('__call__');
    if (m !== undefined) return callBound(m, fn, args, kw);
  }
  // `list[int](...)`: a generic alias calls its origin.
  if (fn instanceof PyGenericAlias) return call(fn.origin, args, kw);
  throw typeError(`'${typeName(fn)}' object is not callable`);
}

/** Call a class attribute as a method of `self`. */
export function callBound(m: unknown, self: unknown, args: unknown[], kw: Kw): unknown {
  if (m instanceof PyFunction) {
    args.unshift(self);
    return callFunction(m, args, kw);
  }
  if (m instanceof PyMethodDescr) return m.fn(self, args, kw);
  if (m instanceof PyStaticMethod) return call(m.fn, args, kw);
  if (m instanceof PyClassMethod) {
    args.unshift(typeOf(self));
    return call(m.fn, args, kw);
  }
  if (m instanceof PyInstance) return call(descriptorGet(m, self, typeOf(self)), args, kw);
  return call(m, args, kw);
}

/** `obj.name(*args, **kw)` without creating a bound method. */
export function callMethod(obj: unknown, name: string, args: unknown[], kw: Kw): unknown {
  if (obj instanceof PyInstance) {
    const m = obj.$t.lookup(name);
    const own = obj.dict.get(name);
    if (own !== undefined && !isDataDescriptor(m)) return call(own, args, kw);
    if (m instanceof PyFunction) {
      args.unshift(obj);
      return callFunction(m, args, kw);
    }
    if (m === undefined) return call(getAttr(obj, name), args, kw);
    if (m instanceof PyProperty) return call(m.get(obj), args, kw);
    return callBound(m, obj, args, kw);
  }
  if (obj instanceof PyModule) {
    // `random.randrange(10)`, `asyncio.create_task(c)`: a module's function, found in its dict.
    const fn = obj.attr(name);
    if (fn !== undefined) return call(fn, args, kw);
  } else if (!(obj instanceof PyClass) && !(obj instanceof PySuper)) {
    const m = typeOf(obj).lookup(name);
    if (m instanceof PyMethodDescr) {
      if (obj instanceof PyBaseException) {
        const own = (obj as PyExc).$d?.get(name);
        if (own !== undefined) return call(own, args, kw);
      }
      return m.fn(obj, args, kw);
    }
  }
  return call(getAttr(obj, name), args, kw);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function nameList(names: string[]): string {
  const q = names.map((n) => `'${n}'`);
  if (q.length === 1) return q[0]!;
  if (q.length === 2) return `${q[0]} and ${q[1]}`;
  return `${q.slice(0, -1).join(', ')}, and ${q[q.length - 1]}`;
}

/** Bind a call's arguments to a fresh locals array (CPython's error messages). */
function bindArgs(fn: PyFunction, args: unknown[], kw: Kw): unknown[] {
  const code = fn.code;
  const nargs = code.argNames.length;
  const l: unknown[] = new Array<unknown>(code.nlocals).fill(undefined);
  const given = args.length;
  const n = Math.min(given, nargs);
  for (let i = 0; i < n; i++) l[i] = args[i];
  if (code.varargSlot >= 0) {
    l[code.varargSlot] = new PyTuple(given > nargs ? args.slice(nargs) : []);
  } else if (given > nargs) {
    const ndef = fn.defaults.length;
    const kwGiven = kw === null ? 0 : [...kw.keys()].filter((k) => code.kwonlyNames.includes(k)).length;
    const takes = ndef > 0 ? `from ${nargs - ndef} to ${nargs} positional arguments` : plural(nargs, 'positional argument');
    const gave =
      kwGiven > 0
        ? `${plural(given, 'positional argument')} (and ${plural(kwGiven, 'keyword-only argument')}) were given`
        : `${given} ${given === 1 ? 'was' : 'were'} given`;
    throw typeError(`${fn.qualname}() takes ${takes} but ${gave}`);
  }
  let kwargs: PyDict | null = null;
  if (code.kwargSlot >= 0) {
    kwargs = new PyDict();
    l[code.kwargSlot] = kwargs;
  }
  if (kw !== null) {
    for (const [name, value] of kw) {
      let slot = code.argNames.indexOf(name);
      if (slot < code.posonlyCount) slot = -1;
      if (slot < 0) {
        const k = code.kwonlyNames.indexOf(name);
        if (k >= 0) slot = nargs + k;
      }
      if (slot >= 0) {
        if (l[slot] !== undefined) throw typeError(`${fn.qualname}() got multiple values for argument '${name}'`);
        l[slot] = value;
      } else if (kwargs !== null) {
        dictSetRaw(kwargs, name, value);
      } else {
        // As CPython: any keyword named after a positional-only parameter is the error, all named.
        const positionalOnly = [...kw.keys()].filter((k) => code.argNames.slice(0, code.posonlyCount).includes(k));
        if (positionalOnly.length > 0) throw typeError(`${fn.qualname}() got some positional-only arguments passed as keyword arguments: '${positionalOnly.join(', ')}'`);
        throw typeError(`${fn.qualname}() got an unexpected keyword argument '${name}'`);
      }
    }
  }
  if (given < nargs || kw !== null) {
    const ndef = fn.defaults.length;
    const firstDefault = nargs - ndef;
    const missing: string[] = [];
    for (let i = 0; i < nargs; i++) {
      if (l[i] !== undefined) continue;
      if (i >= firstDefault) l[i] = fn.defaults[i - firstDefault];
      else missing.push(code.argNames[i]!);
    }
    if (missing.length > 0) {
      throw typeError(`${fn.qualname}() missing ${plural(missing.length, 'required positional argument')}: ${nameList(missing)}`);
    }
  }
  if (code.kwonlyNames.length > 0) {
    const missing: string[] = [];
    code.kwonlyNames.forEach((name, k) => {
      const slot = nargs + k;
      if (l[slot] !== undefined) return;
      const d = fn.kwDefaults?.get(name);
      if (d !== undefined) l[slot] = d;
      else missing.push(name);
    });
    if (missing.length > 0) {
      throw typeError(`${fn.qualname}() missing ${plural(missing.length, 'required keyword-only argument')}: ${nameList(missing)}`);
    }
  }
  return l;
}

export function callFunction(fn: PyFunction, args: unknown[], kw: Kw): unknown {
  const code = fn.code;
  let l: unknown[];
  if (kw === null && code.simple && args.length === code.argNames.length) {
    l = args;
    for (let i = args.length; i < code.nlocals; i++) l.push(undefined);
  } else {
    l = bindArgs(fn, args, kw);
  }
  const cells = code.cellSlots;
  for (let i = 0; i < cells.length; i++) {
    const s = cells[i]!;
    l[s] = new Cell(l[s]);
  }
  return code.exec(new Frame(l, fn.closure, fn, null));
}

// ---------------------------------------------------------------------------------------------
// Classes

export function instantiate(cls: PyClass, args: unknown[], kw: Kw): unknown {
  if (cls.jsClass !== null) return instantiateException(cls, args, kw);
  if (!cls.isUser) {
    if (cls.native !== null) return cls.native(args, kw);
    throw typeError(`cannot create '${cls.name}' instances`);
  }
  // A class's own __new__ (a singleton's, a cache's): type.__call__ calls it, then __init__ on
  // what it returned when that is an instance of the class.
  const construct = cls.lookup('__new__');
  if (construct !== undefined && construct !== OBJECT.dict.get('__new__')) {
    const made = call(construct instanceof PyStaticMethod ? construct.fn : construct, [cls, ...args], kw);
    if (!(made instanceof PyInstance) || !made.$t.isSubclassOf(cls)) return made;
    const ownInit = made.$t.lookup('__init__');
    if (ownInit !== undefined) {
      const r = callBound(ownInit, made, args, kw);
      if (r !== null) throw typeError(`__init__() should return None, not '${typeName(r)}'`);
    }
    return made;
  }
  const inst = new PyInstance(cls);
  const init = cls.lookup('__init__');
  if (init === undefined) {
    if (args.length > 0 || (kw !== null && kw.size > 0)) throw typeError(`${cls.name}() takes no arguments`);
    return inst;
  }
  const r = callBound(init, inst, args, kw);
  if (r !== null) throw typeError(`__init__() should return None, not '${typeName(r)}'`);
  return inst;
}

/** OSError(errno, strerror) is the subclass for that errno, as CPython's OSError.__new__ picks it. */
const ERRNO_CLASSES: Readonly<Record<number, string>> = {
  1: 'PermissionError',
  2: 'FileNotFoundError',
  13: 'PermissionError',
  17: 'FileExistsError',
  32: 'BrokenPipeError',
  103: 'ConnectionAbortedError',
  104: 'ConnectionResetError',
  110: 'TimeoutError',
  111: 'ConnectionRefusedError',
};

function instantiateException(cls: PyClass, args: unknown[], kw: Kw): unknown {
  if (cls === OS_ERROR && args.length >= 2 && args.length <= 5 && typeof args[0] === 'number') {
    const sub = EXCEPTION_CLASSES.get(ERRNO_CLASSES[args[0]] ?? '');
    if (sub !== undefined) cls = sub;
  }
  const e = newException(cls, args);
  const init = cls.lookup('__init__');
  if (init instanceof PyFunction) {
    const r = callBound(init, e, args, kw);
    if (r !== null) throw typeError(`__init__() should return None, not '${typeName(r)}'`);
    refreshMessage(e);
  } else if (kw !== null && kw.size > 0) {
    throw typeError(`${cls.name}() takes no keyword arguments`);
  }
  return e;
}

// ---------------------------------------------------------------------------------------------
// Attributes

/** A class attribute as seen through an instance: functions and method descriptors bind. */
export function bindClassAttr(v: unknown, obj: unknown): unknown {
  if (v instanceof PyFunction || v instanceof PyMethodDescr) return new PyBoundMethod(obj, v);
  if (v instanceof PyProperty) return v.get(obj);
  if (v instanceof PyStaticMethod) return v.fn;
  if (v instanceof PyClassMethod) return new PyBoundMethod(typeOf(obj), v.fn);
  if (v instanceof PyInstance) return descriptorGet(v, obj, typeOf(obj));
  return v;
}

/** The descriptor protocol for objects of user (and library) classes: `__get__(obj, type)`. */
export function descriptorGet(v: PyInstance, obj: unknown, owner: PyClass): unknown {
  const get = v.$t.lookup('__get__');
  if (get === undefined) return v;
  return callBound(get, v, [obj, owner], null);
}

export function noAttribute(obj: unknown, name: string): PyExc {
  if (obj instanceof PyModule) return attributeError(`module '${obj.name}' has no attribute '${name}'`);
  if (obj instanceof PyClass) return attributeError(`type object '${obj.tpName}' has no attribute '${name}'`);
  return attributeError(`'${typeName(obj)}' object has no attribute '${name}'`);
}

export function getAttr(obj: unknown, name: string): unknown {
  if (obj instanceof PyInstance) {
    const ga = obj.$t.lookup('__getattr__');
    if (ga === undefined) return genericGetAttr(obj, name);
    // slot_tp_getattr_hook: __getattr__ answers any AttributeError (a property's included).
    try {
      return genericGetAttr(obj, name);
    } catch (e) {
      if (!(e instanceof PyBaseException) || !excClassOf(e).isSubclassOf(ATTRIBUTE_ERROR)) throw e;
      return callBound(ga, obj, [name], null);
    }
  }
  if (obj instanceof PyModule) {
    const v = obj.attr(name);
    if (v !== undefined) return v;
    if (name === '__name__') return obj.name;
    throw missingAttribute(obj, name);
  }
  if (obj instanceof PyClass) return classAttr(obj, name);
  if (obj instanceof PySuper) return superAttr(obj, name);
  if (obj instanceof PyBaseException) {
    const own = (obj as PyExc).$d?.get(name);
    if (own !== undefined) return own;
    const special = excAttr(obj as PyExc, name);
    if (special !== undefined) return special;
  }
  const cls = typeOf(obj);
  const v = cls.lookup(name);
  if (v !== undefined) return bindClassAttr(v, obj);
  if (name === '__class__') return cls;
  if (obj instanceof PyFunction) {
    const d = obj.dict?.get(name);
    if (d !== undefined) return d;
  }
  throw missingAttribute(obj, name);
}

/**
 * A missing attribute: Loopscope's gap when CPython has it (a stop of the run, see
 * unmodelled.ts), the AttributeError CPython raises when it does not.
 */
export function missingAttribute(obj: unknown, name: string): PyExc | NotModelled {
  return unmodelledAttribute(obj, name) ?? noAttribute(obj, name);
}

/** getattr(obj, name, default) */
export function getAttrOr(obj: unknown, name: string, dflt: unknown): unknown {
  try {
    return getAttr(obj, name);
  } catch (e) {
    if (e instanceof PyBaseException && excClassOf(e).name === 'AttributeError') return dflt;
    throw e;
  }
}


function classAttr(cls: PyClass, name: string): unknown {
  // type's own data descriptors win over the class dict (type(f).__name__ is 'function').
  switch (name) {
    case '__name__':
      return cls.name;
    case '__qualname__':
      return cls.qualname;
    case '__mro__':
      return new PyTuple(cls.mro.slice());
    case '__bases__':
      return new PyTuple(cls.bases.slice());
    case '__base__':
      return cls.base;
    case '__module__':
      // A builtin type's module comes from its C name, whatever its dict holds for its instances
      // (function.__module__ is a property of functions, not the type's module).
      if (!cls.isUser) return cls.module;
      break;
  }
  const v = cls.lookup(name);
  if (v !== undefined) {
    if (v instanceof PyStaticMethod) return v.fn;
    if (v instanceof PyClassMethod) return new PyBoundMethod(cls, v.fn);
    if (v instanceof PyProperty) return v;
    if (v instanceof PyInstance) return descriptorGet(v, null, cls);
    return v;
  }
  switch (name) {
    case '__module__':
      return cls.module;
    case '__doc__':
      return null;
    case '__class__':
      return cls.meta?.type ?? TYPE;
    case '__dict__': {
      // A copy of the class's namespace (CPython's read-only mappingproxy).
      const d = new PyDict();
      for (const [k, x] of cls.dict) if (x !== undefined) dictSetRaw(d, k, x);
      return d;
    }
  }
  if (cls === OBJECT) {
    const slot = objectSlot(name);
    if (slot !== undefined) return slot;
  }
  const meta = TYPE.lookup(name);
  if (meta !== undefined) return bindClassAttr(meta, cls);
  throw missingAttribute(cls, name);
}

function superAttr(s: PySuper, name: string): unknown {
  const objType = s.obj instanceof PyClass ? s.obj : typeOf(s.obj);
  // Past the last base: object's own methods (super().__init__() in a class of object).
  const v = objType.lookupAfter(s.cls, name) ?? objectSlot(name);
  if (v === undefined) throw attributeError(`'super' object has no attribute '${name}'`);
  if (s.obj instanceof PyClass) {
    if (v instanceof PyClassMethod) return new PyBoundMethod(s.obj, v.fn);
    if (v instanceof PyStaticMethod) return v.fn;
    return v;
  }
  return bindClassAttr(v, s.obj);
}

export function setAttr(obj: unknown, name: string, value: unknown): void {
  if (obj instanceof PyInstance) {
    // A class's own __setattr__ sees every assignment, to properties and slots too.
    const sa = obj.$t.lookup('__setattr__');
    if (sa instanceof PyFunction) {
      callBound(sa, obj, [name, value], null);
      return;
    }
    genericSetAttr(obj, name, value);
    return;
  }
  if (obj instanceof PyClass) {
    if (!obj.isUser) throw typeError(`cannot set '${name}' attribute of immutable type '${obj.name}'`);
    if (obj.meta?.setAttr !== undefined && !obj.meta.setAttr(obj, name, value)) return;
    if (name === '__name__' && typeof value === 'string') {
      obj.name = value;
      return;
    }
    if (name === '__qualname__' && typeof value === 'string') {
      obj.qualname = value;
      return;
    }
    if (name === '__module__' && typeof value === 'string') obj.module = value;
    obj.setAttr(name, value);
    return;
  }
  if (obj instanceof PyModule) {
    obj.attrs.set(name, value);
    return;
  }
  if (obj instanceof PyBaseException) {
    setExcAttr(obj as PyExc, name, value);
    return;
  }
  if (obj instanceof PyFunction) {
    setFunctionAttr(obj, name, value);
    return;
  }
  const cls = typeOf(obj);
  const v = cls.lookup(name);
  if (v instanceof PyProperty && v.set !== null) {
    v.set(obj, value);
    return;
  }
  // CPython's asyncio objects are Python objects, with a __dict__: setting their attributes works.
  const gap = unmodelledSetAttribute(obj, name);
  if (gap !== null) throw gap;
  if (v !== undefined) throw attributeError(`attribute '${name}' of '${cls.tpName}' objects is not writable`);
  throw attributeError(`'${cls.tpName}' object has no attribute '${name}'`);
}

/** Attributes of a function object (what functools.update_wrapper copies, and any other). */
function setFunctionAttr(fn: PyFunction, name: string, value: unknown): void {
  switch (name) {
    case '__name__':
    case '__qualname__':
      if (typeof value !== 'string') throw typeError(`${name} must be set to a string object`);
      if (name === '__name__') fn.name = value;
      else fn.qualname = value;
      return;
    case '__doc__':
      fn.doc = value;
      return;
    case '__module__':
      fn.module = value;
      return;
    case '__annotations__':
      fn.annotations = null;
      fn.annotationsDict = value;
      return;
    case '__defaults__':
      fn.defaults = value === null ? [] : [...((value as PyTuple).a ?? [])];
      return;
    default:
      (fn.dict ??= new Map()).set(name, value);
  }
}

export function delAttr(obj: unknown, name: string): void {
  if (obj instanceof PyInstance) {
    const da = obj.$t.lookup('__delattr__');
    if (da instanceof PyFunction) {
      callBound(da, obj, [name], null);
      return;
    }
    genericDelAttr(obj, name);
    return;
  }
  if (obj instanceof PyClass && obj.isUser) {
    if (!obj.deleteAttr(name)) throw attributeError(`type object '${obj.tpName}' has no attribute '${name}'`);
    return;
  }
  if (obj instanceof PyModule) {
    if (!obj.attrs.delete(name)) throw noAttribute(obj, name);
    return;
  }
  if (obj instanceof PyBaseException) {
    const d = (obj as PyExc).$d;
    if (d === undefined || !d.delete(name)) throw noAttribute(obj, name);
    return;
  }
  if (obj instanceof PyFunction && obj.dict?.delete(name) === true) return;
  throw noAttribute(obj, name);
}

/** callable(x): a function, method, class, or an instance whose class has __call__. */
export function isCallable(x: unknown): boolean {
  return (
    x instanceof PyFunction ||
    x instanceof PyBuiltin ||
    x instanceof PyBoundMethod ||
    x instanceof PyClass ||
    x instanceof PyMethodDescr ||
    (x instanceof PyInstance && typeOf(x).lookup('__call__') !== undefined)
  );
}

export function hasAttr(obj: unknown, name: string): boolean {
  try {
    getAttr(obj, name);
    return true;
  } catch (e) {
    if (e instanceof PyBaseException && excClassOf(e).name === 'AttributeError') return false;
    // An attribute CPython has and Loopscope does not model: hasattr answers as CPython does,
    // and only using it stops the run (`if hasattr(fut, '__await__')` needs no value).
    if (e instanceof NotModelled) return true;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Special methods

/** A special method of a user class: undefined if absent, null if set to None (__hash__ = None). */
export function lookupDunder(obj: unknown, name: string): unknown {
  const cls = typeOf(obj);
  if (!cls.isUser) return undefined;
  return cls.lookup(name);
}

export function callDunder(obj: unknown, name: string, args: unknown[]): unknown {
  const m = typeOf(obj).lookup(name);
  if (m === undefined || m === null) throw typeError(`'${typeName(obj)}' object has no method ${name}`);
  return callBound(m, obj, args, null);
}

/** A user class statement: a new class from its namespace. */
export function makeUserClass(name: string, qualname: string, base: PyClass | null, ns: Map<string, unknown>, createClass: (name: string, base: PyClass) => PyClass): PyClass {
  const cls = createClass(name, base ?? (null as unknown as PyClass));
  cls.qualname = qualname;
  for (const [k, v] of ns) {
    cls.dict.set(k, v);
    if (v instanceof PyFunction && v.defClass === null) v.defClass = cls;
    if ((v instanceof PyStaticMethod || v instanceof PyClassMethod) && v.fn instanceof PyFunction && v.fn.defClass === null) v.fn.defClass = cls;
  }
  // A class defining __eq__ without __hash__ is unhashable, as in Python.
  if (ns.has('__eq__') && !ns.has('__hash__')) cls.dict.set('__hash__', null);
  invalidateClassCaches();
  return cls;
}

