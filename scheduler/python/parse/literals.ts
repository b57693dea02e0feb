/**
 * The tokenizer pass's literals: numbers, strings and the fields of f-strings, delimited and
 * checked as CPython 3.11's tokenizer (and, for f-strings, its parser) does.
 */
import type { LineIndex } from '../ast.ts';
import { CLOSERS, ID_CONTINUE, OPENERS, isDigit, isHexDigit, isPotentialIdentifierChar } from './chars.ts';
import { MAX_BRACKET_DEPTH, syntax, unsupported } from './problems.ts';
import type { Problem } from './problems.ts';
import { HINTS } from './subset.ts';
import type { StringToken } from './tokenize.ts';
import { invalidCharacterProblem } from './typographic.ts';

/** CPython's number tokenizer (tok_get / verify_end_of_number). Returns the end offset. */
export function scanNumber(src: string, start: number, refuse: (p: Problem) => void): number | Problem {
  let p = start;
  const at = (i: number): number => src.charCodeAt(i);
  const decimalTail = (): number | Problem => {
    for (;;) {
      while (isDigit(at(p))) p++;
      if (at(p) !== 95) return p;
      p++;
      if (!isDigit(at(p))) return syntax(start, p, 'invalid decimal literal');
    }
  };
  const verifyEnd = (kind: string): Problem | null => {
    const c = at(p);
    // CPython still accepts `1if x else y` and friends (with a warning).
    const rest = src.slice(p, p + 4);
    if (/^(?:and|else|for|if|in|is|not|or)/.test(rest) && /^(?:and|else|for|or|not|i[fns])/.test(rest)) return null;
    if (p < src.length && isPotentialIdentifierChar(c)) {
      // A non-ASCII character that cannot be part of a name is reported as itself.
      if (c >= 128 && !ID_CONTINUE.test(String.fromCodePoint(src.codePointAt(p)!))) return null;
      return syntax(start, p + 1, `invalid ${kind} literal`);
    }
    return null;
  };
  const radix = (kind: string, ok: (c: number) => boolean): number | Problem => {
    p += 2;
    do {
      if (at(p) === 95) p++;
      if (!ok(at(p))) {
        if (isDigit(at(p))) return syntax(p, p + 1, `invalid digit '${src[p]}' in ${kind} literal`);
        return syntax(start, p + 1, `invalid ${kind} literal`);
      }
      while (ok(at(p))) p++;
    } while (at(p) === 95);
    if (isDigit(at(p))) return syntax(p, p + 1, `invalid digit '${src[p]}' in ${kind} literal`);
    return verifyEnd(kind) ?? p;
  };
  // Valid Python, but Lezer (the grammar behind the editor) reads `1.` and `1.e5` as attribute
  // access, so the tree would be wrong.
  const trailingDot = (dot: number): void =>
    refuse(unsupported(start, dot + 1, 'a float literal must have digits after the decimal point', HINTS.floatLiteral(src.slice(start, dot))));

  const c0 = at(p);
  if (c0 === 48 && (at(p + 1) === 120 || at(p + 1) === 88)) return radix('hexadecimal', isHexDigit);
  if (c0 === 48 && (at(p + 1) === 111 || at(p + 1) === 79)) return radix('octal', (c) => c >= 48 && c <= 55);
  if (c0 === 48 && (at(p + 1) === 98 || at(p + 1) === 66)) return radix('binary', (c) => c === 48 || c === 49);

  let fraction = false;
  if (c0 === 46) {
    fraction = true;
  } else if (c0 === 48) {
    // "0", "00", "0_0" are fine; "07" is an old-style octal literal, refused by Python 3.
    p++;
    for (;;) {
      if (at(p) === 95) {
        p++;
        if (!isDigit(at(p))) return syntax(start, p, 'invalid decimal literal');
      }
      if (at(p) !== 48) break;
      p++;
    }
    const zerosEnd = p;
    let nonzero = false;
    if (isDigit(at(p))) {
      nonzero = true;
      const r = decimalTail();
      if (typeof r !== 'number') return r;
    }
    const c = at(p);
    if (c === 46) fraction = true;
    else if (c !== 101 && c !== 69 && c !== 106 && c !== 74) {
      if (nonzero) {
        return syntax(
          start,
          zerosEnd,
          'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers',
        );
      }
      return verifyEnd('decimal') ?? p;
    }
  } else {
    const r = decimalTail();
    if (typeof r !== 'number') return r;
    if (at(p) === 46) fraction = true;
  }
  if (fraction) {
    const dot = p;
    p++;
    if (isDigit(at(p))) {
      const r = decimalTail();
      if (typeof r !== 'number') return r;
    } else if (dot > start) {
      trailingDot(dot);
    }
  }
  const e = at(p);
  if (e === 101 || e === 69) {
    const ePos = p;
    p++;
    if (at(p) === 43 || at(p) === 45) {
      p++;
      if (!isDigit(at(p))) return syntax(start, p, 'invalid decimal literal');
    } else if (!isDigit(at(p))) {
      p = ePos;
      return verifyEnd('decimal') ?? p;
    }
    const r = decimalTail();
    if (typeof r !== 'number') return r;
  }
  if (at(p) === 106 || at(p) === 74) {
    p++;
    return verifyEnd('imaginary') ?? p;
  }
  return verifyEnd('decimal') ?? p;
}

/**
 * One string token, delimited the way CPython 3.11 does it (an f-string is a single token that
 * ends at the first unescaped closing quote). f-strings are then checked field by field.
 * Returns the end offset.
 */
export function scanString(
  src: string,
  index: LineIndex,
  start: number,
  quotePos: number,
  prefix: string,
  strings: Map<number, StringToken>,
  fstringError: (p: Problem, span: { from: number; to: number }) => void,
): number | Problem {
  const quote = src[quotePos]!;
  const triple = src.startsWith(quote + quote + quote, quotePos);
  const n = src.length;
  let p = quotePos + (triple ? 3 : 1);
  const bodyStart = p;
  let bodyEnd: number;
  for (;;) {
    if (p >= n) {
      const line = index.lineColAt(Math.max(0, n - 1)).line;
      return syntax(
        start,
        bodyStart,
        triple
          ? `unterminated triple-quoted string literal (detected at line ${line})`
          : `unterminated string literal (detected at line ${line})`,
      );
    }
    const c = src[p]!;
    if (c === '\\') {
      // Even in raw strings a backslash keeps the next character (quote or newline) in the string.
      p += src[p + 1] === '\r' && src[p + 2] === '\n' ? 3 : 2;
      continue;
    }
    if (triple ? src.startsWith(quote + quote + quote, p) : c === quote) {
      bodyEnd = p;
      p += triple ? 3 : 1;
      break;
    }
    if (!triple && (c === '\n' || c === '\r')) {
      return syntax(start, bodyStart, `unterminated string literal (detected at line ${index.lineColAt(p).line})`);
    }
    p++;
  }
  const token: StringToken = {
    start,
    end: Math.min(p, n),
    bodyStart,
    bodyEnd,
    raw: prefix.includes('r'),
    bytes: prefix.includes('b'),
    format: prefix.includes('f'),
    fields: null,
  };
  if (token.format) {
    const fields = new Map<number, number>();
    token.fields = fields;
    // In 3.11 f-string errors come from the parser, not the tokenizer: keep scanning.
    const bad = scanFStringBody(src, bodyStart, bodyEnd, token.raw, quote, triple, fields, strings);
    if (bad) fstringError(bad, { from: start, to: token.end });
  }
  strings.set(start, token);
  return token.end;
}

/**
 * CPython 3.11's f-string checks (fstring_find_literal / fstring_find_expr): where each `{...}`
 * field's expression ends, and the 3.11 restrictions on it (no backslash, no '#', no reuse of the
 * enclosing quote, at most two levels of nesting). Errors point at the offending character.
 */
function scanFStringBody(
  src: string,
  from: number,
  to: number,
  raw: boolean,
  quote: string,
  triple: boolean,
  fields: Map<number, number>,
  strings: Map<number, StringToken>,
): Problem | null {
  let p = from;

  // Literal text up to the next field (returns at '{') or, inside a format spec, up to its '}'.
  const literal = (inSpec: boolean): Problem | null => {
    while (p < to) {
      const c = src[p]!;
      if (c === '\\' && !raw) {
        if (src[p + 1] === 'N' && src[p + 2] === '{') {
          const close = src.indexOf('}', p);
          p = close < 0 || close >= to ? to : close + 1;
        } else p += 2;
      } else if (c === '{') {
        if (src[p + 1] === '{' && !inSpec) p += 2;
        else return null;
      } else if (c === '}') {
        if (inSpec) return null;
        if (src[p + 1] === '}') p += 2;
        else return syntax(p, p + 1, "f-string: single '}' is not allowed");
      } else p++;
    }
    return null;
  };

  /**
   * A string literal inside a field's expression, starting at `start` (its prefix) with the quote
   * at `q`. Registered like any other string token so the converter can decode it; a nested
   * f-string is checked recursively.
   */
  const innerString = (start: number, q: number, prefix: string): Problem | null => {
    const c = src[q]!;
    const delim = src.startsWith(c + c + c, q) ? c + c + c : c;
    let e = q + delim.length;
    const bodyStart = e;
    for (;;) {
      if (e >= to || (delim.length === 1 && (src[e] === '\n' || src[e] === '\r'))) {
        return syntax(start, Math.min(e, to), 'f-string: unterminated string');
      }
      if (src[e] === '\\') return syntax(e, e + 1, 'f-string expression part cannot include a backslash');
      if (src.startsWith(delim, e)) break;
      e++;
    }
    const token: StringToken = {
      start,
      end: e + delim.length,
      bodyStart,
      bodyEnd: e,
      raw: prefix.includes('r'),
      bytes: prefix.includes('b'),
      format: prefix.includes('f'),
      fields: null,
    };
    if (token.format) {
      token.fields = new Map();
      const bad = scanFStringBody(src, bodyStart, e, token.raw, c, delim.length === 3, token.fields, strings);
      if (bad) return bad;
    }
    strings.set(start, token);
    p = token.end;
    return null;
  };

  const field = (depth: number): Problem | null => {
    const open = p;
    if (depth >= 2) return syntax(p, p + 1, 'f-string: expressions nested too deeply');
    p++;
    const exprStart = p;
    const stack: string[] = [];
    while (p < to) {
      const c = src[p]!;
      if (c === '\\') return syntax(p, p + 1, 'f-string expression part cannot include a backslash');
      if (/[\p{L}_]/u.test(c)) {
        let q = p + 1;
        while (q < to && /[\p{L}\p{N}\p{M}_]/u.test(src[q]!)) q++;
        const word = src.slice(p, q);
        if ((src[q] === "'" || src[q] === '"') && (triple || src[q] !== quote) && /^(?:r|u|f|b|br|rb|fr|rf)$/i.test(word)) {
          const bad = innerString(p, q, word.toLowerCase());
          if (bad) return bad;
        } else p = q;
        continue;
      }
      if (c.charCodeAt(0) >= 128) {
        // A character no Python token is made of, as the tokenizer says of the expression.
        const cp = src.codePointAt(p)!;
        if (!ID_CONTINUE.test(String.fromCodePoint(cp))) return invalidCharacterProblem(src, p);
        p += cp >= 0x10000 ? 2 : 1;
        continue;
      }
      if (c === "'" || c === '"') {
        if (!triple && c === quote) break; // CPython 3.11 already ended the whole token here
        const bad = innerString(p, p, '');
        if (bad) return bad;
        continue;
      }
      if (OPENERS.includes(c)) {
        if (stack.length >= MAX_BRACKET_DEPTH) return syntax(p, p + 1, 'f-string: too many nested parenthesis');
        stack.push(c);
        p++;
        continue;
      }
      if (c === '#') return syntax(p, p + 1, "f-string expression part cannot include '#'");
      if (stack.length === 0) {
        const d = src[p + 1];
        if ((c === '!' || c === '=' || c === '<' || c === '>') && d === '=') {
          p += 2;
          continue;
        }
        if (c === '!' || c === ':' || c === '}' || c === '=') break;
      }
      if (CLOSERS.includes(c)) {
        const o = stack.pop();
        if (o === undefined) return syntax(p, p + 1, `f-string: unmatched '${c}'`);
        if (OPENERS.indexOf(o) !== CLOSERS.indexOf(c)) {
          return syntax(p, p + 1, `f-string: closing parenthesis '${c}' does not match opening parenthesis '${o}'`);
        }
      }
      p++;
    }
    if (p >= to || stack.length > 0 || src[p] === quote) return syntax(open, Math.min(p + 1, to), "f-string: expecting '}'");
    if (src.slice(exprStart, p).trim() === '') return syntax(open, p + 1, 'f-string: empty expression not allowed');
    fields.set(open, p);
    if (src[p] === '=') p++;
    while (p < to && /\s/.test(src[p]!)) p++;
    if (src[p] === '!') {
      p++;
      if (p >= to) return syntax(open, p, "f-string: expecting '}'");
      if (!'sra'.includes(src[p]!)) {
        return syntax(p, p + 1, "f-string: invalid conversion character: expected 's', 'r', or 'a'");
      }
      p++;
    }
    if (src[p] === ':') {
      p++;
      for (;;) {
        const bad = literal(true);
        if (bad) return bad;
        if (p >= to || src[p] !== '{') break;
        const badField = field(depth + 1);
        if (badField) return badField;
      }
    }
    if (p >= to || src[p] !== '}') return syntax(open, Math.min(p + 1, to), "f-string: expecting '}'");
    p++;
    return null;
  };

  for (;;) {
    const bad = literal(false);
    if (bad) return bad;
    if (p >= to) return null;
    const badField = field(0);
    if (badField) return badField;
  }
}
