/**
 * asyncio.Runner (Lib/asyncio/runners.py, 3.11): the object that owns an event loop's life, and
 * what asyncio.run is made of (`with Runner(debug=debug) as runner: return runner.run(main)`).
 *
 * The loop is made on first need (`_lazy_init`: entering the runner, get_loop() or run()), made
 * the current loop, and given the context every run() runs in by default: one copy of the
 * caller's context, so that what one run sets in a ContextVar the next run sees. close() cancels
 * the tasks left over, runs two more tasks (shutdown_asyncgens and shutdown_default_executor:
 * each takes a task number, which is why a second asyncio.run's main task is Task-4) and closes
 * the loop.
 *
 * A deadlock or a limit ends everything on the spot, as the reference runner does: a real program
 * would hang there, so no cleanup runs. That is signalled with LoopHalted, which is not a Python
 * exception and cannot be caught by scenario code.
 */
import type { EventLoop, LoopHalt } from '../loop/loop.ts';
import { LoopHalted } from '../loop/halted.ts';
import { peekRunningLoop } from '../loop/running.ts';
import { labelled } from '../loop/handle.ts';
import { PyBaseException, RuntimeError, ValueError } from './exceptions.ts';
import { isCoroutine, type Coroutine, type Future } from './future.ts';
import { currentContext, type Context } from './context.ts';
import { gatherWith } from './gather.ts';
import { named, type CoroutineGen } from './coroutines.ts';
import { waitForGraph } from './wait-graph.ts';
import { holdWithTraceback } from './held-by-traceback.ts';
import { WarningKind } from '../trace/format.ts';

function haltWith(loop: EventLoop, halt: LoopHalt): never {
  throw new LoopHalted(halt, loop, halt.kind === 'deadlock' ? waitForGraph(loop) : null);
}

/** run_forever (until loop.stop()), turning a halt into LoopHalted. */
export function runForever(loop: EventLoop): void {
  const halt = loop.runForever();
  if (halt !== null) haltWith(loop, halt);
}

/**
 * run_until_complete, turning a halt into LoopHalted. `newTask`: the loop wrapped a coroutine in
 * this task itself, so a SystemExit or KeyboardInterrupt leaving it is marked retrieved.
 */
export function runUntilComplete(loop: EventLoop, future: Future<unknown>, newTask = false): void {
  const halt = loop.runUntilComplete(future, newTask);
  if (halt !== null) haltWith(loop, halt);
}

export interface RunnerOptions {
  /** Runner(debug=...): loop.set_debug(debug) unless it is None. */
  debug?: boolean | null;
  /** events.new_event_loop(), or the program's loop_factory. */
  newLoop: () => EventLoop;
  /**
   * events.set_event_loop, when the runner makes its loop itself (no loop_factory): the new loop
   * becomes the current one, and None once the runner is closed.
   */
  setEventLoop?: ((loop: EventLoop | null) => void) | null;
  /** How the trace says the runner's tasks were created: 'asyncio.run' or 'Runner.run'. */
  via?: string;
  /** repr() of a value, for "a coroutine was expected, got ...". */
  repr?: (value: unknown) => string;
  /** The coroutine a task will run for `coro` (the interpreter's stand-in for a finished one); `coro` by default. */
  runnable?: (coro: Coroutine<unknown>) => Coroutine<unknown>;
  /** How the host runs the loop each time the runner needs it (a host may mark the span); `body()` by default. */
  runLoop?: (loop: EventLoop, body: () => void) => void;
}

type RunnerState = 'created' | 'initialized' | 'closed';

export class Runner {
  private state: RunnerState = 'created';
  private loop: EventLoop | null = null;
  /** The context run() runs in unless given one (contextvars.copy_context() at _lazy_init). */
  private context: Context | null = null;
  private setEventLoopCalled = false;
  /** The loop most recently made, still known after close() (the host reads its clock). */
  lastLoop: EventLoop | null = null;

  constructor(private readonly options: RunnerOptions) {}

  /** __enter__ */
  enter(): this {
    this.lazyInit();
    return this;
  }

  /** get_loop() */
  getLoop(): EventLoop {
    return this.lazyInit();
  }

  /** True between the loop's creation and close(): close() has a loop to shut down. */
  get initialized(): boolean {
    return this.state === 'initialized';
  }

  /** run(coro, *, context=None): run the coroutine as a task of the runner's loop until it is done. */
  run<T>(coro: Coroutine<T> | unknown, context: Context | null = null): T {
    if (!isCoroutine(coro)) throw new ValueError(`a coroutine was expected, got ${(this.options.repr ?? String)(coro)}`);
    // The coroutine stays in run()'s frame, which the exception's traceback keeps.
    if (peekRunningLoop() !== null) throw holdWithTraceback(new RuntimeError('Runner.run() cannot be called from a running event loop'), [coro]);
    let loop: EventLoop;
    try {
      loop = this.lazyInit();
    } catch (error) {
      if (error instanceof PyBaseException) holdWithTraceback(error, [coro]);
      throw error;
    }
    const main = (this.options.runnable?.(coro as Coroutine<T>) ?? coro) as Coroutine<T>;
    const task = loop.createTask(main, { via: this.options.via ?? 'Runner.run', context: context ?? this.context });
    this.runLoop(loop, () => runUntilComplete(loop, task));
    return task.result();
  }

  /** close(): cancel leftovers, shut down async generators and the default executor, close the loop. */
  close(): void {
    if (this.state !== 'initialized') return;
    const loop = this.loop as EventLoop;
    try {
      this.runLoop(loop, () => {
        cancelAllTasks(loop);
        const via = this.options.via ?? 'Runner.run';
        runShutdownStep(loop, 'shutdown_asyncgens', () => shutdownAsyncgens(loop), via);
        runShutdownStep(loop, 'shutdown_default_executor', () => shutdownDefaultExecutor(loop), via);
      });
    } catch (error) {
      // A hang or a limit: the program stops there, nothing after it runs.
      if (!(error instanceof LoopHalted)) this.finishClosing(loop, true);
      throw error;
    }
    this.finishClosing(loop, false);
  }

  /**
   * close()'s `finally:` clause: no current loop any more, and the loop is closed. `interrupted`:
   * an exception (SystemExit, KeyboardInterrupt) left the cleanup, and its traceback keeps the
   * tasks the cleanup was cancelling.
   */
  private finishClosing(loop: EventLoop, interrupted: boolean): void {
    if (this.setEventLoopCalled) this.options.setEventLoop?.(null);
    closeLoop(loop, interrupted);
    this.loop = null;
    this.state = 'closed';
  }

  private runLoop(loop: EventLoop, body: () => void): void {
    // Inside another running loop, close() fails before its loop runs (_check_running).
    if (this.options.runLoop === undefined || peekRunningLoop() !== null) body();
    else this.options.runLoop(loop, body);
  }

  /** _lazy_init: the loop, made once; a closed runner cannot be used again. */
  private lazyInit(): EventLoop {
    if (this.state === 'closed') throw new RuntimeError('Runner is closed');
    if (this.state === 'initialized') return this.loop as EventLoop;
    const loop = this.options.newLoop();
    if (this.options.setEventLoop != null && !this.setEventLoopCalled) {
      this.options.setEventLoop(loop);
      this.setEventLoopCalled = true;
    }
    const debug = this.options.debug ?? null;
    if (debug !== null) loop.setDebug(debug, false);
    this.context = currentContext().copy();
    this.loop = loop;
    this.lastLoop = loop;
    this.state = 'initialized';
    return loop;
  }
}

/**
 * asyncio.run(main): returns main's result or throws its exception after the cleanup; throws
 * LoopHalted on a deadlock or a limit.
 */
export function runInNewRunner<T>(main: Coroutine<T> | unknown, options: RunnerOptions): T {
  if (peekRunningLoop() !== null) throw holdWithTraceback(new RuntimeError('asyncio.run() cannot be called from a running event loop'), [main]);
  const runner = new Runner({ via: 'asyncio.run', ...options }).enter();
  let value: T;
  try {
    value = runner.run<T>(main);
  } catch (error) {
    if (!(error instanceof LoopHalted)) runner.close();
    throw error;
  }
  runner.close();
  return value;
}

/**
 * BaseEventLoop.close() after a runner's cleanup: failures nobody retrieved are reported, and the
 * tasks still pending (created during the cleanup itself) are destroyed with the loop's queues.
 */
function closeLoop(loop: EventLoop, interrupted: boolean): void {
  if (loop.closed) return;
  loop.reportLeftoverFailures();
  if (loop.debug) loop.debugHooks?.closing(loop);
  // CPython logs them when they are garbage-collected after the loop has closed (Task.__del__):
  // at once, or at the exit when an interrupting exception's traceback keeps them.
  if (interrupted) for (const task of loop.allTasks()) loop.process.keptUntilExit.add(task);
  else destroyPending(loop);
  loop.closed = true;
}

/**
 * Task.__del__ for each task the loop still has pending: "Task was destroyed but it is pending!".
 * A task is destroyed once: it leaves the loop's list.
 */
export function destroyPending(loop: EventLoop): void {
  const pending = loop.allTasks();
  if (pending.length === 0) return;
  for (const task of pending) loop.logError('Task was destroyed but it is pending!', null, task, WarningKind.DestroyedPending);
  loop.tasks = loop.tasks.filter((task) => task.done());
}

/**
 * loop.run_until_complete(loop.shutdown_xxx()) in Runner.close: the loop's checks come before
 * the coroutine becomes a task, so when they fail it was never awaited, and warns so once the
 * exception goes (held-by-traceback.ts).
 */
function runShutdownStep(loop: EventLoop, name: string, body: () => CoroutineGen<void>, via: string): void {
  try {
    loop.checkRunnable();
  } catch (error) {
    if (error instanceof PyBaseException) holdWithTraceback(error, [named(`BaseEventLoop.${name}`, body())]);
    throw error;
  }
  runUntilComplete(loop, loop.createTask(named(name, body()), { via }));
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
