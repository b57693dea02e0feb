/**
 * Helpers for writing coroutines in TypeScript: a generator function is an `async def`, `yield*`
 * is `await`, and `asyncWith` is `async with`. The scenario interpreter produces objects with the
 * same shape, so everything in asyncio/ serves both.
 */
import { getEventLoop, getRunningLoop } from '../loop/running.ts';
import { TypeError } from './exceptions.ts';
import { Future, isCoroutine, type Awaitable, type Coroutine, type Suspension } from './future.ts';
import type { Task, TaskOptions } from './task.ts';

/** The annotation a coroutine generator function returns. */
export type CoroutineGen<T = unknown> = Generator<Suspension, T, unknown>;

/**
 * Name every coroutine a generator function makes, through its prototype (generator objects inherit
 * from `fn.prototype`), so that hot paths such as sleep() pay nothing per call.
 */
export function nameCoroutineFunction<F extends (...args: never[]) => CoroutineGen<unknown>>(name: string, fn: F): F {
  (fn.prototype as { coroName?: string }).coroName = name;
  return fn;
}

/** Give a coroutine object its function's name (coro.__qualname__) for labels and warnings. */
export function named<T>(name: string, coro: CoroutineGen<T>): Coroutine<T> {
  (coro as Coroutine<T>).coroName = name;
  return coro as Coroutine<T>;
}

/**
 * asyncio.ensure_future(aw): a future stays itself; a coroutine is wrapped into a task, which
 * consumes a Task-N number (rule 11).
 */
export function ensureFuture<T>(aw: Awaitable<T>, via = 'ensure_future'): Future<T> {
  if (aw instanceof Future) return aw;
  if (isCoroutine(aw)) return getEventLoop().createTask(aw, { via });
  throw new TypeError('An asyncio.Future, a coroutine or an awaitable is required');
}

/** asyncio.create_task(coro, name=...): named tasks still consume a number (rule 11). */
export function createTask<T>(coro: Coroutine<T>, options: TaskOptions = {}): Task<T> {
  return getRunningLoop().createTask(coro, {
    via: 'create_task',
    ...options,
    consumeNumber: true,
  });
}

/** An asynchronous context manager, as `async with` drives it. */
export interface AsyncContextManager<V> {
  aenter(): CoroutineGen<V>;
  /** Return true to swallow the exception (a truthy __aexit__ result). */
  aexit(error: unknown | null): CoroutineGen<boolean>;
}

/** `async with manager as value: body(value)`, with Python's exception handling. */
export function* asyncWith<V, R>(
  manager: AsyncContextManager<V>,
  body: (value: V) => CoroutineGen<R>,
): CoroutineGen<R | undefined> {
  const value = yield* manager.aenter();
  let result: R;
  try {
    result = yield* body(value);
  } catch (error) {
    if (yield* manager.aexit(error)) return undefined;
    throw error;
  }
  yield* manager.aexit(null);
  return result;
}
