/**
 * Python's builtin exception classes for scenarios.
 *
 * Every exception a scenario sees is a JS object of the scheduler's PyBaseException hierarchy, so
 * that the scheduler and the interpreter agree on what is raised: `asyncio.CancelledError` IS the
 * scheduler's CancelledError, a task's exception is whatever the coroutine threw. The classes the
 * scheduler does not define (KeyError, IndexError...) are defined here as JS subclasses, and a user
 * `class MyError(ValueError)` gets its own JS subclass too (a class expression, no eval).
 *
 * The Python view of each class is a PyClass whose `jsClass` makes its instances; isinstance and
 * `except` use the PyClass MRO, which also carries the bases JS single inheritance cannot express
 * (ExceptionGroup is an Exception, TimeoutError an OSError).
 */
import {
  BaseExceptionGroup,
  CancelledError,
  ExceptionGroup,
  InvalidStateError,
  PyBaseException,
  PyException,
  KeyboardInterrupt,
  QueueEmpty,
  QueueFull,
  BrokenBarrierError,
  RuntimeError as PyRuntimeError,
  SystemExit,
  TimeoutError as PyTimeoutError,
  TypeError as PyTypeError,
  ValueError as PyValueError,
} from '../../asyncio/exceptions.ts';
import { OBJECT, PyClass, makeClass, registerHostType } from './values.ts';
import type * as A from '../ast.ts';
import type { Frame } from './frame.ts';

export { PyBaseException, PyException, CancelledError, PyRuntimeError, PyTypeError, PyValueError, PyTimeoutError };

/** One entry of a Python traceback: the frame's function and line. */
export interface TracebackEntry {
  name: string;
  line: number;
  /**
   * The expression (or statement) that was running in the frame, as CPython's instruction
   * positions give it: where 3.11's carets go. Absent: the statement at `line`.
   */
  at?: A.NodeBase;
}

/** What the interpreter attaches to exception objects. */
export interface ExcExtras {
  /** Attributes set by scenario code (`self.code = 3`). */
  $d?: Map<string, unknown>;
  /** Frames the exception passed through, outermost first. */
  pyTraceback?: TracebackEntry[];
  /** The serial of the task whose frame raised it (its innermost traceback entry), -1 outside any task. */
  pyTask?: number;
  /** The message has been computed the Python way (str(e)). */
  $strDone?: boolean;
  /** add_note() */
  $notes?: string[];
  /** The frame and line of the handler that caught it (for logging.exception's traceback). */
  $caught?: TracebackEntry;
  /** The innermost operation of `frame` it came out of, until the frame's traceback entry takes it. */
  $pos?: { frame: Frame; at: A.NodeBase };
}

export type PyExc = PyBaseException & ExcExtras;

/**
 * The exception `e` came out of the operation `at` (a call, a subscript, an await...) of frame
 * `f`: where its traceback entry for that frame will put the carets. The innermost operation
 * notes it first and keeps it. Returns `e`, for `throw notePosition(...)`.
 */
export function notePosition<E>(e: E, f: Frame, at: A.NodeBase): E {
  if (e instanceof PyBaseException) {
    const x = e as PyExc;
    if (x.$pos === undefined || x.$pos.frame !== f) x.$pos = { frame: f, at };
  }
  return e;
}

type ExcCtor = new (...args: any[]) => PyBaseException;

function sub(base: ExcCtor, name: string): ExcCtor {
  const cls = class extends base {};
  Object.defineProperty(cls, 'pyName', { value: name, writable: true, configurable: true });
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

// JS classes for the exceptions the scheduler does not define.
export const PyGeneratorExit = sub(PyBaseException, 'GeneratorExit');
// The scheduler's own: asyncio lets them out of the loop (leavesTheLoop).
export const PyKeyboardInterrupt: ExcCtor = KeyboardInterrupt;
export const PySystemExit: ExcCtor = SystemExit;
export const PyArithmeticError = sub(PyException, 'ArithmeticError');
export const PyOverflowError = sub(PyArithmeticError, 'OverflowError');
export const PyZeroDivisionError = sub(PyArithmeticError, 'ZeroDivisionError');
export const PyFloatingPointError = sub(PyArithmeticError, 'FloatingPointError');
export const PyAssertionError = sub(PyException, 'AssertionError');
export const PyAttributeError = sub(PyException, 'AttributeError');
export const PyBufferError = sub(PyException, 'BufferError');
export const PyEOFError = sub(PyException, 'EOFError');
export const PyImportError = sub(PyException, 'ImportError');
export const PyModuleNotFoundError = sub(PyImportError, 'ModuleNotFoundError');
export const PyLookupError = sub(PyException, 'LookupError');
export const PyIndexError = sub(PyLookupError, 'IndexError');
export const PyKeyError = sub(PyLookupError, 'KeyError');
export const PyMemoryError = sub(PyException, 'MemoryError');
export const PyNameError = sub(PyException, 'NameError');
export const PyUnboundLocalError = sub(PyNameError, 'UnboundLocalError');
export const PyOSError = sub(PyException, 'OSError');
export const PyConnectionError = sub(PyOSError, 'ConnectionError');
export const PyBrokenPipeError = sub(PyConnectionError, 'BrokenPipeError');
export const PyConnectionAbortedError = sub(PyConnectionError, 'ConnectionAbortedError');
export const PyConnectionRefusedError = sub(PyConnectionError, 'ConnectionRefusedError');
export const PyConnectionResetError = sub(PyConnectionError, 'ConnectionResetError');
export const PyFileExistsError = sub(PyOSError, 'FileExistsError');
export const PyFileNotFoundError = sub(PyOSError, 'FileNotFoundError');
export const PyPermissionError = sub(PyOSError, 'PermissionError');
export const PyReferenceError = sub(PyException, 'ReferenceError');
export const PyNotImplementedError = sub(PyRuntimeError, 'NotImplementedError');
export const PyRecursionError = sub(PyRuntimeError, 'RecursionError');
export const PyStopAsyncIteration = sub(PyException, 'StopAsyncIteration');
export const PyStopIteration = sub(PyException, 'StopIteration');
export const PySyntaxError = sub(PyException, 'SyntaxError');
export const PySystemError = sub(PyException, 'SystemError');
export const PyUnicodeError = sub(PyValueError, 'UnicodeError');
export const PyUnicodeDecodeError = sub(PyUnicodeError, 'UnicodeDecodeError');
export const PyUnicodeEncodeError = sub(PyUnicodeError, 'UnicodeEncodeError');
export const PyWarning = sub(PyException, 'Warning');
export const PyUserWarning = sub(PyWarning, 'UserWarning');
export const PyDeprecationWarning = sub(PyWarning, 'DeprecationWarning');
export const PyRuntimeWarning = sub(PyWarning, 'RuntimeWarning');
export const PyClientError = sub(PyException, 'ClientError');

/** The Python classes, by name, as the builtins module exposes them. */
export const EXCEPTION_CLASSES = new Map<string, PyClass>();
const byJs = new Map<Function, PyClass>();

function define(name: string, js: ExcCtor, base: PyClass | null, exposed = true): PyClass {
  const cls = makeClass(name, base ?? OBJECT);
  cls.jsClass = js as unknown as PyClass['jsClass'];
  registerHostType(js, cls);
  byJs.set(js, cls);
  if (exposed) EXCEPTION_CLASSES.set(name, cls);
  return cls;
}

export const BASE_EXCEPTION = define('BaseException', PyBaseException, null);
export const EXCEPTION = define('Exception', PyException, BASE_EXCEPTION);
export const GENERATOR_EXIT = define('GeneratorExit', PyGeneratorExit, BASE_EXCEPTION);
export const KEYBOARD_INTERRUPT = define('KeyboardInterrupt', PyKeyboardInterrupt, BASE_EXCEPTION);
export const SYSTEM_EXIT = define('SystemExit', PySystemExit, BASE_EXCEPTION);
export const BASE_EXCEPTION_GROUP = define('BaseExceptionGroup', BaseExceptionGroup, BASE_EXCEPTION);
export const EXCEPTION_GROUP = define('ExceptionGroup', ExceptionGroup, BASE_EXCEPTION_GROUP);
// ExceptionGroup(BaseExceptionGroup, Exception)
EXCEPTION_GROUP.mro = [EXCEPTION_GROUP, BASE_EXCEPTION_GROUP, EXCEPTION, BASE_EXCEPTION, OBJECT];
export const ARITHMETIC_ERROR = define('ArithmeticError', PyArithmeticError, EXCEPTION);
export const OVERFLOW_ERROR = define('OverflowError', PyOverflowError, ARITHMETIC_ERROR);
export const ZERO_DIVISION_ERROR = define('ZeroDivisionError', PyZeroDivisionError, ARITHMETIC_ERROR);
export const FLOATING_POINT_ERROR = define('FloatingPointError', PyFloatingPointError, ARITHMETIC_ERROR);
export const ASSERTION_ERROR = define('AssertionError', PyAssertionError, EXCEPTION);
export const ATTRIBUTE_ERROR = define('AttributeError', PyAttributeError, EXCEPTION);
export const BUFFER_ERROR = define('BufferError', PyBufferError, EXCEPTION);
export const EOF_ERROR = define('EOFError', PyEOFError, EXCEPTION);
export const IMPORT_ERROR = define('ImportError', PyImportError, EXCEPTION);
export const MODULE_NOT_FOUND_ERROR = define('ModuleNotFoundError', PyModuleNotFoundError, IMPORT_ERROR);
export const LOOKUP_ERROR = define('LookupError', PyLookupError, EXCEPTION);
export const INDEX_ERROR = define('IndexError', PyIndexError, LOOKUP_ERROR);
export const KEY_ERROR = define('KeyError', PyKeyError, LOOKUP_ERROR);
export const MEMORY_ERROR = define('MemoryError', PyMemoryError, EXCEPTION);
export const NAME_ERROR = define('NameError', PyNameError, EXCEPTION);
export const UNBOUND_LOCAL_ERROR = define('UnboundLocalError', PyUnboundLocalError, NAME_ERROR);
export const OS_ERROR = define('OSError', PyOSError, EXCEPTION);
export const CONNECTION_ERROR = define('ConnectionError', PyConnectionError, OS_ERROR);
define('BrokenPipeError', PyBrokenPipeError, CONNECTION_ERROR);
define('ConnectionAbortedError', PyConnectionAbortedError, CONNECTION_ERROR);
define('ConnectionRefusedError', PyConnectionRefusedError, CONNECTION_ERROR);
define('ConnectionResetError', PyConnectionResetError, CONNECTION_ERROR);
define('FileExistsError', PyFileExistsError, OS_ERROR);
define('FileNotFoundError', PyFileNotFoundError, OS_ERROR);
define('PermissionError', PyPermissionError, OS_ERROR);
export const TIMEOUT_ERROR = define('TimeoutError', PyTimeoutError, OS_ERROR);
export const REFERENCE_ERROR = define('ReferenceError', PyReferenceError, EXCEPTION);
export const RUNTIME_ERROR = define('RuntimeError', PyRuntimeError, EXCEPTION);
export const NOT_IMPLEMENTED_ERROR = define('NotImplementedError', PyNotImplementedError, RUNTIME_ERROR);
export const RECURSION_ERROR = define('RecursionError', PyRecursionError, RUNTIME_ERROR);
export const STOP_ASYNC_ITERATION = define('StopAsyncIteration', PyStopAsyncIteration, EXCEPTION);
export const STOP_ITERATION = define('StopIteration', PyStopIteration, EXCEPTION);
export const SYNTAX_ERROR = define('SyntaxError', PySyntaxError, EXCEPTION);
export const SYSTEM_ERROR = define('SystemError', PySystemError, EXCEPTION);
export const TYPE_ERROR = define('TypeError', PyTypeError, EXCEPTION);
export const VALUE_ERROR = define('ValueError', PyValueError, EXCEPTION);
export const UNICODE_ERROR = define('UnicodeError', PyUnicodeError, VALUE_ERROR);
define('UnicodeDecodeError', PyUnicodeDecodeError, UNICODE_ERROR);
define('UnicodeEncodeError', PyUnicodeEncodeError, UNICODE_ERROR);
export const WARNING = define('Warning', PyWarning, EXCEPTION);
define('UserWarning', PyUserWarning, WARNING);
define('DeprecationWarning', PyDeprecationWarning, WARNING);
define('RuntimeWarning', PyRuntimeWarning, WARNING);
// asyncio's own (not builtins)
export const CANCELLED_ERROR = define('CancelledError', CancelledError, BASE_EXCEPTION, false);
export const INVALID_STATE_ERROR = define('InvalidStateError', InvalidStateError, EXCEPTION, false);
export const QUEUE_EMPTY = define('QueueEmpty', QueueEmpty, EXCEPTION, false);
export const QUEUE_FULL = define('QueueFull', QueueFull, EXCEPTION, false);
export const BROKEN_BARRIER_ERROR = define('BrokenBarrierError', BrokenBarrierError, RUNTIME_ERROR, false);
export const CLIENT_ERROR = define('ClientError', PyClientError, EXCEPTION, false);
for (const cls of [CANCELLED_ERROR, INVALID_STATE_ERROR, QUEUE_EMPTY, QUEUE_FULL, BROKEN_BARRIER_ERROR]) cls.module = 'asyncio.exceptions';
CLIENT_ERROR.module = 'aiohttp';

export function isExceptionClass(cls: PyClass): boolean {
  return cls.jsClass !== null && cls.isSubclassOf(BASE_EXCEPTION);
}

/** The Python class of an exception object. */
export function excClassOf(e: PyBaseException): PyClass {
  let proto: object | null = Object.getPrototypeOf(e) as object | null;
  while (proto !== null) {
    const cls = byJs.get((proto as { constructor: Function }).constructor);
    if (cls !== undefined) return cls;
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return BASE_EXCEPTION;
}

/** A user subclass of an exception class: a fresh JS subclass of the base's JS class. */
export function makeUserExceptionClass(name: string, base: PyClass): PyClass {
  const baseJs = base.jsClass as unknown as ExcCtor;
  const js = sub(baseJs, name);
  const cls = makeClass(name, base, true);
  cls.jsClass = js as unknown as PyClass['jsClass'];
  registerHostType(js, cls);
  byJs.set(js, cls);
  // Keep the Python MRO of special bases (ExceptionGroup, TimeoutError).
  cls.mro = [cls, ...base.mro];
  return cls;
}

/** Raise helpers: `throw typeError('...')`. */
export const typeError = (msg: string): PyExc => new PyTypeError(msg);
export const valueError = (msg: string): PyExc => new PyValueError(msg);
export const runtimeError = (msg: string): PyExc => new PyRuntimeError(msg);
export const indexError = (msg: string): PyExc => new PyIndexError(msg);
export const attributeError = (msg: string): PyExc => new PyAttributeError(msg);
export const nameError = (msg: string): PyExc => new PyNameError(msg);
export const zeroDivision = (msg: string): PyExc => new PyZeroDivisionError(msg);
export const overflowError = (msg: string): PyExc => new PyOverflowError(msg);
export const notImplemented = (msg: string): PyExc => new PyNotImplementedError(msg);

/** A KeyError for a missing key: str(e) is repr(key); its message is fixed up by the caller. */
export function keyError(key: unknown, keyRepr: string): PyExc {
  const e: PyExc = new PyKeyError(key);
  e.message = keyRepr;
  e.$strDone = true;
  return e;
}

export { BaseExceptionGroup, ExceptionGroup, InvalidStateError, QueueEmpty, QueueFull };
