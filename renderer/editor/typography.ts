/**
 * Straightening the typography that web pages and word processors put into pasted code: curly
 * quotes, dashes, the minus sign, the ellipsis, no-break and other odd spaces, zero-width
 * characters, fullwidth punctuation. Python refuses every one of them outside a string or a
 * comment ("invalid character '“' (U+201C)"), so code copied from a blog post fails on its first
 * quote.
 *
 * What Python refuses is the checker's own list (findTypographicCharacters in
 * scheduler/python/parse/typographic.ts), so after the fix the checker has nothing left to say
 * about them; comments and real string literals are left alone ("He said “hi”" prints its curly
 * quotes). One thing more: a string that was pasted with curly quotes around it had the quotes
 * inside it curled too, by the same web page. `print(“It’s done”)` was `print("It's done")`, and
 * straightening only what Python refuses would leave it printing a curly apostrophe.
 *
 * Pure string work: the editor applies the changes as one transaction (one undo step).
 */
import { findTypographicCharacters, isTypographic } from '../../scheduler/python/parse/typographic.ts';

export { isTypographic };

/** One replacement, in UTF-16 offsets of the original text. */
export interface TextChange {
  from: number;
  to: number;
  insert: string;
}

const DOUBLE = new Set(['"', '\u201C', '\u201D', '\u201E', '\u201F', '\u2033', '\u00AB', '\u00BB', '\uFF02']);
const SINGLE = new Set(["'", '\u2018', '\u2019', '\u201A', '\u201B', '\u2032', '\uFF07']);
const LETTER = /\p{L}/u;

/** The replacements that make `source` plain ASCII punctuation where Python needs it, in order. */
export function typographyFixes(source: string): TextChange[] {
  const refused = findTypographicCharacters(source);
  const changes: TextChange[] = [];
  let i = 0;
  while (i < refused.length) {
    const opener = refused[i] as (typeof refused)[number];
    changes.push({ from: opener.from, to: opener.to, insert: opener.replacement });
    i++;
    const family = DOUBLE.has(opener.char) ? DOUBLE : SINGLE.has(opener.char) ? SINGLE : null;
    if (family === null) continue;
    // A curly quote in code opens a string that ends at the next quote of its family on the line
    // (an apostrophe between two letters is text), as the checker reads it.
    let end = opener.to;
    while (end < source.length && source[end] !== '\n' && !(family.has(source[end] as string) && !(family === SINGLE && LETTER.test(source[end - 1] ?? '') && LETTER.test(source[end + 1] ?? '')))) end++;
    if (end >= source.length || source[end] === '\n') continue;
    // Inside it, the quotes the page curled with it; the closing quote comes with the checker's list.
    for (let at = opener.to; at < end; at++) {
      const char = source[at] as string;
      if (char !== '"' && char !== "'" && (DOUBLE.has(char) || SINGLE.has(char))) changes.push({ from: at, to: at + 1, insert: DOUBLE.has(char) ? '"' : "'" });
    }
    // The checker's own entries inside the string (an f-string's fields) and its closing quote
    // are taken as they are.
    while (i < refused.length && (refused[i] as (typeof refused)[number]).from <= end) {
      const inner = refused[i] as (typeof refused)[number];
      if (!changes.some((c) => c.from === inner.from)) changes.push({ from: inner.from, to: inner.to, insert: inner.replacement });
      i++;
    }
  }
  return changes.sort((a, b) => a.from - b.from);
}

/** `source` with every fix applied. */
export function straighten(source: string): string {
  let out = '';
  let at = 0;
  for (const change of typographyFixes(source)) {
    out += source.slice(at, change.from) + change.insert;
    at = change.to;
  }
  return out + source.slice(at);
}

/** The quick fix's name, in the editor's problem and in the problems list. */
export const STRAIGHTEN_LABEL = 'Straighten quotes and dashes';
