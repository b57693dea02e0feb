/**
 * The converter's pattern layer: the `match` statement and the patterns of its `case` clauses
 * (PEP 634), as CPython's AST has them, with CPython's errors for what its grammar rejects.
 * Lezer's grammar lacks a few forms that CPython accepts (a tuple subject, a dotted mapping
 * key): those are error nodes, refused in tree-errors.ts.
 */
import type { SyntaxNode } from '@lezer/common';
import type * as A from '../../ast.ts';
import { kids, splitCommas } from '../nodes.ts';
import { ExpressionConverter } from './expressions.ts';
import { isEmptyBrackets } from '../tree-errors.ts';

const PATTERN_NODES = new Set(['CapturePattern', 'LiteralPattern', 'SequencePattern', 'MappingPattern', 'ClassPattern', 'OrPattern', 'AsPattern', 'StarPattern', 'AttributePattern']);

export abstract class PatternConverter extends ExpressionConverter {
  protected abstract body(node: SyntaxNode | undefined): A.Statement[];

  protected matchStatement(node: SyntaxNode, k: SyntaxNode[]): A.Match {
    const matchBody = k.find((c) => c.name === 'MatchBody') ?? this.unexpected(node);
    const subjectNodes = k.filter((c) => c !== matchBody && c.name !== 'match');
    const subject = this.loadList(subjectNodes, node);
    const clauses = kids(matchBody).filter((c) => c.name === 'MatchClause');
    if (clauses.length === 0) this.unexpected(matchBody);
    const cases = clauses.map((clause) => this.matchCase(clause));
    // A pattern that matches anything leaves the cases after it unreachable (CPython's check).
    cases.forEach((c, i) => {
      if (c.guard === null) this.unreachableAfter(c.pattern, i === cases.length - 1);
    });
    return { kind: 'Match', ...this.at(node), subject, cases };
  }

  /** A pattern that always matches may only come last (of the cases, or of an or-pattern's alternatives). */
  private unreachableAfter(pattern: A.Pattern, last: boolean): void {
    const anything = last ? null : irrefutable(pattern);
    if (anything === null) return;
    this.fail(pattern.range.from, pattern.range.to, anything === '_' ? 'wildcard makes remaining patterns unreachable' : `name capture '${anything}' makes remaining patterns unreachable`);
  }

  private matchCase(clause: SyntaxNode): A.MatchCase {
    const k = kids(clause);
    const body = k.find((c) => c.name === 'Body');
    const guardNode = k.find((c) => c.name === 'Guard');
    const patternNodes = k.filter((c) => PATTERN_NODES.has(c.name) || c.name === ',');
    const pattern = this.openSequence(patternNodes, clause);
    this.checkBindings(pattern);
    const guard = guardNode === undefined ? null : this.expr(kids(guardNode).filter((c) => c.name !== 'if')[0] ?? this.unexpected(guardNode));
    return { kind: 'match_case', ...this.at(clause), pattern, guard, body: this.body(body) };
  }

  /** `case a, b:` is a sequence pattern without brackets; a lone pattern is itself. */
  private openSequence(nodes: SyntaxNode[], owner: SyntaxNode): A.Pattern {
    const { items, trailingComma } = splitCommas(nodes);
    if (items.length === 0) this.unexpected(owner);
    if (items.length === 1 && !trailingComma) {
      const only = items[0]![0]!;
      // `case *x:` is a sequence of one that lacks its comma: CPython stops after it.
      if (only.name === 'StarPattern') this.fail(only.to, only.to + 1, 'invalid syntax');
      return this.pattern(only);
    }
    const first = items[0]![0]!;
    const last = nodes[nodes.length - 1]!;
    return { kind: 'MatchSequence', ...this.base(first.from, last.name === ',' ? items[items.length - 1]![0]!.to : last.to), patterns: items.map((item) => this.element(item[0]!)) };
  }

  /** An element of a sequence pattern: a pattern, or `*name`, which only a sequence may hold. */
  private element(node: SyntaxNode): A.Pattern {
    if (node.name !== 'StarPattern') return this.pattern(node);
    const capture = kids(node).find((c) => c.name === 'CapturePattern');
    const name = capture === undefined ? '_' : this.identifier(kids(capture)[0] ?? this.unexpected(capture));
    return { kind: 'MatchStar', ...this.at(node), name: name === '_' ? null : name };
  }

  /** An or-pattern of these alternatives, checked in order, as CPython's compiler checks them. */
  private alternatives(nodes: SyntaxNode[], from: number, to: number): A.Pattern {
    const patterns = nodes.map((c) => this.pattern(c));
    // Each alternative binds the first one's names, and every one but the last can fail.
    const first = new Set(capturesOf(patterns[0]!).map((c) => c.name));
    patterns.forEach((p, i) => {
      const captures = capturesOf(p);
      const names = new Set(captures.map((c) => c.name));
      if (names.size !== first.size || [...names].some((n) => !first.has(n))) {
        // Where CPython points: the first name the first alternative lacks, else the last name.
        const at = captures.find((c) => !first.has(c.name)) ?? captures[captures.length - 1] ?? { range: p.range };
        this.fail(at.range.from, at.range.to, 'alternative patterns bind different names');
      }
      this.unreachableAfter(p, i === patterns.length - 1);
    });
    return { kind: 'MatchOr', ...this.base(from, to), patterns };
  }

  protected pattern(node: SyntaxNode): A.Pattern {
    const k = kids(node);
    switch (node.name) {
      case 'CapturePattern': {
        const name = this.identifier(k[0] ?? this.unexpected(node));
        return { kind: 'MatchAs', ...this.at(node), pattern: null, name: name === '_' ? null : name };
      }
      case 'LiteralPattern':
        return this.literalPattern(node, k);
      case 'AttributePattern':
        return { kind: 'MatchValue', ...this.at(node), value: this.dottedName(node) };
      case 'StarPattern':
        // Outside a sequence (sequence elements are read by element()).
        return this.fail(node.from, node.from + 1, 'invalid syntax');
      case 'AsPattern': {
        const inner = k.find((c) => PATTERN_NODES.has(c.name)) ?? this.unexpected(node);
        // `*x as y`: CPython read a star and stops at the `as`.
        const asKeyword = k.find((c) => c.name === 'as');
        if (inner.name === 'StarPattern' && asKeyword !== undefined) this.fail(asKeyword.from, asKeyword.to, 'invalid syntax');
        const nameNode = k[k.length - 1]!;
        if (nameNode.name !== 'VariableName') this.unexpected(node);
        const name = this.identifier(nameNode);
        if (name === '_') this.fail(nameNode.from, nameNode.to, "cannot use '_' as a target");
        return { kind: 'MatchAs', ...this.at(node), pattern: this.pattern(inner), name };
      }
      case 'OrPattern': {
        const alternatives = k.filter((c) => PATTERN_NODES.has(c.name));
        // `a | b as m` is `(a | b) as m` (`as` binds looser than `|`), where the tree has
        // `a | (b as m)`; a parenthesised `(b as m)` is a SequencePattern, not an AsPattern.
        const last = alternatives[alternatives.length - 1]!;
        if (last.name === 'AsPattern') {
          const asKids = kids(last);
          const inner = asKids.find((c) => PATTERN_NODES.has(c.name)) ?? this.unexpected(last);
          const nameNode = asKids[asKids.length - 1]!;
          if (nameNode.name !== 'VariableName') this.unexpected(last);
          const name = this.identifier(nameNode);
          if (name === '_') this.fail(nameNode.from, nameNode.to, "cannot use '_' as a target");
          const or = this.alternatives([...alternatives.slice(0, -1), inner], node.from, inner.to);
          return { kind: 'MatchAs', ...this.at(node), pattern: or, name };
        }
        return this.alternatives(alternatives, node.from, node.to);
      }      case 'SequencePattern': {
        if (isEmptyBrackets(node, this.src)) {
          const end = node.from + this.text(node).trim().length;
          return { kind: 'MatchSequence', ...this.base(node.from, end), patterns: [] };
        }
        const inner = k.filter((c) => c.name !== '(' && c.name !== ')' && c.name !== '[' && c.name !== ']');
        const parenthesised = k[0]?.name === '(';
        const elements = inner;
        const { items, trailingComma } = splitCommas(elements);
        // `(p)` is p itself, grouped; `(p,)` and `[p]` are sequences.
        if (parenthesised && items.length === 1 && !trailingComma) {
          const only = items[0]![0]!;
          if (only.name === 'StarPattern') this.fail(node.to - 1, node.to, 'invalid syntax');
          return this.pattern(only);
        }
        const patterns = items.map((item) => this.element(item[0]!));
        if (patterns.filter((p) => p.kind === 'MatchStar').length > 1) this.fail(node.from, node.to, 'multiple starred names in sequence pattern');
        return { kind: 'MatchSequence', ...this.at(node), patterns };
      }
      case 'MappingPattern':
        return this.mappingPattern(node, k);
      case 'ClassPattern':
        return this.classPattern(node, k);
      default:
        return this.unexpected(node);
    }
  }

  private literalPattern(node: SyntaxNode, k: SyntaxNode[]): A.Pattern {
    const first = k[0] ?? this.unexpected(node);
    if (first.name === 'None') return { kind: 'MatchSingleton', ...this.at(node), value: null };
    if (first.name === 'Boolean') return { kind: 'MatchSingleton', ...this.at(node), value: this.text(first) === 'True' };
    return { kind: 'MatchValue', ...this.at(node), value: this.literalValue(node, k) };
  }

  /** A literal of a pattern, as an expression: a number (signed), a string or bytes (not an f-string). */
  private literalValue(node: SyntaxNode, k: SyntaxNode[]): A.Expression {
    const first = k[0] ?? this.unexpected(node);
    if (first.name === 'ArithOp' && this.text(first) === '-' && k[1]?.name === 'Number' && k.length === 2) {
      return { kind: 'UnaryOp', ...this.at(node), op: 'USub', operand: this.expr(k[1]) };
    }
    if (k.length !== 1 || (first.name !== 'Number' && first.name !== 'String' && first.name !== 'FormatString')) this.unexpected(node);
    const value = this.expr(first);
    if (value.kind === 'JoinedStr') this.fail(node.from, node.to, 'patterns may only match literals and attribute lookups');
    return value;
  }

  /** `a.b.c` in a pattern: a value looked up when the case is tried. */
  private dottedName(node: SyntaxNode): A.Expression {
    const parts = kids(node).filter((c) => c.name === 'VariableName' || c.name === 'PropertyName');
    let value: A.Expression = { kind: 'Name', ...this.at(parts[0] ?? this.unexpected(node)), id: this.identifier(parts[0]!), ctx: 'Load' };
    for (const part of parts.slice(1)) value = { kind: 'Attribute', ...this.base(node.from, part.to), value, attr: this.identifier(part), ctx: 'Load' };
    return value;
  }

  private mappingPattern(node: SyntaxNode, k: SyntaxNode[]): A.MatchMapping {
    const inner = k.filter((c) => c.name !== '{' && c.name !== '}');
    const { items } = splitCommas(inner);
    const keys: A.Expression[] = [];
    const patterns: A.Pattern[] = [];
    let rest: string | null = null;
    items.forEach((item, i) => {
      const head = item[0]!;
      if (head.name === '**') {
        const capture = item[1] ?? this.unexpected(head);
        rest = this.identifier(kids(capture)[0] ?? this.unexpected(capture));
        if (rest === '_') this.fail(capture.from, capture.to, 'invalid syntax');
        if (i !== items.length - 1) this.fail(head.from, head.to, 'invalid syntax');
        return;
      }
      const colon = item.findIndex((c) => c.name === ':');
      const valueNode = item[colon + 1];
      if (colon !== 1 || valueNode === undefined) this.unexpected(head);
      if (head.name === 'LiteralPattern') {
        const lit = this.literalPattern(head, kids(head));
        keys.push(lit.kind === 'MatchSingleton' ? { kind: 'Constant', ...this.at(head), ...constantOf(lit.value) } : (lit as A.MatchValue).value);
      } else if (head.name === 'AttributePattern') keys.push(this.dottedName(head));
      else this.fail(head.from, head.to, 'mapping pattern keys may only match literals and attribute lookups');
      patterns.push(this.pattern(valueNode));
    });
    // Two equal literal keys can never both match: CPython's compiler refuses them.
    const literals = keys.map((key) => literalKey(key));
    const values = literals.map((key) => key?.value ?? null);
    const twice = values.findIndex((value, i) => value !== null && values.indexOf(value) !== i);
    if (twice >= 0) this.fail(node.from, node.to, `mapping pattern checks duplicate key (${literals[twice]!.shown})`);
    return { kind: 'MatchMapping', ...this.at(node), keys, patterns, rest };
  }

  private classPattern(node: SyntaxNode, k: SyntaxNode[]): A.MatchClass {
    const clsNode = k[0] ?? this.unexpected(node);
    const cls: A.Expression =
      clsNode.name === 'VariableName' ? { kind: 'Name', ...this.at(clsNode), id: this.identifier(clsNode), ctx: 'Load' } : clsNode.name === 'AttributePattern' ? this.dottedName(clsNode) : this.unexpected(clsNode);
    const argList = k.find((c) => c.name === 'PatternArgList') ?? this.unexpected(node);
    const args = isEmptyBrackets(argList, this.src) ? [] : kids(argList).filter((c) => c.name !== '(' && c.name !== ')');
    const { items } = splitCommas(args);
    const patterns: A.Pattern[] = [];
    const kwdAttrs: string[] = [];
    const kwdPatterns: A.Pattern[] = [];
    for (const item of items) {
      const head = item[0]!;
      if (head.name === 'KeywordPattern') {
        const [attr, value] = kids(head).filter((c) => c.name !== '=' && c.name !== 'AssignOp');
        if (attr === undefined || value === undefined) this.unexpected(head);
        kwdAttrs.push(this.identifier(attr));
        kwdPatterns.push(this.pattern(value));
      } else {
        if (kwdAttrs.length > 0) this.fail(head.from, head.to, 'positional patterns follow keyword patterns');
        patterns.push(this.pattern(head));
      }
    }
    const repeated = kwdAttrs.findIndex((a, i) => kwdAttrs.indexOf(a) !== i);
    if (repeated >= 0) {
      const at = kwdPatterns[repeated]!.range;
      this.fail(at.from, at.to, `attribute name repeated in class pattern: ${kwdAttrs[repeated]}`);
    }
    return { kind: 'MatchClass', ...this.at(node), cls, patterns, kwdAttrs, kwdPatterns };
  }

  /** A name bound twice in one pattern is CPython's SyntaxError (at the second binding). */
  private checkBindings(pattern: A.Pattern): void {
    const seen = new Set<string>();
    for (const capture of capturesOf(pattern)) {
      if (seen.has(capture.name)) this.fail(capture.range.from, capture.range.to, `multiple assignments to name '${capture.name}' in pattern`);
      seen.add(capture.name);
    }
  }
}

/** The name a pattern that always matches binds ('_' for the wildcard), or null when it can fail. */
export function irrefutable(p: A.Pattern): string | null {
  if (p.kind === 'MatchAs') return p.pattern === null ? (p.name ?? '_') : irrefutable(p.pattern) === null ? null : (p.name ?? '_');
  if (p.kind === 'MatchOr') return p.patterns.some((q) => irrefutable(q) !== null) ? '_' : null;
  return null;
}

function constantOf(value: null | boolean): A.ConstantValue {
  return value === null ? { type: 'None', value: null } : { type: 'bool', value };
}

/** A literal key: as CPython's message shows it ('a', 1, None), and its value for equality (1 == 1.0 == True); null for a dotted name. */
function literalKey(key: A.Expression): { shown: string; value: string } | null {
  if (key.kind === 'UnaryOp' && key.operand.kind === 'Constant') {
    const inner = literalKey(key.operand);
    return inner === null ? null : { shown: `-${inner.shown}`, value: `-${inner.value}` };
  }
  if (key.kind !== 'Constant') return null;
  switch (key.type) {
    case 'str':
      return { shown: `'${key.value}'`, value: `s${key.value}` };
    case 'bytes':
      return { shown: `b'${key.value}'`, value: `b${key.value}` };
    case 'None':
      return { shown: 'None', value: 'None' };
    case 'bool':
      return { shown: key.value ? 'True' : 'False', value: `n${key.value ? 1 : 0}` };
    case 'int':
    case 'float':
      return { shown: String(key.value), value: `n${Number(key.value)}` };
    default:
      return null;
  }
}

/** The captures of a pattern, in source order, with where each is written (an or-pattern's: its first alternative's). */
function capturesOf(p: A.Pattern, out: { name: string; range: A.NodeBase['range'] }[] = []): { name: string; range: A.NodeBase['range'] }[] {
  switch (p.kind) {
    case 'MatchAs':
      if (p.pattern) capturesOf(p.pattern, out);
      if (p.name !== null) out.push({ name: p.name, range: p.range });
      break;
    case 'MatchStar':
      if (p.name !== null) out.push({ name: p.name, range: p.range });
      break;
    case 'MatchSequence':
    case 'MatchOr':
      for (const q of p.kind === 'MatchOr' ? p.patterns.slice(0, 1) : p.patterns) capturesOf(q, out);
      break;
    case 'MatchMapping':
      for (const q of p.patterns) capturesOf(q, out);
      if (p.rest !== null) out.push({ name: p.rest, range: p.range });
      break;
    case 'MatchClass':
      for (const q of [...p.patterns, ...p.kwdPatterns]) capturesOf(q, out);
      break;
    default:
      break;
  }
  return out;
}
