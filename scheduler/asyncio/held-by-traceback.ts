/**
 * What an exception's traceback keeps alive. A Python function that raises leaves its frame, and
 * so its arguments, in the exception's traceback: a coroutine it was given and had not run yet
 * (asyncio.run(coro) inside a running loop, loop.run_until_complete(coro) on a closed loop,
 * asyncio.wait([coro])) lives until the exception is released, and only then warns "coroutine
 * ... was never awaited". In a scenario that is when the handler that caught it is done (its
 * `as e` name goes), so the warning follows the handler's output.
 *
 * The model notes such values on the exception (hold); the interpreter takes them back when a
 * handler is done with it (release). An exception a future stores (a task failed with it, or
 * with an exception chained to it) lives as long as that future: what it holds is released when
 * the script ends, as CPython's final collection does.
 */
import { PyBaseException } from './exceptions.ts';

const held = new WeakMap<PyBaseException, unknown[]>();
/** Exceptions that hold something not yet released, in the order they were raised. */
const outstanding = new Set<PyBaseException>();
/** Exceptions a future stores (only noted while something is held: nothing else asks). */
const kept = new WeakSet<PyBaseException>();

/** The raising call's frame held `values` (its arguments) when `e` left it. Returns `e`. */
export function holdWithTraceback<E extends PyBaseException>(e: E, values: readonly unknown[]): E {
  if (values.length === 0) return e;
  const list = held.get(e);
  if (list === undefined) held.set(e, [...values]);
  else list.push(...values);
  outstanding.add(e);
  return e;
}

/** Future.set_exception: the future keeps the exception, and whatever it holds, alive. */
export function keptByFuture(e: PyBaseException): void {
  if (outstanding.size > 0) kept.add(e);
}

/**
 * A handler is done with `e`: what `e` and the exceptions chained to it hold is released, except
 * through an exception a future keeps or `stillHandled` (an outer handler's, still alive).
 */
export function release(e: PyBaseException, stillHandled: PyBaseException | null): unknown[] {
  if (outstanding.size === 0) return [];
  const out: unknown[] = [];
  const seen = new Set<PyBaseException>();
  const visit = (x: PyBaseException | null): void => {
    if (x === null || seen.has(x) || x === stillHandled || kept.has(x)) return;
    seen.add(x);
    const values = held.get(x);
    if (values !== undefined) {
      held.delete(x);
      outstanding.delete(x);
      out.push(...values);
    }
    visit(x.pyCause);
    visit(x.pyContext);
  };
  visit(e);
  return [...new Set(out)];
}

/** The script ended: everything still held is released. */
export function releaseAll(): unknown[] {
  const out: unknown[] = [];
  for (const e of outstanding) out.push(...(held.get(e) ?? []));
  outstanding.clear();
  return [...new Set(out)];
}
