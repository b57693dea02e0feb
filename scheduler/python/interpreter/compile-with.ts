/**
 * `with` and `async with`: the context manager protocols (__enter__/__exit__, __aenter__/
 * __aexit__), several items nested left to right, and an exception leaving the body offered to
 * each __exit__ in turn, which may swallow it with a true result.
 */
import type * as A from '../ast.ts';
import { typeName, typeOf } from './values.ts';
import { Frame, NORMAL, type Gen, type StmtFn, type StmtGen } from './frame.ts';
import { PyBaseException, excClassOf, typeError } from './exceptions.ts';
import { callDunder } from './calls.ts';
import { truthy } from './ops.ts';
import { AL, CALL, awaitAny, runGen, runSync } from './exec.ts';
import { ce, compileTarget, expr, type Ctx } from './compile-expr.ts';
import { asPython, chainContext, compileBlock } from './compile-stmt.ts';
import type { Store } from './scope.ts';

/** __exit__'s arguments: (type, value, traceback), None for each when the body went well. */
function exitArgs(e: PyBaseException | null): unknown[] {
  return e === null ? [null, null, null] : [excClassOf(e), e, null];
}

/** The synchronous protocol, as CPython 3.11 looks it up on the type. */
interface SyncCM {
  enter(): unknown;
  exit(e: PyBaseException | null): unknown;
}

function syncCM(mgr: unknown): SyncCM {
  const cls = typeOf(mgr);
  if (cls.lookup('__enter__') === undefined) throw typeError(`'${typeName(mgr)}' object does not support the context manager protocol`);
  if (cls.lookup('__exit__') === undefined) throw typeError(`'${typeName(mgr)}' object does not support the context manager protocol (missed __exit__ method)`);
  return {
    enter: () => callDunder(mgr, '__enter__', []),
    exit: (e) => callDunder(mgr, '__exit__', exitArgs(e)),
  };
}

/** The asynchronous context manager protocol of a value. */
interface AsyncCM {
  enter(): Gen<unknown>;
  exit(e: PyBaseException | null): Gen<unknown>;
}

/** The scheduler's own managers (Lock, TaskGroup, timeout...) are driven directly. */
interface HostCM {
  aenter(): Gen<unknown>;
  aexit(e: unknown): Gen<unknown>;
}

function asyncCM(mgr: unknown, line: number): AsyncCM {
  if (typeof mgr === 'object' && mgr !== null && typeof (mgr as HostCM).aenter === 'function' && typeof (mgr as HostCM).aexit === 'function') {
    const m = mgr as HostCM;
    return {
      *enter() {
        const v = yield* m.aenter();
        return v === undefined ? null : v;
      },
      exit: (e) => m.aexit(e),
    };
  }
  const cls = typeOf(mgr);
  if (cls.lookup('__aenter__') !== undefined && cls.lookup('__aexit__') !== undefined) {
    return {
      enter: () => awaitAny(callDunder(mgr, '__aenter__', []), line),
      exit: (e) => awaitAny(callDunder(mgr, '__aexit__', exitArgs(e)), line),
    };
  }
  throw typeError(`'${typeName(mgr)}' object does not support the asynchronous context manager protocol`);
}

/**
 * __exit__ or __aexit__ called for an exception in flight runs as an except block would: the
 * exception is the one being handled (sys.exception() in the frame), and the context of any
 * other exception the exit raises (CPython calls it under the handler WITH_EXCEPT_START sets up).
 */
function* exitHandling(f: Frame, e: PyBaseException, exit: Gen<unknown>): Gen<unknown> {
  const saved = f.exc;
  f.exc = e;
  try {
    return yield* exit;
  } catch (e2) {
    chainContext(e2, e);
    throw e2;
  } finally {
    f.exc = saved;
  }
}

/** exitHandling for a manager whose __exit__ cannot suspend. */
function exitHandlingNow(f: Frame, e: PyBaseException, exit: () => unknown): unknown {
  const saved = f.exc;
  f.exc = e;
  try {
    return exit();
  } catch (e2) {
    chainContext(e2, e);
    throw e2;
  } finally {
    f.exc = saved;
  }
}

interface Item {
  ctx: ReturnType<typeof ce>;
  store: Store | null;
}

function items(c: Ctx, s: A.With | A.AsyncWith): Item[] {
  return s.items.map((it) => ({
    ctx: ce(c, it.contextExpr),
    store: it.optionalVars === null ? null : compileTarget(c, it.optionalVars),
  }));
}

/** `with` whose items and body cannot suspend. */
export function compileWith(c: Ctx, s: A.With): StmtFn {
  const managers = s.items.map((it) => ({ ctx: expr(c, it.contextExpr), store: it.optionalVars === null ? null : compileTarget(c, it.optionalVars) }));
  const body = compileBlock(c, s.body);
  const line = s.line;
  const run = (f: Frame, k: number): number => {
    if (k === managers.length) return runSync(f, body);
    const it = managers[k]!;
    const cm = syncCM(it.ctx(f));
    const value = cm.enter();
    if (it.store !== null) it.store(f, value);
    let sig: number;
    try {
      sig = run(f, k + 1);
    } catch (e0) {
      const e = asPython(e0);
      if (e === null) throw e0;
      f.line = CALL.line = line;
      if (truthy(exitHandlingNow(f, e, () => cm.exit(e)))) return NORMAL;
      throw e;
    }
    // __exit__ is called from the `with` line, as CPython's traceback shows it.
    f.line = CALL.line = line;
    cm.exit(null);
    return sig;
  };
  return (f) => run(f, 0);
}

/** `with` in a coroutine or generator, whose body may suspend. */
export function genWith(c: Ctx, s: A.With): StmtGen {
  const its = items(c, s);
  const body = compileBlock(c, s.body);
  const line = s.line;
  function* run(f: Frame, k: number): Gen<number> {
    if (k === its.length) return yield* runGen(f, body);
    const it = its[k]!;
    const mgr = it.ctx.s !== null ? it.ctx.s(f) : yield* it.ctx.g!(f);
    const cm = syncCM(mgr);
    const value = cm.enter();
    if (it.store !== null) it.store(f, value);
    let sig: number;
    try {
      sig = yield* run(f, k + 1);
    } catch (e0) {
      const e = asPython(e0);
      if (e === null) throw e0;
      f.line = CALL.line = line;
      if (truthy(exitHandlingNow(f, e, () => cm.exit(e)))) return NORMAL;
      throw e;
    }
    // __exit__ is called from the `with` line, as CPython's traceback shows it.
    f.line = CALL.line = line;
    cm.exit(null);
    return sig;
  }
  return (f) => run(f, 0);
}

export function genAsyncWith(c: Ctx, s: A.AsyncWith): StmtGen {
  const its = items(c, s);
  const body = compileBlock(c, s.body);
  const line = s.line;
  function* run(f: Frame, k: number): Gen<number> {
    if (k === its.length) return yield* runGen(f, body);
    const it = its[k]!;
    const mgr = it.ctx.s !== null ? it.ctx.s(f) : yield* it.ctx.g!(f);
    const cm = asyncCM(mgr, line);
    AL.line = line;
    const value = yield* cm.enter();
    if (it.store !== null) it.store(f, value);
    let sig: number;
    try {
      sig = yield* run(f, k + 1);
    } catch (e0) {
      const e = asPython(e0);
      if (e === null) throw e0;
      f.line = line;
      AL.line = line;
      const suppress = yield* exitHandling(f, e, cm.exit(e));
      if (suppress !== undefined && truthy(suppress)) return NORMAL;
      throw e;
    }
    f.line = line;
    AL.line = line;
    yield* cm.exit(null);
    return sig;
  }
  return (f) => run(f, 0);
}
