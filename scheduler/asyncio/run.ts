/**
 * asyncio.run (Lib/asyncio/runners.py, 3.11): create the main task, run the loop until it is done
 * (the loop stops one tick later, rule 33), then clean up: cancel every leftover task in creation
 * order and run until they finish, then run the two shutdown tasks (shutdown_asyncgens and
 * shutdown_default_executor), and finally re-raise main's exception (rule 34).
 *
 * A deadlock or a limit ends everything on the spot, as the reference runner does: a real program
 * would hang there, so no cleanup runs. That is signalled with LoopHalted, which is not a Python
 * exception and cannot be caught by scenario code.
 */
import { EventLoop, ProcessState, type LimitReason, type LoopHalt, type LoopOptions } from '../loop/loop.ts';
import { LoopHalted } from '../loop/halted.ts';
import { peekRunningLoop } from '../loop/running.ts';
import { PyBaseException, RuntimeError, ValueError } from './exceptions.ts';
import { isCoroutine, type Coroutine, type Future } from './future.ts';
import { gatherWith } from './gather.ts';
import { named, type CoroutineGen } from './coroutines.ts';
import { waitForGraph, type WaitForGraph } from './wait-graph.ts';
import { labelled } from '../loop/handle.ts';
import { WarningKind } from '../trace/format.ts';

export { LoopHalted };

function haltWith(loop: EventLoop, halt: LoopHalt): never {
  throw new LoopHalted(halt, loop, halt.kind === 'deadlock' ? waitForGraph(loop) : null);
}

/** run_forever (until loop.stop()), turning a halt into LoopHalted. */
export function runForever(loop: EventLoop): void {
  const halt = loop.runForever();
  if (halt !== null) haltWith(loop, halt);
}

/** run_until_complete, turning a halt into LoopHalted. */
export function runUntilComplete(loop: EventLoop, future: Future<unknown>): void {
  const halt = loop.runUntilComplete(future);
  if (halt !== null) haltWith(loop, halt);
}

/**
 * asyncio.run(main): returns main's result or throws its exception after the cleanup; throws
 * LoopHalted on a deadlock or a limit. `onLoop` lets a host see the loop it created.
 */
export function asyncioRun<T>(main: Coroutine<T>, options: LoopOptions = {}, onLoop?: (loop: EventLoop) => void): T {
  if (peekRunningLoop() !== null) throw new RuntimeError('asyncio.run() cannot be called from a running event loop');
  if (!isCoroutine(main)) throw new ValueError(`a coroutine was expected, got ${String(main)}`);
  const loop = new EventLoop(options);
  onLoop?.(loop);
  const mainTask = loop.createTask(main, { via: 'asyncio.run' });
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    runUntilComplete(loop, mainTask);
    outcome = { ok: true, value: mainTask.result() };
  } catch (error) {
    if (error instanceof LoopHalted) throw error;
    outcome = { ok: false, error };
  }
  closeRunner(loop);
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/** Runner.close(): cancel leftovers, shut down async generators and the default executor. */
function closeRunner(loop: EventLoop): void {
  cancelAllTasks(loop);
  runUntilComplete(loop, loop.createTask(named('shutdown_asyncgens', shutdownAsyncgens(loop)), { via: 'asyncio.run' }));
  runUntilComplete(loop, loop.createTask(named('shutdown_default_executor', shutdownDefaultExecutor(loop)), { via: 'asyncio.run' }));
  loop.reportLeftoverFailures();
  if (loop.debug) loop.debugHooks?.closing(loop);
  // Tasks created during the cleanup itself are still pending; CPython logs them when they are
  // garbage-collected after the loop has closed (Task.__del__).
  destroyPending(loop);
  loop.closed = true;
}

/** Task.__del__ for each task the loop still has pending: "Task was destroyed but it is pending!". */
export function destroyPending(loop: EventLoop): void {
  for (const task of loop.allTasks()) loop.logError('Task was destroyed but it is pending!', null, task, WarningKind.DestroyedPending);
}

/** runners._cancel_all_tasks: cancel in creation order, then wait for all of them together. */
function cancelAllTasks(loop: EventLoop): void {
  const toCancel = loop.allTasks();
  if (toCancel.length === 0) return;
  for (const task of toCancel) {
    // The runner's list keeps them until its gather has retrieved what they raise.
    task.referenced = true;
    task.cancel();
  }
  runUntilComplete(loop, gatherWith({ returnExceptions: true }, ...toCancel));
  for (const task of toCancel) {
    if (task.cancelled()) continue;
    const exc = task.exception();
    if (exc !== null) loop.logError('unhandled exception during asyncio.run() shutdown', exc, task);
  }
}

/** BaseEventLoop.shutdown_asyncgens: close generators that were abandoned mid-iteration. */
function* shutdownAsyncgens(loop: EventLoop): CoroutineGen<void> {
  if (loop.asyncgens.size === 0) return;
  const closing = [...loop.asyncgens];
  loop.asyncgens.clear();
  const results = yield* gatherWith({ returnExceptions: true }, ...closing.map((agen) => agen.aclose()));
  for (const [i, result] of results.entries()) {
    if (result instanceof PyBaseException && !(result.pyName === 'CancelledError')) {
      loop.logError(`an error occurred during closing of asynchronous generator ${closing[i]!.repr()}`, result, null, WarningKind.Other, { key: 'asyncgen', value: closing[i] });
    }
  }
}

/**
 * BaseEventLoop.shutdown_default_executor: with a default executor, a helper thread waits for its
 * workers to finish (executor.shutdown(wait=True)) and hands `future.set_result(None)` over with
 * call_soon_threadsafe; the shutdown task awaits that future.
 */
function* shutdownDefaultExecutor(loop: EventLoop): CoroutineGen<void> {
  const pool = loop.defaultExecutor;
  if (pool === null) return;
  pool.shutdownRequested = true;
  const future = loop.createFuture<unknown>();
  const done = pool.allDoneAt();
  loop.threadTimeline().add(done, () => {
    if (!loop.closed) loop.callSoon(labelled('Future.set_result', () => future.setResult(null)));
  });
  yield* future;
}

/** How a whole run ended, as the transcript's END line reports it. */
export type RunOutcome<T = unknown> =
  | { kind: 'ok'; time: number; value: T }
  | { kind: 'error'; time: number; exception: PyBaseException }
  | { kind: 'deadlock'; time: number; pending: string[]; graph: WaitForGraph }
  | { kind: 'limit'; time: number; reason: LimitReason; message: string; line?: number; task?: number };

/**
 * Run a coroutine the way a script's `asyncio.run(main())` would and report how it ended. The
 * convenience entry point for tests, benchmarks and hosts that play TypeScript coroutines.
 */
export function runMain<T>(main: Coroutine<T>, options: LoopOptions = {}): RunOutcome<T> {
  const process = options.process ?? new ProcessState();
  let loop: EventLoop | null = null;
  try {
    const value = asyncioRun(main, { ...options, process }, (created) => (loop = created));
    return { kind: 'ok', time: (loop as EventLoop | null)?.clock ?? 0, value };
  } catch (error) {
    return outcomeOfError(error, (loop as EventLoop | null)?.clock ?? 0);
  }
}

/** Classify what escaped asyncio.run. */
export function outcomeOfError(error: unknown, time: number): RunOutcome<never> {
  if (error instanceof LoopHalted) {
    const clock = error.loop.clock;
    if (error.halt.kind === 'deadlock') {
      const pending = error.loop.allTasks().map((task) => task.name).sort();
      return { kind: 'deadlock', time: clock, pending, graph: error.graph as WaitForGraph };
    }
    const { reason, message, line, task } = error.halt;
    return { kind: 'limit', time: clock, reason, message, ...(line === undefined ? {} : { line }), ...(task === undefined ? {} : { task }) };
  }
  if (error instanceof PyBaseException) return { kind: 'error', time, exception: error };
  throw error; // a bug in the model or a host error: let it surface
}
