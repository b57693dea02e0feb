/**
 * The checked AST of a scenario file.
 *
 * Node kinds and field names follow CPython's `ast` module (camelCased: `kw_defaults` becomes
 * `kwDefaults`, `format_spec` becomes `formatSpec`) so anyone who knows `ast.dump` can read it.
 * Deliberate differences:
 *   - every node carries `range` (UTF-16 offsets, `to` exclusive) and `line`/`col` of its start,
 *     both 1-based, columns counted in code points like CPython's SyntaxError (not its UTF-8
 *     `col_offset`);
 *   - Constant says which Python type it holds (`type`), because JS numbers cannot tell 1 from
 *     1.0; ints beyond Number.MAX_SAFE_INTEGER are bigints;
 *   - FormattedValue.conversion is 'r' | 's' | null instead of an int;
 *   - functions, lambdas, classes and comprehensions carry the result of scope analysis
 *     (`locals`, `globals`, `nonlocals`, `freeVars`, `cellVars`), which CPython keeps in symtable;
 *   - only the constructs of the scenario subset exist (docs/scenario-language.md).
 *
 * Everything here is plain data (no classes, no cycles) so a Module can be cached, cloned with
 * structuredClone or sent to a worker. BigInt values rule out JSON.stringify without a replacer.
 */

export interface Range {
  from: number;
  to: number;
}

export interface NodeBase {
  range: Range;
  /** 1-based line of range.from. */
  line: number;
  /** 1-based column of range.from, in code points. */
  col: number;
}

export type ExprContext = 'Load' | 'Store' | 'Del';

/**
 * Python's scoping rules, resolved once so the interpreter never has to guess: a name assigned
 * anywhere in a function is local throughout it (reading it first is an UnboundLocalError).
 */
export interface ScopeInfo {
  /** Names bound in this scope (parameters first, then in order of first binding), minus
   *  those declared global or nonlocal. */
  locals: string[];
  /** Names declared `global` here. */
  globals: string[];
  /** Names declared `nonlocal` here. */
  nonlocals: string[];
  /** Names this scope or a nested one reads or writes that live in an enclosing function's
   *  scope (includes `nonlocals`). A name used but bound nowhere is a global/builtin. A class
   *  lists the names its methods need from outside even if its body binds the same name (the
   *  body reads its own namespace; the methods get the enclosing function's cell), as CPython's
   *  co_freevars does. A function that uses `super` has the implicit `__class__` here. */
  freeVars: string[];
  /** Locals that some nested scope captures (they need a shared cell, not a plain slot). A class
   *  whose methods use `super` lists the implicit `__class__`. */
  cellVars: string[];
}

// ---------------------------------------------------------------------------------------------
// Module and statements
// ---------------------------------------------------------------------------------------------

export interface Module extends NodeBase {
  kind: 'Module';
  body: Statement[];
  /** The module docstring (also present in body as an Expr statement, as in CPython). */
  docstring: string | null;
  /** `from __future__ import annotations` at its top: annotations are kept as their source text
   *  (PEP 563), never evaluated. The other future features change nothing in Python 3.11. */
  futureAnnotations: boolean;
}

export type Statement =
  | FunctionDef
  | AsyncFunctionDef
  | ClassDef
  | Return
  | Delete
  | Assign
  | AugAssign
  | AnnAssign
  | For
  | AsyncFor
  | While
  | If
  | With
  | AsyncWith
  | Raise
  | Try
  | TryStar
  | Assert
  | Import
  | ImportFrom
  | Global
  | Nonlocal
  | ExprStatement
  | Pass
  | Break
  | Continue
  | Match;

interface FunctionFields extends NodeBase, ScopeInfo {
  name: string;
  args: Arguments;
  body: Statement[];
  /** `@d` lines, outermost first: applied bottom-up after the function is made, as in CPython. */
  decoratorList: Expression[];
  /** The `-> X` annotation; CPython evaluates it at definition time, nothing else uses it. */
  returns: Expression | null;
  docstring: string | null;
}

export interface FunctionDef extends FunctionFields {
  kind: 'FunctionDef';
  /** True when the body contains `yield`: calling it makes a generator. */
  isGenerator: boolean;
}

export interface AsyncFunctionDef extends FunctionFields {
  kind: 'AsyncFunctionDef';
  /** True when the body contains `yield`: calling it makes an async generator, not a coroutine. */
  isGenerator: boolean;
}

export interface ClassDef extends NodeBase, ScopeInfo {
  kind: 'ClassDef';
  name: string;
  bases: Expression[];
  /** `metaclass=...` and other class keywords. */
  keywords: Keyword[];
  decoratorList: Expression[];
  body: Statement[];
  docstring: string | null;
}

export interface Return extends NodeBase {
  kind: 'Return';
  value: Expression | null;
}

export interface Delete extends NodeBase {
  kind: 'Delete';
  targets: Expression[];
}

/** `a = b = value`: targets are assigned left to right, each from the one value. */
export interface Assign extends NodeBase {
  kind: 'Assign';
  targets: Expression[];
  value: Expression;
}

export type BinOperator =
  | 'Add'
  | 'Sub'
  | 'Mult'
  | 'Div'
  | 'FloorDiv'
  | 'Mod'
  | 'Pow'
  | 'LShift'
  | 'RShift'
  | 'BitOr'
  | 'BitXor'
  | 'BitAnd';

export interface AugAssign extends NodeBase {
  kind: 'AugAssign';
  target: Name | Attribute | Subscript;
  op: BinOperator;
  value: Expression;
}

/** `x: T = v`. CPython evaluates T at module and class level only; `simple` is true for a bare
 *  name target (only those are recorded in __annotations__). */
export interface AnnAssign extends NodeBase {
  kind: 'AnnAssign';
  target: Name | Attribute | Subscript;
  annotation: Expression;
  value: Expression | null;
  simple: boolean;
}

export interface For extends NodeBase {
  kind: 'For';
  target: Expression;
  iter: Expression;
  body: Statement[];
  /** The `else:` block: run when the loop ends without `break`. */
  orelse: Statement[];
}

export interface AsyncFor extends NodeBase {
  kind: 'AsyncFor';
  target: Expression;
  iter: Expression;
  body: Statement[];
  orelse: Statement[];
}

export interface While extends NodeBase {
  kind: 'While';
  test: Expression;
  body: Statement[];
  orelse: Statement[];
}

/** `match subject:` and its `case` clauses, tried in order. */
export interface Match extends NodeBase {
  kind: 'Match';
  subject: Expression;
  cases: MatchCase[];
}

/** `case pattern if guard:` (from `case`; CPython's AST gives a match_case no position). */
export interface MatchCase extends NodeBase {
  kind: 'match_case';
  pattern: Pattern;
  guard: Expression | null;
  body: Statement[];
}

/** The patterns of PEP 634, as CPython's AST has them. */
export type Pattern = MatchValue | MatchSingleton | MatchSequence | MatchMapping | MatchClass | MatchStar | MatchAs | MatchOr;

/** A literal or a dotted name: matches what compares equal to it. */
export interface MatchValue extends NodeBase {
  kind: 'MatchValue';
  value: Expression;
}

/** `None`, `True`, `False`: matched by identity. */
export interface MatchSingleton extends NodeBase {
  kind: 'MatchSingleton';
  value: null | boolean;
}

/** `[p, q, *rest]` or `(p, q)` or `p, q`. */
export interface MatchSequence extends NodeBase {
  kind: 'MatchSequence';
  patterns: Pattern[];
}

/** `{key: p, **rest}`. */
export interface MatchMapping extends NodeBase {
  kind: 'MatchMapping';
  keys: Expression[];
  patterns: Pattern[];
  rest: string | null;
}

/** `Cls(p, attr=q)`: positional patterns through `__match_args__`. */
export interface MatchClass extends NodeBase {
  kind: 'MatchClass';
  cls: Expression;
  patterns: Pattern[];
  kwdAttrs: string[];
  kwdPatterns: Pattern[];
}

/** `*name` in a sequence pattern (`*_`: name null). */
export interface MatchStar extends NodeBase {
  kind: 'MatchStar';
  name: string | null;
}

/** A capture `x`, the wildcard `_` (both null), or `pattern as name`. */
export interface MatchAs extends NodeBase {
  kind: 'MatchAs';
  pattern: Pattern | null;
  name: string | null;
}

/** `p | q`: the first alternative that matches. */
export interface MatchOr extends NodeBase {
  kind: 'MatchOr';
  patterns: Pattern[];
}

/** `elif` chains nest: the elif is the only statement of the outer If's orelse. */
export interface If extends NodeBase {
  kind: 'If';
  test: Expression;
  body: Statement[];
  orelse: Statement[];
}

export interface With extends NodeBase {
  kind: 'With';
  items: WithItem[];
  body: Statement[];
}

export interface AsyncWith extends NodeBase {
  kind: 'AsyncWith';
  items: WithItem[];
  body: Statement[];
}

export interface WithItem extends NodeBase {
  kind: 'withitem';
  contextExpr: Expression;
  /** The `as` target: always a Name in the subset. */
  optionalVars: Name | null;
}

/** `raise` alone has exc === null (re-raise); `raise X from Y` sets cause. */
export interface Raise extends NodeBase {
  kind: 'Raise';
  exc: Expression | null;
  cause: Expression | null;
}

interface TryFields extends NodeBase {
  body: Statement[];
  handlers: ExceptHandler[];
  orelse: Statement[];
  finalbody: Statement[];
}

export interface Try extends TryFields {
  kind: 'Try';
}

/** A try whose handlers are `except*` (exception groups). */
export interface TryStar extends TryFields {
  kind: 'TryStar';
}

export interface ExceptHandler extends NodeBase {
  kind: 'ExceptHandler';
  /** null for a bare `except:`; a Tuple for `except (A, B)`. */
  type: Expression | null;
  name: string | null;
  body: Statement[];
}

export interface Assert extends NodeBase {
  kind: 'Assert';
  test: Expression;
  msg: Expression | null;
}

export interface Import extends NodeBase {
  kind: 'Import';
  names: Alias[];
}

export interface Alias extends NodeBase {
  kind: 'alias';
  /** A module (`import asyncio.tasks`: dotted) or, in ImportFrom, a name of it or `*`. */
  name: string;
  asname: string | null;
}

/** `from M import a, b as c` and `from M import *` (level is always 0: no relative imports). */
export interface ImportFrom extends NodeBase {
  kind: 'ImportFrom';
  module: string;
  names: Alias[];
  level: number;
}

export interface Global extends NodeBase {
  kind: 'Global';
  names: string[];
}

export interface Nonlocal extends NodeBase {
  kind: 'Nonlocal';
  names: string[];
}

/** An expression statement (CPython's `ast.Expr`). */
export interface ExprStatement extends NodeBase {
  kind: 'Expr';
  value: Expression;
}

export interface Pass extends NodeBase {
  kind: 'Pass';
}

export interface Break extends NodeBase {
  kind: 'Break';
}

export interface Continue extends NodeBase {
  kind: 'Continue';
}

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

export type Expression =
  | BoolOp
  | BinOp
  | UnaryOp
  | Lambda
  | IfExp
  | NamedExpr
  | Dict
  | SetDisplay
  | ListComp
  | SetComp
  | DictComp
  | GeneratorExp
  | Await
  | Yield
  | YieldFrom
  | Compare
  | Call
  | FormattedValue
  | JoinedStr
  | Constant
  | Attribute
  | Subscript
  | Starred
  | Name
  | List
  | Tuple
  | Slice;

/** `a or b or c` is one BoolOp with three values; parenthesised groups nest. */
export interface BoolOp extends NodeBase {
  kind: 'BoolOp';
  op: 'And' | 'Or';
  values: Expression[];
}

export interface BinOp extends NodeBase {
  kind: 'BinOp';
  left: Expression;
  op: BinOperator;
  right: Expression;
}

export type UnaryOperator = 'UAdd' | 'USub' | 'Not' | 'Invert';

export interface UnaryOp extends NodeBase {
  kind: 'UnaryOp';
  op: UnaryOperator;
  operand: Expression;
}

export interface Lambda extends NodeBase, ScopeInfo {
  kind: 'Lambda';
  args: Arguments;
  body: Expression;
}

export interface IfExp extends NodeBase {
  kind: 'IfExp';
  test: Expression;
  body: Expression;
  orelse: Expression;
}

/**
 * `(name := value)`, PEP 572: binds the name and gives the value. In a comprehension the name
 * belongs to the nearest enclosing scope that is not one (the scopes pass sees to it).
 */
export interface NamedExpr extends NodeBase {
  kind: 'NamedExpr';
  target: Name;
  value: Expression;
}

/** `{**d}` entries have key === null, as in CPython. */
export interface Dict extends NodeBase {
  kind: 'Dict';
  keys: (Expression | null)[];
  values: Expression[];
}

/** CPython's `ast.Set` (renamed in TypeScript so it does not shadow the global Set). */
export interface SetDisplay extends NodeBase {
  kind: 'Set';
  elts: Expression[];
}

interface ComprehensionFields extends NodeBase, ScopeInfo {
  generators: Comprehension[];
  /** Uses `async for` or `await`: only allowed inside `async def`, and evaluated with awaits. */
  isAsync: boolean;
}

export interface ListComp extends ComprehensionFields {
  kind: 'ListComp';
  elt: Expression;
}

export interface SetComp extends ComprehensionFields {
  kind: 'SetComp';
  elt: Expression;
}

export interface DictComp extends ComprehensionFields {
  kind: 'DictComp';
  key: Expression;
  value: Expression;
}

/** `(elt for ...)`; isAsync: it awaits or has an `async for` (an async generator object), set by the scope analysis. */
export interface GeneratorExp extends ComprehensionFields {
  kind: 'GeneratorExp';
  elt: Expression;
}

/** One `for ... in ... if ...` clause. The first clause's `iter` is evaluated in the enclosing
 *  scope, everything else in the comprehension's own scope. */
export interface Comprehension extends NodeBase {
  kind: 'comprehension';
  target: Expression;
  iter: Expression;
  ifs: Expression[];
  isAsync: boolean;
}

export interface Await extends NodeBase {
  kind: 'Await';
  value: Expression;
}

/** In a generator or an async generator. A bare `yield` has value === null. */
export interface Yield extends NodeBase {
  kind: 'Yield';
  value: Expression | null;
}

/** `yield from it`, in a generator (CPython refuses it in `async def`). */
export interface YieldFrom extends NodeBase {
  kind: 'YieldFrom';
  value: Expression;
}

export type CmpOperator = 'Eq' | 'NotEq' | 'Lt' | 'LtE' | 'Gt' | 'GtE' | 'Is' | 'IsNot' | 'In' | 'NotIn';

/** `a < b < c` is one Compare with ops ['Lt', 'Lt'] and comparators [b, c]. */
export interface Compare extends NodeBase {
  kind: 'Compare';
  left: Expression;
  ops: CmpOperator[];
  comparators: Expression[];
}

/** Positional arguments (Starred for `*x`) in `args`, keyword ones (arg === null for `**x`)
 *  in `keywords`, each in source order, as in CPython. */
export interface Call extends NodeBase {
  kind: 'Call';
  func: Expression;
  args: Expression[];
  keywords: Keyword[];
}

export interface Keyword extends NodeBase {
  kind: 'keyword';
  arg: string | null;
  value: Expression;
}

/** One `{...}` field of an f-string. */
export interface FormattedValue extends NodeBase {
  kind: 'FormattedValue';
  value: Expression;
  conversion: 'r' | 's' | null;
  /** The part after `:`, itself an f-string because it may contain `{}` fields. */
  formatSpec: JoinedStr | null;
}

/** An f-string (or implicit concatenation involving one): str Constants and FormattedValues. */
export interface JoinedStr extends NodeBase {
  kind: 'JoinedStr';
  values: (StrConstant | FormattedValue)[];
}

export type ConstantValue =
  | { type: 'int'; value: number | bigint }
  | { type: 'float'; value: number }
  | { type: 'str'; value: string }
  /** A bytes literal: one char per byte, each 0-255 (plain data, like the rest of the AST). */
  | { type: 'bytes'; value: string }
  | { type: 'bool'; value: boolean }
  | { type: 'None'; value: null }
  | { type: 'Ellipsis'; value: null };

export type Constant = NodeBase & { kind: 'Constant' } & ConstantValue;
export type StrConstant = NodeBase & { kind: 'Constant'; type: 'str'; value: string };

export interface Attribute extends NodeBase {
  kind: 'Attribute';
  value: Expression;
  attr: string;
  ctx: ExprContext;
}

/** `a[i]`; `a[1:2]` has a Slice, `a[1:2, 3]` a Tuple containing one. */
export interface Subscript extends NodeBase {
  kind: 'Subscript';
  value: Expression;
  slice: Expression;
  ctx: ExprContext;
}

export interface Starred extends NodeBase {
  kind: 'Starred';
  value: Expression;
  ctx: ExprContext;
}

export interface Name extends NodeBase {
  kind: 'Name';
  /** NFKC-normalised, as CPython does for identifiers. */
  id: string;
  ctx: ExprContext;
}

export interface List extends NodeBase {
  kind: 'List';
  elts: Expression[];
  ctx: ExprContext;
}

export interface Tuple extends NodeBase {
  kind: 'Tuple';
  elts: Expression[];
  ctx: ExprContext;
}

/** Only as (part of) a Subscript's slice. */
export interface Slice extends NodeBase {
  kind: 'Slice';
  lower: Expression | null;
  upper: Expression | null;
  step: Expression | null;
}

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

/**
 * `def f(a, b=1, *args, c, d=2, **kw)`: args [a, b], defaults [1] (aligned to the end of args),
 * vararg args, kwonlyargs [c, d], kwDefaults [null, 2], kwarg kw. `def g(a, /, b)`: args [a, b],
 * posonlyCount 1 (CPython's posonlyargs are here the first posonlyCount of args).
 */
export interface Arguments extends NodeBase {
  kind: 'arguments';
  args: Arg[];
  /** How many of args come before a `/`: positional-only, never bound by keyword. */
  posonlyCount: number;
  defaults: Expression[];
  vararg: Arg | null;
  kwonlyargs: Arg[];
  kwDefaults: (Expression | null)[];
  kwarg: Arg | null;
}

export interface Arg extends NodeBase {
  kind: 'arg';
  arg: string;
  annotation: Expression | null;
}

export type Node =
  | Module
  | Statement
  | Expression
  | ExceptHandler
  | WithItem
  | Alias
  | Comprehension
  | Keyword
  | Arguments
  | Arg
  | MatchCase
  | Pattern;

export const BIN_OP_SYMBOL: Readonly<Record<BinOperator, string>> = {
  Add: '+',
  Sub: '-',
  Mult: '*',
  Div: '/',
  FloorDiv: '//',
  Mod: '%',
  Pow: '**',
  LShift: '<<',
  RShift: '>>',
  BitOr: '|',
  BitXor: '^',
  BitAnd: '&',
};

export const UNARY_OP_SYMBOL: Readonly<Record<UnaryOperator, string>> = {
  UAdd: '+',
  USub: '-',
  Not: 'not',
  Invert: '~',
};

export const CMP_OP_SYMBOL: Readonly<Record<CmpOperator, string>> = {
  Eq: '==',
  NotEq: '!=',
  Lt: '<',
  LtE: '<=',
  Gt: '>',
  GtE: '>=',
  Is: 'is',
  IsNot: 'is not',
  In: 'in',
  NotIn: 'not in',
};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** Line/column conversion for one source text; build once, query many times (binary search). */
export interface LineIndex {
  /** 1-based line and code-point column of a UTF-16 offset (clamped to the source). */
  lineColAt(offset: number): { line: number; col: number };
  /** UTF-16 offset where the 1-based line starts. */
  lineStart(line: number): number;
  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string;
  readonly lineCount: number;
}

/** Line breaks are \n, \r\n and a lone \r, as in CPython's universal newlines and Lezer. */
export function createLineIndex(source: string): LineIndex {
  const starts = [0];
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (source.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const lineEnd = (i: number): number => {
    let end = i + 1 < starts.length ? starts[i + 1]! : source.length;
    while (end > starts[i]! && (source.charCodeAt(end - 1) === 10 || source.charCodeAt(end - 1) === 13)) end--;
    return end;
  };
  return {
    lineCount: starts.length,
    lineColAt(offset: number) {
      const o = Math.max(0, Math.min(offset, source.length));
      const i = lineOf(o);
      const start = starts[i]!;
      // Count code points, so a surrogate pair is one column (CPython counts characters).
      let col = 1;
      for (let p = start; p < o; p++) {
        const c = source.charCodeAt(p);
        if (c >= 0xd800 && c <= 0xdbff && p + 1 < o) {
          const d = source.charCodeAt(p + 1);
          if (d >= 0xdc00 && d <= 0xdfff) p++;
        }
        col++;
      }
      return { line: i + 1, col };
    },
    lineStart(line: number) {
      return starts[Math.max(0, Math.min(line - 1, starts.length - 1))]!;
    },
    lineText(line: number) {
      const i = Math.max(0, Math.min(line - 1, starts.length - 1));
      return source.slice(starts[i]!, lineEnd(i));
    },
  };
}

/** 1-based line and code-point column of a UTF-16 offset. O(n); use createLineIndex for many. */
export function lineColAt(source: string, offset: number): { line: number; col: number } {
  return createLineIndex(source).lineColAt(offset);
}

/** Calls `visit` on each direct child node, in source order. */
export function forEachChild(node: Node, visit: (child: Node) => void): void {
  const all = (xs: readonly (Node | null)[]): void => {
    for (const x of xs) if (x !== null) visit(x);
  };
  switch (node.kind) {
    case 'Module':
      return all(node.body);
    case 'FunctionDef':
    case 'AsyncFunctionDef':
      all(node.decoratorList);
      visit(node.args);
      if (node.returns) visit(node.returns);
      return all(node.body);
    case 'ClassDef':
      all(node.decoratorList);
      all(node.bases);
      all(node.keywords);
      return all(node.body);
    case 'Return':
      if (node.value) visit(node.value);
      return;
    case 'Delete':
      return all(node.targets);
    case 'Assign':
      all(node.targets);
      return visit(node.value);
    case 'AugAssign':
      visit(node.target);
      return visit(node.value);
    case 'AnnAssign':
      visit(node.target);
      visit(node.annotation);
      if (node.value) visit(node.value);
      return;
    case 'For':
    case 'AsyncFor':
      visit(node.target);
      visit(node.iter);
      all(node.body);
      return all(node.orelse);
    case 'While':
      visit(node.test);
      all(node.body);
      return all(node.orelse);
    case 'Match':
      visit(node.subject);
      return all(node.cases);
    case 'match_case':
      visit(node.pattern);
      if (node.guard) visit(node.guard);
      return all(node.body);
    case 'MatchValue':
      return visit(node.value);
    case 'MatchSequence':
    case 'MatchOr':
      return all(node.patterns);
    case 'MatchMapping':
      node.keys.forEach((key, i) => {
        visit(key);
        visit(node.patterns[i]!);
      });
      return;
    case 'MatchClass':
      visit(node.cls);
      all(node.patterns);
      return all(node.kwdPatterns);
    case 'MatchAs':
      if (node.pattern) visit(node.pattern);
      return;
    case 'MatchSingleton':
    case 'MatchStar':
      return;
    case 'If':
      visit(node.test);
      all(node.body);
      return all(node.orelse);
    case 'With':
    case 'AsyncWith':
      all(node.items);
      return all(node.body);
    case 'withitem':
      visit(node.contextExpr);
      if (node.optionalVars) visit(node.optionalVars);
      return;
    case 'Raise':
      if (node.exc) visit(node.exc);
      if (node.cause) visit(node.cause);
      return;
    case 'Try':
    case 'TryStar':
      all(node.body);
      all(node.handlers);
      all(node.orelse);
      return all(node.finalbody);
    case 'ExceptHandler':
      if (node.type) visit(node.type);
      return all(node.body);
    case 'Assert':
      visit(node.test);
      if (node.msg) visit(node.msg);
      return;
    case 'Import':
    case 'ImportFrom':
      return all(node.names);
    case 'Expr':
      return visit(node.value);
    case 'BoolOp':
      return all(node.values);
    case 'BinOp':
      visit(node.left);
      return visit(node.right);
    case 'UnaryOp':
      return visit(node.operand);
    case 'Lambda':
      visit(node.args);
      return visit(node.body);
    case 'IfExp':
      visit(node.test);
      visit(node.body);
      return visit(node.orelse);
    case 'NamedExpr':
      visit(node.target);
      return visit(node.value);
    case 'Dict':
      for (let i = 0; i < node.values.length; i++) {
        const key = node.keys[i];
        if (key) visit(key);
        visit(node.values[i]!);
      }
      return;
    case 'Set':
      return all(node.elts);
    case 'ListComp':
    case 'SetComp':
    case 'GeneratorExp':
      visit(node.elt);
      return all(node.generators);
    case 'DictComp':
      visit(node.key);
      visit(node.value);
      return all(node.generators);
    case 'comprehension':
      visit(node.target);
      visit(node.iter);
      return all(node.ifs);
    case 'Await':
      return visit(node.value);
    case 'Yield':
      if (node.value) visit(node.value);
      return;
    case 'YieldFrom':
      return visit(node.value);
    case 'Compare':
      visit(node.left);
      return all(node.comparators);
    case 'Call':
      visit(node.func);
      all(node.args);
      return all(node.keywords);
    case 'keyword':
      return visit(node.value);
    case 'FormattedValue':
      visit(node.value);
      if (node.formatSpec) visit(node.formatSpec);
      return;
    case 'JoinedStr':
      return all(node.values);
    case 'Attribute':
      return visit(node.value);
    case 'Subscript':
      visit(node.value);
      return visit(node.slice);
    case 'Starred':
      return visit(node.value);
    case 'List':
    case 'Tuple':
      return all(node.elts);
    case 'Slice':
      if (node.lower) visit(node.lower);
      if (node.upper) visit(node.upper);
      if (node.step) visit(node.step);
      return;
    case 'arguments': {
      // Source order: positional parameters with their defaults, *args, keyword-only, **kwargs.
      const firstDefault = node.args.length - node.defaults.length;
      node.args.forEach((a, i) => {
        visit(a);
        if (i >= firstDefault) visit(node.defaults[i - firstDefault]!);
      });
      if (node.vararg) visit(node.vararg);
      node.kwonlyargs.forEach((a, i) => {
        visit(a);
        const d = node.kwDefaults[i];
        if (d) visit(d);
      });
      if (node.kwarg) visit(node.kwarg);
      return;
    }
    case 'arg':
      if (node.annotation) visit(node.annotation);
      return;
    case 'Pass':
    case 'Break':
    case 'Continue':
    case 'Global':
    case 'Nonlocal':
    case 'alias':
    case 'Constant':
    case 'Name':
      return;
  }
}
