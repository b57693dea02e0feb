/**
 * asyncio.timeout / timeout_at (Lib/asyncio/timeouts.py, 3.11). No task is created: at the
 * deadline the timer `Timeout._on_timeout` cancels the current task, which receives CancelledError
 * at its await one tick later; __aexit__ turns it into TimeoutError (rule 14).
 */
import { getRunningLoop } from '../loop/running.ts';
import { labelled, type Handle } from '../loop/handle.ts';
import { CancelledError, RuntimeError, TimeoutError } from './exceptions.ts';
import type { Task } from './task.ts';
import type { AsyncContextManager, CoroutineGen } from './coroutines.ts';

type TimeoutState = 'created' | 'active' | 'expiring' | 'expired' | 'finished';

export class Timeout implements AsyncContextManager<Timeout> {
  private state: TimeoutState = 'created';
  private timeoutHandler: Handle | null = null;
  private task: Task<unknown> | null = null;

  constructor(private deadline: number | null) {}

  when(): number | null {
    return this.deadline;
  }

  /** Timeout.reschedule(when): move the deadline; a past one fires next tick via call_soon. */
  reschedule(when: number | null): void {
    if (this.state !== 'active') throw new RuntimeError(`Cannot change state of ${this.state} Timeout`);
    this.deadline = when;
    if (this.timeoutHandler !== null) getRunningLoop().cancelHandle(this.timeoutHandler);
    if (when === null) {
      this.timeoutHandler = null;
    } else {
      const loop = getRunningLoop();
      this.timeoutHandler = when <= loop.time() ? loop.callSoon(this.onTimeout) : loop.callAt(when, this.onTimeout);
    }
  }

  expired(): boolean {
    return this.state === 'expiring' || this.state === 'expired';
  }

  *aenter(): CoroutineGen<Timeout> {
    this.state = 'active';
    this.task = getRunningLoop().currentTask;
    if (this.task === null) throw new RuntimeError('Timeout should be used inside a task');
    this.reschedule(this.deadline);
    return this;
  }

  *aexit(error: unknown | null): CoroutineGen<boolean> {
    if (this.timeoutHandler !== null) {
      getRunningLoop().cancelHandle(this.timeoutHandler);
      this.timeoutHandler = null;
    }
    if (this.state === 'expiring') {
      this.state = 'expired';
      if ((this.task as Task<unknown>).uncancel() === 0 && error instanceof CancelledError) {
        // No other cancellation is outstanding, so this one was ours: report it as a timeout.
        // `raise TimeoutError from exc_val` (3.11.7): the cancellation is its cause.
        const timeoutError = new TimeoutError();
        timeoutError.pyCause = error;
        timeoutError.pyContext = error;
        timeoutError.suppressContext = true;
        throw timeoutError;
      }
    } else if (this.state === 'active') {
      this.state = 'finished';
    }
    return false;
  }

  /** Timeout._on_timeout */
  private readonly onTimeout = labelled('Timeout._on_timeout', () => {
    (this.task as Task<unknown>).cancel();
    this.state = 'expiring';
    this.timeoutHandler = null;
  });
}

/** asyncio.timeout(delay): a deadline relative to now, or none. */
export function timeout(delay: number | null): Timeout {
  return new Timeout(delay === null ? null : getRunningLoop().time() + delay);
}

/** asyncio.timeout_at(when) */
export function timeoutAt(when: number | null): Timeout {
  return new Timeout(when);
}
