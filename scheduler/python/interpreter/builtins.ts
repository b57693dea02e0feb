/** The builtins module: print, len, range, the type constructors, min/max/sorted... */
import { typeCall3 } from './classes.ts';
import { BYTES } from './pybytes.ts';
import { madeStr } from './memory.ts';
import { BOOL, DICT, FLOAT, FROZENSET, INT, LIST, OBJECT, PyBuiltin, PyClass, PyClassMethod, PyDict, PyFloat, PyInstance, PyList, PyMethodDescr, PyRange, PySet, PySlice, PyStaticMethod, PySuper, PyTuple, RANGE, SET, SLICE, STR, TUPLE, TYPE, ELLIPSIS, NOT_IMPLEMENTED, normBig, objectId, typeName, typeOf, type Kw, DONE } from './values.ts';
import { EXCEPTION_CLASSES, PyBaseException, PyEOFError, PyStopIteration, PySystemExit, overflowError, typeError, valueError } from './exceptions.ts';
import { bind, builtin, intArg, noKw } from './args.ts';
import { makeProperty } from './user-property.ts';
import { call, delAttr, getAttr, getAttrOr, hasAttr, isCallable, setAttr } from './calls.ts';
import { genericDelAttr, genericSetAttr } from './instance-attrs.ts';
import { instanceDict } from './instance-dict.ts';
import { abs, divmod, less, pow, truthy, mod as pyMod, add } from './ops.ts';
import { EnumerateIter, FilterIter, MapIter, PyIter, ReversedIter, ZipIter, iterate, pyIter, toArray } from './iter.ts';
import { pyLen, pyRound, toFloatValue, toInt } from './builtins-core.ts';
import { pyAscii, pyRepr, pyStr } from './repr.ts';
import { formatValue } from './strformat.ts';
import { dictUpdate, sortArray } from './methods-containers.ts';
import { newSet } from './pyset.ts';
import { CALL, PyAsyncGen, AgenAwaitable } from './exec.ts';
import { pyHash } from './hash.ts';
import { PyGenerator } from './generators.ts';
import { dictSetRaw } from './keys.ts';
import type { Runtime } from './runtime.ts';

function isIntLike(v: unknown): boolean {
  return typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean';
}

function rangeArg(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') throw overflowError('Python int too large to convert to C ssize_t (ranges beyond 2**53 are not supported)');
  throw typeError(`'${typeName(v)}' object cannot be interpreted as an integer`);
}

/** min() / max() */
function minmax(name: 'min' | 'max', args: unknown[], kw: Kw): unknown {
  const [key, dflt] = bind(name, [], kw, ['key', 'default'], 0);
  let items: unknown[];
  if (args.length === 0) throw typeError(`${name} expected at least 1 argument, got 0`);
  if (args.length === 1) items = toArray(args[0]);
  else {
    if (dflt !== undefined) throw typeError(`Cannot specify a default for ${name}() with multiple positional arguments`);
    items = args;
  }
  if (items.length === 0) {
    if (dflt !== undefined) return dflt;
    throw valueError(`${name}() arg is an empty sequence`);
  }
  const keyed = key !== undefined && key !== null;
  let best = items[0];
  let bestKey = keyed ? call(key, [best], null) : best;
  for (let i = 1; i < items.length; i++) {
    const v = items[i];
    const k = keyed ? call(key, [v], null) : v;
    if (name === 'min' ? less(k, bestKey) : less(bestKey, k)) {
      best = v;
      bestKey = k;
    }
  }
  return best;
}

function pySum(args: unknown[], kw: Kw): unknown {
  const [iterable, start] = bind('sum', args, kw, ['iterable', 'start'], 1);
  let acc: unknown = start === undefined ? 0 : start;
  if (typeof acc === 'string') throw typeError("sum() can't sum strings [use ''.join(seq) instead]");
  iterate(iterable, (x) => {
    if (typeof acc === 'number' && typeof x === 'number') {
      const s = acc + x;
      if (s <= Number.MAX_SAFE_INTEGER && s >= -Number.MAX_SAFE_INTEGER) {
        acc = s;
        return;
      }
    }
    acc = add(acc, x);
  });
  return acc;
}

export function makeBuiltins(rt: Runtime): Map<string, unknown> {
  const b = new Map<string, unknown>();
  const def = (name: string, fn: (args: unknown[], kw: Kw) => unknown) => b.set(name, builtin(name, fn));

  def('print', (args, kw) => {
    const [sep0, end0, file] = bind('print', [], kw, ['sep', 'end', 'file', 'flush'], 0);
    const sep = sep0 === undefined || sep0 === null ? ' ' : sep0;
    const end = end0 === undefined || end0 === null ? '\n' : end0;
    if (typeof sep !== 'string') throw typeError(`sep must be None or a string, not ${typeName(sep)}`);
    if (typeof end !== 'string') throw typeError(`end must be None or a string, not ${typeName(end)}`);
    const line = CALL.line;
    let text = '';
    for (let i = 0; i < args.length; i++) {
      if (i > 0) text += sep;
      const a = args[i];
      text += typeof a === 'string' ? a : pyStr(a);
    }
    text += end;
    if (file !== undefined && file !== null && file !== rt.stdout) {
      call(getAttr(file, 'write'), [text], null);
      return null;
    }
    rt.output(text.endsWith('\n') ? text.slice(0, -1) : text, line);
    return null;
  });
  def('len', (args, kw) => {
    noKw('len', kw);
    if (args.length !== 1) throw typeError(`len() takes exactly one argument (${args.length} given)`);
    return pyLen(args[0]);
  });
  def('repr', (args) => madeStr(pyRepr(bind('repr', args, null, ['obj'])[0])));
  def('ascii', (args) => madeStr(pyAscii(bind('ascii', args, null, ['obj'])[0])));
  def('abs', (args) => abs(bind('abs', args, null, ['x'])[0]));
  def('round', (args, kw) => {
    const [x, nd] = bind('round', args, kw, ['number', 'ndigits'], 1);
    return pyRound(x, nd === undefined ? null : nd);
  });
  def('divmod', (args) => {
    const [x, y] = bind('divmod', args, null, ['x', 'y']);
    const [q, r] = divmod(x, y);
    return new PyTuple([q, r]);
  });
  def('pow', (args, kw) => {
    const [x, y, m] = bind('pow', args, kw, ['base', 'exp', 'mod'], 2);
    if (m === undefined || m === null) return pow(x, y);
    if (!isIntLike(x) || !isIntLike(y) || !isIntLike(m)) throw typeError('pow() 3rd argument not allowed unless all arguments are integers');
    const B = BigInt(x as number);
    let E = BigInt(y as number);
    const M = BigInt(m as number);
    if (M === 0n) throw valueError('pow() 3rd argument cannot be 0');
    if (E < 0n) throw valueError('base is not invertible for the given modulus');
    let r = 1n;
    let base = ((B % M) + M) % M;
    while (E > 0n) {
      if (E & 1n) r = (r * base) % M;
      base = (base * base) % M;
      E >>= 1n;
    }
    return pyMod(normBig(r), m);
  });
  def('sum', pySum);
  def('min', (args, kw) => minmax('min', args, kw));
  def('max', (args, kw) => minmax('max', args, kw));
  def('sorted', (args, kw) => {
    if (args.length !== 1) throw typeError(`sorted expected 1 argument, got ${args.length}`);
    const [key, reverse] = bind('sorted', [], kw, ['key', 'reverse'], 0);
    const items = toArray(args[0]);
    sortArray(items, key ?? null, reverse !== undefined && truthy(reverse));
    return new PyList(items);
  });
  def('reversed', (args) => {
    const [seq] = bind('reversed', args, null, ['sequence']);
    if (seq instanceof PyList || seq instanceof PyTuple) return new ReversedIter(seq.a.slice());
    if (typeof seq === 'string' || seq instanceof PyRange) return new ReversedIter(toArray(seq));
    if (seq instanceof PyDict) return new ReversedIter(toArray(seq));
    if (seq instanceof PyInstance && typeOf(seq).lookup('__reversed__') !== undefined) return call(getAttr(seq, '__reversed__'), [], null);
    if (seq instanceof PyInstance && typeOf(seq).lookup('__getitem__') !== undefined) return new ReversedIter(toArray(seq));
    throw typeError(`'${typeName(seq)}' object is not reversible`);
  });
  def('enumerate', (args, kw) => {
    const [it, start] = bind('enumerate', args, kw, ['iterable', 'start'], 1);
    const s = start === undefined ? 0 : start;
    if (!isIntLike(s)) throw typeError(`'${typeName(s)}' object cannot be interpreted as an integer`);
    return new EnumerateIter(pyIter(it), typeof s === 'boolean' ? (s ? 1 : 0) : (s as number | bigint));
  });
  def('zip', (args, kw) => {
    const [strict] = bind('zip', [], kw, ['strict'], 0);
    return new ZipIter(
      args.map((a, i) => {
        try {
          return pyIter(a);
        } catch (e) {
          if (e instanceof PyBaseException && /is not iterable/.test(e.message)) {
            throw typeError(`zip argument #${i + 1} must support iteration`);
          }
          throw e;
        }
      }),
      strict !== undefined && truthy(strict),
    );
  });
  def('map', (args) => {
    if (args.length < 2) throw typeError('map() must have at least two arguments.');
    const fn = args[0];
    const its = args.slice(1).map((a) => pyIter(a));
    return new MapIter(
      (function* () {
        for (;;) {
          const vals: unknown[] = [];
          for (const it of its) {
            const v = it.next();
            if (v === DONE) return;
            vals.push(v);
          }
          yield call(fn, vals, null);
        }
      })(),
    );
  });
  def('filter', (args) => {
    const [fn, iterable] = bind('filter', args, null, ['function', 'iterable']);
    const it = pyIter(iterable);
    return new FilterIter(
      (function* () {
        for (;;) {
          const v = it.next();
          if (v === DONE) return;
          if (fn === null ? truthy(v) : truthy(call(fn, [v], null))) yield v;
        }
      })(),
    );
  });
  def('iter', (args) => {
    const [x] = bind('iter', args, null, ['object']);
    return pyIter(x);
  });
  def('next', (args) => {
    const [it, dflt] = bind('next', args, null, ['iterator', 'default'], 1);
    if (!(it instanceof PyIter)) {
      if (it instanceof PyInstance && typeOf(it).lookup('__next__') !== undefined) {
        try {
          return call(getAttr(it, '__next__'), [], null);
        } catch (e) {
          if (e instanceof PyStopIteration && dflt !== undefined) return dflt;
          throw e;
        }
      }
      throw typeError(`'${typeName(it)}' object is not an iterator`);
    }
    const v = it.next();
    if (v === DONE) {
      if (dflt !== undefined) return dflt;
      // A generator's StopIteration carries the value of its `return`.
      const returned = it instanceof PyGenerator ? it.returnValue : null;
      throw new PyStopIteration(...(returned === null ? [] : [returned]));
    }
    return v;
  });
  def('globals', (args) => {
    bind('globals', args, null, []);
    // A snapshot of the scenario's globals (writing to it does not define names).
    const d = new PyDict();
    for (const [name, cell] of rt.main.cells) if (cell.v !== undefined) dictSetRaw(d, name, cell.v);
    return d;
  });
  def('any', (args) => {
    let r = false;
    iterate(bind('any', args, null, ['iterable'])[0], (x) => {
      if (truthy(x)) {
        r = true;
        return true;
      }
      return false;
    });
    return r;
  });
  def('all', (args) => {
    let r = true;
    iterate(bind('all', args, null, ['iterable'])[0], (x) => {
      if (!truthy(x)) {
        r = false;
        return true;
      }
      return false;
    });
    return r;
  });
  def('isinstance', (args) => {
    const [obj, cls] = bind('isinstance', args, null, ['obj', 'class_or_tuple']);
    return isinstance(obj, cls);
  });
  def('issubclass', (args) => {
    const [c, cls] = bind('issubclass', args, null, ['cls', 'class_or_tuple']);
    if (!(c instanceof PyClass)) throw typeError('issubclass() arg 1 must be a class');
    return subclass(c, cls, 'issubclass');
  });
  def('id', (args) => {
    const [x] = bind('id', args, null, ['obj']);
    if (x !== null && typeof x === 'object') return 0x7f4a00000000 + objectId(x) * 48;
    return 0x7f4b00000000 + (typeof x === 'number' ? x : 0);
  });
  def('hash', (args) => pyHash(bind('hash', args, null, ['obj'])[0]));
  def('callable', (args) => isCallable(bind('callable', args, null, ['obj'])[0]));
  def('chr', (args) => {
    const [i] = bind('chr', args, null, ['i']);
    const n = intArg('chr', i);
    if (n < 0 || n > 0x10ffff) throw valueError('chr() arg not in range(0x110000)');
    return String.fromCodePoint(n);
  });
  def('ord', (args) => {
    const [c] = bind('ord', args, null, ['c']);
    if (typeof c !== 'string') throw typeError(`ord() expected string of length 1, but ${typeName(c)} found`);
    const cps = [...c];
    if (cps.length !== 1) throw typeError(`ord() expected a character, but string of length ${cps.length} found`);
    return cps[0]!.codePointAt(0)!;
  });
  const radix = (name: string, base: number, prefix: string) =>
    def(name, (args) => {
      const [x] = bind(name, args, null, ['number']);
      if (!isIntLike(x)) throw typeError(`'${typeName(x)}' object cannot be interpreted as an integer`);
      const v = BigInt(x as number);
      return (v < 0n ? '-' : '') + prefix + (v < 0n ? -v : v).toString(base);
    });
  radix('hex', 16, '0x');
  radix('oct', 8, '0o');
  radix('bin', 2, '0b');
  def('getattr', (args) => {
    const [o, name, dflt] = bind('getattr', args, null, ['object', 'name', 'default'], 2);
    if (typeof name !== 'string') throw typeError(`attribute name must be string, not '${typeName(name)}'`);
    return dflt === undefined ? getAttr(o, name) : getAttrOr(o, name, dflt);
  });
  def('setattr', (args) => {
    const [o, name, v] = bind('setattr', args, null, ['obj', 'name', 'value']);
    if (typeof name !== 'string') throw typeError(`attribute name must be string, not '${typeName(name)}'`);
    setAttr(o, name, v);
    return null;
  });
  def('hasattr', (args) => {
    const [o, name] = bind('hasattr', args, null, ['obj', 'name']);
    if (typeof name !== 'string') throw typeError(`attribute name must be string, not '${typeName(name)}'`);
    return hasAttr(o, name);
  });
  def('delattr', (args) => {
    const [o, name] = bind('delattr', args, null, ['obj', 'name']);
    if (typeof name !== 'string') throw typeError(`attribute name must be string, not '${typeName(name)}'`);
    delAttr(o, name);
    return null;
  });
  def('format', (args) => {
    const [v, spec] = bind('format', args, null, ['value', 'format_spec'], 1);
    if (spec !== undefined && typeof spec !== 'string') throw typeError(`format() argument 2 must be str, not ${typeName(spec)}`);
    return formatValue(v, spec === undefined ? '' : spec);
  });
  def('vars', (args) => {
    const [o] = bind('vars', args, null, ['object']);
    if (o instanceof PyInstance && o.$t.instancesHaveDict) return instanceDict(o);
    throw typeError('vars() argument must have __dict__ attribute');
  });
  def('input', () => {
    throw new PyEOFError('EOF when reading a line');
  });
  def('exit', (args) => {
    throw new PySystemExit(...args);
  });
  b.set('quit', b.get('exit'));
  def('aiter', (args) => {
    const [x] = bind('aiter', args, null, ['async_iterable']);
    if (x instanceof PyAsyncGen) return x;
    return call(getAttr(x, '__aiter__'), [], null);
  });
  def('anext', (args) => {
    const [x, dflt] = bind('anext', args, null, ['aiterator', 'default'], 1);
    if (x instanceof PyAsyncGen) {
      if (dflt !== undefined) return rt.anextWithDefault(x, dflt);
      return new AgenAwaitable(x, 'next');
    }
    return call(getAttr(x, '__anext__'), [], null);
  });
  const superFn = builtin('super', (args) => {
    if (args.length === 2) {
      const [cls, obj] = args;
      if (!(cls instanceof PyClass)) throw typeError('super() argument 1 must be a type');
      return new PySuper(cls, obj);
    }
    throw typeError('super(): no arguments');
  });
  b.set('super', superFn);
  rt.superFn = superFn;
  def('property', (args, kw) => {
    const [fget, fset, fdel, doc] = bind('property', args, kw, ['fget', 'fset', 'fdel', 'doc'], 0);
    return makeProperty(fget, fset, fdel, doc);
  });
  def('staticmethod', (args) => new PyStaticMethod(bind('staticmethod', args, null, ['function'])[0]));
  def('classmethod', (args) => new PyClassMethod(bind('classmethod', args, null, ['function'])[0]));

  // Types (callable classes).
  for (const cls of [INT, FLOAT, STR, BOOL, LIST, TUPLE, DICT, SET, FROZENSET, RANGE, OBJECT, TYPE, SLICE, BYTES]) b.set(cls.name, cls);
  b.set('NotImplemented', NOT_IMPLEMENTED);
  b.set('Ellipsis', ELLIPSIS);
  for (const [name, cls] of EXCEPTION_CLASSES) b.set(name, cls);
  b.set('EnvironmentError', EXCEPTION_CLASSES.get('OSError'));
  b.set('IOError', EXCEPTION_CLASSES.get('OSError'));
  return b;
}

export function isinstance(obj: unknown, cls: unknown): boolean {
  return subclass(typeOf(obj), cls, 'isinstance');
}

function subclass(t: PyClass, cls: unknown, fname: string): boolean {
  if (cls instanceof PyClass) return t.isSubclassOf(cls);
  if (cls instanceof PyTuple) return cls.a.some((c) => subclass(t, c, fname));
  throw typeError(`${fname}() arg 2 must be a type, a tuple of types, or a union`);
}

/** The constructors of the builtin types. */
export function installTypeConstructors(): void {
  INT.native = (args, kw) => {
    const [x, base] = bind('int', args, kw, ['x', 'base'], 0);
    if (x === undefined) {
      if (base !== undefined) throw typeError('int() missing string argument');
      return 0;
    }
    return toInt(x, base === undefined ? null : base);
  };
  FLOAT.native = (args, kw) => {
    noKw('float', kw);
    const [x] = bind('float', args, null, ['x'], 0);
    return new PyFloat(x === undefined ? 0 : toFloatValue(x));
  };
  STR.native = (args, kw) => {
    const [x] = bind('str', args, kw, ['object', 'encoding', 'errors'], 0);
    return x === undefined ? '' : madeStr(pyStr(x));
  };
  BOOL.native = (args, kw) => {
    noKw('bool', kw);
    const [x] = bind('bool', args, null, ['x'], 0);
    return x === undefined ? false : truthy(x);
  };
  LIST.native = (args, kw) => {
    noKw('list', kw);
    const [x] = bind('list', args, null, ['iterable'], 0);
    return new PyList(x === undefined ? [] : toArray(x));
  };
  TUPLE.native = (args, kw) => {
    noKw('tuple', kw);
    const [x] = bind('tuple', args, null, ['iterable'], 0);
    if (x instanceof PyTuple) return x;
    return new PyTuple(x === undefined ? [] : toArray(x));
  };
  DICT.native = (args, kw) => {
    if (args.length > 1) throw typeError(`dict expected at most 1 argument, got ${args.length}`);
    const d = new PyDict();
    dictUpdate(d, args[0], kw);
    return d;
  };
  SET.native = (args, kw) => {
    noKw('set', kw);
    const [x] = bind('set', args, null, ['iterable'], 0);
    return newSet(false, x);
  };
  FROZENSET.native = (args, kw) => {
    noKw('frozenset', kw);
    const [x] = bind('frozenset', args, null, ['iterable'], 0);
    if (x instanceof PySet && x.frozen) return x;
    return newSet(true, x);
  };
  RANGE.native = (args, kw) => {
    noKw('range', kw);
    if (args.length === 0) throw typeError('range expected at least 1 argument, got 0');
    if (args.length > 3) throw typeError(`range expected at most 3 arguments, got ${args.length}`);
    if (args.length === 1) return new PyRange(0, rangeArg(args[0]), 1);
    const step = args.length === 3 ? rangeArg(args[2]) : 1;
    if (step === 0) throw valueError('range() arg 3 must not be zero');
    return new PyRange(rangeArg(args[0]), rangeArg(args[1]), step);
  };
  OBJECT.native = (args) => {
    if (args.length > 0) throw typeError('object() takes no arguments');
    return new PyInstance(OBJECT);
  };
  TYPE.native = (args, kw) => {
    if (args.length === 1 && (kw === null || kw.size === 0)) return typeOf(args[0]);
    if (args.length === 3) return typeCall3(args[0], args[1], args[2], kw);
    throw typeError('type() takes 1 or 3 arguments');
  };
  // object.__setattr__ / __delattr__: the instance's own attributes, past a class's __setattr__
  // (how a frozen dataclass's __init__ sets its fields).
  OBJECT.dict.set(
    '__setattr__',
    new PyMethodDescr('__setattr__', (self, a) => {
      const [name, value] = a;
      if (typeof name !== 'string') throw typeError(`attribute name must be string, not '${typeName(name)}'`);
      if (!(self instanceof PyInstance)) return (setAttr(self, name, value), null);
      genericSetAttr(self, name, value);
      return null;
    }),
  );
  OBJECT.dict.set(
    '__delattr__',
    new PyMethodDescr('__delattr__', (self, a) => {
      const [name] = a;
      if (typeof name !== 'string') throw typeError(`attribute name must be string, not '${typeName(name)}'`);
      if (self instanceof PyInstance) genericDelAttr(self, name);
      else delAttr(self, name);
      return null;
    }),
  );
  // object.__new__(cls): an instance whose __init__ has not run (enum makes its members so).
  OBJECT.dict.set(
    '__new__',
    new PyStaticMethod(
      new PyBuiltin('__new__', (args) => {
        const cls = args[0];
        if (!(cls instanceof PyClass)) throw typeError(`object.__new__(X): X is not a type object (${typeName(cls)})`);
        if (!cls.isUser) throw typeError(`object.__new__(${cls.name}) is not safe, use ${cls.name}.__new__()`);
        return new PyInstance(cls);
      }),
    ),
  );
  SLICE.native = (args) => {
    if (args.length === 1) return new PySlice(null, args[0], null);
    return new PySlice(args[0] ?? null, args[1] ?? null, args[2] ?? null);
  };
}
