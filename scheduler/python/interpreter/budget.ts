/**
 * The statement budget: runaway code (`while True: pass`, a CPU-bound loop that never awaits)
 * must end the run with a diagnosis instead of hanging the host. And the run's other limits that
 * need checking while code runs: the host's wall clock and the trace's size.
 *
 * Every statement (and every iteration of a comprehension or of a builtin's loop) decrements one
 * counter, `B.n`, which covers a chunk of CHECK_EVERY statements at most. When it runs out:
 *   1. the wall clock and the trace's size are checked (checkpoint);
 *   2. we look at what is running: if it is a different loop step (task step or callback) than
 *      the one the budget was last refilled for, the budget is refilled; if it is the same step,
 *      and that step has used up its `limit` statements without returning to the event loop, the
 *      run stops with a `limit` end.
 *
 * Stopping: inside asyncio.run the run must end on the spot, like a deadlock, so a LoopHalted is
 * thrown. Task.__step would catch it and fail the task, so coroutine frames turn it into a special
 * "suspension" that the Task cannot accept (see coroutines.ts); callbacks let it through. At module
 * level a ScenarioHalt unwinds the script.
 */
import { LoopHalted } from '../../loop/halted.ts';
import { peekRunningLoop } from '../../loop/running.ts';
import type { EventLoop, LimitReason } from '../../loop/loop.ts';
import type { Task } from '../../asyncio/task.ts';
import { runningThread } from '../../asyncio/threads.ts';
import type { TraceSink } from '../../trace/sink.ts';

export const DEFAULT_STATEMENT_BUDGET = 10_000_000;

/** Statements between two checkpoints (about a millisecond of interpretation). */
const CHECK_EVERY = 1 << 16;

export const B = {
  /** Statements left before the next checkpoint. */
  n: CHECK_EVERY,
  /** Statements the current step may still run after this chunk. */
  left: DEFAULT_STATEMENT_BUDGET,
  limit: DEFAULT_STATEMENT_BUDGET,
  /** The step the budget was refilled for: a loop handle, or a module-level epoch object. */
  key: null as unknown,
  /** The module-level epoch (changes around asyncio.run). */
  epoch: {} as object,
  /** The size of the current chunk, and the statements counted in the chunks before it (see statementsRun). */
  chunk: CHECK_EVERY,
  spent: 0,
};

/**
 * How many statements the run has executed so far (a clock of scenario code, never going back):
 * the trace reads it to tell whether a lock was released right after its task resumed.
 */
export function statementsRun(): number {
  return B.spent + (B.chunk - B.n);
}

/** What the checkpoint watches besides the budget: set per run by runScenario. */
export const WATCH = {
  /** The trace being recorded (its `limitReached`), or null. */
  trace: null as TraceSink | null,
  /** The host's clock in milliseconds, or null when the run has no wall-clock limit. */
  now: null as (() => number) | null,
  /** When the wall-clock limit is reached, on that clock. */
  deadline: Infinity,
  /** The wall-clock limit, in seconds, for the message. */
  seconds: 0,
};

/** Ends the run at module level: the script never reached (or returned to) the event loop. */
export class ScenarioHalt {
  constructor(
    readonly reason: LimitReason,
    readonly message: string,
    /** The scenario line it names, if any, and the task running it (-1 for none). */
    readonly line = 0,
    readonly task = -1,
  ) {}
}

export function resetBudget(limit: number): void {
  B.limit = limit;
  B.left = limit - Math.min(limit, CHECK_EVERY);
  B.n = Math.min(limit, CHECK_EVERY);
  B.key = null;
  B.epoch = {};
  B.chunk = B.n;
  B.spent = 0;
}

/** Watch the wall clock from now on: the run stops `seconds` after this call. */
export function watchWallClock(now: (() => number) | null, seconds: number): void {
  WATCH.now = now;
  WATCH.seconds = seconds;
  WATCH.deadline = now === null || !(seconds > 0) || seconds === Infinity ? Infinity : now() + seconds * 1000;
}

/** A new module-level segment (asyncio.run started or returned). */
export function newEpoch(): void {
  B.epoch = {};
}

/** One unit of work outside a statement (comprehension or builtin iteration). */
export function tick(): void {
  if (--B.n < 0) overBudget(0);
}

/** Stop the run: a LoopHalted inside asyncio.run, a ScenarioHalt at module level. */
function halt(reason: LimitReason, message: string, on: EventLoop | null = peekRunningLoop()): never {
  const loop = on;
  if (loop === null) throw new ScenarioHalt(reason, message);
  throw new LoopHalted({ kind: 'limit', reason, message }, loop, null);
}

/**
 * The limits that are not the statement budget: the host's wall clock and the trace's size. Called
 * at each budget chunk and by the loop every few thousand ticks, so that a run whose ticks run no
 * statements is watched too.
 */
export function checkpoint(line: number): void {
  const at = line > 0 ? ` (line ${line})` : '';
  const full = WATCH.trace?.limitReached ?? null;
  if (full !== null) halt('trace-size', `${full}${at}`);
  if (WATCH.now !== null && WATCH.now() > WATCH.deadline) {
    halt('wall-clock', `the run took longer than ${WATCH.seconds.toLocaleString('en-US')} s of real time${at}`);
  }
}

/** The chunk ran out: check the other limits, then refill the budget for a new step, or stop the run. */
export function overBudget(line: number): void {
  B.spent += B.chunk - B.n;
  B.n = CHECK_EVERY; // in case the checks, or unwinding, run more code
  B.chunk = CHECK_EVERY;
  checkpoint(line);
  // A worker thread's job is a step of its own: it runs on the thread's clock, outside the loop.
  const thread = runningThread();
  const loop = thread !== null ? thread.pool.loop : peekRunningLoop();
  const key = thread !== null ? thread : loop === null ? B.epoch : loop.currentHandle;
  if (key !== B.key) {
    B.key = key;
    B.left = B.limit;
  }
  if (B.left > 0) {
    B.n = Math.min(B.left, CHECK_EVERY);
    B.chunk = B.n;
    B.left -= B.n;
    return;
  }
  const at = line > 0 ? ` (line ${line})` : '';
  if (thread !== null) halt('statement-budget', `the worker thread ${thread.name} ran ${B.limit} statements without finishing${at}`, loop);
  if (loop === null) {
    halt(
      'statement-budget',
      `the program never reached the event loop: its module-level code ran ${B.limit} statements without finishing${at}`,
    );
  }
  const task: Task<unknown> | null = loop.currentTask;
  halt('statement-budget', task !== null ? `${task.name} never yielded to the event loop${at}` : `a callback never returned to the event loop${at}`);
}
