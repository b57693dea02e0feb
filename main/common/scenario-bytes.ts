/**
 * A scenario file's bytes as text, the same way in every host: at most MAX_SCENARIO_BYTES, and
 * strict UTF-8 as CPython reads a source file without an encoding declaration (a byte that is not
 * UTF-8 is an error, never a silent U+FFFD). A leading byte order mark is dropped.
 */

/** Scenarios are teaching examples; a megabyte of Python is a mistake (or not a scenario). */
export const MAX_SCENARIO_BYTES = 1_000_000;

export type DecodedScenario =
  | { ok: true; source: string }
  | { ok: false; reason: 'too-large'; size: number }
  | {
      ok: false;
      reason: 'not-utf8';
      /** Offset of the first byte that is not UTF-8. */
      byte: number;
      /** That byte, as CPython names it: `\xff`. */
      name: string;
      /** 1-based line and column (in characters) where it sits. */
      line: number;
      column: number;
      /** That line up to the byte, and from it, with every byte that is not UTF-8 written `\xNN`
       *  (never raw). */
      before: string;
      after: string;
    };

const strict = new TextDecoder('utf-8', { fatal: true });

export function decodeScenarioBytes(bytes: Uint8Array): DecodedScenario {
  if (bytes.length > MAX_SCENARIO_BYTES) return { ok: false, reason: 'too-large', size: bytes.length };
  let source: string;
  try {
    source = strict.decode(bytes);
  } catch {
    return notUtf8(bytes);
  }
  return { ok: true, source: source.startsWith('\uFEFF') ? source.slice(1) : source };
}

/** Where the first invalid byte is, found by decoding ever longer valid prefixes. */
function notUtf8(bytes: Uint8Array): DecodedScenario {
  const bad = firstInvalidUtf8(bytes);
  let lineStart = bad;
  while (lineStart > 0 && bytes[lineStart - 1] !== 0x0a && bytes[lineStart - 1] !== 0x0d) lineStart--;
  let lineEnd = bad;
  while (lineEnd < bytes.length && bytes[lineEnd] !== 0x0a && bytes[lineEnd] !== 0x0d) lineEnd++;
  const before = strict.decode(bytes.subarray(0, lineStart));
  let line = 1;
  for (let i = 0; i < before.length; i++) {
    const c = before.charCodeAt(i);
    if (c === 10 || (c === 13 && before.charCodeAt(i + 1) !== 10)) line++;
  }
  const column = [...strict.decode(bytes.subarray(lineStart, bad))].length + 1;
  return {
    ok: false,
    reason: 'not-utf8',
    byte: bad,
    name: `\\x${bytes[bad]!.toString(16).padStart(2, '0')}`,
    line,
    column,
    before: escapeInvalid(bytes.subarray(lineStart, bad)),
    after: escapeInvalid(bytes.subarray(bad, lineEnd)),
  };
}

/**
 * The offset of the first byte that does not start or continue a well-formed UTF-8 sequence
 * (Unicode table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF), or -1.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < (k === 1 ? low : 0x80) || next > (k === 1 ? high : 0xbf)) return i;
    }
    i += length;
  }
  return -1;
}

/** Text of some bytes, with the bytes that are not UTF-8 shown as `\xNN`. */
function escapeInvalid(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let char: string | null = null;
    if (len > 0 && i + len <= bytes.length) {
      try {
        char = strict.decode(bytes.subarray(i, i + len));
      } catch {
        char = null;
      }
    }
    if (char === null) {
      out += `\\x${b.toString(16).padStart(2, '0')}`;
      i++;
    } else {
      out += char;
      i += len;
    }
  }
  return out;
}
