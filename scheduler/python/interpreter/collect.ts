/**
 * What CPython's reference counting does when the last reference to a generator goes away: an
 * async generator abandoned mid-iteration is handed to the loop's asyncgen finalizer hook, which
 * schedules `create_task(agen.aclose())` at once (its finally blocks run in that task); a
 * generator is closed on the spot (its finally blocks run there).
 *
 * The interpreter has no reference counts, so it asks at the two moments a scenario drops a
 * reference it can see: `del name`, and the end of the frame that held it. Is the generator still
 * reachable from the scenario's globals, the live tasks' frames or the current frame? A bounded
 * search answers; when in doubt (a very large heap), the generator is left alone, as it would be
 * by a late garbage collection.
 */
import { peekRunningLoop } from '../../loop/running.ts';
import { Task } from '../../asyncio/task.ts';
import { Future, isCoroutine } from '../../asyncio/future.ts';
import { GatheringFuture } from '../../asyncio/gather.ts';
import { release, releaseAll } from '../../asyncio/held-by-traceback.ts';
import { WarningKind } from '../../trace/format.ts';
import { Cell, PyBoundMethod, PyClass, PyDict, PyInstance, PyList, PySet, PyTuple } from './values.ts';
import { PyFunction, type Frame } from './frame.ts';
import { PyAsyncGen, finalizeAbandoned, isPyCoroutine } from './exec.ts';
import { PyGenerator } from './generators.ts';
import { PyBaseException } from './exceptions.ts';
import type { Runtime } from './runtime.ts';

/** The most objects a reachability search visits before it gives up (and assumes "reachable"). */
const SEARCH_LIMIT = 50_000;

/** Generators started and not finished (the only ones whose dropping runs code). */
export const liveGenerators = { count: 0 };

/**
 * Plain futures (not tasks) given an exception in this run: until one is, a frame's end has no
 * "Future exception was never retrieved" to look for.
 */
export const failedFutures = { count: 0 };

let runtime: Runtime | null = null;

export function setCollectRuntime(rt: Runtime): void {
  runtime = rt;
}

function droppable(v: unknown): v is PyAsyncGen | PyGenerator {
  if (v instanceof PyAsyncGen) return v.started && !v.closed && !v.finalized && !v.running;
  if (v instanceof PyGenerator) return v.started && !v.finished && !v.running;
  return false;
}

/** Is `target` reachable from the roots, not counting `exclude` (the dying frame or cell)? */
function reachable(target: object, exclude: Frame | null, skipSlot = -1, extraRoot: unknown = undefined): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [];
  const push = (v: unknown) => {
    if (v !== null && typeof v === 'object' && !seen.has(v)) {
      seen.add(v);
      stack.push(v);
    }
  };
  const pushFrame = (f: Frame, skip: number) => {
    f.l.forEach((v, i) => {
      if (i !== skip) push(v);
    });
    for (const c of f.c ?? []) push(c);
    if (f.ns !== null) for (const v of f.ns.values()) push(v);
  };
  if (runtime !== null) for (const cell of runtime.main.cells.values()) push(cell.v);
  const loop = peekRunningLoop();
  if (loop !== null) {
    for (const task of loop.allTasks()) {
      const coro = task.coro;
      if (isPyCoroutine(coro) && coro.fr !== exclude) pushFrame(coro.fr, -1);
      push(task.peekResult());
    }
  }
  if (exclude !== null && skipSlot >= 0) pushFrame(exclude, skipSlot);
  push(extraRoot);
  let visited = 0;
  while (stack.length > 0) {
    const v = stack.pop() as object;
    if (v === target) return true;
    if (++visited > SEARCH_LIMIT) return true;
    if (v instanceof Cell) push(v.v);
    else if (v instanceof PyList || v instanceof PyTuple) for (const x of v.a) push(x);
    else if (v instanceof PyDict) for (const e of v.m.values()) (push(e.k), push(e.v));
    else if (v instanceof PySet) for (const x of v.m.values()) push(x);
    else if (v instanceof PyInstance) {
      for (const x of v.dict.values()) push(x);
      for (const x of v.slots?.values() ?? []) push(x);
    }
    else if (v instanceof PyClass) for (const x of v.dict.values()) push(x);
    else if (v instanceof PyFunction) {
      for (const c of v.closure ?? []) push(c);
      for (const d of v.defaults) push(d);
    } else if (v instanceof PyBoundMethod) (push(v.self), push(v.fn));
    else if (v instanceof PyAsyncGen) pushFrame(v.frame, -1);
    else if (v instanceof PyGenerator) pushFrame(v.frame, -1);
    else if (isPyCoroutine(v)) pushFrame(v.fr, -1);
  }
  return false;
}

function drop(v: PyAsyncGen | PyGenerator): void {
  if (v instanceof PyAsyncGen) finalizeAbandoned(v);
  else v.close();
}

/** `del name` removed a reference to `value` (held in `frame`'s slot, or a global when slot < 0). */
export function dropped(value: unknown, frame: Frame | null, slot = -1): void {
  if (value instanceof Future) {
    droppedFuture(value, frame, slot);
    return;
  }
  if (!droppable(value)) return;
  if (reachable(value, frame, slot)) return;
  drop(value);
}

/** A done future (or task) whose exception nobody retrieved: what Future.__del__ logs. */
function unretrieved(v: unknown): v is Future<unknown> {
  return v instanceof Future && v.logTraceback && v.done();
}

/**
 * A failed future or task whose exception nobody retrieved is logged by Future.__del__ when its
 * last reference goes (`{class name} exception was never retrieved`): at the `del`, or at the
 * end of the frame that held it, once it is done (the loop no longer holds it).
 */
function droppedFuture(future: Future<unknown>, frame: Frame | null, slot: number): void {
  const loop = peekRunningLoop();
  if (loop === null || !unretrieved(future)) return;
  // Its done callbacks (awaiting tasks' wakeups) wait in the ready queue with it as argument.
  for (const handle of loop.ready) if (handle.arg === future) return;
  if (reachable(future, frame, slot)) return;
  future.logTraceback = false;
  if (future instanceof Task) {
    loop.logError('Task exception was never retrieved', future.peekException(), future, WarningKind.NeverRetrieved, { key: 'future', value: future });
    return;
  }
  const name = future instanceof GatheringFuture ? '_GatheringFuture' : 'Future';
  loop.logError(`${name} exception was never retrieved`, future.peekException(), null, WarningKind.NeverRetrieved, { key: 'future', value: future });
}

/**
 * A frame ended: the generators held in its own variables, and reachable from nowhere else, go
 * with it. Only the frame's variables count: a generator the frame reached through an object
 * (`self.gen` in a context manager's __aenter__) is usually held by that object elsewhere too, in
 * places the search cannot see (the manager an `async with` keeps while its body runs, an
 * iterator a `for` loop keeps), so it is left to a later collection, as a doubt always is.
 */
export function frameEnded(frame: Frame): void {
  if (liveGenerators.count === 0 && failedFutures.count === 0) return;
  for (const v of new Set<unknown>(frame.l)) {
    // What the frame returns goes on to its caller (a task's result, the value of runner.run()).
    if (droppable(v) && !reachable(v, frame, -1, frame.ret)) drop(v);
    else if (failedFutures.count > 0 && unretrieved(v) && !(v instanceof Task)) droppedFuture(v, frame, -1);
  }
}

/**
 * A `for` loop in `frame` ended early (break, return, an exception) and let go of its iterator:
 * a generator nothing else holds is closed on the spot, its finally blocks run before the
 * statement after the loop (or the handler of the exception), as CPython's reference counting
 * closes it. An exception its closing raises is ignored, as CPython only reports it
 * ("Exception ignored in", on stderr).
 */
export function loopLetGo(it: unknown, frame: Frame): void {
  if (liveGenerators.count === 0 || !(it instanceof PyGenerator) || !droppable(it)) return;
  if (reachable(it, frame, frame.l.length)) return;
  try {
    it.close();
  } catch (e) {
    if (!(e instanceof PyBaseException)) throw e;
  }
}

/**
 * The end of the script: the reference runner then releases the globals in definition order (as
 * CPython's shutdown clears `__main__`), so a generator still suspended is closed, its finally
 * blocks run, when the last global that reaches it goes. Generators are only searched for
 * through containers, instances and functions' closures, as far as the search bound allows.
 */
export function releaseGlobals(rt: Runtime): void {
  if (liveGenerators.count === 0) return;
  const roots = [...rt.main.cells.values()].map((cell) => cell.v);
  // For each generator, the last global that reaches it, and the order they were met in.
  const lastHolder = new Map<PyGenerator, number>();
  let budget = SEARCH_LIMIT;
  roots.forEach((root, index) => {
    const seen = new Set<object>();
    const stack: unknown[] = [root];
    while (stack.length > 0 && budget-- > 0) {
      const v = stack.shift();
      if (v === null || typeof v !== 'object' || seen.has(v)) continue;
      seen.add(v);
      if (v instanceof PyGenerator) {
        if (droppable(v)) {
          lastHolder.delete(v);
          lastHolder.set(v, index);
        }
        continue;
      }
      if (v instanceof Cell) stack.push(v.v);
      else if (v instanceof PyList || v instanceof PyTuple) stack.push(...v.a);
      else if (v instanceof PyDict) for (const e of v.m.values()) stack.push(e.k, e.v);
      else if (v instanceof PySet) stack.push(...v.m.values());
      else if (v instanceof PyInstance) stack.push(...v.dict.values(), ...(v.slots?.values() ?? []));
      else if (v instanceof PyFunction) stack.push(...(v.closure ?? []), ...v.defaults);
      else if (v instanceof PyBoundMethod) stack.push(v.self);
    }
  });
  const order = [...lastHolder].sort((a, b) => a[1] - b[1]);
  for (const [gen] of order) {
    if (!droppable(gen)) continue;
    try {
      gen.close();
    } catch (e) {
      if (!(e instanceof PyBaseException)) throw e;
    }
  }
}

/** Is a coroutine an expression statement produced still reachable (so not dropped)? */
export function stillReferenced(coro: object, frame: Frame | null): boolean {
  return reachable(coro, frame, frame === null ? -1 : frame.l.length);
}

/**
 * A handler is done with the exception `e` (asyncio/held-by-traceback.ts): a coroutine the calls
 * that raised it had been given, never ran and nothing else holds dies now, and warns.
 */
export function exceptionReleased(e: PyBaseException, frame: Frame, line: number, stillHandled: PyBaseException | null): void {
  for (const value of release(e, stillHandled)) neverAwaited(value, frame, line);
}

/** The script ended: what exceptions kept by tasks held dies with them (line 0: at exit). */
export function scriptEndReleased(): void {
  for (const value of releaseAll()) neverAwaited(value, null, 0);
}

function neverAwaited(value: unknown, frame: Frame | null, line: number): void {
  if (runtime === null || !isCoroutine(value)) return;
  if (isPyCoroutine(value)) {
    if (value.fr.st !== 0 || stillReferenced(value, frame)) return;
    value.fr.st = 2;
  } else if (stillReferenced(value, frame)) return;
  runtime.warnNeverAwaited((value as { coroName?: string }).coroName ?? 'coroutine', line);
}
