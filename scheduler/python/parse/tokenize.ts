/**
 * Pass 1, tokens and layout: a small Python-3.11 tokenizer. Lezer is error-tolerant and lexes a
 * little differently from CPython (an unterminated string is a valid String node to it, it ignores
 * unexpected indents, it accepts `1__0`, `€` as a name, `f"{"a"}"`, ...), so the errors that
 * CPython's tokenizer raises are found here, with CPython's messages. It also records what the
 * later passes need: every string token (decoded by the converter) and a summary of each logical
 * line (for the error heuristics).
 */
import { createLineIndex } from '../ast.ts';
import { CLOSERS, ID_CONTINUE, ID_START, OPENERS, endOfToken, hex4, isAsciiIdStart, isDigit } from './chars.ts';
import { invalidCharacterProblem } from './typographic.ts';
import { scanNumber, scanString } from './literals.ts';
import { MAX_BRACKET_DEPTH, MAX_INDENT_LEVELS, indentation, syntax } from './problems.ts';
import type { Problem } from './problems.ts';

export interface StringToken {
  start: number;
  end: number;
  bodyStart: number;
  bodyEnd: number;
  raw: boolean;
  bytes: boolean;
  format: boolean;
  /** f-strings: offset of each replacement field's `{` -> end of its expression text. */
  fields: Map<number, number> | null;
}

/** What the error heuristics need to know about each logical line. */
export interface LogicalLine {
  start: number;
  first: string;
  second: string;
  last: string;
  lastEnd: number;
  tokens: number;
  /** Whether a ':' appears outside brackets (a block header's, or a one-line body's). */
  colon: boolean;
}

export interface ScanResult {
  /** The first error of CPython's tokenizer; scanning stops there. */
  tokenError: Problem | null;
  /** The first f-string error (a parser error in CPython 3.11), and the f-string's extent. */
  fstringError: Problem | null;
  fstringSpan: { from: number; to: number } | null;
  /** Valid Python that the rest of the pipeline cannot represent (`1.`): the first, and all. */
  refusal: Problem | null;
  refusals: Problem[];
  /** "unexpected indent" / "expected an indented block": parser errors in CPython, so they
   *  compete by position with Lezer's errors. */
  blockError: Problem | null;
  strings: Map<number, StringToken>;
  lines: LogicalLine[];
}

export function headerDescription(first: string, second: string): string | null {
  switch (first) {
    case 'if':
    case 'elif':
    case 'else':
    case 'while':
    case 'for':
    case 'try':
    case 'finally':
    case 'with':
    case 'match':
    case 'case':
      return `'${first}' statement`;
    case 'except':
      return second === '*' ? "'except*' statement" : "'except' statement";
    case 'def':
      return 'function definition';
    case 'class':
      return 'class definition';
    case 'async':
      if (second === 'def') return 'function definition';
      if (second === 'for' || second === 'with') return `'${second}' statement`;
      return null;
    default:
      return null;
  }
}

export function scan(src: string): ScanResult {
  const index = createLineIndex(src);
  const strings = new Map<number, StringToken>();
  const lines: LogicalLine[] = [];
  let blockError: Problem | null = null;
  let fstringError: Problem | null = null;
  let fstringSpan: { from: number; to: number } | null = null;
  const refusals: Problem[] = [];
  const result = (tokenError: Problem | null, raising = true): ScanResult => {
    if (tokenError && tokenError.openLine === undefined) tokenError.raising = raising;
    if (tokenError && !raising) tokenError.tokenAt = index.lineStart(index.lineColAt(tokenError.from).line);
    return { tokenError, fstringError, fstringSpan, refusal: refusals[0] ?? null, refusals, blockError, strings, lines };
  };
  const onFString = (p: Problem, span: { from: number; to: number }): void => {
    if (fstringError) return;
    fstringError = p;
    fstringSpan = span;
  };
  const onRefusal = (p: Problem): void => {
    refusals.push(p);
  };
  const n = src.length;

  const nul = src.indexOf('\0');
  if (nul >= 0) return result(syntax(nul, nul + 1, 'source code cannot contain null bytes'));

  let pos = src.charCodeAt(0) === 0xfeff ? 1 : 0; // a BOM is not part of the program
  const brackets: { ch: string; pos: number }[] = [];
  const indents = [0];
  const alts = [0]; // indentation with tabs counted as 1 column, for CPython's TabError check
  let atLineStart = true;
  // Set when a logical line that opens a block (ends with ':') is complete. Kept in an object:
  // TypeScript does not see the closures that assign it and would narrow a plain `let`.
  const block: { pending: { desc: string; line: number; headerStart: number; headerEnd: number } | null } = { pending: null };
  let cur: LogicalLine | null = null;

  const token = (text: string, from: number, to: number): void => {
    if (!cur) {
      cur = { start: from, first: text, second: '', last: text, lastEnd: to, tokens: 1, colon: false };
      lines.push(cur);
      return;
    }
    if (cur.tokens === 1) cur.second = text;
    if (text === ':' && brackets.length === 0) cur.colon = true;
    cur.tokens++;
    cur.last = text;
    cur.lastEnd = to;
  };
  const endLogicalLine = (): void => {
    if (cur && cur.last === ':') {
      const desc = headerDescription(cur.first, cur.second);
      if (desc) block.pending = { desc, line: index.lineColAt(cur.start).line, headerStart: cur.start, headerEnd: cur.lastEnd };
    }
    cur = null;
    atLineStart = true;
  };

  while (pos < n) {
    if (atLineStart) {
      let col = 0;
      let alt = 0;
      let p = pos;
      for (; p < n; p++) {
        const c = src.charCodeAt(p);
        if (c === 32) {
          col++;
          alt++;
        } else if (c === 9) {
          col = (Math.floor(col / 8) + 1) * 8;
          alt++;
        } else if (c === 12) {
          col = 0;
          alt = 0;
        } else break;
      }
      const c = src.charCodeAt(p);
      if (p >= n || c === 10 || c === 13 || c === 35) {
        // Blank and comment-only lines do not take part in indentation.
        pos = p;
        while (pos < n && src.charCodeAt(pos) !== 10 && src.charCodeAt(pos) !== 13) pos++;
        if (src.charCodeAt(pos) === 13 && src.charCodeAt(pos + 1) === 10) pos++;
        pos++;
        continue;
      }
      const top = indents[indents.length - 1]!;
      const altTop = alts[alts.length - 1]!;
      const lineEnd = endOfToken(src, p);
      if (col > top) {
        if (!block.pending && !blockError) blockError = indentation(p, lineEnd, 'unexpected indent', pos);
        if (alt <= altTop) return result(tabError(p, lineEnd), false);
        if (indents.length >= MAX_INDENT_LEVELS) {
          return result(indentation(p, lineEnd, 'too many levels of indentation'), false);
        }
        indents.push(col);
        alts.push(alt);
      } else {
        const pending = block.pending;
        if (pending && !blockError) {
          blockError = indentation(p, lineEnd, `expected an indented block after ${pending.desc} on line ${pending.line}`, pos);
          blockError.statementAt = pending.headerStart;
        }
        while (col < indents[indents.length - 1]!) {
          indents.pop();
          alts.pop();
        }
        if (col !== indents[indents.length - 1]) {
          return result(indentation(p, lineEnd, 'unindent does not match any outer indentation level'), false);
        }
        if (alt !== alts[alts.length - 1]) return result(tabError(p, lineEnd), false);
      }
      block.pending = null;
      atLineStart = false;
      pos = p;
      continue;
    }

    const c = src.charCodeAt(pos);
    if (c === 32 || c === 9 || c === 12) {
      pos++;
    } else if (c === 35) {
      while (pos < n && src.charCodeAt(pos) !== 10 && src.charCodeAt(pos) !== 13) pos++;
    } else if (c === 10 || c === 13) {
      pos += c === 13 && src.charCodeAt(pos + 1) === 10 ? 2 : 1;
      if (brackets.length === 0) endLogicalLine();
    } else if (c === 92) {
      const next = src.charCodeAt(pos + 1);
      if (next === 10) pos += 2;
      else if (next === 13) pos += src.charCodeAt(pos + 2) === 10 ? 3 : 2;
      else if (pos + 1 >= n) return result(syntax(pos, pos + 1, 'unexpected EOF while parsing'));
      else return result(syntax(pos + 1, pos + 2, 'unexpected character after line continuation character'));
    } else if (isDigit(c) || (c === 46 && isDigit(src.charCodeAt(pos + 1)))) {
      const r = scanNumber(src, pos, onRefusal);
      if (typeof r !== 'number') return result(r);
      token('0', pos, r);
      pos = r;
    } else if (c === 39 || c === 34) {
      const r = scanString(src, index, pos, pos, '', strings, onFString);
      if (typeof r !== 'number') return result(r);
      token('"', pos, r);
      pos = r;
    } else if (isAsciiIdStart(c) || (c >= 128 && ID_START.test(String.fromCodePoint(src.codePointAt(pos)!)))) {
      let p = pos + (c >= 0x10000 ? 2 : 1);
      while (p < n) {
        const d = src.charCodeAt(p);
        if (isAsciiIdStart(d) || isDigit(d)) p++;
        else if (d >= 128) {
          const cp = src.codePointAt(p)!;
          if (!ID_CONTINUE.test(String.fromCodePoint(cp))) break;
          p += cp >= 0x10000 ? 2 : 1;
        } else break;
      }
      const word = src.slice(pos, p);
      const q = src.charCodeAt(p);
      if ((q === 39 || q === 34) && /^(?:r|u|f|b|br|rb|fr|rf)$/i.test(word)) {
        const r = scanString(src, index, pos, p, word.toLowerCase(), strings, onFString);
        if (typeof r !== 'number') return result(r);
        token('"', pos, r);
        pos = r;
      } else {
        token(word, pos, p);
        pos = p;
      }
    } else if (OPENERS.includes(src[pos]!)) {
      if (brackets.length >= MAX_BRACKET_DEPTH) return result(syntax(pos, pos + 1, 'too many nested parentheses'));
      brackets.push({ ch: src[pos]!, pos });
      token(src[pos]!, pos, pos + 1);
      pos++;
    } else if (CLOSERS.includes(src[pos]!)) {
      const ch = src[pos]!;
      const open = brackets.pop();
      if (!open) return result(syntax(pos, pos + 1, `unmatched '${ch}'`));
      if (OPENERS.indexOf(open.ch) !== CLOSERS.indexOf(ch)) {
        const openLine = index.lineColAt(open.pos).line;
        const sameLine = openLine === index.lineColAt(pos).line;
        return result(
          syntax(
            pos,
            pos + 1,
            `closing parenthesis '${ch}' does not match opening parenthesis '${open.ch}'${sameLine ? '' : ` on line ${openLine}`}`,
          ),
        );
      }
      token(ch, pos, pos + 1);
      pos++;
    } else if (c < 128) {
      // Operators and delimiters. Only ':' (versus ':=') and '*' matter to the heuristics, the
      // rest is Lezer's business; stray ASCII like '$' or '?' is left for Lezer to flag.
      if (c === 58 && src.charCodeAt(pos + 1) === 61) {
        token(':=', pos, pos + 2);
        pos += 2;
      } else if (c < 32 || c === 127) {
        return result(syntax(pos, pos + 1, `invalid non-printable character U+${hex4(c)}`));
      } else {
        token(src[pos]!, pos, pos + 1);
        pos++;
      }
    } else {
      return result(invalidCharacterProblem(src, pos));
    }
  }

  if (brackets.length > 0) {
    const open = brackets[brackets.length - 1]!;
    const neverClosed = syntax(open.pos, open.pos + 1, `'${open.ch}' was never closed`);
    neverClosed.openLine = index.lineColAt(open.pos).line;
    return result(neverClosed);
  }
  if (cur) endLogicalLine();
  const stillPending = block.pending;
  if (stillPending && !blockError) {
    blockError = indentation(
      stillPending.headerEnd,
      stillPending.headerEnd,
      `expected an indented block after ${stillPending.desc} on line ${stillPending.line}`,
    );
    blockError.statementAt = stillPending.headerStart;
  }
  return result(null);
}

function tabError(from: number, to: number): Problem {
  return { kind: 'syntax', from, to, message: 'inconsistent use of tabs and spaces in indentation', pythonClass: 'TabError' };
}
