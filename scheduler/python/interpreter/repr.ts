/**
 * str() and repr() exactly as CPython 3.11 prints them: ints, floats (`1.0`, `1e-05`, `inf`),
 * strings with their quotes, None/True/False, lists, tuples (`(1,)`), dicts, sets (`set()`),
 * ranges, exceptions (`ValueError('boom')`), functions and objects (`<... at 0x...>`, with a stable
 * fake address), and user classes through __str__ / __repr__.
 */
import { floatRepr, intRepr, strRepr } from '../format.ts';
import {
  PyBoundMethod,
  PyBuiltin,
  PyClass,
  PyDict,
  PyFloat,
  PyInstance,
  PyList,
  PyMethodDescr,
  PyModule,
  PyRange,
  PySet,
  PySlice,
  PyTuple,
  ELLIPSIS,
  NOT_IMPLEMENTED,
  fakeAddress,
  typeName,
  typeOf,
} from './values.ts';
import { PyFunction } from './frame.ts';
import { PyBaseException, typeError, type PyExc } from './exceptions.ts';
import { callDunder } from './calls.ts';
import { excRepr, excStr } from './exc-objects.ts';
import { PyDictView, PyIter } from './iter.ts';
import { tick } from './budget.ts';
import { setValues } from './pyset.ts';
import { PyGenericAlias, PyUnionType, genericRepr, unionRepr } from './generics.ts';

/** Containers being printed, to print `[...]` for a list that contains itself. */
const inProgress = new Set<object>();

export function pyRepr(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return strRepr(v);
    case 'number':
    case 'bigint':
      return intRepr(v);
    case 'boolean':
      return v ? 'True' : 'False';
    case 'object':
      if (v === null) return 'None';
      return objectRepr(v);
    default:
      return String(v);
  }
}

export function pyStr(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return Number.isSafeInteger(v) ? String(v === 0 ? 0 : v) : intRepr(v);
    case 'bigint':
      return intRepr(v);
    case 'boolean':
      return v ? 'True' : 'False';
    case 'object':
      if (v === null) return 'None';
      if (v instanceof PyFloat) return floatRepr(v.v);
      if (v instanceof PyInstance) return instanceStr(v);
      if (v instanceof PyBaseException) return excStr(v as PyExc);
      return typeOf(v).strFn?.(v) ?? objectRepr(v);
    default:
      return String(v);
  }
}

function instanceStr(v: PyInstance): string {
  const m = v.$t.lookup('__str__');
  if (m !== undefined) {
    const s = callDunder(v, '__str__', []);
    if (typeof s !== 'string') throw typeError(`__str__ returned non-string (type ${typeName(s)})`);
    return s;
  }
  return instanceRepr(v);
}

function instanceRepr(v: PyInstance): string {
  const m = v.$t.lookup('__repr__');
  if (m !== undefined) {
    const s = callDunder(v, '__repr__', []);
    if (typeof s !== 'string') throw typeError(`__repr__ returned non-string (type ${typeName(s)})`);
    return s;
  }
  return `<${v.$t.module}.${v.$t.qualname} object at ${fakeAddress(v)}>`;
}

function guarded(o: object, open: string, close: string, body: () => string): string {
  if (inProgress.has(o)) return `${open}...${close}`;
  inProgress.add(o);
  try {
    return body();
  } finally {
    inProgress.delete(o);
  }
}

function items(a: readonly unknown[]): string {
  const parts: string[] = [];
  for (const x of a) {
    tick();
    parts.push(pyRepr(x));
  }
  return parts.join(', ');
}

function objectRepr(v: object): string {
  if (v instanceof PyFloat) return floatRepr(v.v);
  if (v instanceof PyList) return guarded(v, '[', ']', () => `[${items(v.a)}]`);
  if (v instanceof PyTuple) {
    if (v.a.length === 1) return guarded(v, '(', ')', () => `(${pyRepr(v.a[0])},)`);
    return guarded(v, '(', ')', () => `(${items(v.a)})`);
  }
  if (v instanceof PyDict) {
    return guarded(v, '{', '}', () => {
      const parts: string[] = [];
      for (const e of v.m.values()) {
        tick();
        parts.push(`${pyRepr(e.k)}: ${pyRepr(e.v)}`);
      }
      return `{${parts.join(', ')}}`;
    });
  }
  if (v instanceof PySet) {
    if (v.m.size === 0) return v.frozen ? 'frozenset()' : 'set()';
    const body = guarded(v, '{', '}', () => `{${items(setValues(v))}}`);
    return v.frozen ? `frozenset(${body})` : body;
  }
  if (v instanceof PyInstance) return instanceRepr(v);
  if (v instanceof PyBaseException) return excRepr(v as PyExc);
  if (v instanceof PyRange) return v.step === 1 ? `range(${v.start}, ${v.stop})` : `range(${v.start}, ${v.stop}, ${v.step})`;
  if (v instanceof PyFunction) return `<function ${v.qualname} at ${fakeAddress(v)}>`;
  if (v instanceof PyBuiltin) return v.pythonLevel ? `<function ${v.qualname} at ${fakeAddress(v)}>` : `<built-in function ${v.name}>`;
  if (v instanceof PyBoundMethod) {
    const fn = v.fn;
    if (fn instanceof PyMethodDescr) return `<built-in method ${fn.name} of ${typeName(v.self)} object at ${fakeAddress(v.self as object)}>`;
    const name = fn instanceof PyFunction ? fn.qualname : '?';
    return `<bound method ${name} of ${pyRepr(v.self)}>`;
  }
  if (v instanceof PyMethodDescr) return `<method '${v.name}' objects>`;
  if (v instanceof PyClass && v.meta?.repr !== undefined) return v.meta.repr(v);
  if (v instanceof PyClass) return v.module === 'builtins' ? `<class '${v.qualname}'>` : `<class '${v.module}.${v.qualname}'>`;
  if (v instanceof PyModule) return v.file === null ? `<module '${v.name}' (built-in)>` : `<module '${v.name}' from '${v.file}'>`;
  if (v instanceof PySlice) return `slice(${pyRepr(v.start)}, ${pyRepr(v.stop)}, ${pyRepr(v.step)})`;
  if (v === ELLIPSIS) return 'Ellipsis';
  if (v === NOT_IMPLEMENTED) return 'NotImplemented';
  if (v instanceof PyDictView) {
    const parts: string[] = [];
    for (const e of v.d.m.values()) {
      parts.push(v.kind === 'keys' ? pyRepr(e.k) : v.kind === 'values' ? pyRepr(e.v) : `(${pyRepr(e.k)}, ${pyRepr(e.v)})`);
    }
    return `dict_${v.kind}([${parts.join(', ')}])`;
  }
  if (v instanceof PyGenericAlias) return genericRepr(v);
  if (v instanceof PyUnionType) return unionRepr(v);
  const cls = typeOf(v);
  if (cls.reprFn !== null) return cls.reprFn(v);
  if (v instanceof PyIter) return `<${cls.name} object at ${fakeAddress(v)}>`;
  return `<${cls.module === 'builtins' ? '' : cls.module + '.'}${cls.name} object at ${fakeAddress(v)}>`;
}

/** ascii(v) */
export function pyAscii(v: unknown): string {
  const r = pyRepr(v);
  let out = '';
  for (const ch of r) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out += ch;
    else if (c < 0x100) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c < 0x10000) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += '\\U' + c.toString(16).padStart(8, '0');
  }
  return out;
}
