/**
 * Correctly rounded (in all but astronomically rare cases) pow, exp and log on doubles.
 *
 * CPython calls the C library's pow() and log(), which on glibc are accurate to about half an
 * ulp, so they round correctly in practice; V8's Math.pow and Math.log (fdlibm) can be one ulp
 * off (`2 ** 2.5` prints 5.65685424949238 instead of 5.656854249492381). These versions compute
 * in double-double arithmetic (about 106 bits) and round once, which gives CPython's digits.
 */

/** A double-double: hi + lo with |lo| <= ulp(hi) / 2. */
interface DD {
  hi: number;
  lo: number;
}

const SPLITTER = 134217729; // 2 ** 27 + 1

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return { hi: s, lo: a - (s - bb) + (b - bb) };
}

function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return { hi: s, lo: b - (s - a) };
}

/** a * b exactly, as hi + lo (Dekker's product; the operands stay far from overflow here). */
function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return { hi: p, lo: ah * bh - p + ah * bl + al * bh + al * bl };
}

function add(a: DD, b: DD): DD {
  const s = twoSum(a.hi, b.hi);
  const t = twoSum(a.lo, b.lo);
  let r = quickTwoSum(s.hi, s.lo + t.hi);
  r = quickTwoSum(r.hi, r.lo + t.lo);
  return r;
}

function mul(a: DD, b: DD): DD {
  const p = twoProd(a.hi, b.hi);
  return quickTwoSum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

function mulD(a: DD, b: number): DD {
  const p = twoProd(a.hi, b);
  return quickTwoSum(p.hi, p.lo + a.lo * b);
}

function dd(x: number): DD {
  return { hi: x, lo: 0 };
}

const LN2: DD = { hi: 0.6931471805599453, lo: 2.3190468138462996e-17 };

/** e**a for a double-double a, in double-double. */
function expDD(a: DD): DD {
  if (a.hi > 709.8) return dd(Infinity);
  if (a.hi < -745.2) return dd(0);
  const k = Math.round(a.hi / LN2.hi);
  // r = a - k * ln2, then scaled by 2**-10 so that the series converges fast.
  let r = add(a, mulD(LN2, -k));
  r = { hi: r.hi / 1024, lo: r.lo / 1024 };
  // s = e**r - 1 by Taylor series: r + r^2/2! + ...
  let term = r;
  let s = r;
  for (let i = 2; i < 14; i++) {
    term = mul(term, r);
    const t = divD(term, factorial(i));
    s = add(s, t);
    if (Math.abs(t.hi) < 1e-36) break;
  }
  // (1 + s)**1024 by squaring e**r - 1 ten times: (1+s)^2 - 1 = 2s + s^2.
  for (let i = 0; i < 10; i++) s = add(mulD(s, 2), mul(s, s));
  const one = add(s, dd(1));
  return { hi: scale(one.hi, k), lo: scale(one.lo, k) };
}

const FACTS: DD[] = [];
function factorial(n: number): DD {
  while (FACTS.length <= n) {
    const i = FACTS.length;
    FACTS.push(i === 0 ? dd(1) : mulD(FACTS[i - 1]!, i));
  }
  return FACTS[n]!;
}

/** a / b in double-double (long division with one correction). */
function divD(a: DD, b: DD): DD {
  const q1 = a.hi / b.hi;
  let r = add(a, mulD(b, -q1));
  const q2 = r.hi / b.hi;
  r = add(r, mulD(b, -q2));
  const q3 = r.hi / b.hi;
  return add(quickTwoSum(q1, q2), dd(q3));
}

/** x * 2**k without intermediate overflow or underflow. */
function scale(x: number, k: number): number {
  while (k > 1000) {
    x *= 2 ** 1000;
    k -= 1000;
  }
  while (k < -1000) {
    x *= 2 ** -1000;
    k += 1000;
  }
  return x * 2 ** k;
}

/** ln(x) for a positive finite double, in double-double: one Newton step from Math.log. */
function logDD(x: number): DD {
  // x = m * 2**e with m near 1, so that the products below stay far from overflow and underflow.
  let e = 0;
  let m = x;
  while (m > 2 ** 300) {
    m *= 2 ** -300;
    e += 300;
  }
  while (m < 2 ** -300) {
    m *= 2 ** 300;
    e -= 300;
  }
  const l0 = Math.log(m);
  // ln m = l0 + m * e**-l0 - 1 (to second order in the error of l0)
  const t = add(mulD(expDD(dd(-l0)), m), dd(-1));
  const lm = add(dd(l0), t);
  return e === 0 ? lm : add(mulD(LN2, e), lm);
}

/** ln(x) rounded to nearest, as glibc's log gives it. */
export function log(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return Math.log(x);
  if (x === 1) return 0;
  const r = logDD(x);
  return r.hi + r.lo;
}

/** e**x rounded to nearest. */
export function exp(x: number): number {
  if (!Number.isFinite(x)) return Math.exp(x);
  const r = expDD(dd(x));
  return r.hi + r.lo;
}

/**
 * x ** y for finite x > 0 and finite y, rounded to nearest: exp(y * ln x) in double-double.
 * The caller (ops.ts) handles signs, zeros, infinities and NaN as CPython's float_pow does.
 */
export function powPositive(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  if (y === 1) return x;
  const l = logDD(x);
  // |y * ln x| this large over- or underflows whatever x is (x != 1 was handled above).
  if (Math.abs(y) > 1e300) return (y > 0) === (x > 1) ? Infinity : 0;
  const p = mulD(l, y);
  if (p.hi > 709.8) return Infinity;
  if (p.hi < -745.2) return 0;
  const r = expDD(p);
  return r.hi + r.lo;
}

/** pi / 2 as a sum of three doubles (about 160 bits). */
const PIO2_1 = 1.5707963267948966;
const PIO2_2 = 6.123233995736766e-17;
const PIO2_3 = -1.4973849048591698e-33;

/** sin r and cos r for |r| <= pi / 4, in double-double, by their Taylor series. */
function sinCosReduced(r: DD): [DD, DD] {
  const r2 = mul(r, r);
  let term = r; // r**(2i+1) / (2i+1)!
  let s = r;
  let cterm = dd(1); // r**(2i) / (2i)!
  let c = dd(1);
  for (let i = 1; i < 16; i++) {
    cterm = divD(mul(cterm, r2), dd(-(2 * i - 1) * (2 * i)));
    c = add(c, cterm);
    term = divD(mul(term, r2), dd(-(2 * i) * (2 * i + 1)));
    s = add(s, term);
    if (Math.abs(term.hi) < 1e-40 && Math.abs(cterm.hi) < 1e-40) break;
  }
  return [s, c];
}

/**
 * [sin x, cos x] rounded to nearest, as glibc gives them, for |x| up to about 1e6 (random.gauss only
 * needs [0, 2 pi)); larger arguments fall back to Math.sin / Math.cos.
 */
export function sinCos(x: number): [number, number] {
  if (!Number.isFinite(x) || Math.abs(x) > 1e6) return [Math.sin(x), Math.cos(x)];
  if (x === 0) return [x, 1];
  const k = Math.round(x / PIO2_1);
  let r = add(dd(x), mulD(dd(PIO2_1), -k));
  r = add(r, mulD(dd(PIO2_2), -k));
  r = add(r, mulD(dd(PIO2_3), -k));
  const [s, c] = sinCosReduced(r);
  const sn = s.hi + s.lo;
  const cs = c.hi + c.lo;
  switch (((k % 4) + 4) % 4) {
    case 0:
      return [sn, cs];
    case 1:
      return [cs, -sn];
    case 2:
      return [-sn, -cs];
    default:
      return [-cs, sn];
  }
}
