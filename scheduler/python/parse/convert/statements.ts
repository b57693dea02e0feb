/** The converter's statement layer, and the Converter itself: a module's statements, one by one. */
import type { SyntaxNode } from '@lezer/common';
import type * as A from '../../ast.ts';
import { kids, splitCommas } from '../nodes.ts';
import { endOfToken } from '../chars.ts';
import { Failure, syntax } from '../problems.ts';
import { HINTS, isModelledModule, unmodelledModule } from '../subset.ts';
import { docstringOf, endOf, exprName, nextTokenStart, scopeFields } from './base.ts';
import { PatternConverter } from './patterns.ts';

const STATEMENT_NODES = new Set([
  'ExpressionStatement',
  'AssignStatement',
  'UpdateStatement',
  'DeleteStatement',
  'PassStatement',
  'BreakStatement',
  'ContinueStatement',
  'ReturnStatement',
  'YieldStatement',
  'PrintStatement',
  'RaiseStatement',
  'ImportStatement',
  'ScopeStatement',
  'AssertStatement',
  'TypeDefinition',
  'StatementGroup',
  'IfStatement',
  'WhileStatement',
  'ForStatement',
  'TryStatement',
  'WithStatement',
  'FunctionDefinition',
  'ClassDefinition',
  'DecoratedStatement',
  'MatchStatement',
]);

const AUG_OPS: ReadonlyMap<string, A.BinOperator> = new Map([
  ['+=', 'Add'],
  ['-=', 'Sub'],
  ['*=', 'Mult'],
  ['/=', 'Div'],
  ['//=', 'FloorDiv'],
  ['%=', 'Mod'],
  ['**=', 'Pow'],
  ['<<=', 'LShift'],
  ['>>=', 'RShift'],
  ['|=', 'BitOr'],
  ['^=', 'BitXor'],
  ['&=', 'BitAnd'],
]);

/** The features `from __future__ import` accepts in Python 3.11 (Lib/__future__.py). */
const FUTURE_FEATURES: ReadonlySet<string> = new Set([
  'nested_scopes',
  'generators',
  'division',
  'absolute_import',
  'with_statement',
  'print_function',
  'unicode_literals',
  'barry_as_FLUFL',
  'generator_stop',
  'annotations',
]);

const LATE_FUTURE = 'from __future__ imports must occur at the beginning of the file';

export class Converter extends PatternConverter {
  /** Every `from __future__ import ...` met, wherever it is: only those at the top are allowed. */
  private readonly futureImports: A.ImportFrom[] = [];

  module(top: SyntaxNode): A.Module {
    const body = this.statements(kids(top));
    const futureAnnotations = this.futureFeatures(body);
    return { kind: 'Module', ...this.base(0, this.src.length), body, docstring: docstringOf(body), futureAnnotations };
  }

  /**
   * The future statements at the top of the module (after the docstring, if any), checked as
   * CPython's future.c does, then any other `from __future__` import refused as its compiler
   * refuses it (a statement on the line of the last valid one still counts as at the top).
   * Returns whether `annotations` is among the features.
   */
  private futureFeatures(body: A.Statement[]): boolean {
    if (this.futureImports.length === 0) return false;
    let annotations = false;
    let lastFutureLine = -1;
    let done = false;
    let foundDocstring = false;
    let prevLine = 0;
    for (const s of body) {
      if (done && s.line > prevLine) break;
      prevLine = s.line;
      if (s.kind === 'ImportFrom' && s.module === '__future__') {
        if (done) this.fail(s.range.from, s.range.to, LATE_FUTURE);
        for (const alias of s.names) {
          if (alias.name === 'annotations') annotations = true;
          else if (alias.name === 'braces') this.fail(s.range.from, s.range.to, 'not a chance');
          else if (!FUTURE_FEATURES.has(alias.name)) this.fail(s.range.from, s.range.to, `future feature ${alias.name} is not defined`);
        }
        lastFutureLine = s.line;
      } else if (s.kind === 'Expr' && !foundDocstring) {
        if (s.value.kind !== 'Constant' || s.value.type !== 'str') done = true;
        foundDocstring = true;
      } else {
        done = true;
      }
    }
    const late = this.futureImports.find((s) => s.line > lastFutureLine);
    if (late) this.fail(late.range.from, late.range.to, LATE_FUTURE);
    return annotations;
  }

  protected statements(nodes: SyntaxNode[]): A.Statement[] {
    const out: A.Statement[] = [];
    for (const n of nodes) {
      if (!STATEMENT_NODES.has(n.name)) {
        if (n.name === ':') continue;
        this.unexpected(n);
      }
      for (const s of this.statement(n)) out.push(s);
    }
    return out;
  }

  protected body(node: SyntaxNode | undefined): A.Statement[] {
    if (!node || node.name !== 'Body') return this.unexpected(node ?? this.missingNode());
    const stmts = this.statements(kids(node));
    if (stmts.length === 0) this.unexpected(node);
    return stmts;
  }

  protected statement(node: SyntaxNode): A.Statement[] {
    const k = kids(node);
    const b = this.at(node);
    switch (node.name) {
      case 'StatementGroup':
        return this.statements(k.filter((c) => c.name !== ';'));
      case 'PassStatement':
        return [{ kind: 'Pass', ...b }];
      case 'BreakStatement':
        return [{ kind: 'Break', ...b }];
      case 'ContinueStatement':
        return [{ kind: 'Continue', ...b }];
      case 'ExpressionStatement': {
        const value = this.loadList(k, node);
        return [{ kind: 'Expr', ...b, value }];
      }
      case 'YieldStatement':
        return [{ kind: 'Expr', ...b, value: this.yieldExpr(node) }];
      case 'PrintStatement':
        // Only a bare `print` gets here (the others were reported by firstTreeProblem).
        return [{ kind: 'Expr', ...b, value: { kind: 'Name', ...this.base(node.from, node.from + 5), id: 'print', ctx: 'Load' } }];
      case 'AssignStatement':
        return [this.assign(node, k)];
      case 'UpdateStatement':
        return [this.augAssign(node, k)];
      case 'DeleteStatement': {
        const { items } = splitCommas(k.slice(1));
        const targets = items.map((item) => this.target(this.item(item), 'del', false));
        return [{ kind: 'Delete', ...b, targets }];
      }
      case 'ReturnStatement': {
        const value = k.length > 1 ? this.loadList(k.slice(1), node) : null;
        return [{ kind: 'Return', ...b, value }];
      }
      case 'RaiseStatement':
        return [this.raise(node, k)];
      case 'ImportStatement':
        return this.importStatement(node, k);
      case 'ScopeStatement': {
        const names = k.filter((c) => c.name === 'VariableName').map((c) => this.identifier(c));
        const comma = k.length > 1 ? k[k.length - 1]! : null;
        if (comma && comma.name === ',') this.fail(comma.to, comma.to, 'invalid syntax');
        return [k[0]!.name === 'global' ? { kind: 'Global', ...b, names } : { kind: 'Nonlocal', ...b, names }];
      }
      case 'AssertStatement': {
        const { items, trailingComma } = splitCommas(k.slice(1));
        if (items.length > 2 || trailingComma) {
          const commas = k.filter((c) => c.name === ',');
          const bad = commas[items.length > 2 ? 1 : commas.length - 1]!;
          this.fail(bad.from, bad.to, 'invalid syntax');
        }
        const test = this.item(items[0]!);
        const msg = items[1] ? this.item(items[1]) : null;
        this.noBareStar(test);
        if (msg) this.noBareStar(msg);
        return [{ kind: 'Assert', ...b, test, msg }];
      }
      case 'TypeDefinition':
        this.refuse(node.from, node.from + 4, 'the `type` statement is not supported', HINTS.typeStatement);
        return [{ kind: 'Pass', ...b }];
      case 'IfStatement':
        return [this.ifStatement(node, k)];
      case 'WhileStatement':
        return [this.whileStatement(node, k)];
      case 'ForStatement':
        return [this.forStatement(node, k)];
      case 'TryStatement':
        return [this.tryStatement(node, k)];
      case 'WithStatement':
        return [this.withStatement(node, k)];
      case 'FunctionDefinition':
        return [this.functionDef(node, k)];
      case 'ClassDefinition':
        return [this.classDef(node, k)];
      case 'DecoratedStatement': {
        const decoratorList = k.filter((c) => c.name === 'Decorator').map((d) => this.decorator(d));
        const inner = k[k.length - 1]!;
        const [decorated] = this.statement(inner);
        if (!decorated || (decorated.kind !== 'FunctionDef' && decorated.kind !== 'AsyncFunctionDef' && decorated.kind !== 'ClassDef')) {
          return this.unexpected(inner);
        }
        // The statement starts at its first decorator, as CPython's tracebacks show it.
        decorated.decoratorList = decoratorList;
        return [decorated];
      }
      case 'MatchStatement':
        return [this.matchStatement(node, k)];
      default:
        return this.unexpected(node);
    }
  }

  protected assign(node: SyntaxNode, k: SyntaxNode[]): A.Statement {
    const b = this.at(node);
    const segments: SyntaxNode[][] = [[]];
    let annotation: SyntaxNode | null = null;
    const eqs: SyntaxNode[] = [];
    for (const c of k) {
      if (c.name === 'AssignOp') {
        eqs.push(c);
        segments.push([]);
      } else if (c.name === 'TypeDef') annotation = c;
      else segments[segments.length - 1]!.push(c);
    }
    const valueOf = (seg: SyntaxNode[], owner: SyntaxNode): A.Expression =>
      seg.length === 1 && seg[0]!.name === 'YieldExpression' ? this.yieldExpr(seg[0]!) : this.loadList(seg, owner);

    if (annotation) {
      if (segments.length > 2) this.fail(eqs[1]!.from, eqs[1]!.to, 'invalid syntax');
      const targetNodes = segments[0]!;
      const { items, trailingComma } = splitCommas(targetNodes);
      if (items.length > 1 || trailingComma) {
        this.fail(targetNodes[0]!.from, targetNodes[0]!.to, 'only single target (not tuple) can be annotated');
      }
      const targetNode = items[0]![0]!;
      const target = this.item(items[0]!);
      if (target.kind === 'Tuple' || target.kind === 'List') {
        this.fail(target.range.from, target.range.to, `only single target (not ${target.kind === 'Tuple' ? 'tuple' : 'list'}) can be annotated`);
      }
      if (target.kind !== 'Name' && target.kind !== 'Attribute' && target.kind !== 'Subscript') {
        this.fail(target.range.from, target.range.to, 'illegal target for annotation');
      }
      this.target(target, 'assign', false);
      const annotationExpr = this.expr(kids(annotation).filter((c) => c.name !== ':')[0] ?? this.unexpected(annotation));
      const value = segments.length === 2 ? valueOf(segments[1]!, node) : null;
      return {
        kind: 'AnnAssign',
        ...b,
        target,
        annotation: annotationExpr,
        value,
        simple: target.kind === 'Name' && targetNode.name !== 'ParenthesizedExpression',
      };
    }

    const value = valueOf(segments[segments.length - 1]!, node);
    const single = segments.length === 2;
    const targets = segments.slice(0, -1).map((seg) => {
      const { items, trailingComma } = splitCommas(seg);
      const t = this.list(seg, node);
      // CPython suggests '==' only for a lone target, or an element of an unparenthesised tuple.
      const candidates = single ? (items.length > 1 || trailingComma ? (t as A.Tuple).elts : [t]) : [];
      return this.target(t, 'assign', false, candidates);
    });
    return { kind: 'Assign', ...b, targets, value };
  }

  protected augAssign(node: SyntaxNode, k: SyntaxNode[]): A.Statement {
    const opIndex = k.findIndex((c) => c.name === 'UpdateOp');
    const opNode = k[opIndex] ?? this.unexpected(node);
    const opText = this.text(opNode);
    const targetNodes = k.slice(0, opIndex);
    const target = this.list(targetNodes, node);
    const valueNodes = k.slice(opIndex + 1);
    const value =
      valueNodes.length === 1 && valueNodes[0]!.name === 'YieldExpression'
        ? this.yieldExpr(valueNodes[0]!)
        : this.loadList(valueNodes, node);
    if (target.kind !== 'Name' && target.kind !== 'Attribute' && target.kind !== 'Subscript') {
      this.fail(target.range.from, target.range.to, `'${exprName(target)}' is an illegal expression for augmented assignment`);
    }
    target.ctx = 'Store';
    let op = AUG_OPS.get(opText);
    if (!op) {
      this.refuse(opNode.from, opNode.to, 'the @= operator (matrix multiplication) is not supported');
      op = 'Mult';
    }
    return { kind: 'AugAssign', ...this.at(node), target, op, value };
  }

  protected raise(node: SyntaxNode, k: SyntaxNode[]): A.Statement {
    const comma = k.find((c) => c.name === ',');
    if (comma) this.fail(comma.from, comma.to, 'invalid syntax');
    const exc = k[1] ? this.expr(k[1]) : null;
    const fromIndex = k.findIndex((c) => c.name === 'from');
    const cause = fromIndex >= 0 ? this.expr(k[fromIndex + 1] ?? this.unexpected(node)) : null;
    return { kind: 'Raise', ...this.at(node), exc, cause };
  }

  /** Refuse a module the runtime does not model (the name as written, dots included). */
  private checkModule(name: string, from: number, to: number): void {
    // Which modules exist is the module registry's to say (subset.ts): the message and hint follow it.
    if (isModelledModule(name)) return;
    this.refuse(from, to, unmodelledModule(name), HINTS.importable());
  }

  /** `import a.b as c, d` and `from a.b import c as d, *`. */
  protected importStatement(node: SyntaxNode, k: SyntaxNode[]): A.Statement[] {
    if (k[0]!.name === 'from') {
      const importIndex = k.findIndex((c) => c.name === 'import');
      const moduleNodes = k.slice(1, importIndex);
      if (moduleNodes.some((c) => c.name === '.' || c.name === 'Ellipsis') && moduleNodes[0]?.name !== 'VariableName') {
        this.refuse(node.from, k[importIndex]?.to ?? node.to, 'relative imports are not supported', HINTS.relativeImport);
        return [{ kind: 'Pass', ...this.at(node) }];
      }
      const module = moduleNodes.map((c) => this.text(c)).join('');
      const text = this.src.slice(node.from, node.to).trimEnd();
      if (text.endsWith(',') && !text.includes('(')) {
        this.fail(node.to, node.to, 'trailing comma not allowed without surrounding parentheses');
      }
      const rest = k.slice(importIndex + 1).filter((c) => c.name !== '(' && c.name !== ')');
      const { items } = splitCommas(rest);
      const names: A.Alias[] = [];
      for (const item of items) {
        const first = item[0]!;
        const last = item[item.length - 1]!;
        if (first.name === '*') {
          if (this.enclosing() !== 'module') this.fail(first.from, first.to, 'import * only allowed at module level');
          names.push({ kind: 'alias', ...this.at(first), name: '*', asname: null });
          continue;
        }
        const asIndex = item.findIndex((c) => c.name === 'as');
        const asname = asIndex >= 0 ? this.identifier(item[asIndex + 1] ?? this.unexpected(item[asIndex]!)) : null;
        names.push({ kind: 'alias', ...this.base(first.from, last.to), name: this.identifier(first), asname });
      }
      this.checkModule(module, moduleNodes[0]?.from ?? node.from, moduleNodes[moduleNodes.length - 1]?.to ?? node.to);
      const statement: A.ImportFrom = { kind: 'ImportFrom', ...this.at(node), module, names, level: 0 };
      if (module === '__future__') this.futureImports.push(statement);
      return [statement];
    }
    const { items, trailingComma } = splitCommas(k.slice(1));
    if (trailingComma) this.fail(node.to, node.to, 'invalid syntax');
    const names: A.Alias[] = [];
    for (const item of items) {
      const first = item[0]!;
      const last = item[item.length - 1]!;
      const asIndex = item.findIndex((c) => c.name === 'as');
      const dotted = item.slice(0, asIndex >= 0 ? asIndex : item.length);
      const moduleName = dotted.map((c) => (c.name === 'VariableName' ? this.identifier(c) : this.text(c))).join('');
      this.checkModule(moduleName, first.from, dotted[dotted.length - 1]!.to);
      const asname = asIndex >= 0 ? this.identifier(item[asIndex + 1] ?? this.unexpected(item[asIndex]!)) : null;
      names.push({ kind: 'alias', ...this.base(first.from, last.to), name: moduleName, asname });
    }
    return [{ kind: 'Import', ...this.at(node), names }];
  }

  /** `@name`, `@a.b` or `@a.b(args)`: the decorator as an expression. */
  protected decorator(node: SyntaxNode): A.Expression {
    const k = kids(node).filter((c) => c.name !== 'At');
    let expr: A.Expression | null = null;
    for (const c of k) {
      if (c.name === 'VariableName') {
        const id = this.identifier(c);
        expr = expr === null ? { kind: 'Name', ...this.at(c), id, ctx: 'Load' } : { kind: 'Attribute', ...this.base(expr.range.from, c.to), value: expr, attr: id, ctx: 'Load' };
      } else if (c.name === 'ArgList' && expr !== null) {
        const { args, keywords } = this.callArgs(c, false);
        expr = { kind: 'Call', ...this.base(expr.range.from, c.to), func: expr, args, keywords };
      } else if (c.name !== '.') {
        return this.unexpected(c);
      }
    }
    return expr ?? this.unexpected(node);
  }

  protected ifStatement(node: SyntaxNode, k: SyntaxNode[]): A.If {
    // if test Body (elif test Body)* (else Body)?  -> nested If nodes, as CPython does.
    const clauses: { keyword: SyntaxNode; test: SyntaxNode; body: SyntaxNode }[] = [];
    let elseBody: A.Statement[] = [];
    let i = 0;
    while (i < k.length) {
      const kw = k[i]!;
      if (kw.name === 'if' || kw.name === 'elif') {
        const test = k[i + 1];
        if (!test) this.unexpected(kw);
        if (test.name === 'Body') this.fail(test.from, test.from + 1, 'invalid syntax');
        clauses.push({ keyword: kw, test, body: k[i + 2] ?? this.unexpected(test) });
        i += 3;
      } else if (kw.name === 'else') {
        elseBody = this.body(k[i + 1]);
        i += 2;
      } else this.unexpected(kw);
    }
    let orelse = elseBody;
    let result: A.If | null = null;
    for (let c = clauses.length - 1; c >= 0; c--) {
      const clause = clauses[c]!;
      const test = this.expr(clause.test);
      const body = this.body(clause.body);
      const end = endOf(orelse.length > 0 ? orelse : body);
      result = { kind: 'If', ...this.base(clause.keyword.from, end), test, body, orelse };
      orelse = [result];
    }
    return result ?? this.unexpected(node);
  }

  protected whileStatement(node: SyntaxNode, k: SyntaxNode[]): A.While {
    const test = this.expr(k[1] ?? this.unexpected(node));
    const body = this.body(k[2]);
    const orelse = this.loopElse(k, 3);
    return { kind: 'While', ...this.base(node.from, endOf(orelse.length > 0 ? orelse : body)), test, body, orelse };
  }

  /** A loop's `else:` block (run when the loop ends without `break`), or none. */
  protected loopElse(k: SyntaxNode[], i: number): A.Statement[] {
    return k[i]?.name === 'else' ? this.body(k[i + 1]) : [];
  }

  protected forStatement(node: SyntaxNode, k: SyntaxNode[]): A.For | A.AsyncFor {
    const isAsync = k[0]!.name === 'async';
    const forIndex = isAsync ? 1 : 0;
    const inIndex = k.findIndex((c) => c.name === 'in');
    const bodyIndex = k.findIndex((c) => c.name === 'Body');
    if (inIndex < 0 || bodyIndex < 0) this.unexpected(node);
    const target = this.target(this.list(k.slice(forIndex + 1, inIndex), node), 'for', false);
    const iter = this.loadList(k.slice(inIndex + 1, bodyIndex), node);
    const body = this.body(k[bodyIndex]);
    const orelse = this.loopElse(k, bodyIndex + 1);
    return { kind: isAsync ? 'AsyncFor' : 'For', ...this.base(node.from, endOf(orelse.length > 0 ? orelse : body)), target, iter, body, orelse };
  }

  protected tryStatement(node: SyntaxNode, k: SyntaxNode[]): A.Try | A.TryStar {
    const body = this.body(k[1]);
    const handlers: A.ExceptHandler[] = [];
    let star: boolean | null = null;
    let orelse: A.Statement[] = [];
    let finalbody: A.Statement[] = [];
    let bareHandler: A.ExceptHandler | null = null;
    let elseKeyword: SyntaxNode | null = null;
    let i = 2;
    while (i < k.length && k[i]!.name === 'except') {
      const kw = k[i]!;
      i++;
      const isStar = k[i]?.name === '*';
      if (isStar) i++;
      if (star !== null && star !== isStar) {
        this.fail(kw.from, k[i - 1]!.to, "cannot have both 'except' and 'except*' on the same 'try'");
      }
      star = isStar;
      let type: A.Expression | null = null;
      let name: string | null = null;
      const typeNode = k[i];
      if (typeNode && typeNode.name !== 'Body') {
        type = this.expr(typeNode);
        i++;
        const sep = k[i];
        if (sep && (sep.name === 'as' || sep.name === ',')) {
          const nameNode = k[i + 1] ?? this.unexpected(sep);
          if (sep.name === ',') this.fail(typeNode.from, nameNode.to, 'multiple exception types must be parenthesized');
          name = this.identifier(nameNode);
          i += 2;
        }
      } else if (isStar) {
        const colon = typeNode ?? kw;
        this.fail(colon.from, colon.from + 1, 'expected one or more exception types');
      }
      if (bareHandler) {
        this.fail(bareHandler.range.from, bareHandler.range.to, "default 'except:' must be last");
      }
      const handlerBody = this.body(k[i]);
      i++;
      const handler: A.ExceptHandler = { kind: 'ExceptHandler', ...this.base(kw.from, endOf(handlerBody)), type, name, body: handlerBody };
      if (type === null) bareHandler = handler;
      handlers.push(handler);
    }
    if (k[i]?.name === 'else') {
      elseKeyword = k[i]!;
      orelse = this.body(k[i + 1]);
      i += 2;
    }
    if (k[i]?.name === 'finally') {
      finalbody = this.body(k[i + 1]);
      i += 2;
    }
    if (i < k.length) this.unexpected(k[i]!);
    if (handlers.length === 0 && (finalbody.length === 0 || elseKeyword)) {
      // CPython points at whatever follows the try block.
      const at = elseKeyword ? elseKeyword.from : nextTokenStart(this.src, node.to);
      const problem = syntax(at, endOfToken(this.src, at), "expected 'except' or 'finally' block");
      problem.statementAt = node.from;
      throw new Failure(problem);
    }
    const last = finalbody.length > 0 ? finalbody : orelse.length > 0 ? orelse : handlers.length > 0 ? [handlers[handlers.length - 1]!] : body;
    return { kind: star ? 'TryStar' : 'Try', ...this.base(node.from, endOf(last)), body, handlers, orelse, finalbody };
  }

  protected withStatement(node: SyntaxNode, k: SyntaxNode[]): A.Statement {
    const isAsync = k[0]!.name === 'async';
    const bodyIndex = k.findIndex((c) => c.name === 'Body');
    const { items: rawItems } = splitCommas(k.slice(isAsync ? 2 : 1, bodyIndex));
    const items: A.WithItem[] = rawItems.map((item) => {
      const contextExpr = this.expr(item[0]!);
      let optionalVars: A.Name | null = null;
      if (item[1]?.name === 'as') {
        const nameNode = item[2] ?? this.unexpected(item[1]);
        optionalVars = { kind: 'Name', ...this.at(nameNode), id: this.identifier(nameNode), ctx: 'Store' };
      }
      const last = item[item.length - 1]!;
      return { kind: 'withitem', ...this.base(item[0]!.from, last.to), contextExpr, optionalVars };
    });
    const body = this.body(k[bodyIndex]);
    return { kind: isAsync ? 'AsyncWith' : 'With', ...this.base(node.from, endOf(body)), items, body };
  }

  protected functionDef(node: SyntaxNode, k: SyntaxNode[]): A.FunctionDef | A.AsyncFunctionDef {
    const isAsync = k[0]!.name === 'async';
    const nameNode = k.find((c) => c.name === 'VariableName') ?? this.unexpected(node);
    const typeParams = k.find((c) => c.name === 'TypeParamList');
    if (typeParams) {
      this.refuse(typeParams.from, typeParams.to, 'type parameter lists are not supported', HINTS.typeParameters);
    }
    const paramsNode = k.find((c) => c.name === 'ParamList') ?? this.unexpected(node);
    const returnsNode = k.find((c) => c.name === 'TypeDef');
    const args = this.params(paramsNode, false);
    const returns = returnsNode ? this.expr(kids(returnsNode)[0] ?? this.unexpected(returnsNode)) : null;
    let body: A.Statement[] = [];
    this.inside(isAsync ? 'async' : 'def', () => {
      body = this.body(k.find((c) => c.name === 'Body'));
    });
    const fields = {
      ...this.base(node.from, endOf(body)),
      ...scopeFields(),
      name: this.identifier(nameNode),
      args,
      body,
      returns,
      docstring: docstringOf(body),
    };
    return isAsync ? { kind: 'AsyncFunctionDef', ...fields, decoratorList: [], isGenerator: false } : { kind: 'FunctionDef', ...fields, decoratorList: [], isGenerator: false };
  }

  protected classDef(node: SyntaxNode, k: SyntaxNode[]): A.ClassDef {
    const nameNode = k.find((c) => c.name === 'VariableName') ?? this.unexpected(node);
    const typeParams = k.find((c) => c.name === 'TypeParamList');
    if (typeParams) {
      this.refuse(typeParams.from, typeParams.to, 'type parameter lists are not supported', HINTS.typeParameters);
    }
    const argList = k.find((c) => c.name === 'ArgList');
    const bases: A.Expression[] = [];
    const classKeywords: A.Keyword[] = [];
    if (argList) {
      const { args, keywords } = this.callArgs(argList, true);
      for (const kw of keywords) {
        if (kw.arg === null) this.refuse(kw.range.from, kw.range.to, 'a class keyword list cannot use **');
        else classKeywords.push(kw);
      }
      for (const a of args) {
        if (a.kind === 'Starred') this.refuse(a.range.from, a.range.to, 'a class base list cannot use *');
        else bases.push(a);
      }
    }
    let body: A.Statement[] = [];
    this.inside('class', () => {
      body = this.body(k.find((c) => c.name === 'Body'));
    });
    return {
      kind: 'ClassDef',
      ...this.base(node.from, endOf(body)),
      ...scopeFields(),
      name: this.identifier(nameNode),
      bases,
      keywords: classKeywords,
      decoratorList: [],
      body,
      docstring: docstringOf(body),
    };
  }
}
