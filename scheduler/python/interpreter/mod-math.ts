/**
 * math: CPython's functions on ints and floats, with its errors ("math domain error"). Results are
 * JavaScript's double arithmetic; the logarithm, sine and cosine are correctly rounded (ddmath.ts),
 * as glibc's nearly always are.
 */
import { PyFloat, PyTuple, isIntLike, normBig, toBig, typeName, type Kw } from './values.ts';
import { PyValueError, overflowError, typeError, valueError, zeroDivision } from './exceptions.ts';
import { bind } from './args.ts';
import { floatToInt } from './builtins-core.ts';
import { toFloat, mul } from './ops.ts';
import { toArray, iterate } from './iter.ts';
import { log as ddLog, sinCos } from './ddmath.ts';
import { callDunder, lookupDunder } from './calls.ts';
import { ModuleBuilder } from './module-kit.ts';
import type { PyModule } from './values.ts';

const domain = (): PyValueError => valueError('math domain error');

function f(v: unknown, name = 'must be real number'): number {
  if (v instanceof PyFloat) return v.v;
  if (isIntLike(v)) return toFloat(v);
  throw typeError(`${name}, not ${typeName(v)}`);
}

function checked(x: number, args: number[]): PyFloat {
  if (Number.isNaN(x) && !args.some(Number.isNaN)) throw domain();
  if (!Number.isFinite(x) && args.every(Number.isFinite)) throw overflowError('math range error');
  return new PyFloat(x);
}

function intArg(_fname: string, v: unknown): bigint {
  if (isIntLike(v)) return toBig(v);
  throw typeError(`'${typeName(v)}' object cannot be interpreted as an integer`);
}

function unary(m: ModuleBuilder, name: string, op: (x: number) => number): void {
  m.fn(name, (args) => {
    const [x] = bind(name, args, null, ['x']);
    const v = f(x);
    return checked(op(v), [v]);
  });
}

function rounding(m: ModuleBuilder, name: 'floor' | 'ceil' | 'trunc', op: (x: number) => number): void {
  m.fn(name, (args) => {
    const [x] = bind(name, args, null, ['x']);
    if (isIntLike(x)) return typeof x === 'boolean' ? (x ? 1 : 0) : x;
    const dunder = `__${name}__`;
    if (lookupDunder(x, dunder) !== undefined) return callDunder(x, dunder, []);
    const v = f(x);
    if (!Number.isFinite(v)) {
      if (Number.isNaN(v)) throw valueError('cannot convert float NaN to integer');
      throw overflowError('cannot convert float infinity to integer');
    }
    return floatToInt(op(v));
  });
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function isqrt(n: bigint): bigint {
  if (n < 0n) throw valueError('isqrt() argument must be nonnegative');
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  while (x * x > n) x--;
  while ((x + 1n) * (x + 1n) <= n) x++;
  return x;
}

export function makeMathModule(): PyModule {
  const m = new ModuleBuilder('math');
  m.value('pi', new PyFloat(Math.PI));
  m.value('e', new PyFloat(Math.E));
  m.value('tau', new PyFloat(2 * Math.PI));
  m.value('inf', new PyFloat(Infinity));
  m.value('nan', new PyFloat(NaN));
  m.fn('sqrt', (args) => {
    const v = f(bind('sqrt', args, null, ['x'])[0]);
    if (v < 0) throw domain();
    return new PyFloat(Math.sqrt(v));
  });
  m.fn('isqrt', (args) => normBig(isqrt(intArg('isqrt', bind('isqrt', args, null, ['n'])[0]))));
  m.fn('exp', (args) => {
    const v = f(bind('exp', args, null, ['x'])[0]);
    return checked(Math.exp(v), [v]);
  });
  m.fn('log', (args) => {
    const [x, base] = bind('log', args, null, ['x', 'base'], 1);
    const ln = (v: unknown): number => {
      if (typeof v === 'bigint') {
        if (v <= 0n) throw domain();
        // ln(n) for a big int: ln of its top 53 bits plus the shift.
        const bits = v.toString(2).length;
        const shift = Math.max(0, bits - 60);
        return ddLog(Number(v >> BigInt(shift))) + shift * Math.LN2;
      }
      const n = f(v);
      if (n <= 0 || Number.isNaN(n)) {
        if (Number.isNaN(n)) return NaN;
        throw domain();
      }
      return n === Infinity ? Infinity : ddLog(n);
    };
    const lx = ln(x);
    if (base === undefined) return new PyFloat(lx);
    const lb = ln(base);
    if (lb === 0) throw zeroDivision('float division by zero');
    return new PyFloat(lx / lb);
  });
  m.fn('log2', (args) => {
    const v = f(bind('log2', args, null, ['x'])[0]);
    if (v <= 0) throw domain();
    return new PyFloat(Math.log2(v));
  });
  m.fn('log10', (args) => {
    const v = f(bind('log10', args, null, ['x'])[0]);
    if (v <= 0) throw domain();
    return new PyFloat(Math.log10(v));
  });
  m.fn('sin', (args) => {
    const v = f(bind('sin', args, null, ['x'])[0]);
    if (!Number.isFinite(v)) throw domain();
    return new PyFloat(sinCos(v)[0]);
  });
  m.fn('cos', (args) => {
    const v = f(bind('cos', args, null, ['x'])[0]);
    if (!Number.isFinite(v)) throw domain();
    return new PyFloat(sinCos(v)[1]);
  });
  unary(m, 'tan', Math.tan);
  unary(m, 'asin', Math.asin);
  unary(m, 'acos', Math.acos);
  unary(m, 'atan', Math.atan);
  unary(m, 'sinh', Math.sinh);
  unary(m, 'cosh', Math.cosh);
  unary(m, 'tanh', Math.tanh);
  unary(m, 'fabs', Math.abs);
  unary(m, 'degrees', (x) => (x * 180) / Math.PI);
  unary(m, 'radians', (x) => (x * Math.PI) / 180);
  m.fn('atan2', (args) => {
    const [y, x] = bind('atan2', args, null, ['y', 'x']);
    return new PyFloat(Math.atan2(f(y), f(x)));
  });
  m.fn('hypot', (args) => new PyFloat(Math.hypot(...args.map((a) => f(a)))));
  m.fn('pow', (args) => {
    const [x, y] = bind('pow', args, null, ['x', 'y']);
    const a = f(x);
    const b = f(y);
    if (a === 0 && b < 0) throw domain();
    if (a < 0 && !Number.isInteger(b) && Number.isFinite(b)) throw domain();
    return checked(Math.pow(a, b), [a, b]);
  });
  m.fn('fmod', (args) => {
    const [x, y] = bind('fmod', args, null, ['x', 'y']);
    const a = f(x);
    const b = f(y);
    if (b === 0 || !Number.isFinite(a)) throw domain();
    return new PyFloat(a % b);
  });
  m.fn('copysign', (args) => {
    const [x, y] = bind('copysign', args, null, ['x', 'y']);
    const a = Math.abs(f(x));
    const b = f(y);
    return new PyFloat(b < 0 || Object.is(b, -0) ? -a : a);
  });
  m.fn('modf', (args) => {
    const v = f(bind('modf', args, null, ['x'])[0]);
    const whole = Math.trunc(v);
    return new PyTuple([new PyFloat(Number.isFinite(v) ? v - whole : v === Infinity ? 0 : -0), new PyFloat(whole)]);
  });
  rounding(m, 'floor', Math.floor);
  rounding(m, 'ceil', Math.ceil);
  rounding(m, 'trunc', Math.trunc);
  m.fn('isfinite', (args) => Number.isFinite(f(bind('isfinite', args, null, ['x'])[0])));
  m.fn('isinf', (args) => {
    const v = f(bind('isinf', args, null, ['x'])[0]);
    return v === Infinity || v === -Infinity;
  });
  m.fn('isnan', (args) => Number.isNaN(f(bind('isnan', args, null, ['x'])[0])));
  m.fn('isclose', (args, kw: Kw) => {
    const [a0, b0, rel, abs] = bind('isclose', args, kw, ['a', 'b', 'rel_tol', 'abs_tol'], 2);
    const a = f(a0);
    const b = f(b0);
    const relTol = rel === undefined ? 1e-9 : f(rel);
    const absTol = abs === undefined ? 0 : f(abs);
    if (relTol < 0 || absTol < 0) throw valueError('tolerances must be non-negative');
    if (a === b) return true;
    if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
    const diff = Math.abs(b - a);
    return diff <= Math.abs(relTol * b) || diff <= Math.abs(relTol * a) || diff <= absTol;
  });
  m.fn('gcd', (args) => normBig(args.map((a) => intArg('gcd', a)).reduce(gcd, 0n)));
  m.fn('lcm', (args) => {
    let acc = 1n;
    for (const a of args.map((x) => intArg('lcm', x))) {
      if (a === 0n) return 0;
      acc = (acc * (a < 0n ? -a : a)) / gcd(acc, a);
    }
    return normBig(acc);
  });
  m.fn('factorial', (args) => {
    const [x] = bind('factorial', args, null, ['n']);
    const n = intArg('factorial', x);
    if (n < 0n) throw valueError('factorial() not defined for negative values');
    let r = 1n;
    for (let i = 2n; i <= n; i++) r *= i;
    return normBig(r);
  });
  m.fn('comb', (args) => {
    const [a, b] = bind('comb', args, null, ['n', 'k']);
    const n = intArg('comb', a);
    const k = intArg('comb', b);
    if (n < 0n) throw valueError('n must be a non-negative integer');
    if (k < 0n) throw valueError('k must be a non-negative integer');
    if (k > n) return 0;
    let r = 1n;
    const kk = k < n - k ? k : n - k;
    for (let i = 1n; i <= kk; i++) r = (r * (n - kk + i)) / i;
    return normBig(r);
  });
  m.fn('perm', (args) => {
    const [a, b] = bind('perm', args, null, ['n', 'k'], 1);
    const n = intArg('perm', a);
    const k = b === undefined || b === null ? n : intArg('perm', b);
    if (n < 0n) throw valueError('n must be a non-negative integer');
    if (k < 0n) throw valueError('k must be a non-negative integer');
    if (k > n) return 0;
    let r = 1n;
    for (let i = 0n; i < k; i++) r *= n - i;
    return normBig(r);
  });
  m.fn('prod', (args, kw) => {
    const [it, start] = bind('prod', args, kw, ['iterable', 'start'], 1);
    let acc: unknown = start === undefined ? 1 : start;
    iterate(it, (x) => {
      acc = mul(acc, x);
    });
    return acc;
  });
  m.fn('fsum', (args) => {
    // Shewchuk's algorithm, as math.fsum: exactly rounded.
    const partials: number[] = [];
    for (const item of toArray(bind('fsum', args, null, ['seq'])[0])) {
      let x = f(item);
      let i = 0;
      for (let y of partials) {
        if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
        const hi = x + y;
        const lo = y - (hi - x);
        if (lo !== 0) partials[i++] = lo;
        x = hi;
      }
      partials.length = i;
      partials.push(x);
    }
    return new PyFloat(partials.reduce((a, b) => a + b, 0));
  });
  m.fn('dist', (args) => {
    const [p, q] = bind('dist', args, null, ['p', 'q']);
    const a = toArray(p).map((x) => f(x));
    const b = toArray(q).map((x) => f(x));
    if (a.length !== b.length) throw valueError('both points must have the same number of dimensions');
    return new PyFloat(Math.hypot(...a.map((x, i) => x - b[i]!)));
  });
  return m.module;
}
