/**
 * The conversions and measurements builtins and operators share: len(), int(), float(), round(),
 * with CPython's parsing rules and error messages.
 */
import { PyBytes } from './pybytes.ts';
import { formatFixed, INT_MAX_STR_DIGITS, strToIntLimitError } from '../format.ts';
import { PyClass, PyDict, PyFloat, PyInstance, PyMethodDescr, typeOf, PyList, PyRange, PySet, PyTuple, normBig, typeName } from './values.ts';
import { overflowError, typeError, valueError } from './exceptions.ts';
import { callDunder, lookupDunder } from './calls.ts';
import { pyRepr } from './repr.ts';
import { strLen } from './subscript.ts';
import { PyDictView } from './iter.ts';

export function pyLen(v: unknown): number {
  if (typeof v === 'string') return strLen(v);
  if (v instanceof PyList || v instanceof PyTuple) return v.a.length;
  if (v instanceof PyDict || v instanceof PySet) return v.m.size;
  if (v instanceof PyRange) return v.length;
  if (v instanceof PyDictView) return v.d.m.size;
  if (v instanceof PyBytes) return v.b.length;
  if (v instanceof PyClass && v.meta?.len !== undefined) return v.meta.len(v);
  if (v instanceof PyInstance && lookupDunder(v, '__len__') !== undefined) {
    const r = callDunder(v, '__len__', []);
    if (typeof r !== 'number' && typeof r !== 'bigint' && typeof r !== 'boolean') {
      throw typeError(`'${typeName(r)}' object cannot be interpreted as an integer`);
    }
    const n = Number(r);
    if (n < 0) throw valueError('__len__() should return >= 0');
    return n;
  }
  const own = typeOf(v).lookup('__len__');
  if (own instanceof PyMethodDescr) return Number(own.fn(v, [], null));
  throw typeError(`object of type '${typeName(v)}' has no len()`);
}

/** Unicode decimal digits (Nd) map to their value, as int() and float() accept them. */
function normalizeDigits(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 128) {
      out += ch;
      continue;
    }
    if (/\p{Nd}/u.test(ch)) {
      // Decimal digits come in contiguous runs of ten starting at a code point ending in 0 (mostly).
      let zero = c;
      while (zero > 0 && /\p{Nd}/u.test(String.fromCodePoint(zero - 1)) && c - zero < 9) zero--;
      out += String(c - zero);
    } else if (/\s/u.test(ch)) out += ' ';
    else out += ch;
  }
  return out;
}

const INT_RE: Record<number, RegExp> = {};

function digitsRe(base: number): RegExp {
  let re = INT_RE[base];
  if (re === undefined) {
    const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, base);
    const cls = `[${digits}${digits.toUpperCase()}]`;
    re = new RegExp(`^${cls}(_?${cls})*$`);
    INT_RE[base] = re;
  }
  return re;
}

/** int(s, base) for a str. */
export function parseInt(s: string, base: number): number | bigint {
  const original = s;
  const bad = (): never => {
    throw valueError(`invalid literal for int() with base ${base}: ${pyRepr(original)}`);
  };
  let t = normalizeDigits(s).trim();
  let neg = false;
  if (t.startsWith('-') || t.startsWith('+')) {
    neg = t[0] === '-';
    t = t.slice(1);
  }
  let b = base;
  const prefix = t.slice(0, 2).toLowerCase();
  if (b === 0) {
    if (prefix === '0x') b = 16;
    else if (prefix === '0o') b = 8;
    else if (prefix === '0b') b = 2;
    else {
      b = 10;
      if (/^0+[1-9]/.test(t.replace(/_/g, ''))) bad();
    }
    if (b !== 10) t = t.slice(2);
    if (t.startsWith('_')) t = t.slice(1);
  } else if ((b === 16 && prefix === '0x') || (b === 8 && prefix === '0o') || (b === 2 && prefix === '0b')) {
    t = t.slice(2);
    if (t.startsWith('_')) t = t.slice(1);
  }
  if (t === '' || !digitsRe(b).test(t)) bad();
  t = t.replace(/_/g, '').toLowerCase();
  const bitsPerDigit = POWER_OF_TWO_BITS[b];
  // Bases that are not powers of two convert in quadratic time: CPython limits their digits.
  if (bitsPerDigit === undefined && t.length > INT_MAX_STR_DIGITS) throw valueError(strToIntLimitError(t.length).message);
  let value: bigint;
  if (b === 10) value = BigInt(t);
  else if (bitsPerDigit !== undefined) {
    // Linear: through a binary literal (multiplying digit by digit would copy the number each time).
    let binary = '0b';
    for (const ch of t) binary += parseInt36(ch).toString(2).padStart(bitsPerDigit, '0');
    value = BigInt(binary);
  } else {
    value = 0n;
    const B = BigInt(b);
    for (const ch of t) value = value * B + BigInt(parseInt36(ch));
  }
  return normBig(neg ? -value : value);
}

/** Bits per digit of the bases that are powers of two. */
const POWER_OF_TWO_BITS: Record<number, number> = { 2: 1, 4: 2, 8: 3, 16: 4, 32: 5 };

function parseInt36(ch: string): number {
  return '0123456789abcdefghijklmnopqrstuvwxyz'.indexOf(ch);
}

/** int(x) */
export function toInt(v: unknown, base: unknown = null): number | bigint {
  if (v instanceof PyBytes) {
    // int(b'42'): the bytes' ASCII digits, with the bytes' repr in the error (as CPython).
    if (/^[\x00-\x7f]*$/.test(v.latin1)) {
      try {
        return toInt(v.latin1, base);
      } catch (e) {
        if (!(e instanceof Error) || !/^invalid literal/.test(e.message)) throw e;
      }
    }
    throw valueError(`invalid literal for int() with base ${base === null ? 10 : Number(base)}: ${pyRepr(v)}`);
  }
  if (base !== null) {
    if (typeof v !== 'string') throw typeError("int() can't convert non-string with explicit base");
    const b = Number(base);
    if (!(b === 0 || (b >= 2 && b <= 36))) throw valueError('int() base must be >= 2 and <= 36, or 0');
    return parseInt(v, b);
  }
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof PyFloat) return floatToInt(v.v);
  if (typeof v === 'string') return parseInt(v, 10);
  if (v instanceof PyInstance) {
    for (const name of ['__int__', '__index__', '__trunc__']) {
      if (lookupDunder(v, name) !== undefined) {
        const r = callDunder(v, name, []);
        if (typeof r === 'number' || typeof r === 'bigint') return r;
        if (typeof r === 'boolean') return r ? 1 : 0;
        throw typeError(`${name} returned non-int (type ${typeName(r)})`);
      }
    }
  }
  throw typeError(`int() argument must be a string, a bytes-like object or a real number, not '${typeName(v)}'`);
}

export function floatToInt(x: number): number | bigint {
  if (Number.isNaN(x)) throw valueError('cannot convert float NaN to integer');
  if (!Number.isFinite(x)) throw overflowError('cannot convert float infinity to integer');
  const t = Math.trunc(x);
  return Number.isSafeInteger(t) ? (t === 0 ? 0 : t) : normBig(BigInt(t));
}

const FLOAT_RE = /^[+-]?((\d(_?\d)*)?\.?(\d(_?\d)*)?)([eE][+-]?\d(_?\d)*)?$/;

/** float(s) for a str. */
export function parseFloatStr(s: string): number {
  const t = normalizeDigits(s).trim();
  const lower = t.toLowerCase();
  const body = lower.replace(/^[+-]/, '');
  if (body === 'inf' || body === 'infinity') return lower.startsWith('-') ? -Infinity : Infinity;
  if (body === 'nan') return NaN;
  const m = FLOAT_RE.exec(t);
  if (m === null || !/\d/.test(m[1] ?? '')) throw valueError(`could not convert string to float: ${pyRepr(s)}`);
  return Number(t.replace(/_/g, ''));
}

/** float(x) */
export function toFloatValue(v: unknown): number {
  if (v instanceof PyFloat) return v.v;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') {
    const x = Number(v);
    if (!Number.isFinite(x)) throw overflowError('int too large to convert to float');
    return x;
  }
  if (typeof v === 'string') return parseFloatStr(v);
  if (v instanceof PyInstance && lookupDunder(v, '__float__') !== undefined) {
    const r = callDunder(v, '__float__', []);
    if (r instanceof PyFloat) return r.v;
    throw typeError(`${typeName(v)}.__float__ returned non-float (type ${typeName(r)})`);
  }
  throw typeError(`float() argument must be a string or a real number, not '${typeName(v)}'`);
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  if (Math.abs(x % 1) === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}

/** round(x[, ndigits]) */
export function pyRound(x: unknown, nd: unknown): unknown {
  if (nd === null || nd === undefined) {
    if (typeof x === 'number' || typeof x === 'bigint') return x;
    if (typeof x === 'boolean') return x ? 1 : 0;
    if (x instanceof PyFloat) {
      if (Number.isNaN(x.v)) throw valueError('cannot convert float NaN to integer');
      if (!Number.isFinite(x.v)) throw overflowError('cannot convert float infinity to integer');
      return floatToInt(roundHalfEven(x.v));
    }
  } else {
    if (typeof nd !== 'number' && typeof nd !== 'bigint' && typeof nd !== 'boolean') {
      throw typeError(`'${typeName(nd)}' object cannot be interpreted as an integer`);
    }
    const n = Number(nd);
    if (typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean') {
      const v = typeof x === 'boolean' ? (x ? 1n : 0n) : BigInt(x);
      if (n >= 0) return normBig(v);
      const p = 10n ** BigInt(-n);
      let q = v / p;
      let r = v % p;
      if (r < 0n) {
        r += p;
        q -= 1n;
      }
      const twice = 2n * r;
      if (twice > p || (twice === p && q % 2n !== 0n)) q += 1n;
      return normBig(q * p);
    }
    if (x instanceof PyFloat) {
      const v = x.v;
      if (!Number.isFinite(v) || v === 0) return x;
      if (n > 323) return x;
      if (n >= 0) return new PyFloat(Number(formatFixed(v, n)));
      if (n < -308) return new PyFloat(0 * Math.sign(v));
      const p = 10 ** -n;
      return new PyFloat(roundHalfEven(v / p) * p);
    }
  }
  if (x instanceof PyInstance && lookupDunder(x, '__round__') !== undefined) {
    return callDunder(x, '__round__', nd === null || nd === undefined ? [] : [nd]);
  }
  throw typeError(`type ${typeName(x)} doesn't define __round__ method`);
}
