/**
 * `def`, `async def` and `class` statements: the function or class is made where the statement
 * runs, then its decorators are applied bottom-up and the result is bound to the name, in
 * CPython's order (decorators evaluated first, then defaults and annotations, then the body).
 */
import type * as A from '../ast.ts';
import { PyDict, type Kw } from './values.ts';
import { Frame, NORMAL, PyFunction, type Ev, type StmtFn } from './frame.ts';
import { PyBaseException } from './exceptions.ts';
import { call } from './calls.ts';
import { dictSetRaw } from './keys.ts';
import { addTraceback, makeAsyncGenExec, makeCoroExec, makeSyncExec, runSync } from './exec.ts';
import { annotationEv, expr, functionParts, makeFunctionEv, newCode, paramLayout, type Ctx } from './compile-expr.ts';
import { Scope, cellGetter, storeName } from './scope.ts';
import { classStatement } from './classes.ts';
import { makeGenExec } from './generators.ts';
import { compileBlock } from './compile-stmt.ts';

/** Apply decorators (evaluated outermost first) from the innermost out. */
function decorate(value: unknown, decorators: unknown[]): unknown {
  let v = value;
  for (let i = decorators.length - 1; i >= 0; i--) v = call(decorators[i], [v], null);
  return v;
}

function evalAll(evs: Ev[], f: Frame): unknown[] {
  return evs.length === 0 ? evs : evs.map((ev) => ev(f));
}

export function compileFunctionDef(c: Ctx, s: A.FunctionDef | A.AsyncFunctionDef): StmtFn {
  const rt = c.rt;
  const decorators = s.decoratorList.map((d) => expr(c, d));
  const layout = paramLayout(s.args);
  const qualname = c.scope.childQualname(s.name);
  const scope = new Scope('function', c.scope, s, qualname, layout.params);
  const isAsync = s.kind === 'AsyncFunctionDef';
  // A generator's body may suspend at its yields, as a coroutine's at its awaits.
  scope.isAsync = isAsync || s.isGenerator;
  scope.isAsyncGen = isAsync && s.isGenerator;
  const kind = isAsync ? (s.isGenerator ? 'asyncgen' : 'async') : s.isGenerator ? 'gen' : 'sync';
  const code = newCode(s.name, qualname, kind, s.line, scope, layout);
  code.body = compileBlock({ rt, scope }, s.body);
  code.docstring = s.docstring;
  code.exec = kind === 'sync' ? makeSyncExec(code) : kind === 'gen' ? makeGenExec(code) : kind === 'async' ? makeCoroExec(code) : makeAsyncGenExec(code);
  const make = makeFunctionEv(functionParts(c, scope, s.args, code));
  const returns = s.returns === null ? null : annotationEv(c, s.returns);
  const store = storeName(rt, c.scope, s.name);
  if (decorators.length === 0) {
    return (f) => {
      const fn = make(f) as PyFunction;
      if (returns !== null) (fn.annotations ??= []).push(['return', returns(f)]);
      store(f, fn);
      return NORMAL;
    };
  }
  return (f) => {
    const ds = evalAll(decorators, f);
    const fn = make(f) as PyFunction;
    if (returns !== null) (fn.annotations ??= []).push(['return', returns(f)]);
    store(f, decorate(fn, ds));
    return NORMAL;
  };
}

/** Does a body annotate a simple name anywhere (CPython's SETUP_ANNOTATIONS)? */
export function hasAnnotations(body: readonly A.Statement[]): boolean {
  for (const s of body) {
    switch (s.kind) {
      case 'AnnAssign':
        if (s.simple) return true;
        break;
      case 'If':
        if (hasAnnotations(s.body) || hasAnnotations(s.orelse)) return true;
        break;
      case 'For':
      case 'AsyncFor':
      case 'While':
        if (hasAnnotations(s.body) || hasAnnotations(s.orelse)) return true;
        break;
      case 'With':
      case 'AsyncWith':
        if (hasAnnotations(s.body)) return true;
        break;
      case 'Try':
      case 'TryStar':
        if (hasAnnotations(s.body) || hasAnnotations(s.orelse) || hasAnnotations(s.finalbody) || s.handlers.some((h) => hasAnnotations(h.body))) return true;
        break;
    }
  }
  return false;
}

export function compileClassDef(c: Ctx, s: A.ClassDef): StmtFn {
  const rt = c.rt;
  const decorators = s.decoratorList.map((d) => expr(c, d));
  const qualname = c.scope.childQualname(s.name);
  const scope = new Scope('class', c.scope, s, qualname);
  const body = compileBlock({ rt, scope }, s.body);
  const bases = s.bases.map((b) => expr(c, b));
  const keywords = s.keywords.map((k) => ({ name: k.arg!, ev: expr(c, k.value) }));
  const closure = scope.freeNames.map((n) => cellGetter(c.scope, n));
  const store = storeName(rt, c.scope, s.name);
  const name = s.name;
  const doc = s.docstring;
  const line = s.line;
  const module = c.scope.ns.name;
  const annotated = hasAnnotations(s.body);
  return (f) => {
    const ds = evalAll(decorators, f);
    const bs = bases.map((b) => b(f));
    let kw: Kw = null;
    if (keywords.length > 0) {
      kw = new Map();
      for (const k of keywords) kw.set(k.name, k.ev(f));
    }
    const ns = new Map<string, unknown>();
    ns.set('__module__', module);
    ns.set('__qualname__', qualname);
    if (doc !== null) ns.set('__doc__', doc);
    if (annotated) ns.set('__annotations__', new PyDict());
    const cf = new Frame([], closure.length === 0 ? null : closure.map((g) => g(f)), f.fn, ns);
    cf.line = line;
    try {
      runSync(cf, body);
    } catch (e) {
      if (e instanceof PyBaseException) addTraceback(e, scope.ns.library ? '' : name, cf.line, cf);
      throw e;
    }
    const cls = classStatement({ name, qualname, module, bases: bs, keywords: kw, ns });
    store(f, decorate(cls, ds));
    return NORMAL;
  };
}

/** `__annotations__[name] = annotation`, at module or class level. */
export function recordAnnotation(ann: unknown, name: string, value: unknown): void {
  if (ann instanceof PyDict) dictSetRaw(ann, name, value);
}
