/**
 * The event loop's exception handler, as scenarios reach it (BaseEventLoop in
 * Lib/asyncio/base_events.py): set_exception_handler, get_exception_handler,
 * call_exception_handler and default_exception_handler.
 *
 * Teaching programs set a handler to show where the errors nobody awaited go: a task's exception
 * never retrieved, a callback that raised, a task destroyed while pending. The loop calls the
 * handler at the moment CPython would log (scheduler/loop/loop.ts logError), with the context dict
 * CPython builds there; a handler that raises is reported by the default handler as "Unhandled
 * error in exception handler", as CPython does.
 */
import { Task } from '../../asyncio/task.ts';
import type { EventLoop, ExceptionContext } from '../../loop/loop.ts';
import { WarningKind } from '../../trace/format.ts';
import { PyBaseException, attributeError, typeError } from './exceptions.ts';
import { PyDict, typeName } from './values.ts';
import { bindPy, methods, noArgs } from './args.ts';
import { call, isCallable } from './calls.ts';
import { dictGet, dictSetRaw } from './keys.ts';
import { pyRepr, pyStr } from './repr.ts';
import { truthy } from './ops.ts';
import { EVENT_LOOP, guarded } from './asyncio-support.ts';

/** The handler each loop was given, as the program passed it (get_exception_handler returns it). */
const handlers = new WeakMap<EventLoop, unknown>();

/** The dict CPython passes: {'message', 'exception', <subject>}, in that order (C Task's too). */
function contextDict({ message, exception, subject }: ExceptionContext): PyDict {
  const d = new PyDict();
  dictSetRaw(d, 'message', message);
  if (exception !== null) dictSetRaw(d, 'exception', exception);
  if (subject !== null) dictSetRaw(d, subject.key, subject.value);
  return d;
}

/** default_exception_handler(context): the log line, read from the dict as CPython reads it. */
function logWithDefault(loop: EventLoop, context: PyDict): void {
  const message = dictGet(context, 'message');
  const exception = dictGet(context, 'exception');
  const named = dictGet(context, 'task') ?? dictGet(context, 'future');
  loop.defaultExceptionHandler(
    message === undefined || !truthy(message) ? 'Unhandled exception in event loop' : pyStr(message),
    exception instanceof PyBaseException ? exception : null,
    named instanceof Task ? named : null,
    WarningKind.Other,
  );
}

/**
 * call_exception_handler with the program's handler: handler(loop, context). What it raises
 * (but SystemExit and KeyboardInterrupt, which go on up) goes to the default handler.
 */
function callHandler(loop: EventLoop, handler: unknown, context: PyDict): void {
  try {
    guarded(() => call(handler, [loop, context], null));
  } catch (e) {
    if (!(e instanceof PyBaseException) || e.pyName === 'SystemExit' || e.pyName === 'KeyboardInterrupt') throw e;
    const report = new PyDict();
    dictSetRaw(report, 'message', 'Unhandled error in exception handler');
    dictSetRaw(report, 'exception', e);
    dictSetRaw(report, 'context', context);
    logWithDefault(loop, report);
  }
}

export function installExceptionHandlerMethods(): void {
  methods(EVENT_LOOP, {
    set_exception_handler: (l: EventLoop, a) => {
      const [handler] = bindPy('BaseEventLoop.set_exception_handler', a, null, ['handler']);
      if (handler !== null && !isCallable(handler)) throw typeError(`A callable object or None is expected, got ${pyRepr(handler)}`);
      if (handler === null) {
        handlers.delete(l);
        l.exceptionHandler = null;
      } else {
        handlers.set(l, handler);
        l.exceptionHandler = (context) => callHandler(l, handler, contextDict(context));
      }
      return null;
    },
    get_exception_handler: noArgs('py', 'BaseEventLoop.get_exception_handler', (l: EventLoop) => handlers.get(l) ?? null),
    call_exception_handler: (l: EventLoop, a) => {
      const [context] = bindPy('BaseEventLoop.call_exception_handler', a, null, ['context']);
      const dict = requireDict(context);
      const handler = handlers.get(l);
      if (handler === undefined) logWithDefault(l, dict);
      else callHandler(l, handler, dict);
      return null;
    },
    default_exception_handler: (l: EventLoop, a) => {
      const [context] = bindPy('BaseEventLoop.default_exception_handler', a, null, ['context']);
      logWithDefault(l, requireDict(context));
      return null;
    },
  });
}

/** The handlers read the context with context.get(...): anything else fails there, as in CPython. */
function requireDict(context: unknown): PyDict {
  if (context instanceof PyDict) return context;
  throw attributeError(`'${typeName(context)}' object has no attribute 'get'`);
}
