/**
 * asyncio.TaskGroup (Lib/asyncio/taskgroups.py, 3.11). Children start next tick in creation order.
 * When one fails, `_on_task_done` (one tick later) cancels the other unfinished children in
 * creation order and then the body's task; the group waits for every child and raises an
 * ExceptionGroup of all failures from `async with` (rule 18).
 */
import { labelled } from '../loop/handle.ts';
import type { EventLoop } from '../loop/loop.ts';
import { getRunningLoop } from '../loop/running.ts';
import { CancelledError, PyBaseException, RuntimeError, leavesTheLoop, makeExceptionGroup } from './exceptions.ts';
import type { Coroutine, Future } from './future.ts';
import type { Task, TaskOptions } from './task.ts';
import type { AsyncContextManager, CoroutineGen } from './coroutines.ts';

export class TaskGroup implements AsyncContextManager<TaskGroup> {
  private entered = false;
  private exiting = false;
  private aborting = false;
  private loop: EventLoop | null = null;
  private parentTask: Task<unknown> | null = null;
  private parentCancelRequested = false;
  /** A set in CPython; the reference runner iterates it in creation order, as an array does. */
  private readonly tasks: Task<unknown>[] = [];
  private errors: PyBaseException[] = [];
  private baseError: PyBaseException | null = null;
  private onCompletedFuture: Future<unknown> | null = null;

  *aenter(): CoroutineGen<TaskGroup> {
    if (this.entered) throw new RuntimeError(`TaskGroup ${this.repr()} has been already entered`);
    this.entered = true;
    this.loop ??= getRunningLoop();
    this.parentTask = this.loop.currentTask;
    if (this.parentTask === null) throw new RuntimeError(`TaskGroup ${this.repr()} cannot determine the parent task`);
    return this;
  }

  *aexit(error: unknown | null): CoroutineGen<boolean> {
    this.exiting = true;
    const loop = this.loop as EventLoop;
    const parent = this.parentTask as Task<unknown>;
    // _is_base_error: KeyboardInterrupt and SystemExit are re-raised as they are, not grouped.
    if (error !== null && leavesTheLoop(error) && this.baseError === null) this.baseError = error as PyBaseException;
    let propagateCancellation: CancelledError | null = error instanceof CancelledError ? error : null;
    if (this.parentCancelRequested) {
      // We cancelled the parent ourselves; if nobody else did, don't propagate it.
      if (parent.uncancel() === 0) propagateCancellation = null;
    }
    if (error !== null && !this.aborting) this.abort();

    while (this.tasks.length > 0) {
      this.onCompletedFuture ??= loop.createFuture({ kind: 'taskgroup', children: () => this.tasks });
      try {
        yield* this.onCompletedFuture;
      } catch (waitError) {
        if (!(waitError instanceof CancelledError)) throw waitError;
        if (!this.aborting) {
          // The parent task is being cancelled from outside while children still run.
          propagateCancellation = waitError;
          this.abort();
        }
      }
      this.onCompletedFuture = null;
    }

    if (this.baseError !== null) throw this.baseError;
    // A CancelledError propagates unless there are other errors, which take priority.
    if (propagateCancellation !== null && this.errors.length === 0) throw propagateCancellation;
    if (error !== null && !(error instanceof CancelledError)) this.errors.push(error as PyBaseException);
    if (this.errors.length > 0) {
      const group = makeExceptionGroup('unhandled errors in a TaskGroup', this.errors);
      group.suppressContext = true; // `raise me from None`
      this.errors = [];
      throw group;
    }
    return false;
  }

  /** TaskGroup.create_task: like asyncio.create_task, a name still consumes a number (rule 11). */
  createTask<T>(coro: Coroutine<T>, options: TaskOptions = {}): Task<T> {
    if (!this.entered) throw new RuntimeError(`TaskGroup ${this.repr()} has not been entered`);
    if (this.exiting && this.tasks.length === 0) throw new RuntimeError(`TaskGroup ${this.repr()} is finished`);
    if (this.aborting) throw new RuntimeError(`TaskGroup ${this.repr()} is shutting down`);
    const task = (this.loop as EventLoop).createTask(coro, { via: 'TaskGroup.create_task', ...options, consumeNumber: true });
    task.addDoneCallback(this.onTaskDone);
    this.tasks.push(task);
    return task;
  }

  /** TaskGroup.__repr__: `<TaskGroup tasks=2 errors=1 cancelling>`, `<TaskGroup entered>`, `<TaskGroup>`. */
  repr(): string {
    const info = [''];
    if (this.tasks.length > 0) info.push(`tasks=${this.tasks.length}`);
    if (this.errors.length > 0) info.push(`errors=${this.errors.length}`);
    if (this.aborting) info.push('cancelling');
    else if (this.entered) info.push('entered');
    return `<TaskGroup${info.join(' ')}>`;
  }

  /** TaskGroup._abort: cancel every unfinished child, in creation order. */
  private abort(): void {
    this.aborting = true;
    for (const task of this.tasks) if (!task.done()) task.cancel();
  }

  /** TaskGroup._on_task_done */
  private readonly onTaskDone = labelled('TaskGroup._on_task_done', (task: Task<unknown>) => {
    const index = this.tasks.indexOf(task);
    if (index !== -1) this.tasks.splice(index, 1);
    if (this.onCompletedFuture !== null && this.tasks.length === 0 && !this.onCompletedFuture.done()) {
      this.onCompletedFuture.setResult(true);
    }
    if (task.cancelled()) return;
    const exc = task.exception();
    if (exc === null) return;
    this.errors.push(exc);
    if (leavesTheLoop(exc) && this.baseError === null) this.baseError = exc;
    const parent = this.parentTask as Task<unknown>;
    if (parent.done()) {
      (this.loop as EventLoop).logError(
        `Task ${task.repr()} has errored out but its parent task ${parent.repr()} is already completed`,
        exc,
        task,
      );
      return;
    }
    if (!this.aborting && !this.parentCancelRequested) {
      // Abort the body too: cancel the parent now, and uncancel it in __aexit__.
      this.abort();
      this.parentCancelRequested = true;
      parent.cancel();
    }
  });
}
