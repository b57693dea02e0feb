/**
 * Straightening the typography that web pages and word processors put into pasted code: curly
 * quotes, dashes, the minus sign, the ellipsis, non-breaking and other odd spaces, zero-width
 * characters. Python refuses every one of them outside a string or a comment ("invalid character
 * '“' (U+201C)"), so code copied from a blog post fails on its first quote.
 *
 * Text the program means is left alone: a comment, and the inside of a string written with
 * straight quotes ("He said “hi”" prints its curly quotes). A string opened with a curly quote
 * is pasted code whose quotes were curled: its delimiters and the quotes inside it are
 * straightened, and it ends at the first quote of its own family (straight or curly).
 *
 * Pure string work: the editor applies the changes as one transaction (one undo step).
 */

/** One replacement, in UTF-16 offsets of the original text. */
export interface TextChange {
  from: number;
  to: number;
  insert: string;
}

const DOUBLE = new Set(['"', '\u201C', '\u201D', '\u201E', '\u201F', '\u2033', '\uFF02']);
const SINGLE = new Set(["'", '\u2018', '\u2019', '\u201A', '\u201B', '\u2032', '\uFF07']);

/** Every character straightened outside strings and comments, and what it becomes. */
const REPLACEMENTS: ReadonlyMap<string, string> = new Map([
  ...[...DOUBLE].filter((c) => c !== '"').map((c): [string, string] => [c, '"']),
  ...[...SINGLE].filter((c) => c !== "'").map((c): [string, string] => [c, "'"]),
  // hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus sign
  ...['\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212'].map((c): [string, string] => [c, '-']),
  ['\u2026', '...'],
  // no-break space, the typographic spaces (en quad … hair space), narrow no-break, medium
  // mathematical, ideographic
  ...['\u00A0', ...Array.from({ length: 11 }, (_, i) => String.fromCharCode(0x2000 + i)), '\u202F', '\u205F', '\u3000'].map((c): [string, string] => [c, ' ']),
  // zero-width space, non-joiner, joiner, word joiner, byte order mark, soft hyphen: invisible, deleted
  ...['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD'].map((c): [string, string] => [c, '']),
  // line and paragraph separators: a line break is what was meant
  ['\u2028', '\n'],
  ['\u2029', '\n'],
]);

/** True for a character this module would straighten somewhere (the quick fix's trigger). */
export function isTypographic(char: string): boolean {
  return REPLACEMENTS.has(char);
}

/** The family of a quote character, or null. */
function family(char: string): '"' | "'" | null {
  if (DOUBLE.has(char)) return '"';
  if (SINGLE.has(char)) return "'";
  return null;
}

/**
 * The replacements that make `source` plain ASCII punctuation where Python needs it, in order,
 * non-overlapping. Empty when there is nothing to straighten.
 */
export function typographyFixes(source: string): TextChange[] {
  const changes: TextChange[] = [];
  const replace = (at: number, char: string): void => {
    const insert = REPLACEMENTS.get(char);
    if (insert !== undefined) changes.push({ from: at, to: at + char.length, insert });
  };
  const n = source.length;
  let i = 0;
  while (i < n) {
    const c = source[i] as string;
    if (c === '#') {
      // A comment: untouched to the end of the line.
      const end = source.indexOf('\n', i);
      i = end === -1 ? n : end;
      continue;
    }
    const quote = family(c);
    if (quote === null) {
      replace(i, c);
      i++;
      continue;
    }
    // A string: straight-quoted ones are the program's text; curly-quoted ones are pasted code.
    const triple = family(source[i + 1] ?? '') === quote && family(source[i + 2] ?? '') === quote;
    const width = triple ? 3 : 1;
    const curly = c !== quote;
    if (curly) for (let k = 0; k < width; k++) replace(i + k, source[i + k] as string);
    i += width;
    i = curly ? scanCurlyString(source, i, quote, triple, replace) : scanStraightString(source, i, quote, triple);
  }
  return changes;
}

/** Past the end of a string opened with straight quotes; its inside is kept as it is. */
function scanStraightString(source: string, start: number, quote: string, triple: boolean): number {
  const closer = triple ? quote.repeat(3) : quote;
  let i = start;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (!triple && c === '\n') return i; // unterminated: Python reports it; the next line is code again
    if (source.startsWith(closer, i)) return i + closer.length;
    i++;
  }
  return source.length;
}

/**
 * Past the end of a string opened with a curly quote. Quotes inside it are straightened (an
 * apostrophe curled with the rest); other characters are the string's text and stay. It closes
 * at the first quote (or three, for a triple-quoted one) of its own family, straight or curly.
 */
function scanCurlyString(source: string, start: number, quote: '"' | "'", triple: boolean, replace: (at: number, char: string) => void): number {
  let i = start;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (!triple && c === '\n') return i;
    const f = family(c);
    if (f === quote && (!triple || (family(source[i + 1] ?? '') === quote && family(source[i + 2] ?? '') === quote))) {
      const width = triple ? 3 : 1;
      for (let k = 0; k < width; k++) replace(i + k, source[i + k] as string);
      return i + width;
    }
    if (f !== null) replace(i, c);
    i++;
  }
  return source.length;
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
