/**
 * asyncio.run (Lib/asyncio/runners.py, 3.11), for hosts that play TypeScript coroutines: a Runner
 * (runner.ts) runs the main task until it is done (the loop stops one tick later, rule 33), then
 * cleans up: cancel every leftover task in creation order and run until they finish, then run the
 * two shutdown tasks (shutdown_asyncgens and shutdown_default_executor), and finally re-raise
 * main's exception (rule 34).
 */
import { EventLoop, ProcessState, type LimitReason, type LoopOptions } from '../loop/loop.ts';
import { LoopHalted } from '../loop/halted.ts';
import { PyBaseException } from './exceptions.ts';
import type { Coroutine } from './future.ts';
import type { WaitForGraph } from './wait-graph.ts';
import { runInNewRunner } from './runner.ts';

export { LoopHalted };
export { destroyPending, runForever, runUntilComplete } from './runner.ts';

/**
 * asyncio.run(main): returns main's result or throws its exception after the cleanup; throws
 * LoopHalted on a deadlock or a limit. `onLoop` lets a host see the loop it created.
 */
export function asyncioRun<T>(main: Coroutine<T>, options: LoopOptions = {}, onLoop?: (loop: EventLoop) => void): T {
  return runInNewRunner<T>(main, {
    newLoop: () => {
      const loop = new EventLoop(options);
      onLoop?.(loop);
      return loop;
    },
  });
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
