/**
 * One-time setup of the method tables of builtin types, and the attributes of functions,
 * coroutines and async generators.
 */
import {
  ASYNC_GENERATOR,
  COROUTINE,
  FUNCTION,
  METHOD,
  PyBoundMethod,
  PyClass,
  TYPE,
  fakeAddress,
  typeName,
} from './values.ts';
import { PyFunction } from './frame.ts';
import { PyBaseException, PyGeneratorExit, runtimeError, typeError, isExceptionClass } from './exceptions.ts';
import { methods, properties } from './args.ts';
import { instantiate } from './calls.ts';
import { installExceptionMethods } from './exc-objects.ts';
import { installStrMethods } from './methods-str.ts';
import { installContainerMethods } from './methods-containers.ts';
import { installTypeConstructors } from './builtins.ts';
import { installAsyncioTypes } from './mod-asyncio.ts';
import { installGenerators } from './generators.ts';
import { installBytes } from './pybytes.ts';
import { installThreadTypes } from './asyncio-threads.ts';
import { installPropertyMethods } from './user-property.ts';
import { AgenAwaitable, PyAsyncGen, isPyCoroutine, type PyCoroutine } from './exec.ts';
import { BUILTIN_FUNCTION, PyBuiltin, PyDict, PySlice, PyTuple, SLICE, typeOf } from './values.ts';
import { GENERIC_ALIAS, PyGenericAlias, PyUnionType, UNION_TYPE } from './generics.ts';
import { dictSetRaw } from './keys.ts';

let done = false;

export function installAll(): void {
  if (done) return;
  done = true;
  installExceptionMethods();
  installStrMethods();
  installContainerMethods();
  installTypeConstructors();
  installAsyncioTypes();
  installGenerators();
  installBytes();
  installThreadTypes();
  installPropertyMethods();
  installObjects();
}

/**
 * A builtin written in Python in CPython (asyncio.sleep, asyncio.gather) has the type `function`:
 * its function attributes are those of a function with no defaults, closure, annotations or
 * docstring (what functools.wraps copies from it).
 */
function pythonLevelBuiltinsToo(getters: Record<string, (f: PyFunction) => unknown>): Record<string, (f: PyFunction | PyBuiltin) => unknown> {
  const forBuiltin: Record<string, (b: PyBuiltin) => unknown> = {
    __name__: (b) => b.name,
    __qualname__: (b) => b.qualname,
    __module__: (b) => b.module,
    __annotations__: () => new PyDict(),
    __dict__: () => new PyDict(),
  };
  const out: Record<string, (f: PyFunction | PyBuiltin) => unknown> = {};
  for (const [name, get] of Object.entries(getters)) {
    out[name] = (f) => (f instanceof PyBuiltin ? (forBuiltin[name]?.(f) ?? null) : get(f));
  }
  return out;
}

function installObjects(): void {
  COROUTINE.reprFn = (c: PyCoroutine) => `<coroutine object ${c.coroName ?? 'coroutine'} at ${fakeAddress(c)}>`;
  ASYNC_GENERATOR.reprFn = (g: PyAsyncGen) => g.repr();
  properties(FUNCTION, pythonLevelBuiltinsToo({
    __name__: (f: PyFunction) => f.name,
    __qualname__: (f: PyFunction) => f.qualname,
    __doc__: (f: PyFunction) => (f.doc !== undefined ? f.doc : f.code.docstring),
    __module__: (f: PyFunction) => (f.module !== undefined ? f.module : f.code.module),
    __defaults__: (f: PyFunction) => (f.defaults.length === 0 ? null : new PyTuple(f.defaults.slice())),
    __kwdefaults__: (f: PyFunction) => {
      if (f.kwDefaults === null || f.kwDefaults.size === 0) return null;
      const d = new PyDict();
      for (const [k, v] of f.kwDefaults) dictSetRaw(d, k, v);
      return d;
    },
    __annotations__: (f: PyFunction) => {
      if (f.annotationsDict === undefined) {
        const d = new PyDict();
        for (const [k, v] of f.annotations ?? []) dictSetRaw(d, k, v);
        f.annotationsDict = d;
      }
      return f.annotationsDict;
    },
    __dict__: (f: PyFunction) => {
      // A live view would need the dict to be the function's own storage: this is a copy.
      const d = new PyDict();
      for (const [k, v] of f.dict ?? []) dictSetRaw(d, k, v);
      return d;
    },
    __closure__: (f: PyFunction) => (f.closure === null ? null : new PyTuple(f.closure.slice())),
  }));
  // A builtin function (pow, len) or a builtin object's bound method ([].append): its names.
  const builtinName = (f: PyBuiltin | PyBoundMethod) => (f instanceof PyBuiltin ? f.name : ((f.fn as { name?: string }).name ?? '?'));
  properties(BUILTIN_FUNCTION, {
    __name__: builtinName,
    __qualname__: (f: PyBuiltin | PyBoundMethod) => (f instanceof PyBuiltin ? f.qualname : `${typeOf(f.self).name}.${builtinName(f)}`),
  });
  // types.UnionType and types.GenericAlias: what they stand for (functools.singledispatch reads __args__).
  properties(UNION_TYPE, { __args__: (u: PyUnionType) => new PyTuple(u.args.slice()) });
  properties(GENERIC_ALIAS, {
    __origin__: (g: PyGenericAlias) => g.origin,
    __args__: (g: PyGenericAlias) => new PyTuple(g.args.slice()),
  });
  properties(METHOD, {
    __self__: (m: PyBoundMethod) => m.self,
    __func__: (m: PyBoundMethod) => m.fn,
    __name__: (m: PyBoundMethod) => (m.fn as { name?: string }).name ?? '?',
  });
  properties(COROUTINE, {
    __name__: (c: PyCoroutine) => (isPyCoroutine(c) ? (c.fr.fn?.name ?? c.coroName) : (c as { coroName?: string }).coroName ?? 'coroutine'),
    __qualname__: (c: PyCoroutine) => c.coroName ?? 'coroutine',
    cr_running: () => false,
  });
  methods(COROUTINE, {
    close: (c: PyCoroutine) => {
      if (isPyCoroutine(c)) {
        if (c.fr.st === 0) {
          c.fr.st = 2;
          return null;
        }
        if (c.fr.st === 2) return null;
      }
      try {
        const r = c.throw(new PyGeneratorExit());
        if (r.done !== true) throw runtimeError('coroutine ignored GeneratorExit');
      } catch (e) {
        if (!(e instanceof PyGeneratorExit)) throw e;
      }
      return null;
    },
    send: () => {
      throw typeError('coroutine.send() is not supported in scenarios; await the coroutine instead');
    },
  });
  properties(ASYNC_GENERATOR, {
    __name__: (g: PyAsyncGen) => g.qualname.split('.').pop(),
    __qualname__: (g: PyAsyncGen) => g.qualname,
    ag_running: (g: PyAsyncGen) => g.running,
  });
  methods(ASYNC_GENERATOR, {
    __aiter__: (g: PyAsyncGen) => g,
    __anext__: (g: PyAsyncGen) => new AgenAwaitable(g, 'next'),
    asend: (g: PyAsyncGen, a) => new AgenAwaitable(g, 'next', null, a[0] ?? null),
    athrow: (g: PyAsyncGen, a) => {
      let e = a.length > 1 && a[1] !== null ? a[1] : a[0];
      if (e instanceof PyClass && isExceptionClass(e)) e = instantiate(e, [], null);
      if (!(e instanceof PyBaseException)) throw typeError(`exceptions must be classes or instances deriving from BaseException, not ${typeName(e)}`);
      return new AgenAwaitable(g, 'throw', e);
    },
    aclose: (g: PyAsyncGen) => new AgenAwaitable(g, 'close'),
  });
  properties(SLICE, {
    start: (s: PySlice) => s.start,
    stop: (s: PySlice) => s.stop,
    step: (s: PySlice) => s.step,
  });
  methods(TYPE, {
    mro: (c: PyClass) => new (PyTuple as unknown as new (a: unknown[]) => unknown)(c.mro.slice()),
    __subclasses__: () => {
      throw typeError('__subclasses__() is not supported in scenarios');
    },
  });
}
