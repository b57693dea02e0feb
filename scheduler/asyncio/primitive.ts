/**
 * What Lock, Event, Semaphore, Condition and Queue share: mixins._LoopBoundMixin, which binds the
 * object to the running loop at first use (so it can be created before asyncio.run), and an id and
 * label for the trace, drawn from the loop's process at that moment so that traces stay identical
 * from one run to the next.
 */
import type { EventLoop } from '../loop/loop.ts';
import { getRunningLoop } from '../loop/running.ts';
import { RuntimeError } from './exceptions.ts';
import type { Future } from './future.ts';
import type { Task } from './task.ts';
import type { SyncPrimitive } from './wait-purpose.ts';
import type { WakeCauseCode } from '../trace/format.ts';

export abstract class Primitive implements SyncPrimitive {
  abstract readonly kind: SyncPrimitive['kind'];
  private boundLoop: EventLoop | null = null;
  private primitiveId = 0;
  private customLabel: string | null = null;

  /** mixins._LoopBoundMixin._get_loop */
  protected getLoop(): EventLoop {
    const loop = getRunningLoop();
    if (this.boundLoop === null) {
      this.boundLoop = loop;
      this.primitiveId = loop.process.nextPrimitiveId++;
    } else if (this.boundLoop !== loop) {
      throw new RuntimeError(`${this.label} is bound to a different event loop`);
    }
    return loop;
  }

  get id(): number {
    if (this.primitiveId === 0) this.getLoop();
    return this.primitiveId;
  }

  get label(): string {
    return this.customLabel ?? `${this.kind}#${this.id}`;
  }

  set label(value: string) {
    this.customLabel = value;
  }

  holders(): Task<unknown>[] {
    return [];
  }

  /** Complete a waiter's future, telling the trace why first (the effect a wake-up arrow draws). */
  protected wakeWaiter(waiter: Future<unknown>, cause: WakeCauseCode, result: unknown): void {
    const trace = waiter.loop.trace;
    if (trace !== null) trace.wake(waiter, cause, this);
    waiter.setResult(result);
  }
}

/** The first waiter of a deque that is not done yet (Lock._wake_up_first and friends). */
export function firstPending(waiters: Iterable<Future<unknown>>): Future<unknown> | null {
  for (const waiter of waiters) if (!waiter.done()) return waiter;
  return null;
}
