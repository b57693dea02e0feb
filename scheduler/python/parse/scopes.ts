/**
 * Pass 4, scopes and context checks: binds names to scopes (ScopeInfo on each function, lambda,
 * class, comprehension) and checks what CPython's symtable and compiler check (`await`/`return`/
 * `yield`/`break` outside their context, global/nonlocal misuse).
 */
import type * as A from '../ast.ts';
import { Failure, syntax, unsupported } from './problems.ts';
import type { Problem } from './problems.ts';
import { HINTS } from './subset.ts';

type ScopeKind = 'module' | 'class' | 'function' | 'lambda' | 'comprehension';

interface Scope {
  kind: ScopeKind;
  node: A.Module | A.ClassDef | A.FunctionDef | A.AsyncFunctionDef | A.Lambda | A.ListComp | A.SetComp | A.DictComp | A.GeneratorExp;
  isAsync: boolean;
  parent: Scope | null;
  children: Scope[];
  params: Set<string>;
  /** Insertion-ordered: parameters first, then names in order of first binding. */
  bound: Set<string>;
  used: Set<string>;
  /** Names with a variable annotation (`x: int`), which CPython forbids to declare global. */
  annotated: Set<string>;
  globals: Map<string, A.Global>;
  nonlocals: Map<string, A.Nonlocal>;
  returnsWithValue: A.Return[];
  hasYield: boolean;
}

interface WalkContext {
  scope: Scope;
  inLoop: boolean;
  /** Inside an except* handler, and not inside a loop started within it. */
  inExceptStar: boolean;
}

function newScope(kind: ScopeKind, node: Scope['node'], parent: Scope | null, isAsync = false): Scope {
  const s: Scope = {
    kind,
    node,
    isAsync,
    parent,
    children: [],
    params: new Set(),
    bound: new Set(),
    used: new Set(),
    annotated: new Set(),
    globals: new Map(),
    nonlocals: new Map(),
    returnsWithValue: [],
    hasYield: false,
  };
  parent?.children.push(s);
  return s;
}

const COMPREHENSION_NAMES: Readonly<Record<string, string>> = {
  ListComp: 'list comprehension',
  SetComp: 'set comprehension',
  DictComp: 'dict comprehension',
  GeneratorExp: 'generator expression',
};

/** Fills in ScopeInfo everywhere; throws Failure for syntax errors, returns every refusal in the order met. */
export function analyzeScopes(module: A.Module): Problem[] {
  const refusals: Problem[] = [];
  const refuse = (node: A.NodeBase, message: string, hint?: string, to?: number): void => {
    refusals.push(unsupported(node.range.from, to ?? node.range.to, message, hint));
  };
  // Errors of CPython's symtable pass are thrown at once; those of its compiler pass (what may
  // appear where: await, yield, return, break...) only count if the symtable pass found nothing.
  const fail = (node: A.NodeBase, message: string, to?: number): never => {
    throw new Failure(syntax(node.range.from, to ?? node.range.to, message));
  };
  const compile: { error: Problem | null } = { error: null };
  const late = (node: A.NodeBase, message: string, to?: number): void => {
    compile.error ??= syntax(node.range.from, to ?? node.range.to, message);
  };

  const bind = (s: Scope, name: string): void => {
    s.bound.add(name);
  };

  const functionLike = (s: Scope): boolean => s.kind === 'function' || s.kind === 'lambda' || s.kind === 'comprehension';

  /** The nearest scope that is not a comprehension, and the comprehensions crossed on the way. */
  const enclosingNonComp = (s: Scope): { scope: Scope; comps: Scope[] } => {
    const comps: Scope[] = [];
    let cur = s;
    while (cur.kind === 'comprehension' && cur.parent) {
      comps.push(cur);
      cur = cur.parent;
    }
    return { scope: cur, comps };
  };

  const asyncComprehension = (ctx: WalkContext): void => {
    // `await` or `async for` inside comprehensions makes each one crossed asynchronous. A list,
    // set or dict comprehension then needs an enclosing `async def`; a generator expression
    // becomes an async generator (valid anywhere) and shields the comprehensions around it.
    const { scope, comps } = enclosingNonComp(ctx.scope);
    for (const c of comps) {
      const node = c.node as A.ListComp | A.SetComp | A.DictComp | A.GeneratorExp;
      node.isAsync = true;
      if (node.kind === 'GeneratorExp') return;
    }
    if (!(scope.kind === 'function' && scope.isAsync)) {
      const outer = comps[comps.length - 1]!;
      late(outer.node, 'asynchronous comprehension outside of an asynchronous function');
    }
  };

  /**
   * PEP 572: `name := value` binds in the current scope, except in a comprehension, where it binds
   * in the nearest enclosing scope that is not one; each comprehension crossed then reads and
   * writes the name there (as if declared nonlocal, or global at module level), as CPython's
   * symtable arranges it.
   */
  const bindNamedTarget = (e: A.NamedExpr, ctx: WalkContext): void => {
    const name = e.target.id;
    const { scope, comps } = enclosingNonComp(ctx.scope);
    if (comps.length === 0) {
      bind(ctx.scope, name);
      return;
    }
    for (const c of comps) {
      const node = c.node as A.ListComp | A.SetComp | A.DictComp | A.GeneratorExp;
      if (node.generators.some((g) => targetNames(g.target).includes(name))) {
        fail(e.target, `assignment expression cannot rebind comprehension iteration variable '${name}'`);
      }
    }
    if (scope.kind === 'class') fail(e, 'assignment expression within a comprehension cannot be used in a class body');
    if (scope.kind === 'module' || scope.globals.has(name)) {
      for (const c of comps) c.globals.set(name, { kind: 'Global', range: e.target.range, line: e.target.line, col: e.target.col, names: [name] });
      if (scope.kind === 'module') bind(scope, name);
      return;
    }
    bind(scope, name);
    for (const c of comps) c.nonlocals.set(name, { kind: 'Nonlocal', range: e.target.range, line: e.target.line, col: e.target.col, names: [name] });
  };

  const visitArgs = (args: A.Arguments, ctx: WalkContext): void => {
    // Defaults and annotations are evaluated where the function is defined.
    for (const a of [...args.args, ...args.kwonlyargs, args.vararg, args.kwarg]) {
      if (a?.annotation) visitExpr(a.annotation, ctx);
    }
    for (const d of args.defaults) visitExpr(d, ctx);
    for (const d of args.kwDefaults) if (d) visitExpr(d, ctx);
  };

  const bindParams = (s: Scope, args: A.Arguments): void => {
    for (const a of [...args.args, args.vararg, ...args.kwonlyargs, args.kwarg]) {
      if (!a) continue;
      if (s.params.has(a.arg)) fail(a, `duplicate argument '${a.arg}' in function definition`, a.range.from + a.arg.length);
      s.params.add(a.arg);
      s.bound.add(a.arg);
    }
  };

  const visitTarget = (e: A.Expression, ctx: WalkContext): void => {
    switch (e.kind) {
      case 'Name':
        bind(ctx.scope, e.id);
        return;
      case 'Tuple':
      case 'List':
        for (const x of e.elts) visitTarget(x, ctx);
        return;
      case 'Starred':
        visitTarget(e.value, ctx);
        return;
      default:
        visitExpr(e, ctx);
    }
  };

  /** A case's pattern: the names it captures are bound here; its values and classes are read. */
  const visitPattern = (p: A.Pattern, ctx: WalkContext): void => {
    switch (p.kind) {
      case 'MatchValue':
        return visitExpr(p.value, ctx);
      case 'MatchSingleton':
        return;
      case 'MatchSequence':
      case 'MatchOr':
        for (const q of p.patterns) visitPattern(q, ctx);
        return;
      case 'MatchMapping':
        p.keys.forEach((key, i) => {
          visitExpr(key, ctx);
          visitPattern(p.patterns[i]!, ctx);
        });
        if (p.rest !== null) bind(ctx.scope, p.rest);
        return;
      case 'MatchClass':
        visitExpr(p.cls, ctx);
        for (const q of [...p.patterns, ...p.kwdPatterns]) visitPattern(q, ctx);
        return;
      case 'MatchStar':
        if (p.name !== null) bind(ctx.scope, p.name);
        return;
      case 'MatchAs':
        if (p.pattern) visitPattern(p.pattern, ctx);
        if (p.name !== null) bind(ctx.scope, p.name);
        return;
    }
  };

  const visitExpr = (e: A.Expression, ctx: WalkContext): void => {
    const s = ctx.scope;
    switch (e.kind) {
      case 'Name':
        if (e.ctx === 'Load') s.used.add(e.id);
        else bind(s, e.id);
        return;
      case 'Await': {
        const { scope, comps } = enclosingNonComp(s);
        if (comps.length > 0) asyncComprehension(ctx);
        else if (scope.kind === 'module' || scope.kind === 'class') late(e, "'await' outside function");
        else if (!(scope.kind === 'function' && scope.isAsync)) late(e, "'await' outside async function");
        visitExpr(e.value, ctx);
        return;
      }
      case 'Yield':
      case 'YieldFrom': {
        if (s.kind === 'comprehension') fail(e, `'yield' inside ${COMPREHENSION_NAMES[s.node.kind]}`);
        if (s.kind === 'module' || s.kind === 'class') late(e, "'yield' outside function");
        else if (s.kind === 'lambda') refuse(e, 'a lambda cannot be a generator here', HINTS.lambdaGenerator);
        else s.hasYield = true;
        if (e.value) visitExpr(e.value, ctx);
        return;
      }
      case 'NamedExpr': {
        visitExpr(e.value, ctx);
        bindNamedTarget(e, ctx);
        return;
      }
      case 'Lambda': {
        visitArgs(e.args, ctx);
        const inner = newScope('lambda', e, s);
        bindParams(inner, e.args);
        visitExpr(e.body, { scope: inner, inLoop: false, inExceptStar: false });
        return;
      }
      case 'ListComp':
      case 'SetComp':
      case 'DictComp':
      case 'GeneratorExp': {
        const inner = newScope('comprehension', e, s);
        const innerCtx: WalkContext = { scope: inner, inLoop: false, inExceptStar: false };
        e.generators.forEach((g, i) => {
          if (i > 0) visitExpr(g.iter, innerCtx);
          visitTarget(g.target, innerCtx);
          if (g.isAsync) asyncComprehension(innerCtx);
          for (const cond of g.ifs) visitExpr(cond, innerCtx);
        });
        if (e.kind === 'DictComp') {
          visitExpr(e.key, innerCtx);
          visitExpr(e.value, innerCtx);
        } else visitExpr(e.elt, innerCtx);
        // The first iterable belongs to the enclosing scope; CPython compiles it after the
        // comprehension's body, which decides which of two errors is reported.
        visitExpr(e.generators[0]!.iter, ctx);
        return;
      }
      default:
        forEachExprChild(e, (c) => visitExpr(c, ctx));
    }
  };

  const visitBody = (stmts: A.Statement[], ctx: WalkContext): void => {
    for (const st of stmts) visitStmt(st, ctx);
  };

  const declare = (st: A.Global | A.Nonlocal, ctx: WalkContext): void => {
    const s = ctx.scope;
    const word = st.kind === 'Global' ? 'global' : 'nonlocal';
    if (st.kind === 'Nonlocal' && s.kind === 'module') fail(st, 'nonlocal declaration not allowed at module level');
    for (const name of st.names) {
      if (s.params.has(name)) fail(st, `name '${name}' is parameter and ${word}`);
      if (s.used.has(name)) fail(st, `name '${name}' is used prior to ${word} declaration`);
      if (s.annotated.has(name)) fail(st, `annotated name '${name}' can't be ${word}`);
      if (s.bound.has(name)) fail(st, `name '${name}' is assigned to before ${word} declaration`);
      if (st.kind === 'Global') {
        if (s.nonlocals.has(name)) fail(st, `name '${name}' is nonlocal and global`);
        if (!s.globals.has(name)) s.globals.set(name, st);
      } else {
        if (s.globals.has(name)) fail(st, `name '${name}' is nonlocal and global`);
        if (!s.nonlocals.has(name)) s.nonlocals.set(name, st);
      }
    }
  };

  const visitFunction = (st: A.FunctionDef | A.AsyncFunctionDef, ctx: WalkContext): void => {
    // Decorators, then defaults and annotations, are evaluated where the function is defined.
    for (const d of st.decoratorList) visitExpr(d, ctx);
    visitArgs(st.args, ctx);
    if (st.returns) visitExpr(st.returns, ctx);
    bind(ctx.scope, st.name);
    const inner = newScope('function', st, ctx.scope, st.kind === 'AsyncFunctionDef');
    bindParams(inner, st.args);
    visitBody(st.body, { scope: inner, inLoop: false, inExceptStar: false });
    st.isGenerator = inner.hasYield;
    if (st.kind === 'AsyncFunctionDef') {
      const bad = inner.returnsWithValue[0];
      if (inner.hasYield && bad) late(bad, "'return' with value in async generator");
    }
  };

  const visitStmt = (st: A.Statement, ctx: WalkContext): void => {
    const s = ctx.scope;
    switch (st.kind) {
      case 'FunctionDef':
      case 'AsyncFunctionDef':
        visitFunction(st, ctx);
        return;
      case 'ClassDef': {
        for (const d of st.decoratorList) visitExpr(d, ctx);
        for (const base of st.bases) visitExpr(base, ctx);
        for (const kw of st.keywords) visitExpr(kw.value, ctx);
        bind(s, st.name);
        const inner = newScope('class', st, s);
        visitBody(st.body, { scope: inner, inLoop: false, inExceptStar: false });
        return;
      }
      case 'Return':
        if (s.kind !== 'function') late(st, "'return' outside function");
        else if (ctx.inExceptStar) late(st, "'break', 'continue' and 'return' cannot appear in an except* block");
        if (st.value) {
          s.returnsWithValue.push(st);
          visitExpr(st.value, ctx);
        }
        return;
      case 'Delete':
        for (const t of st.targets) visitTarget(t, ctx);
        return;
      case 'Assign':
        visitExpr(st.value, ctx);
        for (const t of st.targets) visitTarget(t, ctx);
        return;
      case 'AugAssign':
        visitExpr(st.value, ctx);
        if (st.target.kind === 'Name') {
          s.used.add(st.target.id);
          bind(s, st.target.id);
        } else visitTarget(st.target, ctx);
        return;
      case 'AnnAssign':
        if (st.target.kind === 'Name' && st.simple) {
          const name = st.target.id;
          // (At module level a global declaration changes nothing, so CPython allows it.)
          if (s.kind !== 'module' && s.globals.has(name)) fail(st, `annotated name '${name}' can't be global`);
          if (s.nonlocals.has(name)) fail(st, `annotated name '${name}' can't be nonlocal`);
          s.annotated.add(name);
        }
        if (st.value) visitExpr(st.value, ctx);
        visitExpr(st.annotation, ctx);
        visitTarget(st.target, ctx);
        return;
      case 'For':
      case 'AsyncFor':
        if (st.kind === 'AsyncFor' && !(s.kind === 'function' && s.isAsync)) {
          late(st, "'async for' outside async function", st.range.from + 5);
        }
        visitExpr(st.iter, ctx);
        visitTarget(st.target, ctx);
        visitBody(st.body, { scope: s, inLoop: true, inExceptStar: false });
        // The else block is outside the loop: a break there belongs to an enclosing loop.
        visitBody(st.orelse, ctx);
        return;
      case 'While':
        visitExpr(st.test, ctx);
        visitBody(st.body, { scope: s, inLoop: true, inExceptStar: false });
        visitBody(st.orelse, ctx);
        return;
      case 'If':
        visitExpr(st.test, ctx);
        visitBody(st.body, ctx);
        visitBody(st.orelse, ctx);
        return;
      case 'Match':
        visitExpr(st.subject, ctx);
        for (const c of st.cases) {
          visitPattern(c.pattern, ctx);
          if (c.guard) visitExpr(c.guard, ctx);
          visitBody(c.body, ctx);
        }
        return;
      case 'With':
      case 'AsyncWith':
        if (st.kind === 'AsyncWith' && !(s.kind === 'function' && s.isAsync)) late(st, "'async with' outside async function", st.range.from + 5);
        for (const item of st.items) {
          visitExpr(item.contextExpr, ctx);
          if (item.optionalVars) visitTarget(item.optionalVars, ctx);
        }
        visitBody(st.body, ctx);
        return;
      case 'Raise':
        if (st.exc) visitExpr(st.exc, ctx);
        if (st.cause) visitExpr(st.cause, ctx);
        return;
      case 'Try':
      case 'TryStar':
        // CPython's symtable order (body, else, handlers, finally): it decides which of a
        // use and a `global` counts as first.
        visitBody(st.body, ctx);
        visitBody(st.orelse, ctx);
        for (const h of st.handlers) {
          if (h.type) visitExpr(h.type, ctx);
          if (h.name !== null) bind(s, h.name);
          visitBody(h.body, st.kind === 'TryStar' ? { scope: s, inLoop: false, inExceptStar: true } : ctx);
        }
        visitBody(st.finalbody, ctx);
        return;
      case 'Assert':
        visitExpr(st.test, ctx);
        if (st.msg) visitExpr(st.msg, ctx);
        return;
      case 'Import':
        // `import a.b` binds `a`; `import a.b as c` binds `c`.
        for (const alias of st.names) bind(s, alias.asname ?? alias.name.split('.')[0]!);
        return;
      case 'ImportFrom':
        for (const alias of st.names) if (alias.name !== '*') bind(s, alias.asname ?? alias.name);
        return;
      case 'Global':
      case 'Nonlocal':
        declare(st, ctx);
        return;
      case 'Expr':
        visitExpr(st.value, ctx);
        return;
      case 'Break':
      case 'Continue':
        if (ctx.inExceptStar) late(st, "'break', 'continue' and 'return' cannot appear in an except* block");
        else if (!ctx.inLoop) late(st, st.kind === 'Break' ? "'break' outside loop" : "'continue' not properly in loop");
        return;
      case 'Pass':
        return;
    }
  };

  const root = newScope('module', module, null);
  visitBody(module.body, { scope: root, inLoop: false, inExceptStar: false });

  // Resolution, as CPython's symtable analyze_block: a name bound in a function is local to it;
  // one it only reads resolves to the nearest enclosing *function* that binds it (class bodies do
  // not count), else to globals/builtins.
  const resolve = (s: Scope, enclosingBound: ReadonlySet<string>): Set<string> => {
    /** Names this scope needs from enclosing functions (passed upward). */
    const free = new Set<string>();
    const locals: string[] = [];
    const isFn = functionLike(s);
    // Zero-argument super() reads the implicit `__class__` cell, as in CPython.
    if (isFn && s.used.has('super')) s.used.add('__class__');
    for (const [name, decl] of s.nonlocals) {
      if (!enclosingBound.has(name)) fail(decl, `no binding for nonlocal '${name}' found`);
      free.add(name);
    }
    if (s.kind !== 'module') {
      for (const name of s.bound) if (!s.globals.has(name) && !s.nonlocals.has(name)) locals.push(name);
      for (const name of s.used) {
        if (s.globals.has(name) || s.nonlocals.has(name) || s.bound.has(name)) continue;
        if (enclosingBound.has(name)) free.add(name);
      }
    }
    let childBound: Set<string>;
    if (isFn) {
      childBound = new Set(enclosingBound);
      for (const name of locals) childBound.add(name);
      for (const name of s.globals.keys()) childBound.delete(name);
    } else if (s.kind === 'class') {
      // A class body's names are not visible inside its methods, but `__class__` is.
      childBound = new Set(enclosingBound);
      for (const name of s.globals.keys()) childBound.delete(name);
      childBound.add('__class__');
    } else childBound = new Set();
    const localSet = new Set(locals);
    const cells = new Set<string>();
    for (const child of s.children) {
      for (const name of resolve(child, childBound)) {
        if (s.kind === 'class' && name === '__class__') cells.add(name);
        else if (isFn && localSet.has(name)) cells.add(name);
        else if (s.kind !== 'module') free.add(name);
      }
    }
    if (s.node.kind !== 'Module') {
      const info: A.ScopeInfo = s.node;
      info.locals = locals;
      info.globals = [...s.globals.keys()];
      info.nonlocals = [...s.nonlocals.keys()];
      // For a class this includes names its methods take from an enclosing function even when
      // the class body binds the same name (CPython's co_freevars does too): the class passes
      // the cell through, while its own body reads its namespace.
      info.freeVars = [...free];
      info.cellVars = [...cells];
    }
    return free;
  };
  resolve(root, new Set());
  if (compile.error) throw new Failure(compile.error);
  return refusals;
}

/** The names a for-target binds (`x`, `a, (b, *c)`). */
function targetNames(t: A.Expression): string[] {
  if (t.kind === 'Name') return [t.id];
  if (t.kind === 'Tuple' || t.kind === 'List') return t.elts.flatMap(targetNames);
  if (t.kind === 'Starred') return targetNames(t.value);
  return [];
}

/** Direct child expressions of an expression (comprehension parts included). */
function forEachExprChild(e: A.Expression, visit: (child: A.Expression) => void): void {
  switch (e.kind) {
    case 'BoolOp':
      e.values.forEach(visit);
      return;
    case 'BinOp':
      visit(e.left);
      visit(e.right);
      return;
    case 'UnaryOp':
      visit(e.operand);
      return;
    case 'IfExp':
      visit(e.test);
      visit(e.body);
      visit(e.orelse);
      return;
    case 'NamedExpr':
      visit(e.value);
      visit(e.target);
      return;
    case 'Dict':
      e.keys.forEach((k, i) => {
        if (k) visit(k);
        visit(e.values[i]!);
      });
      return;
    case 'Set':
    case 'List':
    case 'Tuple':
      e.elts.forEach(visit);
      return;
    case 'Compare':
      visit(e.left);
      e.comparators.forEach(visit);
      return;
    case 'Call':
      visit(e.func);
      e.args.forEach(visit);
      e.keywords.forEach((k) => visit(k.value));
      return;
    case 'FormattedValue':
      visit(e.value);
      if (e.formatSpec) visit(e.formatSpec);
      return;
    case 'JoinedStr':
      e.values.forEach(visit);
      return;
    case 'Attribute':
    case 'Starred':
    case 'Await':
      visit(e.value);
      return;
    case 'Subscript':
      visit(e.value);
      visit(e.slice);
      return;
    case 'Slice':
      if (e.lower) visit(e.lower);
      if (e.upper) visit(e.upper);
      if (e.step) visit(e.step);
      return;
    case 'Yield':
      if (e.value) visit(e.value);
      return;
    case 'YieldFrom':
      visit(e.value);
      return;
    case 'Lambda':
    case 'ListComp':
    case 'SetComp':
    case 'DictComp':
    case 'GeneratorExp':
    case 'Constant':
    case 'Name':
      return;
  }
}
