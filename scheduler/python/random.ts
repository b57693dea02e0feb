/**
 * CPython 3.11's `random` module, bit for bit.
 *
 * The generator is the Mersenne Twister of `Modules/_randommodule.c`; seeding, `random()` and
 * `getrandbits()` are ports of the C functions of that file, and everything above them
 * (`randrange`, `randint`, `choice`, `shuffle`, `sample`, `uniform`) is a port of `Lib/random.py`,
 * so a program that seeds deterministically draws exactly CPython's numbers.
 *
 * Python ints arrive as `number` or `bigint` ({@link PyInt}). An integral `number` is taken to be a
 * Python int; a non-integral or non-finite `number` can only be a Python float and takes
 * CPython's float path (usually an error). Integer results are `number` when they are safe
 * integers and `bigint` otherwise (see {@link toPyInt}); floats are `number`.
 */

/** A Python int as the interpreter holds it: a safe-integer `number`, or a `bigint`. */
export type PyInt = number | bigint;

/** The Python exception classes this module can raise. */
export type RandomErrorType = 'ValueError' | 'TypeError' | 'IndexError' | 'OverflowError';

/** An error CPython would raise; `pyType` names the Python exception class, `message` is its text. */
export class RandomArgumentError extends Error {
  readonly pyType: RandomErrorType;
  constructor(pyType: RandomErrorType, message: string) {
    super(message);
    this.pyType = pyType;
    this.name = pyType;
  }
}

/** A seed as `Random.seed` accepts it (None, int, float, str, bytes). */
export type PySeed = PyInt | string | Uint8Array | null | undefined;

/** The Python int `b` in this module's result convention: a `number` when it is a safe integer. */
export function toPyInt(b: bigint): PyInt {
  return b >= -MAX_SAFE && b <= MAX_SAFE ? Number(b) : b;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

// MT19937 parameters, as in _randommodule.c.
const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** `int.bit_length()` of a non-negative int. */
function bitLength(n: PyInt): number {
  if (typeof n === 'number' && n <= Number.MAX_SAFE_INTEGER) {
    if (n < 0x80000000) return 32 - Math.clz32(n);
    return 64 - Math.clz32(Math.floor(n / 4294967296));
  }
  return n === 0n || n === 0 ? 0 : BigInt(n).toString(2).length;
}

/** A Python-level `Random` instance: the C `_random.Random` core plus `Lib/random.py`'s methods. */
export class PyRandom {
  private readonly mt = new Uint32Array(N);
  private index = N;

  /**
   * Seeded like `random.Random(x)`. CPython seeds `Random()`/`seed(None)` from OS entropy; a
   * scenario must be reproducible, so here "no seed" means `seed(0)`.
   */
  constructor(x: PySeed = null) {
    this.seed(x);
  }

  /**
   * `Random.seed(a)` (version 2): ints by their absolute value, strs and bytes as
   * `int.from_bytes(a + sha512(a).digest())`, a non-integral float by its hash. `None` (or no
   * argument) stands for OS entropy in CPython; here it is the deterministic `seed(0)`.
   */
  seed(a: PySeed = null): void {
    if (a === null || a === undefined) {
      this.seedInt(0n);
    } else if (typeof a === 'string') {
      this.seedBytes(utf8Encode(a));
    } else if (a instanceof Uint8Array) {
      this.seedBytes(a);
    } else if (typeof a === 'number' && !Number.isInteger(a)) {
      this.seedFloat(a);
    } else {
      this.seedInt(BigInt(a));
    }
  }

  /**
   * `seed(x)` for a Python float `x` (even an integral one, where `seed(2.0)` and `seed(-2.0)`
   * differ from `seed(2)`/`seed(-2)`): CPython's `random_seed` seeds non-ints from
   * `(size_t)hash(x)`.
   */
  seedFloat(x: number): void {
    if (Number.isNaN(x)) {
      // hash(nan) is the object's address since 3.10, so no two runs agree: refuse rather than guess.
      throw new RandomArgumentError('ValueError', 'cannot seed deterministically from a NaN (CPython hashes NaN by identity)');
    }
    const h = floatHash(x);
    this.seedUnsigned(h < 0n ? h + (1n << 64n) : h);
  }

  private seedInt(a: bigint): void {
    // random_seed: "if the arg is a PyLong, use its absolute value".
    this.seedUnsigned(a < 0n ? -a : a);
  }

  private seedBytes(bytes: Uint8Array): void {
    // Lib/random.py, Random.seed version 2: a = int.from_bytes(a + _sha512(a).digest())
    const all = new Uint8Array(bytes.length + 64);
    all.set(bytes, 0);
    all.set(sha512(bytes), bytes.length);
    let hex = '0x0';
    for (const b of all) hex += b.toString(16).padStart(2, '0');
    this.seedUnsigned(BigInt(hex));
  }

  /** random_seed: split n into 32-bit chunks, least significant first, and init_by_array them. */
  private seedUnsigned(n: bigint): void {
    // From the hex digits, eight at a time from the end: shifting a huge seed 32 bits at a time
    // would copy it once per word.
    const hex = n.toString(16);
    const key: number[] = [];
    for (let end = hex.length; end > 0; end -= 8) key.push(parseInt(hex.slice(Math.max(0, end - 8), end), 16));
    this.initByArray(key);
  }

  /** init_genrand from _randommodule.c. */
  private initGenrand(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]!;
      mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
    this.index = N;
  }

  /** init_by_array from _randommodule.c (the reference MT19937 seeding by a key of 32-bit words). */
  private initByArray(key: readonly number[]): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = mt[i - 1]!;
      mt[i] = ((mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + key[j]! + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1]!;
      mt[i] = ((mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
    }
    mt[0] = 0x80000000; // MSB is 1, assuring a non-zero initial array
  }

  /** genrand_uint32 from _randommodule.c: the next tempered 32-bit output. */
  genrandUint32(): number {
    const mt = this.mt;
    if (this.index >= N) {
      let kk = 0;
      let y: number;
      for (; kk < N - M; kk++) {
        y = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK);
        mt[kk] = mt[kk + M]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      for (; kk < N - 1; kk++) {
        y = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK);
        mt[kk] = mt[kk + (M - N)]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      y = (mt[N - 1]! & UPPER_MASK) | (mt[0]! & LOWER_MASK);
      mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      this.index = 0;
    }
    let y = mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `random()`: _random_Random_random_impl, a float in [0, 1) with 53 random bits. */
  random(): number {
    const a = this.genrandUint32() >>> 5;
    const b = this.genrandUint32() >>> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
  }

  /**
   * `getrandbits(k)`: _random_Random_getrandbits_impl. Up to 32 bits come from one output shifted
   * right; more are filled 32 bits at a time from the least significant word up, the last word
   * dropping its low bits.
   */
  getrandbits(k: PyInt): PyInt {
    if (typeof k === 'number' && !Number.isInteger(k)) {
      throw new RandomArgumentError('TypeError', "'float' object cannot be interpreted as an integer");
    }
    if (k < 0) throw new RandomArgumentError('ValueError', 'number of bits must be non-negative');
    if (k > 0x7fffffff) throw new RandomArgumentError('OverflowError', 'Python int too large to convert to C int');
    const bits = Number(k);
    if (bits <= 53) return this.getrandbitsNumber(bits);
    return toPyInt(this.getrandbitsBig(bits));
  }

  /** getrandbits for 0 <= k <= 53, as a plain number. */
  private getrandbitsNumber(k: number): number {
    if (k === 0) return 0;
    if (k <= 32) return this.genrandUint32() >>> (32 - k);
    const low = this.genrandUint32();
    const high = this.genrandUint32() >>> (64 - k);
    return high * 4294967296 + low;
  }

  /** getrandbits for any k, as a bigint. */
  private getrandbitsBig(k: number): bigint {
    if (k <= 53) return BigInt(this.getrandbitsNumber(k));
    // The words come least significant first; the number is built once from their hex digits,
    // most significant first (OR-ing each shifted word into a bigint would copy it every time:
    // quadratic, a minute for 4e6 bits where CPython takes milliseconds).
    const words = new Uint32Array(Math.ceil(k / 32));
    for (let i = 0, left = k; left > 0; i++, left -= 32) {
      const r = this.genrandUint32();
      words[i] = left < 32 ? r >>> (32 - left) : r;
    }
    const hex = new Array<string>(words.length);
    for (let i = 0; i < words.length; i++) hex[i] = words[words.length - 1 - i]!.toString(16).padStart(8, '0');
    return BigInt(`0x${hex.join('')}`);
  }

  /**
   * `_randbelow(n)` = `_randbelow_with_getrandbits`: rejection sampling with `n.bit_length()` bits.
   * Defined for n > 0 (CPython loops forever on 0; callers check first, and so does this).
   */
  randbelow(n: PyInt): PyInt {
    if (n <= 0) throw new RandomArgumentError('ValueError', '_randbelow() requires n > 0');
    if (typeof n === 'number' && n <= Number.MAX_SAFE_INTEGER) {
      const k = bitLength(n);
      let r = this.getrandbitsNumber(k);
      while (r >= n) r = this.getrandbitsNumber(k);
      return r;
    }
    const big = BigInt(n);
    const k = bitLength(big);
    let r = this.getrandbitsBig(k);
    while (r >= big) r = this.getrandbitsBig(k);
    return toPyInt(r);
  }

  /**
   * `randrange(start, stop=None, step=1)` with 3.11's argument handling and messages. A `stop` of
   * `null`/`undefined` is Python's None; an omitted `step` is the default `1`.
   */
  randrange(start: PyInt, stop: PyInt | null = null, step?: PyInt): PyInt {
    // The common case, small ints and step 1, without BigInt: same draws, same results.
    if (Number.isSafeInteger(start) && (step === undefined || step === 1)) {
      const low = start as number;
      if (stop === null || stop === undefined) {
        if (low > 0) return this.randbelow(low);
      } else if (Number.isSafeInteger(stop) && (stop as number) - low > 0 && Number.isSafeInteger((stop as number) - low)) {
        return low + (this.randbelow((stop as number) - low) as number);
      }
    }
    const istart = indexArg(start, 'arg 1');
    if (stop === null || stop === undefined) {
      // `step is not _ONE`: an explicit int 1 is the cached small int and passes.
      if (step !== undefined && step !== 1 && step !== 1n) {
        throw new RandomArgumentError('TypeError', 'Missing a non-None stop argument');
      }
      if (istart > 0n) return this.randbelow(toPyInt(istart));
      throw new RandomArgumentError('ValueError', 'empty range for randrange()');
    }
    const istop = indexArg(stop, 'stop');
    const width = istop - istart;
    const istep = step === undefined ? 1n : indexArg(step, 'step');
    if (istep === 1n) {
      if (width > 0n) return toPyInt(istart + BigInt(this.randbelow(toPyInt(width))));
      throw new RandomArgumentError('ValueError', `empty range for randrange() (${istart}, ${istop}, ${width})`);
    }
    let n: bigint;
    if (istep > 0n) n = floorDiv(width + istep - 1n, istep);
    else if (istep < 0n) n = floorDiv(width + istep + 1n, istep);
    else throw new RandomArgumentError('ValueError', 'zero step for randrange()');
    if (n <= 0n) throw new RandomArgumentError('ValueError', 'empty range for randrange()');
    return toPyInt(istart + istep * BigInt(this.randbelow(toPyInt(n))));
  }

  /** `randint(a, b)` = `randrange(a, b + 1)`. */
  randint(a: PyInt, b: PyInt): PyInt {
    let stop: PyInt;
    if (typeof b === 'bigint') stop = b + 1n;
    else if (Number.isSafeInteger(b) || !Number.isInteger(b)) stop = b + 1; // safe int, or a float
    else stop = BigInt(b) + 1n; // an integral number beyond 2**53 is a Python int: add exactly
    return this.randrange(a, stop);
  }

  /**
   * `uniform(a, b)` = `a + (b - a) * random()`, with Python's int/float arithmetic: ints subtract
   * exactly and then convert, a float operand converts the other side first.
   */
  uniform(a: PyInt, b: PyInt): number {
    let diff: number;
    if (typeof a === 'number' && typeof b === 'number') diff = b - a; // exact difference, rounded once
    else if (isIntegral(a) && isIntegral(b)) diff = intToFloat(BigInt(b) - BigInt(a));
    else diff = toFloat(b) - toFloat(a);
    return toFloat(a) + diff * this.random();
  }

  /**
   * `choice(seq)`: `seq[_randbelow(len(seq))]`. For a Python str pass its code points
   * (`Array.from(s)`): a JS string's length counts UTF-16 units.
   */
  choice<T>(seq: ArrayLike<T>): T {
    if (seq.length === 0) throw new RandomArgumentError('IndexError', 'Cannot choose from an empty sequence');
    return seq[this.randbelow(seq.length) as number]!;
  }

  /** `shuffle(x)`: Fisher-Yates in place, from the end, exactly as Lib/random.py. */
  shuffle<T>(x: T[]): void {
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.randbelow(i + 1) as number;
      const t = x[i]!;
      x[i] = x[j]!;
      x[j] = t;
    }
  }

  /**
   * `sample(population, k, *, counts=None)`: Lib/random.py's algorithm, including the `setsize`
   * heuristic that chooses between a shrinking pool and a set of already-picked indices (the two
   * consume the generator differently, so the choice must match CPython's).
   */
  sample<T>(population: ArrayLike<T>, k: PyInt, counts?: ArrayLike<PyInt> | null): T[] {
    const n = population.length;
    if (counts !== undefined && counts !== null) {
      const cum: number[] = [];
      let total = 0;
      let allInts = true;
      for (let i = 0; i < counts.length; i++) {
        const c = counts[i]!;
        if (typeof c === 'number' && !Number.isInteger(c)) allInts = false;
        total += Number(c);
        cum.push(total);
      }
      if (cum.length !== n) throw new RandomArgumentError('ValueError', 'The number of counts does not match the population');
      cum.pop();
      // Only the total's type is checked, as in CPython (a float anywhere makes the sum a float).
      if (!allInts) throw new RandomArgumentError('TypeError', 'Counts must be integers');
      if (total <= 0) throw new RandomArgumentError('ValueError', 'Total of counts must be greater than zero');
      return this.sampleIndices(total, k).map((s) => population[bisectRight(cum, s)]!);
    }
    return this.sampleIndices(n, k).map((j) => population[j]!);
  }

  /** The index selection of `sample` over a population of size n (i.e. `sample(range(n), k)`). */
  private sampleIndices(n: number, kArg: PyInt): number[] {
    if (!(kArg >= 0 && kArg <= n)) {
      throw new RandomArgumentError('ValueError', 'Sample larger than population or is negative');
    }
    if (typeof kArg === 'number' && !Number.isInteger(kArg)) {
      throw new RandomArgumentError('TypeError', "can't multiply sequence by non-int of type 'float'");
    }
    const k = Number(kArg);
    const result = new Array<number>(k);
    let setsize = 21; // size of a small set minus size of an empty list
    if (k > 5) setsize += 4 ** Math.ceil(Math.log(k * 3) / Math.log(4)); // math.log(k * 3, 4)
    if (n <= setsize) {
      // An n-length list is smaller than a k-length set; non-selected at pool[0 : n-i].
      const pool = Array.from({ length: n }, (_, i) => i);
      for (let i = 0; i < k; i++) {
        const j = this.randbelow(n - i) as number;
        result[i] = pool[j]!;
        pool[j] = pool[n - i - 1]!;
      }
    } else {
      const selected = new Set<number>();
      for (let i = 0; i < k; i++) {
        let j = this.randbelow(n) as number;
        while (selected.has(j)) j = this.randbelow(n) as number;
        selected.add(j);
        result[i] = j;
      }
    }
    return result;
  }

  /** The generator's state (624 words and the position), for snapshots; not Python's getstate tuple. */
  getState(): { readonly mt: readonly number[]; readonly index: number } {
    return { mt: Array.from(this.mt), index: this.index };
  }

  /** Restore a state taken by {@link getState}. */
  setState(state: { readonly mt: readonly number[]; readonly index: number }): void {
    if (state.mt.length !== N) throw new RandomArgumentError('ValueError', 'state vector is the wrong size');
    this.mt.set(state.mt);
    this.index = state.index;
  }
}

/** operator.index, or int() plus the float checks of Lib/random.py's randrange, for one argument. */
function indexArg(x: PyInt, which: string): bigint {
  if (typeof x === 'bigint') return x;
  if (Number.isNaN(x)) throw new RandomArgumentError('ValueError', 'cannot convert float NaN to integer');
  if (!Number.isFinite(x)) throw new RandomArgumentError('OverflowError', 'cannot convert float infinity to integer');
  if (!Number.isInteger(x)) throw new RandomArgumentError('ValueError', `non-integer ${which} for randrange()`);
  return BigInt(x);
}

/** Python's floor division for bigints (BigInt `/` truncates toward zero). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

function isIntegral(x: PyInt): boolean {
  return typeof x === 'bigint' || Number.isInteger(x);
}

/** float(int): correctly rounded, OverflowError beyond the double range. */
function intToFloat(b: bigint): number {
  const f = Number(b);
  if (!Number.isFinite(f)) throw new RandomArgumentError('OverflowError', 'int too large to convert to float');
  return f;
}

function toFloat(x: PyInt): number {
  return typeof x === 'number' ? x : intToFloat(x);
}

/** bisect.bisect_right over a sorted number array. */
function bisectRight(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x < a[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * hash(float) as Python/pyhash.c's _Py_HashDouble: for a finite x = m * 2**e it is
 * sign * (|m| * 2**e mod (2**61 - 1)), with inf = 314159 and a result of -1 replaced by -2.
 */
export function floatHash(x: number): bigint {
  const P = (1n << 61n) - 1n;
  if (x === Infinity) return 314159n;
  if (x === -Infinity) return -314159n;
  if (Number.isNaN(x)) throw new RandomArgumentError('ValueError', 'hash(nan) is identity-based');
  const { mantissa, exponent } = decompose(Math.abs(x));
  // 2**61 == 1 (mod P), so the power of two reduces to a rotation by e mod 61.
  const e = ((exponent % 61) + 61) % 61;
  let h = (mantissa % P) * ((1n << BigInt(e)) % P) % P;
  if (x < 0) h = -h;
  return h === -1n ? -2n : h;
}

/** A finite non-negative double as mantissa * 2**exponent with an integer mantissa. */
function decompose(x: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased === 0) return { mantissa: frac, exponent: -1074 };
  return { mantissa: frac | (1n << 52n), exponent: biased - 1075 };
}

/**
 * str.encode() (UTF-8, strict). JS strings are UTF-16: a well-formed surrogate pair is one code
 * point, and a lone surrogate is what CPython refuses with UnicodeEncodeError (a ValueError).
 */
export function utf8Encode(s: string): Uint8Array {
  const out: number[] = [];
  let position = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c >= 0xd800 && c <= 0xdfff) {
      throw new RandomArgumentError(
        'ValueError',
        `'utf-8' codec can't encode character '\\u${c.toString(16)}' in position ${position}: surrogates not allowed`,
      );
    } else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    position++;
  }
  return Uint8Array.from(out);
}

// ---------------------------------------------------------------------------------------------
// SHA-512 (FIPS 180-4), needed only to seed from a str/bytes. Written over bigints for clarity:
// seeding is rare and the inputs short. The round constants are derived rather than transcribed:
// they are the first 64 fractional bits of the square roots (initial hash) and cube roots (K) of
// the first primes, computed here with exact integer roots.

const MASK64 = (1n << 64n) - 1n;
let sha512Constants: { readonly h0: readonly bigint[]; readonly k: readonly bigint[] } | null = null;

function firstPrimes(count: number): number[] {
  const primes: number[] = [];
  for (let c = 2; primes.length < count; c++) {
    if (primes.every((p) => c % p !== 0)) primes.push(c);
  }
  return primes;
}

/** floor(n ** (1/degree)) for a non-negative bigint, by Newton's method from above. */
function integerRoot(n: bigint, degree: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << (BigInt(n.toString(2).length) / degree + 1n);
  for (;;) {
    const y = ((degree - 1n) * x + n / x ** (degree - 1n)) / degree;
    if (y >= x) return x;
    x = y;
  }
}

function getSha512Constants(): { readonly h0: readonly bigint[]; readonly k: readonly bigint[] } {
  if (sha512Constants === null) {
    const primes = firstPrimes(80).map(BigInt);
    sha512Constants = {
      h0: primes.slice(0, 8).map((p) => integerRoot(p << 128n, 2n) & MASK64),
      k: primes.map((p) => integerRoot(p << 192n, 3n) & MASK64),
    };
  }
  return sha512Constants;
}

function rotr64(x: bigint, n: bigint): bigint {
  return ((x >> n) | (x << (64n - n))) & MASK64;
}

/** SHA-512 digest (64 bytes) of `data`. */
export function sha512(data: Uint8Array): Uint8Array {
  const { h0, k } = getSha512Constants();
  // Pad: 0x80, zeros, then the 128-bit big-endian bit length, to a multiple of 128 bytes.
  const padded = new Uint8Array(Math.ceil((data.length + 17) / 128) * 128);
  padded.set(data);
  padded[data.length] = 0x80;
  let bitLen = BigInt(data.length) * 8n;
  for (let i = padded.length - 1; bitLen > 0n; i--, bitLen >>= 8n) padded[i] = Number(bitLen & 0xffn);

  const h = h0.slice();
  const w = new Array<bigint>(80).fill(0n);
  for (let block = 0; block < padded.length; block += 128) {
    for (let t = 0; t < 16; t++) {
      let word = 0n;
      for (let b = 0; b < 8; b++) word = (word << 8n) | BigInt(padded[block + t * 8 + b]!);
      w[t] = word;
    }
    for (let t = 16; t < 80; t++) {
      const w15 = w[t - 15]!;
      const w2 = w[t - 2]!;
      const s0 = rotr64(w15, 1n) ^ rotr64(w15, 8n) ^ (w15 >> 7n);
      const s1 = rotr64(w2, 19n) ^ rotr64(w2, 61n) ^ (w2 >> 6n);
      w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) & MASK64;
    }
    let [a, b, c, d, e, f, g, hh] = h as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
    for (let t = 0; t < 80; t++) {
      const s1 = rotr64(e, 14n) ^ rotr64(e, 18n) ^ rotr64(e, 41n);
      const ch = (e & f) ^ (~e & MASK64 & g);
      const t1 = (hh + s1 + ch + k[t]! + w[t]!) & MASK64;
      const s0 = rotr64(a, 28n) ^ rotr64(a, 34n) ^ rotr64(a, 39n);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (s0 + maj) & MASK64;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) & MASK64;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) & MASK64;
    }
    const next = [a, b, c, d, e, f, g, hh];
    for (let i = 0; i < 8; i++) h[i] = (h[i]! + next[i]!) & MASK64;
  }

  const out = new Uint8Array(64);
  h.forEach((word, i) => {
    for (let b = 7; b >= 0; b--, word >>= 8n) out[i * 8 + b] = Number(word & 0xffn);
  });
  return out;
}
