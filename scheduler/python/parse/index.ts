/**
 * Scenario file -> checked AST (ast.ts), or one precise ScenarioError.
 *
 * Four passes, in the order CPython would complain, one folder entry each:
 *   1. tokenize.ts (with literals.ts): a small Python-3.11 tokenizer, for the errors CPython's
 *      tokenizer raises, which Lezer's error-tolerant lexer lets through.
 *   2. tree-errors.ts: Lezer's tree; the first error node becomes "invalid syntax" (or "expected
 *      ':'", "Perhaps you forgot a comma?" where that is easy to recognise).
 *   3. convert/: Lezer tree -> AST. Checks what CPython's grammar checks but Lezer does not
 *      (assignment targets, argument order, `except` forms, ...) and refuses what the subset
 *      (subset.ts) leaves out.
 *   4. scopes.ts: binds names to scopes (ScopeInfo on each function, lambda, class,
 *      comprehension) and checks what CPython's symtable and compiler check (`await`/`return`/
 *      `yield`/`break` outside their context, global/nonlocal misuse).
 * problems.ts holds what they report; this file runs them and decides which error wins.
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
import { createLineIndex } from '../ast.ts';
import type * as A from '../ast.ts';
import { ScenarioError } from '../diagnostics.ts';
import { Converter } from './convert/statements.ts';
import { Failure, syntax, unsupported } from './problems.ts';
import type { Problem } from './problems.ts';
import { analyzeScopes } from './scopes.ts';
import { scan } from './tokenize.ts';
import { firstTreeProblem } from './tree-errors.ts';

export { IMPORTABLE_MODULES } from './subset.ts';

export type ParseResult = { ok: true; module: A.Module } | { ok: false; error: ScenarioError };

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
