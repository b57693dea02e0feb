/** Argument parsing for builtins and builtin methods, with CPython-like error messages. */
import { PyBuiltin, PyClass, PyMethodDescr, PyProperty, PyFloat, typeName, type Kw, type NativeFn, type NativeMethod } from './values.ts';
import { typeError } from './exceptions.ts';

/**
 * Bind positional and keyword arguments to `names`; missing optional ones are undefined.
 * `required` is how many leading names are required.
 */
export function bind(fname: string, args: readonly unknown[], kw: Kw, names: readonly string[], required = names.length): unknown[] {
  if (args.length > names.length) {
    if (names.length === 0) throw typeError(`${fname}() takes no arguments (${args.length} given)`);
    throw typeError(
      required === names.length
        ? `${fname}() takes exactly ${names.length} argument${names.length === 1 ? '' : 's'} (${args.length} given)`
        : `${fname}() takes at most ${names.length} argument${names.length === 1 ? '' : 's'} (${args.length} given)`,
    );
  }
  // Positional arguments only, enough of them: they are the binding (callers destructure it, and
  // a name past the end reads undefined, as missing optional ones must). No copy on this hot path.
  if (kw === null && args.length >= required) return args as unknown[];
  const out: unknown[] = new Array<unknown>(names.length).fill(undefined);
  for (let i = 0; i < args.length; i++) out[i] = args[i];
  if (kw !== null) {
    for (const [k, v] of kw) {
      const i = names.indexOf(k);
      if (i < 0) throw typeError(`${fname}() got an unexpected keyword argument '${k}'`);
      if (out[i] !== undefined) throw typeError(`argument for ${fname}() given by name ('${k}') and position (${i + 1})`);
      out[i] = v;
    }
  }
  for (let i = 0; i < required; i++) {
    if (out[i] === undefined) {
      const given = args.length + (kw?.size ?? 0);
      throw typeError(
        required === names.length
          ? `${fname}() takes exactly ${required} argument${required === 1 ? '' : 's'} (${given} given)`
          : `${fname}() takes at least ${required} argument${required === 1 ? '' : 's'} (${given} given)`,
      );
    }
  }
  return out;
}

/** Refuse keyword arguments. */
export function noKw(fname: string, kw: Kw): void {
  if (kw !== null && kw.size > 0) throw typeError(`${fname}() takes no keyword arguments`);
}

/** An int argument (bools count). */
export function intArg(_fname: string, v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  throw typeError(`'${typeName(v)}' object cannot be interpreted as an integer`);
}

/** A real number argument as a JS number (int, bool or float). */
export function numArg(fname: string, v: unknown, what = 'a number'): number {
  const n = numberOrNull(v);
  if (n === null) throw typeError(`${fname}() argument must be ${what}, not '${typeName(v)}'`);
  return n;
}

/**
 * A real number as a JS number, or null for anything else; for asyncio functions written in
 * Python, whose wrong-type error is the one of the first operation they do with the value
 * (`timeout <= 0`, `loop.time() + delay`), given by `error`.
 */
export function numberOrNull(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (v instanceof PyFloat) return v.v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  return null;
}

/** A number used by Python-level code, failing with that code's own TypeError. */
export function operandArg(v: unknown, error: (type: string) => string): number {
  const n = numberOrNull(v);
  if (n === null) throw typeError(error(typeName(v)));
  return n;
}

export function strArg(fname: string, v: unknown, which = 'argument'): string {
  if (typeof v === 'string') return v;
  throw typeError(`${fname}() ${which} must be str, not ${typeName(v)}`);
}

/** Register builtin methods on a class. */
export function methods(cls: PyClass, table: Record<string, NativeMethod>): void {
  for (const [name, fn] of Object.entries(table)) cls.dict.set(name, new PyMethodDescr(name, fn, cls.pythonLevel));
}

export function properties(cls: PyClass, table: Record<string, (self: any) => unknown>): void {
  for (const [name, get] of Object.entries(table)) cls.dict.set(name, new PyProperty(get));
}

export function builtin(name: string, fn: NativeFn): PyBuiltin {
  return new PyBuiltin(name, fn);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Bind the arguments of a method written in Python in CPython (asyncio's locks and queues, the
 * loop's methods, random.Random's): Python's messages, counting `self` as CPython does.
 */
export function bindPy(qualname: string, args: readonly unknown[], kw: Kw, names: readonly string[], required = names.length): unknown[] {
  const out: unknown[] = new Array<unknown>(names.length).fill(undefined);
  if (args.length > names.length) {
    const takes =
      required === names.length ? plural(names.length + 1, 'positional argument') : `from ${required + 1} to ${names.length + 1} positional arguments`;
    throw typeError(`${qualname}() takes ${takes} but ${args.length + 1} were given`);
  }
  for (let i = 0; i < args.length; i++) out[i] = args[i];
  if (kw !== null) {
    for (const [k, v] of kw) {
      const i = names.indexOf(k);
      if (i < 0) throw typeError(`${qualname}() got an unexpected keyword argument '${k}'`);
      if (out[i] !== undefined) throw typeError(`${qualname}() got multiple values for argument '${k}'`);
      out[i] = v;
    }
  }
  const missing = names.slice(0, required).filter((_, i) => out[i] === undefined);
  if (missing.length > 0) {
    const q = missing.map((n) => `'${n}'`);
    const list = q.length === 1 ? q[0] : q.length === 2 ? `${q[0]} and ${q[1]}` : `${q.slice(0, -1).join(', ')}, and ${q[q.length - 1]}`;
    throw typeError(`${qualname}() missing ${plural(missing.length, 'required positional argument')}: ${list}`);
  }
  return out;
}

/** A method without arguments, checked as CPython checks it: C-implemented ('c') or Python. */
export function noArgs(kind: 'c' | 'py', qualname: string | ((self: any) => string), fn: (self: any) => unknown): NativeMethod {
  return (self, args, kw) => {
    if ((kw !== null && kw.size > 0) || args.length > 0) qualname = typeof qualname === 'string' ? qualname : qualname(self);
    if (kind === 'py') bindPy(qualname as string, args, kw, []);
    else {
      if (kw !== null && kw.size > 0) throw typeError(`${qualname}() takes no keyword arguments`);
      if (args.length > 0) throw typeError(`${qualname}() takes no arguments (${args.length} given)`);
    }
    return fn(self);
  };
}
