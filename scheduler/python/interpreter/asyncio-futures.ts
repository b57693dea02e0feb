/**
 * asyncio.Future and asyncio.Task for scenarios: the scheduler's objects with CPython's reprs
 * (`<Task pending name='Task-2' coro=<fetch() running at crawler.py:9> wait_for=...>`) and
 * methods, with CPython's error messages.
 */
import { createdAt, setTaskRepr } from './asyncio-debug.ts';
import { type Callback } from '../../loop/handle.ts';
import { getRunningLoop } from '../../loop/running.ts';
import { Future, setHostFutureRepr, type Coroutine } from '../../asyncio/future.ts';
import { InvalidStateError } from '../../asyncio/exceptions.ts';
import { Task } from '../../asyncio/task.ts';
import { GatheringFuture } from '../../asyncio/gather.ts';
import { PyClass, typeName } from './values.ts';
import { PyBaseException, PyNotImplementedError, isExceptionClass, runtimeError, typeError } from './exceptions.ts';
import { bind, methods, noArgs } from './args.ts';
import { call, instantiate } from './calls.ts';
import { pyRepr, pyStr } from './repr.ts';
import { CALL, fromHost, isPyCoroutine, type PyCoroutine } from './exec.ts';
import { failedFutures } from './collect.ts';
import { BOUNDED_SEMAPHORE, CONDITION, EVENT, EVENT_LOOP, FUTURE, GATHERING_FUTURE, HANDLE, LIFO_QUEUE, LOCK, PRIORITY_QUEUE, QUEUE, SEMAPHORE, TASK, TASK_GROUP, TIMEOUT, TIMER_HANDLE, callbackLabel, doneCallbacks, guarded, optionalContext, optionalName, pythonCallbacks, reprFile, requireCoroutine } from './asyncio-support.ts';
import { BARRIER } from './asyncio-support.ts';

/**
 * asyncio's own callbacks as a future's repr shows them (format_helpers._format_callback_source):
 * the qualified name and where CPython 3.11.7 defines it; the reference runner writes the stdlib
 * directory as `<stdlib>/`.
 */
const STDLIB_CALLBACKS: Readonly<Record<string, string>> = {
  _run_until_complete_cb: '_run_until_complete_cb() at <stdlib>/asyncio/base_events.py:180',
  'gather._done_callback': 'gather.<locals>._done_callback() at <stdlib>/asyncio/tasks.py:764',
  _release_waiter: '_release_waiter() at <stdlib>/asyncio/tasks.py:431',
  '_wait._on_completion': '_wait.<locals>._on_completion() at <stdlib>/asyncio/tasks.py:519',
  'as_completed._on_completion': 'as_completed.<locals>._on_completion() at <stdlib>/asyncio/tasks.py:602',
  'shield._inner_done_callback': 'shield.<locals>._inner_done_callback() at <stdlib>/asyncio/tasks.py:891',
  'shield._outer_done_callback': 'shield.<locals>._outer_done_callback() at <stdlib>/asyncio/tasks.py:908',
  'TaskGroup._on_task_done': 'TaskGroup._on_task_done() at <stdlib>/asyncio/taskgroups.py:184',
  _call_check_cancel: '_chain_future.<locals>._call_check_cancel() at <stdlib>/asyncio/futures.py:387',
};

function doneCallbackRepr(cb: unknown): string {
  if (cb instanceof Task) return 'Task.task_wakeup()';
  const label = (cb as { label?: string }).label ?? 'callback';
  if (pythonCallbacks.has(cb as object)) return label;
  return STDLIB_CALLBACKS[label] ?? `${label}()`;
}

/** base_futures._format_callbacks */
function callbacksRepr(f: Future<unknown>): string {
  const cbs = f.pendingCallbacks().map(doneCallbackRepr);
  if (cbs.length === 0) return '';
  const shown = cbs.length <= 2 ? cbs : [cbs[0]!, `<${cbs.length - 2} more>`, cbs[cbs.length - 1]!];
  return ` cb=[${shown.join(', ')}]`;
}

function futureRepr(f: Future<unknown>): string {
  const name = f instanceof GatheringFuture ? '_GatheringFuture' : 'Future';
  const state = f.stateName().toLowerCase();
  const site = createdAt(f);
  if (f.state === 2) {
    const exc = f.peekException();
    return exc !== null ? `<${name} finished exception=${pyRepr(exc)}${site}>` : `<${name} finished result=${pyRepr(fromHost(f.peekResult() ?? null))}${site}>`;
  }
  return `<${name} ${state}${callbacksRepr(f)}${site}>`;
}

/**
 * asyncio's own coroutines as coroutines._format_coroutine shows them: where CPython 3.11.7
 * defines each (`done, defined at`) and the await it waits at (`running at`), in its stdlib.
 */
const STDLIB_COROUTINES: Readonly<Record<string, readonly [file: string, defined: number, waits: number]>> = {
  sleep: ['tasks.py', 637, 649],
  wait_for: ['tasks.py', 436, 476],
  to_thread: ['threads.py', 12, 25],
  'Queue.put': ['queues.py', 110, 120],
  'Queue.get': ['queues.py', 149, 158],
  'Queue.join': ['queues.py', 206, 215],
  'Lock.acquire': ['locks.py', 93, 114],
  'Event.wait': ['locks.py', 200, 213],
  'Condition.wait': ['locks.py', 248, 267],
  'Condition.wait_for': ['locks.py', 285, 294],
  'Semaphore.acquire': ['locks.py', 364, 387],
  'BoundedSemaphore.acquire': ['locks.py', 364, 387],
  'Barrier.wait': ['locks.py', 481, 497],
};

function coroDescription(t: Task<unknown>, file: string): string {
  const coro = t.coro as Coroutine<unknown> & Partial<PyCoroutine>;
  const name = t.coroName;
  if (isPyCoroutine(coro)) {
    const fr = coro.fr;
    const defLine = fr.fn?.code.line ?? 0;
    if (t.done()) return `${name}() done, defined at ${file}:${defLine}`;
    return `${name}() running at ${file}:${fr.st === 0 ? defLine : fr.line}`;
  }
  const stdlib = STDLIB_COROUTINES[name];
  if (stdlib !== undefined) {
    const [source, defined, waits] = stdlib;
    if (t.done()) return `${name}() done, defined at <stdlib>/asyncio/${source}:${defined}`;
    // Suspended, it waits on a future at its await; not started yet, its frame is at the def.
    return `${name}() running at <stdlib>/asyncio/${source}:${t.futWaiter === null ? defined : waits}`;
  }
  return `${name}()`;
}


function taskRepr(t: Task<unknown>): string {
  const coro = coroDescription(t, reprFile.name);
  const site = createdAt(t);
  if (t.state === 0) {
    const waiting = t.futWaiter === null ? '' : ` wait_for=${pyRepr(t.futWaiter)}`;
    // base_tasks._task_repr_info: a task asked to cancel that has not finished is 'cancelling'.
    const state = t.cancelling() > 0 ? 'cancelling' : 'pending';
    return `<Task ${state} name='${t.name}' coro=<${coro}>${waiting}${callbacksRepr(t)}${site}>`;
  }
  if (t.state === 1) return `<Task cancelled name='${t.name}' coro=<${coro}>${site}>`;
  const exc = t.peekException();
  return exc !== null
    ? `<Task finished name='${t.name}' coro=<${coro}> exception=${pyRepr(exc)}${site}>`
    : `<Task finished name='${t.name}' coro=<${coro}> result=${pyRepr(fromHost(t.peekResult() ?? null))}${site}>`;
}
setTaskRepr((t) => taskRepr(t as Task<unknown>));
// The scheduler's messages that embed a repr show the same as repr() in a scenario.
setHostFutureRepr((f) => (f instanceof Task ? taskRepr(f) : futureRepr(f)));

/** Task redefines the C Future's methods, so its errors say `Task.result()`. */
function futureMethod(name: string): (self: Future<unknown>) => string {
  return (self) => `${self instanceof Task ? 'Task' : 'Future'}.${name}`;
}

export function installFutureTypes(): void {
  for (const cls of [EVENT_LOOP, HANDLE, TIMER_HANDLE, LOCK, EVENT, CONDITION, SEMAPHORE, BOUNDED_SEMAPHORE, BARRIER, QUEUE, PRIORITY_QUEUE, LIFO_QUEUE, TASK_GROUP, TIMEOUT]) {
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
    const f = getRunningLoop().createFuture();
    f.madeByScenario = true;
    return f;
  };
  TASK.native = (args, kw) => {
    const [coro, , name, context] = bind('Task', args, kw, ['coro', 'loop', 'name', 'context'], 1);
    return getRunningLoop().createTask(requireCoroutine(coro), { name: optionalName(kw?.get('name') ?? name), line: CALL.line, via: 'Task', context: optionalContext(context) });
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
      // A done callback's repr shows no arguments (base_futures._format_callbacks).
      Object.defineProperty(js, 'label', { get: () => callbackLabel(fn, []) });
      // Once scheduled, its handle calls it with the future (Handle repr, "Exception in callback").
      js.labelWith = (fut: unknown) => callbackLabel(fn, [fut]);
      pythonCallbacks.add(js);
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
      failedFutures.count++;
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

}
