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
 * problems.ts holds what they report, attempt.ts runs them and decides which error wins (the one
 * CPython reports), recover.ts goes on past it to find every problem in the file, and
 * typographic.ts spots the quotes and dashes of pasted text.
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
import type * as A from '../ast.ts';
import { ScenarioError } from '../diagnostics.ts';
import { parseAttempt } from './attempt.ts';
import { syntax, toScenarioError, unsupported } from './problems.ts';

export { IMPORTABLE_MODULES } from './subset.ts';
export { collectParseProblems, skipStatementAt, MAX_PROBLEMS, type ParseProblems } from './recover.ts';
export {
  findTypographicCharacters,
  straightenTypographicCharacters,
  typographicHint,
  type TypographicCharacter,
} from './typographic.ts';

export type ParseResult = { ok: true; module: A.Module } | { ok: false; error: ScenarioError };

export function parseScenario(source: string, file = '<scenario>'): ParseResult {
  let src = '';
  try {
    src = String(source);
    const attempt = parseAttempt(src);
    if (attempt.kind === 'stopped') return { ok: false, error: toScenarioError(src, file, attempt.problem) };
    const refusal = attempt.refusals[0];
    return refusal === undefined ? { ok: true, module: attempt.module } : { ok: false, error: toScenarioError(src, file, refusal) };
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

