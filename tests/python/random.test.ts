/**
 * PyRandom against CPython 3.11: every table in fixtures/random.json was produced by
 * fixtures/gen_random.py, and each entry here replays the same calls on a freshly seeded PyRandom.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  PyRandom,
  RandomArgumentError,
  floatHash,
  sha512,
  toPyInt,
  utf8Encode,
  type PyInt,
} from '../../scheduler/python/random.ts';

type SeedSpec = { int: string } | { str: string } | { bytes: number[] } | { float: number | 'inf' };
interface Case {
  name: string;
  seed: SeedSpec;
  out: Record<string, unknown>;
}
interface Fixture {
  cases: Case[];
  sha512: { bytes: number[]; hex: string }[];
  floatHash: { x: string; hash: string }[];
}

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/random.json', import.meta.url), 'utf8'),
) as Fixture;

/** A generator seeded as the case says; `bigSeed` passes int seeds as bigint even when small. */
function seeded(seed: SeedSpec, bigSeed = false): PyRandom {
  const r = new PyRandom();
  if ('int' in seed) r.seed(bigSeed ? BigInt(seed.int) : toPyInt(BigInt(seed.int)));
  else if ('str' in seed) r.seed(seed.str);
  else if ('bytes' in seed) r.seed(Uint8Array.from(seed.bytes));
  else r.seedFloat(seed.float === 'inf' ? Infinity : seed.float);
  return r;
}

const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const str = (x: PyInt): string => String(x);

/** Replays gen_random.py's `run` and returns the same shape of record. */
function replay(seed: SeedSpec, bigSeed: boolean): Record<string, unknown> {
  const fresh = (): PyRandom => seeded(seed, bigSeed);
  const out: Record<string, unknown> = {};
  let r = fresh();
  out.random = times(20, () => r.random());
  r = fresh();
  out.randint_1_100 = times(20, () => r.randint(1, 100));
  r = fresh();
  out.randrange_0_10_3 = times(10, () => r.randrange(0, 10, 3));
  r = fresh();
  out.randrange_1000000 = times(10, () => r.randrange(1000000));
  r = fresh();
  out.randrange_10_m5_m2 = times(10, () => r.randrange(10, -5, -2));
  r = fresh();
  out.randrange_big = times(5, () => str(r.randrange(-(2n ** 70n), 2n ** 80n, 7)));
  r = fresh();
  out.randint_big = times(5, () => str(r.randint(0, 2n ** 64n)));
  r = fresh();
  out.uniform_1_5 = times(5, () => r.uniform(1, 5));
  r = fresh();
  out.uniform_mixed = times(5, () => r.uniform(-3.25, 2 ** 60));
  r = fresh();
  out.choice = times(10, () => r.choice(['a', 'b', 'c', 'd', 'e', 'f', 'g']));
  r = fresh();
  const xs = times(10, (i) => i);
  r.shuffle(xs);
  out.shuffle10 = xs;
  const ys = times(100, (i) => i);
  r.shuffle(ys);
  out.shuffle100_after = ys;
  r = fresh();
  const range = (n: number): number[] => times(n, (i) => i);
  out.sample_50_5 = r.sample(range(50), 5);
  out.sample_30_10 = r.sample(range(30), 10);
  out.sample_1000_5 = r.sample(range(1000), 5);
  out.sample_200_40 = r.sample(range(200), 40);
  out.sample_counts = r.sample(['x', 'y', 'z'], 6, [1, 3, 5]);
  r = fresh();
  const bits: Record<string, string[]> = {};
  for (const k of [0, 1, 31, 32, 33, 53, 54, 64, 100, 129]) bits[String(k)] = times(3, () => str(r.getrandbits(k)));
  out.getrandbits = bits;
  r = fresh();
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  out.mixed = times(400, (i) => {
    switch (i % 4) {
      case 0: return r.random();
      case 1: return str(r.randrange(1, 1 + i * 997));
      case 2: return str(r.getrandbits(1 + (i % 70)));
      default: return r.choice(letters);
    }
  });
  return out;
}

describe('PyRandom matches CPython 3.11 (fixtures/random.json)', () => {
  for (const c of fixture.cases) {
    test(`seed ${c.name}`, () => {
      const got = replay(c.seed, false);
      for (const key of Object.keys(c.out)) expect(got[key], key).toEqual(c.out[key]);
      expect(Object.keys(got).sort()).toEqual(Object.keys(c.out).sort());
    });
    if ('int' in c.seed) {
      test(`seed ${c.name} given as a bigint`, () => {
        expect(replay(c.seed, true)).toEqual(c.out);
      });
    }
  }

  test('floats are bit-identical (Object.is), not merely close', () => {
    const c = fixture.cases.find((x) => x.name === '42')!;
    const r = seeded(c.seed);
    for (const expected of c.out.random as number[]) expect(Object.is(r.random(), expected)).toBe(true);
  });
});

describe('seeding details', () => {
  test('the default state is seed(0), and seed(None) is seed(0)', () => {
    const a = new PyRandom();
    const b = new PyRandom(0);
    const c = new PyRandom(5);
    c.seed(null);
    const seq = (r: PyRandom): number[] => times(5, () => r.random());
    const expected = seq(b);
    expect(seq(a)).toEqual(expected);
    expect(seq(c)).toEqual(expected);
  });

  test('negative ints seed like their absolute value; number and bigint agree', () => {
    const seq = (r: PyRandom): number[] => times(5, () => r.random());
    expect(seq(new PyRandom(-12345))).toEqual(seq(new PyRandom(12345)));
    expect(seq(new PyRandom(12345n))).toEqual(seq(new PyRandom(12345)));
  });

  test('a non-integral number seeds as a float (by its hash)', () => {
    const a = new PyRandom(3.5);
    const b = new PyRandom();
    b.seedFloat(3.5);
    expect(a.random()).toBe(b.random());
  });

  test('seeding from NaN is refused (CPython hashes NaN by identity)', () => {
    expect(() => new PyRandom(NaN)).toThrow(RandomArgumentError);
  });

  test('getState/setState round-trips', () => {
    const r = new PyRandom(7);
    times(700, () => r.random());
    const state = r.getState();
    const next = times(10, () => r.random());
    r.setState(state);
    expect(times(10, () => r.random())).toEqual(next);
  });
});

describe('SHA-512 and hash(float)', () => {
  for (const v of fixture.sha512) {
    test(`sha512 of ${v.bytes.length} bytes`, () => {
      const hex = Array.from(sha512(Uint8Array.from(v.bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
      expect(hex).toBe(v.hex);
    });
  }

  test('hash(float) for the fixture values', () => {
    for (const v of fixture.floatHash) {
      const x = v.x === 'inf' ? Infinity : v.x === '-inf' ? -Infinity : Number(v.x);
      expect(String(floatHash(x)), v.x).toBe(v.hash);
    }
  });

  test('utf8Encode: multi-byte and astral code points; lone surrogates refused', () => {
    expect(Array.from(utf8Encode('aé✓🐍'))).toEqual([0x61, 0xc3, 0xa9, 0xe2, 0x9c, 0x93, 0xf0, 0x9f, 0x90, 0x8d]);
    expect(() => utf8Encode('x\ud800')).toThrow(
      "'utf-8' codec can't encode character '\\ud800' in position 1: surrogates not allowed",
    );
  });
});

/** Runs f and returns [pyType, message] of the RandomArgumentError it throws. */
function pyError(f: () => unknown): [string, string] {
  try {
    f();
  } catch (e) {
    if (e instanceof RandomArgumentError) return [e.pyType, e.message];
    throw e;
  }
  throw new Error('expected a RandomArgumentError');
}

describe('errors as CPython 3.11 raises them', () => {
  const r = new PyRandom(0);
  test.each<[string, () => unknown, string, string]>([
    ['randrange(0)', () => r.randrange(0), 'ValueError', 'empty range for randrange()'],
    ['randrange(-3)', () => r.randrange(-3), 'ValueError', 'empty range for randrange()'],
    ['randrange(5, None, 2)', () => r.randrange(5, null, 2), 'TypeError', 'Missing a non-None stop argument'],
    ['randrange(0, 10, 0)', () => r.randrange(0, 10, 0), 'ValueError', 'zero step for randrange()'],
    ['randrange(5, 2)', () => r.randrange(5, 2), 'ValueError', 'empty range for randrange() (5, 2, -3)'],
    ['randrange(5, 2, 1)', () => r.randrange(5, 2, 1), 'ValueError', 'empty range for randrange() (5, 2, -3)'],
    ['randrange(0, 10, -1)', () => r.randrange(0, 10, -1), 'ValueError', 'empty range for randrange()'],
    ['randrange(2.5)', () => r.randrange(2.5), 'ValueError', 'non-integer arg 1 for randrange()'],
    ['randrange(nan)', () => r.randrange(NaN), 'ValueError', 'cannot convert float NaN to integer'],
    ['randrange(inf)', () => r.randrange(Infinity), 'OverflowError', 'cannot convert float infinity to integer'],
    ['randrange(1, 2.5)', () => r.randrange(1, 2.5), 'ValueError', 'non-integer stop for randrange()'],
    ['randrange(1, 5, 1.5)', () => r.randrange(1, 5, 1.5), 'ValueError', 'non-integer step for randrange()'],
    ['randint(1, 2.5)', () => r.randint(1, 2.5), 'ValueError', 'non-integer stop for randrange()'],
    ['randint(3, 1)', () => r.randint(3, 1), 'ValueError', 'empty range for randrange() (3, 2, -1)'],
    ['getrandbits(-1)', () => r.getrandbits(-1), 'ValueError', 'number of bits must be non-negative'],
    ['getrandbits(2**31)', () => r.getrandbits(2 ** 31), 'OverflowError', 'Python int too large to convert to C int'],
    ['choice([])', () => r.choice([]), 'IndexError', 'Cannot choose from an empty sequence'],
    ['sample([1, 2], 3)', () => r.sample([1, 2], 3), 'ValueError', 'Sample larger than population or is negative'],
    ['sample([1, 2], -1)', () => r.sample([1, 2], -1), 'ValueError', 'Sample larger than population or is negative'],
    ['sample([1, 2], 1.5)', () => r.sample([1, 2], 1.5), 'TypeError', "can't multiply sequence by non-int of type 'float'"],
    ['sample counts length', () => r.sample([1, 2], 1, [1]), 'ValueError', 'The number of counts does not match the population'],
    ['sample counts zero', () => r.sample([1, 2], 1, [0, 0]), 'ValueError', 'Total of counts must be greater than zero'],
    ['sample counts float', () => r.sample([1, 2], 1, [1, 1.5]), 'TypeError', 'Counts must be integers'],
    ['uniform overflow', () => r.uniform(0, 10n ** 400n), 'OverflowError', 'int too large to convert to float'],
  ])('%s', (_name, f, pyType, message) => {
    expect(pyError(f)).toEqual([pyType, message]);
  });

  test('randrange(5, None, 1) is allowed: step is the cached int 1', () => {
    expect(() => new PyRandom(0).randrange(5, null, 1)).not.toThrow();
  });

  test('failed calls consume no randomness', () => {
    const a = new PyRandom(3);
    const b = new PyRandom(3);
    expect(() => a.randrange(5, 2)).toThrow();
    expect(a.random()).toBe(b.random());
  });
});

describe('properties', () => {
  test('randrange results lie in the range and on the step', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 10 ** 9 }), fc.integer({ min: -20, max: 20 }), (seed, start, span, step) => {
        if (step === 0) return;
        const stop = step > 0 ? start + span : start - span;
        const r = new PyRandom(seed);
        const v = Number(r.randrange(start, stop, step));
        if (step > 0) expect(v >= start && v < stop).toBe(true);
        else expect(v <= start && v > stop).toBe(true);
        expect((v - start) % step === 0).toBe(true);
      }),
    );
  });

  test('integer results are numbers when safe, bigints otherwise', () => {
    const r = new PyRandom(1);
    for (let i = 0; i < 50; i++) {
      const v = r.getrandbits(60);
      expect(typeof v === 'number' ? Number.isSafeInteger(v) : v > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    }
    expect(typeof r.randrange(10n)).toBe('number');
  });

  test('shuffle and sample permute without losing elements', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.integer(), { maxLength: 60 }), (seed, xs) => {
        const r = new PyRandom(seed);
        const ys = xs.slice();
        r.shuffle(ys);
        expect(ys.slice().sort()).toEqual(xs.slice().sort());
        const k = Math.floor(xs.length / 2);
        const idx = r.sample(xs.map((_, i) => i), k);
        expect(new Set(idx).size).toBe(k);
      }),
    );
  });
});
