/**
 * What the parser's passes report: a Problem (a syntax error as CPython would raise it, or a
 * refusal of valid Python the subset leaves out), and the limits that keep parsing bounded.
 */
import { createLineIndex } from '../ast.ts';
import { ScenarioError } from '../diagnostics.ts';
import type { PythonErrorClass, ScenarioErrorKind } from '../diagnostics.ts';

/** Deeper expression nesting is refused rather than risking the JS stack (CPython itself gives
 *  up with a RecursionError at a few thousand). */
export const MAX_EXPRESSION_DEPTH = 1000;
/** CPython's tokenizer limits (MAXLEVEL, MAXINDENT). */
export const MAX_BRACKET_DEPTH = 200;
/** Above this many tokens, a statement Lezer fails on is assumed to have hit Lezer's own stack
 *  limit rather than to be wrong. */
export const MAX_STATEMENT_TOKENS = 1000;
export const MAX_INDENT_LEVELS = 100;

export interface Problem {
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
  /** Where the statement to take out for error recovery starts, if not where the error is: the
   *  header of a block that lacks its body, a `try` that lacks its handlers (see recover.ts). */
  statementAt?: number;
  /** An invalid character that is a typographic quote, dash or space (see typographic.ts). */
  typographic?: boolean;
}

/** Thrown inside the parser only; parseScenario turns it into a ScenarioError. */
export class Failure {
  constructor(readonly problem: Problem) {}
}

export function syntax(from: number, to: number, message: string, hint?: string): Problem {
  const p: Problem = { kind: 'syntax', from, to, message, pythonClass: 'SyntaxError' };
  if (hint !== undefined) p.hint = hint;
  return p;
}

export function indentation(from: number, to: number, message: string, lineStart?: number): Problem {
  const p: Problem = { kind: 'syntax', from, to, message, pythonClass: 'IndentationError' };
  if (lineStart !== undefined) p.tokenAt = lineStart;
  return p;
}

export function unsupported(from: number, to: number, message: string, hint?: string): Problem {
  const p: Problem = { kind: 'unsupported', from, to, message, pythonClass: null };
  if (hint !== undefined) p.hint = hint;
  return p;
}

/** A Problem as the ScenarioError callers see, located in `src` (which gives the source line). */
export function toScenarioError(src: string, file: string, p: Problem): ScenarioError {
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
