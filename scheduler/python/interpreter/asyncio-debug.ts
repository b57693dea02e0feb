/**
 * asyncio's debug mode (asyncio.run(debug=True), loop.set_debug(True)) as scenarios see it:
 * futures, tasks and handles remember where they were made and show it in their reprs
 * (`created at tasks.py:384`), and a callback or task step that holds the loop for
 * loop.slow_callback_duration or longer is reported by asyncio's logger, at the same step as
 * CPython's `_run_once` reports it: "Executing <Task ...> took 0.300 seconds".
 */
import type { DebugHooks, EventLoop } from '../../loop/loop.ts';
import { pyRepr } from './repr.ts';
import { HandleKind, type Handle } from '../../loop/handle.ts';
import type { Future } from '../../asyncio/future.ts';
import { Task } from '../../asyncio/task.ts';
import { GatheringFuture } from '../../asyncio/gather.ts';
import { call } from './calls.ts';
import { CALL } from './exec.ts';
import { reprFile } from './asyncio-support.ts';
import { importModule } from './modules.ts';
import type { Runtime } from './runtime.ts';

/** logging.WARNING and logging.DEBUG */
const WARNING = 30;
const DEBUG = 10;

/**
 * Where CPython 3.11.7 makes a task, by how it was made: the frame that called Task(), which is
 * asyncio's own code unless the scenario called loop.create_task() or Task() itself.
 */
const TASK_SITES: Readonly<Record<string, string>> = {
  create_task: '<stdlib>/asyncio/tasks.py:384',
  gather: '<stdlib>/asyncio/tasks.py:680',
  ensure_future: '<stdlib>/asyncio/tasks.py:680',
  wait_for: '<stdlib>/asyncio/tasks.py:680',
  shield: '<stdlib>/asyncio/tasks.py:680',
  wait: '<stdlib>/asyncio/tasks.py:680',
  as_completed: '<stdlib>/asyncio/tasks.py:680',
  taskgroup: '<stdlib>/asyncio/taskgroups.py:161',
  'asyncio.run': '<stdlib>/asyncio/runners.py:100',
  'Runner.run': '<stdlib>/asyncio/runners.py:100',
};

/** ` created at file:line` for something made in debug mode, or ''. */
export function createdAt(f: Future<unknown>): string {
  if (f.debugLine < 0) return '';
  if (f instanceof Task) {
    const site = TASK_SITES[f.via];
    return ` created at ${site ?? `${reprFile.name}:${f.debugLine}`}`;
  }
  if (f instanceof GatheringFuture) return ' created at <stdlib>/asyncio/tasks.py:709';
  // Made by loop.create_future() (asyncio's own futures) unless the scenario called Future().
  return f.madeByScenario ? ` created at ${reprFile.name}:${f.debugLine}` : ' created at <stdlib>/asyncio/base_events.py:427';
}

/** ` created at file:line` of a handle scheduled in debug mode. */
export function handleCreatedAt(h: Handle): string {
  return h.debugLine < 0 ? '' : ` created at ${reprFile.name}:${h.debugLine}`;
}

export function debugHooks(rt: Runtime): DebugHooks {
  return {
    callerLine: () => CALL.line,
    slowCallback(handle: Handle, seconds: number) {
      const what = handle.kind === HandleKind.Callback ? handleText(handle) : reprOf(handle.target);
      const logging = importModule(rt, 'logging');
      call(logging.attrs.get('_log_from_asyncio'), [WARNING, `Executing ${what} took ${seconds.toFixed(3)} seconds`], null);
    },
    closing(loop: EventLoop) {
      const logging = importModule(rt, 'logging');
      call(logging.attrs.get('_log_from_asyncio'), [DEBUG, `Close ${pyRepr(loop)}`], null);
    },
  };
}

/** str(handle), as _format_handle shows a callback that is not a task's step. */
function handleText(h: Handle): string {
  return `<Handle ${h.label}${handleCreatedAt(h)}>`;
}

let taskReprFn: ((t: unknown) => string) | null = null;

/** The tasks' repr, registered by asyncio-futures.ts (which imports this file). */
export function setTaskRepr(fn: (t: unknown) => string): void {
  taskReprFn = fn;
}

function reprOf(target: unknown): string {
  return taskReprFn === null ? String(target) : taskReprFn(target);
}
