/**
 * The event loop object scenarios get from asyncio.get_running_loop(), and its handles.
 */
import { handleCreatedAt } from './asyncio-debug.ts';
import { reprlibRepr } from './asyncio-format.ts';
import { sleepTimer } from '../../asyncio/sleep.ts';
import type { Future } from '../../asyncio/future.ts';
import { truthy } from './ops.ts';
import { floatRepr } from '../format.ts';
import { Context, currentContext } from '../../asyncio/context.ts';
import { runningThread } from '../../asyncio/threads.ts';
import { Executor, runInExecutor } from './asyncio-threads.ts';
import { EventLoop } from '../../loop/loop.ts';
import { Handle, TimerHandle, type Callback } from '../../loop/handle.ts';
import { peekRunningLoop } from '../../loop/running.ts';
import { PyFloat, type Kw } from './values.ts';
import { typeError } from './exceptions.ts';
import { bindPy, methods, noArgs } from './args.ts';
import { CALL } from './exec.ts';
import { EVENT_LOOP, HANDLE, TIMER_HANDLE, delayArg, optionalContext, optionalName, pyCallback, requireCoroutine } from './asyncio-support.ts';
import { PyProperty } from './values.ts';
import { numArg } from './args.ts';
import { installExceptionHandlerMethods } from './asyncio-exception-handler.ts';

export function installLoopTypes(): void {
  // A sleep's timer is futures._set_result_unless_cancelled(fut, result) in CPython's reprs.
  (sleepTimer as Callback).labelWith = (fut: unknown) =>
    `_set_result_unless_cancelled(${reprlibRepr(fut)}, ${reprlibRepr((fut as Future<unknown>).purpose.kind === 'sleep' ? ((fut as Future<unknown>).purpose as { result?: unknown }).result ?? null : null)}) at <stdlib>/asyncio/futures.py:311`;
  EVENT_LOOP.reprFn = (l: EventLoop) =>
    `<_UnixSelectorEventLoop running=${peekRunningLoop() === l ? 'True' : 'False'} closed=${l.closed ? 'True' : 'False'} debug=${l.debug ? 'True' : 'False'}>`;
  const callSoon = (name: string) => (l: EventLoop, a: unknown[], kw: Kw) => {
    if (a.length === 0) throw typeError(`${name}() missing 1 required positional argument: 'callback'`);
    if (kw !== null) for (const k of kw.keys()) if (k !== 'context') throw typeError(`${name}() got an unexpected keyword argument '${k}'`);
    const context = kw?.get('context');
    const vars = context instanceof Context ? context.vars : currentContext().vars;
    const callback = pyCallback(a[0], a.slice(1));
    const thread = runningThread();
    if (thread !== null) {
      // From a worker thread: the callback joins the ready queue at the thread's time.
      thread.later(() => l.callSoon(callback, undefined, vars));
      return null;
    }
    return l.callSoon(callback, undefined, vars);
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
      const [coro, name, context] = bindPy('BaseEventLoop.create_task', a, kw, ['coro', 'name', 'context'], 1);
      return l.createTask(requireCoroutine(coro), { name: optionalName(name), line: CALL.line, via: 'loop.create_task', context: optionalContext(context) });
    },
    is_running: noArgs('py', 'BaseEventLoop.is_running', (l: EventLoop) => peekRunningLoop() === l),
    is_closed: noArgs('py', 'BaseEventLoop.is_closed', (l: EventLoop) => l.closed),
    get_debug: noArgs('py', 'BaseEventLoop.get_debug', (l: EventLoop) => l.debug),
    set_debug: (l: EventLoop, a) => {
      const [enabled] = bindPy('BaseEventLoop.set_debug', a, null, ['enabled']);
      l.setDebug(truthy(enabled), peekRunningLoop() === l);
      return null;
    },
    stop: (l: EventLoop) => {
      l.stop();
      return null;
    },
    run_in_executor: (l: EventLoop, a) => {
      if (a.length < 2) throw typeError(`BaseEventLoop.run_in_executor() missing ${2 - a.length} required positional argument${a.length === 1 ? '' : 's'}`);
      return runInExecutor(l, a[0], a[1], a.slice(2), null, null);
    },
    set_default_executor: (l: EventLoop, a) => {
      const [executor] = bindPy('BaseEventLoop.set_default_executor', a, null, ['executor']);
      if (!(executor instanceof Executor)) throw typeError('executor must be ThreadPoolExecutor instance');
      l.defaultExecutor = executor.poolFor(l);
      return null;
    },
  });
  HANDLE.reprFn = (h: Handle) => `<Handle${h.cancelled ? ' cancelled' : ''} ${h.reprLabel}${handleCreatedAt(h)}>`;
  TIMER_HANDLE.reprFn = (h: TimerHandle) => `<TimerHandle${h.cancelled ? ' cancelled' : ''} when=${floatRepr(h.when)} ${h.reprLabel}${handleCreatedAt(h)}>`;
  EVENT_LOOP.dict.set(
    'slow_callback_duration',
    new PyProperty(
      (l: EventLoop) => new PyFloat(l.slowCallbackDuration),
      (l: EventLoop, v: unknown) => {
        l.slowCallbackDuration = numArg('slow_callback_duration', v);
      },
    ),
  );
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
  installExceptionHandlerMethods();

}
