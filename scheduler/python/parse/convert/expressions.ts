/** The converter's expression layer: every expression form, from names to comprehensions and calls. */
import type { SyntaxNode } from '@lezer/common';
import type * as A from '../../ast.ts';
import { kids, splitCommas } from '../nodes.ts';
import { MAX_EXPRESSION_DEPTH } from '../problems.ts';
import { exprName, scopeFields } from './base.ts';
import { TargetConverter } from './targets.ts';

export abstract class ExpressionConverter extends TargetConverter {
  /** One comma-list item: an expression, or `*expr`. */
  protected item(item: SyntaxNode[]): A.Expression {
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
  protected list(nodes: SyntaxNode[], owner: SyntaxNode): A.Expression {
    if (nodes.length === 0) this.unexpected(owner);
    const { items, trailingComma } = splitCommas(nodes);
    if (items.length === 1 && !trailingComma) return this.item(items[0]!);
    const elts = items.map((it) => this.item(it));
    return { kind: 'Tuple', ...this.base(nodes[0]!.from, nodes[nodes.length - 1]!.to), elts, ctx: 'Load' };
  }

  /** A comma list in a load context, where a lone `*x` is an error. */
  protected override loadList(nodes: SyntaxNode[], owner: SyntaxNode): A.Expression {
    const e = this.list(nodes, owner);
    this.noBareStar(e);
    return e;
  }

  protected noBareStar(e: A.Expression): void {
    if (e.kind === 'Starred') this.fail(e.range.from, e.range.to, "can't use starred expression here");
  }

  override expr(node: SyntaxNode): A.Expression {
    if (++this.depth > MAX_EXPRESSION_DEPTH) this.tooDeep(node.from);
    try {
      return this.exprInner(node);
    } finally {
      this.depth--;
    }
  }

  protected exprInner(node: SyntaxNode): A.Expression {
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
        return this.namedExpr(node, k[0]!, k[k.length - 1]!);
      }
      default:
        return this.unexpected(node);
    }
  }

  /** `target := value` (PEP 572): the target is a plain name, as CPython's grammar requires. */
  protected namedExpr(node: SyntaxNode | null, targetNode: SyntaxNode, valueNode: SyntaxNode, lastNode: SyntaxNode = valueNode): A.NamedExpr {
    const b = node === null ? this.base(targetNode.from, lastNode.to) : this.at(node);
    const target = this.expr(targetNode);
    // Only a bare name: even `(x) := 1` is refused, by CPython's grammar.
    if (target.kind !== 'Name' || targetNode.name !== 'VariableName') this.fail(target.range.from, target.range.to, `cannot use assignment expressions with ${exprName(target)}`);
    return { kind: 'NamedExpr', ...b, target: { ...target, ctx: 'Store' }, value: this.expr(valueNode) };
  }

  protected number(node: SyntaxNode): A.Constant {
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

  protected member(node: SyntaxNode): A.Attribute | A.Subscript {
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

  protected dict(node: SyntaxNode): A.Dict {
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
  protected comprehension(node: SyntaxNode, nodes: SyntaxNode[], b: A.NodeBase): A.Expression {
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

  protected compClauses(
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
  protected callArgs(argList: SyntaxNode, isClass: boolean): { args: A.Expression[]; keywords: A.Keyword[] } {
    const inner = kids(argList).filter((c) => c.name !== '(' && c.name !== ')');
    const args: A.Expression[] = [];
    const keywords: A.Keyword[] = [];
    const compIndex = inner.findIndex((c) => c.name === 'for' || c.name === 'async');
    if (compIndex >= 0) {
      // f(x for x in y): a generator expression as the sole argument. Commas between `for` and
      // `in` separate the loop's targets (`for k, v in d`); any other comma is an argument's.
      let start = compIndex;
      while (start > 0 && inner[start - 1]!.name !== ',') start--;
      let argumentComma = start > 0;
      let inTarget = false;
      for (let i = compIndex; i < inner.length; i++) {
        const name = inner[i]!.name;
        if (name === 'for') inTarget = true;
        else if (name === 'in') inTarget = false;
        else if (name === ',' && !inTarget) argumentComma = true;
      }
      const genItem = inner.slice(start).filter((c, i, all) => !(c.name === ',' && i === all.length - 1));
      if (genItem[1]?.name === 'AssignOp') {
        this.fail(genItem[0]!.from, genItem[1].to, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
      }
      if (argumentComma || isClass) {
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
          args.push(this.namedExpr(null, head, valueNode, last));
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

  protected override yieldExpr(node: SyntaxNode): A.Yield | A.YieldFrom {
    const k = kids(node);
    const b = this.at(node);
    const isFrom = k[1]?.name === 'from';
    const where = this.enclosing();
    if (isFrom) {
      const kw = k[1]!;
      const value = this.expr(k[2] ?? this.unexpected(kw));
      if (where === 'async') this.fail(node.from, node.to, "'yield from' inside async function");
      // Elsewhere (module, class, comprehension, lambda) the scope pass reports it like a plain yield.
      return { kind: 'YieldFrom', ...b, value };
    }
    const rest = k.slice(1);
    const value = rest.length > 0 ? this.list(rest, node) : null;
    if (value) this.noBareStar(value);
    return { kind: 'Yield', ...b, value };
  }
}
