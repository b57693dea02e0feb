/**
 * Statements → Stmt records (frame.ts). In a coroutine, a statement that cannot suspend is
 * compiled exactly as in a plain function (K_SYNC); `await X`, `v = await X` and `return await X`
 * become K_AWAIT records whose await the runners perform inline; everything else that may
 * suspend is a generator (K_GEN).
 */
import type * as A from '../ast.ts';
import { Task } from '../../asyncio/task.ts';
import { Future } from '../../asyncio/future.ts';
import { Primitive } from '../../asyncio/primitive.ts';
import { isCoroutine } from '../../asyncio/future.ts';
import { BaseExceptionGroup, ExceptionGroup } from '../../asyncio/exceptions.ts';
import { DONE, PyClass, PyList, PyRange, typeName } from './values.ts';
import {
  BREAK,
  CONTINUE,
  Frame,
  K_AWAIT,
  K_FOR,
  K_GEN,
  K_WHILE,
  K_SYNC,
  NORMAL,
  RETURN,
  type Ev,
  type Gen,
  type Stmt,
  type StmtFn,
  type StmtGen,
} from './frame.ts';
import { ASSERTION_ERROR, BASE_EXCEPTION_GROUP, PyBaseException, isExceptionClass, runtimeError, typeError, PyStopAsyncIteration, type PyExc } from './exceptions.ts';
import { delAttr, getAttr, instantiate, setAttr } from './calls.ts';
import { delItem, getItem, setItem } from './subscript.ts';
import { inplace, truthy } from './ops.ts';
import { pyIter } from './iter.ts';
import { excMatches, refreshMessage, splitGroup, newException } from './exc-objects.ts';
import { AL, asyncIterOf, finalizeAbandoned, hostToPython, isHalt, isPyCoroutine, notePosition, runForGen, runGen, runSync, type PyCoroutine } from './exec.ts';
import { CompileError, annotationEv, awaitCallPrep, ce, compileTarget, expr, hasAwait, type Ctx } from './compile-expr.ts';
import { Scope, deleteName, peekName, storeName, type Store } from './scope.ts';
import { dropped, exceptionReleased, liveGenerators, loopLetGo, stillReferenced } from './collect.ts';
import type { Runtime } from './runtime.ts';
import { Namespace } from './scope.ts';
import { PyDict } from './values.ts';
import { compileClassDef, compileFunctionDef, hasAnnotations, recordAnnotation } from './compile-defs.ts';
import { compileImport, compileImportFrom } from './compile-imports.ts';
import { compileWith, genAsyncWith, genWith } from './compile-with.ts';
import { compileMatch, genMatch } from './compile-match.ts';

const NOP_EV: Ev = () => null;
const NOP_POST = (): number => NORMAL;
const NOP_RUN: StmtFn = () => NORMAL;
function* NOP_GEN(): Gen<number> {
  return NORMAL;
}

const NOP_STORE = (): void => {};
const NOP_TEST = (): boolean => false;
const NO_LOOP = { body: [] as readonly Stmt[], iter: NOP_EV, store: NOP_STORE, test: NOP_TEST };

function sSync(line: number, run: StmtFn): Stmt {
  return { k: K_SYNC, line, run, prep: NOP_EV, post: NOP_POST, gen: NOP_GEN, ...NO_LOOP, at: null };
}
function sAwait(line: number, at: A.Await, prep: Ev, post: (f: Frame, v: unknown) => number): Stmt {
  return { k: K_AWAIT, line, run: NOP_RUN, prep, post, gen: NOP_GEN, ...NO_LOOP, at };
}
function sGen(line: number, gen: StmtGen): Stmt {
  return { k: K_GEN, line, run: NOP_RUN, prep: NOP_EV, post: NOP_POST, gen, ...NO_LOOP, at: null };
}
function sLoop(k: typeof K_FOR | typeof K_WHILE, line: number, loop: Pick<Stmt, 'body' | 'iter' | 'store' | 'test'>): Stmt {
  return { k, line, run: NOP_RUN, prep: NOP_EV, post: NOP_POST, gen: NOP_GEN, ...loop, at: null };
}

export function compileBlock(c: Ctx, body: A.Statement[]): Stmt[] {
  return body.map((s) => compileStmt(c, s));
}

function compileStmt(c: Ctx, s: A.Statement): Stmt {
  if (!c.scope.isAsync || !hasAwait(s)) return sSync(s.line, syncStmt(c, s));
  const aw = awaitPattern(c, s);
  if (aw !== null) return aw;
  const loop = inlineLoop(c, s);
  if (loop !== null) return loop;
  return sGen(s.line, genStmt(c, s));
}

/**
 * A `for` or `while` whose header cannot suspend, around a body that can: the runner enters it
 * inline (K_FOR, K_WHILE), so a task in such a loop resumes one generator per step, not two.
 */
function inlineLoop(c: Ctx, s: A.Statement): Stmt | null {
  // A loop with an `else:` block runs as a statement generator, which knows whether it broke.
  if ((s.kind === 'For' || s.kind === 'While') && s.orelse.length > 0) return null;
  if (s.kind === 'For' && !hasAwait(s.iter) && !hasAwait(s.target)) {
    const iter = expr(c, s.iter);
    const store = compileTarget(c, s.target);
    return sLoop(K_FOR, s.line, { iter, store, body: compileBlock(c, s.body), test: NOP_TEST });
  }
  if (s.kind === 'While' && !hasAwait(s.test)) {
    const t = expr(c, s.test);
    return sLoop(K_WHILE, s.line, { test: (f) => truthy(t(f)), body: compileBlock(c, s.body), iter: NOP_EV, store: NOP_STORE });
  }
  return null;
}

/** The operand of a top-level await. */
function awaitOperand(c: Ctx, v: A.Expression): Ev {
  return v.kind === 'Call' ? awaitCallPrep(c, v) : expr(c, v);
}

function awaitPattern(c: Ctx, s: A.Statement): Stmt | null {
  switch (s.kind) {
    case 'Expr':
      if (s.value.kind === 'Await' && !hasAwait(s.value.value)) return sAwait(s.line, s.value, awaitOperand(c, s.value.value), NOP_POST);
      return null;
    case 'Assign': {
      if (s.value.kind !== 'Await' || hasAwait(s.value.value) || s.targets.some(hasAwait)) return null;
      const stores = s.targets.map((t) => compileTarget(c, t));
      const prep = awaitOperand(c, s.value.value);
      if (stores.length === 1) {
        const st = stores[0]!;
        return sAwait(s.line, s.value, prep, (f, v) => {
          st(f, v);
          return NORMAL;
        });
      }
      return sAwait(s.line, s.value, prep, (f, v) => {
        for (let i = 0; i < stores.length; i++) stores[i]!(f, v);
        return NORMAL;
      });
    }
    case 'AnnAssign': {
      if (s.value === null || s.value.kind !== 'Await' || hasAwait(s.value.value) || hasAwait(s.target)) return null;
      const st = compileTarget(c, s.target);
      return sAwait(s.line, s.value, awaitOperand(c, s.value.value), (f, v) => {
        st(f, v);
        return NORMAL;
      });
    }
    case 'Return':
      if (s.value === null || s.value.kind !== 'Await' || hasAwait(s.value.value)) return null;
      return sAwait(s.line, s.value, awaitOperand(c, s.value.value), (f, v) => {
        f.ret = v;
        return RETURN;
      });
    default:
      return null;
  }
}

function labelOf(t: A.Expression): string | null {
  if (t.kind === 'Name') return t.id;
  if (t.kind === 'Attribute') return t.attr;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Synchronous statements

function syncStmt(c: Ctx, s: A.Statement): StmtFn {
  const rt = c.rt;
  switch (s.kind) {
    case 'Expr': {
      const ev = expr(c, s.value);
      if (s.value.kind !== 'Call') {
        return (f) => {
          ev(f);
          return NORMAL;
        };
      }
      const line = s.line;
      return (f) => {
        const mark = rt.process.nextTaskSerial;
        const v = ev(f);
        if (v !== null && typeof v === 'object') rt.droppedValue(v, mark, line, f);
        return NORMAL;
      };
    }
    case 'Assign':
      return compileAssign(c, s);
    case 'AugAssign':
      return compileAugAssign(c, s);
    case 'AnnAssign':
      return compileAnnAssign(c, s);
    case 'Return': {
      if (s.value === null) {
        return (f) => {
          f.ret = null;
          return RETURN;
        };
      }
      const v = expr(c, s.value);
      return (f) => {
        f.ret = v(f);
        return RETURN;
      };
    }
    case 'Pass':
    case 'Global':
    case 'Nonlocal':
      return () => NORMAL;
    case 'Break':
      return () => BREAK;
    case 'Continue':
      return () => CONTINUE;
    case 'Match':
      return compileMatch(c, s);
    case 'If': {
      const t = expr(c, s.test);
      const body = compileBlock(c, s.body);
      const orelse = compileBlock(c, s.orelse);
      if (orelse.length === 0) return (f) => (truthy(t(f)) ? runSync(f, body) : NORMAL);
      return (f) => (truthy(t(f)) ? runSync(f, body) : runSync(f, orelse));
    }
    case 'While': {
      const t = expr(c, s.test);
      const body = compileBlock(c, s.body);
      const orelse = compileBlock(c, s.orelse);
      return (f) => {
        while (truthy(t(f))) {
          const r = runSync(f, body);
          if (r === BREAK) return NORMAL;
          if (r === RETURN) return RETURN;
        }
        return runSync(f, orelse);
      };
    }
    case 'For':
      return compileFor(c, s);
    // try statements share one implementation: in a plain function their blocks cannot
    // suspend, so the generator runs to completion at once.
    case 'Try':
      return completeAtOnce(genTry(c, s));
    case 'TryStar':
      return completeAtOnce(genTry(c, s));
    case 'Raise':
      return compileRaise(c, s);
    case 'Assert': {
      const t = expr(c, s.test);
      const m = s.msg === null ? null : expr(c, s.msg);
      return (f) => {
        if (truthy(t(f))) return NORMAL;
        throw notePosition(newException(ASSERTION_ERROR, m === null ? [] : [m(f)]), f, s.test);
      };
    }
    case 'Delete': {
      const dels = s.targets.map((t) => compileDelete(c, t));
      return (f) => {
        for (const d of dels) d(f);
        return NORMAL;
      };
    }
    case 'Import':
      return compileImport(c, s);
    case 'ImportFrom':
      return compileImportFrom(c, s);
    case 'With':
      return compileWith(c, s);
    case 'FunctionDef':
    case 'AsyncFunctionDef':
      return compileFunctionDef(c, s);
    case 'ClassDef':
      return compileClassDef(c, s);
    case 'AsyncFor':
    case 'AsyncWith':
      throw new CompileError(s, `'${s.kind === 'AsyncFor' ? 'async for' : 'async with'}' outside async function`);
  }
}

function compileAssign(c: Ctx, s: A.Assign): StmtFn {
  const v = expr(c, s.value);
  const stores = s.targets.map((t) => compileTarget(c, t));
  const label = s.value.kind === 'Call' ? labelOf(s.targets[0]!) : null;
  if (label !== null) {
    const st = stores;
    return (f) => {
      const x = v(f);
      for (let i = 0; i < st.length; i++) st[i]!(f, x);
      if (x instanceof Primitive) nameprimitive(x, label);
      return NORMAL;
    };
  }
  if (stores.length === 1) {
    const st = stores[0]!;
    return (f) => {
      st(f, v(f));
      return NORMAL;
    };
  }
  return (f) => {
    const x = v(f);
    for (let i = 0; i < stores.length; i++) stores[i]!(f, x);
    return NORMAL;
  };
}

const namedPrimitives = new WeakSet<object>();

/** Give a Lock/Event/Queue... the name of the variable it was first assigned to (for the trace). */
function nameprimitive(p: Primitive, name: string): void {
  if (namedPrimitives.has(p)) return;
  namedPrimitives.add(p);
  p.label = name;
}

/**
 * `x: T = v`. At module and class level T is evaluated after the assignment and, for a plain
 * name, recorded in `__annotations__`; in a function it is not evaluated at all (CPython 3.11).
 */
function compileAnnAssign(c: Ctx, s: A.AnnAssign): StmtFn {
  const recorded = c.scope.kind === 'module' || c.scope.kind === 'class';
  // Under the annotations future, only a simple name's annotation is kept (as text), and none evaluated.
  const ann = !recorded ? null : c.scope.stringAnnotations ? (s.simple ? annotationEv(c, s.annotation) : null) : expr(c, s.annotation);
  const ns = c.scope.ns;
  const annotations = !recorded || !s.simple ? null : c.scope.kind === 'class' ? (f: Frame) => f.ns!.get('__annotations__') : () => ns.get('__annotations__');
  const name = s.target.kind === 'Name' ? s.target.id : '';
  const v = s.value === null ? null : expr(c, s.value);
  const st = v === null ? null : compileTarget(c, s.target);
  if (v === null && ann === null) {
    // A function's bare `x: int` evaluates nothing, but still makes x local (the parser saw to that).
    return () => NORMAL;
  }
  return (f) => {
    if (v !== null) st!(f, v(f));
    if (ann !== null) {
      const a = ann(f);
      if (annotations !== null) recordAnnotation(annotations(f), name, a);
    }
    return NORMAL;
  };
}

/** An augmented assignment's read of its target: a failure's position is the target's. */
function targetAttr(f: Frame, t: A.Expression, obj: unknown, name: string): unknown {
  try {
    return getAttr(obj, name);
  } catch (e) {
    throw notePosition(e, f, t);
  }
}

function targetItem(f: Frame, t: A.Expression, obj: unknown, key: unknown): unknown {
  try {
    return getItem(obj, key);
  } catch (e) {
    throw notePosition(e, f, t);
  }
}

function compileAugAssign(c: Ctx, s: A.AugAssign): StmtFn {
  const v = expr(c, s.value);
  const op = s.op;
  const t = s.target;
  if (t.kind === 'Name') {
    const load = expr(c, t);
    const store = storeName(c.rt, c.scope, t.id);
    if (op === 'Add') {
      return (f) => {
        const a = load(f);
        const b = v(f);
        if (typeof a === 'number' && typeof b === 'number') {
          const r = a + b;
          if (r <= Number.MAX_SAFE_INTEGER && r >= -Number.MAX_SAFE_INTEGER) {
            store(f, r);
            return NORMAL;
          }
        }
        store(f, inplace(op, a, b));
        return NORMAL;
      };
    }
    return (f) => {
      const a = load(f);
      store(f, inplace(op, a, v(f)));
      return NORMAL;
    };
  }
  if (t.kind === 'Attribute') {
    const o = expr(c, t.value);
    const name = t.attr;
    return (f) => {
      const obj = o(f);
      const a = targetAttr(f, t, obj, name);
      setAttr(obj, name, inplace(op, a, v(f)));
      return NORMAL;
    };
  }
  const o = expr(c, t.value);
  const k = expr(c, t.slice);
  return (f) => {
    const obj = o(f);
    const key = k(f);
    const a = targetItem(f, t, obj, key);
    setItem(obj, key, inplace(op, a, v(f)));
    return NORMAL;
  };
}

function compileDelete(c: Ctx, t: A.Expression): (f: Frame) => void {
  switch (t.kind) {
    case 'Name': {
      const del = deleteName(c.rt, c.scope, t.id);
      const { peek, slot } = peekName(c.scope, t.id);
      // `del g` may drop the last reference to a generator, which then is closed, or to a failed
      // task, whose unretrieved exception is then logged (collect.ts).
      return (f) => {
        const v = peek(f);
        del(f);
        if (v !== undefined && (liveGenerators.count > 0 || v instanceof Future)) dropped(v, f, slot);
      };
    }
    case 'Attribute': {
      const o = expr(c, t.value);
      const name = t.attr;
      return (f) => delAttr(o(f), name);
    }
    case 'Subscript': {
      const o = expr(c, t.value);
      const k = expr(c, t.slice);
      return (f) => {
        const obj = o(f);
        delItem(obj, k(f));
      };
    }
    case 'Tuple':
    case 'List': {
      const ds = t.elts.map((x) => compileDelete(c, x));
      return (f) => {
        for (const d of ds) d(f);
      };
    }
    default:
      throw new CompileError(t, 'cannot delete this expression');
  }
}

function compileFor(c: Ctx, s: A.For): StmtFn {
  const it = expr(c, s.iter);
  const store = compileTarget(c, s.target);
  const body = compileBlock(c, s.body);
  const loop = forLoop(it, store, body);
  if (s.orelse.length === 0) return (f) => (loop(f) === RETURN ? RETURN : NORMAL);
  // The else block runs when the loop ends without break (BREAK: it broke).
  const orelse = compileBlock(c, s.orelse);
  return (f) => {
    const r = loop(f);
    return r === NORMAL ? runSync(f, orelse) : r === RETURN ? RETURN : NORMAL;
  };
}

/** A for loop over `it`: NORMAL once the iterable is exhausted, BREAK if the body broke out, RETURN. */
function forLoop(it: Ev, store: Store, body: Stmt[]): StmtFn {
  return (f) => {
    const obj = it(f);
    if (obj instanceof PyRange) {
      const n = obj.length;
      const step = obj.step;
      let v = obj.start;
      for (let i = 0; i < n; i++, v += step) {
        store(f, v);
        const r = runSync(f, body);
        if (r === BREAK) return BREAK;
        if (r === RETURN) return RETURN;
      }
      return NORMAL;
    }
    if (obj instanceof PyList) {
      const a = obj;
      for (let i = 0; i < a.a.length; i++) {
        store(f, a.a[i]);
        const r = runSync(f, body);
        if (r === BREAK) return BREAK;
        if (r === RETURN) return RETURN;
      }
      return NORMAL;
    }
    const itr = pyIter(obj);
    try {
      for (;;) {
        const x = itr.next();
        if (x === DONE) break;
        store(f, x);
        const r = runSync(f, body);
        if (r === BREAK || r === RETURN) {
          loopLetGo(itr, f);
          return r;
        }
      }
    } catch (e) {
      if (e instanceof PyBaseException) loopLetGo(itr, f);
      throw e;
    }
    return NORMAL;
  };
}

// ---------------------------------------------------------------------------------------------
// try / except / finally

/**
 * `finally:` around the rest of a try statement. It runs on normal exit, break/continue/return
 * and Python exceptions, and a return/break/continue in it wins; it does not run when the run is
 * halted (a deadlock or limit ends everything on the spot, as in the reference runner).
 */
function withFinally(tryPart: StmtGen, final: Stmt[]): StmtGen {
  if (final.length === 0) return tryPart;
  return function* (f: Frame): Gen<number> {
    let sig = NORMAL;
    let pending: unknown = null;
    let hasPending = false;
    try {
      sig = yield* tryPart(f);
    } catch (e) {
      const py = asPython(e);
      if (py === null) throw e;
      pending = py;
      hasPending = true;
    }
    // With an exception in flight, the finally block handles it as an except block would: it is
    // sys.exception() there, and the context of any exception the block raises.
    const saved = f.exc;
    if (hasPending) f.exc = pending as PyBaseException;
    let fs: number;
    try {
      fs = yield* runGen(f, final);
    } catch (e2) {
      if (hasPending) chainContext(e2, pending as PyBaseException);
      throw e2;
    } finally {
      f.exc = saved;
    }
    if (fs !== NORMAL) return fs;
    if (hasPending) throw pending;
    return sig;
  };
}

/** A statement generator as a plain statement, for code that cannot suspend. */
function completeAtOnce(gen: StmtGen): StmtFn {
  return (f) => {
    const r = gen(f).next();
    if (r.done !== true) throw new Error('a statement suspended outside a coroutine');
    return r.value;
  };
}

interface Handler {
  line: number;
  type: Ev | null;
  store: Store | null;
  unbind: ((f: Frame) => void) | null;
  body: Stmt[];
}

function handlers(c: Ctx, hs: A.ExceptHandler[]): Handler[] {
  return hs.map((h) => {
    if (h.type !== null && hasAwait(h.type)) throw new CompileError(h.type, "'await' in an except clause's type is not supported");
    return {
      line: h.line,
      type: h.type === null ? null : expr(c, h.type),
      store: h.name === null ? null : storeName(c.rt, c.scope, h.name),
      unbind: h.name === null ? null : deleteName(c.rt, c.scope, h.name, true),
      body: compileBlock(c, h.body),
    };
  });
}

/** The Python exception for something caught by a try, or null if it must pass untouched. */
export function asPython(e: unknown): PyBaseException | null {
  if (e instanceof PyBaseException) return e;
  return hostToPython(e);
}

/** `e2`, raised while `e` was being handled, gets `e` as its __context__ (unless it already has one). */
export function chainContext(e2: unknown, e: PyBaseException): void {
  if (e2 instanceof PyBaseException && e2 !== e && e2.pyContext === null) e2.pyContext = e;
}

/** Where a handler caught the exception: the top frame of the traceback sys.exc_info() shows. */
function noteCaught(f: Frame, e: PyBaseException): void {
  const x = e as PyExc;
  const pos = x.$pos;
  x.$pos = undefined;
  const fn = f.fn;
  if (fn !== null && fn.code.library) return;
  x.$caught = { name: fn === null ? '<module>' : fn.name, line: f.line };
  if (pos !== undefined && pos.frame === f) x.$caught.at = pos.at;
}

function* handleGen(f: Frame, e: PyBaseException, hs: Handler[]): Gen<number> {
  for (const h of hs) {
    if (h.type !== null && !excMatches(e, h.type(f))) continue;
    noteCaught(f, e);
    if (h.store !== null) h.store(f, e);
    const saved = f.exc;
    f.exc = e;
    let handled = false;
    try {
      const sig = yield* runGen(f, h.body);
      handled = true;
      return sig;
    } catch (e2) {
      chainContext(e2, e);
      throw e2;
    } finally {
      f.exc = saved;
      if (h.unbind !== null) h.unbind(f);
      // Done with the exception: what its traceback held goes with it.
      if (handled) exceptionReleased(e, f, h.line, saved);
    }
  }
  throw e;
}

/** try/except/else/finally, and try/except* (handled by handleStar). */
function genTry(c: Ctx, s: A.Try | A.TryStar): StmtGen {
  const body = compileBlock(c, s.body);
  const hs = handlers(c, s.handlers);
  const orelse = compileBlock(c, s.orelse);
  const final = compileBlock(c, s.finalbody);
  const handle = s.kind === 'TryStar' ? handleStar : handleGen;
  function* tryPart(f: Frame): Gen<number> {
    let sig: number;
    try {
      sig = yield* runGen(f, body);
    } catch (e0) {
      const e = hs.length === 0 ? null : asPython(e0);
      if (e === null) throw e0;
      return yield* handle(f, e, hs);
    }
    if (sig === NORMAL && orelse.length > 0) sig = yield* runGen(f, orelse);
    return sig;
  }
  return withFinally(tryPart, final);
}

// ---------------------------------------------------------------------------------------------
// try / except* (exception groups)

function leaves(e: PyBaseException, out: Set<PyBaseException>): Set<PyBaseException> {
  if (e instanceof BaseExceptionGroup) for (const x of e.exceptions) leaves(x, out);
  else out.add(e);
  return out;
}

function checkStarType(t: unknown): void {
  const bad = (x: unknown) => x instanceof PyClass && x.isSubclassOf(BASE_EXCEPTION_GROUP);
  if (bad(t) || (t instanceof Object && 'a' in t && Array.isArray((t as { a: unknown[] }).a) && (t as { a: unknown[] }).a.some(bad))) {
    throw typeError('catching ExceptionGroup with except* is not allowed. Use except instead.');
  }
}

/** The exception a try/except* re-raises once its handlers ran (CPython's _PyExc_PrepReraiseStar). */
function prepReraise(orig: PyBaseException, raised: { e: PyBaseException; match: PyBaseException }[], rest: PyBaseException | null): PyBaseException | null {
  const excs: PyBaseException[] = raised.map((r) => r.e);
  if (rest !== null) excs.push(rest);
  if (excs.length === 0) return null;
  if (!(orig instanceof BaseExceptionGroup)) return excs[0]!;
  const origLeaves = leaves(orig, new Set());
  const keep = new Set<PyBaseException>();
  const fresh: PyBaseException[] = [];
  for (const x of excs) {
    const ls = leaves(x, new Set());
    if ([...ls].every((l) => origLeaves.has(l))) for (const l of ls) keep.add(l);
    else fresh.push(x);
  }
  const reraised = keep.size > 0 ? splitGroup(orig, (l) => !(l instanceof BaseExceptionGroup) && keep.has(l))[0] : null;
  if (fresh.length === 0) return reraised;
  const all = reraised === null ? fresh : [...fresh, reraised];
  return all.every((x) => x instanceof PyBaseException && isExceptionLike(x)) ? new ExceptionGroup('', all) : new BaseExceptionGroup('', all);
}

function isExceptionLike(x: PyBaseException): boolean {
  return x instanceof PyBaseException && (x as { pyName: string }).pyName !== 'CancelledError' && !(x instanceof BaseExceptionGroup && !(x instanceof ExceptionGroup));
}

/** Match one except* clause: [match, rest] for the group (or wrapped naked exception). */
function starMatch(rest: PyBaseException, naked: boolean, t: unknown): [PyBaseException | null, PyBaseException | null] {
  checkStarType(t);
  if (naked) {
    if (!excMatches(rest, t)) return [null, rest];
    const g = isExceptionLike(rest) ? new ExceptionGroup('', [rest]) : new BaseExceptionGroup('', [rest]);
    (g as PyExc & { $tupleArgs?: boolean }).$tupleArgs = true;
    return [g, null];
  }
  return splitGroup(rest, (x) => !(x instanceof BaseExceptionGroup) && excMatches(x, t));
}

/** The except* clauses of a try/except*, for the exception `e` raised by its body. */
function* handleStar(f: Frame, e: PyBaseException, hs: Handler[]): Gen<number> {
  const naked = !(e instanceof BaseExceptionGroup);
  let rest: PyBaseException | null = e;
  const raised: { e: PyBaseException; match: PyBaseException }[] = [];
  for (const h of hs) {
    if (rest === null) break;
    const [match, r] = starMatch(rest, naked && rest === e, h.type === null ? null : h.type(f));
    if (match === null) continue;
    rest = r;
    if (h.store !== null) h.store(f, match);
    const saved = f.exc;
    f.exc = match;
    try {
      yield* runGen(f, h.body);
    } catch (e2) {
      const p = asPython(e2);
      if (p === null) throw e2;
      chainContext(p, match);
      raised.push({ e: p, match });
    } finally {
      f.exc = saved;
      if (h.unbind !== null) h.unbind(f);
    }
  }
  const out = prepReraise(e, raised, rest);
  if (out !== null) throw out;
  return NORMAL;
}

// ---------------------------------------------------------------------------------------------
// raise

function exceptionFrom(v: unknown, what: 'exception' | 'cause'): PyBaseException | null {
  if (v instanceof PyClass && isExceptionClass(v)) {
    const e = instantiate(v, [], null);
    if (!(e instanceof PyBaseException)) throw typeError(`calling ${pyName(v)} should have returned an instance of BaseException, not ${typeName(e)}`);
    return e;
  }
  if (v instanceof PyBaseException) return v;
  if (what === 'cause' && v === null) return null;
  throw typeError(what === 'exception' ? 'exceptions must derive from BaseException' : 'exception causes must derive from BaseException');
}

function pyName(cls: PyClass): string {
  return cls.name;
}

function doRaise(f: Frame, exc: unknown, hasCause: boolean, cause: unknown): never {
  const e = exceptionFrom(exc, 'exception')!;
  if (hasCause) {
    e.pyCause = exceptionFrom(cause, 'cause');
    e.suppressContext = true;
  }
  if (f.exc !== null && f.exc !== e && e.pyContext === null) e.pyContext = f.exc;
  if (e.constructor !== PyBaseException && (e as PyExc).$d !== undefined) refreshMessage(e as PyExc);
  // Raised here: the raise statement is where this frame's carets go, not an earlier operation.
  const x = e as PyExc;
  x.$pos = undefined;
  // Raised again after a handler caught it: its traceback already ends in the frame that caught
  // it (CPython's __traceback__ does), and this frame's entry comes in front of that one.
  if (x.$caught !== undefined) {
    (x.pyTraceback ??= []).unshift(x.$caught);
    x.$caught = undefined;
  }
  throw e;
}

function reraise(f: Frame): never {
  if (f.exc === null) throw runtimeError('No active exception to reraise');
  // A bare raise keeps the position the exception was caught at (CPython re-raises its traceback).
  const x = f.exc as PyExc;
  const at = x.$caught?.at;
  if (at !== undefined) x.$pos = { frame: f, at };
  x.$caught = undefined;
  throw f.exc;
}

function compileRaise(c: Ctx, s: A.Raise): StmtFn {
  if (s.exc === null) return (f) => reraise(f);
  const ex = expr(c, s.exc);
  const cause = s.cause === null ? null : expr(c, s.cause);
  return (f) => doRaise(f, ex(f), cause !== null, cause === null ? null : cause(f));
}

// ---------------------------------------------------------------------------------------------
// Statements that may suspend

function genStmt(c: Ctx, s: A.Statement): StmtGen {
  switch (s.kind) {
    case 'Expr': {
      const v = ce(c, s.value);
      return function* (f: Frame): Gen<number> {
        if (v.s !== null) v.s(f);
        else yield* v.g!(f);
        return NORMAL;
      };
    }
    case 'Assign': {
      const v = ce(c, s.value);
      const stores = s.targets.map((t) => genTarget(c, t));
      return function* (f: Frame): Gen<number> {
        const x = v.s !== null ? v.s(f) : yield* v.g!(f);
        for (const st of stores) yield* st(f, x);
        return NORMAL;
      };
    }
    case 'AnnAssign': {
      if (s.value === null) return NOP_GEN;
      const v = ce(c, s.value);
      const st = genTarget(c, s.target);
      return function* (f: Frame): Gen<number> {
        const x = v.s !== null ? v.s(f) : yield* v.g!(f);
        yield* st(f, x);
        return NORMAL;
      };
    }
    case 'AugAssign':
      return genAugAssign(c, s);
    case 'Return': {
      const v = ce(c, s.value!);
      return function* (f: Frame): Gen<number> {
        f.ret = v.s !== null ? v.s(f) : yield* v.g!(f);
        return RETURN;
      };
    }
    case 'Match':
      return genMatch(c, s);
    case 'If': {
      const t = ce(c, s.test);
      const body = compileBlock(c, s.body);
      const orelse = compileBlock(c, s.orelse);
      return function* (f: Frame): Gen<number> {
        const test = t.s !== null ? t.s(f) : yield* t.g!(f);
        return yield* runGen(f, truthy(test) ? body : orelse);
      };
    }
    case 'While': {
      // A test without await is run inline by the runner (inlineLoop); this one suspends.
      const body = compileBlock(c, s.body);
      const orelse = compileBlock(c, s.orelse);
      const t = ce(c, s.test);
      return function* (f: Frame): Gen<number> {
        for (;;) {
          const test = t.s !== null ? t.s(f) : yield* t.g!(f);
          if (!truthy(test)) return yield* runGen(f, orelse);
          const r = yield* runGen(f, body);
          if (r === BREAK) return NORMAL;
          if (r === RETURN) return RETURN;
        }
      };
    }
    case 'For': {
      const it = ce(c, s.iter);
      const store = compileTarget(c, s.target);
      const body = compileBlock(c, s.body);
      if (hasAwait(s.target)) throw new CompileError(s.target, "'await' in a for loop target is not supported");
      if (s.orelse.length > 0) {
        const orelse = compileBlock(c, s.orelse);
        const line = s.line;
        return function* (f: Frame): Gen<number> {
          const itr = pyIter(it.s !== null ? it.s(f) : yield* it.g!(f));
          let r: number;
          try {
            for (;;) {
              f.line = line;
              const x = itr.next();
              if (x === DONE) return yield* runGen(f, orelse);
              store(f, x);
              r = yield* runGen(f, body);
              if (r === BREAK || r === RETURN) break;
            }
          } catch (e) {
            if (e instanceof PyBaseException) loopLetGo(itr, f);
            throw e;
          }
          loopLetGo(itr, f);
          return r === BREAK ? NORMAL : RETURN;
        };
      }
      // An iterable without await is run inline by the runner (inlineLoop); this one suspends.
      const iterGen = it.g!;
      return function* (f: Frame): Gen<number> {
        const obj = yield* iterGen(f);
        return yield* runForGen(f, pyIter(obj), store, body);
      };
    }
    case 'AsyncFor':
      return genAsyncFor(c, s);
    case 'With':
      return genWith(c, s);
    case 'AsyncWith':
      return genAsyncWith(c, s);
    case 'Try':
      return genTry(c, s);
    case 'TryStar':
      return genTry(c, s);
    case 'Raise': {
      if (s.exc === null) return (f) => reraise(f);
      const ex = ce(c, s.exc);
      const cause = s.cause === null ? null : ce(c, s.cause);
      return function* (f: Frame): Gen<number> {
        const e = ex.s !== null ? ex.s(f) : yield* ex.g!(f);
        const k = cause === null ? null : cause.s !== null ? cause.s(f) : yield* cause.g!(f);
        return doRaise(f, e, cause !== null, k);
      };
    }
    case 'Assert': {
      const t = ce(c, s.test);
      const m = s.msg === null ? null : ce(c, s.msg);
      return function* (f: Frame): Gen<number> {
        const test = t.s !== null ? t.s(f) : yield* t.g!(f);
        if (truthy(test)) return NORMAL;
        const msg = m === null ? undefined : m.s !== null ? m.s(f) : yield* m.g!(f);
        throw notePosition(newException(ASSERTION_ERROR, msg === undefined ? [] : [msg]), f, s.test);
      };
    }
    case 'Delete':
    case 'FunctionDef':
    case 'AsyncFunctionDef':
    case 'ClassDef':
    case 'Import':
    case 'ImportFrom': {
      // Only their default values / bases could contain an await: rare enough to refuse clearly.
      throw new CompileError(s, `'await' inside this ${s.kind} statement is not supported; compute the value on its own line first`);
    }
    default: {
      const run = syncStmt(c, s);
      return function* (f: Frame): Gen<number> {
        return run(f);
      };
    }
  }
}

type GenStore = (f: Frame, v: unknown) => Gen<void>;

function genTarget(c: Ctx, t: A.Expression): GenStore {
  if (!hasAwait(t)) {
    const st = compileTarget(c, t);
    return function* (f: Frame, v: unknown): Gen<void> {
      st(f, v);
    };
  }
  throw new CompileError(t, "'await' inside an assignment target is not supported");
}

function genAugAssign(c: Ctx, s: A.AugAssign): StmtGen {
  const v = ce(c, s.value);
  const op = s.op;
  const t = s.target;
  if (hasAwait(t)) throw new CompileError(t, "'await' inside an assignment target is not supported");
  if (t.kind === 'Name') {
    const load = expr(c, t);
    const store = storeName(c.rt, c.scope, t.id);
    return function* (f: Frame): Gen<number> {
      const a = load(f);
      const b = v.s !== null ? v.s(f) : yield* v.g!(f);
      store(f, inplace(op, a, b));
      return NORMAL;
    };
  }
  if (t.kind === 'Attribute') {
    const o = expr(c, t.value);
    const name = t.attr;
    return function* (f: Frame): Gen<number> {
      const obj = o(f);
      const a = targetAttr(f, t, obj, name);
      const b = v.s !== null ? v.s(f) : yield* v.g!(f);
      setAttr(obj, name, inplace(op, a, b));
      return NORMAL;
    };
  }
  const o = expr(c, t.value);
  const k = expr(c, t.slice);
  return function* (f: Frame): Gen<number> {
    const obj = o(f);
    const key = k(f);
    const a = targetItem(f, t, obj, key);
    const b = v.s !== null ? v.s(f) : yield* v.g!(f);
    setItem(obj, key, inplace(op, a, b));
    return NORMAL;
  };
}

function genAsyncFor(c: Ctx, s: A.AsyncFor): StmtGen {
  const iter = ce(c, s.iter);
  const store = compileTarget(c, s.target);
  const body = compileBlock(c, s.body);
  const orelse = compileBlock(c, s.orelse);
  const line = s.line;
  // An async generator created by the loop header is only referenced by the loop: leaving the
  // loop early drops it, and CPython's finalizer hook closes it in a new task.
  const headerCreates = s.iter.kind !== 'Name' && s.iter.kind !== 'Attribute' && s.iter.kind !== 'Subscript';
  return function* (f: Frame): Gen<number> {
    const x = iter.s !== null ? iter.s(f) : yield* iter.g!(f);
    const ai = asyncIterOf(x);
    let exhausted = false;
    let sig = NORMAL;
    try {
      for (;;) {
        let v: unknown;
        f.line = line;
        AL.line = line;
        // The generator's frame is part of this task's await stack while it runs for the loop.
        f.aw = ai.agen === null ? null : ai.agen.frame;
        try {
          v = yield* ai.anext();
          f.aw = null;
        } catch (e) {
          f.aw = null;
          if (e instanceof PyStopAsyncIteration) {
            exhausted = true;
            break;
          }
          throw e;
        }
        store(f, v);
        const r = yield* runGen(f, body);
        if (r === BREAK) break;
        if (r === RETURN) {
          sig = RETURN;
          break;
        }
      }
    } catch (e) {
      if (!isHalt(e) && headerCreates && ai.agen !== null && !exhausted) finalizeAbandoned(ai.agen);
      throw e;
    }
    if (!exhausted && headerCreates && ai.agen !== null) finalizeAbandoned(ai.agen);
    // The else block: the iterator ran out (no break, no return).
    if (exhausted) return yield* runGen(f, orelse);
    return sig;
  };
}

// ---------------------------------------------------------------------------------------------
// The module

/** A module's statements, run in the namespace `ns` (the scenario's, or a library module's). */
export function compileModule(rt: Runtime, module: A.Module, ns: Namespace = rt.main): Stmt[] {
  const scope = new Scope('module', null, null, '', [], ns);
  scope.stringAnnotations = module.futureAnnotations;
  const body = compileBlock({ rt, scope }, module.body);
  if (!hasAnnotations(module.body)) return body;
  // SETUP_ANNOTATIONS: a module that annotates names starts with an empty __annotations__.
  const setup: StmtFn = () => {
    if (ns.get('__annotations__') === undefined) ns.cell('__annotations__').v = new PyDict();
    return NORMAL;
  };
  return [sSync(module.line, setup), ...body];
}

const FIRE_AND_FORGET = new Set(['create_task', 'loop.create_task', 'ensure_future', 'Task']);

/** What an expression statement drops: a never-awaited coroutine, or a fire-and-forget task. */
export function droppedValue(rt: Runtime, v: object, taskMark: number, line: number, frame: Frame | null = null): void {
  if (v instanceof Task) {
    // Only tasks nothing else keeps: a TaskGroup holds its children until they are done.
    if (v.serial >= taskMark && FIRE_AND_FORGET.has(v.via)) {
      v.referenced = false;
      if (v.loop.trace !== null) v.loop.trace.taskDropped(v, line);
    }
    return;
  }
  if (isPyCoroutine(v)) {
    const coro = v as PyCoroutine;
    // A coroutine the statement made and something else still holds (a list it was appended
    // to, an attribute) is not dropped: it may be awaited later, and CPython does not warn.
    if (coro.fr.st === 0 && !stillReferenced(coro, frame)) {
      coro.fr.st = 2;
      rt.warnNeverAwaited(coro.coroName, line);
    }
    return;
  }
  if (isCoroutine(v) && !(v instanceof PyList)) {
    rt.warnNeverAwaited((v as { coroName?: string }).coroName ?? 'coroutine', line);
  }
}

