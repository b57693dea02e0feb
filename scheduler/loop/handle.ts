/**
 * Handles: the entries of the ready queue and the timer heap (asyncio.events.Handle, TimerHandle).
 *
 * CPython stores a bound method per handle (`task.__step`, `task.__wakeup`, a done callback). Here a
 * handle says what it is instead, so that the trace can tell "Task-3 woke up" from "gather's
 * bookkeeping ran" without inspecting closures, and so a task step allocates no closure.
 */

import { EMPTY_VARS, type ContextVars } from '../asyncio/context.ts';

/** What running a handle does. */
export enum HandleKind {
  /** Task.__step: start or resume a task's coroutine (optionally throwing an exception into it). */
  Step = 0,
  /** Task.__wakeup: a task's done callback on the future it awaited. */
  Wakeup = 1,
  /** Any other callback: a timer's, a future's done callback, or loop.call_soon's. */
  Callback = 2,
}

/** The two task entry points a handle can call; implemented by Task. */
export interface Steppable {
  step(exc?: unknown): void;
  wakeup(future: unknown): void;
}

/**
 * A callback as asyncio runs it: called with one argument (the future, for done callbacks).
 * `label` names it in the trace the way CPython's repr would (`gather.<locals>._done_callback`).
 */
export type Callback = ((arg: any) => void) & {
  label?: string;
  /** The label with the argument the handle calls it with (a done callback's future), for reprs. */
  labelWith?: (arg: unknown) => string;
};

/** Attach a trace label to a callback and return it. */
export function labelled<F extends Callback>(label: string, fn: F): F {
  fn.label = label;
  return fn;
}

export class Handle {
  cancelled = false;
  /** Set once the loop has run (or skipped) it: cancelling it afterwards changes nothing. */
  finished = false;
  /**
   * A callback's context (Handle._context): the mapping of the context that scheduled it, which
   * the callback runs in a copy of. Task steps run in their task's own context instead.
   */
  vars: ContextVars = EMPTY_VARS;
  /** Scheduled while the loop was in debug mode: the scenario line (-1 otherwise). */
  debugLine = -1;

  constructor(
    /** Unique within a process, in scheduling order. */
    public id: number,
    public kind: HandleKind,
    /** The task for Step and Wakeup; the callback function for Callback. */
    readonly target: Steppable | Callback,
    /** The exception to throw (Step), the completed future (Wakeup), the callback's argument. */
    public arg: unknown,
  ) {}

  /** Handle._run. Exceptions from plain callbacks are the loop's business (see EventLoop.runHandle). */
  run(): void {
    switch (this.kind) {
      case HandleKind.Step:
        (this.target as Steppable).step(this.arg);
        return;
      case HandleKind.Wakeup:
        (this.target as Steppable).wakeup(this.arg);
        return;
      default:
        (this.target as Callback)(this.arg);
    }
  }

  /** Handle.cancel for ready-queue handles: the loop skips it when its turn comes. */
  cancel(): void {
    this.cancelled = true;
  }

  get label(): string {
    if (this.kind !== HandleKind.Callback) return this.kind === HandleKind.Step ? 'Task.__step' : 'Task.__wakeup';
    const fn = this.target as Callback;
    return fn.label ?? (fn.name || 'callback');
  }

  /** The callback as Handle.__repr__ and "Exception in callback" show it: with its argument. */
  get reprLabel(): string {
    const fn = this.target as Callback;
    if (this.kind === HandleKind.Callback && fn.labelWith !== undefined) return fn.labelWith(this.arg);
    return this.label;
  }
}

/** A handle waiting in the timer heap until `when` (asyncio.events.TimerHandle). */
export class TimerHandle extends Handle {
  /** True while the handle sits in the heap (TimerHandle._scheduled). */
  scheduled = false;

  constructor(
    id: number,
    readonly when: number,
    target: Callback,
    arg: unknown,
    private readonly onCancel: (timer: TimerHandle) => void,
  ) {
    super(id, HandleKind.Callback, target, arg);
  }

  /** TimerHandle.cancel: tell the loop, which counts cancelled timers to decide on a heap rebuild. */
  override cancel(): void {
    if (!this.cancelled) {
      this.cancelled = true;
      this.onCancel(this);
    }
  }
}

/** TimerHandle.__lt__: timers compare by deadline only, nothing else. */
export function timerLess(a: TimerHandle, b: TimerHandle): boolean {
  return a.when < b.when;
}
