/**
 * The `asyncio` module of scenarios, on top of the scheduler: every function and class here is a
 * thin adapter from Python values to the scheduler's objects (which ARE the Python objects the
 * scenario sees: a Task is the scheduler's Task, a Lock its Lock).
 */
import { EventLoop } from '../../loop/loop.ts';
import { Handle, TimerHandle, labelled, type Callback } from '../../loop/handle.ts';
import { getRunningLoop, peekRunningLoop } from '../../loop/running.ts';
import { Future, isCoroutine, type Coroutine } from '../../asyncio/future.ts';
import { InvalidStateError } from '../../asyncio/exceptions.ts';
import { Task } from '../../asyncio/task.ts';
import { createTask, ensureFuture, named, type CoroutineGen } from '../../asyncio/coroutines.ts';
import { sleep } from '../../asyncio/sleep.ts';
import { GatheringFuture, gatherWith } from '../../asyncio/gather.ts';
import { waitFor } from '../../asyncio/wait-for.ts';
import { Timeout, timeout, timeoutAt } from '../../asyncio/timeouts.ts';
import { ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION, asCompleted, shield, wait, type ReturnWhen } from '../../asyncio/wait.ts';
import { TaskGroup } from '../../asyncio/taskgroup.ts';
import { BoundedSemaphore, Condition, Event, Lock, Semaphore } from '../../asyncio/locks.ts';
import { LifoQueue, PriorityQueue, Queue } from '../../asyncio/queues.ts';
import { asyncioRun } from '../../asyncio/run.ts';
import {
  OBJECT,
  PyBoundMethod,
  PyBuiltin,
  PyClass,
  PyFloat,
  PyModule,
  PySet,
  PyTuple,
  fakeAddress,
  makeClass,
  registerHostType,
  typeName,
  typeOf,
  type Kw,
} from './values.ts';
import { PyFunction } from './frame.ts';
import {
  CANCELLED_ERROR,
  INVALID_STATE_ERROR,
  PyBaseException,
  PyNotImplementedError,
  QUEUE_EMPTY,
  QUEUE_FULL,
  TIMEOUT_ERROR,
  attributeError,
  isExceptionClass,
  runtimeError,
  typeError,
  valueError,
} from './exceptions.ts';
import { bind, bindPy, methods, noArgs, numArg, numberOrNull, operandArg, properties } from './args.ts';
import { call, depth, instantiate } from './calls.ts';

/** Python frames below a loop callback in CPython (the runner, the loop, Handle._run). */
const CALLBACK_DEPTH = 14;
import { JsIter, toArray } from './iter.ts';
import { creationOrderedSet } from './pyset.ts';
import { keyOf } from './keys.ts';
import { less, truthy } from './ops.ts';
import { pyRepr, pyStr } from './repr.ts';
import { CALL, fromHost, hostToPython, internalHalt, isHalt, isPyCoroutine, type PyCoroutine } from './exec.ts';
import { newEpoch } from './budget.ts';
import { NotModelled } from './unmodelled.ts';
import { formatTime3 } from '../format.ts';
import type { Runtime } from './runtime.ts';

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
function guarded(run: () => unknown): void {
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
function callbackLabel(fn: unknown, args: readonly unknown[]): string {
  let label = `${callableLabel(fn)}(${args.map((a) => pyRepr(a)).join(', ')})`;
  const f = fn instanceof PyBoundMethod ? fn.fn : fn;
  if (f instanceof PyFunction) label += ` at ${reprFile}:${f.code.line}`;
  return label;
}

function pyCallback(fn: unknown, args: unknown[]): Callback {
  return labelled(callbackLabel(fn, args), () => guarded(() => call(fn, args.slice(), null)));
}

const doneCallbacks = new WeakMap<Future<unknown>, { py: unknown; js: Callback }[]>();

function delayArg(fname: string, v: unknown): number {
  return numArg(fname, v, 'a number');
}

function optionalName(v: unknown): string | null {
  return v === undefined || v === null ? null : pyStr(v);
}

function* reuseFailure(): CoroutineGen<unknown> {
  throw runtimeError('cannot reuse already awaited coroutine');
}

/**
 * What a task will run for this awaitable: a finished scenario coroutine cannot run again, and
 * CPython's task fails at its first step with "cannot reuse already awaited coroutine" (a JS
 * generator would just report being done). `seen` keeps one stand-in per coroutine in a call.
 */
function runnable<T>(aw: T, seen?: Map<unknown, unknown>): T {
  if (!isPyCoroutine(aw) || aw.fr.st !== 2) return aw;
  let stand = seen?.get(aw);
  if (stand === undefined) {
    stand = named(aw.coroName, reuseFailure());
    seen?.set(aw, stand);
  }
  return stand as T;
}

function requireCoroutine(v: unknown): Coroutine<unknown> {
  if (!isCoroutine(v)) throw typeError(`a coroutine was expected, got ${pyRepr(v)}`);
  return runnable(v as Coroutine<unknown>);
}

// ---------------------------------------------------------------------------------------------
// Host types

function hostClass(name: string, module: string, ctor: Function | null, base: PyClass = OBJECT): PyClass {
  const cls = makeClass(name, base);
  cls.module = module;
  if (ctor !== null) registerHostType(ctor, cls);
  return cls;
}

export const FUTURE = hostClass('Future', '_asyncio', Future);
export const TASK = hostClass('Task', '_asyncio', Task, FUTURE);
export const GATHERING_FUTURE = hostClass('_GatheringFuture', 'asyncio.tasks', GatheringFuture, FUTURE);
// The class of the loop asyncio.run makes on Linux, as type(loop) and repr(loop) show it in CPython.
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

/** base_futures._format_callbacks */
function callbacksRepr(f: Future<unknown>): string {
  const cbs = f.pendingCallbacks().map((cb) => (cb instanceof Task ? 'Task.task_wakeup()' : `${(cb as { label?: string }).label ?? 'callback'}()`));
  if (cbs.length === 0) return '';
  const shown = cbs.length <= 2 ? cbs : [cbs[0]!, `<${cbs.length - 2} more>`, cbs[cbs.length - 1]!];
  return ` cb=[${shown.join(', ')}]`;
}

function futureRepr(f: Future<unknown>): string {
  const state = f.stateName().toLowerCase();
  if (f.state === 2) {
    const exc = f.peekException();
    return exc !== null ? `<Future finished exception=${pyRepr(exc)}>` : `<Future finished result=${pyRepr(fromHost(f.peekResult()))}>`;
  }
  return `<Future ${state}${callbacksRepr(f)}>`;
}

function coroDescription(t: Task<unknown>, file: string): string {
  const coro = t.coro as Coroutine<unknown> & Partial<PyCoroutine>;
  const name = t.coroName;
  if (isPyCoroutine(coro)) {
    const fr = coro.fr;
    const defLine = fr.fn?.code.line ?? 0;
    if (t.done()) return `${name}() done, defined at ${file}:${defLine}`;
    return `${name}() running at ${file}:${fr.st === 0 ? defLine : fr.line}`;
  }
  return `${name}()`;
}

let reprFile = '<scenario>';

function taskRepr(t: Task<unknown>): string {
  const coro = coroDescription(t, reprFile);
  if (t.state === 0) {
    const waiting = t.futWaiter === null ? '' : ` wait_for=${pyRepr(t.futWaiter)}`;
    return `<Task pending name='${t.name}' coro=<${coro}>${waiting}${callbacksRepr(t)}>`;
  }
  if (t.state === 1) return `<Task cancelled name='${t.name}' coro=<${coro}>>`;
  const exc = t.peekException();
  return exc !== null
    ? `<Task finished name='${t.name}' coro=<${coro}> exception=${pyRepr(exc)}>`
    : `<Task finished name='${t.name}' coro=<${coro}> result=${pyRepr(fromHost(t.peekResult()))}>`;
}

function setOf(items: readonly unknown[]): PySet {
  return creationOrderedSet(items);
}

/** Task redefines the C Future's methods, so its errors say `Task.result()`. */
function futureMethod(name: string): (self: Future<unknown>) => string {
  return (self) => `${self instanceof Task ? 'Task' : 'Future'}.${name}`;
}

function installHostMethods(): void {
  for (const cls of [EVENT_LOOP, HANDLE, TIMER_HANDLE, LOCK, EVENT, CONDITION, SEMAPHORE, BOUNDED_SEMAPHORE, QUEUE, PRIORITY_QUEUE, LIFO_QUEUE, TASK_GROUP, TIMEOUT]) {
    cls.pythonLevel = true;
  }
  for (const cls of [FUTURE, TASK, QUEUE, PRIORITY_QUEUE, LIFO_QUEUE]) cls.generic = true;
  FUTURE.tpName = '_asyncio.Future';
  TASK.tpName = '_asyncio.Task';
  FUTURE.reprFn = futureRepr;
  GATHERING_FUTURE.reprFn = futureRepr;
  TASK.reprFn = taskRepr;
  FUTURE.native = (args) => {
    bind('Future', args, null, []);
    return getRunningLoop().createFuture();
  };
  TASK.native = (args, kw) => {
    const [coro, name] = bind('Task', args, kw, ['coro', 'loop', 'name', 'context'], 1);
    return getRunningLoop().createTask(requireCoroutine(coro), { name: optionalName(kw?.get('name') ?? name), line: CALL.line, via: 'Task' });
  };
  methods(FUTURE, {
    result: noArgs('c', futureMethod('result'), (f: Future<unknown>) => {
      // The C Future's wording (the scheduler follows futures.py: 'Result is not ready.').
      if (!f.done()) throw new InvalidStateError('Result is not set.');
      return fromHost(f.result());
    }),
    exception: noArgs('c', futureMethod('exception'), (f: Future<unknown>) => f.exception() ?? null),
    done: noArgs('c', futureMethod('done'), (f: Future<unknown>) => f.done()),
    cancelled: noArgs('c', futureMethod('cancelled'), (f: Future<unknown>) => f.cancelled()),
    cancel: (f: Future<unknown>, a, kw) => {
      const [msg] = bind('cancel', a, kw, ['msg'], 0);
      return f.cancel(msg === undefined ? null : msg);
    },
    add_done_callback: (f: Future<unknown>, a, kw) => {
      const [fn] = bind('add_done_callback', a, kw, ['fn', 'context'], 1);
      const js: Callback = (fut: unknown) => guarded(() => call(fn, [fut], null));
      // Computed when read (the handle is queued once the future is done), like the handle repr.
      Object.defineProperty(js, 'label', { get: () => callbackLabel(fn, [f]) });
      let list = doneCallbacks.get(f);
      if (list === undefined) doneCallbacks.set(f, (list = []));
      list.push({ py: fn, js });
      f.addDoneCallback(js);
      return null;
    },
    remove_done_callback: (f: Future<unknown>, a) => {
      const [fn] = bind('remove_done_callback', a, null, ['fn']);
      const list = doneCallbacks.get(f) ?? [];
      let n = 0;
      for (const entry of list) if (entry.py === fn) n += f.removeDoneCallback(entry.js);
      doneCallbacks.set(
        f,
        list.filter((e) => e.py !== fn),
      );
      return n;
    },
    set_result: (f: Future<unknown>, a) => {
      if (f instanceof Task) throw runtimeError('Task does not support set_result operation');
      const [v] = bind('set_result', a, null, ['result']);
      if (f.done()) throw new InvalidStateError('invalid state');
      f.setResult(v);
      return null;
    },
    set_exception: (f: Future<unknown>, a) => {
      if (f instanceof Task) throw runtimeError('Task does not support set_exception operation');
      let [e] = bind('set_exception', a, null, ['exception']);
      if (e instanceof PyClass && isExceptionClass(e)) e = instantiate(e, [], null);
      if (!(e instanceof PyBaseException)) throw typeError(`exception must be a BaseException, not ${typeName(e)}`);
      if (f.done()) throw new InvalidStateError('invalid state');
      f.setException(e);
      return null;
    },
    get_loop: noArgs('c', futureMethod('get_loop'), (f: Future<unknown>) => f.loop),
  });
  methods(TASK, {
    get_name: noArgs('c', 'Task.get_name', (t: Task<unknown>) => t.getName()),
    set_name: (t: Task<unknown>, a) => {
      t.setName(pyStr(bind('set_name', a, null, ['value'])[0]));
      return null;
    },
    cancelling: noArgs('c', 'Task.cancelling', (t: Task<unknown>) => t.cancelling()),
    uncancel: noArgs('c', 'Task.uncancel', (t: Task<unknown>) => t.uncancel()),
    get_coro: noArgs('c', 'Task.get_coro', (t: Task<unknown>) => t.coro),
    get_stack: () => {
      throw new PyNotImplementedError('Task.get_stack() is not supported in scenarios');
    },
    print_stack: () => {
      throw new PyNotImplementedError('Task.print_stack() is not supported in scenarios');
    },
  });

  EVENT_LOOP.reprFn = (l: EventLoop) => `<_UnixSelectorEventLoop running=${peekRunningLoop() === l ? 'True' : 'False'} closed=${l.closed ? 'True' : 'False'} debug=False>`;
  const callSoon = (name: string) => (l: EventLoop, a: unknown[], kw: Kw) => {
    if (a.length === 0) throw typeError(`${name}() missing 1 required positional argument: 'callback'`);
    if (kw !== null) for (const k of kw.keys()) if (k !== 'context') throw typeError(`${name}() got an unexpected keyword argument '${k}'`);
    return l.callSoon(pyCallback(a[0], a.slice(1)));
  };
  methods(EVENT_LOOP, {
    time: noArgs('py', 'BaseEventLoop.time', (l: EventLoop) => new PyFloat(l.time())),
    call_soon: callSoon('call_soon'),
    call_soon_threadsafe: callSoon('call_soon_threadsafe'),
    call_later: (l: EventLoop, a) => {
      if (a.length < 2) throw typeError(`call_later() missing ${2 - a.length} required positional argument${a.length === 1 ? '' : 's'}`);
      return l.callLater(delayArg('call_later', a[0]), pyCallback(a[1], a.slice(2)));
    },
    call_at: (l: EventLoop, a) => {
      if (a.length < 2) throw typeError(`call_at() missing ${2 - a.length} required positional argument${a.length === 1 ? '' : 's'}`);
      return l.callAt(delayArg('call_at', a[0]), pyCallback(a[1], a.slice(2)));
    },
    create_future: noArgs('py', 'BaseEventLoop.create_future', (l: EventLoop) => l.createFuture()),
    create_task: (l: EventLoop, a, kw) => {
      const [coro, name] = bindPy('BaseEventLoop.create_task', a, kw, ['coro', 'name', 'context'], 1);
      return l.createTask(requireCoroutine(coro), { name: optionalName(name), line: CALL.line, via: 'loop.create_task' });
    },
    is_running: noArgs('py', 'BaseEventLoop.is_running', (l: EventLoop) => peekRunningLoop() === l),
    is_closed: noArgs('py', 'BaseEventLoop.is_closed', (l: EventLoop) => l.closed),
    get_debug: () => false,
    set_debug: () => null,
    stop: (l: EventLoop) => {
      l.stop();
      return null;
    },
    run_in_executor: () => {
      throw new PyNotImplementedError('run_in_executor/to_thread are not supported under virtual time');
    },
  });
  HANDLE.reprFn = (h: Handle) => `<Handle${h.cancelled ? ' cancelled' : ''} ${h.label}()>`;
  TIMER_HANDLE.reprFn = (h: TimerHandle) => `<TimerHandle${h.cancelled ? ' cancelled' : ''} when=${formatTime3(h.when)} ${h.label}()>`;
  methods(HANDLE, {
    cancel: (h: Handle) => {
      const loop = peekRunningLoop();
      if (loop !== null) loop.cancelHandle(h);
      else h.cancel();
      return null;
    },
    cancelled: noArgs('py', 'Handle.cancelled', (h: Handle) => h.cancelled),
  });
  methods(TIMER_HANDLE, { when: (h: TimerHandle) => new PyFloat(h.when) });

  LOCK.native = (args) => (bind('Lock', args, null, []), new Lock());
  LOCK.reprFn = (l: Lock) => `<asyncio.locks.Lock object at ${fakeAddress(l)} [${l.locked() ? 'locked' : 'unlocked'}]>`;
  methods(LOCK, {
    acquire: noArgs('py', 'Lock.acquire', (l: Lock) => named('Lock.acquire', l.acquire())),
    release: noArgs('py', 'Lock.release', (l: Lock) => (l.release(), null)),
    locked: noArgs('py', 'Lock.locked', (l: Lock) => l.locked()),
  });
  EVENT.native = (args) => (bind('Event', args, null, []), new Event());
  EVENT.reprFn = (e: Event) => `<asyncio.locks.Event object at ${fakeAddress(e)} [${e.isSet() ? 'set' : 'unset'}]>`;
  methods(EVENT, {
    set: noArgs('py', 'Event.set', (e: Event) => (e.set(), null)),
    clear: noArgs('py', 'Event.clear', (e: Event) => (e.clear(), null)),
    is_set: noArgs('py', 'Event.is_set', (e: Event) => e.isSet()),
    wait: noArgs('py', 'Event.wait', (e: Event) => named('Event.wait', e.wait())),
  });
  CONDITION.native = (args, kw) => {
    const [lock] = bind('Condition', args, kw, ['lock'], 0);
    if (lock !== undefined && lock !== null && !(lock instanceof Lock)) throw typeError('Condition() lock must be an asyncio.Lock');
    return new Condition((lock as Lock | undefined) ?? null);
  };
  CONDITION.reprFn = (c: Condition) => `<asyncio.locks.Condition object at ${fakeAddress(c)} [${c.locked() ? 'locked' : 'unlocked'}]>`;
  methods(CONDITION, {
    acquire: noArgs('py', 'Condition.acquire', (c: Condition) => named('Condition.acquire', c.acquire())),
    release: noArgs('py', 'Condition.release', (c: Condition) => (c.release(), null)),
    locked: noArgs('py', 'Condition.locked', (c: Condition) => c.locked()),
    wait: noArgs('py', 'Condition.wait', (c: Condition) => named('Condition.wait', c.wait())),
    wait_for: (c: Condition, a) => {
      const [pred] = bindPy('Condition.wait_for', a, null, ['predicate']);
      // The scheduler tests the result with JS truthiness: hand it Python's.
      return named(
        'Condition.wait_for',
        c.waitFor(() => {
          const v = call(pred, [], null);
          return truthy(v) ? v : false;
        }),
      );
    },
    notify: (c: Condition, a, kw) => {
      const [n] = bindPy('Condition.notify', a, kw, ['n'], 0);
      c.notify(n === undefined ? 1 : numArg('notify', n));
      return null;
    },
    notify_all: noArgs('py', 'Condition.notify_all', (c: Condition) => (c.notifyAll(), null)),
  });
  const semNative = (Ctor: typeof Semaphore) => (args: unknown[], kw: Kw) => {
    const [v] = bind(Ctor.name, args, kw, ['value'], 0);
    const n = v === undefined ? 1 : numArg(Ctor.name, v, 'an integer');
    if (n < 0) throw valueError('Semaphore initial value must be >= 0');
    return new Ctor(n);
  };
  SEMAPHORE.native = semNative(Semaphore);
  BOUNDED_SEMAPHORE.native = semNative(BoundedSemaphore);
  const semRepr = (s: Semaphore) => {
    const value = (s as unknown as { value: number }).value;
    return `<asyncio.locks.${s.kind} object at ${fakeAddress(s)} [${s.locked() ? 'locked' : `unlocked, value:${value}`}]>`;
  };
  SEMAPHORE.reprFn = semRepr;
  BOUNDED_SEMAPHORE.reprFn = semRepr;
  methods(SEMAPHORE, {
    acquire: noArgs('py', 'Semaphore.acquire', (s: Semaphore) => named('Semaphore.acquire', s.acquire())),
    release: noArgs('py', 'Semaphore.release', (s: Semaphore) => (s.release(), null)),
    locked: noArgs('py', 'Semaphore.locked', (s: Semaphore) => s.locked()),
  });
  const queueNative = (make: (maxsize: number) => Queue<unknown>, name: string) => (args: unknown[], kw: Kw) => {
    const [m] = bind(name, args, kw, ['maxsize'], 0);
    return make(m === undefined ? 0 : numArg(name, m, 'an integer'));
  };
  QUEUE.native = queueNative((m) => new Queue(m), 'Queue');
  LIFO_QUEUE.native = queueNative((m) => new LifoQueue(m), 'LifoQueue');
  PRIORITY_QUEUE.native = queueNative((m) => new PriorityQueue(m, less), 'PriorityQueue');
  const queueRepr = (q: Queue<unknown>) => `<${q.kind} at ${fakeAddress(q)} maxsize=${q.maxsize}${q.qsize() > 0 ? ` _queue=${pyRepr(new PyTuple(q.items()))}` : ''}>`;
  QUEUE.reprFn = queueRepr;
  LIFO_QUEUE.reprFn = queueRepr;
  PRIORITY_QUEUE.reprFn = queueRepr;
  methods(QUEUE, {
    put: (q: Queue<unknown>, a) => named('Queue.put', q.put(bindPy('Queue.put', a, null, ['item'])[0])),
    get: noArgs('py', 'Queue.get', (q: Queue<unknown>) => named('Queue.get', q.get())),
    put_nowait: (q: Queue<unknown>, a) => (q.putNowait(bindPy('Queue.put_nowait', a, null, ['item'])[0]), null),
    get_nowait: noArgs('py', 'Queue.get_nowait', (q: Queue<unknown>) => q.getNowait()),
    qsize: noArgs('py', 'Queue.qsize', (q: Queue<unknown>) => q.qsize()),
    empty: noArgs('py', 'Queue.empty', (q: Queue<unknown>) => q.empty()),
    full: noArgs('py', 'Queue.full', (q: Queue<unknown>) => q.full()),
    task_done: noArgs('py', 'Queue.task_done', (q: Queue<unknown>) => (q.taskDone(), null)),
    join: noArgs('py', 'Queue.join', (q: Queue<unknown>) => named('Queue.join', q.join())),
  });
  properties(QUEUE, { maxsize: (q: Queue<unknown>) => q.maxsize });
  TASK_GROUP.native = (args) => (bind('TaskGroup', args, null, []), new TaskGroup());
  methods(TASK_GROUP, {
    create_task: (g: TaskGroup, a, kw) => {
      const [coro, name] = bindPy('TaskGroup.create_task', a, kw, ['coro', 'name', 'context'], 1);
      return g.createTask(requireCoroutine(coro), { name: optionalName(name), line: CALL.line });
    },
  });
  methods(TIMEOUT, {
    when: (t: Timeout) => {
      const w = t.when();
      return w === null ? null : new PyFloat(w);
    },
    reschedule: (t: Timeout, a) => {
      const [w] = bindPy('Timeout.reschedule', a, null, ['when']);
      t.reschedule(w === null ? null : numArg('reschedule', w));
      return null;
    },
    expired: noArgs('py', 'Timeout.expired', (t: Timeout) => t.expired()),
  });
}

let installed = false;

export function installAsyncioTypes(): void {
  if (installed) return;
  installed = true;
  installHostMethods();
}

// ---------------------------------------------------------------------------------------------
// The module

/**
 * asyncio.wait(fs, timeout=, return_when=), an `async def` in CPython: nothing is checked until
 * it is awaited, and then in its order: fs itself, emptiness, return_when, `set(fs)` (so an
 * unhashable element is a TypeError), coroutines; a non-future element fails in `_wait` with the
 * AttributeError of `f.add_done_callback`. The result is (done, pending) as sets.
 */
function* waitBody(fs: unknown, t: unknown, rw: unknown): CoroutineGen<unknown> {
  // `type(fs).__name__`: 'Task', where error messages of C code say '_asyncio.Task'.
  if (fs instanceof Future || isCoroutine(fs)) throw typeError(`expect a list of futures, not ${typeOf(fs).name}`);
  if (!truthy(fs)) throw valueError('Set of Tasks/Futures is empty.');
  const returnWhen = (rw === undefined ? ALL_COMPLETED : rw) as ReturnWhen;
  if (returnWhen !== FIRST_COMPLETED && returnWhen !== FIRST_EXCEPTION && returnWhen !== ALL_COMPLETED) {
    throw valueError(`Invalid return_when value: ${pyStr(rw)}`);
  }
  const items = toArray(fs);
  for (const item of items) keyOf(item);
  // _wait's loop.call_later(timeout, ...) computes `self.time() + delay`.
  const timeoutValue = t === undefined || t === null ? null : operandArg(t, (type) => `unsupported operand type(s) for +: 'float' and '${type}'`);
  const [done, pending] = yield* wait(items, {
    timeout: timeoutValue,
    returnWhen,
    notAFuture: (element) => attributeError(`'${typeName(element)}' object has no attribute 'add_done_callback'`),
  });
  return new PyTuple([setOf(done), setOf(pending)]);
}

/** gather's `_done_callback` while `outer` is still None: it only marks the exception retrieved. */
const retrieveOnly = labelled('gather.<locals>._done_callback', (child: Future<unknown>) => {
  if (!child.cancelled()) child.exception();
});

/** What gather() did before an argument made it fail: wrap each distinct earlier awaitable. */
function wrapBeforeFailure(aws: (Future<unknown> | Coroutine<unknown>)[]): void {
  const done = new Set<unknown>();
  for (const a of aws) {
    if (done.has(a)) continue;
    done.add(a);
    const fut = ensureFuture(a, 'gather');
    fut.addDoneCallback(retrieveOnly);
  }
}

function* raising(e: PyBaseException): CoroutineGen<unknown> {
  throw e;
}

export function makeAsyncioModule(rt: Runtime): PyModule {
  installAsyncioTypes();
  reprFile = rt.file.split('/').pop() ?? rt.file;
  const m = new PyModule('asyncio');
  const def = (name: string, fn: (args: unknown[], kw: Kw) => unknown): PyBuiltin => {
    const b = new PyBuiltin(name, fn);
    m.attrs.set(name, b);
    return b;
  };

  def('run', (args, kw) => {
    const [main] = bind('run', args, kw, ['main', 'debug'], 1);
    if (peekRunningLoop() !== null) throw runtimeError('asyncio.run() cannot be called from a running event loop');
    if (!isCoroutine(main)) throw valueError(`a coroutine was expected, got ${pyRepr(main)}`);
    newEpoch();
    let loop: EventLoop | null = null;
    rt.recorder.loopEntered(CALL.line);
    try {
      const options = {
        trace: rt.recorder,
        process: rt.process,
        limits: { maxTicks: rt.maxTicks, maxTime: rt.maxTime, maxTasks: rt.maxTasks, livelockTicks: rt.livelockTicks },
        currentLine: () => CALL.line,
        startTime: rt.clock,
        ...(rt.progress === undefined ? {} : { progress: rt.progress }),
        onLoggedError: (message: string, exception: PyBaseException, task: Task<unknown> | null) => rt.noteLoggedError(message, exception, task),
      };
      return fromHost(asyncioRun(main as Coroutine<unknown>, options, (l) => (loop = l)));
    } finally {
      if (loop !== null) rt.clock = (loop as EventLoop).clock;
      rt.recorder.loopExited();
      newEpoch();
    }
  });
  rt.sleepFn = def('sleep', (args, kw) => {
    const [delay, result] = bind('sleep', args, kw, ['delay', 'result'], 1);
    const r = result === undefined ? null : result;
    let d: number;
    if (delay instanceof PyFloat) d = delay.v;
    else if (typeof delay === 'number') d = delay;
    else if (typeof delay === 'boolean') d = delay ? 1 : 0;
    else if (typeof delay === 'bigint') d = Number(delay);
    else return named('sleep', raising(typeError(`'<=' not supported between instances of '${typeName(delay)}' and 'int'`)));
    return sleep(d, r);
  });
  def('create_task', (args, kw) => {
    const [coro, name] = bind('create_task', args, kw, ['coro', 'name', 'context'], 1);
    const c = requireCoroutine(coro);
    return createTask(c, { name: optionalName(name), line: CALL.line });
  });
  def('gather', (args, kw) => {
    const [re] = bind('gather', [], kw, ['return_exceptions'], 0);
    const seen = new Map<unknown, unknown>();
    const aws = args.map((a) => runnable(a, seen));
    // gather() wraps its arguments one by one (`if arg not in arg_to_fut`, then ensure_future):
    // a bad argument fails the call after the earlier coroutines became tasks, which then run.
    for (let i = 0; i < aws.length; i++) {
      const a = aws[i];
      let error: PyBaseException | null = null;
      try {
        keyOf(a);
      } catch (e) {
        if (!(e instanceof PyBaseException)) throw e;
        error = e;
      }
      if (error === null && !(a instanceof Future) && !isCoroutine(a)) {
        error = typeError('An asyncio.Future, a coroutine or an awaitable is required');
      }
      if (error !== null) {
        wrapBeforeFailure(aws.slice(0, i) as (Future<unknown> | Coroutine<unknown>)[]);
        throw error;
      }
    }
    return gatherWith({ returnExceptions: re !== undefined && truthy(re) }, ...(aws as (Future<unknown> | Coroutine<unknown>)[]));
  });
  def('wait_for', (args, kw) => {
    const [aw, t] = bind('wait_for', args, kw, ['fut', 'timeout']);
    if (!(aw instanceof Future) && !isCoroutine(aw)) throw typeError('An asyncio.Future, a coroutine or an awaitable is required');
    // wait_for's first use of the timeout: `if timeout <= 0`.
    const timeoutValue = t === null ? null : numberOrNull(t);
    if (t !== null && timeoutValue === null) {
      return named('wait_for', raising(typeError(`'<=' not supported between instances of '${typeName(t)}' and 'int'`)));
    }
    return waitFor(runnable(aw as Future<unknown>), timeoutValue);
  });
  def('wait', (args, kw) => {
    const [fs, t, rw] = bind('wait', args, kw, ['fs', 'timeout', 'return_when'], 1);
    return named('wait', waitBody(fs, t, rw));
  });
  def('as_completed', (args, kw) => {
    const [fs, t] = bind('as_completed', args, kw, ['fs', 'timeout'], 1);
    if (fs instanceof Future || isCoroutine(fs)) throw typeError(`expect an iterable of futures, not ${typeOf(fs).name}`);
    const seen = new Map<unknown, unknown>();
    const items = (toArray(fs) as (Future<unknown> | Coroutine<unknown>)[]).map((a) => runnable(a, seen));
    return new JsIter(asCompleted(items, { timeout: t === undefined || t === null ? null : numArg('as_completed', t) }));
  });
  def('shield', (args) => {
    const [aw] = bind('shield', args, null, ['arg']);
    if (!(aw instanceof Future) && !isCoroutine(aw)) throw typeError('An asyncio.Future, a coroutine or an awaitable is required');
    return shield(runnable(aw as Future<unknown>));
  });
  def('timeout', (args) => {
    const [d] = bind('timeout', args, null, ['delay']);
    // timeout(delay) computes `loop.time() + delay`.
    return timeout(d === null ? null : operandArg(d, (type) => `unsupported operand type(s) for +: 'float' and '${type}'`));
  });
  def('timeout_at', (args) => {
    const [w] = bind('timeout_at', args, null, ['when']);
    // Timeout.reschedule compares `when <= loop.time()` (CPython fails there, on entering).
    return timeoutAt(w === null ? null : operandArg(w, (type) => `'<=' not supported between instances of '${type}' and 'float'`));
  });
  def('get_running_loop', (args) => (bind('get_running_loop', args, null, []), getRunningLoop()));
  def('get_event_loop', () => {
    const loop = peekRunningLoop();
    if (loop === null) throw runtimeError("There is no current event loop in thread 'MainThread'.");
    return loop;
  });
  def('current_task', (args, kw) => {
    bind('current_task', args, kw, ['loop'], 0);
    return getRunningLoop().currentTask;
  });
  def('all_tasks', (args, kw) => {
    bind('all_tasks', args, kw, ['loop'], 0);
    return setOf(getRunningLoop().allTasks());
  });
  def('ensure_future', (args, kw) => {
    const [aw] = bind('ensure_future', args, kw, ['coro_or_future', 'loop'], 1);
    if (!(aw instanceof Future) && !isCoroutine(aw)) throw typeError('An asyncio.Future, a coroutine or an awaitable is required');
    return ensureFuture(runnable(aw as Future<unknown>));
  });
  def('iscoroutine', (args) => isCoroutine(bind('iscoroutine', args, null, ['obj'])[0]));
  def('isfuture', (args) => bind('isfuture', args, null, ['obj'])[0] instanceof Future);
  def('iscoroutinefunction', (args) => {
    const [f] = bind('iscoroutinefunction', args, null, ['func']);
    const fn = f instanceof PyBoundMethod ? f.fn : f;
    return fn instanceof PyFunction && fn.code.kind === 'async';
  });
  def('to_thread', () => named('to_thread', raising(new PyNotImplementedError('run_in_executor/to_thread are not supported under virtual time'))));
  def('new_event_loop', () => {
    throw new PyNotImplementedError('new_event_loop() is not supported in scenarios; use asyncio.run(main())');
  });
  def('set_event_loop', () => {
    throw new PyNotImplementedError('set_event_loop() is not supported in scenarios; use asyncio.run(main())');
  });
  for (const cls of [FUTURE, TASK, LOCK, EVENT, CONDITION, SEMAPHORE, BOUNDED_SEMAPHORE, QUEUE, PRIORITY_QUEUE, LIFO_QUEUE, TASK_GROUP, TIMEOUT, HANDLE, TIMER_HANDLE]) {
    m.attrs.set(cls.name, cls);
  }
  // Written in Python in CPython (the others here are C builtins of _asyncio).
  for (const name of ['run', 'sleep', 'create_task', 'gather', 'wait_for', 'wait', 'as_completed', 'shield', 'timeout', 'timeout_at', 'all_tasks', 'ensure_future', 'iscoroutine', 'isfuture', 'iscoroutinefunction', 'to_thread', 'new_event_loop', 'set_event_loop']) {
    const f = m.attrs.get(name);
    if (f instanceof PyBuiltin) f.pythonLevel = true;
  }
  m.attrs.set('CancelledError', CANCELLED_ERROR);
  m.attrs.set('TimeoutError', TIMEOUT_ERROR);
  m.attrs.set('InvalidStateError', INVALID_STATE_ERROR);
  m.attrs.set('QueueEmpty', QUEUE_EMPTY);
  m.attrs.set('QueueFull', QUEUE_FULL);
  m.attrs.set('FIRST_COMPLETED', FIRST_COMPLETED);
  m.attrs.set('FIRST_EXCEPTION', FIRST_EXCEPTION);
  m.attrs.set('ALL_COMPLETED', ALL_COMPLETED);
  return m;
}
