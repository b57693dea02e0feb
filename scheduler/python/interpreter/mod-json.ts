/** json: dumps() and loads() as CPython's json module writes and reads, errors included. */
import { floatRepr } from '../format.ts';
import { PyDict, PyFloat, PyList, PyTuple, isIntLike, normBig, typeName, type Kw } from './values.ts';
import { VALUE_ERROR, makeUserExceptionClass, typeError, valueError, type PyExc } from './exceptions.ts';
import { bind } from './args.ts';
import { call, getAttr } from './calls.ts';
import { dictSetRaw } from './keys.ts';
import { truthy } from './ops.ts';
import { sortArray } from './methods-containers.ts';
import { intRepr } from '../format.ts';
import { instantiate } from './calls.ts';
import { setExcAttr } from './exc-objects.ts';
import { ModuleBuilder } from './module-kit.ts';
import { typeOf } from './values.ts';
import type { PyModule } from './values.ts';

export const JSON_DECODE_ERROR = makeUserExceptionClass('JSONDecodeError', VALUE_ERROR);
JSON_DECODE_ERROR.module = 'json.decoder';

interface DumpOptions {
  indent: string | null;
  itemSep: string;
  keySep: string;
  sortKeys: boolean;
  ensureAscii: boolean;
  allowNan: boolean;
  skipKeys: boolean;
  default: unknown;
}

function quote(s: string, ensureAscii: boolean): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || (ensureAscii && c > 0x7e)) {
      const hex = (n: number) => '\\u' + n.toString(16).padStart(4, '0');
      if (c > 0xffff) {
        const v = c - 0x10000;
        out += hex(0xd800 + (v >> 10)) + hex(0xdc00 + (v & 0x3ff));
      } else out += hex(c);
    } else out += ch;
  }
  return out + '"';
}

function floatText(x: number, o: DumpOptions): string {
  if (Number.isFinite(x)) return floatRepr(x);
  if (!o.allowNan) throw valueError(`Out of range float values are not JSON compliant: ${floatRepr(x)}`);
  return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
}

function keyText(k: unknown, o: DumpOptions): string | null {
  if (typeof k === 'string') return k;
  if (k instanceof PyFloat) return floatText(k.v, o);
  if (typeof k === 'boolean') return k ? 'true' : 'false';
  if (k === null) return 'null';
  if (typeof k === 'number' || typeof k === 'bigint') return intRepr(k);
  if (o.skipKeys) return null;
  throw typeError(`keys must be str, int, float, bool or None, not ${typeName(k)}`);
}

function encode(v: unknown, o: DumpOptions, level: number, seen: Set<object>): string {
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'string') return quote(v, o.ensureAscii);
  if (typeof v === 'number' || typeof v === 'bigint') return intRepr(v);
  if (v instanceof PyFloat) return floatText(v.v, o);
  const nl = o.indent === null ? '' : '\n' + o.indent.repeat(level + 1);
  const close = o.indent === null ? '' : '\n' + o.indent.repeat(level);
  if (v instanceof PyList || v instanceof PyTuple) {
    if (v.a.length === 0) return '[]';
    if (seen.has(v)) throw valueError('Circular reference detected');
    seen.add(v);
    const parts = v.a.map((x) => encode(x, o, level + 1, seen));
    seen.delete(v);
    return `[${nl}${parts.join(o.itemSep + nl)}${close}]`;
  }
  if (v instanceof PyDict) {
    if (v.m.size === 0) return '{}';
    if (seen.has(v)) throw valueError('Circular reference detected');
    seen.add(v);
    let entries = [...v.m.values()];
    if (o.sortKeys) {
      const keys = entries.map((e) => e.k);
      sortArray(keys, null, false);
      entries = keys.map((k) => entries.find((e) => e.k === k)!);
    }
    const parts: string[] = [];
    for (const e of entries) {
      const key = keyText(e.k, o);
      if (key === null) continue;
      parts.push(quote(key, o.ensureAscii) + o.keySep + encode(e.v, o, level + 1, seen));
    }
    seen.delete(v);
    return `{${nl}${parts.join(o.itemSep + nl)}${close}}`;
  }
  if (isIntLike(v)) return intRepr(v as number);
  if (o.default !== null && o.default !== undefined) return encode(call(o.default, [v], null), o, level, seen);
  throw typeError(`Object of type ${typeOf(v).name} is not JSON serializable`);
}

class Decoder {
  private i = 0;
  constructor(private readonly s: string) {}

  fail(msg: string, pos: number): never {
    const before = this.s.slice(0, pos);
    const lineno = before.split('\n').length;
    const colno = pos - (before.lastIndexOf('\n') + 1) + 1;
    const e = instantiate(JSON_DECODE_ERROR, [`${msg}: line ${lineno} column ${colno} (char ${pos})`], null) as PyExc;
    setExcAttr(e, 'msg', msg);
    setExcAttr(e, 'doc', this.s);
    setExcAttr(e, 'pos', pos);
    setExcAttr(e, 'lineno', lineno);
    setExcAttr(e, 'colno', colno);
    throw e;
  }

  private ws(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i]!)) this.i++;
  }

  document(): unknown {
    this.ws();
    const v = this.value();
    this.ws();
    if (this.i !== this.s.length) this.fail('Extra data', this.i);
    return v;
  }

  private value(): unknown {
    const s = this.s;
    const c = s[this.i];
    if (c === '"') return this.string();
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    for (const [word, v] of [['null', null], ['true', true], ['false', false], ['NaN', new PyFloat(NaN)], ['Infinity', new PyFloat(Infinity)], ['-Infinity', new PyFloat(-Infinity)]] as const) {
      if (s.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(s.slice(this.i));
    if (m === null) this.fail('Expecting value', this.i);
    this.i += m[0].length;
    if (m[1] === undefined && m[2] === undefined) return normBig(BigInt(m[0]));
    return new PyFloat(Number(m[0]));
  }

  private string(): string {
    const start = this.i;
    const s = this.s;
    this.i++;
    let out = '';
    for (;;) {
      if (this.i >= s.length) this.fail('Unterminated string starting at', start);
      const c = s[this.i]!;
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c === '\\') {
        const e = s[this.i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && simple[e] !== undefined) {
          out += simple[e];
          this.i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(this.i + 2, this.i + 6))) {
          out += String.fromCharCode(parseInt(s.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
        } else this.fail('Invalid \\escape', this.i);
        continue;
      }
      if (c < ' ') this.fail('Invalid control character at', this.i);
      out += c;
      this.i++;
    }
  }

  private object(): PyDict {
    const d = new PyDict();
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return d;
    }
    for (;;) {
      if (this.s[this.i] !== '"') this.fail('Expecting property name enclosed in double quotes', this.i);
      const k = this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail("Expecting ':' delimiter", this.i);
      this.i++;
      this.ws();
      dictSetRaw(d, k, this.value());
      this.ws();
      if (this.s[this.i] === '}') {
        this.i++;
        return d;
      }
      if (this.s[this.i] !== ',') this.fail("Expecting ',' delimiter", this.i);
      this.i++;
      this.ws();
    }
  }

  private array(): PyList {
    const out: unknown[] = [];
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return new PyList(out);
    }
    for (;;) {
      out.push(this.value());
      this.ws();
      if (this.s[this.i] === ']') {
        this.i++;
        return new PyList(out);
      }
      if (this.s[this.i] !== ',') this.fail("Expecting ',' delimiter", this.i);
      this.i++;
      this.ws();
    }
  }
}

function dumpOptions(kw: Kw): DumpOptions {
  const [skipkeys, ensureAscii, , allowNan, , indent, separators, dflt, sortKeys] = bind(
    'dumps',
    [],
    kw,
    ['skipkeys', 'ensure_ascii', 'check_circular', 'allow_nan', 'cls', 'indent', 'separators', 'default', 'sort_keys'],
    0,
  );
  let ind: string | null = null;
  if (indent !== undefined && indent !== null) ind = typeof indent === 'string' ? indent : ' '.repeat(Number(indent));
  let itemSep = ind === null ? ', ' : ',';
  let keySep = ': ';
  if (separators !== undefined && separators !== null) {
    const [a, b] = (separators as PyTuple).a as [string, string];
    itemSep = a;
    keySep = b;
  }
  return {
    indent: ind,
    itemSep,
    keySep,
    sortKeys: sortKeys !== undefined && truthy(sortKeys),
    ensureAscii: ensureAscii === undefined || truthy(ensureAscii),
    allowNan: allowNan === undefined || truthy(allowNan),
    skipKeys: skipkeys !== undefined && truthy(skipkeys),
    default: dflt ?? null,
  };
}

export function makeJsonModule(): PyModule {
  const m = new ModuleBuilder('json');
  m.fn(
    'dumps',
    (args, kw) => {
      const [obj] = bind('dumps', args, null, ['obj']);
      return encode(obj, dumpOptions(kw), 0, new Set());
    },
    true,
  );
  m.fn(
    'loads',
    (args, kw) => {
      const [s] = bind('loads', args, kw, ['s'], 1);
      if (typeof s !== 'string') throw typeError(`the JSON object must be str, bytes or bytearray, not ${typeName(s)}`);
      return new Decoder(s).document();
    },
    true,
  );
  m.fn(
    'dump',
    (args, kw) => {
      const [obj, fp] = bind('dump', args, null, ['obj', 'fp']);
      call(getAttr(fp, 'write'), [encode(obj, dumpOptions(kw), 0, new Set())], null);
      return null;
    },
    true,
  );
  m.value('JSONDecodeError', JSON_DECODE_ERROR);
  return m.module;
}
