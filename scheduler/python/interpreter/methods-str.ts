/** The methods of str, with CPython's semantics (whitespace set, split rules, padding). */
import { encodeStr } from './pybytes.ts';
import { madeStr } from './memory.ts';
import type { NativeMethod } from './values.ts';
import { PyList, PyTuple, STR, typeName, PyDict } from './values.ts';
import { indexError, typeError, valueError } from './exceptions.ts';
import { bind, intArg, methods, noKw } from './args.ts';
import { iterate } from './iter.ts';
import { strFormat } from './strformat.ts';
import { codePoints, hasSurrogates, indexValue, strLen } from './subscript.ts';

/** str.isspace() characters (Py_UNICODE_ISSPACE). */
const WS = new Set([
  '\t', '\n', '\x0b', '\x0c', '\r', '\x1c', '\x1d', '\x1e', '\x1f', ' ', '\x85', '\xa0', '\u1680',
  '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200a',
  '\u2028', '\u2029', '\u202f', '\u205f', '\u3000',
]);

export function isSpace(ch: string): boolean {
  return WS.has(ch);
}

const LINE_BREAKS = new Set(['\n', '\r', '\x0b', '\x0c', '\x1c', '\x1d', '\x1e', '\x85', '\u2028', '\u2029']);

function stripChars(s: string, chars: unknown, left: boolean, right: boolean, fname: string): string {
  const cps = hasSurrogates(s) ? codePoints(s) : null;
  const arr = cps ?? s;
  let set: Set<string> | null = null;
  if (chars !== undefined && chars !== null) {
    if (typeof chars !== 'string') throw typeError(`${fname} arg must be None or str`);
    set = new Set(codePoints(chars));
  }
  const strip = (ch: string) => (set === null ? WS.has(ch) : set.has(ch));
  let i = 0;
  let j = arr.length;
  if (left) while (i < j && strip(arr[i]!)) i++;
  if (right) while (j > i && strip(arr[j - 1]!)) j--;
  return cps === null ? s.slice(i, j) : cps.slice(i, j).join('');
}

function splitWhitespace(s: string, maxsplit: number): string[] {
  const out: string[] = [];
  const cps = codePoints(s);
  let i = 0;
  const n = cps.length;
  while (i < n) {
    while (i < n && WS.has(cps[i]!)) i++;
    if (i >= n) break;
    if (maxsplit >= 0 && out.length >= maxsplit) {
      let j = n;
      while (j > i && WS.has(cps[j - 1]!)) j--;
      out.push(cps.slice(i, j).join(''));
      return out;
    }
    let j = i;
    while (j < n && !WS.has(cps[j]!)) j++;
    out.push(cps.slice(i, j).join(''));
    i = j;
  }
  return out;
}

function rsplitWhitespace(s: string, maxsplit: number): string[] {
  const out: string[] = [];
  const cps = codePoints(s);
  let j = cps.length;
  while (j > 0) {
    while (j > 0 && WS.has(cps[j - 1]!)) j--;
    if (j <= 0) break;
    if (maxsplit >= 0 && out.length >= maxsplit) {
      let i = 0;
      while (i < j && WS.has(cps[i]!)) i++;
      out.push(cps.slice(i, j).join(''));
      break;
    }
    let i = j;
    while (i > 0 && !WS.has(cps[i - 1]!)) i--;
    out.push(cps.slice(i, j).join(''));
    j = i;
  }
  return out.reverse();
}

function splitSep(s: string, sep: string, maxsplit: number): string[] {
  if (sep === '') throw valueError('empty separator');
  if (maxsplit < 0) return s.split(sep);
  const out: string[] = [];
  let start = 0;
  while (out.length < maxsplit) {
    const k = s.indexOf(sep, start);
    if (k < 0) break;
    out.push(s.slice(start, k));
    start = k + sep.length;
  }
  out.push(s.slice(start));
  return out;
}

function rsplitSep(s: string, sep: string, maxsplit: number): string[] {
  if (sep === '') throw valueError('empty separator');
  if (maxsplit < 0) return s.split(sep);
  const out: string[] = [];
  let end = s.length;
  while (out.length < maxsplit) {
    const k = s.lastIndexOf(sep, end - sep.length);
    if (k < 0 || end - sep.length < 0) break;
    out.push(s.slice(k + sep.length, end));
    end = k;
  }
  out.push(s.slice(0, end));
  return out.reverse();
}

/** Python's start/end arguments of find/count/startswith as code-unit offsets. */
function range(s: string, start: unknown, end: unknown): [number, number] {
  const len = strLen(s);
  let a = start === undefined || start === null ? 0 : indexOrError(start);
  let b = end === undefined || end === null ? len : indexOrError(end);
  if (a < 0) a = Math.max(0, a + len);
  if (b < 0) b = Math.max(0, b + len);
  a = Math.min(a, len);
  b = Math.min(b, len);
  if (!hasSurrogates(s)) return [a, Math.max(a, b)];
  const cps = codePoints(s);
  const unit = (i: number) => cps.slice(0, i).join('').length;
  return [unit(a), Math.max(unit(a), unit(b))];
}

function indexOrError(v: unknown): number {
  const n = indexValue(v);
  if (n === null) throw typeError('slice indices must be integers or None or have an __index__ method');
  return n;
}

/** A code-unit offset back to a code-point index. */
function cpIndex(s: string, unit: number): number {
  if (unit < 0 || !hasSurrogates(s)) return unit;
  return strLen(s.slice(0, unit));
}

function find(s: string, args: unknown[], reverse: boolean, fname: string): number {
  const [sub, start, end] = bind(fname, args, null, ['sub', 'start', 'end'], 1);
  if (typeof sub !== 'string') throw typeError(`must be str, not ${typeName(sub)}`);
  const [a, b] = range(s, start, end);
  const hay = s.slice(a, b);
  if (sub === '' && b - a < 0) return -1;
  const k = reverse ? hay.lastIndexOf(sub) : hay.indexOf(sub);
  return k < 0 ? -1 : cpIndex(s, a + k);
}

function count(s: string, sub: string, a: number, b: number): number {
  const hay = s.slice(a, b);
  if (sub === '') return strLen(hay) + 1;
  let n = 0;
  let i = 0;
  for (;;) {
    const k = hay.indexOf(sub, i);
    if (k < 0) return n;
    n++;
    i = k + sub.length;
  }
}

function affix(s: string, args: unknown[], fname: string, atStart: boolean): boolean {
  const [prefix, start, end] = bind(fname, args, null, ['prefix', 'start', 'end'], 1);
  const [a, b] = range(s, start, end);
  const hay = s.slice(a, b);
  const test = (p: unknown): boolean => {
    if (typeof p !== 'string') {
      throw typeError(`tuple for ${fname} must only contain str, not ${typeName(p)}`);
    }
    if (s.length < a) return false;
    return atStart ? hay.startsWith(p) : hay.endsWith(p);
  };
  if (prefix instanceof PyTuple) return prefix.a.some(test);
  if (typeof prefix !== 'string') {
    throw typeError(`${fname} first arg must be str or a tuple of str, not ${typeName(prefix)}`);
  }
  return test(prefix);
}

function pad(s: string, width: unknown, fill: unknown, fname: string, where: 'left' | 'right' | 'center'): string {
  const w = intArg(fname, width);
  let ch = ' ';
  if (fill !== undefined) {
    if (typeof fill !== 'string' || strLen(fill) !== 1) throw typeError('The fill character must be exactly one character long');
    ch = fill;
  }
  const len = strLen(s);
  if (w <= len) return s;
  const marg = w - len;
  if (where === 'left') return s + ch.repeat(marg);
  if (where === 'right') return ch.repeat(marg) + s;
  const left = Math.floor(marg / 2) + (marg & w & 1);
  return ch.repeat(left) + s + ch.repeat(marg - left);
}

const CASED = /\p{Lu}|\p{Ll}|\p{Lt}/u;

function title(s: string): string {
  let out = '';
  let prevCased = false;
  for (const ch of s) {
    const cased = CASED.test(ch);
    out += prevCased ? ch.toLowerCase() : ch.toUpperCase();
    prevCased = cased;
  }
  return out;
}

function every(s: string, re: RegExp): boolean {
  if (s.length === 0) return false;
  for (const ch of s) if (!re.test(ch)) return false;
  return true;
}

function joinStr(sep: string, iterable: unknown): string {
  const parts: string[] = [];
  let i = 0;
  iterate(iterable, (x) => {
    if (typeof x !== 'string') throw typeError(`sequence item ${i}: expected str instance, ${typeName(x)} found`);
    parts.push(x);
    i++;
  });
  return madeStr(parts.join(sep));
}

/**
 * The str methods, each counting a large str it returns (memory.ts): `big.upper()`, `big.replace(...)`
 * and their like make a new string as long as `big`. Lists they return count themselves.
 */
function countingLargeResults(table: Record<string, NativeMethod>): Record<string, NativeMethod> {
  const counted: Record<string, NativeMethod> = {};
  for (const [name, fn] of Object.entries(table)) {
    counted[name] = (self, args, kw) => {
      const result = fn(self, args, kw);
      return typeof result === 'string' && result !== self ? madeStr(result) : result;
    };
  }
  return counted;
}

export function installStrMethods(): void {
  methods(STR, countingLargeResults({
    upper: (s: string, a, kw) => (noKw('upper', kw), bind('upper', a, null, []), s.toUpperCase()),
    lower: (s: string, a, kw) => (noKw('lower', kw), bind('lower', a, null, []), s.toLowerCase()),
    casefold: (s: string) => s.toUpperCase().toLowerCase(),
    swapcase: (s: string) => [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
    title: (s: string) => title(s),
    capitalize: (s: string) => {
      const cps = codePoints(s);
      return cps.length === 0 ? '' : cps[0]!.toUpperCase() + cps.slice(1).join('').toLowerCase();
    },
    strip: (s: string, a) => stripChars(s, bind('strip', a, null, ['chars'], 0)[0], true, true, 'strip'),
    lstrip: (s: string, a) => stripChars(s, bind('lstrip', a, null, ['chars'], 0)[0], true, false, 'lstrip'),
    rstrip: (s: string, a) => stripChars(s, bind('rstrip', a, null, ['chars'], 0)[0], false, true, 'rstrip'),
    split: (s: string, a, kw) => {
      const [sep, maxsplit] = bind('split', a, kw, ['sep', 'maxsplit'], 0);
      const m = maxsplit === undefined ? -1 : intArg('split', maxsplit);
      if (sep === undefined || sep === null) return new PyList(splitWhitespace(s, m));
      if (typeof sep !== 'string') throw typeError(`must be str or None, not ${typeName(sep)}`);
      return new PyList(splitSep(s, sep, m));
    },
    rsplit: (s: string, a, kw) => {
      const [sep, maxsplit] = bind('rsplit', a, kw, ['sep', 'maxsplit'], 0);
      const m = maxsplit === undefined ? -1 : intArg('rsplit', maxsplit);
      if (sep === undefined || sep === null) return new PyList(rsplitWhitespace(s, m));
      if (typeof sep !== 'string') throw typeError(`must be str or None, not ${typeName(sep)}`);
      return new PyList(rsplitSep(s, sep, m));
    },
    splitlines: (s: string, a, kw) => {
      const [keep] = bind('splitlines', a, kw, ['keepends'], 0);
      const keepends = keep !== undefined && keep !== false && keep !== 0 && keep !== null;
      const out: string[] = [];
      let cur = '';
      const cps = codePoints(s);
      for (let i = 0; i < cps.length; i++) {
        const ch = cps[i]!;
        if (LINE_BREAKS.has(ch)) {
          let brk = ch;
          if (ch === '\r' && cps[i + 1] === '\n') {
            brk = '\r\n';
            i++;
          }
          out.push(keepends ? cur + brk : cur);
          cur = '';
        } else cur += ch;
      }
      if (cur !== '') out.push(cur);
      return new PyList(out);
    },
    join: (s: string, a, kw) => {
      noKw('join', kw);
      const [it] = bind('join', a, null, ['iterable']);
      return joinStr(s, it);
    },
    replace: (s: string, a, kw) => {
      noKw('replace', kw);
      const [old, neu, cnt] = bind('replace', a, null, ['old', 'new', 'count'], 2);
      if (typeof old !== 'string') throw typeError(`replace() argument 1 must be str, not ${typeName(old)}`);
      if (typeof neu !== 'string') throw typeError(`replace() argument 2 must be str, not ${typeName(neu)}`);
      let n = cnt === undefined ? -1 : intArg('replace', cnt);
      if (n < 0) n = Infinity;
      if (old === '') {
        const cps = codePoints(s);
        let out = '';
        let done = 0;
        for (let i = 0; i <= cps.length; i++) {
          if (done < n) {
            out += neu;
            done++;
          }
          if (i < cps.length) out += cps[i];
        }
        return out;
      }
      if (n === Infinity) return s.split(old).join(neu);
      let out = '';
      let i = 0;
      let done = 0;
      while (done < n) {
        const k = s.indexOf(old, i);
        if (k < 0) break;
        out += s.slice(i, k) + neu;
        i = k + old.length;
        done++;
      }
      return out + s.slice(i);
    },
    startswith: (s: string, a, kw) => (noKw('startswith', kw), affix(s, a, 'startswith', true)),
    endswith: (s: string, a, kw) => (noKw('endswith', kw), affix(s, a, 'endswith', false)),
    find: (s: string, a) => find(s, a, false, 'find'),
    rfind: (s: string, a) => find(s, a, true, 'rfind'),
    index: (s: string, a) => {
      const r = find(s, a, false, 'index');
      if (r < 0) throw valueError('substring not found');
      return r;
    },
    rindex: (s: string, a) => {
      const r = find(s, a, true, 'rindex');
      if (r < 0) throw valueError('substring not found');
      return r;
    },
    count: (s: string, a) => {
      const [sub, start, end] = bind('count', a, null, ['sub', 'start', 'end'], 1);
      if (typeof sub !== 'string') throw typeError(`must be str, not ${typeName(sub)}`);
      const [x, y] = range(s, start, end);
      return count(s, sub, x, y);
    },
    format: (s: string, a, kw) => strFormat(s, a, kw),
    format_map: (s: string, a) => {
      const m = a[0];
      if (!(m instanceof PyDict)) throw typeError('format_map() argument must be a mapping');
      const kw = new Map<string, unknown>();
      for (const e of m.m.values()) if (typeof e.k === 'string') kw.set(e.k, e.v);
      return strFormat(s, [], kw);
    },
    center: (s: string, a) => {
      const [w, fill] = bind('center', a, null, ['width', 'fillchar'], 1);
      return pad(s, w, fill, 'center', 'center');
    },
    ljust: (s: string, a) => {
      const [w, fill] = bind('ljust', a, null, ['width', 'fillchar'], 1);
      return pad(s, w, fill, 'ljust', 'left');
    },
    rjust: (s: string, a) => {
      const [w, fill] = bind('rjust', a, null, ['width', 'fillchar'], 1);
      return pad(s, w, fill, 'rjust', 'right');
    },
    zfill: (s: string, a) => {
      const [w] = bind('zfill', a, null, ['width']);
      const width = intArg('zfill', w);
      const len = strLen(s);
      if (len >= width) return s;
      const fill = '0'.repeat(width - len);
      if (s.startsWith('+') || s.startsWith('-')) return s[0] + fill + s.slice(1);
      return fill + s;
    },
    partition: (s: string, a) => {
      const [sep] = bind('partition', a, null, ['sep']);
      if (typeof sep !== 'string') throw typeError(`must be str, not ${typeName(sep)}`);
      if (sep === '') throw valueError('empty separator');
      const k = s.indexOf(sep);
      if (k < 0) return new PyTuple([s, '', '']);
      return new PyTuple([s.slice(0, k), sep, s.slice(k + sep.length)]);
    },
    rpartition: (s: string, a) => {
      const [sep] = bind('rpartition', a, null, ['sep']);
      if (typeof sep !== 'string') throw typeError(`must be str, not ${typeName(sep)}`);
      if (sep === '') throw valueError('empty separator');
      const k = s.lastIndexOf(sep);
      if (k < 0) return new PyTuple(['', '', s]);
      return new PyTuple([s.slice(0, k), sep, s.slice(k + sep.length)]);
    },
    removeprefix: (s: string, a) => {
      const [p] = bind('removeprefix', a, null, ['prefix']);
      if (typeof p !== 'string') throw typeError(`removeprefix() argument must be str, not ${typeName(p)}`);
      return p !== '' && s.startsWith(p) ? s.slice(p.length) : s;
    },
    removesuffix: (s: string, a) => {
      const [p] = bind('removesuffix', a, null, ['suffix']);
      if (typeof p !== 'string') throw typeError(`removesuffix() argument must be str, not ${typeName(p)}`);
      return p !== '' && s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
    },
    expandtabs: (s: string, a) => {
      const [t] = bind('expandtabs', a, null, ['tabsize'], 0);
      const size = t === undefined ? 8 : intArg('expandtabs', t);
      let out = '';
      let col = 0;
      for (const ch of s) {
        if (ch === '\t') {
          const n = size > 0 ? size - (col % size) : 0;
          out += ' '.repeat(n);
          col += n;
        } else {
          out += ch;
          col = ch === '\n' || ch === '\r' ? 0 : col + 1;
        }
      }
      return out;
    },
    isdigit: (s: string) => every(s, /[\p{Nd}\u00b2\u00b3\u00b9\u2070-\u2079\u2080-\u2089]/u),
    isdecimal: (s: string) => every(s, /\p{Nd}/u),
    isnumeric: (s: string) => every(s, /[\p{Nd}\p{Nl}\p{No}]/u),
    isalpha: (s: string) => every(s, /\p{L}/u),
    isalnum: (s: string) => every(s, /[\p{L}\p{Nd}\p{Nl}\p{No}]/u),
    isspace: (s: string) => s.length > 0 && [...s].every((c) => WS.has(c)),
    isupper: (s: string) => /\p{Lu}|\p{Lt}/u.test(s) && !/\p{Ll}/u.test(s),
    islower: (s: string) => /\p{Ll}/u.test(s) && !/\p{Lu}|\p{Lt}/u.test(s),
    istitle: (s: string) => {
      let cased = false;
      let prev = false;
      for (const ch of s) {
        if (/\p{Lu}|\p{Lt}/u.test(ch)) {
          if (prev) return false;
          prev = true;
          cased = true;
        } else if (/\p{Ll}/u.test(ch)) {
          if (!prev) return false;
          prev = true;
          cased = true;
        } else prev = false;
      }
      return cased;
    },
    isidentifier: (s: string) => /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u.test(s),
    isascii: (s: string) => /^[\x00-\x7f]*$/.test(s),
    isprintable: (s: string) => /^[^\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]*$/u.test(s.replace(/ /g, '')) && !/[\p{Zs}]/u.test(s.replace(/ /g, '')),
    encode: (s: string, a, kw) => {
      const [encoding, errors] = bind('encode', a, kw, ['encoding', 'errors'], 0);
      return encodeStr(s, encoding, errors);
    },
    __len__: (s: string) => strLen(s),
    __getitem__: (s: string, a) => {
      const i = indexValue(a[0]);
      if (i === null) throw typeError(`string indices must be integers, not '${typeName(a[0])}'`);
      const cps = codePoints(s);
      const j = i < 0 ? i + cps.length : i;
      if (j < 0 || j >= cps.length) throw indexError('string index out of range');
      return cps[j];
    },
  }));
}
