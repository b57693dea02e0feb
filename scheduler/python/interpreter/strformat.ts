/**
 * Text formatting: format(value, spec) (f-strings, str.format), `str.format`'s field syntax, and
 * printf-style `'%.2f' % x`. The number formatting itself is format.ts (a port of CPython's).
 */
import { madeStr } from './memory.ts';
import { FormatSpecError, formatSpec, intRepr } from '../format.ts';
import { PyDict, PyFloat, PyInstance, PyTuple, normBig, typeName } from './values.ts';
import { PyOverflowError, PyValueError, indexError, keyError, typeError, valueError } from './exceptions.ts';
import { callDunder, getAttr, lookupDunder } from './calls.ts';
import { pyAscii, pyRepr, pyStr } from './repr.ts';
import { dictGet } from './keys.ts';
import { getItem } from './subscript.ts';

function specError(e: unknown): never {
  if (e instanceof FormatSpecError) {
    throw e.pyType === 'OverflowError' ? new PyOverflowError(e.message) : new PyValueError(e.message);
  }
  throw e;
}

/** format(value, spec) */
export function formatValue(v: unknown, spec: string): string {
  // A width can make a long str out of a short value (`f"{x:>100000000}"`).
  return spec === '' ? formatValueAs(v, spec) : madeStr(formatValueAs(v, spec));
}

function formatValueAs(v: unknown, spec: string): string {
  try {
    switch (typeof v) {
      case 'string':
        return spec === '' ? v : formatSpec(v, spec);
      case 'number':
        return formatSpec({ kind: 'int', value: v }, spec);
      case 'bigint':
        return formatSpec(v, spec);
      case 'boolean':
        return formatSpec(v, spec);
      default:
        break;
    }
    if (v instanceof PyFloat) return formatSpec({ kind: 'float', value: v.v }, spec);
  } catch (e) {
    specError(e);
  }
  if (v instanceof PyInstance && lookupDunder(v, '__format__') !== undefined) {
    const r = callDunder(v, '__format__', [spec]);
    if (typeof r !== 'string') throw typeError(`__format__ must return a str, not ${typeName(r)}`);
    return r;
  }
  if (spec === '') return pyStr(v);
  throw typeError(`unsupported format string passed to ${typeName(v)}.__format__`);
}

// ---------------------------------------------------------------------------------------------
// str.format

/** 'template'.format(*args, **kwargs) */
export function strFormat(template: string, args: readonly unknown[], kwargs: Map<string, unknown> | null, depth = 0): string {
  if (depth > 2) throw valueError('Max string recursion exceeded');
  let out = '';
  let auto = 0;
  let manual = false;
  let i = 0;
  const n = template.length;
  while (i < n) {
    const c = template[i]!;
    if (c === '{') {
      if (template[i + 1] === '{') {
        out += '{';
        i += 2;
        continue;
      }
      // Find the matching close brace (nested braces are allowed in the spec).
      let level = 1;
      let j = i + 1;
      while (j < n && level > 0) {
        if (template[j] === '{') level++;
        else if (template[j] === '}') level--;
        if (level > 0) j++;
      }
      if (j >= n) throw valueError("expected '}' before end of string");
      const field = template.slice(i + 1, j);
      i = j + 1;
      // field_name [! conversion] [: format_spec]
      let nameEnd = 0;
      let bracket = false;
      while (nameEnd < field.length) {
        const ch = field[nameEnd]!;
        if (ch === '[') bracket = true;
        else if (ch === ']') bracket = false;
        else if (!bracket && (ch === '!' || ch === ':')) break;
        nameEnd++;
      }
      const name = field.slice(0, nameEnd);
      let conversion: string | null = null;
      let spec = '';
      let rest = field.slice(nameEnd);
      if (rest.startsWith('!')) {
        conversion = rest[1] ?? '';
        rest = rest.slice(2);
        if (rest !== '' && !rest.startsWith(':')) throw valueError('expected \':\' after conversion specifier');
        if (!['r', 's', 'a'].includes(conversion)) throw valueError(`Unknown conversion specifier ${conversion === '' ? '\\x00' : conversion}`);
      }
      if (rest.startsWith(':')) spec = rest.slice(1);
      if (spec.includes('{')) spec = strFormat(spec, args, kwargs, depth + 1);
      // Resolve the field name: first part, then .attr / [key] accessors.
      const m = /^([^.[]*)(.*)$/s.exec(name)!;
      const first = m[1]!;
      let value: unknown;
      if (first === '') {
        if (manual) throw valueError('cannot switch from manual field specification to automatic field numbering');
        if (auto >= args.length) throw indexError(`Replacement index ${auto} out of range for positional args tuple`);
        value = args[auto++];
      } else if (/^\d+$/.test(first)) {
        if (auto > 0) throw valueError('cannot switch from automatic field numbering to manual field specification');
        manual = true;
        const k = Number(first);
        if (k >= args.length) throw indexError(`Replacement index ${k} out of range for positional args tuple`);
        value = args[k];
      } else {
        const v = kwargs?.get(first);
        if (v === undefined) throw keyError(first, pyRepr(first));
        value = v;
      }
      let accessors = m[2]!;
      while (accessors !== '') {
        const a = /^\.([^.[]+)|^\[([^\]]*)\]/.exec(accessors);
        if (a === null) throw valueError('Only \'.\' or \'[\' may follow \']\' in format field specifier');
        if (a[1] !== undefined) value = getAttr(value, a[1]);
        else {
          const key = a[2]!;
          value = getItem(value, /^\d+$/.test(key) ? Number(key) : key);
        }
        accessors = accessors.slice(a[0].length);
      }
      if (conversion === 'r') value = pyRepr(value);
      else if (conversion === 's') value = pyStr(value);
      else if (conversion === 'a') value = pyAscii(value);
      out += formatValue(value, spec);
      continue;
    }
    if (c === '}') {
      if (template[i + 1] === '}') {
        out += '}';
        i += 2;
        continue;
      }
      throw valueError("Single '}' encountered in format string");
    }
    out += c;
    i++;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// printf-style formatting

/** 'fmt' % values */
export function percentFormat(fmt: string, values: unknown): string {
  const args: readonly unknown[] = values instanceof PyTuple ? values.a : [values];
  const mapping = values instanceof PyDict || (values instanceof PyInstance && lookupDunder(values, '__getitem__') !== undefined) ? values : null;
  let argi = 0;
  let usedMapping = false;
  const nextArg = (): unknown => {
    if (argi >= args.length) throw typeError('not enough arguments for format string');
    return args[argi++];
  };
  let out = '';
  let i = 0;
  while (i < fmt.length) {
    const c = fmt[i]!;
    if (c !== '%') {
      out += c;
      i++;
      continue;
    }
    i++;
    if (i >= fmt.length) throw valueError('incomplete format');
    let key: string | null = null;
    if (fmt[i] === '(') {
      const end = fmt.indexOf(')', i);
      if (end < 0) throw valueError('incomplete format key');
      key = fmt.slice(i + 1, end);
      i = end + 1;
    }
    let flags = '';
    while (i < fmt.length && '-+ #0'.includes(fmt[i]!)) flags += fmt[i++];
    let width = '';
    if (fmt[i] === '*') {
      width = String(nextArg());
      i++;
    } else while (i < fmt.length && /\d/.test(fmt[i]!)) width += fmt[i++];
    let precision: string | null = null;
    if (fmt[i] === '.') {
      i++;
      precision = '';
      if (fmt[i] === '*') {
        precision = String(nextArg());
        i++;
      } else while (i < fmt.length && /\d/.test(fmt[i]!)) precision += fmt[i++];
    }
    while (i < fmt.length && 'hlL'.includes(fmt[i]!)) i++;
    if (i >= fmt.length) throw valueError('incomplete format');
    const type = fmt[i++]!;
    if (type === '%') {
      out += '%';
      continue;
    }
    let arg: unknown;
    if (key !== null) {
      if (mapping === null) throw typeError('format requires a mapping');
      usedMapping = true;
      arg = mapping instanceof PyDict ? dictGet(mapping, key) : getItem(mapping, key);
      if (arg === undefined) throw keyError(key, pyRepr(key));
    } else arg = nextArg();
    out += formatOne(type, flags, width, precision, arg);
  }
  if (argi < args.length && !usedMapping && mapping === null) throw typeError('not all arguments converted during string formatting');
  return out;
}

function formatOne(type: string, flags: string, width: string, precision: string | null, arg: unknown): string {
  const left = flags.includes('-');
  const pad = (s: string, zeroOk: boolean): string => {
    const w = width === '' ? 0 : Number(width);
    const len = [...s].length;
    if (len >= w) return s;
    if (left) return s + ' '.repeat(w - len);
    if (zeroOk && flags.includes('0')) {
      const sign = /^[+\- ]/.test(s) ? s[0]! : '';
      const prefix = /^[+\- ]?0[xXo]/.test(s) && flags.includes('#') ? s.slice(sign.length, sign.length + 2) : '';
      const body = s.slice(sign.length + prefix.length);
      return sign + prefix + '0'.repeat(w - len) + body;
    }
    return ' '.repeat(w - len) + s;
  };
  const sign = flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  switch (type) {
    case 's':
    case 'r':
    case 'a': {
      let s = type === 's' ? pyStr(arg) : type === 'r' ? pyRepr(arg) : pyAscii(arg);
      if (precision !== null) s = [...s].slice(0, Number(precision || '0')).join('');
      return pad(s, false);
    }
    case 'd':
    case 'i':
    case 'u': {
      let n: unknown = arg;
      if (n instanceof PyFloat) {
        if (!Number.isFinite(n.v)) throw new PyOverflowError(`cannot convert float ${n.v > 0 ? 'infinity' : n.v < 0 ? '-infinity' : 'NaN'} to integer`);
        n = Math.trunc(n.v);
      }
      if (typeof n === 'boolean') n = n ? 1 : 0;
      if (typeof n !== 'number' && typeof n !== 'bigint') throw typeError(`%${type} format: a real number is required, not ${typeName(arg)}`);
      let s = intRepr(typeof n === 'number' ? n : normBig(n));
      let neg = false;
      if (s.startsWith('-')) {
        neg = true;
        s = s.slice(1);
      }
      if (precision !== null && s.length < Number(precision)) s = '0'.repeat(Number(precision) - s.length) + s;
      return pad((neg ? '-' : sign) + s, true);
    }
    case 'x':
    case 'X':
    case 'o': {
      let n: unknown = arg;
      if (typeof n === 'boolean') n = n ? 1 : 0;
      if (typeof n !== 'number' && typeof n !== 'bigint') throw typeError(`%${type} format: an integer is required, not ${typeName(arg)}`);
      const b = BigInt(n);
      const neg = b < 0n;
      let s = (neg ? -b : b).toString(type === 'o' ? 8 : 16);
      if (type === 'X') s = s.toUpperCase();
      if (precision !== null && s.length < Number(precision)) s = '0'.repeat(Number(precision) - s.length) + s;
      if (flags.includes('#')) s = (type === 'o' ? '0o' : type === 'x' ? '0x' : '0X') + s;
      return pad((neg ? '-' : sign) + s, true);
    }
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G': {
      let x: number;
      if (arg instanceof PyFloat) x = arg.v;
      else if (typeof arg === 'number') x = arg;
      else if (typeof arg === 'bigint') x = Number(arg);
      else if (typeof arg === 'boolean') x = arg ? 1 : 0;
      else throw typeError(`must be real number, not ${typeName(arg)}`);
      let spec = '';
      if (sign !== '') spec += sign;
      if (flags.includes('#')) spec += '#';
      spec += '.' + (precision === null ? '6' : precision === '' ? '0' : precision) + type;
      let s: string;
      try {
        s = formatSpec({ kind: 'float', value: x }, spec);
      } catch (e) {
        specError(e);
      }
      return pad(s, Number.isFinite(x));
    }
    case 'c': {
      if (typeof arg === 'string') {
        if ([...arg].length !== 1) throw typeError('%c requires int or char');
        return pad(arg, false);
      }
      if (typeof arg === 'number') return pad(String.fromCodePoint(arg), false);
      throw typeError('%c requires int or char');
    }
    default:
      throw valueError(`unsupported format character '${type}' (0x${type.charCodeAt(0).toString(16)}) at index ?`);
  }
}
