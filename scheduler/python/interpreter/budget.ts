/**
 * The statement budget: runaway code (`while True: pass`, a CPU-bound loop that never awaits)
 * must end the run with a diagnosis instead of hanging the host.
 *
 * Every statement (and every iteration of a comprehension or of a builtin's loop) decrements one
 * counter. When it runs out, we look at what is running: if it is a different loop step (task step
 * or callback) than the one the counter was last refilled for, the counter is refilled; if it is the
 * same step, that step has run `limit` statements without returning to the event loop and the run
 * stops with a `limit` end.
 *
 * Stopping: inside asyncio.run the run must end on the spot, like a deadlock, so a LoopHalted is
 * thrown. Task.__step would catch it and fail the task, so coroutine frames turn it into a special
 * "suspension" that the Task cannot accept (see coroutines.ts); callbacks let it through. At module
 * level a ScenarioHalt unwinds the script.
 */
import { LoopHalted } from '../../asyncio/run.ts';
import { peekRunningLoop } from '../../loop/running.ts';
import type { LoopHalt } from '../../loop/loop.ts';
import type { Task } from '../../asyncio/task.ts';
import { runningThread } from '../../asyncio/threads.ts';

export const DEFAULT_STATEMENT_BUDGET = 10_000_000;

export const B = {
  /** Statements left before the next check. */
  n: DEFAULT_STATEMENT_BUDGET,
  limit: DEFAULT_STATEMENT_BUDGET,
  /** The step the counter was refilled for: a loop handle, or a module-level epoch object. */
  key: null as unknown,
  /** The module-level epoch (changes around asyncio.run). */
  epoch: {} as object,
};

/** Ends the run at module level: the script never reached (or returned to) the event loop. */
export class ScenarioHalt {
  constructor(
    readonly reason: 'statement-budget' | 'virtual-time' | 'internal',
    readonly message: string,
  ) {}
}

export function resetBudget(limit: number): void {
  B.limit = limit;
  B.n = limit;
  B.key = null;
  B.epoch = {};
}

/** A new module-level segment (asyncio.run started or returned). */
export function newEpoch(): void {
  B.epoch = {};
}

/** One unit of work outside a statement (comprehension or builtin iteration). */
export function tick(): void {
  if (--B.n < 0) overBudget(0);
}

/** The counter ran out: refill it for a new step, or stop the run. */
export function overBudget(line: number): void {
  const thread = runningThread();
  if (thread !== null) {
    if (thread !== B.key) {
      B.key = thread;
      B.n = B.limit;
      return;
    }
    B.n = B.limit;
    const message = `the worker thread ${thread.name} ran ${B.limit} statements without finishing${line > 0 ? ` (line ${line})` : ''}`;
    throw new LoopHalted({ kind: 'limit', reason: 'statement-budget', message } as unknown as LoopHalt, thread.pool.loop, null);
  }
  const loop = peekRunningLoop();
  const key = loop === null ? B.epoch : loop.currentHandle;
  if (key !== B.key) {
    B.key = key;
    B.n = B.limit;
    return;
  }
  B.n = B.limit; // in case unwinding runs more code
  const at = line > 0 ? ` (line ${line})` : '';
  if (loop === null) {
    throw new ScenarioHalt(
      'statement-budget',
      `the program never reached the event loop: its module-level code ran ${B.limit} statements without finishing${at}`,
    );
  }
  const task: Task<unknown> | null = loop.currentTask;
  const message =
    task !== null
      ? `${task.name} never yielded to the event loop${at}`
      : `a callback never returned to the event loop${at}`;
  const halt = { kind: 'limit', reason: 'statement-budget', message } as unknown as LoopHalt;
  throw new LoopHalted(halt, loop, null);
}
