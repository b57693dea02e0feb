/**
 * Operators with Python's semantics: the int/float distinction, arbitrary-precision ints, floor
 * division and modulo with the sign of the divisor, true division, `**`, comparisons (including
 * exact int/float comparison), truthiness, equality, `in`, sequence concatenation and repetition,
 * and the dunder methods of user classes. Error messages are CPython 3.11's.
 */
import { PyBytes, bytesCompare, bytesContains, concatBytes, repeatBytes } from './pybytes.ts';
import { LARGE_CHARS, allocate, allocateIntBits, ensureRoom, madeStr, beforeExtending } from './memory.ts';
import { BOOL, MAX_SAFE, PyClass, PyDict, PyFloat, PyInstance, PyList, PyRange, PySet, PyTuple, NOT_IMPLEMENTED, isInt, normBig, toBig, typeName, typeOf, PyMethodDescr } from './values.ts';
import { PyMemoryError, overflowError, typeError, valueError, zeroDivision } from './exceptions.ts';
import { callDunder, lookupDunder } from './calls.ts';
import { pyLen } from './builtins-core.ts';
import { dictContains } from './keys.ts';
import { iterate } from './iter.ts';
import { percentFormat } from './strformat.ts';
import { tick } from './budget.ts';
import { typeUnion } from './generics.ts';
import { dictSetRaw, setDifference, setIntersection, setSymmetricDifference, setUnion } from './containers.ts';
import { setAnd, setAssign, setDifferenceUpdate, setUpdate, setXorUpdate } from './pyset.ts';
import { powPositive } from './ddmath.ts';

const BIG_LIMIT_BITS = 1 << 26;

/** Mathematically exact bigint/number equality (JS == compares them exactly). */
function looseEq(a: unknown, b: unknown): boolean {
  // eslint-disable-next-line eqeqeq
  return a == b;
}

// ---------------------------------------------------------------------------------------------
// Truthiness

export function truthy(v: unknown): boolean {
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'number':
      return v !== 0;
    case 'string':
      return v.length !== 0;
    case 'bigint':
      return v !== 0n;
    case 'object':
      if (v === null) return false;
      if (v instanceof PyList) return v.a.length !== 0;
      if (v instanceof PyFloat) return v.v !== 0;
      if (v instanceof PyTuple) return v.a.length !== 0;
      if (v instanceof PyDict) return v.m.size !== 0;
      if (v instanceof PySet) return v.m.size !== 0;
      if (v instanceof PyRange) return v.length !== 0;
      if (v instanceof PyInstance) return instanceTruthy(v);
      if (v instanceof PyBytes) return v.b.length !== 0;
      return true;
    default:
      return true;
  }
}

function instanceTruthy(v: PyInstance): boolean {
  if (lookupDunder(v, '__bool__') !== undefined) {
    const r = callDunder(v, '__bool__', []);
    if (typeof r !== 'boolean') throw typeError(`__bool__ should return bool, returned ${typeName(r)}`);
    return r;
  }
  if (lookupDunder(v, '__len__') !== undefined) return pyLen(v) !== 0;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Numbers

/** 0: not a number, 1: int (or bool), 2: float. */
function numKind(v: unknown): number {
  switch (typeof v) {
    case 'number':
    case 'bigint':
    case 'boolean':
      return 1;
    case 'object':
      return v instanceof PyFloat ? 2 : 0;
    default:
      return 0;
  }
}

/** int -> float, with CPython's OverflowError for huge ints. */
export function intToFloat(v: number | bigint | boolean): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const x = Number(v);
  if (!Number.isFinite(x)) throw overflowError('int too large to convert to float');
  return x;
}

export function toFloat(v: unknown): number {
  if (v instanceof PyFloat) return v.v;
  return intToFloat(v as number | bigint | boolean);
}

function intOf(v: number | bigint | boolean): number | bigint {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}

function checkBig(b: bigint): number | bigint {
  return normBig(b);
}

/** Set while an augmented assignment computes its result: errors then name `+=`, not `+`. */
let inplaceDepth = 0;

function unsupported(op: string, a: unknown, b: unknown): never {
  const sym = inplaceDepth > 0 ? `${op === '** or pow()' ? '**' : op}=` : op;
  throw typeError(`unsupported operand type(s) for ${sym}: '${typeName(a)}' and '${typeName(b)}'`);
}

/** Try a user class's binary dunder, then the reflected one. */
function dunderBinary(a: unknown, b: unknown, name: string, rname: string): unknown {
  if (a instanceof PyInstance && lookupDunder(a, name) !== undefined) {
    const r = callDunder(a, name, [b]);
    if (r !== NOT_IMPLEMENTED) return r;
  }
  if (b instanceof PyInstance && lookupDunder(b, rname) !== undefined) {
    const r = callDunder(b, rname, [a]);
    if (r !== NOT_IMPLEMENTED) return r;
  }
  return NOT_IMPLEMENTED;
}

export function add(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    return r <= MAX_SAFE && r >= -MAX_SAFE ? r : normBig(BigInt(a) + BigInt(b));
  }
  if (typeof a === 'string' && typeof b === 'string') return concatStr(a, b);
  return addSlow(a, b);
}

function concatStr(a: string, b: string): string {
  const length = a.length + b.length;
  if (length > 1 << 28) throw new PyMemoryError(`a str of ${length.toLocaleString('en-US')} characters is too long for Loopscope`);
  // A long result counts what was added: building a long text piece by piece counts it once.
  if (length >= LARGE_CHARS) allocate(Math.min(a.length, b.length));
  return a + b;
}

function addSlow(a: unknown, b: unknown): unknown {
  const ka = numKind(a);
  const kb = numKind(b);
  if (ka !== 0 && kb !== 0) {
    if (ka === 2 || kb === 2) return new PyFloat(toFloat(a) + toFloat(b));
    return checkBig(toBig(a as number) + toBig(b as number));
  }
  if (a instanceof PyList && b instanceof PyList) return new PyList(a.a.concat(b.a));
  if (a instanceof PyTuple && b instanceof PyTuple) return new PyTuple(a.a.concat(b.a));
  if (a instanceof PyBytes && !(b instanceof PyInstance)) return concatBytes(a, b);
  const r = dunderBinary(a, b, '__add__', '__radd__');
  if (r !== NOT_IMPLEMENTED) return r;
  if (typeof a === 'string') throw typeError(`can only concatenate str (not "${typeName(b)}") to str`);
  if (a instanceof PyList) throw typeError(`can only concatenate list (not "${typeName(b)}") to list`);
  if (a instanceof PyTuple) throw typeError(`can only concatenate tuple (not "${typeName(b)}") to tuple`);
  return unsupported('+', a, b);
}

/** `a += b`: lists extend in place; everything else is `a + b`. */
export function iadd(a: unknown, b: unknown): unknown {
  if (a instanceof PyList) {
    if (b instanceof PyList) {
      const items = b.a.slice();
      beforeExtending(a.a, items);
      for (const x of items) a.a.push(x);
    } else {
      const items: unknown[] = [];
      iterate(b, (x) => {
        items.push(x);
      });
      beforeExtending(a.a, items);
      for (const x of items) a.a.push(x);
    }
    return a;
  }
  if (a instanceof PyInstance && lookupDunder(a, '__iadd__') !== undefined) {
    const r = callDunder(a, '__iadd__', [b]);
    if (r !== NOT_IMPLEMENTED) return r;
  }
  return add(a, b);
}

export function sub(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    return r <= MAX_SAFE && r >= -MAX_SAFE ? r : normBig(BigInt(a) - BigInt(b));
  }
  const ka = numKind(a);
  const kb = numKind(b);
  if (ka !== 0 && kb !== 0) {
    if (ka === 2 || kb === 2) return new PyFloat(toFloat(a) - toFloat(b));
    return checkBig(toBig(a as number) - toBig(b as number));
  }
  if (a instanceof PySet && b instanceof PySet) return setDifference(a, b);
  const r = dunderBinary(a, b, '__sub__', '__rsub__');
  if (r !== NOT_IMPLEMENTED) return r;
  return unsupported('-', a, b);
}

export function mul(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r === 0 ? 0 : r;
    return normBig(BigInt(a) * BigInt(b));
  }
  const ka = numKind(a);
  const kb = numKind(b);
  if (ka !== 0 && kb !== 0) {
    if (ka === 2 || kb === 2) return new PyFloat(toFloat(a) * toFloat(b));
    const x = toBig(a as number);
    const y = toBig(b as number);
    if (typeof a === 'bigint' || typeof b === 'bigint') countBigResult('*', approxBits(x) + approxBits(y));
    return checkBig(x * y);
  }
  if (ka === 1 && kb === 0) return repeat(b, a as number | bigint | boolean, a);
  if (kb === 1 && ka === 0) return repeat(a, b as number | bigint | boolean, b);
  const r = dunderBinary(a, b, '__mul__', '__rmul__');
  if (r !== NOT_IMPLEMENTED) return r;
  if (isSequence(a) && !(b instanceof PyInstance)) throw typeError(`can't multiply sequence by non-int of type '${typeName(b)}'`);
  if (isSequence(b) && !(a instanceof PyInstance)) throw typeError(`can't multiply sequence by non-int of type '${typeName(a)}'`);
  return unsupported('*', a, b);
}

function isSequence(v: unknown): boolean {
  return typeof v === 'string' || v instanceof PyList || v instanceof PyTuple || v instanceof PyBytes;
}

function repeat(seq: unknown, n: number | bigint | boolean, nOriginal: unknown): unknown {
  const count = Number(intOf(n));
  if (typeof seq === 'string') {
    if (count <= 0) return '';
    const length = seq.length * count;
    if (length > 1 << 28) throw new PyMemoryError(`a str of ${length.toLocaleString('en-US')} characters is too long for Loopscope`);
    ensureRoom(length);
    return madeStr(seq.repeat(count));
  }
  if (seq instanceof PyList || seq instanceof PyTuple) {
    let out: unknown[] = [];
    if (count > 0) {
      const items = seq.a;
      const length = items.length * count;
      if (length > 1 << 26) throw new PyMemoryError(`a ${typeName(seq)} of ${length.toLocaleString('en-US')} items is too long for Loopscope`);
      // Fail before building it; the new list counts itself (memory.ts).
      ensureRoom(8 * length);
      if (items.length === 1) out = new Array<unknown>(length).fill(items[0]);
      else {
        out = new Array<unknown>(length);
        for (let i = 0, k = 0; i < count; i++) for (let j = 0; j < items.length; j++) out[k++] = items[j];
      }
    }
    return seq instanceof PyList ? new PyList(out) : new PyTuple(out);
  }
  if (seq instanceof PyBytes) {
    if (seq.b.length * count > 1 << 28) throw new PyMemoryError();
    return repeatBytes(seq, count);
  }
  const r = dunderBinary(seq, nOriginal, '__mul__', '__rmul__');
  if (r !== NOT_IMPLEMENTED) return r;
  return unsupported('*', seq, nOriginal);
}

/** int / int: the correctly rounded quotient, as CPython's long_true_divide. */
function intTrueDiv(a: number | bigint, b: number | bigint): number {
  if (b === 0 || b === 0n) throw zeroDivision('division by zero');
  if (typeof a === 'number' && typeof b === 'number') return a / b;
  const A = BigInt(a);
  const B = BigInt(b);
  const fa = Number(A);
  const fb = Number(B);
  const exactA = BigInt(Math.trunc(fa)) === A && Number.isFinite(fa);
  const exactB = BigInt(Math.trunc(fb)) === B && Number.isFinite(fb);
  if (exactA && exactB) return fa / fb;
  // Scale so the quotient has 64+ significant bits, then round once (ties to even via Number()).
  const negative = A < 0n !== B < 0n;
  const na = A < 0n ? -A : A;
  const nb = B < 0n ? -B : B;
  const shift = bitLength(nb) - bitLength(na) + 66;
  const num = shift >= 0 ? na << BigInt(shift) : na;
  const den = shift >= 0 ? nb : nb << BigInt(-shift);
  const q = num / den;
  const rem = num % den;
  // Sticky bit: make sure a non-zero remainder is not mistaken for an exact tie.
  const qs = rem === 0n ? q : q | 1n;
  let x = Number(qs) * 2 ** -shift;
  if (!Number.isFinite(x) || (shift < -1000 && x === 0)) {
    // Outside the double range (or needing the exponent split): compute in steps.
    x = Number(qs);
    let s = -shift;
    while (s > 0 && Number.isFinite(x)) {
      const step = Math.min(s, 1000);
      x *= 2 ** step;
      s -= step;
    }
    while (s < 0) {
      const step = Math.max(s, -1000);
      x *= 2 ** step;
      s -= step;
    }
  }
  if (!Number.isFinite(x)) throw overflowError('integer division result too large for a float');
  return negative ? -x : x;
}

function bitLength(b: bigint): number {
  return b === 0n ? 0 : b.toString(2).length;
}

/** At least the bit length of |b|, at most 4 more: cheap for huge ints (hex digits, not bits). */
function approxBits(b: bigint): number {
  return b === 0n ? 0 : (b < 0n ? -b : b).toString(16).length * 4;
}

/**
 * An int result of about `bits` bits: beyond BIG_LIMIT_BITS it is refused (V8 would take seconds
 * to make it, and no lesson needs an int of eight megabytes); a large one is counted (memory.ts).
 */
function countBigResult(op: string, bits: number): void {
  if (!(bits < BIG_LIMIT_BITS)) {
    throw new PyMemoryError(`the result of ${op} would have about ${bits.toLocaleString('en-US')} bits, more than Loopscope's ${BIG_LIMIT_BITS.toLocaleString('en-US')}`);
  }
  allocateIntBits(bits);
}

export function truediv(a: unknown, b: unknown): unknown {
  const ka = numKind(a);
  const kb = numKind(b);
  if (ka !== 0 && kb !== 0) {
    if (ka === 2 || kb === 2) {
      const y = toFloat(b);
      if (y === 0) throw zeroDivision('float division by zero');
      return new PyFloat(toFloat(a) / y);
    }
    return new PyFloat(intTrueDiv(intOf(a as number), intOf(b as number)));
  }
  const r = dunderBinary(a, b, '__truediv__', '__rtruediv__');
  if (r !== NOT_IMPLEMENTED) return r;
  return unsupported('/', a, b);
}

/** float_divmod from Objects/floatobject.c: [floordiv, mod]. */
function floatDivmod(vx: number, wx: number, what: string): [number, number] {
  if (wx === 0) throw zeroDivision(what);
  let mod = vx % wx;
  let div = (vx - mod) / wx;
  if (mod) {
    if (wx < 0 !== mod < 0) {
      mod += wx;
      div -= 1.0;
    }
  } else {
    mod = Math.sign(wx) < 0 || Object.is(wx, -0) ? -0 : 0;
  }
  let floordiv: number;
  if (div) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
  } else {
    const q = vx / wx;
    floordiv = q < 0 || Object.is(q, -0) ? -0 : 0;
  }
  return [floordiv, mod];
}

function intFloorDiv(a: number | bigint, b: number | bigint): number | bigint {
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0) throw zeroDivision('integer division or modulo by zero');
    const r = a % b;
    let q = (a - r) / b;
    if (r !== 0 && r < 0 !== b < 0) q -= 1;
    return q === 0 ? 0 : q;
  }
  const A = BigInt(a);
  const B = BigInt(b);
  if (B === 0n) throw zeroDivision('integer division or modulo by zero');
  let q = A / B;
  if (A % B !== 0n && A < 0n !== B < 0n) q -= 1n;
  return normBig(q);
}

function intMod(a: number | bigint, b: number | bigint, message = 'integer modulo by zero'): number | bigint {
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0) throw zeroDivision(message);
    let r = a % b;
    if (r !== 0 && r < 0 !== b < 0) r += b;
    return r === 0 ? 0 : r;
  }
  const A = BigInt(a);
  const B = BigInt(b);
  if (B === 0n) throw zeroDivision(message);
  let r = A % B;
  if (r !== 0n && r < 0n !== B < 0n) r += B;
  return normBig(r);
}

export function floordiv(a: unknown, b: unknown): unknown {
  const ka = numKind(a);
  const kb = numKind(b);
  if (ka !== 0 && kb !== 0) {
    if (ka === 2 || kb === 2) return new PyFloat(floatDivmod(toFloat(a), toFloat(b), 'float floor division by zero')[0]);
    return intFloorDiv(intOf(a as number), intOf(b as number));
  }
  const r = dunderBinary(a, b, '__floordiv__', '__rfloordiv__');
  if (r !== NOT_IMPLEMENTED) return r;
  return unsupported('//', a, b);
}

export function mod(a: unknown, b: unknown): unknown {
  if (typeof a === 'string') return madeStr(percentFormat(a, b));
  const ka = numKind(a);
  const kb = numKind(b);
  if (ka !== 0 && kb !== 0) {
    if (ka === 2 || kb === 2) return new PyFloat(floatDivmod(toFloat(a), toFloat(b), 'float modulo')[1]);
    return intMod(intOf(a as number), intOf(b as number));
  }
  const r = dunderBinary(a, b, '__mod__', '__rmod__');
  if (r !== NOT_IMPLEMENTED) return r;
  return unsupported('%', a, b);
}

/** divmod(a, b) */
export function divmod(a: unknown, b: unknown): [unknown, unknown] {
  const ka = numKind(a);
  const kb = numKind(b);
  if (ka !== 0 && kb !== 0) {
    if (ka === 2 || kb === 2) {
      const [q, r] = floatDivmod(toFloat(a), toFloat(b), 'float divmod()');
      return [new PyFloat(q), new PyFloat(r)];
    }
    const x = intOf(a as number);
    const y = intOf(b as number);
    return [intFloorDiv(x, y), intMod(x, y, 'integer division or modulo by zero')];
  }
  throw typeError(`unsupported operand type(s) for divmod(): '${typeName(a)}' and '${typeName(b)}'`);
}

export function pow(a: unknown, b: unknown): unknown {
  const ka = numKind(a);
  const kb = numKind(b);
  if (ka !== 0 && kb !== 0) {
    if (ka === 1 && kb === 1) {
      const x = intOf(a as number);
      const y = intOf(b as number);
      if (y < 0) {
        const fx = intToFloat(x);
        if (fx === 0) throw zeroDivision('0.0 cannot be raised to a negative power');
        return new PyFloat(floatPow(fx, intToFloat(y)));
      }
      if (typeof x === 'number' && typeof y === 'number' && y <= 64) {
        let r = 1;
        let ok = true;
        for (let i = 0; i < y; i++) {
          r *= x;
          if (r > MAX_SAFE || r < -MAX_SAFE) {
            ok = false;
            break;
          }
        }
        if (ok) return r === 0 ? 0 : r;
      }
      const bx = BigInt(x);
      const by = BigInt(y);
      if (bx !== 0n && bx !== 1n && bx !== -1n) {
        const bits = Number(by) * bitLength(bx < 0n ? -bx : bx);
        countBigResult('**', bits);
      }
      return normBig(bx ** by);
    }
    return new PyFloat(floatPow(toFloat(a), toFloat(b)));
  }
  const r = dunderBinary(a, b, '__pow__', '__rpow__');
  if (r !== NOT_IMPLEMENTED) return r;
  return unsupported('** or pow()', a, b);
}

function isOddInteger(y: number): boolean {
  return Number.isFinite(y) && Math.abs(y % 2) === 1;
}

/** CPython's float_pow (Objects/floatobject.c): its special cases, then a correctly rounded pow. */
function floatPow(x: number, y: number): number {
  if (y === 0) return 1;
  if (Number.isNaN(x)) return x;
  if (Number.isNaN(y)) return x === 1 ? 1 : y;
  if (!Number.isFinite(y)) {
    const ax = Math.abs(x);
    if (ax === 1) return 1;
    return y > 0 === ax > 1 ? Infinity : 0;
  }
  if (!Number.isFinite(x)) {
    const odd = isOddInteger(y);
    if (y > 0) return odd ? x : Math.abs(x);
    return odd ? (x < 0 ? -0 : 0) : 0;
  }
  if (x === 0) {
    if (y < 0) throw zeroDivision('0.0 cannot be raised to a negative power');
    return isOddInteger(y) ? x : 0;
  }
  let negate = false;
  if (x < 0) {
    if (!Number.isInteger(y)) {
      throw valueError('complex numbers are not supported in scenarios (a negative number raised to a fractional power)');
    }
    x = -x;
    negate = isOddInteger(y);
  }
  if (x === 1) return negate ? -1 : 1;
  const r = powPositive(x, y);
  if (r === Infinity) throw overflowError("(34, 'Numerical result out of range')");
  return negate ? -r : r;
}

function intOnly(op: string, a: unknown, b: unknown, name: string, rname: string): [bigint, bigint] {
  if ((isInt(a) || typeof a === 'boolean') && (isInt(b) || typeof b === 'boolean')) return [toBig(a), toBig(b)];
  const r = dunderBinary(a, b, name, rname);
  if (r !== NOT_IMPLEMENTED) throw new DunderResult(r);
  return unsupported(op, a, b);
}

class DunderResult {
  constructor(readonly value: unknown) {}
}

function bitwise(op: string, a: unknown, b: unknown, name: string, rname: string, f: (x: bigint, y: bigint) => bigint): unknown {
  if (typeof a === 'boolean' && typeof b === 'boolean' && op !== '<<' && op !== '>>') {
    return Boolean(Number(f(toBig(a), toBig(b))));
  }
  if (op === '|' || op === '&' || op === '^') {
    if (a instanceof PySet && b instanceof PySet) {
      return op === '|' ? setUnion(a, b) : op === '&' ? setIntersection(a, b) : setSymmetricDifference(a, b);
    }
    if (op === '|' && a instanceof PyDict && b instanceof PyDict) {
      const out = new PyDict();
      for (const e of a.m.values()) dictSetRaw(out, e.k, e.v);
      for (const e of b.m.values()) dictSetRaw(out, e.k, e.v);
      return out;
    }
  }
  try {
    const [x, y] = intOnly(op, a, b, name, rname);
    return normBig(f(x, y));
  } catch (e) {
    if (e instanceof DunderResult) return e.value;
    throw e;
  }
}


export function lshift(a: unknown, b: unknown): unknown {
  return bitwise('<<', a, b, '__lshift__', '__rlshift__', (x, y) => {
    if (y < 0n) throw valueError('negative shift count');
    if (x !== 0n) countBigResult('<<', approxBits(x) + Number(y > BigInt(BIG_LIMIT_BITS) ? BigInt(BIG_LIMIT_BITS) : y));
    return x << y;
  });
}

export function rshift(a: unknown, b: unknown): unknown {
  return bitwise('>>', a, b, '__rshift__', '__rrshift__', (x, y) => {
    if (y < 0n) throw valueError('negative shift count');
    return x >> y;
  });
}

export function bitor(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number' && a >= 0 && b >= 0 && a <= 0x7fffffff && b <= 0x7fffffff) return a | b;
  const union = typeUnion(a, b);
  if (union !== null) return union;
  return bitwise('|', a, b, '__or__', '__ror__', (x, y) => x | y);
}

export function bitand(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number' && a >= 0 && b >= 0 && a <= 0x7fffffff && b <= 0x7fffffff) return a & b;
  return bitwise('&', a, b, '__and__', '__rand__', (x, y) => x & y);
}

export function bitxor(a: unknown, b: unknown): unknown {
  return bitwise('^', a, b, '__xor__', '__rxor__', (x, y) => x ^ y);
}

export const BINARY: Readonly<Record<string, (a: unknown, b: unknown) => unknown>> = {
  Add: add,
  Sub: sub,
  Mult: mul,
  Div: truediv,
  FloorDiv: floordiv,
  Mod: mod,
  Pow: pow,
  LShift: lshift,
  RShift: rshift,
  BitOr: bitor,
  BitXor: bitxor,
  BitAnd: bitand,
};

/** In-place operators: lists extend on +=, sets update on |= &= -= ^=, the rest are binary. */
export function inplace(op: string, a: unknown, b: unknown): unknown {
  inplaceDepth++;
  try {
    return inplaceOp(op, a, b);
  } finally {
    inplaceDepth--;
  }
}

function inplaceOp(op: string, a: unknown, b: unknown): unknown {
  if (op === 'Add') return iadd(a, b);
  if (a instanceof PySet && b instanceof PySet && !a.frozen) {
    switch (op) {
      case 'BitOr':
        setUpdate(a, b);
        return a;
      case 'BitAnd':
        setAssign(a, setAnd(a, b));
        return a;
      case 'Sub':
        setDifferenceUpdate(a, b);
        return a;
      case 'BitXor':
        setXorUpdate(a, b);
        return a;
    }
  }
  if (op === 'Mult' && a instanceof PyList && (isInt(b) || typeof b === 'boolean')) {
    const r = mul(a, b) as PyList;
    a.a = r.a;
    return a;
  }
  if (a instanceof PyInstance) {
    const name = INPLACE_DUNDER[op];
    if (name !== undefined && lookupDunder(a, name) !== undefined) {
      const r = callDunder(a, name, [b]);
      if (r !== NOT_IMPLEMENTED) return r;
    }
  }
  return BINARY[op]!(a, b);
}

const INPLACE_DUNDER: Readonly<Record<string, string>> = {
  Sub: '__isub__',
  Mult: '__imul__',
  Div: '__itruediv__',
  FloorDiv: '__ifloordiv__',
  Mod: '__imod__',
  Pow: '__ipow__',
  BitOr: '__ior__',
  BitAnd: '__iand__',
  BitXor: '__ixor__',
};

// ---------------------------------------------------------------------------------------------
// Unary

export function neg(a: unknown): unknown {
  if (typeof a === 'number') return a === 0 ? 0 : -a;
  if (typeof a === 'bigint') return normBig(-a);
  if (typeof a === 'boolean') return a ? -1 : 0;
  if (a instanceof PyFloat) return new PyFloat(-a.v);
  if (a instanceof PyInstance && lookupDunder(a, '__neg__') !== undefined) return callDunder(a, '__neg__', []);
  throw typeError(`bad operand type for unary -: '${typeName(a)}'`);
}

export function pos(a: unknown): unknown {
  if (typeof a === 'number' || typeof a === 'bigint' || a instanceof PyFloat) return a;
  if (typeof a === 'boolean') return a ? 1 : 0;
  if (a instanceof PyInstance && lookupDunder(a, '__pos__') !== undefined) return callDunder(a, '__pos__', []);
  throw typeError(`bad operand type for unary +: '${typeName(a)}'`);
}

export function invert(a: unknown): unknown {
  if (typeof a === 'number') return -a - 1;
  if (typeof a === 'bigint') return normBig(-a - 1n);
  if (typeof a === 'boolean') return a ? -2 : -1;
  if (a instanceof PyInstance && lookupDunder(a, '__invert__') !== undefined) return callDunder(a, '__invert__', []);
  throw typeError(`bad operand type for unary ~: '${typeName(a)}'`);
}

export function abs(a: unknown): unknown {
  if (typeof a === 'number') return Math.abs(a);
  if (typeof a === 'bigint') return a < 0n ? -a : a;
  if (typeof a === 'boolean') return a ? 1 : 0;
  if (a instanceof PyFloat) return new PyFloat(Math.abs(a.v));
  if (a instanceof PyInstance && lookupDunder(a, '__abs__') !== undefined) return callDunder(a, '__abs__', []);
  throw typeError(`bad operand type for abs(): '${typeName(a)}'`);
}

// ---------------------------------------------------------------------------------------------
// Comparison

/** Python `==`. Returns a JS boolean for builtin types, whatever __eq__ returns for user classes. */
export function eq(a: unknown, b: unknown): unknown {
  if (a === b) {
    if (a instanceof PyFloat) return a.v === a.v;
    if (a instanceof PyInstance) return instanceEq(a, b);
    return true;
  }
  switch (typeof a) {
    case 'number':
      if (typeof b === 'number') return false;
      if (b instanceof PyFloat) return a === b.v;
      if (typeof b === 'boolean') return a === (b ? 1 : 0);
      if (b instanceof PyInstance) return instanceEqReflected(a, b);
      return false;
    case 'string':
      if (b instanceof PyInstance) return instanceEqReflected(a, b);
      return false;
    case 'boolean':
      if (typeof b === 'number') return (a ? 1 : 0) === b;
      if (b instanceof PyFloat) return (a ? 1 : 0) === b.v;
      if (b instanceof PyInstance) return instanceEqReflected(a, b);
      return false;
    case 'bigint':
      if (typeof b === 'bigint') return a === b;
      if (b instanceof PyFloat) return looseEq(a, b.v); // exact mixed comparison
      return false;
    case 'object':
      return eqObjects(a, b);
    default:
      return false;
  }
}

function eqObjects(a: unknown, b: unknown): unknown {
  if (a === null || b === null) {
    if (b instanceof PyInstance) return instanceEqReflected(a, b);
    return false;
  }
  if (a instanceof PyFloat) {
    if (b instanceof PyFloat) return a.v === b.v;
    if (typeof b === 'number') return a.v === b;
    if (typeof b === 'bigint') return looseEq(b, a.v);
    if (typeof b === 'boolean') return a.v === (b ? 1 : 0);
    if (b instanceof PyInstance) return instanceEqReflected(a, b);
    return false;
  }
  if (a instanceof PyList) return b instanceof PyList ? seqEq(a.a, b.a) : b instanceof PyInstance ? instanceEqReflected(a, b) : false;
  if (a instanceof PyTuple) return b instanceof PyTuple ? seqEq(a.a, b.a) : b instanceof PyInstance ? instanceEqReflected(a, b) : false;
  if (a instanceof PyDict) {
    if (!(b instanceof PyDict)) return b instanceof PyInstance ? instanceEqReflected(a, b) : false;
    if (a.m.size !== b.m.size) return false;
    for (const [key, e] of a.m) {
      const other = b.m.get(key);
      if (other === undefined) return false;
      if (other.v !== e.v && !truthy(eq(e.v, other.v))) return false;
    }
    return true;
  }
  if (a instanceof PySet) {
    if (!(b instanceof PySet)) return false;
    if (a.m.size !== b.m.size) return false;
    for (const key of a.m.keys()) if (!b.m.has(key)) return false;
    return true;
  }
  if (a instanceof PyRange) {
    if (!(b instanceof PyRange)) return false;
    const n = a.length;
    if (n !== b.length) return false;
    if (n === 0) return true;
    if (a.start !== b.start) return false;
    return n === 1 || a.step === b.step;
  }
  if (a instanceof PyBytes) return b instanceof PyBytes ? bytesCompare(a, b) === 0 : b instanceof PyInstance ? instanceEqReflected(a, b) : false;
  if (a instanceof PyInstance) return instanceEq(a, b);
  if (b instanceof PyInstance) return instanceEqReflected(a, b);
  return false;
}

function instanceEq(a: PyInstance, b: unknown): unknown {
  if (lookupDunder(a, '__eq__') !== undefined) {
    const r = callDunder(a, '__eq__', [b]);
    if (r !== NOT_IMPLEMENTED) return r;
  }
  if (b instanceof PyInstance && b !== a && lookupDunder(b, '__eq__') !== undefined) {
    const r = callDunder(b, '__eq__', [a]);
    if (r !== NOT_IMPLEMENTED) return r;
  }
  return a === b;
}

function instanceEqReflected(a: unknown, b: PyInstance): unknown {
  if (lookupDunder(b, '__eq__') !== undefined) {
    const r = callDunder(b, '__eq__', [a]);
    if (r !== NOT_IMPLEMENTED) return r;
  }
  return false;
}

function seqEq(x: unknown[], y: unknown[]): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const p = x[i];
    const q = y[i];
    if (p !== q && !truthy(eq(p, q))) return false;
  }
  return true;
}

/** Python `!=`. */
export function ne(a: unknown, b: unknown): unknown {
  if (a instanceof PyInstance && lookupDunder(a, '__ne__') !== undefined) {
    const r = callDunder(a, '__ne__', [b]);
    if (r !== NOT_IMPLEMENTED) return r;
  }
  const r = eq(a, b);
  return typeof r === 'boolean' ? !r : !truthy(r);
}

/** Equality for containers (`in`, list.index, dict lookups of instances): identity first. */
export function same(a: unknown, b: unknown): boolean {
  return a === b || truthy(eq(a, b));
}

const CMP_SYMBOL: Readonly<Record<string, string>> = { lt: '<', le: '<=', gt: '>', ge: '>=' };
const CMP_DUNDER: Readonly<Record<string, [string, string]>> = {
  lt: ['__lt__', '__gt__'],
  le: ['__le__', '__ge__'],
  gt: ['__gt__', '__lt__'],
  ge: ['__ge__', '__le__'],
};

/** Compare two strings by code point (JS compares UTF-16 units, which differs above U+FFFF). */
function strCompare(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      const sx = x >= 0xd800 && x <= 0xdfff;
      const sy = y >= 0xd800 && y <= 0xdfff;
      if (sx === sy) return x < y ? -1 : 1;
      // A surrogate (astral code point) is larger than any BMP character it is compared with.
      return sx ? 1 : -1;
    }
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** -1, 0 or 1 for two numbers (int, bool, float) or NaN-involving: null. */
function numCompare(a: unknown, b: unknown): number | null {
  const x = a instanceof PyFloat ? a.v : typeof a === 'boolean' ? (a ? 1 : 0) : (a as number | bigint);
  const y = b instanceof PyFloat ? b.v : typeof b === 'boolean' ? (b ? 1 : 0) : (b as number | bigint);
  if (x < y) return -1;
  if (x > y) return 1;
  if (x == y) return 0;
  return null; // NaN
}

function richCompare(op: 'lt' | 'le' | 'gt' | 'ge', a: unknown, b: unknown): unknown {
  const ka = numKind(a);
  const kb = numKind(b);
  if (ka !== 0 && kb !== 0) {
    const c = numCompare(a, b);
    if (c === null) return false;
    return op === 'lt' ? c < 0 : op === 'le' ? c <= 0 : op === 'gt' ? c > 0 : c >= 0;
  }
  if ((typeof a === 'string' && typeof b === 'string') || (a instanceof PyBytes && b instanceof PyBytes)) {
    const c = typeof a === 'string' ? strCompare(a, b as string) : bytesCompare(a as PyBytes, b as PyBytes);
    return op === 'lt' ? c < 0 : op === 'le' ? c <= 0 : op === 'gt' ? c > 0 : c >= 0;
  }
  if ((a instanceof PyList && b instanceof PyList) || (a instanceof PyTuple && b instanceof PyTuple)) {
    const x = a.a;
    const y = (b as PyList | PyTuple).a;
    const n = Math.min(x.length, y.length);
    for (let i = 0; i < n; i++) {
      if (x[i] === y[i] || truthy(eq(x[i], y[i]))) continue;
      return richCompare(op, x[i], y[i]);
    }
    const c = x.length - y.length;
    return op === 'lt' ? c < 0 : op === 'le' ? c <= 0 : op === 'gt' ? c > 0 : c >= 0;
  }
  if (a instanceof PySet && b instanceof PySet) {
    const subset = (p: PySet, q: PySet) => [...p.m.keys()].every((k) => q.m.has(k));
    switch (op) {
      case 'lt':
        return a.m.size < b.m.size && subset(a, b);
      case 'le':
        return subset(a, b);
      case 'gt':
        return a.m.size > b.m.size && subset(b, a);
      case 'ge':
        return subset(b, a);
    }
  }
  const [name, reflected] = CMP_DUNDER[op]!;
  if (a instanceof PyInstance && lookupDunder(a, name) !== undefined) {
    const r = callDunder(a, name, [b]);
    if (r !== NOT_IMPLEMENTED) return r;
  }
  if (b instanceof PyInstance && lookupDunder(b, reflected) !== undefined) {
    const r = callDunder(b, reflected, [a]);
    if (r !== NOT_IMPLEMENTED) return r;
  }
  throw typeError(`'${CMP_SYMBOL[op]}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

export function lt(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  return richCompare('lt', a, b);
}
export function le(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a <= b;
  return richCompare('le', a, b);
}
export function gt(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a > b;
  return richCompare('gt', a, b);
}
export function ge(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a >= b;
  return richCompare('ge', a, b);
}

/** `a < b` as a JS boolean (sorting, min, max, heaps). */
export function less(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  return truthy(richCompare('lt', a, b));
}

/** `x in container` */
export function contains(container: unknown, x: unknown): boolean {
  if (container instanceof PyBytes) return bytesContains(container, x);
  if (container instanceof PyClass && container.meta?.contains !== undefined) return container.meta.contains(container, x);
  if (typeof container === 'string') {
    if (typeof x !== 'string') throw typeError(`'in <string>' requires string as left operand, not ${typeName(x)}`);
    return container.includes(x);
  }
  if (container instanceof PyList || container instanceof PyTuple) {
    const a = container.a;
    for (let i = 0; i < a.length; i++) {
      tick();
      if (a[i] === x || truthy(eq(a[i], x))) return true;
    }
    return false;
  }
  if (container instanceof PyDict) return dictContains(container, x);
  if (container instanceof PySet) return dictContains(container, x);
  if (container instanceof PyRange) {
    if (typeof x === 'number' || typeof x === 'boolean') {
      const n = typeof x === 'boolean' ? (x ? 1 : 0) : x;
      const { start, stop, step } = container;
      if (step > 0 ? n < start || n >= stop : n > start || n <= stop) return false;
      return (n - start) % step === 0;
    }
    if (x instanceof PyFloat) return Number.isInteger(x.v) && contains(container, x.v);
    return false;
  }
  if (container instanceof PyInstance && lookupDunder(container, '__contains__') !== undefined) {
    return truthy(callDunder(container, '__contains__', [x]));
  }
  let found = false;
  const cls: PyClass = typeOf(container);
  if (cls === BOOL) throw typeError(`argument of type 'bool' is not iterable`);
  const own = cls.lookup('__contains__');
  if (own instanceof PyMethodDescr) return truthy(own.fn(container, [x], null));
  try {
    iterate(container, (item) => {
      if (item === x || truthy(eq(item, x))) {
        found = true;
        return true;
      }
      return false;
    });
  } catch (e) {
    if (e instanceof Error && (e as { pyName?: string }).pyName === 'TypeError' && /is not iterable/.test(e.message)) {
      throw typeError(`argument of type '${typeName(container)}' is not iterable`);
    }
    throw e;
  }
  return found;
}

export function is(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Small ints and equal floats are not guaranteed identical in Python; ints compare by value here
  // (CPython caches -5..256, and constants in one code object are shared).
  return false;
}
