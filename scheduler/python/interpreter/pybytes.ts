/**
 * bytes: immutable sequences of byte values (0-255), for streams' data and str.encode(). Stored
 * as a Uint8Array; printed as CPython prints them (`b'ab\x00'`), decoded and encoded as UTF-8
 * (or ASCII / Latin-1) with CPython's errors.
 */
import { OBJECT, PyList, isIntLike, makeClass, registerHostType, typeName, type PyClass } from './values.ts';
import { PyLookupError, PyUnicodeDecodeError, PyUnicodeEncodeError, indexError, typeError, valueError } from './exceptions.ts';
import { bind, methods } from './args.ts';
import { toArray } from './iter.ts';

export class PyBytes {
  declare $t: PyClass;
  constructor(readonly b: Uint8Array) {}

  /** One char per byte (0-255): a Map key and a cheap comparison. */
  get latin1(): string {
    let s = '';
    for (const x of this.b) s += String.fromCharCode(x);
    return s;
  }

  static fromLatin1(s: string): PyBytes {
    const b = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
    return new PyBytes(b);
  }
}

export const BYTES = makeClass('bytes', OBJECT);
registerHostType(PyBytes, BYTES);
PyBytes.prototype.$t = BYTES;

/** repr(b): single quotes unless the bytes hold a ' and no ", then double quotes. */
export function bytesRepr(v: PyBytes): string {
  const b = v.b;
  const quote = b.includes(39) && !b.includes(34) ? '"' : "'";
  let out = 'b' + quote;
  for (const x of b) {
    if (x === 92) out += '\\\\';
    else if (x === quote.charCodeAt(0)) out += '\\' + quote;
    else if (x === 9) out += '\\t';
    else if (x === 10) out += '\\n';
    else if (x === 13) out += '\\r';
    else if (x < 32 || x >= 127) out += '\\x' + x.toString(16).padStart(2, '0');
    else out += String.fromCharCode(x);
  }
  return out + quote;
}

function encodingName(v: unknown): string {
  if (v === undefined || v === null) return 'utf-8';
  if (typeof v !== 'string') throw typeError(`encode() argument 'encoding' must be str, not ${typeName(v)}`);
  const n = v.toLowerCase().replace(/_/g, '-');
  if (n === 'utf-8' || n === 'utf8') return 'utf-8';
  if (n === 'ascii' || n === 'us-ascii') return 'ascii';
  if (n === 'latin-1' || n === 'latin1' || n === 'iso-8859-1') return 'latin-1';
  throw new PyLookupError(`unknown encoding: ${v}`);
}

/** UTF-8 bytes of a string (lone surrogates are an error, as in CPython). */
function utf8(s: string): Uint8Array {
  const out: number[] = [];
  let pos = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c >= 0xd800 && c <= 0xdfff) {
      throw new PyUnicodeEncodeError(`'utf-8' codec can't encode character '\\u${c.toString(16)}' in position ${pos}: surrogates not allowed`);
    } else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    pos++;
  }
  return Uint8Array.from(out);
}

/** str.encode(encoding, errors) */
export function encodeStr(s: string, encoding: unknown, errors: unknown): PyBytes {
  const enc = encodingName(encoding);
  const strict = errors === undefined || errors === null || errors === 'strict';
  if (enc === 'utf-8') return new PyBytes(utf8(s));
  const limit = enc === 'ascii' ? 0x80 : 0x100;
  const out: number[] = [];
  let pos = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < limit) out.push(c);
    else if (strict) {
      const e = new PyUnicodeEncodeError(`'${enc === 'ascii' ? 'ascii' : 'latin-1'}' codec can't encode character '\\u${c.toString(16).padStart(4, '0')}' in position ${pos}: ordinal not in range(${limit})`);
      throw e;
    } else if (errors === 'replace') out.push(63);
    pos++;
  }
  return new PyBytes(Uint8Array.from(out));
}

/** bytes.decode(encoding, errors) */
export function decodeBytes(v: PyBytes, encoding: unknown, errors: unknown): string {
  const enc = encodingName(encoding);
  const strict = errors === undefined || errors === null || errors === 'strict';
  const b = v.b;
  if (enc === 'latin-1') return v.latin1;
  if (enc === 'ascii') {
    let s = '';
    for (let i = 0; i < b.length; i++) {
      const x = b[i]!;
      if (x < 128) s += String.fromCharCode(x);
      else if (strict) throw new PyUnicodeDecodeError(`'ascii' codec can't decode byte 0x${x.toString(16)} in position ${i}: ordinal not in range(128)`);
      else if (errors === 'replace') s += '\ufffd';
    }
    return s;
  }
  // UTF-8, with CPython's words for the first bad byte (or U+FFFD for it with errors='replace').
  let out = '';
  for (let i = 0; i < b.length; ) {
    const x = b[i]!;
    const n = x < 0x80 ? 1 : x >= 0xc2 && x < 0xe0 ? 2 : x >= 0xe0 && x < 0xf0 ? 3 : x >= 0xf0 && x < 0xf5 ? 4 : 0;
    let bad: string | null = n === 0 ? 'invalid start byte' : null;
    for (let k = 1; bad === null && k < n; k++) {
      if (i + k >= b.length) bad = 'unexpected end of data';
      else if ((b[i + k]! & 0xc0) !== 0x80) bad = 'invalid continuation byte';
    }
    if (bad !== null) {
      if (strict) throw new PyUnicodeDecodeError(`'utf-8' codec can't decode byte 0x${x.toString(16).padStart(2, '0')} in position ${i}: ${bad}`);
      if (errors === 'replace') out += '\ufffd';
      i++;
      continue;
    }
    let c = n === 1 ? x : x & (0xff >> (n + 1));
    for (let k = 1; k < n; k++) c = (c << 6) | (b[i + k]! & 63);
    out += String.fromCodePoint(c);
    i += n;
  }
  return out;
}

function asBytes(v: unknown, what: string): Uint8Array {
  if (v instanceof PyBytes) return v.b;
  throw typeError(`${what} a bytes-like object is required, not '${typeName(v)}'`);
}

function find(hay: Uint8Array, needle: Uint8Array, from = 0): number {
  outer: for (let i = from; i + needle.length <= hay.length; i++) {
    for (let k = 0; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

const WS = new Set([32, 9, 10, 11, 12, 13]);

function strip(b: Uint8Array, chars: unknown, left: boolean, right: boolean): PyBytes {
  const set = chars === undefined || chars === null ? WS : new Set(asBytes(chars, ''));
  let i = 0;
  let j = b.length;
  if (left) while (i < j && set.has(b[i]!)) i++;
  if (right) while (j > i && set.has(b[j - 1]!)) j--;
  return new PyBytes(b.slice(i, j));
}

/** bytes(x): from an int (zeros), an iterable of ints, or a str with an encoding. */
export function makeBytes(args: unknown[]): PyBytes {
  const [source, encoding, errors] = args;
  if (source === undefined) return new PyBytes(new Uint8Array(0));
  if (typeof source === 'string') {
    if (encoding === undefined) throw typeError('string argument without an encoding');
    return encodeStr(source, encoding, errors);
  }
  if (source instanceof PyBytes) return source;
  if (typeof source === 'number') {
    if (source < 0) throw valueError('negative count');
    return new PyBytes(new Uint8Array(source));
  }
  const items = toArray(source).map((x) => {
    if (!isIntLike(x)) throw typeError(`'${typeName(x)}' object cannot be interpreted as an integer`);
    const n = Number(x);
    if (n < 0 || n > 255) throw valueError('bytes must be in range(0, 256)');
    return n;
  });
  return new PyBytes(Uint8Array.from(items));
}

export function concatBytes(a: PyBytes, b: unknown): PyBytes {
  if (!(b instanceof PyBytes)) throw typeError(`can't concat ${typeName(b)} to bytes`);
  const out = new Uint8Array(a.b.length + b.b.length);
  out.set(a.b, 0);
  out.set(b.b, a.b.length);
  return new PyBytes(out);
}

export function repeatBytes(a: PyBytes, n: number): PyBytes {
  if (n <= 0) return new PyBytes(new Uint8Array(0));
  const out = new Uint8Array(a.b.length * n);
  for (let i = 0; i < n; i++) out.set(a.b, i * a.b.length);
  return new PyBytes(out);
}

export function bytesContains(a: PyBytes, x: unknown): boolean {
  if (isIntLike(x)) {
    const n = Number(x);
    if (n < 0 || n > 255) throw valueError('byte must be in range(0, 256)');
    return a.b.includes(n);
  }
  return find(a.b, asBytes(x, 'a bytes-like object is required, not')) >= 0;
}

export function bytesCompare(a: PyBytes, b: PyBytes): number {
  const n = Math.min(a.b.length, b.b.length);
  for (let i = 0; i < n; i++) if (a.b[i] !== b.b[i]) return a.b[i]! - b.b[i]!;
  return a.b.length - b.b.length;
}

export function bytesIndex(a: PyBytes, i: number): number {
  const k = i < 0 ? i + a.b.length : i;
  if (k < 0 || k >= a.b.length) throw indexError('index out of range');
  return a.b[k]!;
}

export function installBytes(): void {
  BYTES.reprFn = bytesRepr;
  BYTES.native = (args, kw) => {
    const [source, encoding, errors] = bind('bytes', args, kw, ['source', 'encoding', 'errors'], 0);
    return makeBytes([source, encoding, errors]);
  };
  methods(BYTES, {
    decode: (v: PyBytes, a, kw) => {
      const [encoding, errors] = bind('decode', a, kw, ['encoding', 'errors'], 0);
      return decodeBytes(v, encoding, errors);
    },
    hex: (v: PyBytes) => [...v.b].map((x) => x.toString(16).padStart(2, '0')).join(''),
    startswith: (v: PyBytes, a) => {
      const p = asBytes(bind('startswith', a, null, ['prefix'])[0], 'startswith first arg must be bytes or a tuple of bytes, not');
      return p.every((x, i) => v.b[i] === x) && p.length <= v.b.length;
    },
    endswith: (v: PyBytes, a) => {
      const p = asBytes(bind('endswith', a, null, ['suffix'])[0], 'endswith first arg must be bytes or a tuple of bytes, not');
      const off = v.b.length - p.length;
      return off >= 0 && p.every((x, i) => v.b[off + i] === x);
    },
    find: (v: PyBytes, a) => find(v.b, asBytes(bind('find', a, null, ['sub'])[0], 'argument should be integer or bytes-like object, not')),
    index: (v: PyBytes, a) => {
      const i = find(v.b, asBytes(bind('index', a, null, ['sub'])[0], 'argument should be integer or bytes-like object, not'));
      if (i < 0) throw valueError('subsection not found');
      return i;
    },
    count: (v: PyBytes, a) => {
      const sub = asBytes(bind('count', a, null, ['sub'])[0], 'argument should be integer or bytes-like object, not');
      let n = 0;
      for (let i = find(v.b, sub); i >= 0; i = find(v.b, sub, i + Math.max(1, sub.length))) n++;
      return n;
    },
    strip: (v: PyBytes, a) => strip(v.b, a[0], true, true),
    lstrip: (v: PyBytes, a) => strip(v.b, a[0], true, false),
    rstrip: (v: PyBytes, a) => strip(v.b, a[0], false, true),
    upper: (v: PyBytes) => PyBytes.fromLatin1(v.latin1.replace(/[a-z]/g, (c) => c.toUpperCase())),
    lower: (v: PyBytes) => PyBytes.fromLatin1(v.latin1.replace(/[A-Z]/g, (c) => c.toLowerCase())),
    split: (v: PyBytes, a, kw) => {
      const [sep, maxsplit] = bind('split', a, kw, ['sep', 'maxsplit'], 0);
      const max = maxsplit === undefined ? -1 : Number(maxsplit);
      const s = v.latin1;
      let parts: string[];
      if (sep === undefined || sep === null) {
        parts = s.split(/[ \t\n\r\x0b\x0c]+/).filter((x) => x !== '');
        if (max >= 0 && parts.length > max + 1) {
          const head = parts.slice(0, max);
          const rest = s.trimStart().split(/[ \t\n\r\x0b\x0c]+/).slice(max).join(' ');
          parts = [...head, rest];
        }
      } else {
        const d = (sep as PyBytes).latin1;
        if (d === '') throw valueError('empty separator');
        parts = s.split(d);
        if (max >= 0 && parts.length > max + 1) parts = [...parts.slice(0, max), parts.slice(max).join(d)];
      }
      return new PyList(parts.map(PyBytes.fromLatin1));
    },
    splitlines: (v: PyBytes) => new PyList(v.latin1.split(/\r\n|\n|\r/).filter((x, i, all) => !(x === '' && i === all.length - 1)).map(PyBytes.fromLatin1)),
    replace: (v: PyBytes, a) => {
      const [old, nw] = bind('replace', a, null, ['old', 'new']);
      return PyBytes.fromLatin1(v.latin1.split((old as PyBytes).latin1).join((nw as PyBytes).latin1));
    },
    join: (v: PyBytes, a) => {
      const items = toArray(bind('join', a, null, ['iterable_of_bytes'])[0]).map((x, i) => {
        if (!(x instanceof PyBytes)) throw typeError(`sequence item ${i}: expected a bytes-like object, ${typeName(x)} found`);
        return x.latin1;
      });
      return PyBytes.fromLatin1(items.join(v.latin1));
    },
    isdigit: (v: PyBytes) => v.b.length > 0 && v.b.every((x) => x >= 48 && x <= 57),
    isalpha: (v: PyBytes) => v.b.length > 0 && v.b.every((x) => (x >= 65 && x <= 90) || (x >= 97 && x <= 122)),
    isspace: (v: PyBytes) => v.b.length > 0 && v.b.every((x) => WS.has(x)),
  });
}
