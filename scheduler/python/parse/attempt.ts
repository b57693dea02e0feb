/**
 * One pass of the parser's four passes over a text, and which of their errors wins: the one
 * CPython would report. Syntax errors stop at once. Refusals of valid-but-unsupported Python are
 * recorded and the work goes on, so a real syntax error later in the file still wins, as it
 * would under CPython; refusals count only when the file is otherwise valid Python.
 */
import { parser } from '@lezer/python';
import { TreeFragment, type Tree } from '@lezer/common';
import { createLineIndex } from '../ast.ts';
import type * as A from '../ast.ts';
import { Converter } from './convert/statements.ts';
import { Failure } from './problems.ts';
import type { Problem } from './problems.ts';
import { analyzeScopes } from './scopes.ts';
import { scan, type ScanResult } from './tokenize.ts';
import { firstTreeProblem } from './tree-errors.ts';

/**
 * One pass of the parser over a text: the error that stops it, as CPython would report it (a
 * syntax error, or a refusal found where Lezer's tree is broken), or the module with every
 * refusal of valid-but-unsupported Python, earliest first.
 */
export type ParseAttempt = { kind: 'stopped'; problem: Problem } | { kind: 'parsed'; module: A.Module; refusals: Problem[] };

/**
 * The error that stops parsing `src`, or the module and its refusals (see ParseAttempt).
 * `reuse` carries Lezer's trees from one attempt to the next over an edited text (error
 * recovery parses a text again and again with one statement taken out each time): the
 * unchanged parts are not parsed again.
 */
export function parseAttempt(src: string, reuse?: LezerReuse): ParseAttempt {
  const stop = (problem: Problem): ParseAttempt => ({ kind: 'stopped', problem });
  const scanned = scan(src);
  const tokenError = scanned.tokenError;
  const block = scanned.blockError;
  const blockAt = block ? (block.tokenAt ?? block.from) : Infinity;
  // A raising tokenizer error overrides every parse error except an unexpected indent met first
  // (see tokenOrParseError); only then is the tree worth building.
  if (tokenError?.raising && !(block?.message === 'unexpected indent' && blockAt < tokenError.from)) return stop(tokenError);
  const lezerSrc = specsWithoutLeadingEquals(src, scanned);
  const tree = reuse === undefined ? parser.parse(lezerSrc) : reuse.parse(lezerSrc);

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
  if (tokenError) return stop(tokenOrParseError(tokenError, parseError, src));
  if (parseError) return stop(parseError);

  let scopeRefusals: Problem[];
  try {
    scopeRefusals = analyzeScopes(module!);
  } catch (e) {
    if (e instanceof Failure) return stop(e.problem);
    throw e;
  }
  // Earliest first; of two at the same place, the one met first (a stable sort).
  const refusals = [...converter!.refusals, ...scopeRefusals].sort((a, b) => a.from - b.from);
  return { kind: 'parsed', module: module!, refusals };
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

/**
 * The text Lezer parses: the source, but for a format spec that begins with '=' (f"{x:=^20}", a
 * title centred between '=' signs), whose '=' is blanked. CPython ends the expression at the first
 * top-level ':', where Lezer reads ':=' as the walrus operator. The blank keeps every offset, and
 * the converter reads the spec from the real text.
 */
function specsWithoutLeadingEquals(src: string, scanned: ScanResult): string {
  let text = src;
  for (const token of scanned.strings.values()) {
    for (const exprEnd of token.fields?.values() ?? []) {
      // Past a self-documenting '=' and a conversion (f"{x=!r:=^9}") to the spec's ':'.
      const colon = /^=?\s*(?:![rsa])?:=/.exec(src.slice(exprEnd, exprEnd + 8));
      if (colon === null) continue;
      const at = exprEnd + colon[0].length - 1;
      text = `${text.slice(0, at)} ${text.slice(at + 1)}`;
    }
  }
  return text;
}

/** Lezer's incremental parsing across the attempts of error recovery (see parseAttempt). */
export class LezerReuse {
  private fragments: readonly TreeFragment[] = [];

  parse(src: string): Tree {
    const tree = parser.parse(src, this.fragments);
    this.fragments = TreeFragment.addTree(tree, this.fragments);
    return tree;
  }

  /** The text was changed in these ranges (each the same length before and after). */
  changed(ranges: readonly { from: number; to: number }[]): void {
    if (ranges.length === 0) return;
    this.fragments = TreeFragment.applyChanges(
      this.fragments,
      ranges.map((r) => ({ fromA: r.from, toA: r.to, fromB: r.from, toB: r.to })),
    );
  }
}
