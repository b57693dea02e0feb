/**
 * What the asyncio module's parts share: scenario callables as loop callbacks (labelled like
 * CPython's handle reprs, guarded so that host failures never pass for Python exceptions), the
 * checks on awaitables, and the host classes that give the scheduler's objects their Python types.
 */
import { EventLoop } from '../../loop/loop.ts';
import { Handle, TimerHandle, labelled, type Callback } from '../../loop/handle.ts';
import { Future, isCoroutine, type Coroutine } from '../../asyncio/future.ts';
import { Task } from '../../asyncio/task.ts';
import { named, type CoroutineGen } from '../../asyncio/coroutines.ts';
import { Context } from '../../asyncio/context.ts';
import { GatheringFuture } from '../../asyncio/gather.ts';
import { Timeout } from '../../asyncio/timeouts.ts';
import { TaskGroup } from '../../asyncio/taskgroup.ts';
import { BoundedSemaphore, Condition, Event, Lock, Semaphore } from '../../asyncio/locks.ts';
import { LifoQueue, PriorityQueue, Queue } from '../../asyncio/queues.ts';
import { Barrier } from '../../asyncio/barrier.ts';
import { OBJECT, PyBoundMethod, PyBuiltin, PyClass, PySet, makeClass, registerHostType, typeName } from './values.ts';
import { PyFunction } from './frame.ts';
import { PyBaseException, runtimeError, typeError } from './exceptions.ts';
import { numArg } from './args.ts';
import { call, depth } from './calls.ts';
import { creationOrderedSet } from './pyset.ts';
import { pyRepr, pyStr } from './repr.ts';
import { hostCoroutineAwaited, hostToPython, internalHalt, isHalt, isPyCoroutine } from './exec.ts';
import { NotModelled } from './unmodelled.ts';
import { formatCallbackSource } from './asyncio-format.ts';

/** Python frames below a loop callback in CPython (the runner, the loop, Handle._run). */
const CALLBACK_DEPTH = 14;

// ---------------------------------------------------------------------------------------------
// Python callables as loop callbacks

/** A label for the trace, like CPython's handle repr: the callable's qualified name. */
export function callableLabel(fn: unknown): string {
  if (fn instanceof PyFunction) return fn.qualname;
  if (fn instanceof PyBuiltin) return fn.name;
  if (fn instanceof PyBoundMethod) {
    const f = fn.fn;
    if (f instanceof PyFunction) return f.qualname;
    return (f as { name?: string }).name ?? 'method';
  }
  if (fn instanceof PyClass) return fn.name;
  return typeName(fn);
}

/** Run scenario code from a loop callback: host failures must not pass for Python exceptions. */
export function guarded(run: () => unknown): void {
  depth.n = CALLBACK_DEPTH;
  try {
    run();
  } catch (e) {
    if (e instanceof PyBaseException || isHalt(e)) throw e;
    if (e instanceof NotModelled) throw e.halt();
    const py = hostToPython(e);
    if (py !== null) throw py;
    throw internalHalt(e);
  }
}

/** format_helpers._format_callback_source: `name(args) at file:line`, as handle reprs show it. */
export function callbackLabel(fn: unknown, args: readonly unknown[]): string {
  return formatCallbackSource(fn, args, reprFile.name);
}

export function pyCallback(fn: unknown, args: unknown[]): Callback {
  return labelled(callbackLabel(fn, args), () => guarded(() => call(fn, args.slice(), null)));
}

/** Done callbacks that call a scenario's callable: their label is already `name(...) at file:line`. */
export const pythonCallbacks = new WeakSet<object>();

export const doneCallbacks = new WeakMap<Future<unknown>, { py: unknown; js: Callback }[]>();

export function delayArg(fname: string, v: unknown): number {
  return numArg(fname, v, 'a number');
}

export function optionalName(v: unknown): string | null {
  return v === undefined || v === null ? null : pyStr(v);
}

/**
 * create_task(..., context=ctx): the task runs every step in ctx itself (what it sets stays in
 * ctx); None or absent, in a copy of the creator's context.
 */
export function optionalContext(v: unknown): Context | null {
  if (v === undefined || v === null) return null;
  if (v instanceof Context) return v;
  throw typeError(`context must be a contextvars.Context, not ${typeName(v)}`);
}

function* reuseFailure(): CoroutineGen<unknown> {
  throw runtimeError('cannot reuse already awaited coroutine');
}

/**
 * What a task will run for this awaitable: a finished scenario coroutine cannot run again, and
 * CPython's task fails at its first step with "cannot reuse already awaited coroutine" (a JS
 * generator would just report being done). `seen` keeps one stand-in per coroutine in a call.
 */
export function runnable<T>(aw: T, seen?: Map<unknown, unknown>): T {
  const finished = isPyCoroutine(aw) ? aw.fr.st === 2 : isCoroutine(aw) && hostCoroutineAwaited(aw);
  if (!finished) return aw;
  let stand = seen?.get(aw);
  if (stand === undefined) {
    stand = named((aw as { coroName?: string }).coroName ?? 'coroutine', reuseFailure());
    seen?.set(aw, stand);
  }
  return stand as T;
}

export function requireCoroutine(v: unknown): Coroutine<unknown> {
  if (!isCoroutine(v)) throw typeError(`a coroutine was expected, got ${pyRepr(v)}`);
  return runnable(v as Coroutine<unknown>);
}

// ---------------------------------------------------------------------------------------------
// Host types

export function hostClass(name: string, module: string, ctor: Function | null, base: PyClass = OBJECT): PyClass {
  const cls = makeClass(name, base);
  cls.module = module;
  if (ctor !== null) registerHostType(ctor, cls);
  return cls;
}

export const FUTURE = hostClass('Future', '_asyncio', Future);
export const TASK = hostClass('Task', '_asyncio', Task, FUTURE);
export const GATHERING_FUTURE = hostClass('_GatheringFuture', 'asyncio.tasks', GatheringFuture, FUTURE);
export const EVENT_LOOP = hostClass('_UnixSelectorEventLoop', 'asyncio.unix_events', EventLoop);
export const HANDLE = hostClass('Handle', 'asyncio.events', Handle);
export const TIMER_HANDLE = hostClass('TimerHandle', 'asyncio.events', TimerHandle, HANDLE);
export const LOCK = hostClass('Lock', 'asyncio.locks', Lock);
export const EVENT = hostClass('Event', 'asyncio.locks', Event);
export const CONDITION = hostClass('Condition', 'asyncio.locks', Condition);
export const SEMAPHORE = hostClass('Semaphore', 'asyncio.locks', Semaphore);
export const BOUNDED_SEMAPHORE = hostClass('BoundedSemaphore', 'asyncio.locks', BoundedSemaphore, SEMAPHORE);
export const QUEUE = hostClass('Queue', 'asyncio.queues', Queue);
export const PRIORITY_QUEUE = hostClass('PriorityQueue', 'asyncio.queues', PriorityQueue, QUEUE);
export const LIFO_QUEUE = hostClass('LifoQueue', 'asyncio.queues', LifoQueue, QUEUE);
export const TASK_GROUP = hostClass('TaskGroup', 'asyncio.taskgroups', TaskGroup);
export const TIMEOUT = hostClass('Timeout', 'asyncio.timeouts', Timeout);
export const BARRIER = hostClass('Barrier', 'asyncio.locks', Barrier);

/** The scenario file's name, as reprs show it (`coro=<main() running at crawler.py:12>`). */
export const reprFile = { name: '<scenario>' };

export function setOf(items: readonly unknown[]): PySet {
  return creationOrderedSet(items);
}
