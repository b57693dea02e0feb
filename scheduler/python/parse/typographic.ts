/**
 * Typographic quotes, dashes and spaces: what code pasted from a web page, a slide or a word
 * processor carries (“ ” ‘ ’ – — and no-break spaces). Python refuses them outside strings and
 * comments ("invalid character '“' (U+201C)"); each gets a hint that names it and says what to
 * type instead, and findTypographicCharacters lists every one in a file at once, for the checker
 * (one problem each, in one round) and for the editor's quick fix that straightens them all.
 */
import { hex4 } from './chars.ts';
import { syntax } from './problems.ts';
import type { Problem } from './problems.ts';

type Family = 'double quote' | 'single quote' | 'dash' | 'space' | 'invisible' | 'ellipsis' | 'punctuation';

interface Typographic {
  /** What to type instead. */
  replacement: string;
  /** Its Unicode name, lower case. */
  name: string;
  family: Family;
}

const TABLE: ReadonlyMap<string, Typographic> = new Map(
  (
    [
      ['\u201C', '"', 'left double quotation mark', 'double quote'],
      ['\u201D', '"', 'right double quotation mark', 'double quote'],
      ['\u201E', '"', 'double low-9 quotation mark', 'double quote'],
      ['\u201F', '"', 'double high-reversed-9 quotation mark', 'double quote'],
      ['\u2033', '"', 'double prime', 'double quote'],
      ['\u00AB', '"', 'left-pointing double angle quotation mark', 'double quote'],
      ['\u00BB', '"', 'right-pointing double angle quotation mark', 'double quote'],
      ['\u2018', "'", 'left single quotation mark', 'single quote'],
      ['\u2019', "'", 'right single quotation mark', 'single quote'],
      ['\u201A', "'", 'single low-9 quotation mark', 'single quote'],
      ['\u201B', "'", 'single high-reversed-9 quotation mark', 'single quote'],
      ['\u2032', "'", 'prime', 'single quote'],
      ['\u2010', '-', 'hyphen', 'dash'],
      ['\u2011', '-', 'non-breaking hyphen', 'dash'],
      ['\u2012', '-', 'figure dash', 'dash'],
      ['\u2013', '-', 'en dash', 'dash'],
      ['\u2014', '-', 'em dash', 'dash'],
      ['\u2015', '-', 'horizontal bar', 'dash'],
      ['\u2212', '-', 'minus sign', 'dash'],
      ['\u00A0', ' ', 'no-break space', 'space'],
      ['\u2002', ' ', 'en space', 'space'],
      ['\u2003', ' ', 'em space', 'space'],
      ['\u2004', ' ', 'three-per-em space', 'space'],
      ['\u2005', ' ', 'four-per-em space', 'space'],
      ['\u2006', ' ', 'six-per-em space', 'space'],
      ['\u2007', ' ', 'figure space', 'space'],
      ['\u2008', ' ', 'punctuation space', 'space'],
      ['\u2009', ' ', 'thin space', 'space'],
      ['\u200A', ' ', 'hair space', 'space'],
      ['\u202F', ' ', 'narrow no-break space', 'space'],
      ['\u205F', ' ', 'medium mathematical space', 'space'],
      ['\u3000', ' ', 'ideographic space', 'space'],
      ['\u200B', '', 'zero width space', 'invisible'],
      ['\u200C', '', 'zero width non-joiner', 'invisible'],
      ['\u200D', '', 'zero width joiner', 'invisible'],
      ['\u2060', '', 'word joiner', 'invisible'],
      ['\uFEFF', '', 'zero width no-break space (byte order mark)', 'invisible'],
      ['\u00AD', '', 'soft hyphen', 'invisible'],
      ['\u2026', '...', 'horizontal ellipsis', 'ellipsis'],
      ['\uFF08', '(', 'fullwidth left parenthesis', 'punctuation'],
      ['\uFF09', ')', 'fullwidth right parenthesis', 'punctuation'],
      ['\uFF3B', '[', 'fullwidth left square bracket', 'punctuation'],
      ['\uFF3D', ']', 'fullwidth right square bracket', 'punctuation'],
      ['\uFF5B', '{', 'fullwidth left curly bracket', 'punctuation'],
      ['\uFF5D', '}', 'fullwidth right curly bracket', 'punctuation'],
      ['\uFF1A', ':', 'fullwidth colon', 'punctuation'],
      ['\uFF1B', ';', 'fullwidth semicolon', 'punctuation'],
      ['\uFF0C', ',', 'fullwidth comma', 'punctuation'],
      ['\uFF0E', '.', 'fullwidth full stop', 'punctuation'],
      ['\uFF1D', '=', 'fullwidth equals sign', 'punctuation'],
      ['\uFF0B', '+', 'fullwidth plus sign', 'punctuation'],
      ['\uFF0A', '*', 'fullwidth asterisk', 'punctuation'],
      ['\uFF0F', '/', 'fullwidth solidus', 'punctuation'],
      ['\uFF1C', '<', 'fullwidth less-than sign', 'punctuation'],
      ['\uFF1E', '>', 'fullwidth greater-than sign', 'punctuation'],
      ['\uFF02', '"', 'fullwidth quotation mark', 'punctuation'],
      ['\uFF07', "'", 'fullwidth apostrophe', 'punctuation'],
    ] as const
  ).map(([char, replacement, name, family]) => [char, { replacement, name, family }]),
);

/** One typographic character found where Python does not allow it. */
export interface TypographicCharacter {
  /** UTF-16 offsets (each of these characters is one code unit). */
  from: number;
  to: number;
  char: string;
  /** `U+201C`. */
  codePoint: string;
  /** Its Unicode name: `left double quotation mark`. */
  name: string;
  /** What to type instead (`"`, `-`, a space, `...`, or nothing for an invisible character). */
  replacement: string;
  /** A character of the same length that reads the same to the parser, for error recovery. */
  standIn: string;
}

export function isTypographic(char: string): boolean {
  return TABLE.has(char);
}

/** The hint for a typographic character: what it is and what to type instead. */
export function typographicHint(char: string): string {
  const t = TABLE.get(char);
  if (t === undefined) return '';
  const cp = `U+${hex4(char.codePointAt(0)!)}`;
  const pasted = 'code pasted from a web page or a document often carries these';
  switch (t.family) {
    case 'double quote':
    case 'single quote':
      return `replace the typographic quote ${char} (${cp}, ${t.name}) with a plain ${t.replacement}; ${pasted}`;
    case 'dash':
      return `replace the ${t.name} ${char} (${cp}) with a plain -; ${pasted}`;
    case 'space':
      return `replace the ${t.name} (${cp}) with a plain space; ${pasted}`;
    case 'invisible':
      return `delete the invisible ${t.name} (${cp}); ${pasted}`;
    case 'ellipsis':
      return `replace the ellipsis ${char} (${cp}) with three dots ...; ${pasted}`;
    case 'punctuation':
      return `replace the ${t.name} ${char} (${cp}) with a plain ${t.replacement}`;
  }
}

const NON_PRINTABLE = /[\p{C}\p{Z}]/u;

/**
 * CPython's tokenizer error for an invalid character at `pos` ("invalid character '“' (U+201C)",
 * or "invalid non-printable character U+00A0"), with the hint when it is a typographic one.
 */
export function invalidCharacterProblem(src: string, pos: number): Problem {
  const cp = src.codePointAt(pos)!;
  const ch = String.fromCodePoint(cp);
  const len = cp >= 0x10000 ? 2 : 1;
  const message = NON_PRINTABLE.test(ch) ? `invalid non-printable character U+${hex4(cp)}` : `invalid character '${ch}' (U+${hex4(cp)})`;
  if (!TABLE.has(ch)) return syntax(pos, pos + len, message);
  const problem = syntax(pos, pos + len, message, typographicHint(ch));
  problem.typographic = true;
  return problem;
}

/** The checker's problem for one character found by findTypographicCharacters. */
export function typographicProblem(src: string, t: TypographicCharacter): Problem {
  return invalidCharacterProblem(src, t.from);
}

const DOUBLE_CLOSERS = new Set(['"', '\u201C', '\u201D', '\u201E', '\u201F', '\u2033', '\u00AB', '\u00BB']);
const SINGLE_CLOSERS = new Set(["'", '\u2018', '\u2019', '\u201A', '\u201B', '\u2032']);

/**
 * Every typographic character of `source` that Python would refuse: those outside string
 * literals and comments. A typographic quote in code opens what was meant as a string (up to
 * the matching quote on the same line), so the quote that closes it is listed too but what it
 * holds is not: `print(“It’s”)` lists “ and ”, and replacing them gives `print("It’s")`, which
 * is valid. In source order; each entry's `replacement` is the fix.
 */
export function findTypographicCharacters(source: string): TypographicCharacter[] {
  const found: TypographicCharacter[] = [];
  const n = source.length;
  // Nothing to do for the usual file: no character of the table at all.
  let any = false;
  for (let i = 0; i < n; i++) {
    if (source.charCodeAt(i) >= 0xa0 && TABLE.has(source[i]!)) {
      any = true;
      break;
    }
  }
  if (!any) return found;
  const add = (at: number): void => {
    const char = source[at]!;
    if (at === 0 && char === '\uFEFF') return; // a byte order mark is not part of the program
    const t = TABLE.get(char)!;
    const standIn = t.replacement.length === 1 ? t.replacement : t.family === 'ellipsis' ? '0' : ' ';
    found.push({ from: at, to: at + 1, char, codePoint: `U+${hex4(char.charCodeAt(0))}`, name: t.name, replacement: t.replacement, standIn });
  };
  const lineEnd = (from: number): number => {
    let e = from;
    while (e < n && source[e] !== '\n' && source[e] !== '\r') e++;
    return e;
  };
  /** An f-string's replacement field from `q` (after its `{`): typographic characters outside
   *  its nested strings are listed; returns where the field ends (its `}`, or the string's end). */
  const field = (q: number, delim: string, end = n): number => {
    let depth = 0;
    while (q < end && !source.startsWith(delim, q) && source[q] !== '\n') {
      const c = source[q]!;
      if (c === '}' && depth === 0) return q + 1;
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') depth--;
      else if ((c === '"' || c === "'") && c !== delim[0]) {
        const close = source.indexOf(c, q + 1);
        q = close < 0 ? n : close + 1;
        continue;
      } else if (TABLE.has(c)) add(q);
      q++;
    }
    return q;
  };
  /** Whether the quote at `q` follows an f-string prefix (f, fr, rf, any case). */
  const isFormatPrefixed = (q: number): boolean => {
    let w = q;
    while (w > 0 && /[A-Za-z]/.test(source[w - 1]!)) w--;
    return /^(?:f|fr|rf)$/i.test(source.slice(w, q)) && !/[\p{L}\p{N}_]/u.test(source[w - 1] ?? '');
  };
  let p = 0;
  while (p < n) {
    const c = source[p]!;
    if (c === '#') {
      p = lineEnd(p);
      continue;
    }
    if (c === '"' || c === "'") {
      // A real string literal: its typographic characters are text, except in the replacement
      // fields of an f-string, which are code.
      const triple = source.startsWith(c + c + c, p);
      const delim = triple ? c + c + c : c;
      const format = isFormatPrefixed(p);
      let q = p + delim.length;
      while (q < n && !source.startsWith(delim, q)) {
        if (!triple && (source[q] === '\n' || source[q] === '\r')) break;
        if (format && source[q] === '{') {
          if (source[q + 1] === '{') q += 2;
          else q = field(q + 1, delim);
          continue;
        }
        q += source[q] === '\\' ? 2 : 1;
      }
      p = Math.min(n, source.startsWith(delim, q) ? q + delim.length : q);
      continue;
    }
    const t = TABLE.get(c);
    if (t === undefined) {
      p++;
      continue;
    }
    add(p);
    const closers = t.family === 'double quote' ? DOUBLE_CLOSERS : t.family === 'single quote' ? SINGLE_CLOSERS : null;
    if (closers !== null) {
      // What was meant as a string: up to a matching quote on the same line.
      // An apostrophe between two letters (`it’s`) is text, not the closing quote.
      const end = lineEnd(p);
      let q = p + 1;
      while (q < end && !(closers.has(source[q]!) && !(t.family === 'single quote' && isApostrophe(source, q)))) q++;
      if (q < end) {
        // An f-string meant: its replacement fields are code.
        if (isFormatPrefixed(p)) {
          for (let r = p + 1; r < q; r++) {
            if (source[r] === '{' && source[r + 1] === '{') r++;
            else if (source[r] === '{') r = field(r + 1, source[q]!, q) - 1;
          }
        }
        if (TABLE.has(source[q]!)) add(q);
        p = q + 1;
        continue;
      }
    }
    p++;
  }
  return found;
}

const LETTER = /\p{L}/u;

function isApostrophe(source: string, at: number): boolean {
  return LETTER.test(source[at - 1] ?? '') && LETTER.test(source[at + 1] ?? '');
}

/** `source` with every character findTypographicCharacters lists replaced by its fix. */
export function straightenTypographicCharacters(source: string): string {
  let out = '';
  let at = 0;
  for (const t of findTypographicCharacters(source)) {
    out += source.slice(at, t.from) + t.replacement;
    at = t.to;
  }
  return out + source.slice(at);
}
