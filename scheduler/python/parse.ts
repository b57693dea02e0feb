/**
 * Scenario file -> checked AST (ast.ts), or one precise ScenarioError.
 *
 * Four passes, in the order CPython would complain:
 *   1. scan(): a small Python-3.11 tokenizer. Lezer is error-tolerant and lexes a little
 *      differently from CPython (an unterminated string is a valid String node to it, it ignores
 *      unexpected indents, it accepts `1__0`, `€` as a name, `f"{"a"}"`, ...), so the errors that
 *      CPython's tokenizer raises are found here, with CPython's messages.
 *   2. Lezer's tree: the first error node becomes "invalid syntax" (or "expected ':'", "Perhaps
 *      you forgot a comma?" where that is easy to recognise).
 *   3. Converter: Lezer tree -> AST. Checks what CPython's grammar checks but Lezer does not
 *      (assignment targets, argument order, `except` forms, ...) and refuses what the subset
 *      leaves out.
 *   4. Scopes: binds names to scopes (ScopeInfo on each function, lambda, class, comprehension)
 *      and checks what CPython's symtable and compiler check (`await`/`return`/`yield`/`break`
 *      outside their context, global/nonlocal misuse).
 * Syntax errors stop at once. Refusals of valid-but-unsupported Python are recorded and the work
 * goes on, so a real syntax error later in the file still wins, as it would under CPython; the
 * earliest refusal is reported only when the file is otherwise valid Python.
 *
 * Where @lezer/python 1.1.19 and CPython 3.11 part ways (each handled where it is met):
 *   - `not` and `await` have no precedence in Lezer's grammar and swallow the operators to their
 *     right (`not a and b` is read `not (a and b)`, `await a + b` as `await (a + b)`): such runs
 *     are flattened and parsed again (booleanTest, arithmetic);
 *   - a bare `yield` always carries an empty error node (the grammar wants an operand);
 *   - `print` followed by anything but `(` is a Python 2 print statement;
 *   - the positional-only marker `/` leaves no node in a ParamList;
 *   - `1.` and `1.e5` lex as attribute access, so they are refused;
 *   - f-strings may nest the same quote (3.12 style), the number and string tokens are looser,
 *     indentation errors are ignored: the tokenizer pass catches all of these;
 *   - chained comparisons nest to the left and are flattened; slices, comprehension clauses and
 *     argument lists come as flat child sequences and are split here;
 *   - a statement of some thousand operators overflows Lezer's parse stack (Rec.CutDepth) and
 *     comes back as an error.
 *
 * Names written by the user are only ever keys of Map/Set, never of plain objects, so a scenario
 * using `__proto__` or `constructor` cannot reach Object.prototype.
 */
import { parser } from '@lezer/python';
import type { SyntaxNode } from '@lezer/common';
import { createLineIndex } from './ast.ts';
import type * as A from './ast.ts';
import type { LineIndex } from './ast.ts';
import { ScenarioError } from './diagnostics.ts';
import type { PythonErrorClass, ScenarioErrorKind } from './diagnostics.ts';

export type ParseResult = { ok: true; module: A.Module } | { ok: false; error: ScenarioError };

/** The modules a scenario may import; each is simulated by the runtime. */
export const IMPORTABLE_MODULES: readonly string[] = ['asyncio', 'time', 'random', 'aiohttp'];

/** Deeper expression nesting is refused rather than risking the JS stack (CPython itself gives
 *  up with a RecursionError at a few thousand). */
const MAX_EXPRESSION_DEPTH = 1000;
/** CPython's tokenizer limits (MAXLEVEL, MAXINDENT). */
const MAX_BRACKET_DEPTH = 200;
/** Above this many tokens, a statement Lezer fails on is assumed to have hit Lezer's own stack
 *  limit rather than to be wrong. */
const MAX_STATEMENT_TOKENS = 1000;
const MAX_INDENT_LEVELS = 100;

interface Problem {
  kind: ScenarioErrorKind;
  from: number;
  to: number;
  message: string;
  hint?: string;
  pythonClass: PythonErrorClass | null;
  /**
   * Tokenizer errors only: whether CPython raises it as an exception at once, which then also
   * overrides a parse error found earlier in the file (_PyPegen_tokenize_full_source_to_check_for_errors).
   * Dedent mismatches and tab errors are only flagged and lose to an earlier parse error.
   */
  raising?: boolean;
  /** "'(' was never closed": the bracket's line; it overrides parse errors on later lines only. */
  openLine?: number;
  /** Where the error is met, if not at `from`: CPython's tokenizer finds indentation errors at
   *  the start of the line, before the parser sees any of its tokens; a "forgot a comma?" error
   *  is found at the second expression but reported from the first. */
  tokenAt?: number;
}

/** Thrown inside the parser only; parseScenario turns it into a ScenarioError. */
class Failure {
  constructor(readonly problem: Problem) {}
}

function syntax(from: number, to: number, message: string, hint?: string): Problem {
  const p: Problem = { kind: 'syntax', from, to, message, pythonClass: 'SyntaxError' };
  if (hint !== undefined) p.hint = hint;
  return p;
}

function indentation(from: number, to: number, message: string, lineStart?: number): Problem {
  const p: Problem = { kind: 'syntax', from, to, message, pythonClass: 'IndentationError' };
  if (lineStart !== undefined) p.tokenAt = lineStart;
  return p;
}

function unsupported(from: number, to: number, message: string, hint?: string): Problem {
  const p: Problem = { kind: 'unsupported', from, to, message, pythonClass: null };
  if (hint !== undefined) p.hint = hint;
  return p;
}

export function parseScenario(source: string, file = '<scenario>'): ParseResult {
  let src = '';
  try {
    src = String(source);
    const problemOrModule = parseOrProblem(src);
    if ('kind' in problemOrModule && problemOrModule.kind === 'Module') return { ok: true, module: problemOrModule };
    return { ok: false, error: toScenarioError(src, file, problemOrModule as Problem) };
  } catch (e) {
    // Not reachable by design; if it is, report it as a located error rather than crash the UI.
    const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    const problem =
      e instanceof RangeError
        ? unsupported(0, 0, 'the scenario is nested too deeply to parse')
        : syntax(0, 0, `internal error in the scenario parser (${what}); please report it with the scenario`);
    try {
      return { ok: false, error: toScenarioError(src, file, problem) };
    } catch {
      return {
        ok: false,
        error: new ScenarioError({
          ...problem,
          file,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 2,
          sourceLine: '',
        }),
      };
    }
  }
}

function toScenarioError(src: string, file: string, p: Problem): ScenarioError {
  const index = createLineIndex(src);
  const from = Math.max(0, Math.min(p.from, src.length));
  const to = Math.max(from, Math.min(p.to, src.length));
  const start = index.lineColAt(from);
  let end = index.lineColAt(to);
  if (to <= from) end = { line: start.line, col: start.col + 1 };
  const data = {
    kind: p.kind,
    file,
    line: start.line,
    column: start.col,
    endLine: end.line,
    endColumn: end.col,
    from,
    to,
    message: p.message,
    sourceLine: index.lineText(start.line),
    pythonClass: p.pythonClass,
  };
  return new ScenarioError(p.hint === undefined ? data : { ...data, hint: p.hint });
}

function parseOrProblem(src: string): A.Module | Problem {
  const scanned = scan(src);
  const tokenError = scanned.tokenError;
  const block = scanned.blockError;
  const blockAt = block ? (block.tokenAt ?? block.from) : Infinity;
  // A raising tokenizer error overrides every parse error except an unexpected indent met first
  // (see tokenOrParseError); only then is the tree worth building.
  if (tokenError?.raising && !(block?.message === 'unexpected indent' && blockAt < tokenError.from)) return tokenError;
  const tree = parser.parse(src);

  // The first parse error, as CPython's parser would meet it: Lezer's, an indentation one, an
  // f-string one, or (when Lezer's tree is clean) one the converter finds.
  const treeProblem = firstTreeProblem(tree.topNode, src, scanned);
  let parseError = block && (!treeProblem || blockAt <= treeProblem.from) ? block : treeProblem;
  const span = scanned.fstringSpan;
  if (scanned.fstringError && parseError && span && parseError.from >= span.from && parseError.from <= span.to) {
    // Lezer stumbles over the same broken f-string; the f-string check says what is wrong.
    parseError = scanned.fstringError;
  } else parseError = earliest(parseError, scanned.fstringError);
  let converter: Converter | null = null;
  let module: A.Module | null = null;
  if (!treeProblem && !scanned.fstringError) {
    try {
      converter = new Converter(src, scanned);
      module = converter.module(tree.topNode);
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      if (!parseError || e.problem.from < (parseError.tokenAt ?? parseError.from)) parseError = e.problem;
    }
  }
  if (tokenError) return tokenOrParseError(tokenError, parseError, src);
  if (parseError) return parseError;

  try {
    const refusal = analyzeScopes(module!);
    return earliest(converter!.refusal, refusal) ?? module!;
  } catch (e) {
    if (e instanceof Failure) return e.problem;
    throw e;
  }
}

/** Which of a tokenizer error and a parse error CPython reports (see Problem.raising). */
function tokenOrParseError(token: Problem, parse: Problem | null, src: string): Problem {
  if (!parse) return token;
  // An unclosed bracket is only noticed at the end of the file, after any parse error; CPython
  // then blames the bracket if it was opened on an earlier line than that error.
  const parseAt = parse.tokenAt ?? parse.from;
  if (token.openLine !== undefined) {
    // Running into the end of the file inside brackets is reported as the unclosed bracket.
    if (parseAt >= src.trimEnd().length) return token;
    return token.openLine < createLineIndex(src).lineColAt(parseAt).line ? token : parse;
  }
  if (parseAt >= (token.tokenAt ?? token.from)) return token;
  // CPython reports an unexpected INDENT token as soon as the parser trips on it.
  if (parse.message === 'unexpected indent') return parse;
  return token.raising ? token : parse;
}

function earliest(a: Problem | null, b: Problem | null): Problem | null {
  if (!a) return b;
  if (!b) return a;
  return b.from < a.from ? b : a;
}

// =============================================================================================
// 1. The tokenizer pass
// =============================================================================================

interface StringToken {
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
interface LogicalLine {
  start: number;
  first: string;
  second: string;
  last: string;
  lastEnd: number;
  tokens: number;
  /** Whether a ':' appears outside brackets (a block header's, or a one-line body's). */
  colon: boolean;
}

interface ScanResult {
  /** The first error of CPython's tokenizer; scanning stops there. */
  tokenError: Problem | null;
  /** The first f-string error (a parser error in CPython 3.11), and the f-string's extent. */
  fstringError: Problem | null;
  fstringSpan: { from: number; to: number } | null;
  /** Valid Python that the rest of the pipeline cannot represent (`1.`). */
  refusal: Problem | null;
  /** "unexpected indent" / "expected an indented block": parser errors in CPython, so they
   *  compete by position with Lezer's errors. */
  blockError: Problem | null;
  strings: Map<number, StringToken>;
  lines: LogicalLine[];
}

const OPENERS = '([{';
const CLOSERS = ')]}';

function isAsciiIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

const ID_START = /[\p{ID_Start}_]/u;
const ID_CONTINUE = /[\p{ID_Continue}]/u;
const NON_PRINTABLE = /[\p{C}\p{Z}]/u;

/** CPython's is_potential_identifier_char: what may not directly follow a number. */
function isPotentialIdentifierChar(c: number): boolean {
  return isAsciiIdStart(c) || isDigit(c) || c >= 128;
}

function headerDescription(first: string, second: string): string | null {
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

function scan(src: string): ScanResult {
  const index = createLineIndex(src);
  const strings = new Map<number, StringToken>();
  const lines: LogicalLine[] = [];
  let blockError: Problem | null = null;
  let fstringError: Problem | null = null;
  let fstringSpan: { from: number; to: number } | null = null;
  let refusal: Problem | null = null;
  const result = (tokenError: Problem | null, raising = true): ScanResult => {
    if (tokenError && tokenError.openLine === undefined) tokenError.raising = raising;
    if (tokenError && !raising) tokenError.tokenAt = index.lineStart(index.lineColAt(tokenError.from).line);
    return { tokenError, fstringError, fstringSpan, refusal, blockError, strings, lines };
  };
  const onFString = (p: Problem, span: { from: number; to: number }): void => {
    if (fstringError) return;
    fstringError = p;
    fstringSpan = span;
  };
  const onRefusal = (p: Problem): void => {
    refusal ??= p;
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
  const block: { pending: { desc: string; line: number; headerEnd: number } | null } = { pending: null };
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
      if (desc) block.pending = { desc, line: index.lineColAt(cur.start).line, headerEnd: cur.lastEnd };
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
      const cp = src.codePointAt(pos)!;
      const ch = String.fromCodePoint(cp);
      const len = cp >= 0x10000 ? 2 : 1;
      if (NON_PRINTABLE.test(ch)) return result(syntax(pos, pos + len, `invalid non-printable character U+${hex4(cp)}`));
      return result(syntax(pos, pos + len, `invalid character '${ch}' (U+${hex4(cp)})`));
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
  }
  return result(null);
}

function hex4(cp: number): string {
  return cp.toString(16).toUpperCase().padStart(4, '0');
}

function tabError(from: number, to: number): Problem {
  return { kind: 'syntax', from, to, message: 'inconsistent use of tabs and spaces in indentation', pythonClass: 'TabError' };
}

/** End of the word/number starting at `p` (at least one character), for error ranges. */
function endOfToken(src: string, p: number): number {
  let q = p;
  while (q < src.length && /[\p{L}\p{N}_]/u.test(src[q]!)) q++;
  return q > p ? q : Math.min(p + 1, src.length);
}

/** CPython's number tokenizer (tok_get / verify_end_of_number). Returns the end offset. */
function scanNumber(src: string, start: number, refuse: (p: Problem) => void): number | Problem {
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
    refuse(unsupported(start, dot + 1, 'a float literal must have digits after the decimal point', `write ${src.slice(start, dot)}.0`));

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
function scanString(
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

// =============================================================================================
// 2. Lezer's error nodes
// =============================================================================================

function firstTreeProblem(top: SyntaxNode, src: string, scanned: ScanResult): Problem | null {
  let error: SyntaxNode | null = null;
  let print: SyntaxNode | null = null;
  const cursor = top.cursor();
  // Pre-order traversal meets nodes in order of their start, so the first error found is the
  // earliest one.
  for (;;) {
    // (cursor.node allocates: only touch it for the two kinds of node of interest)
    if (!print && cursor.name === 'PrintStatement' && !isBarePrint(cursor.node, src)) print = cursor.node;
    if (cursor.type.isError && !isBenignError(cursor.node, src)) {
      error = cursor.node;
      break;
    }
    if (!cursor.next()) break;
  }
  if (print && (!error || print.from <= error.from)) return printProblem(print, src);
  if (!error) return null;
  // A Lezer error at or after a `1.` float is most likely Lezer misreading it.
  if (scanned.refusal && scanned.refusal.from <= error.from) return scanned.refusal;
  return describeTreeError(error, src, scanned);
}

/**
 * Lezer's grammar requires an operand after `yield`, so a bare `yield` (valid Python, and the
 * way an async generator yields None) always comes with an empty error node; so does a lone
 * `print` at the very end of the file. Neither is an error.
 */
function isBenignError(node: SyntaxNode, src: string): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (node.from === node.to && (parent.name === 'YieldStatement' || parent.name === 'YieldExpression')) {
    return node.prevSibling?.name === 'yield';
  }
  return parent.name === 'PrintStatement' && isBarePrint(parent, src);
}

function isBarePrint(node: SyntaxNode, src: string): boolean {
  return src.slice(node.from + 5, node.to).trim() === '' && src.slice(node.to).trim() === '';
}

/**
 * Lezer's grammar keeps Python 2's print statement: `print` followed by anything but `(` at the
 * start of a statement is read as one.
 */
function printProblem(node: SyntaxNode, src: string): Problem {
  const lineEnd = src.slice(node.from).search(/[\r\n]|$/);
  const rest = src.slice(node.from + 5, node.from + lineEnd).trimStart();
  if (rest.startsWith('>>')) {
    return unsupported(node.from, node.from + lineEnd, '`print >>file, ...` is Python 2 syntax', 'call print(...)');
  }
  if (/^(?:[\p{L}_\d'"[{~]|-(?!=)|\+(?!=))/u.test(rest) && !/^(?:if|else|and|or|in|is|for)\b/.test(rest)) {
    return syntax(node.from, node.from + lineEnd, "Missing parentheses in call to 'print'. Did you mean print(...)?");
  }
  return unsupported(
    node.from,
    node.from + 5,
    '`print` can only be used as a call here',
    'call print(...); the grammar behind the editor reads `print` followed by anything but `(` as a Python 2 print statement, so use another name for variables',
  );
}

function findLine(lines: LogicalLine[], pos: number): LogicalLine | null {
  let lo = 0;
  let hi = lines.length - 1;
  let found: LogicalLine | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid]!.start <= pos) {
      found = lines[mid]!;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Lezer nodes that are the inside of a bracket pair. */
const BRACKETED = new Set([
  'ArgList',
  'ArrayExpression',
  'ArrayComprehensionExpression',
  'TupleExpression',
  'ParenthesizedExpression',
  'ComprehensionExpression',
  'SetExpression',
  'SetComprehensionExpression',
  'DictionaryExpression',
  'DictionaryComprehensionExpression',
]);

const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue',
  'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in',
  'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

/** Whether a token (as recorded by scan) can end an expression. */
function endsExpression(token: string): boolean {
  if (token === ')' || token === ']' || token === '}' || token === '"' || token === '0') return true;
  return /^[\p{L}_][\p{L}\p{N}_]*$/u.test(token) && !KEYWORDS.has(token);
}

/** The word or single character at `pos`. */
function wordAt(src: string, pos: number): string {
  return /^[\p{L}\p{N}_]+/u.exec(src.slice(pos, pos + 80))?.[0] ?? src.slice(pos, pos + 1);
}

/** The statement-level node containing `node` (a child of Script or Body). */
function statementOf(node: SyntaxNode): SyntaxNode | null {
  for (let n: SyntaxNode | null = node; n; n = n.parent) {
    const parent = n.parent;
    if (parent && (parent.name === 'Script' || parent.name === 'Body')) return n;
  }
  return null;
}

/** Nesting depth of a subtree, without recursion. */
function treeDepth(node: SyntaxNode | null): number {
  if (!node) return 0;
  const c = node.cursor();
  let depth = 0;
  let max = 0;
  for (;;) {
    if (c.firstChild()) {
      if (++depth > max) max = depth;
      continue;
    }
    for (;;) {
      if (depth === 0) return max;
      if (c.nextSibling()) break;
      c.parent();
      depth--;
    }
  }
}

/** Whether an error sits in (or right after) a structure deep enough to have made Lezer cut its
 *  parse stack: a long operator chain nests as deep as it is long. */
function lezerGaveUp(error: SyntaxNode): boolean {
  const DEEP = 400;
  let ancestors = 0;
  for (let p = error.parent; p && ancestors < DEEP; p = p.parent) ancestors++;
  return ancestors >= DEEP || treeDepth(error.parent) >= DEEP || treeDepth(error.parent?.parent ?? null) >= DEEP;
}

/**
 * "invalid syntax", made as specific as CPython's message where the tree makes that easy:
 * "expected ':'", "expected '('", "Perhaps you forgot a comma?", "expected 'except' or 'finally'
 * block", and "f-string: " in front of errors inside an f-string field.
 */
function describeTreeError(error: SyntaxNode, src: string, scanned: ScanResult): Problem {
  const from = error.from;
  const to = error.to > error.from ? error.to : endOfToken(src, from);
  const line = findLine(scanned.lines, from);
  const inside = (name: string): SyntaxNode | null => {
    for (let p: SyntaxNode | null = error; p; p = p.parent) if (p.name === name) return p;
    return null;
  };
  const parent = error.parent;
  const prev = error.prevSibling;
  const next = src.slice(from, from + 2);

  // Lezer cuts its parse stack at a fixed depth (Rec.CutDepth), which a statement of some
  // thousand operators reaches (`1 + 1 + ...` ~650 terms, or ~2800 nested unary minus); it then
  // reports an error in valid code. CPython gives up on such statements too (RecursionError).
  if (line && line.tokens > MAX_STATEMENT_TOKENS && lezerGaveUp(error)) {
    return unsupported(line.start, line.start + 1, 'this statement is too long or too deeply nested to parse', 'split it into several statements');
  }

  // Out-of-subset constructs whose own syntax Lezer does not fully know.
  if (line?.first === '@' || inside('Decorator')) {
    // A decorator line (Lezer only knows `@dotted.name(args)`) is followed by what it decorates.
    const following = line ? scanned.lines[scanned.lines.indexOf(line) + 1] : undefined;
    if (following && ['@', 'def', 'class', 'async'].includes(following.first)) {
      return unsupported(line!.start, line!.lastEnd, 'decorators are not supported', 'call the function directly');
    }
  }
  const isWith = line?.first === 'with' || (line?.first === 'async' && line.second === 'with');
  if (isWith || inside('WithStatement')) {
    if (line?.first === 'with') {
      return unsupported(line.start, line.start + 4, 'the `with` statement is not supported', 'use `async with` with asyncio primitives');
    }
    // Valid Python that Lezer's grammar lacks (parenthesised items, `as (a, b)`, `as obj.attr`)
    // is refused as a form; anything else is a plain syntax error. Either way, show the form the
    // subset has.
    const hint = 'write `async with a as x, b as y:` without parentheses; the target after `as` must be a plain name';
    const header = line ? src.slice(line.start, line.lastEnd) : '';
    const afterWith = header.replace(/^async\s+with\b/, '');
    const parenthesised = /^\s*\(/.test(afterWith) && /\)\s*:$/.test(header);
    const complexTarget = /\bas\s+(?:[([]|[\p{L}_][\p{L}\p{N}_]*\s*[.[])/u.test(afterWith);
    if (parenthesised || complexTarget) return unsupported(from, to, 'this form of `async with` is not supported', hint);
    return syntax(from, to, 'invalid syntax', hint);
  }
  // More valid Python that Lezer's grammar lacks.
  if (src[from] === '*' && parent?.name === 'MemberExpression') {
    return unsupported(from, from + 1, 'starred expressions in subscripts are not supported', 'build the tuple first: t = (*a, b); x[t]');
  }
  if (src[from] === '*' && parent?.name === 'ForStatement' && (prev?.name === 'in' || kids(parent).some((c) => c.name === 'in' && c.to <= from))) {
    return unsupported(from, from + 1, 'a starred iterable after `in` must be parenthesised here', 'write `for x in (*a, b):`');
  }
  if (src[from] === '/' && parent?.name === 'ParamList') {
    return unsupported(from, from + 1, "positional-only parameters ('/') are not supported", 'remove the /');
  }
  if ((line?.first === 'match' || line?.first === 'case') && line.last === ':') {
    return unsupported(line.start, line.start + line.first.length, 'the match statement is not supported', 'use if/elif/else');
  }

  // A `try:` block with neither handlers nor finally earlier in the same block: CPython stops
  // at the statement after it.
  const stmt = statementOf(error);
  for (let before = stmt?.prevSibling ?? null, after = stmt; before; after = before, before = before.prevSibling) {
    if (before.name === 'TryStatement' && !kids(before).some((c) => c.name === 'except' || c.name === 'finally')) {
      let next = after;
      while (next && next.name === 'Comment') next = next.nextSibling;
      const at = next ? next.from : error.from;
      return syntax(at, endOfToken(src, at), "expected 'except' or 'finally' block");
    }
  }

  // `def f x` / `def f()` x / `def f() -> T x`.
  if (parent?.name === 'FunctionDefinition' && prev?.name === 'VariableName') {
    return syntax(from, to, "expected '('");
  }
  if (
    (parent?.name === 'FunctionDefinition' && (prev?.name === 'ParamList' || prev?.name === 'TypeDef')) ||
    (parent?.name === 'TypeDef' && parent.parent?.name === 'FunctionDefinition' && parent.prevSibling?.name === 'ParamList')
  ) {
    return syntax(from, to, "expected ':'");
  }
  // A complete block header followed by the end of the line.
  if (line && headerDescription(line.first, line.second) && !line.colon && from >= line.lastEnd) {
    const bare = line.tokens === 1 && ['try', 'else', 'finally', 'except'].includes(line.first);
    if (bare || (line.tokens > 1 && endsExpression(line.last))) return syntax(line.lastEnd, line.lastEnd, "expected ':'");
  }

  let message = 'invalid syntax';
  let errFrom = from;
  let errTo = to;
  if (parent?.name === 'ConditionalExpression' && !kids(parent).some((c) => c.name === 'else' && c.from < from)) {
    message = "expected 'else' after 'if' expression";
    errFrom = parent.from;
    errTo = prev?.to ?? from;
  } else if (next[0] === '=' && next !== '==' && prev && /^[A-Z]/.test(prev.name)) {
    if (parent?.name === 'ArgList' && prev.name !== 'VariableName') {
      message = 'expression cannot contain assignment, perhaps you meant "=="?';
      errFrom = prev.from;
      errTo = from + 1;
    } else if (parent && (parent.name === 'IfStatement' || parent.name === 'WhileStatement')) {
      message = "invalid syntax. Maybe you meant '==' or ':=' instead of '='?";
      errFrom = prev.from;
      errTo = from + 1;
    }
  } else {
    // Two expressions side by side inside brackets.
    let container: SyntaxNode | null = null;
    for (let p: SyntaxNode | null = parent; p; p = p.parent) {
      if (BRACKETED.has(p.name)) {
        container = p;
        break;
      }
    }
    let q = from - 1;
    while (q >= 0 && /\s/.test(src[q]!)) q--;
    const word = wordAt(src, from);
    const prevLine = findLine(scanned.lines, q);
    const prevWord = /[\p{L}\p{N}_]+$/u.exec(src.slice(Math.max(0, q - 80), q + 1))?.[0] ?? src[q] ?? '';
    const prevEnds = /[\p{L}\p{N}_]/u.test(src[q] ?? '') ? endsExpression(/^\d/.test(prevWord) ? '0' : prevWord) : /[)\]}'"]/.test(src[q] ?? '');
    const startsAtom = /^[\p{L}_\d'"([{]/u.test(word) && !KEYWORDS.has(word);
    if (container && prevEnds && startsAtom && prevLine) {
      let first: SyntaxNode | null = null;
      for (let c = container.firstChild; c; c = c.nextSibling) {
        if (c.from <= q && q < c.to && /^[A-Z]/.test(c.name)) first = c;
      }
      if (first) {
        message = 'invalid syntax. Perhaps you forgot a comma?';
        errFrom = first.from;
        errTo = from + word.length;
      }
    }
  }
  if (inside('FormatReplacement')) message = `f-string: ${message}`;
  const problem = syntax(errFrom, errTo, message);
  problem.tokenAt = from;
  return problem;
}

// =============================================================================================
// 3. Lezer tree -> AST
// =============================================================================================

type FnKind = 'module' | 'class' | 'def' | 'async' | 'lambda' | 'comp';

const STATEMENT_NODES = new Set([
  'ExpressionStatement',
  'AssignStatement',
  'UpdateStatement',
  'DeleteStatement',
  'PassStatement',
  'BreakStatement',
  'ContinueStatement',
  'ReturnStatement',
  'YieldStatement',
  'PrintStatement',
  'RaiseStatement',
  'ImportStatement',
  'ScopeStatement',
  'AssertStatement',
  'TypeDefinition',
  'StatementGroup',
  'IfStatement',
  'WhileStatement',
  'ForStatement',
  'TryStatement',
  'WithStatement',
  'FunctionDefinition',
  'ClassDefinition',
  'DecoratedStatement',
  'MatchStatement',
]);

const AUG_OPS: ReadonlyMap<string, A.BinOperator> = new Map([
  ['+=', 'Add'],
  ['-=', 'Sub'],
  ['*=', 'Mult'],
  ['/=', 'Div'],
  ['//=', 'FloorDiv'],
  ['%=', 'Mod'],
  ['**=', 'Pow'],
  ['<<=', 'LShift'],
  ['>>=', 'RShift'],
  ['|=', 'BitOr'],
  ['^=', 'BitXor'],
  ['&=', 'BitAnd'],
]);

const BIN_OPS: ReadonlyMap<string, A.BinOperator> = new Map([
  ['+', 'Add'],
  ['-', 'Sub'],
  ['*', 'Mult'],
  ['/', 'Div'],
  ['//', 'FloorDiv'],
  ['%', 'Mod'],
  ['**', 'Pow'],
  ['<<', 'LShift'],
  ['>>', 'RShift'],
  ['|', 'BitOr'],
  ['^', 'BitXor'],
  ['&', 'BitAnd'],
]);

/** Binding strength of Python's binary operators below `**` (higher binds tighter). */
const BIN_LEVEL: ReadonlyMap<string, number> = new Map([
  ['|', 1],
  ['^', 2],
  ['&', 3],
  ['<<', 4],
  ['>>', 4],
  ['+', 5],
  ['-', 5],
  ['*', 6],
  ['/', 6],
  ['//', 6],
  ['%', 6],
  ['@', 6],
]);

/** A re-parsed operand and its source extent, parentheses included. */
interface Operand {
  e: A.Expression;
  from: number;
  to: number;
}

const CMP_OPS: ReadonlyMap<string, A.CmpOperator> = new Map([
  ['==', 'Eq'],
  ['!=', 'NotEq'],
  ['<', 'Lt'],
  ['<=', 'LtE'],
  ['>', 'Gt'],
  ['>=', 'GtE'],
]);

/** Children of a Lezer node, minus comments (skipped tokens that show up anywhere) and the
 *  benign error nodes already vetted by firstTreeProblem. */
function kids(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name === 'Comment' || c.type.isError) continue;
    out.push(c);
  }
  return out;
}

/** Splits a comma-separated run of children into items. */
function splitCommas(nodes: SyntaxNode[]): { items: SyntaxNode[][]; trailingComma: boolean } {
  const items: SyntaxNode[][] = [];
  let cur: SyntaxNode[] = [];
  let trailingComma = false;
  for (const n of nodes) {
    if (n.name === ',') {
      items.push(cur);
      cur = [];
      trailingComma = true;
    } else {
      cur.push(n);
      trailingComma = false;
    }
  }
  if (cur.length > 0) items.push(cur);
  return { items, trailingComma };
}

function scopeFields(): A.ScopeInfo {
  return { locals: [], globals: [], nonlocals: [], freeVars: [], cellVars: [] };
}

function exprName(e: A.Expression): string {
  switch (e.kind) {
    case 'Attribute':
      return 'attribute';
    case 'Subscript':
      return 'subscript';
    case 'Starred':
      return 'starred';
    case 'Name':
      return 'name';
    case 'List':
      return 'list';
    case 'Tuple':
      return 'tuple';
    case 'Lambda':
      return 'lambda';
    case 'Call':
      return 'function call';
    case 'BoolOp':
    case 'BinOp':
    case 'UnaryOp':
      return 'expression';
    case 'GeneratorExp':
      return 'generator expression';
    case 'Yield':
      return 'yield expression';
    case 'Await':
      return 'await expression';
    case 'ListComp':
      return 'list comprehension';
    case 'SetComp':
      return 'set comprehension';
    case 'DictComp':
      return 'dict comprehension';
    case 'Dict':
      return 'dict literal';
    case 'Set':
      return 'set display';
    case 'JoinedStr':
    case 'FormattedValue':
      return 'f-string expression';
    case 'Compare':
      return 'comparison';
    case 'IfExp':
      return 'conditional expression';
    case 'Slice':
      return 'slice';
    case 'Constant':
      if (e.type === 'None') return 'None';
      if (e.type === 'bool') return e.value ? 'True' : 'False';
      if (e.type === 'Ellipsis') return 'ellipsis';
      return 'literal';
  }
}

/** Expressions for which CPython adds "here. Maybe you meant '==' instead of '='?". */
function mayBeComparison(e: A.Expression): boolean {
  switch (e.kind) {
    case 'Compare':
    case 'BoolOp':
    case 'Lambda':
    case 'IfExp':
    case 'GeneratorExp':
    case 'Yield':
    case 'Tuple':
    case 'List':
      return false;
    case 'UnaryOp':
      return e.op !== 'Not';
    case 'Constant':
      return e.type !== 'None' && e.type !== 'bool';
    default:
      return true;
  }
}

type TargetMode = 'assign' | 'del' | 'for' | 'comprehension';

class Converter {
  /** The earliest refusal of valid-but-unsupported Python, reported if nothing worse turns up. */
  refusal: Problem | null = null;
  private depth = 0;
  private readonly index: LineIndex;
  /** Function kinds from the module inward, for checks that depend on the enclosing function. */
  private readonly fnStack: FnKind[] = ['module'];

  constructor(
    private readonly src: string,
    private readonly scanned: ScanResult,
  ) {
    this.index = createLineIndex(src);
    this.refusal = scanned.refusal;
  }

  // ---- helpers ------------------------------------------------------------------------------

  private refuse(from: number, to: number, message: string, hint?: string): void {
    if (!this.refusal || from < this.refusal.from) this.refusal = unsupported(from, to, message, hint);
  }

  private fail(from: number, to: number, message: string, hint?: string): never {
    throw new Failure(syntax(from, to, message, hint));
  }

  private base(from: number, to: number): A.NodeBase {
    const { line, col } = this.index.lineColAt(from);
    return { range: { from, to }, line, col };
  }

  private at(node: SyntaxNode): A.NodeBase {
    return this.base(node.from, node.to);
  }

  private text(node: SyntaxNode): string {
    return this.src.slice(node.from, node.to);
  }

  /** For shapes Lezer accepted but that this converter did not expect: never silently wrong. */
  private unexpected(node: SyntaxNode): never {
    this.fail(node.from, Math.max(node.to, node.from + 1), 'invalid syntax');
  }

  private inside(kind: FnKind, body: () => void): void {
    this.fnStack.push(kind);
    try {
      body();
    } finally {
      this.fnStack.pop();
    }
  }

  /** The innermost enclosing scope kind. */
  private enclosing(): FnKind {
    return this.fnStack[this.fnStack.length - 1] ?? 'module';
  }

  // ---- module and statements ------------------------------------------------------------------

  module(top: SyntaxNode): A.Module {
    const body = this.statements(kids(top));
    return { kind: 'Module', ...this.base(0, this.src.length), body, docstring: docstringOf(body) };
  }

  private statements(nodes: SyntaxNode[]): A.Statement[] {
    const out: A.Statement[] = [];
    for (const n of nodes) {
      if (!STATEMENT_NODES.has(n.name)) {
        if (n.name === ':') continue;
        this.unexpected(n);
      }
      for (const s of this.statement(n)) out.push(s);
    }
    return out;
  }

  private body(node: SyntaxNode | undefined): A.Statement[] {
    if (!node || node.name !== 'Body') return this.unexpected(node ?? this.missingNode());
    const stmts = this.statements(kids(node));
    if (stmts.length === 0) this.unexpected(node);
    return stmts;
  }

  /** A child Lezer always produces is missing: only possible if the tree had errors, which
   *  were reported before conversion. */
  private missingNode(): never {
    throw new Failure(syntax(0, 0, 'invalid syntax'));
  }

  private statement(node: SyntaxNode): A.Statement[] {
    const k = kids(node);
    const b = this.at(node);
    switch (node.name) {
      case 'StatementGroup':
        return this.statements(k.filter((c) => c.name !== ';'));
      case 'PassStatement':
        return [{ kind: 'Pass', ...b }];
      case 'BreakStatement':
        return [{ kind: 'Break', ...b }];
      case 'ContinueStatement':
        return [{ kind: 'Continue', ...b }];
      case 'ExpressionStatement': {
        const value = this.loadList(k, node);
        return [{ kind: 'Expr', ...b, value }];
      }
      case 'YieldStatement':
        return [{ kind: 'Expr', ...b, value: this.yieldExpr(node) }];
      case 'PrintStatement':
        // Only a bare `print` gets here (the others were reported by firstTreeProblem).
        return [{ kind: 'Expr', ...b, value: { kind: 'Name', ...this.base(node.from, node.from + 5), id: 'print', ctx: 'Load' } }];
      case 'AssignStatement':
        return [this.assign(node, k)];
      case 'UpdateStatement':
        return [this.augAssign(node, k)];
      case 'DeleteStatement': {
        const { items } = splitCommas(k.slice(1));
        const targets = items.map((item) => this.target(this.item(item), 'del', false));
        return [{ kind: 'Delete', ...b, targets }];
      }
      case 'ReturnStatement': {
        const value = k.length > 1 ? this.loadList(k.slice(1), node) : null;
        return [{ kind: 'Return', ...b, value }];
      }
      case 'RaiseStatement':
        return [this.raise(node, k)];
      case 'ImportStatement':
        return this.importStatement(node, k);
      case 'ScopeStatement': {
        const names = k.filter((c) => c.name === 'VariableName').map((c) => this.identifier(c));
        const comma = k.length > 1 ? k[k.length - 1]! : null;
        if (comma && comma.name === ',') this.fail(comma.to, comma.to, 'invalid syntax');
        return [k[0]!.name === 'global' ? { kind: 'Global', ...b, names } : { kind: 'Nonlocal', ...b, names }];
      }
      case 'AssertStatement': {
        const { items, trailingComma } = splitCommas(k.slice(1));
        if (items.length > 2 || trailingComma) {
          const commas = k.filter((c) => c.name === ',');
          const bad = commas[items.length > 2 ? 1 : commas.length - 1]!;
          this.fail(bad.from, bad.to, 'invalid syntax');
        }
        const test = this.item(items[0]!);
        const msg = items[1] ? this.item(items[1]) : null;
        this.noBareStar(test);
        if (msg) this.noBareStar(msg);
        return [{ kind: 'Assert', ...b, test, msg }];
      }
      case 'TypeDefinition':
        this.refuse(node.from, node.from + 4, 'the `type` statement is not supported', 'it needs Python 3.12; assign the type to a name instead');
        return [{ kind: 'Pass', ...b }];
      case 'IfStatement':
        return [this.ifStatement(node, k)];
      case 'WhileStatement':
        return [this.whileStatement(node, k)];
      case 'ForStatement':
        return [this.forStatement(node, k)];
      case 'TryStatement':
        return [this.tryStatement(node, k)];
      case 'WithStatement':
        return [this.withStatement(node, k)];
      case 'FunctionDefinition':
        return [this.functionDef(node, k)];
      case 'ClassDefinition':
        return [this.classDef(node, k)];
      case 'DecoratedStatement': {
        const decorators = k.filter((c) => c.name === 'Decorator');
        const first = decorators[0] ?? node;
        this.refuse(first.from, trimEnd(this.src, first.from, first.to), 'decorators are not supported', 'call the function directly');
        const inner = k[k.length - 1]!;
        return this.statement(inner);
      }
      case 'MatchStatement':
        this.refuse(node.from, node.from + 5, 'the match statement is not supported', 'use if/elif/else');
        return [{ kind: 'Pass', ...this.base(node.from, node.from + 5) }];
      default:
        return this.unexpected(node);
    }
  }

  private assign(node: SyntaxNode, k: SyntaxNode[]): A.Statement {
    const b = this.at(node);
    const segments: SyntaxNode[][] = [[]];
    let annotation: SyntaxNode | null = null;
    const eqs: SyntaxNode[] = [];
    for (const c of k) {
      if (c.name === 'AssignOp') {
        eqs.push(c);
        segments.push([]);
      } else if (c.name === 'TypeDef') annotation = c;
      else segments[segments.length - 1]!.push(c);
    }
    const valueOf = (seg: SyntaxNode[], owner: SyntaxNode): A.Expression =>
      seg.length === 1 && seg[0]!.name === 'YieldExpression' ? this.yieldExpr(seg[0]!) : this.loadList(seg, owner);

    if (annotation) {
      if (segments.length > 2) this.fail(eqs[1]!.from, eqs[1]!.to, 'invalid syntax');
      const targetNodes = segments[0]!;
      const { items, trailingComma } = splitCommas(targetNodes);
      if (items.length > 1 || trailingComma) {
        this.fail(targetNodes[0]!.from, targetNodes[0]!.to, 'only single target (not tuple) can be annotated');
      }
      const targetNode = items[0]![0]!;
      const target = this.item(items[0]!);
      if (target.kind === 'Tuple' || target.kind === 'List') {
        this.fail(target.range.from, target.range.to, `only single target (not ${target.kind === 'Tuple' ? 'tuple' : 'list'}) can be annotated`);
      }
      if (target.kind !== 'Name' && target.kind !== 'Attribute' && target.kind !== 'Subscript') {
        this.fail(target.range.from, target.range.to, 'illegal target for annotation');
      }
      this.target(target, 'assign', false);
      const annotationExpr = this.expr(kids(annotation).filter((c) => c.name !== ':')[0] ?? this.unexpected(annotation));
      const value = segments.length === 2 ? valueOf(segments[1]!, node) : null;
      return {
        kind: 'AnnAssign',
        ...b,
        target,
        annotation: annotationExpr,
        value,
        simple: target.kind === 'Name' && targetNode.name !== 'ParenthesizedExpression',
      };
    }

    const value = valueOf(segments[segments.length - 1]!, node);
    const single = segments.length === 2;
    const targets = segments.slice(0, -1).map((seg) => {
      const { items, trailingComma } = splitCommas(seg);
      const t = this.list(seg, node);
      // CPython suggests '==' only for a lone target, or an element of an unparenthesised tuple.
      const candidates = single ? (items.length > 1 || trailingComma ? (t as A.Tuple).elts : [t]) : [];
      return this.target(t, 'assign', false, candidates);
    });
    return { kind: 'Assign', ...b, targets, value };
  }

  private augAssign(node: SyntaxNode, k: SyntaxNode[]): A.Statement {
    const opIndex = k.findIndex((c) => c.name === 'UpdateOp');
    const opNode = k[opIndex] ?? this.unexpected(node);
    const opText = this.text(opNode);
    const targetNodes = k.slice(0, opIndex);
    const target = this.list(targetNodes, node);
    const valueNodes = k.slice(opIndex + 1);
    const value =
      valueNodes.length === 1 && valueNodes[0]!.name === 'YieldExpression'
        ? this.yieldExpr(valueNodes[0]!)
        : this.loadList(valueNodes, node);
    if (target.kind !== 'Name' && target.kind !== 'Attribute' && target.kind !== 'Subscript') {
      this.fail(target.range.from, target.range.to, `'${exprName(target)}' is an illegal expression for augmented assignment`);
    }
    target.ctx = 'Store';
    let op = AUG_OPS.get(opText);
    if (!op) {
      this.refuse(opNode.from, opNode.to, 'the @= operator (matrix multiplication) is not supported');
      op = 'Mult';
    }
    return { kind: 'AugAssign', ...this.at(node), target, op, value };
  }

  private raise(node: SyntaxNode, k: SyntaxNode[]): A.Statement {
    const comma = k.find((c) => c.name === ',');
    if (comma) this.fail(comma.from, comma.to, 'invalid syntax');
    const exc = k[1] ? this.expr(k[1]) : null;
    const fromIndex = k.findIndex((c) => c.name === 'from');
    const cause = fromIndex >= 0 ? this.expr(k[fromIndex + 1] ?? this.unexpected(node)) : null;
    return { kind: 'Raise', ...this.at(node), exc, cause };
  }

  private importStatement(node: SyntaxNode, k: SyntaxNode[]): A.Statement[] {
    const allowed = 'only asyncio, time, random and aiohttp can be imported';
    if (k[0]!.name === 'from') {
      const importIndex = k.findIndex((c) => c.name === 'import');
      const moduleText = this.src.slice(k[0]!.to, k[importIndex]?.from ?? node.to).trim();
      const names = k
        .slice(importIndex + 1)
        .filter((c) => c.name === 'VariableName')
        .map((c) => this.text(c));
      const known = IMPORTABLE_MODULES.includes(moduleText);
      const text = this.src.slice(node.from, node.to).trimEnd();
      if (text.endsWith(',') && !text.includes('(')) {
        this.fail(node.to, node.to, 'trailing comma not allowed without surrounding parentheses');
      }
      this.refuse(
        node.from,
        node.to,
        '`from ... import` is not supported',
        known && names.length > 0
          ? `write \`import ${moduleText}\` and use ${names.map((x) => `${moduleText}.${x}`).join(', ')}`
          : `use a plain \`import\`; ${allowed}`,
      );
      return [{ kind: 'Pass', ...this.at(node) }];
    }
    const { items, trailingComma } = splitCommas(k.slice(1));
    if (trailingComma) this.fail(node.to, node.to, 'invalid syntax');
    const names: A.Alias[] = [];
    for (const item of items) {
      const first = item[0]!;
      const last = item[item.length - 1]!;
      const asIndex = item.findIndex((c) => c.name === 'as');
      const dotted = item.slice(0, asIndex >= 0 ? asIndex : item.length);
      const moduleName = dotted.map((c) => this.text(c)).join('');
      if (dotted.length > 1) {
        this.refuse(first.from, dotted[dotted.length - 1]!.to, 'dotted imports are not supported', `write \`import ${this.text(first)}\` and use attributes of the module`);
      } else if (asIndex >= 0) {
        this.refuse(first.from, last.to, 'import aliases are not supported', `write \`import ${moduleName}\` and use the name ${moduleName}`);
      } else if (!IMPORTABLE_MODULES.includes(moduleName)) {
        this.refuse(first.from, last.to, `cannot import '${moduleName}': ${allowed}`);
      }
      names.push({ kind: 'alias', ...this.base(first.from, last.to), name: this.identifier(first), asname: null });
    }
    return [{ kind: 'Import', ...this.at(node), names }];
  }

  private ifStatement(node: SyntaxNode, k: SyntaxNode[]): A.If {
    // if test Body (elif test Body)* (else Body)?  -> nested If nodes, as CPython does.
    const clauses: { keyword: SyntaxNode; test: SyntaxNode; body: SyntaxNode }[] = [];
    let elseBody: A.Statement[] = [];
    let i = 0;
    while (i < k.length) {
      const kw = k[i]!;
      if (kw.name === 'if' || kw.name === 'elif') {
        const test = k[i + 1];
        if (!test) this.unexpected(kw);
        if (test.name === 'Body') this.fail(test.from, test.from + 1, 'invalid syntax');
        clauses.push({ keyword: kw, test, body: k[i + 2] ?? this.unexpected(test) });
        i += 3;
      } else if (kw.name === 'else') {
        elseBody = this.body(k[i + 1]);
        i += 2;
      } else this.unexpected(kw);
    }
    let orelse = elseBody;
    let result: A.If | null = null;
    for (let c = clauses.length - 1; c >= 0; c--) {
      const clause = clauses[c]!;
      const test = this.expr(clause.test);
      const body = this.body(clause.body);
      const end = endOf(orelse.length > 0 ? orelse : body);
      result = { kind: 'If', ...this.base(clause.keyword.from, end), test, body, orelse };
      orelse = [result];
    }
    return result ?? this.unexpected(node);
  }

  private whileStatement(node: SyntaxNode, k: SyntaxNode[]): A.While {
    const test = this.expr(k[1] ?? this.unexpected(node));
    const body = this.body(k[2]);
    this.loopElse(k, 3, 'while');
    return { kind: 'While', ...this.base(node.from, endOf(body)), test, body };
  }

  private loopElse(k: SyntaxNode[], i: number, loop: string): void {
    const kw = k[i];
    if (kw && kw.name === 'else') {
      this.body(k[i + 1]);
      this.refuse(kw.from, kw.to, `\`else\` on a \`${loop}\` loop is not supported`, 'set a flag before `break` and test it after the loop');
    }
  }

  private forStatement(node: SyntaxNode, k: SyntaxNode[]): A.For | A.AsyncFor {
    const isAsync = k[0]!.name === 'async';
    const forIndex = isAsync ? 1 : 0;
    const inIndex = k.findIndex((c) => c.name === 'in');
    const bodyIndex = k.findIndex((c) => c.name === 'Body');
    if (inIndex < 0 || bodyIndex < 0) this.unexpected(node);
    const target = this.target(this.list(k.slice(forIndex + 1, inIndex), node), 'for', false);
    const iter = this.loadList(k.slice(inIndex + 1, bodyIndex), node);
    const body = this.body(k[bodyIndex]);
    this.loopElse(k, bodyIndex + 1, 'for');
    return { kind: isAsync ? 'AsyncFor' : 'For', ...this.base(node.from, endOf(body)), target, iter, body };
  }

  private tryStatement(node: SyntaxNode, k: SyntaxNode[]): A.Try | A.TryStar {
    const body = this.body(k[1]);
    const handlers: A.ExceptHandler[] = [];
    let star: boolean | null = null;
    let orelse: A.Statement[] = [];
    let finalbody: A.Statement[] = [];
    let bareHandler: A.ExceptHandler | null = null;
    let elseKeyword: SyntaxNode | null = null;
    let i = 2;
    while (i < k.length && k[i]!.name === 'except') {
      const kw = k[i]!;
      i++;
      const isStar = k[i]?.name === '*';
      if (isStar) i++;
      if (star !== null && star !== isStar) {
        this.fail(kw.from, k[i - 1]!.to, "cannot have both 'except' and 'except*' on the same 'try'");
      }
      star = isStar;
      let type: A.Expression | null = null;
      let name: string | null = null;
      const typeNode = k[i];
      if (typeNode && typeNode.name !== 'Body') {
        type = this.expr(typeNode);
        i++;
        const sep = k[i];
        if (sep && (sep.name === 'as' || sep.name === ',')) {
          const nameNode = k[i + 1] ?? this.unexpected(sep);
          if (sep.name === ',') this.fail(typeNode.from, nameNode.to, 'multiple exception types must be parenthesized');
          name = this.identifier(nameNode);
          i += 2;
        }
      } else if (isStar) {
        const colon = typeNode ?? kw;
        this.fail(colon.from, colon.from + 1, 'expected one or more exception types');
      }
      if (bareHandler) {
        this.fail(bareHandler.range.from, bareHandler.range.to, "default 'except:' must be last");
      }
      const handlerBody = this.body(k[i]);
      i++;
      const handler: A.ExceptHandler = { kind: 'ExceptHandler', ...this.base(kw.from, endOf(handlerBody)), type, name, body: handlerBody };
      if (type === null) bareHandler = handler;
      handlers.push(handler);
    }
    if (k[i]?.name === 'else') {
      elseKeyword = k[i]!;
      orelse = this.body(k[i + 1]);
      i += 2;
    }
    if (k[i]?.name === 'finally') {
      finalbody = this.body(k[i + 1]);
      i += 2;
    }
    if (i < k.length) this.unexpected(k[i]!);
    if (handlers.length === 0 && (finalbody.length === 0 || elseKeyword)) {
      // CPython points at whatever follows the try block.
      const at = elseKeyword ? elseKeyword.from : nextTokenStart(this.src, node.to);
      this.fail(at, endOfToken(this.src, at), "expected 'except' or 'finally' block");
    }
    const last = finalbody.length > 0 ? finalbody : orelse.length > 0 ? orelse : handlers.length > 0 ? [handlers[handlers.length - 1]!] : body;
    return { kind: star ? 'TryStar' : 'Try', ...this.base(node.from, endOf(last)), body, handlers, orelse, finalbody };
  }

  private withStatement(node: SyntaxNode, k: SyntaxNode[]): A.Statement {
    const isAsync = k[0]!.name === 'async';
    const withKw = k[isAsync ? 1 : 0]!;
    const bodyIndex = k.findIndex((c) => c.name === 'Body');
    const { items: rawItems } = splitCommas(k.slice(isAsync ? 2 : 1, bodyIndex));
    const items: A.WithItem[] = rawItems.map((item) => {
      const contextExpr = this.expr(item[0]!);
      let optionalVars: A.Name | null = null;
      if (item[1]?.name === 'as') {
        const nameNode = item[2] ?? this.unexpected(item[1]);
        optionalVars = { kind: 'Name', ...this.at(nameNode), id: this.identifier(nameNode), ctx: 'Store' };
      }
      const last = item[item.length - 1]!;
      return { kind: 'withitem', ...this.base(item[0]!.from, last.to), contextExpr, optionalVars };
    });
    const body = this.body(k[bodyIndex]);
    if (!isAsync) {
      this.refuse(withKw.from, withKw.to, 'the `with` statement is not supported', 'use `async with` with asyncio primitives');
      // Keep the body (and its bindings) for the later checks, without a `with`.
      return { kind: 'If', ...this.base(node.from, endOf(body)), test: { kind: 'Constant', ...this.at(withKw), type: 'bool', value: true }, body, orelse: [] };
    }
    return { kind: 'AsyncWith', ...this.base(node.from, endOf(body)), items, body };
  }

  private functionDef(node: SyntaxNode, k: SyntaxNode[]): A.FunctionDef | A.AsyncFunctionDef {
    const isAsync = k[0]!.name === 'async';
    const nameNode = k.find((c) => c.name === 'VariableName') ?? this.unexpected(node);
    const typeParams = k.find((c) => c.name === 'TypeParamList');
    if (typeParams) {
      this.refuse(typeParams.from, typeParams.to, 'type parameter lists are not supported', 'scenarios use Python 3.11 syntax; remove the [...] after the name');
    }
    const paramsNode = k.find((c) => c.name === 'ParamList') ?? this.unexpected(node);
    const returnsNode = k.find((c) => c.name === 'TypeDef');
    const args = this.params(paramsNode, false);
    const returns = returnsNode ? this.expr(kids(returnsNode)[0] ?? this.unexpected(returnsNode)) : null;
    let body: A.Statement[] = [];
    this.inside(isAsync ? 'async' : 'def', () => {
      body = this.body(k.find((c) => c.name === 'Body'));
    });
    const fields = {
      ...this.base(node.from, endOf(body)),
      ...scopeFields(),
      name: this.identifier(nameNode),
      args,
      body,
      returns,
      docstring: docstringOf(body),
    };
    return isAsync ? { kind: 'AsyncFunctionDef', ...fields, isGenerator: false } : { kind: 'FunctionDef', ...fields };
  }

  private classDef(node: SyntaxNode, k: SyntaxNode[]): A.ClassDef {
    const nameNode = k.find((c) => c.name === 'VariableName') ?? this.unexpected(node);
    const typeParams = k.find((c) => c.name === 'TypeParamList');
    if (typeParams) {
      this.refuse(typeParams.from, typeParams.to, 'type parameter lists are not supported', 'scenarios use Python 3.11 syntax; remove the [...] after the name');
    }
    const argList = k.find((c) => c.name === 'ArgList');
    const bases: A.Expression[] = [];
    if (argList) {
      const { args, keywords } = this.callArgs(argList, true);
      if (keywords.length > 0) {
        const kw = keywords[0]!;
        this.refuse(kw.range.from, kw.range.to, 'class keywords (such as metaclass=) are not supported');
      }
      for (const a of args) {
        if (a.kind === 'Starred') this.refuse(a.range.from, a.range.to, 'a class base list cannot use *');
      }
      if (args.length > 1) {
        const second = args[1]!;
        this.refuse(second.range.from, args[args.length - 1]!.range.to, 'a class can have at most one base class', 'multiple inheritance is not supported');
      }
      if (args[0]) bases.push(args[0]);
    }
    let body: A.Statement[] = [];
    this.inside('class', () => {
      body = this.body(k.find((c) => c.name === 'Body'));
    });
    return {
      kind: 'ClassDef',
      ...this.base(node.from, endOf(body)),
      ...scopeFields(),
      name: this.identifier(nameNode),
      bases,
      body,
      docstring: docstringOf(body),
    };
  }

  // ---- parameters ---------------------------------------------------------------------------

  private params(node: SyntaxNode, isLambda: boolean): A.Arguments {
    const all = kids(node);
    // Lezer drops the positional-only marker `/` from the tree: look for it between children.
    let prevEnd = node.from;
    for (const c of [...all, null]) {
      const gapEnd = c ? c.from : node.to;
      const gap = this.src.slice(prevEnd, gapEnd).replace(/#[^\r\n]*/g, '');
      const slash = gap.indexOf('/');
      if (slash >= 0) {
        const at = prevEnd + this.src.slice(prevEnd, gapEnd).indexOf('/');
        this.refuse(at, at + 1, "positional-only parameters ('/') are not supported", 'remove the /');
      }
      if (c) prevEnd = c.to;
    }
    const inner = all.filter((c) => c.name !== '(' && c.name !== ')');
    const { items } = splitCommas(inner);
    const args: A.Arg[] = [];
    const defaults: A.Expression[] = [];
    const kwonlyargs: A.Arg[] = [];
    const kwDefaults: (A.Expression | null)[] = [];
    let vararg: A.Arg | null = null;
    let kwarg: A.Arg | null = null;
    let keywordOnly = false;
    let bareStar: SyntaxNode | null = null;

    const makeArg = (nameNode: SyntaxNode, typeDef: SyntaxNode | undefined): A.Arg => {
      const name = this.identifier(nameNode);
      const annotation =
        typeDef && typeDef.name === 'TypeDef'
          ? this.expr(kids(typeDef).filter((c) => c.name !== ':')[0] ?? this.unexpected(typeDef))
          : null;
      return { kind: 'arg', ...this.base(nameNode.from, typeDef?.name === 'TypeDef' ? typeDef.to : nameNode.to), arg: name, annotation };
    };

    for (const item of items) {
      const head = item[0];
      if (!head) continue;
      if (kwarg) this.fail(head.from, Math.max(head.to, head.from + 1), 'arguments cannot follow var-keyword argument');
      if (head.name === '*') {
        if (keywordOnly) this.fail(head.from, head.to, '* argument may appear only once');
        keywordOnly = true;
        if (item[1]) vararg = makeArg(item[1], item[2]);
        else bareStar = head;
      } else if (head.name === '**') {
        kwarg = makeArg(item[1] ?? this.unexpected(head), item[2]);
      } else if (head.name === 'VariableName') {
        const typeDef = item[1]?.name === 'TypeDef' ? item[1] : undefined;
        const eq = item.findIndex((c) => c.name === 'AssignOp');
        const arg = makeArg(head, typeDef);
        const dflt = eq >= 0 ? this.expr(item[eq + 1] ?? this.unexpected(item[eq]!)) : null;
        if (keywordOnly) {
          kwonlyargs.push(arg);
          kwDefaults.push(dflt);
        } else {
          if (dflt) defaults.push(dflt);
          else if (defaults.length > 0) this.fail(head.from, head.to, 'non-default argument follows default argument');
          args.push(arg);
        }
      } else this.unexpected(head);
    }
    if (bareStar && kwonlyargs.length === 0) this.fail(bareStar.from, bareStar.to, 'named arguments must follow bare *');
    const from = isLambda && inner.length > 0 ? inner[0]!.from : node.from;
    const to = isLambda && inner.length > 0 ? inner[inner.length - 1]!.to : node.to;
    return { kind: 'arguments', ...this.base(from, to), args, defaults, vararg, kwonlyargs, kwDefaults, kwarg };
  }

  // ---- targets ------------------------------------------------------------------------------

  /**
   * Marks `e` as an assignment/deletion target (ctx) after checking it is one, with CPython's
   * messages. `candidates` are the expressions that get the "Maybe you meant '=='" suffix.
   */
  private target<T extends A.Expression>(e: T, mode: TargetMode, nested: boolean, candidates: A.Expression[] = []): T {
    const ctx: A.ExprContext = mode === 'del' ? 'Del' : 'Store';
    const verb = mode === 'del' ? 'delete' : 'assign to';
    switch (e.kind) {
      case 'Name':
      case 'Attribute':
      case 'Subscript':
        e.ctx = ctx;
        return e;
      case 'Tuple':
      case 'List': {
        e.ctx = ctx;
        let starred = 0;
        for (const elt of e.elts) {
          if (elt.kind === 'Starred') {
            if (mode === 'del') this.fail(elt.range.from, elt.range.to, 'cannot delete starred');
            starred++;
            if (starred > 1) this.fail(e.range.from, e.range.to, 'multiple starred expressions in assignment');
            elt.ctx = ctx;
            this.target(elt.value, mode, true, candidates);
          } else this.target(elt, mode, true, candidates);
        }
        return e;
      }
      case 'Starred':
        if (mode === 'del') this.fail(e.range.from, e.range.to, 'cannot delete starred');
        if (!nested) this.fail(e.range.from, e.range.to, 'starred assignment target must be in a list or tuple');
        e.ctx = ctx;
        this.target(e.value, mode, true, candidates);
        return e;
      case 'Yield':
        if (mode !== 'del') this.fail(e.range.from, e.range.to, 'assignment to yield expression not possible');
        break;
      case 'Constant':
        if (e.type === 'None' || e.type === 'bool') this.fail(e.range.from, e.range.to, `cannot ${verb} ${exprName(e)}`);
        break;
      default:
        break;
    }
    const suffix = candidates.includes(e) && mayBeComparison(e) ? " here. Maybe you meant '==' instead of '='?" : '';
    return this.fail(e.range.from, e.range.to, `cannot ${verb} ${exprName(e)}${suffix}`);
  }

  // ---- expressions --------------------------------------------------------------------------

  private identifier(node: SyntaxNode): string {
    // CPython NFKC-normalises identifiers, so `ﬁle` and `file` are the same name.
    return this.text(node).normalize('NFKC');
  }

  /** One comma-list item: an expression, or `*expr`. */
  private item(item: SyntaxNode[]): A.Expression {
    const head = item[0] ?? this.missingNode();
    if (head.name === '*') {
      const inner = item[1] ?? this.unexpected(head);
      const value = this.expr(inner);
      return { kind: 'Starred', ...this.base(head.from, inner.to), value, ctx: 'Load' };
    }
    if (item.length > 1) this.unexpected(item[1]!);
    return this.expr(head);
  }

  /** A bare comma list (statement level): one expression, or a Tuple if there is a comma. */
  private list(nodes: SyntaxNode[], owner: SyntaxNode): A.Expression {
    if (nodes.length === 0) this.unexpected(owner);
    const { items, trailingComma } = splitCommas(nodes);
    if (items.length === 1 && !trailingComma) return this.item(items[0]!);
    const elts = items.map((it) => this.item(it));
    return { kind: 'Tuple', ...this.base(nodes[0]!.from, nodes[nodes.length - 1]!.to), elts, ctx: 'Load' };
  }

  /** A comma list in a load context, where a lone `*x` is an error. */
  private loadList(nodes: SyntaxNode[], owner: SyntaxNode): A.Expression {
    const e = this.list(nodes, owner);
    this.noBareStar(e);
    return e;
  }

  private noBareStar(e: A.Expression): void {
    if (e.kind === 'Starred') this.fail(e.range.from, e.range.to, "can't use starred expression here");
  }

  expr(node: SyntaxNode): A.Expression {
    if (++this.depth > MAX_EXPRESSION_DEPTH) this.tooDeep(node.from);
    try {
      return this.exprInner(node);
    } finally {
      this.depth--;
    }
  }

  private exprInner(node: SyntaxNode): A.Expression {
    const b = this.at(node);
    switch (node.name) {
      case 'VariableName':
        return { kind: 'Name', ...b, id: this.identifier(node), ctx: 'Load' };
      case 'Number':
        return this.number(node);
      case 'String':
      case 'FormatString':
      case 'ContinuedString':
        return this.strings(node);
      case 'Ellipsis':
        return { kind: 'Constant', ...b, type: 'Ellipsis', value: null };
      case 'None':
        return { kind: 'Constant', ...b, type: 'None', value: null };
      case 'Boolean':
        return { kind: 'Constant', ...b, type: 'bool', value: this.text(node) === 'True' };
      case 'ParenthesizedExpression': {
        const k = kids(node);
        const inner = k[1] ?? this.unexpected(node);
        if (inner.name === '*') {
          this.fail(inner.from, (k[2] ?? inner).to, 'cannot use starred expression here');
        }
        if (inner.name === 'YieldExpression') return this.yieldExpr(inner);
        return this.expr(inner);
      }
      case 'TupleExpression': {
        const { items } = splitCommas(kids(node).slice(1, -1));
        return { kind: 'Tuple', ...b, elts: items.map((it) => this.item(it)), ctx: 'Load' };
      }
      case 'ArrayExpression': {
        const { items } = splitCommas(kids(node).slice(1, -1));
        return { kind: 'List', ...b, elts: items.map((it) => this.item(it)), ctx: 'Load' };
      }
      case 'SetExpression': {
        const { items } = splitCommas(kids(node).slice(1, -1));
        return { kind: 'Set', ...b, elts: items.map((it) => this.item(it)) };
      }
      case 'DictionaryExpression':
        return this.dict(node);
      case 'ComprehensionExpression':
      case 'ArrayComprehensionExpression':
      case 'SetComprehensionExpression':
      case 'DictionaryComprehensionExpression':
        return this.comprehension(node, kids(node).slice(1, -1), this.base(node.from, node.to));
      case 'CallExpression': {
        const k = kids(node);
        const func = this.expr(k[0] ?? this.unexpected(node));
        const { args, keywords } = this.callArgs(k[1] ?? this.unexpected(node), false);
        return { kind: 'Call', ...b, func, args, keywords };
      }
      case 'MemberExpression':
        return this.member(node);
      case 'UnaryExpression': {
        const k = kids(node);
        const opNode = k[0]!;
        const opText = this.text(opNode);
        return opText === 'not' ? this.booleanTest(node) : this.arithmetic(node);
      }
      case 'BinaryExpression':
        return this.binary(node);
      case 'AwaitExpression':
        return this.arithmetic(node);
      case 'YieldExpression':
        return this.yieldExpr(node);
      case 'ConditionalExpression': {
        const k = kids(node);
        if (k.length !== 5) this.unexpected(node);
        return { kind: 'IfExp', ...b, body: this.expr(k[0]!), test: this.expr(k[2]!), orelse: this.expr(k[4]!) };
      }
      case 'LambdaExpression': {
        const k = kids(node);
        const paramNode = k.find((c) => c.name === 'ParamList') ?? this.unexpected(node);
        const args = this.params(paramNode, true);
        let body: A.Expression | null = null;
        this.inside('lambda', () => {
          body = this.expr(k[k.length - 1]!);
        });
        return { kind: 'Lambda', ...b, ...scopeFields(), args, body: body! };
      }
      case 'NamedExpression': {
        const k = kids(node);
        const op = k.find((c) => c.name === 'AssignOp') ?? node;
        this.refuse(op.from, op.to, 'assignment expressions (:=) are not supported', 'assign the value on its own line first');
        return this.expr(k[k.length - 1]!);
      }
      default:
        return this.unexpected(node);
    }
  }

  private number(node: SyntaxNode): A.Constant {
    const b = this.at(node);
    const text = this.text(node);
    const clean = text.replace(/_/g, '');
    if (/[jJ]$/.test(clean)) {
      this.refuse(node.from, node.to, 'complex numbers are not supported');
      return { kind: 'Constant', ...b, type: 'float', value: 0 };
    }
    if (/^0[xXoObB]/.test(clean) || !/[.eE]/.test(clean)) {
      const big = BigInt(/^0[xXoObB]/.test(clean) ? clean.slice(0, 2).toLowerCase() + clean.slice(2) : clean);
      const small = Number(big);
      return { kind: 'Constant', ...b, type: 'int', value: Number.isSafeInteger(small) ? small : big };
    }
    return { kind: 'Constant', ...b, type: 'float', value: Number(clean) };
  }

  private member(node: SyntaxNode): A.Attribute | A.Subscript {
    const k = kids(node);
    const b = this.at(node);
    const value = this.expr(k[0] ?? this.unexpected(node));
    if (k[1]?.name === '.') {
      const prop = k[2] ?? this.unexpected(node);
      return { kind: 'Attribute', ...b, value, attr: this.identifier(prop), ctx: 'Load' };
    }
    if (k[1]?.name !== '[') this.unexpected(node);
    // Lezer flattens the subscript: split on ',' into elements and on ':' into slice parts.
    const inner = k.slice(2, -1);
    const elements: { parts: (SyntaxNode | ':')[]; from: number; to: number }[] = [];
    let cur: { parts: (SyntaxNode | ':')[]; from: number; to: number } | null = null;
    let trailingComma = false;
    for (const c of inner) {
      if (c.name === ',') {
        if (cur) elements.push(cur);
        cur = null;
        trailingComma = true;
        continue;
      }
      trailingComma = false;
      if (!cur) cur = { parts: [], from: c.from, to: c.to };
      cur.parts.push(c.name === ':' ? ':' : c);
      cur.to = c.to;
    }
    if (cur) elements.push(cur);
    const elts = elements.map((el): A.Expression => {
      if (!el.parts.includes(':')) {
        if (el.parts.length !== 1) this.unexpected(el.parts[1] as SyntaxNode);
        return this.expr(el.parts[0] as SyntaxNode);
      }
      const segs: (SyntaxNode | null)[] = [null];
      for (const p of el.parts) {
        if (p === ':') segs.push(null);
        else if (segs[segs.length - 1] === null) segs[segs.length - 1] = p;
        else this.unexpected(p);
      }
      if (segs.length > 3) this.fail(el.from, el.to, 'invalid syntax');
      const part = (n: SyntaxNode | null | undefined): A.Expression | null => (n ? this.expr(n) : null);
      return { kind: 'Slice', ...this.base(el.from, el.to), lower: part(segs[0]), upper: part(segs[1]), step: part(segs[2]) };
    });
    if (elts.length === 0) this.unexpected(node);
    const slice: A.Expression =
      elts.length === 1 && !trailingComma
        ? elts[0]!
        : { kind: 'Tuple', ...this.base(inner[0]!.from, inner[inner.length - 1]!.to), elts, ctx: 'Load' };
    return { kind: 'Subscript', ...b, value, slice, ctx: 'Load' };
  }

  private dict(node: SyntaxNode): A.Dict {
    const { items } = splitCommas(kids(node).slice(1, -1));
    const keys: (A.Expression | null)[] = [];
    const values: A.Expression[] = [];
    for (const item of items) {
      if (item[0]!.name === '**') {
        keys.push(null);
        values.push(this.expr(item[1] ?? this.unexpected(item[0]!)));
      } else {
        if (item.length !== 3 || item[1]!.name !== ':') this.unexpected(item[item.length - 1]!);
        keys.push(this.expr(item[0]!));
        values.push(this.expr(item[2]!));
      }
    }
    return { kind: 'Dict', ...this.at(node), keys, values };
  }

  /** The four comprehension forms; `nodes` are the children between the brackets. */
  private comprehension(node: SyntaxNode, nodes: SyntaxNode[], b: A.NodeBase): A.Expression {
    const compStart = nodes.findIndex((c) => c.name === 'for' || c.name === 'async');
    if (compStart < 0) this.unexpected(node);
    const head = nodes.slice(0, compStart);
    const kind = node.name;
    // The first iterable is evaluated in the enclosing scope; everything else inside.
    const clauses = this.compClauses(nodes, compStart);
    const generators: A.Comprehension[] = [];
    let first = true;
    for (const clause of clauses) {
      const iter = first ? this.expr(clause.iter) : null;
      first = false;
      generators.push({
        kind: 'comprehension',
        ...this.base(clause.from, clause.to),
        target: null as unknown as A.Expression,
        iter: iter as A.Expression,
        ifs: [],
        isAsync: clause.isAsync,
      });
    }
    let result: A.Expression | null = null;
    this.inside('comp', () => {
      clauses.forEach((clause, i) => {
        const g = generators[i]!;
        g.target = this.target(this.list(clause.targets, node), 'comprehension', false);
        if (i > 0) g.iter = this.expr(clause.iter);
        g.ifs = clause.ifs.map((c) => this.expr(c));
      });
      const common = { ...b, ...scopeFields(), generators, isAsync: false };
      if (kind === 'DictionaryComprehensionExpression') {
        if (head[0]?.name === '**') this.fail(head[0].from, head[head.length - 1]!.to, 'dict unpacking cannot be used in dict comprehension');
        if (head.length !== 3 || head[1]!.name !== ':') this.unexpected(node);
        result = { kind: 'DictComp', ...common, key: this.expr(head[0]!), value: this.expr(head[2]!) };
        return;
      }
      if (head[0]?.name === '*') this.fail(head[0].from, head[head.length - 1]!.to, 'iterable unpacking cannot be used in comprehension');
      if (head.length !== 1) this.unexpected(node);
      const elt = this.expr(head[0]!);
      const compKind = kind === 'ArrayComprehensionExpression' ? 'ListComp' : kind === 'SetComprehensionExpression' ? 'SetComp' : 'GeneratorExp';
      result = { kind: compKind, ...common, elt };
    });
    return result!;
  }

  private compClauses(
    nodes: SyntaxNode[],
    start: number,
  ): { targets: SyntaxNode[]; iter: SyntaxNode; ifs: SyntaxNode[]; isAsync: boolean; from: number; to: number }[] {
    const clauses: { targets: SyntaxNode[]; iter: SyntaxNode; ifs: SyntaxNode[]; isAsync: boolean; from: number; to: number }[] = [];
    let i = start;
    while (i < nodes.length) {
      const c = nodes[i]!;
      if (c.name === 'async' || c.name === 'for') {
        const isAsync = c.name === 'async';
        if (isAsync) i++;
        if (nodes[i]?.name !== 'for') this.unexpected(nodes[i] ?? c);
        i++;
        const targets: SyntaxNode[] = [];
        while (i < nodes.length && nodes[i]!.name !== 'in') targets.push(nodes[i++]!);
        i++;
        const iter = nodes[i] ?? this.unexpected(c);
        i++;
        clauses.push({ targets, iter, ifs: [], isAsync, from: c.from, to: iter.to });
      } else if (c.name === 'if') {
        const cond = nodes[i + 1] ?? this.unexpected(c);
        const last = clauses[clauses.length - 1] ?? this.unexpected(c);
        last.ifs.push(cond);
        last.to = cond.to;
        i += 2;
      } else this.unexpected(c);
    }
    return clauses;
  }

  /** Arguments of a call (or a class's base list), with CPython's ordering rules. */
  private callArgs(argList: SyntaxNode, isClass: boolean): { args: A.Expression[]; keywords: A.Keyword[] } {
    const inner = kids(argList).filter((c) => c.name !== '(' && c.name !== ')');
    const args: A.Expression[] = [];
    const keywords: A.Keyword[] = [];
    const compIndex = inner.findIndex((c) => c.name === 'for' || c.name === 'async');
    if (compIndex >= 0) {
      // f(x for x in y): a generator expression as the sole argument.
      const { items, trailingComma } = splitCommas(inner);
      const genItem = items.find((it) => it.some((c) => c.name === 'for' || c.name === 'async'))!;
      if (genItem[1]?.name === 'AssignOp') {
        this.fail(genItem[0]!.from, genItem[1].to, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
      }
      if (items.length > 1 || trailingComma || isClass) {
        this.fail(genItem[0]!.from, genItem[genItem.length - 1]!.to, 'Generator expression must be parenthesized');
      }
      args.push(this.comprehension(argList, genItem, this.at(argList)));
      return { args, keywords };
    }
    const { items } = splitCommas(inner);
    const names = new Set<string>();
    let sawKeyword = false;
    let sawDoubleStar = false;
    for (const item of items) {
      const head = item[0]!;
      const last = item[item.length - 1]!;
      if (head.name === '**') {
        const value = this.expr(item[1] ?? this.unexpected(head));
        keywords.push({ kind: 'keyword', ...this.base(head.from, last.to), arg: null, value });
        sawDoubleStar = true;
      } else if (head.name === '*') {
        if (sawDoubleStar) this.fail(head.from, last.to, 'iterable argument unpacking follows keyword argument unpacking');
        args.push(this.item(item));
      } else if (item[1]?.name === 'AssignOp') {
        const valueNode = item[2] ?? this.unexpected(item[1]);
        if (this.text(item[1]) === ':=') {
          this.refuse(item[1].from, item[1].to, 'assignment expressions (:=) are not supported', 'assign the value on its own line first');
          args.push(this.expr(valueNode));
          continue;
        }
        const name = this.identifier(head);
        if (names.has(name)) this.fail(head.from, last.to, `keyword argument repeated: ${name}`);
        names.add(name);
        keywords.push({ kind: 'keyword', ...this.base(head.from, last.to), arg: name, value: this.expr(valueNode) });
        sawKeyword = true;
      } else {
        if (item.length !== 1) this.unexpected(item[1]!);
        if (sawDoubleStar) this.fail(head.from, head.to, 'positional argument follows keyword argument unpacking');
        if (sawKeyword) this.fail(head.from, head.to, 'positional argument follows keyword argument');
        args.push(this.expr(head));
      }
    }
    return { args, keywords };
  }

  private binary(node: SyntaxNode): A.Expression {
    const k = kids(node);
    const b = this.at(node);
    const left = k[0] ?? this.unexpected(node);
    const ops = k.slice(1, -1);
    const right = k[k.length - 1]!;
    if (ops.length === 0) this.unexpected(node);
    const opText = ops.map((o) => this.text(o)).join(' ');

    if (opText === 'and' || opText === 'or') return this.booleanTest(node);

    const cmp = this.compareOp(ops);
    if (cmp) {
      // Flatten `a < b < c` (Lezer nests it to the left) into one Compare.
      const cmpOps: A.CmpOperator[] = [];
      const operands: SyntaxNode[] = [];
      const collect = (n: SyntaxNode): void => {
        if (n.name === 'BinaryExpression') {
          const nk = kids(n);
          const inner = this.compareOp(nk.slice(1, -1));
          if (inner) {
            collect(nk[0]!);
            cmpOps.push(inner);
            operands.push(nk[nk.length - 1]!);
            return;
          }
        }
        operands.push(n);
      };
      collect(left);
      cmpOps.push(cmp);
      operands.push(right);
      for (const o of operands) {
        // Lezer lets `not` appear as a comparison operand; CPython does not.
        if (o.name === 'UnaryExpression' && kids(o)[0]?.name === 'not') this.fail(o.from, o.from + 3, 'invalid syntax');
      }
      const [first, ...rest] = operands.map((o) => this.expr(o));
      return { kind: 'Compare', ...b, left: first!, ops: cmpOps, comparators: rest };
    }

    if (BIN_OPS.has(opText) || opText === '@') return this.arithmetic(node);
    return this.fail(ops[0]!.from, ops[ops.length - 1]!.to, 'invalid syntax');
  }

  /**
   * `and`, `or` and `not`. Lezer's grammar gives `not` no precedence, so it swallows everything
   * to its right: `not a and b` comes out as `not (a and b)`. Flatten the unparenthesised
   * and/or/not run into a sequence and parse it again with Python's precedence
   * (or < and < not); comparisons and anything tighter are operands. Same-operator runs become
   * one BoolOp, as in CPython.
   */
  private booleanTest(node: SyntaxNode): A.Expression {
    type Tok = { op: 'and' | 'or' | 'not'; from: number } | { atom: SyntaxNode };
    const toks: Tok[] = [];
    // Iterative, because a long `a and b and c ...` chain nests as deep as it is long.
    const stack: (SyntaxNode | Tok)[] = [node];
    while (stack.length > 0) {
      const item = stack.pop()!;
      if (!('name' in item)) {
        toks.push(item);
        continue;
      }
      const n = item;
      const k = n.name === 'BinaryExpression' || n.name === 'UnaryExpression' ? kids(n) : [];
      const op = k.length > 0 ? this.text(n.name === 'UnaryExpression' ? k[0]! : k[1]!) : '';
      if (n.name === 'BinaryExpression' && k.length === 3 && (op === 'and' || op === 'or')) {
        stack.push(k[2]!, { op, from: k[1]!.from }, k[0]!);
      } else if (n.name === 'UnaryExpression' && op === 'not' && k.length === 2) {
        stack.push(k[1]!, { op: 'not', from: k[0]!.from });
      } else {
        toks.push({ atom: n });
      }
    }
    let i = 0;
    const peek = (op: string): boolean => {
      const t = toks[i];
      return t !== undefined && 'op' in t && t.op === op;
    };
    // Results carry their source extent, which includes any parentheses around the operands
    // (CPython's positions do, and an operand's own node does not).
    const parseNot = (): Operand => {
      const starts: number[] = [];
      while (peek('not')) {
        starts.push((toks[i] as { from: number }).from);
        i++;
        if (starts.length > MAX_EXPRESSION_DEPTH) this.tooDeep(starts[0]!);
      }
      const t = toks[i++];
      if (!t || !('atom' in t)) return this.unexpected(node);
      let e = this.expr(t.atom);
      for (let j = starts.length - 1; j >= 0; j--) {
        e = { kind: 'UnaryOp', ...this.base(starts[j]!, t.atom.to), op: 'Not', operand: e };
      }
      return { e, from: starts[0] ?? t.atom.from, to: t.atom.to };
    };
    const parseRun = (op: 'and' | 'or', operand: () => Operand): Operand => {
      const values = [operand()];
      while (peek(op)) {
        i++;
        values.push(operand());
      }
      const first = values[0]!;
      if (values.length === 1) return first;
      const to = values[values.length - 1]!.to;
      const e: A.BoolOp = { kind: 'BoolOp', ...this.base(first.from, to), op: op === 'and' ? 'And' : 'Or', values: values.map((v) => v.e) };
      return { e, from: first.from, to };
    };
    const result = parseRun('or', () => parseRun('and', parseNot));
    if (i !== toks.length) this.unexpected(node);
    return result.e;
  }

  /**
   * Arithmetic, bitwise, unary `+ - ~` and `await`. Lezer's grammar lets `await` (which has no
   * precedence there) take a whole operator expression as its operand: `await a + b` comes out
   * as `await (a + b)`, where Python means `(await a) + b`, and the misplacement leaks into the
   * operators around it (`x - await a << b`). So, as for and/or/not: flatten the unparenthesised
   * run into tokens, in source order, and parse it again with Python's grammar:
   *   bitor > xor > and > shift > sum > term > factor (+ - ~) > power (**) > await > primary.
   * Long left-associative chains are built in a loop, not by recursion.
   */
  private arithmetic(node: SyntaxNode): A.Expression {
    type Op = { op: string; kind: 'binary' | 'prefix' | 'await'; from: number; to: number };
    type Tok = Op | { atom: SyntaxNode };
    const toks: Tok[] = [];
    const stack: (SyntaxNode | Tok)[] = [node];
    while (stack.length > 0) {
      const item = stack.pop()!;
      if (!('name' in item)) {
        toks.push(item);
        continue;
      }
      const n = item;
      if (n.name === 'BinaryExpression' || n.name === 'UnaryExpression' || n.name === 'AwaitExpression') {
        const k = kids(n);
        if (n.name === 'BinaryExpression') {
          const ops = k.slice(1, -1);
          const text = ops.map((o) => this.text(o)).join(' ');
          if (ops.length > 0 && (BIN_OPS.has(text) || text === '@')) {
            stack.push(k[k.length - 1]!, { op: text, kind: 'binary', from: ops[0]!.from, to: ops[ops.length - 1]!.to }, k[0]!);
            continue;
          }
        } else if (k.length === 2) {
          const text = this.text(k[0]!);
          if (n.name === 'AwaitExpression' || text !== 'not') {
            stack.push(k[1]!, { op: text, kind: n.name === 'AwaitExpression' ? 'await' : 'prefix', from: k[0]!.from, to: k[0]!.to });
            continue;
          }
        }
      }
      toks.push({ atom: n });
    }

    let i = 0;
    const peekOp = (): Op | null => {
      const t = toks[i];
      return t && 'op' in t ? t : null;
    };
    const primary = (): Operand => {
      const t = toks[i];
      if (!t || !('atom' in t)) {
        // `await -x`, `await await x`: CPython's await takes a primary, nothing looser.
        const span: { from: number; to: number } = t ?? { from: node.to, to: node.to };
        return this.fail(span.from, span.to, 'invalid syntax');
      }
      i++;
      return { e: this.expr(t.atom), from: t.atom.from, to: t.atom.to };
    };
    const awaitPrimary = (): Operand => {
      const t = peekOp();
      if (t && t.kind === 'await') {
        i++;
        const operand = primary();
        return { e: { kind: 'Await', ...this.base(t.from, operand.to), value: operand.e }, from: t.from, to: operand.to };
      }
      return primary();
    };
    const binop = (left: Operand, op: A.BinOperator, right: Operand): Operand => ({
      e: { kind: 'BinOp', ...this.base(left.from, right.to), left: left.e, op, right: right.e },
      from: left.from,
      to: right.to,
    });
    const factor = (): Operand => {
      const prefixes: Op[] = [];
      for (let t = peekOp(); t && t.kind === 'prefix'; t = peekOp()) {
        prefixes.push(t);
        i++;
        if (prefixes.length > MAX_EXPRESSION_DEPTH) this.tooDeep(prefixes[0]!.from);
      }
      let result = power();
      for (let j = prefixes.length - 1; j >= 0; j--) {
        const p = prefixes[j]!;
        const op: A.UnaryOperator = p.op === '-' ? 'USub' : p.op === '+' ? 'UAdd' : 'Invert';
        result = { e: { kind: 'UnaryOp', ...this.base(p.from, result.to), op, operand: result.e }, from: p.from, to: result.to };
      }
      return result;
    };
    const power = (): Operand => {
      const base = awaitPrimary();
      const t = peekOp();
      if (t && t.kind === 'binary' && t.op === '**') {
        i++;
        return binop(base, 'Pow', factor());
      }
      return base;
    };
    const binary = (minLevel: number): Operand => {
      let left = factor();
      for (;;) {
        const t = peekOp();
        if (!t || t.kind !== 'binary' || t.op === '**') break;
        const level = BIN_LEVEL.get(t.op) ?? 6;
        if (level < minLevel) break;
        i++;
        const right = binary(level + 1);
        const op = BIN_OPS.get(t.op);
        if (!op) {
          this.refuse(t.from, t.to, 'the @ operator (matrix multiplication) is not supported');
          continue;
        }
        left = binop(left, op, right);
      }
      return left;
    };
    const result = binary(1);
    if (i !== toks.length) this.unexpected(node);
    return result.e;
  }

  private tooDeep(at: number): never {
    throw new Failure(
      unsupported(at, at + 1, 'this expression is nested too deeply', `the limit is ${MAX_EXPRESSION_DEPTH} levels`),
    );
  }

  private compareOp(ops: SyntaxNode[]): A.CmpOperator | null {
    if (ops.length === 0) return null;
    const text = ops.map((o) => this.text(o)).join(' ');
    if (ops[0]!.name === 'CompareOp') return CMP_OPS.get(text) ?? null;
    switch (text) {
      case 'in':
        return 'In';
      case 'not in':
        return 'NotIn';
      case 'is':
        return 'Is';
      case 'is not':
        return 'IsNot';
      default:
        return null;
    }
  }

  private yieldExpr(node: SyntaxNode): A.Yield {
    const k = kids(node);
    const b = this.at(node);
    const isFrom = k[1]?.name === 'from';
    const where = this.enclosing();
    if (isFrom) {
      const kw = k[1]!;
      const value = this.expr(k[2] ?? this.unexpected(kw));
      if (where === 'async') this.fail(node.from, node.to, "'yield from' inside async function");
      if (where === 'def' || where === 'lambda') {
        this.refuse(node.from, kw.to, 'generators are not supported', 'use a list');
      }
      // Elsewhere (module, class, comprehension) the scope pass reports it like a plain yield.
      return { kind: 'Yield', ...b, value };
    }
    const rest = k.slice(1);
    const value = rest.length > 0 ? this.list(rest, node) : null;
    if (value) this.noBareStar(value);
    return { kind: 'Yield', ...b, value };
  }

  // ---- strings ------------------------------------------------------------------------------

  private token(node: SyntaxNode): StringToken {
    const t = this.scanned.strings.get(node.from);
    // The tokenizer pass and Lezer must agree on where a string ends; if not, the source uses a
    // form only one of them understands.
    if (!t || t.end !== node.to) this.fail(node.from, node.to, 'invalid syntax');
    return t;
  }

  private strings(node: SyntaxNode): A.Constant | A.JoinedStr {
    const parts = node.name === 'ContinuedString' ? kids(node) : [node];
    const values: (A.StrConstant | A.FormattedValue)[] = [];
    let joined = false;
    for (const part of parts) {
      const t = this.token(part);
      if (t.bytes) {
        this.refuse(part.from, part.to, 'bytes literals are not supported', 'use a str');
        continue;
      }
      if (part.name === 'FormatString') {
        joined = true;
        this.fstringParts(part, t, values);
      } else if (part.name === 'String') {
        this.pushLiteral(values, this.decode(t.bodyStart, t.bodyEnd, t.raw, false), part.from, part.to);
      } else this.unexpected(part);
    }
    const b = this.at(node);
    if (joined) return { kind: 'JoinedStr', ...b, values };
    const value = values.map((v) => (v.kind === 'Constant' ? v.value : '')).join('');
    return { kind: 'Constant', ...b, type: 'str', value };
  }

  /** Appends a literal piece, merging with a preceding one (CPython merges adjacent pieces). */
  private pushLiteral(values: (A.StrConstant | A.FormattedValue)[], text: string, from: number, to: number): void {
    if (text === '') return;
    const last = values[values.length - 1];
    if (last && last.kind === 'Constant') {
      last.value += text;
      last.range = { from: last.range.from, to };
      return;
    }
    values.push({ kind: 'Constant', ...this.base(from, to), type: 'str', value: text });
  }

  private fstringParts(node: SyntaxNode, t: StringToken, values: (A.StrConstant | A.FormattedValue)[]): void {
    let litStart = t.bodyStart;
    for (const c of kids(node)) {
      if (c.name !== 'FormatReplacement') continue;
      this.pushLiteral(values, this.decode(litStart, c.from, t.raw, true), litStart, c.from);
      this.replacement(c, t, values);
      litStart = c.to;
    }
    this.pushLiteral(values, this.decode(litStart, t.bodyEnd, t.raw, true), litStart, t.bodyEnd);
  }

  private replacement(node: SyntaxNode, t: StringToken, values: (A.StrConstant | A.FormattedValue)[]): void {
    const exprEnd = t.fields?.get(node.from);
    const k = kids(node);
    const close = k[k.length - 1];
    if (exprEnd === undefined || !close || close.name !== '}') this.fail(node.from, node.to, 'f-string: invalid syntax');
    const selfDoc = k.find((c) => c.name === 'FormatSelfDoc');
    const convNode = k.find((c) => c.name === 'FormatConversion');
    const specNode = k.find((c) => c.name === 'FormatSpec');
    const exprNodes = k.filter(
      (c) => c.name !== '{' && c.name !== '}' && c !== selfDoc && c !== convNode && c !== specNode,
    );
    if (exprNodes.length === 0) this.fail(node.from, node.to, 'f-string: empty expression not allowed');
    // Both tokenizers must agree on where the expression ends (CPython 3.11 cuts it at the first
    // top-level ':', '!' or '=' — a lambda, for one, must be parenthesised).
    const lastExprEnd = exprNodes[exprNodes.length - 1]!.to;
    if (lastExprEnd > exprEnd || this.src.slice(lastExprEnd, exprEnd).trim() !== '') {
      this.fail(node.from, node.to, 'f-string: invalid syntax');
    }
    let value: A.Expression;
    if (exprNodes.length === 1 && exprNodes[0]!.name === 'YieldExpression') value = this.yieldExpr(exprNodes[0]!);
    else value = this.loadList(exprNodes, node);
    let conversion: 'r' | 's' | null = null;
    if (convNode) {
      const ch = this.text(convNode).slice(1);
      if (ch === 'a') this.refuse(convNode.from, convNode.to, 'the !a conversion is not supported', 'use !r');
      conversion = ch === 's' ? 's' : 'r';
    }
    let formatSpec: A.JoinedStr | null = null;
    if (specNode) {
      const specValues: (A.StrConstant | A.FormattedValue)[] = [];
      let litStart = specNode.from + 1;
      for (const c of kids(specNode)) {
        if (c.name !== 'FormatReplacement') continue;
        this.pushLiteral(specValues, this.decode(litStart, c.from, t.raw, true), litStart, c.from);
        this.replacement(c, t, specValues);
        litStart = c.to;
      }
      this.pushLiteral(specValues, this.decode(litStart, specNode.to, t.raw, true), litStart, specNode.to);
      formatSpec = { kind: 'JoinedStr', ...this.base(specNode.from + 1, specNode.to), values: specValues };
    }
    if (selfDoc) {
      // f"{x=}" is "x=" followed by repr(x), unless a conversion or format spec says otherwise.
      const textEnd = convNode?.from ?? specNode?.from ?? close.from;
      this.pushLiteral(values, this.src.slice(node.from + 1, textEnd), node.from + 1, textEnd);
      if (!convNode && !specNode) conversion = 'r';
    }
    values.push({ kind: 'FormattedValue', ...this.at(node), value, conversion, formatSpec });
  }

  /** The value of a string body: escapes (unless raw) and, in f-strings, doubled braces. */
  private decode(from: number, to: number, raw: boolean, format: boolean): string {
    const src = this.src;
    let out = '';
    let p = from;
    while (p < to) {
      const c = src[p]!;
      if (format && (c === '{' || c === '}') && src[p + 1] === c) {
        out += c;
        p += 2;
        continue;
      }
      if (c === '\r') {
        // Universal newlines: the string holds '\n' whatever the file's line endings.
        out += '\n';
        p += src[p + 1] === '\n' ? 2 : 1;
        continue;
      }
      if (c !== '\\' || raw) {
        if (c === '\\' && raw && p + 1 < to) {
          // A raw string keeps the backslash and the character after it, even a quote.
          out += src[p + 1] === '\r' ? '\\\n' : c + src[p + 1]!;
          p += src[p + 1] === '\r' && src[p + 2] === '\n' ? 3 : 2;
          continue;
        }
        out += c;
        p++;
        continue;
      }
      const e = src[p + 1] ?? '';
      const escStart = p;
      p += 2;
      switch (e) {
        case '\n':
          break;
        case '\r':
          if (src[p] === '\n') p++;
          break;
        case '\\':
        case "'":
        case '"':
          out += e;
          break;
        case 'a':
          out += '\x07';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'v':
          out += '\v';
          break;
        case 'x':
        case 'u':
        case 'U': {
          const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
          const digits = src.slice(p, Math.min(p + len, to));
          const match = /^[0-9a-fA-F]*/.exec(digits)![0];
          const rel = escStart - from;
          if (match.length < len) {
            const what = e === 'x' ? '\\xXX' : e === 'u' ? '\\uXXXX' : '\\UXXXXXXXX';
            this.fail(
              escStart,
              p + match.length,
              `(unicode error) 'unicodeescape' codec can't decode bytes in position ${rel}-${rel + 1 + match.length}: truncated ${what} escape`,
            );
          }
          const cp = parseInt(match, 16);
          if (cp > 0x10ffff) {
            this.fail(
              escStart,
              p + len,
              `(unicode error) 'unicodeescape' codec can't decode bytes in position ${rel}-${rel + 1 + len}: illegal Unicode character`,
            );
          }
          out += String.fromCodePoint(cp);
          p += len;
          break;
        }
        case 'N': {
          const close = src.indexOf('}', p);
          const end = src[p] === '{' && close >= 0 && close < to ? close + 1 : p;
          this.refuse(escStart, end, '\\N{...} escapes are not supported', 'use \\uXXXX with the character\'s code point');
          p = end;
          break;
        }
        default:
          if (e >= '0' && e <= '7') {
            let digits = e;
            while (digits.length < 3 && p < to && src[p]! >= '0' && src[p]! <= '7') digits += src[p++];
            out += String.fromCodePoint(parseInt(digits, 8));
          } else {
            // Unknown escapes keep their backslash (CPython only warns).
            out += '\\' + e;
          }
      }
    }
    return out;
  }
}

function docstringOf(body: A.Statement[]): string | null {
  const first = body[0];
  if (first && first.kind === 'Expr' && first.value.kind === 'Constant' && first.value.type === 'str') return first.value.value;
  return null;
}

function endOf(stmts: A.Statement[] | A.ExceptHandler[]): number {
  const last = stmts[stmts.length - 1];
  return last ? last.range.to : 0;
}

function trimEnd(src: string, from: number, to: number): number {
  let e = to;
  while (e > from && /\s/.test(src[e - 1]!)) e--;
  return e;
}

/** First character after `pos` that is not whitespace or part of a comment. */
function nextTokenStart(src: string, pos: number): number {
  let p = pos;
  for (;;) {
    while (p < src.length && /\s/.test(src[p]!)) p++;
    if (src[p] === '#') {
      while (p < src.length && src[p] !== '\n' && src[p] !== '\r') p++;
      continue;
    }
    return p;
  }
}

// =============================================================================================
// 4. Scopes and context checks
// =============================================================================================

type ScopeKind = 'module' | 'class' | 'function' | 'lambda' | 'comprehension';

interface Scope {
  kind: ScopeKind;
  node: A.Module | A.ClassDef | A.FunctionDef | A.AsyncFunctionDef | A.Lambda | A.ListComp | A.SetComp | A.DictComp | A.GeneratorExp;
  isAsync: boolean;
  parent: Scope | null;
  children: Scope[];
  params: Set<string>;
  /** Insertion-ordered: parameters first, then names in order of first binding. */
  bound: Set<string>;
  used: Set<string>;
  /** Names with a variable annotation (`x: int`), which CPython forbids to declare global. */
  annotated: Set<string>;
  globals: Map<string, A.Global>;
  nonlocals: Map<string, A.Nonlocal>;
  returnsWithValue: A.Return[];
  hasYield: boolean;
}

interface WalkContext {
  scope: Scope;
  inLoop: boolean;
  /** Inside an except* handler, and not inside a loop started within it. */
  inExceptStar: boolean;
}

function newScope(kind: ScopeKind, node: Scope['node'], parent: Scope | null, isAsync = false): Scope {
  const s: Scope = {
    kind,
    node,
    isAsync,
    parent,
    children: [],
    params: new Set(),
    bound: new Set(),
    used: new Set(),
    annotated: new Set(),
    globals: new Map(),
    nonlocals: new Map(),
    returnsWithValue: [],
    hasYield: false,
  };
  parent?.children.push(s);
  return s;
}

const COMPREHENSION_NAMES: Readonly<Record<string, string>> = {
  ListComp: 'list comprehension',
  SetComp: 'set comprehension',
  DictComp: 'dict comprehension',
  GeneratorExp: 'generator expression',
};

/** Fills in ScopeInfo everywhere; throws Failure for syntax errors, returns the first refusal. */
function analyzeScopes(module: A.Module): Problem | null {
  let refusal: Problem | null = null;
  const refuse = (node: A.NodeBase, message: string, hint?: string, to?: number): void => {
    if (!refusal || node.range.from < refusal.from) refusal = unsupported(node.range.from, to ?? node.range.to, message, hint);
  };
  // Errors of CPython's symtable pass are thrown at once; those of its compiler pass (what may
  // appear where: await, yield, return, break...) only count if the symtable pass found nothing.
  const fail = (node: A.NodeBase, message: string, to?: number): never => {
    throw new Failure(syntax(node.range.from, to ?? node.range.to, message));
  };
  const compile: { error: Problem | null } = { error: null };
  const late = (node: A.NodeBase, message: string, to?: number): void => {
    compile.error ??= syntax(node.range.from, to ?? node.range.to, message);
  };

  const bind = (s: Scope, name: string): void => {
    s.bound.add(name);
  };

  const functionLike = (s: Scope): boolean => s.kind === 'function' || s.kind === 'lambda' || s.kind === 'comprehension';

  /** The nearest scope that is not a comprehension, and the comprehensions crossed on the way. */
  const enclosingNonComp = (s: Scope): { scope: Scope; comps: Scope[] } => {
    const comps: Scope[] = [];
    let cur = s;
    while (cur.kind === 'comprehension' && cur.parent) {
      comps.push(cur);
      cur = cur.parent;
    }
    return { scope: cur, comps };
  };

  const asyncComprehension = (ctx: WalkContext): void => {
    // `await` or `async for` inside comprehensions makes each one crossed asynchronous. A list,
    // set or dict comprehension then needs an enclosing `async def`; a generator expression
    // becomes an async generator (valid anywhere, but outside the subset) and shields the
    // comprehensions around it.
    const { scope, comps } = enclosingNonComp(ctx.scope);
    for (const c of comps) {
      const node = c.node as A.ListComp | A.SetComp | A.DictComp | A.GeneratorExp;
      node.isAsync = true;
      if (node.kind === 'GeneratorExp') {
        refuse(node, 'asynchronous generator expressions are not supported', 'use a list comprehension: [... async for ...] or [await ... for ...]');
        return;
      }
    }
    if (!(scope.kind === 'function' && scope.isAsync)) {
      const outer = comps[comps.length - 1]!;
      late(outer.node, 'asynchronous comprehension outside of an asynchronous function');
    }
  };

  const visitArgs = (args: A.Arguments, ctx: WalkContext): void => {
    // Defaults and annotations are evaluated where the function is defined.
    for (const a of [...args.args, ...args.kwonlyargs, args.vararg, args.kwarg]) {
      if (a?.annotation) visitExpr(a.annotation, ctx);
    }
    for (const d of args.defaults) visitExpr(d, ctx);
    for (const d of args.kwDefaults) if (d) visitExpr(d, ctx);
  };

  const bindParams = (s: Scope, args: A.Arguments): void => {
    for (const a of [...args.args, args.vararg, ...args.kwonlyargs, args.kwarg]) {
      if (!a) continue;
      if (s.params.has(a.arg)) fail(a, `duplicate argument '${a.arg}' in function definition`, a.range.from + a.arg.length);
      s.params.add(a.arg);
      s.bound.add(a.arg);
    }
  };

  const visitTarget = (e: A.Expression, ctx: WalkContext): void => {
    switch (e.kind) {
      case 'Name':
        bind(ctx.scope, e.id);
        return;
      case 'Tuple':
      case 'List':
        for (const x of e.elts) visitTarget(x, ctx);
        return;
      case 'Starred':
        visitTarget(e.value, ctx);
        return;
      default:
        visitExpr(e, ctx);
    }
  };

  const visitExpr = (e: A.Expression, ctx: WalkContext): void => {
    const s = ctx.scope;
    switch (e.kind) {
      case 'Name':
        if (e.ctx === 'Load') s.used.add(e.id);
        else bind(s, e.id);
        return;
      case 'Await': {
        const { scope, comps } = enclosingNonComp(s);
        if (comps.length > 0) asyncComprehension(ctx);
        else if (scope.kind === 'module' || scope.kind === 'class') late(e, "'await' outside function");
        else if (!(scope.kind === 'function' && scope.isAsync)) late(e, "'await' outside async function");
        visitExpr(e.value, ctx);
        return;
      }
      case 'Yield': {
        if (s.kind === 'comprehension') fail(e, `'yield' inside ${COMPREHENSION_NAMES[s.node.kind]}`);
        if (s.kind === 'module' || s.kind === 'class') late(e, "'yield' outside function");
        else if (s.kind === 'lambda') refuse(e, 'generators are not supported', 'use a list');
        else if (!s.isAsync) refuse(e, 'generators are not supported', 'use a list', e.range.from + 5);
        else s.hasYield = true;
        if (e.value) visitExpr(e.value, ctx);
        return;
      }
      case 'Lambda': {
        visitArgs(e.args, ctx);
        const inner = newScope('lambda', e, s);
        bindParams(inner, e.args);
        visitExpr(e.body, { scope: inner, inLoop: false, inExceptStar: false });
        return;
      }
      case 'ListComp':
      case 'SetComp':
      case 'DictComp':
      case 'GeneratorExp': {
        const inner = newScope('comprehension', e, s);
        const innerCtx: WalkContext = { scope: inner, inLoop: false, inExceptStar: false };
        e.generators.forEach((g, i) => {
          if (i > 0) visitExpr(g.iter, innerCtx);
          visitTarget(g.target, innerCtx);
          if (g.isAsync) asyncComprehension(innerCtx);
          for (const cond of g.ifs) visitExpr(cond, innerCtx);
        });
        if (e.kind === 'DictComp') {
          visitExpr(e.key, innerCtx);
          visitExpr(e.value, innerCtx);
        } else visitExpr(e.elt, innerCtx);
        // The first iterable belongs to the enclosing scope; CPython compiles it after the
        // comprehension's body, which decides which of two errors is reported.
        visitExpr(e.generators[0]!.iter, ctx);
        return;
      }
      default:
        forEachExprChild(e, (c) => visitExpr(c, ctx));
    }
  };

  const visitBody = (stmts: A.Statement[], ctx: WalkContext): void => {
    for (const st of stmts) visitStmt(st, ctx);
  };

  const declare = (st: A.Global | A.Nonlocal, ctx: WalkContext): void => {
    const s = ctx.scope;
    const word = st.kind === 'Global' ? 'global' : 'nonlocal';
    if (st.kind === 'Nonlocal' && s.kind === 'module') fail(st, 'nonlocal declaration not allowed at module level');
    for (const name of st.names) {
      if (s.params.has(name)) fail(st, `name '${name}' is parameter and ${word}`);
      if (s.used.has(name)) fail(st, `name '${name}' is used prior to ${word} declaration`);
      if (s.annotated.has(name)) fail(st, `annotated name '${name}' can't be ${word}`);
      if (s.bound.has(name)) fail(st, `name '${name}' is assigned to before ${word} declaration`);
      if (st.kind === 'Global') {
        if (s.nonlocals.has(name)) fail(st, `name '${name}' is nonlocal and global`);
        if (!s.globals.has(name)) s.globals.set(name, st);
      } else {
        if (s.globals.has(name)) fail(st, `name '${name}' is nonlocal and global`);
        if (!s.nonlocals.has(name)) s.nonlocals.set(name, st);
      }
    }
  };

  const visitFunction = (st: A.FunctionDef | A.AsyncFunctionDef, ctx: WalkContext): void => {
    visitArgs(st.args, ctx);
    if (st.returns) visitExpr(st.returns, ctx);
    bind(ctx.scope, st.name);
    const inner = newScope('function', st, ctx.scope, st.kind === 'AsyncFunctionDef');
    bindParams(inner, st.args);
    visitBody(st.body, { scope: inner, inLoop: false, inExceptStar: false });
    if (st.kind === 'AsyncFunctionDef') {
      st.isGenerator = inner.hasYield;
      const bad = inner.returnsWithValue[0];
      if (inner.hasYield && bad) late(bad, "'return' with value in async generator");
    }
  };

  const visitStmt = (st: A.Statement, ctx: WalkContext): void => {
    const s = ctx.scope;
    switch (st.kind) {
      case 'FunctionDef':
      case 'AsyncFunctionDef':
        visitFunction(st, ctx);
        return;
      case 'ClassDef': {
        for (const base of st.bases) visitExpr(base, ctx);
        bind(s, st.name);
        const inner = newScope('class', st, s);
        visitBody(st.body, { scope: inner, inLoop: false, inExceptStar: false });
        return;
      }
      case 'Return':
        if (s.kind !== 'function') late(st, "'return' outside function");
        else if (ctx.inExceptStar) late(st, "'break', 'continue' and 'return' cannot appear in an except* block");
        if (st.value) {
          s.returnsWithValue.push(st);
          visitExpr(st.value, ctx);
        }
        return;
      case 'Delete':
        for (const t of st.targets) visitTarget(t, ctx);
        return;
      case 'Assign':
        visitExpr(st.value, ctx);
        for (const t of st.targets) visitTarget(t, ctx);
        return;
      case 'AugAssign':
        visitExpr(st.value, ctx);
        if (st.target.kind === 'Name') {
          s.used.add(st.target.id);
          bind(s, st.target.id);
        } else visitTarget(st.target, ctx);
        return;
      case 'AnnAssign':
        if (st.target.kind === 'Name' && st.simple) {
          const name = st.target.id;
          // (At module level a global declaration changes nothing, so CPython allows it.)
          if (s.kind !== 'module' && s.globals.has(name)) fail(st, `annotated name '${name}' can't be global`);
          if (s.nonlocals.has(name)) fail(st, `annotated name '${name}' can't be nonlocal`);
          s.annotated.add(name);
        }
        if (st.value) visitExpr(st.value, ctx);
        visitExpr(st.annotation, ctx);
        visitTarget(st.target, ctx);
        return;
      case 'For':
      case 'AsyncFor':
        if (st.kind === 'AsyncFor' && !(s.kind === 'function' && s.isAsync)) {
          late(st, "'async for' outside async function", st.range.from + 5);
        }
        visitExpr(st.iter, ctx);
        visitTarget(st.target, ctx);
        visitBody(st.body, { scope: s, inLoop: true, inExceptStar: false });
        return;
      case 'While':
        visitExpr(st.test, ctx);
        visitBody(st.body, { scope: s, inLoop: true, inExceptStar: false });
        return;
      case 'If':
        visitExpr(st.test, ctx);
        visitBody(st.body, ctx);
        visitBody(st.orelse, ctx);
        return;
      case 'AsyncWith':
        if (!(s.kind === 'function' && s.isAsync)) late(st, "'async with' outside async function", st.range.from + 5);
        for (const item of st.items) {
          visitExpr(item.contextExpr, ctx);
          if (item.optionalVars) visitTarget(item.optionalVars, ctx);
        }
        visitBody(st.body, ctx);
        return;
      case 'Raise':
        if (st.exc) visitExpr(st.exc, ctx);
        if (st.cause) visitExpr(st.cause, ctx);
        return;
      case 'Try':
      case 'TryStar':
        // CPython's symtable order (body, else, handlers, finally): it decides which of a
        // use and a `global` counts as first.
        visitBody(st.body, ctx);
        visitBody(st.orelse, ctx);
        for (const h of st.handlers) {
          if (h.type) visitExpr(h.type, ctx);
          if (h.name !== null) bind(s, h.name);
          visitBody(h.body, st.kind === 'TryStar' ? { scope: s, inLoop: false, inExceptStar: true } : ctx);
        }
        visitBody(st.finalbody, ctx);
        return;
      case 'Assert':
        visitExpr(st.test, ctx);
        if (st.msg) visitExpr(st.msg, ctx);
        return;
      case 'Import':
        for (const alias of st.names) bind(s, alias.asname ?? alias.name);
        return;
      case 'Global':
      case 'Nonlocal':
        declare(st, ctx);
        return;
      case 'Expr':
        visitExpr(st.value, ctx);
        return;
      case 'Break':
      case 'Continue':
        if (ctx.inExceptStar) late(st, "'break', 'continue' and 'return' cannot appear in an except* block");
        else if (!ctx.inLoop) late(st, st.kind === 'Break' ? "'break' outside loop" : "'continue' not properly in loop");
        return;
      case 'Pass':
        return;
    }
  };

  const root = newScope('module', module, null);
  visitBody(module.body, { scope: root, inLoop: false, inExceptStar: false });

  // Resolution, as CPython's symtable analyze_block: a name bound in a function is local to it;
  // one it only reads resolves to the nearest enclosing *function* that binds it (class bodies do
  // not count), else to globals/builtins.
  const resolve = (s: Scope, enclosingBound: ReadonlySet<string>): Set<string> => {
    /** Names this scope needs from enclosing functions (passed upward). */
    const free = new Set<string>();
    const locals: string[] = [];
    const isFn = functionLike(s);
    // Zero-argument super() reads the implicit `__class__` cell, as in CPython.
    if (isFn && s.used.has('super')) s.used.add('__class__');
    for (const [name, decl] of s.nonlocals) {
      if (!enclosingBound.has(name)) fail(decl, `no binding for nonlocal '${name}' found`);
      free.add(name);
    }
    if (s.kind !== 'module') {
      for (const name of s.bound) if (!s.globals.has(name) && !s.nonlocals.has(name)) locals.push(name);
      for (const name of s.used) {
        if (s.globals.has(name) || s.nonlocals.has(name) || s.bound.has(name)) continue;
        if (enclosingBound.has(name)) free.add(name);
      }
    }
    let childBound: Set<string>;
    if (isFn) {
      childBound = new Set(enclosingBound);
      for (const name of locals) childBound.add(name);
      for (const name of s.globals.keys()) childBound.delete(name);
    } else if (s.kind === 'class') {
      // A class body's names are not visible inside its methods, but `__class__` is.
      childBound = new Set(enclosingBound);
      for (const name of s.globals.keys()) childBound.delete(name);
      childBound.add('__class__');
    } else childBound = new Set();
    const localSet = new Set(locals);
    const cells = new Set<string>();
    for (const child of s.children) {
      for (const name of resolve(child, childBound)) {
        if (s.kind === 'class' && name === '__class__') cells.add(name);
        else if (isFn && localSet.has(name)) cells.add(name);
        else if (s.kind !== 'module') free.add(name);
      }
    }
    if (s.node.kind !== 'Module') {
      const info: A.ScopeInfo = s.node;
      info.locals = locals;
      info.globals = [...s.globals.keys()];
      info.nonlocals = [...s.nonlocals.keys()];
      // For a class this includes names its methods take from an enclosing function even when
      // the class body binds the same name (CPython's co_freevars does too): the class passes
      // the cell through, while its own body reads its namespace.
      info.freeVars = [...free];
      info.cellVars = [...cells];
    }
    return free;
  };
  resolve(root, new Set());
  if (compile.error) throw new Failure(compile.error);
  return refusal;
}

/** Direct child expressions of an expression (comprehension parts included). */
function forEachExprChild(e: A.Expression, visit: (child: A.Expression) => void): void {
  switch (e.kind) {
    case 'BoolOp':
      e.values.forEach(visit);
      return;
    case 'BinOp':
      visit(e.left);
      visit(e.right);
      return;
    case 'UnaryOp':
      visit(e.operand);
      return;
    case 'IfExp':
      visit(e.test);
      visit(e.body);
      visit(e.orelse);
      return;
    case 'Dict':
      e.keys.forEach((k, i) => {
        if (k) visit(k);
        visit(e.values[i]!);
      });
      return;
    case 'Set':
    case 'List':
    case 'Tuple':
      e.elts.forEach(visit);
      return;
    case 'Compare':
      visit(e.left);
      e.comparators.forEach(visit);
      return;
    case 'Call':
      visit(e.func);
      e.args.forEach(visit);
      e.keywords.forEach((k) => visit(k.value));
      return;
    case 'FormattedValue':
      visit(e.value);
      if (e.formatSpec) visit(e.formatSpec);
      return;
    case 'JoinedStr':
      e.values.forEach(visit);
      return;
    case 'Attribute':
    case 'Starred':
    case 'Await':
      visit(e.value);
      return;
    case 'Subscript':
      visit(e.value);
      visit(e.slice);
      return;
    case 'Slice':
      if (e.lower) visit(e.lower);
      if (e.upper) visit(e.upper);
      if (e.step) visit(e.step);
      return;
    case 'Yield':
      if (e.value) visit(e.value);
      return;
    case 'Lambda':
    case 'ListComp':
    case 'SetComp':
    case 'DictComp':
    case 'GeneratorExp':
    case 'Constant':
    case 'Name':
      return;
  }
}
