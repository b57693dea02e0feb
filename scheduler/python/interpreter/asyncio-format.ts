/**
 * asyncio/format_helpers.py for the reprs of handles and futures: a callback as
 * `qualname(args) at file:line` (_format_callback_source), its arguments cut short by reprlib
 * (`<Task finishe...y:9> result=1>`), a functools.partial shown as the function it wraps with
 * the partial's own arguments first (`report('f0')()`), and the source location only for
 * functions (a bound method has none: inspect.isfunction is false for it).
 */
import { PyFunction } from './frame.ts';
import { PyBoundMethod, PyBuiltin, PyClass, PyDict, PyInstance, PyList, PySet, PyTuple, typeOf } from './values.ts';
import { getAttr } from './calls.ts';
import { toArray } from './iter.ts';
import { setValues } from './pyset.ts';
import { sortArray } from './methods-containers.ts';
import { pyRepr } from './repr.ts';

// reprlib.Repr's limits (3.11).
const MAX_LEVEL = 6;
const MAX_ITEMS: Readonly<Record<string, number>> = { tuple: 6, list: 6, set: 6, frozenset: 6, deque: 6 };
const MAX_DICT = 4;
const MAX_STRING = 30;
const MAX_LONG = 40;
const MAX_OTHER = 30;
const FILL = '...';

/** `s[:i] + '...' + s[len(s)-j:]` with reprlib's i and j for a limit. */
function cut(s: string[], limit: number): string {
  const i = Math.max(0, Math.floor((limit - 3) / 2));
  const j = Math.max(0, limit - 3 - i);
  return s.slice(0, i).join('') + FILL + s.slice(s.length - j).join('');
}

/** _possibly_sorted: sorted if the items compare, else as they iterate. */
function possiblySorted(items: unknown[]): unknown[] {
  const copy = items.slice();
  try {
    sortArray(copy, null, false);
    return copy;
  } catch {
    return items;
  }
}

function iterable(items: unknown[], level: number, left: string, right: string, max: number, trail = ''): string {
  const n = items.length;
  let s: string;
  if (level <= 0 && n > 0) s = FILL;
  else {
    const pieces = items.slice(0, max).map((x) => reprlibRepr(x, level - 1));
    if (n > max) pieces.push(FILL);
    s = pieces.join(', ');
    if (n === 1 && trail !== '') right = trail + right;
  }
  return `${left}${s}${right}`;
}

function isPartial(v: unknown): v is PyInstance {
  return v instanceof PyInstance && v.$t.name === 'partial' && v.$t.module === 'functools';
}

/** reprlib.repr */
export function reprlibRepr(x: unknown, level = MAX_LEVEL): string {
  switch (typeOf(x).name) {
    case 'tuple':
      return iterable((x as PyTuple).a.slice(), level, '(', ')', MAX_ITEMS.tuple!, ',');
    case 'list':
      return iterable((x as PyList).a.slice(), level, '[', ']', MAX_ITEMS.list!);
    case 'set':
      if (setValues(x as PySet).length === 0) return 'set()';
      return iterable(possiblySorted(setValues(x as PySet)), level, '{', '}', MAX_ITEMS.set!);
    case 'frozenset':
      if (setValues(x as PySet).length === 0) return 'frozenset()';
      return iterable(possiblySorted(setValues(x as PySet)), level, 'frozenset({', '})', MAX_ITEMS.frozenset!);
    case 'deque':
      return iterable(toArray(x), level, 'deque([', '])', MAX_ITEMS.deque!);
    case 'dict': {
      const d = x as PyDict;
      if (d.m.size === 0) return '{}';
      if (level <= 0) return `{${FILL}}`;
      const entries = [...d.m.values()];
      const keys = possiblySorted(entries.map((e) => e.k));
      const pieces: string[] = [];
      for (const key of keys.slice(0, MAX_DICT)) {
        const entry = entries.find((e) => e.k === key)!;
        pieces.push(`${reprlibRepr(key, level - 1)}: ${reprlibRepr(entry.v, level - 1)}`);
      }
      if (d.m.size > MAX_DICT) pieces.push(FILL);
      return `{${pieces.join(', ')}}`;
    }
    case 'str': {
      const chars = [...(x as string)];
      const s = pyRepr(chars.slice(0, MAX_STRING).join(''));
      if ([...s].length <= MAX_STRING) return s;
      const i = Math.max(0, Math.floor((MAX_STRING - 3) / 2));
      const j = Math.max(0, MAX_STRING - 3 - i);
      return cut([...pyRepr(chars.slice(0, i).join('') + chars.slice(chars.length - j).join(''))], MAX_STRING);
    }
    case 'int': {
      const s = [...pyRepr(x)];
      return s.length > MAX_LONG ? cut(s, MAX_LONG) : s.join('');
    }
    default: {
      const s = [...pyRepr(x)];
      return s.length > MAX_OTHER ? cut(s, MAX_OTHER) : s.join('');
    }
  }
}

/** _format_args_and_kwargs */
function formatArgs(args: readonly unknown[], kwargs: PyDict | null): string {
  const items = args.map((a) => reprlibRepr(a));
  if (kwargs !== null) for (const e of kwargs.m.values()) items.push(`${e.k as string}=${reprlibRepr(e.v)}`);
  return `(${items.join(', ')})`;
}

/** func.__qualname__ (or __name__), else repr(func). */
function callableName(fn: unknown): string {
  if (fn instanceof PyFunction) return fn.qualname;
  if (fn instanceof PyBuiltin) return fn.qualname;
  if (fn instanceof PyClass) return fn.name;
  if (fn instanceof PyBoundMethod) {
    const f = fn.fn;
    if (f instanceof PyFunction) return f.qualname;
    if (f instanceof PyBuiltin) return f.qualname;
    return (f as { name?: string }).name ?? 'method';
  }
  return pyRepr(fn);
}

/** _format_callback */
function formatCallback(fn: unknown, args: readonly unknown[], kwargs: PyDict | null, suffix = ''): string {
  if (isPartial(fn)) {
    const inner = getAttr(fn, 'args');
    const keywords = getAttr(fn, 'keywords');
    return formatCallback(
      getAttr(fn, 'func'),
      inner instanceof PyTuple ? inner.a : [],
      keywords instanceof PyDict && keywords.m.size > 0 ? keywords : null,
      formatArgs(args, kwargs) + suffix,
    );
  }
  return callableName(fn) + formatArgs(args, kwargs) + suffix;
}

/** _get_function_source: the function a callback is (unwrapped, inside partials), or null. */
function functionSource(fn: unknown): PyFunction | null {
  for (let depth = 0; depth < 100; depth++) {
    if (fn instanceof PyFunction) {
      const wrapped = fn.dict?.get('__wrapped__');
      if (wrapped === undefined) return fn;
      fn = wrapped;
    } else if (isPartial(fn)) fn = getAttr(fn, 'func');
    else return null;
  }
  return null;
}

/** _format_callback_source: `name(args) at file:line`, as handle and future reprs show a callback. */
export function formatCallbackSource(fn: unknown, args: readonly unknown[], file: string): string {
  const label = formatCallback(fn, args, null);
  const source = functionSource(fn);
  if (source === null) return label;
  // Library functions written in Python (functools.partial's own) are in the standard library.
  return source.code.library ? label : `${label} at ${file}:${source.code.line}`;
}
