/**
 * Pass 2, Lezer's error nodes: the first one becomes "invalid syntax", made as specific as
 * CPython's message where the tree makes that easy ("expected ':'", "Perhaps you forgot a
 * comma?", ...), or a refusal when it marks valid Python that Lezer's grammar lacks.
 */
import type { SyntaxNode } from '@lezer/common';
import { endOfToken } from './chars.ts';
import { kids } from './nodes.ts';
import { MAX_STATEMENT_TOKENS, syntax, unsupported } from './problems.ts';
import type { Problem } from './problems.ts';
import { HINTS } from './subset.ts';
import { headerDescription } from './tokenize.ts';
import type { LogicalLine, ScanResult } from './tokenize.ts';

export function firstTreeProblem(top: SyntaxNode, src: string, scanned: ScanResult): Problem | null {
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
 * `print` at the very end of the file. A lambda's positional-only marker (`lambda a, /, b: …`)
 * is an error node in its parameters, and empty brackets in a pattern (`case []:`,
 * `case Point():`) hold an empty one. None is an error (the converter reads them).
 */
function isBenignError(node: SyntaxNode, src: string): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (parent.name === 'ParamList' && isSlashMarker(node, src)) return true;
  // `case []:`, `case ():` and `case Point():`: whatever Lezer makes of empty brackets.
  if (inEmptyBrackets(node, src)) return true;
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
    return unsupported(node.from, node.from + lineEnd, '`print >>file, ...` is Python 2 syntax', HINTS.printRedirect);
  }
  if (/^(?:[\p{L}_\d'"[{~]|-(?!=)|\+(?!=))/u.test(rest) && !/^(?:if|else|and|or|in|is|for)\b/.test(rest)) {
    return syntax(node.from, node.from + lineEnd, "Missing parentheses in call to 'print'. Did you mean print(...)?");
  }
  return unsupported(
    node.from,
    node.from + 5,
    '`print` can only be used as a call here',
    HINTS.printNotCall,
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
  if (token === 'None' || token === 'True' || token === 'False') return true;
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
    return unsupported(line.start, line.start + 1, 'this statement is too long or too deeply nested to parse', HINTS.statementTooLong);
  }

  // Out-of-subset constructs whose own syntax Lezer does not fully know.
  if (line?.first === '@' || inside('Decorator')) {
    // A decorator line (Lezer only knows `@dotted.name(args)`) is followed by what it decorates.
    const following = line ? scanned.lines[scanned.lines.indexOf(line) + 1] : undefined;
    if (following && ['@', 'def', 'class', 'async'].includes(following.first)) {
      return unsupported(line!.start, line!.lastEnd, 'this form of decorator is not supported', HINTS.decoratorForm);
    }
  }
  const isWith = line?.first === 'with' || (line?.first === 'async' && line.second === 'with');
  if (isWith || inside('WithStatement')) {
    // Valid Python that Lezer's grammar lacks (parenthesised items, `as (a, b)`, `as obj.attr`)
    // is refused as a form; anything else is a plain syntax error. Either way, show the form the
    // subset has.
    const keyword = line?.first === 'with' ? 'with' : 'async with';
    const hint = HINTS.withForm(keyword);
    const header = line ? src.slice(line.start, line.lastEnd) : '';
    const afterWith = header.replace(/^(?:async\s+)?with\b/, '');
    const parenthesised = /^\s*\(/.test(afterWith) && /\)\s*:$/.test(header);
    const complexTarget = /\bas\s+(?:[([]|[\p{L}_][\p{L}\p{N}_]*\s*[.[])/u.test(afterWith);
    if (parenthesised || complexTarget) return unsupported(from, to, `this form of \`${keyword}\` is not supported`, hint);
    return syntax(from, to, 'invalid syntax', hint);
  }
  // More valid Python that Lezer's grammar lacks.
  if (src[from] === '*' && parent?.name === 'MemberExpression') {
    return unsupported(from, from + 1, 'starred expressions in subscripts are not supported', HINTS.starredSubscript);
  }
  if (src[from] === '*' && parent?.name === 'ForStatement' && (prev?.name === 'in' || kids(parent).some((c) => c.name === 'in' && c.to <= from))) {
    return unsupported(from, from + 1, 'a starred iterable after `in` must be parenthesised here', HINTS.starredForIterable);
  }
  if ((line?.first === 'match' || line?.first === 'case') && line.last === ':') {
    return unsupported(line.start, line.start + line.first.length, `this form of \`${line.first}\` is not supported`, line.first === 'match' ? HINTS.matchSubject : HINTS.casePattern);
  }

  // A `try:` block with neither handlers nor finally earlier in the same block: CPython stops
  // at the statement after it.
  const stmt = statementOf(error);
  for (let before = stmt?.prevSibling ?? null, after = stmt; before; after = before, before = before.prevSibling) {
    if (before.name === 'TryStatement' && !kids(before).some((c) => c.name === 'except' || c.name === 'finally')) {
      let next = after;
      while (next && next.name === 'Comment') next = next.nextSibling;
      const at = next ? next.from : error.from;
      const problem = syntax(at, endOfToken(src, at), "expected 'except' or 'finally' block");
      problem.statementAt = before.from;
      return problem;
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

/** An error node that is a parameter list's `/` (the positional-only marker), which Lezer's lambda grammar lacks. */
export function isSlashMarker(node: SyntaxNode, src: string): boolean {
  return node.type.isError && src.slice(node.from, node.to).trim() === '/';
}

/**
 * Empty brackets of a pattern (`[]`, `()`, `Point()`) are valid, but Lezer's grammar wants
 * something in them: an error node, in an empty literal or in place of the closing bracket.
 */
export function inEmptyBrackets(node: SyntaxNode, src: string): boolean {
  const holder = [node.parent, node.parent?.parent].find((n) => n?.name === 'SequencePattern' || n?.name === 'PatternArgList');
  return holder !== undefined && holder !== null && isEmptyBrackets(holder, src);
}

/** A pattern node that is only a pair of brackets (`[]`, `( )`). */
export function isEmptyBrackets(node: SyntaxNode, src: string): boolean {
  return /^[([]\s*[)\]]$/.test(src.slice(node.from, node.to).trim());
}
