/**
 * re: Python's regular expressions on JavaScript's engine. The pattern is translated once
 * (named groups, \A and \Z, Python's `$`, inline flags, verbose mode) into a RegExp with the `d`
 * flag, which reports every group's span; the module's API (Pattern, Match, sub, split,
 * findall...) is Python, in pylib/re.ts, and asks this file for one match at a time.
 *
 * What differs from CPython's engine is said where a pattern uses it: \d, \w and \s are ASCII
 * (Python's match any Unicode digit, word character or space in a str pattern), and a pattern
 * JavaScript cannot compile is an re.error with JavaScript's reason.
 */
import { PyBuiltin, PyDict, PyList, PyTuple, type PyModule } from './values.ts';
import { dictSetRaw } from './keys.ts';
import { runPythonModule } from './pylib.ts';
import { RE } from './pylib/re.ts';
import type { Runtime } from './runtime.ts';

const IGNORECASE = 2;
const MULTILINE = 8;
const DOTALL = 16;
const VERBOSE = 64;

/** A pattern translated for JavaScript, and what Pattern.groups and groupindex report. */
interface Translated {
  search: RegExp;
  match: RegExp;
  fullmatch: RegExp;
  groups: number;
  names: Map<string, number>;
}

/** Translations by flags and pattern: a program compiles the same few patterns many times. */
const cache = new Map<string, Translated>();

/** Inline flags at the start of the pattern, `(?imsx)`, fold into the flags. */
function inlineFlags(pattern: string, flags: number): { pattern: string; flags: number } {
  const m = /^\(\?([aiLmsux]+)\)/.exec(pattern);
  if (m === null) return { pattern, flags };
  let f = flags;
  for (const c of m[1]!) f |= c === 'i' ? IGNORECASE : c === 'm' ? MULTILINE : c === 's' ? DOTALL : c === 'x' ? VERBOSE : 0;
  return { pattern: pattern.slice(m[0].length), flags: f };
}

/** Translate Python syntax to JavaScript's, counting groups and naming them. */
function translate(source: string, flags: number): { js: string; groups: number; names: Map<string, number> } {
  let out = '';
  let groups = 0;
  const names = new Map<string, number>();
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      i++;
      if (inClass) out += `\\${next}`;
      else if (next === 'A') out += '(?<![\\s\\S])';
      else if (next === 'Z') out += '(?![\\s\\S])';
      else out += `\\${next}`;
      continue;
    }
    if (inClass) {
      if (c === ']' && !out.endsWith('[') && !out.endsWith('[^')) inClass = false;
      out += c;
      continue;
    }
    if ((flags & VERBOSE) !== 0) {
      if (/\s/.test(c)) continue;
      if (c === '#') {
        while (i < source.length && source[i] !== '\n') i++;
        continue;
      }
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A `]` first in the class is a literal in Python.
      if (source[i + 1] === ']') (out += '\\]', i++);
      else if (source[i + 1] === '^' && source[i + 2] === ']') (out += '^\\]', (i += 2));
      continue;
    }
    if (c === '$' && (flags & MULTILINE) === 0) {
      // Python's `$`: the end, or before a newline that ends the string.
      out += '(?=\\n?(?![\\s\\S]))';
      continue;
    }
    if (c === '(') {
      if (source[i + 1] !== '?') {
        groups++;
        out += c;
        continue;
      }
      const named = /^\(\?P<([A-Za-z_]\w*)>/.exec(source.slice(i));
      if (named !== null) {
        groups++;
        names.set(named[1]!, groups);
        out += `(?<${named[1]}>`;
        i += named[0].length - 1;
        continue;
      }
      const backref = /^\(\?P=([A-Za-z_]\w*)\)/.exec(source.slice(i));
      if (backref !== null) {
        out += `\\k<${backref[1]}>`;
        i += backref[0].length - 1;
        continue;
      }
    }
    out += c;
  }
  return { js: out, groups, names };
}

/** The translation of a pattern, or JavaScript's reason for refusing it. */
function compiled(pattern: string, flags: number): Translated | string {
  const key = `${flags}\u0000${pattern}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const inline = inlineFlags(pattern, flags);
  const { js, groups, names } = translate(inline.pattern, inline.flags);
  let jsFlags = 'd';
  if ((inline.flags & IGNORECASE) !== 0) jsFlags += 'i';
  if ((inline.flags & MULTILINE) !== 0) jsFlags += 'm';
  if ((inline.flags & DOTALL) !== 0) jsFlags += 's';
  let t: Translated;
  try {
    t = {
      search: new RegExp(js, `${jsFlags}g`),
      match: new RegExp(js, `${jsFlags}y`),
      // Anchored at both ends: JavaScript's first match at pos may be shorter than a full one.
      fullmatch: new RegExp(`(?:${js})(?![\\s\\S])`, `${jsFlags}y`),
      groups,
      names,
    };
  } catch (e) {
    return e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e);
  }
  cache.set(key, t);
  return t;
}

/**
 * One match of `pattern` in string[pos:endpos]: 'search' anywhere, 'match' at pos, 'fullmatch'
 * spanning pos..endpos. The spans of groups 0..n as a flat list, -1 for a group that took no
 * part; None when there is no match.
 */
function exec(t: Translated, text: string, pos: number, endpos: number, mode: 'search' | 'match' | 'fullmatch'): PyList | null {
  const regex = t[mode];
  const subject = endpos < text.length ? text.slice(0, endpos) : text;
  regex.lastIndex = pos;
  const m = regex.exec(subject);
  if (m === null) return null;
  const spans: number[] = [];
  for (const span of m.indices!) spans.push(span === undefined ? -1 : span[0], span === undefined ? -1 : span[1]);
  return new PyList(spans);
}

export function makeReModule(rt: Runtime): PyModule {
  return runPythonModule(rt, 're', RE, (ns) => {
    // (groups, groupindex, None), or (None, None, why) for a pattern JavaScript refuses.
    ns.cell('_info').v = new PyBuiltin('_info', ([pattern, flags]) => {
      const t = compiled(pattern as string, Number(flags));
      if (typeof t === 'string') return new PyTuple([null, null, t]);
      const index = new PyDict();
      for (const [name, n] of t.names) dictSetRaw(index, name, n);
      return new PyTuple([t.groups, index, null]);
    });
    ns.cell('_exec').v = new PyBuiltin('_exec', ([pattern, flags, text, pos, endpos, mode]) => {
      const t = compiled(pattern as string, Number(flags));
      if (typeof t === 'string') return null;
      return exec(t, text as string, Number(pos), Number(endpos), mode as 'search' | 'match' | 'fullmatch');
    });
  });
}
