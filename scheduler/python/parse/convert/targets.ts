/** The converter's target layer: parameter lists, and what may be assigned to or deleted. */
import type { SyntaxNode } from '@lezer/common';
import type * as A from '../../ast.ts';
import { kids, splitCommas } from '../nodes.ts';
import { isSlashMarker } from '../tree-errors.ts';
import { exprName, mayBeComparison } from './base.ts';
import type { TargetMode } from './base.ts';
import { OperatorConverter } from './operators.ts';

export abstract class TargetConverter extends OperatorConverter {
  protected params(node: SyntaxNode, isLambda: boolean): A.Arguments {
    // Lezer drops the positional-only marker `/` from a def's parameters, and makes it an error
    // node in a lambda's (tree-errors.ts lets that one pass): find it in the gaps between the
    // other children (comments left out), each one as the position it stands at.
    const all = kids(node).filter((c) => !isSlashMarker(c, this.src));
    const slashes: number[] = [];
    let prevEnd = node.from;
    for (const c of [...all, null]) {
      const gapEnd = c ? c.from : node.to;
      const gap = this.src.slice(prevEnd, gapEnd).replace(/#[^\r\n]*/g, (comment) => ' '.repeat(comment.length));
      for (let at = gap.indexOf('/'); at >= 0; at = gap.indexOf('/', at + 1)) slashes.push(prevEnd + at);
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
    let posonlyCount = 0;
    let slashSeen = false;
    /** The `/`s before `from` (each checked as CPython's grammar does, in order). */
    const takeSlashes = (from: number): void => {
      while (slashes.length > 0 && slashes[0]! < from) {
        const at = slashes.shift()!;
        if (slashSeen) this.fail(at, at + 1, '/ may appear only once');
        if (keywordOnly) this.fail(at, at + 1, '/ must be ahead of *');
        if (kwarg) this.fail(at, at + 1, 'arguments cannot follow var-keyword argument');
        if (args.length === 0) this.fail(at, at + 1, 'at least one argument must precede /');
        slashSeen = true;
        posonlyCount = args.length;
      }
    };

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
      takeSlashes(head.from);
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
    takeSlashes(node.to);
    if (bareStar && kwonlyargs.length === 0) this.fail(bareStar.from, bareStar.to, 'named arguments must follow bare *');
    const from = isLambda && inner.length > 0 ? inner[0]!.from : node.from;
    const to = isLambda && inner.length > 0 ? inner[inner.length - 1]!.to : node.to;
    return { kind: 'arguments', ...this.base(from, to), args, posonlyCount, defaults, vararg, kwonlyargs, kwDefaults, kwarg };
  }

  // ---- targets ------------------------------------------------------------------------------

  /**
   * Marks `e` as an assignment/deletion target (ctx) after checking it is one, with CPython's
   * messages. `candidates` are the expressions that get the "Maybe you meant '=='" suffix.
   */
  protected target<T extends A.Expression>(e: T, mode: TargetMode, nested: boolean, candidates: A.Expression[] = []): T {
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
      case 'YieldFrom':
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
}
