/**
 * hash(str) as CPython 3.11 computes it with PYTHONHASHSEED=0 (the reference runner's setting):
 * SipHash-1-3 with a zero key over the string's PEP 393 storage (1, 2 or 4 bytes per code point,
 * little-endian).
 */
import { PyBytes } from './pybytes.ts';
import { PyFloat, PyInstance, PyTuple, normBig, objectId, typeOf } from './values.ts';
import { floatHash } from '../random.ts';
import { PyFunction } from './frame.ts';
import { callDunder } from './calls.ts';
import { keyOf } from './keys.ts';
import { typeError } from './exceptions.ts';

const M64 = (1n << 64n) - 1n;

function rotl(x: bigint, b: bigint): bigint {
  return ((x << b) | (x >> (64n - b))) & M64;
}

function siphash13(bytes: Uint8Array): bigint {
  let v0 = 0x736f6d6570736575n;
  let v1 = 0x646f72616e646f6dn;
  let v2 = 0x6c7967656e657261n;
  let v3 = 0x7465646279746573n;
  const round = (): void => {
    v0 = (v0 + v1) & M64;
    v2 = (v2 + v3) & M64;
    v1 = rotl(v1, 13n) ^ v0;
    v3 = rotl(v3, 16n) ^ v2;
    v0 = rotl(v0, 32n);
    v2 = (v2 + v1) & M64;
    v0 = (v0 + v3) & M64;
    v1 = rotl(v1, 17n) ^ v2;
    v3 = rotl(v3, 21n) ^ v0;
    v2 = rotl(v2, 32n);
  };
  const n = bytes.length;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    let mi = 0n;
    for (let k = 7; k >= 0; k--) mi = (mi << 8n) | BigInt(bytes[i + k]!);
    v3 ^= mi;
    round();
    v0 ^= mi;
  }
  let t = 0n;
  for (let k = n - 1; k >= i; k--) t = (t << 8n) | BigInt(bytes[k]!);
  const b = ((BigInt(n) << 56n) & M64) | t;
  v3 ^= b;
  round();
  v0 ^= b;
  v2 ^= 0xffn;
  round();
  round();
  round();
  return (v0 ^ v1 ^ (v2 ^ v3)) & M64;
}

const cache = new Map<string, number | bigint>();

export function strHash(s: string): number | bigint {
  if (s.length === 0) return 0;
  const hit = cache.get(s);
  if (hit !== undefined) return hit;
  const cps: number[] = [];
  let max = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    cps.push(c);
    if (c > max) max = c;
  }
  const kind = max < 256 ? 1 : max < 65536 ? 2 : 4;
  const bytes = new Uint8Array(cps.length * kind);
  cps.forEach((c, i) => {
    for (let k = 0; k < kind; k++) bytes[i * kind + k] = (c >> (8 * k)) & 0xff;
  });
  const u = siphash13(bytes);
  let h = u >= 1n << 63n ? u - (1n << 64n) : u;
  if (h === -1n) h = -2n;
  const r = normBig(h);
  if (cache.size < 10000) cache.set(s, r);
  return r;
}

/** hash(x) as CPython computes it for ints, floats, strs and tuples (PYTHONHASHSEED=0). */
export function pyHash(v: unknown): number | bigint {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') {
    if (v >= -0x3fffffff && v <= 0x3fffffff) return v === -1 ? -2 : v;
    return intHash(BigInt(v));
  }
  if (typeof v === 'bigint') return intHash(v);
  if (typeof v === 'string') return strHash(v);
  // CPython hashes bytes as it hashes the str of the same (Latin-1) characters.
  if (v instanceof PyBytes) return strHash(v.latin1);
  if (v instanceof PyFloat) {
    if (Number.isNaN(v.v)) return objectId(v);
    return normBig(floatHash(v.v));
  }
  if (v instanceof PyTuple) return tupleHash(v);
  keyOf(v); // raises TypeError for unhashable values
  if (v instanceof PyInstance) {
    const h = typeOf(v).lookup('__hash__');
    if (h instanceof PyFunction) {
      const r = callDunder(v, '__hash__', []);
      if (typeof r === 'number' || typeof r === 'bigint') return pyHash(r);
      if (typeof r === 'boolean') return r ? 1 : 0;
      throw typeError('__hash__ method should return an integer');
    }
  }
  if (v === null) return 0x3c0bd8;
  return objectId(v as object);
}

const P61 = (1n << 61n) - 1n;

function intHash(b: bigint): number | bigint {
  let h = (b < 0n ? -b : b) % P61;
  if (b < 0n) h = -h;
  if (h === -1n) h = -2n;
  return normBig(h);
}

/** tuplehash (xxHash-based, Objects/tupleobject.c) on 64-bit Py_uhash_t. */
function tupleHash(t: PyTuple): number | bigint {
  const P1 = 11400714785074694791n;
  const P2 = 14029467366897019727n;
  const P5 = 2870177450012600261n;
  let acc = P5;
  for (const item of t.a) {
    const lane = BigInt.asUintN(64, BigInt(pyHash(item)));
    acc = (acc + lane * P2) & M64;
    acc = ((acc << 31n) | (acc >> 33n)) & M64;
    acc = (acc * P1) & M64;
  }
  acc = (acc + (BigInt(t.a.length) ^ (P5 ^ 3527539n))) & M64;
  if (acc === M64) return 1546275796;
  return normBig(BigInt.asIntN(64, acc));
}

/** The hash as the unsigned 64-bit value the set table probes with: [low 32 bits, high 32 bits]. */
export function hashParts(v: unknown): [number, number] {
  const h = pyHash(v);
  if (typeof h === 'number' && h >= -0x80000000 && h <= 0x7fffffff) return [h >>> 0, h < 0 ? 0xffffffff : 0];
  const u = BigInt.asUintN(64, BigInt(h));
  return [Number(u & 0xffffffffn), Number(u >> 32n)];
}
