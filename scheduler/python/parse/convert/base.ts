/**
 * Pass 3, Lezer tree -> AST. The converter checks what CPython's grammar checks but Lezer does
 * not (assignment targets, argument order, `except` forms, ...) and refuses what the subset leaves
 * out. Syntax errors are thrown (Failure) and stop it; refusals are recorded and the work goes on.
 *
 * It is one class, written in layers, one file per concern, each extending the one before:
 *   base.ts (position and error helpers, the enclosing-function stack) -> strings.ts (string
 *   and f-string literals) -> operators.ts (boolean, comparison and arithmetic operators) ->
 *   targets.ts (assignment targets and parameter lists) -> expressions.ts -> statements.ts
 *   (the Converter the parser uses).
 * A layer calls what a later one implements through the abstract methods declared here.
 */
import type { SyntaxNode } from '@lezer/common';
import { createLineIndex } from '../../ast.ts';
import type * as A from '../../ast.ts';
import type { LineIndex } from '../../ast.ts';
import { Failure, MAX_EXPRESSION_DEPTH, syntax, unsupported } from '../problems.ts';
import type { Problem } from '../problems.ts';
import { HINTS } from '../subset.ts';
import type { ScanResult } from '../tokenize.ts';

export type FnKind = 'module' | 'class' | 'def' | 'async' | 'lambda' | 'comp';

export type TargetMode = 'assign' | 'del' | 'for' | 'comprehension';

export function scopeFields(): A.ScopeInfo {
  return { locals: [], globals: [], nonlocals: [], freeVars: [], cellVars: [] };
}

export function exprName(e: A.Expression): string {
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
    case 'YieldFrom':
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
    case 'NamedExpr':
      return 'named expression';
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
export function mayBeComparison(e: A.Expression): boolean {
  switch (e.kind) {
    case 'Compare':
    case 'BoolOp':
    case 'Lambda':
    case 'IfExp':
    case 'NamedExpr':
    case 'GeneratorExp':
    case 'Yield':
    case 'YieldFrom':
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

export function docstringOf(body: A.Statement[]): string | null {
  const first = body[0];
  if (first && first.kind === 'Expr' && first.value.kind === 'Constant' && first.value.type === 'str') return first.value.value;
  return null;
}

export function endOf(stmts: A.Statement[] | A.ExceptHandler[]): number {
  const last = stmts[stmts.length - 1];
  return last ? last.range.to : 0;
}

export function trimEnd(src: string, from: number, to: number): number {
  let e = to;
  while (e > from && /\s/.test(src[e - 1]!)) e--;
  return e;
}

/** First character after `pos` that is not whitespace or part of a comment. */
export function nextTokenStart(src: string, pos: number): number {
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

export abstract class ConverterBase {
  /** Every refusal of valid-but-unsupported Python, in the order met; the earliest is reported if
   *  nothing worse turns up. */
  readonly refusals: Problem[];
  protected depth = 0;
  protected readonly index: LineIndex;
  /** Function kinds from the module inward, for checks that depend on the enclosing function. */
  private readonly fnStack: FnKind[] = ['module'];

  constructor(
    protected readonly src: string,
    protected readonly scanned: ScanResult,
  ) {
    this.index = createLineIndex(src);
    this.refusals = scanned.refusals.slice();
  }

  // ---- helpers ------------------------------------------------------------------------------

  protected refuse(from: number, to: number, message: string, hint?: string): void {
    this.refusals.push(unsupported(from, to, message, hint));
  }

  protected fail(from: number, to: number, message: string, hint?: string): never {
    throw new Failure(syntax(from, to, message, hint));
  }

  protected base(from: number, to: number): A.NodeBase {
    const { line, col } = this.index.lineColAt(from);
    return { range: { from, to }, line, col };
  }

  protected at(node: SyntaxNode): A.NodeBase {
    return this.base(node.from, node.to);
  }

  protected text(node: SyntaxNode): string {
    return this.src.slice(node.from, node.to);
  }

  /** For shapes Lezer accepted but that this converter did not expect: never silently wrong. */
  protected unexpected(node: SyntaxNode): never {
    this.fail(node.from, Math.max(node.to, node.from + 1), 'invalid syntax');
  }

  protected inside(kind: FnKind, body: () => void): void {
    this.fnStack.push(kind);
    try {
      body();
    } finally {
      this.fnStack.pop();
    }
  }

  /** The innermost enclosing scope kind. */
  protected enclosing(): FnKind {
    return this.fnStack[this.fnStack.length - 1] ?? 'module';
  }

  protected identifier(node: SyntaxNode): string {
    // CPython NFKC-normalises identifiers, so `ﬁle` and `file` are the same name.
    return this.text(node).normalize('NFKC');
  }

  /** A child Lezer always produces is missing: only possible if the tree had errors, which
   *  were reported before conversion. */
  protected missingNode(): never {
    throw new Failure(syntax(0, 0, 'invalid syntax'));
  }

  protected tooDeep(at: number): never {
    throw new Failure(
      unsupported(at, at + 1, 'this expression is nested too deeply', HINTS.tooDeep(MAX_EXPRESSION_DEPTH)),
    );
  }

  // ---- implemented by the later layers ------------------------------------------------------

  abstract expr(node: SyntaxNode): A.Expression;
  /** A comma list in a load context, where a lone `*x` is an error. */
  protected abstract loadList(nodes: SyntaxNode[], owner: SyntaxNode): A.Expression;
  protected abstract yieldExpr(node: SyntaxNode): A.Yield | A.YieldFrom;
}
