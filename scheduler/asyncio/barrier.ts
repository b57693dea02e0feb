/**
 * asyncio.Barrier (Lib/asyncio/locks.py, new in 3.11), ported line for line on the model's
 * Condition: every tick a barrier costs comes from its condition's lock and notify_all, so the
 * port keeps CPython's structure (`async with self._cond`, `_block`, `_release`, `_wait`, `_exit`)
 * rather than a shortcut that would wake the parties in fewer ticks.
 *
 * States: filling (parties arriving), draining (released, the parties leaving), resetting (reset()
 * while parties wait: they leave with BrokenBarrierError) and broken (abort()).
 */
import { BrokenBarrierError, ValueError } from './exceptions.ts';
import type { CoroutineGen } from './coroutines.ts';
import { Condition } from './locks.ts';
import { Primitive } from './primitive.ts';

export type BarrierState = 'filling' | 'draining' | 'resetting' | 'broken';

/** The barrier's condition: waits on it are shown as waits on the barrier. */
class BarrierCondition extends Condition {
  constructor(private readonly barrier: Barrier) {
    super();
  }

  override get label(): string {
    return this.barrier.label;
  }

  override set label(value: string) {
    this.barrier.label = value;
  }
}

export class Barrier extends Primitive {
  readonly kind = 'Barrier';
  /** Notifies every waiting task when the state changes. */
  private readonly cond: Condition;
  readonly parties: number;
  state: BarrierState = 'filling';
  /** Tasks inside wait(), between `_block` and `_exit`. */
  private count = 0;

  constructor(parties: number) {
    super();
    if (parties < 1) throw new ValueError('parties must be > 0');
    this.cond = new BarrierCondition(this);
    this.parties = parties;
  }

  /** Barrier.wait(): the task's index, 0 to parties-1, once `parties` tasks are waiting. */
  *wait(): CoroutineGen<number> {
    const cond = this.cond;
    yield* cond.acquire();
    try {
      yield* this.block();
      try {
        const index = this.count;
        this.count++;
        if (index + 1 === this.parties) this.release();
        else yield* this.waitReleased();
        return index;
      } finally {
        this.count--;
        this.exit();
      }
    } finally {
      cond.release();
    }
  }

  /** Barrier._block: wait while the barrier drains or resets; fail if it is broken. */
  private *block(): CoroutineGen<void> {
    yield* this.cond.waitFor(() => this.state !== 'draining' && this.state !== 'resetting');
    if (this.state === 'broken') throw new BrokenBarrierError('Barrier aborted');
  }

  /** Barrier._release: the last party arrived; the others leave (draining). */
  private release(): void {
    this.state = 'draining';
    this.cond.notifyAll();
  }

  /** Barrier._wait: wait for the end of filling; fail if the barrier was reset or aborted. */
  private *waitReleased(): CoroutineGen<void> {
    yield* this.cond.waitFor(() => this.state !== 'filling');
    if (this.state === 'broken' || this.state === 'resetting') throw new BrokenBarrierError('Abort or reset of barrier');
  }

  /** Barrier._exit: the last task out ends draining or resetting and wakes the blocked ones. */
  private exit(): void {
    if (this.count === 0) {
      if (this.state === 'resetting' || this.state === 'draining') this.state = 'filling';
      this.cond.notifyAll();
    }
  }

  /** Barrier.reset(): waiting tasks get BrokenBarrierError; the barrier fills again afterwards. */
  *reset(): CoroutineGen<void> {
    const cond = this.cond;
    yield* cond.acquire();
    try {
      if (this.count > 0) {
        if (this.state !== 'resetting') this.state = 'resetting';
      } else {
        this.state = 'filling';
      }
      cond.notifyAll();
    } finally {
      cond.release();
    }
  }

  /** Barrier.abort(): broken for good; waiting and future wait() calls raise BrokenBarrierError. */
  *abort(): CoroutineGen<void> {
    const cond = this.cond;
    yield* cond.acquire();
    try {
      this.state = 'broken';
      cond.notifyAll();
    } finally {
      cond.release();
    }
  }

  /** Barrier.n_waiting */
  get nWaiting(): number {
    return this.state === 'filling' ? this.count : 0;
  }

  get broken(): boolean {
    return this.state === 'broken';
  }

  /** `async with barrier as index:` waits; leaving does nothing. */
  *aenter(): CoroutineGen<number> {
    return yield* this.wait();
  }

  *aexit(): CoroutineGen<boolean> {
    return false;
  }
}
