/** Character classes of CPython's tokenizer, shared by the tokenizer pass and the error messages. */

export const OPENERS = '([{';
export const CLOSERS = ')]}';

export function isAsciiIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

export const ID_START = /[\p{ID_Start}_]/u;
export const ID_CONTINUE = /[\p{ID_Continue}]/u;
export const NON_PRINTABLE = /[\p{C}\p{Z}]/u;

/** CPython's is_potential_identifier_char: what may not directly follow a number. */
export function isPotentialIdentifierChar(c: number): boolean {
  return isAsciiIdStart(c) || isDigit(c) || c >= 128;
}

export function hex4(cp: number): string {
  return cp.toString(16).toUpperCase().padStart(4, '0');
}

/** End of the word/number starting at `p` (at least one character), for error ranges. */
export function endOfToken(src: string, p: number): number {
  let q = p;
  while (q < src.length && /[\p{L}\p{N}_]/u.test(src[q]!)) q++;
  return q > p ? q : Math.min(p + 1, src.length);
}
