/**
 * The `asyncio` module of scenarios, on top of the scheduler: every function and class here is a
 * thin adapter from Python values to the scheduler's objects (which ARE the Python objects the
 * scenario sees: a Task is the scheduler's Task, a Lock its Lock).
 */
import { OwnLoops, installOwnLoopMethods } from './asyncio-main-thread.ts';
import { RUNNER, installRunnerType, makeAsyncioRun } from './asyncio-runner.ts';
import { toThread } from './asyncio-threads.ts';
import { EventLoop } from '../../loop/loop.ts';
import { labelled } from '../../loop/handle.ts';
import { getRunningLoop } from '../../loop/running.ts';
import { Future, isCoroutine, type Coroutine } from '../../asyncio/future.ts';
import { createTask, ensureFuture, named, type CoroutineGen } from '../../asyncio/coroutines.ts';
import { sleep } from '../../asyncio/sleep.ts';
import { gatherWith } from '../../asyncio/gather.ts';
import { waitFor } from '../../asyncio/wait-for.ts';
import { timeout, timeoutAt } from '../../asyncio/timeouts.ts';
import { ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION, asCompleted, shield, wait, type ReturnWhen } from '../../asyncio/wait.ts';
import { PyBoundMethod, PyBuiltin, PyFloat, PyList, PyModule, PySet, PyTuple, typeName, type Kw } from './values.ts';
import { holdWithTraceback } from '../../asyncio/held-by-traceback.ts';
import { PyFunction } from './frame.ts';
import { CANCELLED_ERROR, INVALID_STATE_ERROR, PyBaseException, QUEUE_EMPTY, QUEUE_FULL, TIMEOUT_ERROR, typeError, valueError } from './exceptions.ts';
import { bind, numArg } from './args.ts';
import { JsIter, toArray } from './iter.ts';
import { keyOf } from './keys.ts';
import { truthy } from './ops.ts';
import { runPythonModule } from './pylib.ts';
import { STREAMS } from './pylib/streams.ts';
import { CALL } from './exec.ts';
import type { Runtime } from './runtime.ts';
import { BOUNDED_SEMAPHORE, CONDITION, EVENT, FUTURE, HANDLE, LIFO_QUEUE, LOCK, PRIORITY_QUEUE, QUEUE, SEMAPHORE, TASK, TASK_GROUP, TIMEOUT, TIMER_HANDLE, optionalContext, optionalName, reprFile, requireCoroutine, runnable, setOf } from './asyncio-support.ts';
import { installFutureTypes } from './asyncio-futures.ts';
import { installLoopTypes } from './asyncio-loop.ts';
import { installSyncTypes } from './asyncio-sync.ts';
import { installPrivateAttributes, setPrivateAttributesRuntime } from './asyncio-private.ts';
import { BARRIER } from './asyncio-support.ts';
import { BROKEN_BARRIER_ERROR } from './exceptions.ts';
import { attributeError } from './exceptions.ts';
import { numberOrNull, operandArg } from './args.ts';
import { pyStr } from './repr.ts';
import { typeOf } from './values.ts';

let installed = false;

export function installAsyncioTypes(): void {
  if (installed) return;
  installed = true;
  installFutureTypes();
  installLoopTypes();
  installOwnLoopMethods();
  installSyncTypes();
  installPrivateAttributes();
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
  try {
    return yield* waitChecked(fs, t, rw);
  } catch (error) {
    // wait()'s frame keeps its argument: coroutines in it die when the exception goes.
    if (error instanceof PyBaseException) holdWithTraceback(error, coroutinesIn(fs));
    throw error;
  }
}

/** The coroutines an argument is or holds (a list, tuple or set of them), without iterating anything else. */
function coroutinesIn(fs: unknown): unknown[] {
  if (isCoroutine(fs)) return [fs];
  if (fs instanceof PyList || fs instanceof PyTuple) return fs.a.filter(isCoroutine);
  if (fs instanceof PySet) return [...fs.m.values()].filter(isCoroutine);
  return [];
}

function* waitChecked(fs: unknown, t: unknown, rw: unknown): CoroutineGen<unknown> {
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
  reprFile.name = rt.file.split('/').pop() ?? rt.file;
  setPrivateAttributesRuntime(rt);
  const m = new PyModule('asyncio');
  const def = (name: string, fn: (args: unknown[], kw: Kw) => unknown): PyBuiltin => {
    const b = new PyBuiltin(name, fn);
    m.attrs.set(name, b);
    return b;
  };

  // Older code makes and runs a loop itself (asyncio-main-thread.ts); asyncio.run and Runner make theirs the same way.
  const own = new OwnLoops(rt);
  rt.ownLoops = own;
  installRunnerType(rt, own);
  m.attrs.set('run', makeAsyncioRun(rt, own));
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
    const [coro, name, context] = bind('create_task', args, kw, ['coro', 'name', 'context'], 1);
    const c = requireCoroutine(coro);
    try {
      return createTask(c, { name: optionalName(name), line: CALL.line, context: optionalContext(context) });
    } catch (error) {
      // No running loop: the coroutine stays in create_task's frame, kept by the traceback.
      if (error instanceof PyBaseException) holdWithTraceback(error, [coro]);
      throw error;
    }
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
    return gatherWith({ returnExceptions: re !== undefined && truthy(re), makeResult: (results) => new PyList(results) }, ...(aws as (Future<unknown> | Coroutine<unknown>)[]));
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
  def('get_event_loop', (args) => (bind('get_event_loop', args, null, []), own.get()));
  def('current_task', (args, kw) => {
    bind('current_task', args, kw, ['loop'], 0);
    return getRunningLoop().currentTask;
  });
  def('all_tasks', (args, kw) => {
    bind('all_tasks', args, kw, ['loop'], 0);
    const tasks = getRunningLoop().allTasks();
    // The set holds them: a fire-and-forget task in it is no longer dropped (rule 31).
    for (const task of tasks) task.referenced = true;
    return setOf(tasks);
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
  def('to_thread', (args, kw) => {
    if (args.length === 0) throw typeError("to_thread() missing 1 required positional argument: 'func'");
    return toThread(args[0], args.slice(1), kw);
  });
  def('new_event_loop', (args) => (bind('new_event_loop', args, null, []), own.make()));
  def('set_event_loop', (args) => {
    const [loop] = bind('set_event_loop', args, null, ['loop']);
    if (loop !== null && !(loop instanceof EventLoop)) throw typeError(`loop must be an instance of AbstractEventLoop or None, not '${typeName(loop)}'`);
    own.set(loop);
    return null;
  });
  for (const cls of [RUNNER, FUTURE, TASK, LOCK, EVENT, CONDITION, SEMAPHORE, BOUNDED_SEMAPHORE, BARRIER, QUEUE, PRIORITY_QUEUE, LIFO_QUEUE, TASK_GROUP, TIMEOUT, HANDLE, TIMER_HANDLE]) {
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
  m.attrs.set('BrokenBarrierError', BROKEN_BARRIER_ERROR);
  m.attrs.set('FIRST_COMPLETED', FIRST_COMPLETED);
  m.attrs.set('FIRST_EXCEPTION', FIRST_EXCEPTION);
  m.attrs.set('ALL_COMPLETED', ALL_COMPLETED);
  addSubmodules(rt, m);
  installStreams(rt, m);
  return m;
}

/** asyncio.streams' public names, made on first use (see installStreams). */
const STREAM_NAMES: readonly string[] = ['StreamReader', 'StreamWriter', 'StreamReaderProtocol', 'open_connection', 'start_server'];
/** The exceptions streams raise, public in asyncio.exceptions and made with the streams. */
const STREAM_ERRORS: readonly string[] = ['IncompleteReadError', 'LimitOverrunError'];

/**
 * asyncio's streams (pylib/streams.ts, in Python) are run the first time a scenario reaches one
 * of their names, so that scenarios without a network pay nothing for them. Their names are in
 * asyncio, asyncio.streams and (the errors) asyncio.exceptions, and in __all__, as in CPython.
 */
function installStreams(rt: Runtime, asyncio: PyModule): void {
  const where: [PyModule, readonly string[]][] = [
    [asyncio, [...STREAM_NAMES, ...STREAM_ERRORS]],
    [asyncio.attrs.get('streams') as PyModule, STREAM_NAMES],
    [asyncio.attrs.get('exceptions') as PyModule, STREAM_ERRORS],
  ];
  const load = (): void => {
    const streams = runPythonModule(rt, 'asyncio.streams', STREAMS, (ns) => {
      // The scenario's STREAM_LATENCY and STREAM_BANDWIDTH settings, read when bytes are sent.
      ns.cell('_scenario_setting').v = new PyBuiltin('_scenario_setting', (args) => rt.main.cells.get(pyStr(args[0]))?.v ?? null);
    });
    for (const [m, names] of where) {
      for (const n of names) {
        m.attrs.set(n, streams.attrs.get(n));
        m.lazy?.delete(n);
      }
    }
  };
  for (const [m, names] of where) {
    m.lazy ??= new Map();
    for (const n of names) m.lazy.set(n, load);
  }
}

/**
 * asyncio's submodules, whose names tutorials use (`asyncio.tasks.all_tasks`, `from
 * asyncio.exceptions import CancelledError`): each holds the same objects as asyncio, and
 * asyncio.__all__ is the union of their __all__, as in CPython 3.11.
 */
const SUBMODULES: Readonly<Record<string, readonly string[]>> = {
  base_events: ['BaseEventLoop', 'Server'],
  events: ['AbstractEventLoop', 'AbstractServer', 'Handle', 'TimerHandle', 'get_event_loop', 'set_event_loop', 'new_event_loop', 'get_running_loop'],
  exceptions: ['BrokenBarrierError', 'CancelledError', 'InvalidStateError', 'TimeoutError', 'IncompleteReadError', 'LimitOverrunError', 'SendfileNotAvailableError'],
  futures: ['Future', 'wrap_future', 'isfuture'],
  locks: ['Lock', 'Event', 'Condition', 'Semaphore', 'BoundedSemaphore', 'Barrier'],
  queues: ['Queue', 'PriorityQueue', 'LifoQueue', 'QueueFull', 'QueueEmpty'],
  runners: ['Runner', 'run'],
  streams: STREAM_NAMES,
  taskgroups: ['TaskGroup'],
  tasks: ['Task', 'create_task', 'FIRST_COMPLETED', 'FIRST_EXCEPTION', 'ALL_COMPLETED', 'wait', 'wait_for', 'as_completed', 'sleep', 'gather', 'shield', 'ensure_future', 'run_coroutine_threadsafe', 'current_task', 'all_tasks'],
  threads: ['to_thread'],
  timeouts: ['Timeout', 'timeout', 'timeout_at'],
  coroutines: ['iscoroutinefunction', 'iscoroutine'],
};

/** The submodules' names (`tasks`, `events`...), for the module registry. */
export const ASYNCIO_SUBMODULES: readonly string[] = Object.keys(SUBMODULES);

function addSubmodules(rt: Runtime, m: PyModule): void {
  const all: string[] = [];
  for (const [sub, names] of Object.entries(SUBMODULES)) {
    const module = new PyModule(`asyncio.${sub}`);
    module.file = `<stdlib>/asyncio/${sub}.py`;
    const present = names.filter((n) => m.attrs.has(n) || STREAM_NAMES.includes(n) || STREAM_ERRORS.includes(n));
    for (const n of present) if (m.attrs.has(n)) module.attrs.set(n, m.attrs.get(n));
    if (sub !== 'base_events') module.attrs.set('__all__', new PyTuple(present));
    m.attrs.set(sub, module);
    rt.modules.set(module.name, module);
    for (const n of present) if (!all.includes(n) && sub !== 'base_events') all.push(n);
    for (const n of present) {
      const f = m.attrs.get(n);
      if (f instanceof PyBuiltin && f.pythonLevel) f.module ??= `asyncio.${sub}`;
    }
  }
  m.attrs.set('__all__', new PyTuple(all));
}
