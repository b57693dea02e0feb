/**
 * Python's exception hierarchy as far as asyncio needs it.
 *
 * They extend JavaScript's Error so that they can be thrown into and out of coroutines (generators),
 * but carry Python's shape: `args`, `__cause__`, `__context__` and the Python type
 * name, which does not depend on how a bundler renames classes. The scenario interpreter adds its
 * own classes (KeyError, user subclasses) on top of these.
 */

export class PyBaseException extends Error {
  static pyName = 'BaseException';
  readonly args: readonly unknown[];
  /** `raise X from Y` sets __cause__; an exception raised while handling another gets __context__. */
  pyCause: PyBaseException | null = null;
  pyContext: PyBaseException | null = null;
  /** `raise ... from None` */
  suppressContext = false;

  constructor(...args: unknown[]) {
    // No JavaScript stack: Python's traceback is kept apart (the interpreter's pyTraceback), and
    // capturing V8's through deep generator stacks made every raise cost tens of microseconds (a
    // program raising in a loop spent most of its time there).
    const errorClass = Error as { stackTraceLimit?: number };
    const limit = errorClass.stackTraceLimit;
    errorClass.stackTraceLimit = 0;
    super(args.length > 0 ? String(args[0]) : '');
    errorClass.stackTraceLimit = limit;
    this.args = args;
  }

  /** type(e).__name__ */
  get pyName(): string {
    return (this.constructor as typeof PyBaseException).pyName;
  }

  override get name(): string {
    return this.pyName;
  }
}

/** SystemExit (sys.exit()): a BaseException that asyncio lets out of the loop at once. */
export class SystemExit extends PyBaseException {
  static override pyName = 'SystemExit';
}

/** KeyboardInterrupt: like SystemExit, it leaves the loop at once. */
export class KeyboardInterrupt extends PyBaseException {
  static override pyName = 'KeyboardInterrupt';
}

/**
 * The two exceptions asyncio never keeps inside the loop (`except (SystemExit,
 * KeyboardInterrupt): raise` in Handle._run and Task.__step): they stop the loop mid-tick and
 * leave run_until_complete, whatever task or callback raised them.
 */
export function leavesTheLoop(error: unknown): boolean {
  return error instanceof SystemExit || error instanceof KeyboardInterrupt;
}

/** `Exception`: everything a scenario normally catches. */
export class PyException extends PyBaseException {
  static override pyName = 'Exception';
}

/** asyncio.CancelledError derives from BaseException since 3.8, so `except Exception` misses it. */
export class CancelledError extends PyBaseException {
  static override pyName = 'CancelledError';
}

export class InvalidStateError extends PyException {
  static override pyName = 'InvalidStateError';
}

/** asyncio.TimeoutError is the builtin TimeoutError since 3.11. */
export class TimeoutError extends PyException {
  static override pyName = 'TimeoutError';
}

export class RuntimeError extends PyException {
  static override pyName = 'RuntimeError';
}

export class ValueError extends PyException {
  static override pyName = 'ValueError';
}

export class TypeError extends PyException {
  static override pyName = 'TypeError';
}

/** asyncio.BrokenBarrierError (3.11): a RuntimeError raised by a broken or reset Barrier. */
export class BrokenBarrierError extends RuntimeError {
  static override pyName = 'BrokenBarrierError';
}

export class QueueEmpty extends PyException {
  static override pyName = 'QueueEmpty';
}

export class QueueFull extends PyException {
  static override pyName = 'QueueFull';
}

/** BaseExceptionGroup(message, exceptions); str() is "message (N sub-exceptions)". */
export class BaseExceptionGroup extends PyBaseException {
  static override pyName = 'BaseExceptionGroup';
  constructor(
    readonly groupMessage: string,
    readonly exceptions: readonly PyBaseException[],
  ) {
    super(groupMessage, exceptions);
    this.message = `${groupMessage} (${exceptions.length} sub-exception${exceptions.length === 1 ? '' : 's'})`;
  }
}

/** ExceptionGroup: a BaseExceptionGroup whose members are all Exceptions (and itself an Exception). */
export class ExceptionGroup extends BaseExceptionGroup {
  static override pyName = 'ExceptionGroup';
}

/**
 * BaseExceptionGroup.__new__ picks ExceptionGroup when every member is an Exception, as
 * TaskGroup relies on.
 */
export function makeExceptionGroup(message: string, exceptions: readonly PyBaseException[]): BaseExceptionGroup {
  return exceptions.every(isException)
    ? new ExceptionGroup(message, exceptions)
    : new BaseExceptionGroup(message, exceptions);
}

/** isinstance(e, Exception), including ExceptionGroup's second base. */
export function isException(e: unknown): boolean {
  return e instanceof PyException || e instanceof ExceptionGroup;
}

/** Turn anything thrown in a coroutine into a Python exception (a host Error becomes RuntimeError). */
export function asPyException(e: unknown): PyBaseException {
  if (e instanceof PyBaseException) return e;
  const hostError = new RuntimeError(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  if (e instanceof Error && e.stack !== undefined) hostError.stack = e.stack;
  return hostError;
}

/** `str(e)` as far as the model can tell; the interpreter formats arguments the Python way. */
export function exceptionMessage(e: PyBaseException): string {
  return e.message;
}

/**
 * Where an exception was raised: the innermost frame of the traceback the scenario interpreter
 * attaches to it (`pyTraceback`, outermost first), or 0 when nobody recorded one.
 */
export function raisedAtLine(e: unknown): number {
  const traceback = (e as { pyTraceback?: readonly { line: number }[] } | null)?.pyTraceback;
  return traceback === undefined || traceback.length === 0 ? 0 : ((traceback[traceback.length - 1] as { line: number }).line ?? 0);
}

/** `Type: message`, as tracebacks' last line and the transcript's END line show it. */
export function describeException(e: PyBaseException): string {
  return `${e.pyName}: ${e.message}`;
}
