/**
 * Exception objects as Python sees them: construction from a class and arguments, str() and
 * repr(), attributes (args, __cause__, __context__, exceptions...), and the methods of
 * BaseException and BaseExceptionGroup (with_traceback, add_note, split, subgroup, derive).
 */
import { OS_ERROR, SYSTEM_EXIT } from './exceptions.ts';
import { isIntLike } from './values.ts';
import {
  BaseExceptionGroup,
  ExceptionGroup,
  PyBaseException,
  BASE_EXCEPTION,
  BASE_EXCEPTION_GROUP,
  EXCEPTION,
  KEY_ERROR,
  excClassOf,
  isExceptionClass,
  typeError,
  valueError,
  type PyExc,
} from './exceptions.ts';
import { PyClass, PyList, PyMethodDescr, PyTuple, typeName } from './values.ts';
import { PyFunction } from './frame.ts';
import { call, callDunder } from './calls.ts';
import { pyRepr, pyStr } from './repr.ts';
import { asArray } from './iter.ts';
import { isException } from '../../asyncio/exceptions.ts';

/** Make an exception object of class `cls` (BaseException.__new__: args are stored as given). */
export function newException(cls: PyClass, args: unknown[]): PyExc {
  const Js = cls.jsClass as unknown as new (...a: unknown[]) => PyExc;
  if (cls.isSubclassOf(BASE_EXCEPTION_GROUP)) return newExceptionGroup(cls, args);
  const e = new Js(...args);
  e.message = '';
  refreshMessage(e);
  return e;
}

function newExceptionGroup(cls: PyClass, args: unknown[]): PyExc {
  if (args.length !== 2) throw typeError(`BaseExceptionGroup.__new__() takes exactly 2 arguments (${args.length} given)`);
  const [message, seq] = args;
  if (typeof message !== 'string') throw typeError(`argument 1 must be str, not ${typeName(message)}`);
  if (!(seq instanceof PyList || seq instanceof PyTuple)) throw typeError('second argument (exceptions) must be a sequence');
  const excs = asArray(seq);
  if (excs.length === 0) throw valueError('second argument (exceptions) must be a non-empty sequence');
  for (let i = 0; i < excs.length; i++) {
    if (!(excs[i] instanceof PyBaseException)) throw valueError(`Item ${i} of second argument (exceptions) is not an exception`);
  }
  const members = excs as PyBaseException[];
  const allExceptions = members.every(isException);
  let Js = cls.jsClass as unknown as new (m: string, e: readonly PyBaseException[]) => PyExc;
  if (cls === BASE_EXCEPTION_GROUP && allExceptions) Js = ExceptionGroup as unknown as typeof Js;
  else if (cls.isSubclassOf(EXCEPTION) && !allExceptions) throw typeError('Cannot nest BaseExceptions in an ExceptionGroup');
  return new Js(message, members);
}

/** str(e) */
export function excStr(e: PyExc): string {
  const cls = excClassOf(e);
  if (cls.isUser) {
    const m = cls.lookup('__str__');
    if (m instanceof PyFunction) {
      const s = callDunder(e, '__str__', []);
      if (typeof s !== 'string') throw typeError(`__str__ returned non-string (type ${typeName(s)})`);
      return s;
    }
  }
  return baseExcStr(e);
}

/** BaseException.__str__: from the arguments, whatever __str__ a subclass defines (super().__str__()). */
function baseExcStr(e: PyExc): string {
  const cls = excClassOf(e);
  if (e instanceof BaseExceptionGroup) {
    const n = e.exceptions.length;
    return `${e.groupMessage} (${n} sub-exception${n === 1 ? '' : 's'})`;
  }
  const args = e.args;
  if (args.length === 0) return '';
  if (args.length === 1) return cls.isSubclassOf(KEY_ERROR) ? pyRepr(args[0]) : pyStr(args[0]);
  // OSError(errno, strerror[, filename]): "[Errno 111] Connect call failed".
  if (cls.isSubclassOf(OS_ERROR) && args.length <= 5 && isIntLike(args[0])) {
    const base = `[Errno ${pyStr(args[0])}] ${pyStr(args[1])}`;
    return args.length >= 3 && args[2] !== null ? `${base}: ${pyRepr(args[2])}` : base;
  }
  return pyRepr(new PyTuple(args.slice()));
}

/** OSError's errno, strerror and filename (None unless built with errno and strerror). */
function osErrorAttr(e: PyExc, name: string): unknown {
  const a = e.args;
  const full = a.length >= 2 && a.length <= 5;
  if (name === 'errno') return full ? a[0] : null;
  if (name === 'strerror') return full ? a[1] : null;
  return full && a.length >= 3 ? a[2] : null;
}

/** Recompute e.message (what the trace and END line show) from str(e). */
export function refreshMessage(e: PyExc): void {
  try {
    e.message = excStr(e);
  } catch {
    // A broken __str__: keep what we had, as traceback.print_exception would show <exception str() failed>.
  }
}

/** repr(e) */
export function excRepr(e: PyExc): string {
  const cls = excClassOf(e);
  if (cls.isUser && cls.lookup('__repr__') instanceof PyFunction) {
    const s = callDunder(e, '__repr__', []);
    if (typeof s !== 'string') throw typeError(`__repr__ returned non-string (type ${typeName(s)})`);
    return s;
  }
  return baseExcRepr(e);
}

/** BaseException.__repr__: the class's name and the arguments, whatever __repr__ a subclass defines. */
function baseExcRepr(e: PyExc): string {
  const cls = excClassOf(e);
  if (e instanceof BaseExceptionGroup) {
    // The second argument as it was given: a list, or a tuple for the group except* wraps around
    // a naked exception.
    const seq = (e as { $tupleArgs?: boolean }).$tupleArgs === true ? new PyTuple(e.exceptions.slice()) : new PyList(e.exceptions.slice());
    return `${cls.name}(${pyRepr(e.groupMessage)}, ${pyRepr(seq)})`;
  }
  const args = e.args;
  return `${cls.name}(${args.map((a) => pyRepr(a)).join(', ')})`;
}

/** Attributes every exception has; undefined if `name` is not one of them. */
export function excAttr(e: PyExc, name: string): unknown {
  switch (name) {
    case 'args':
      return new PyTuple(e.args.slice());
    case '__cause__':
      return e.pyCause;
    case '__context__':
      return e.pyContext;
    case '__suppress_context__':
      return e.suppressContext;
    case '__traceback__':
      return null;
    case '__notes__':
      return e.$notes === undefined ? undefined : new PyList(e.$notes.slice());
    case '__class__':
      return excClassOf(e);
    case 'exceptions':
      return e instanceof BaseExceptionGroup ? new PyTuple(e.exceptions.slice()) : undefined;
    case 'message':
      return e instanceof BaseExceptionGroup ? e.groupMessage : undefined;
    case 'value':
      return excClassOf(e).name === 'StopIteration' ? (e.args.length > 0 ? e.args[0] : null) : undefined;
    case 'code':
      // SystemExit's exit status: its one argument, None for none, the tuple for several.
      if (!excClassOf(e).isSubclassOf(SYSTEM_EXIT)) return undefined;
      return e.args.length === 0 ? null : e.args.length === 1 ? e.args[0] : new PyTuple(e.args.slice());
    case 'errno':
    case 'strerror':
    case 'filename':
      return excClassOf(e).isSubclassOf(OS_ERROR) ? osErrorAttr(e, name) : undefined;
    default:
      return undefined;
  }
}

export function setExcAttr(e: PyExc, name: string, value: unknown): void {
  switch (name) {
    case 'args':
      (e as { args: readonly unknown[] }).args = [...asArray(value)];
      refreshMessage(e);
      return;
    case '__cause__':
      if (value !== null && !(value instanceof PyBaseException)) throw typeError('exception cause must be None or derive from BaseException');
      e.pyCause = value as PyBaseException | null;
      e.suppressContext = true;
      return;
    case '__context__':
      if (value !== null && !(value instanceof PyBaseException)) throw typeError('exception context must be None or derive from BaseException');
      e.pyContext = value as PyBaseException | null;
      return;
    case '__suppress_context__':
      e.suppressContext = value === true;
      return;
    case '__traceback__':
      return;
  }
  (e.$d ??= new Map()).set(name, value);
  if (excClassOf(e).isUser) refreshMessage(e);
}

// ---------------------------------------------------------------------------------------------
// except* support: splitting exception groups

/** Does `e` match an except clause's class (or tuple of classes)? */
export function excMatches(e: PyBaseException, matcher: unknown): boolean {
  const cls = excClassOf(e);
  if (matcher instanceof PyClass) {
    checkCatchable(matcher);
    return cls.isSubclassOf(matcher);
  }
  if (matcher instanceof PyTuple) {
    for (const m of matcher.a) {
      if (!(m instanceof PyClass)) checkCatchable(m);
      if (cls.isSubclassOf(m as PyClass)) return true;
    }
    return false;
  }
  return checkCatchable(matcher);
}

function checkCatchable(m: unknown): boolean {
  if (m instanceof PyClass && isExceptionClass(m)) return false;
  if (m instanceof PyTuple) {
    for (const x of m.a) checkCatchable(x);
    return false;
  }
  throw typeError('catching classes that do not inherit from BaseException is not allowed');
}

/** BaseExceptionGroup.derive(excs): a group of the same kind and message. */
export function deriveGroup(g: BaseExceptionGroup, excs: PyBaseException[]): BaseExceptionGroup {
  const all = excs.every(isException);
  const out = all ? new ExceptionGroup(g.groupMessage, excs) : new BaseExceptionGroup(g.groupMessage, excs);
  out.pyCause = g.pyCause;
  out.pyContext = g.pyContext;
  out.suppressContext = g.suppressContext;
  const notes = (g as PyExc).$notes;
  if (notes !== undefined) (out as PyExc).$notes = notes.slice();
  return out;
}

/** eg.split(pred): [match, rest], each a group or null, keeping the nesting. */
export function splitGroup(e: PyBaseException, pred: (x: PyBaseException) => boolean): [PyBaseException | null, PyBaseException | null] {
  if (pred(e)) return [e, null];
  if (!(e instanceof BaseExceptionGroup)) return [null, e];
  const match: PyBaseException[] = [];
  const rest: PyBaseException[] = [];
  for (const x of e.exceptions) {
    const [m, r] = splitGroup(x, pred);
    if (m !== null) match.push(m);
    if (r !== null) rest.push(r);
  }
  return [match.length > 0 ? deriveGroup(e, match) : null, rest.length > 0 ? deriveGroup(e, rest) : null];
}

function matcherPredicate(matcher: unknown): (x: PyBaseException) => boolean {
  if (matcher instanceof PyClass || matcher instanceof PyTuple) {
    return (x) => excMatches(x, matcher);
  }
  return (x) => {
    const r = call(matcher, [x], null);
    return r === true || (r !== false && r !== null && r !== 0);
  };
}

// ---------------------------------------------------------------------------------------------
// Methods

function argsOf(self: PyExc, args: unknown[]): void {
  (self as { args: readonly unknown[] }).args = args.slice();
  refreshMessage(self);
}

export function installExceptionMethods(): void {
  const d = BASE_EXCEPTION.dict;
  d.set(
    '__init__',
    new PyMethodDescr('__init__', (self: PyExc, args) => {
      if (self instanceof BaseExceptionGroup) return null;
      argsOf(self, args);
      return null;
    }),
  );
  d.set('__str__', new PyMethodDescr('__str__', (self: PyExc) => baseExcStr(self)));
  d.set('__repr__', new PyMethodDescr('__repr__', (self: PyExc) => baseExcRepr(self)));
  d.set('with_traceback', new PyMethodDescr('with_traceback', (self: PyExc) => self));
  d.set(
    'add_note',
    new PyMethodDescr('add_note', (self: PyExc, args) => {
      const note = args[0];
      if (typeof note !== 'string') throw typeError(`note must be a str, not '${typeName(note)}'`);
      (self.$notes ??= []).push(note);
      return null;
    }),
  );
  const g = BASE_EXCEPTION_GROUP.dict;
  g.set(
    'split',
    new PyMethodDescr('split', (self: BaseExceptionGroup, args) => {
      const [m, r] = splitGroup(self, matcherPredicate(args[0]));
      return new PyTuple([m, r]);
    }),
  );
  g.set(
    'subgroup',
    new PyMethodDescr('subgroup', (self: BaseExceptionGroup, args) => splitGroup(self, matcherPredicate(args[0]))[0]),
  );
  g.set(
    'derive',
    new PyMethodDescr('derive', (self: BaseExceptionGroup, args) => {
      const excs = asArray(args[0]).filter((x): x is PyBaseException => x instanceof PyBaseException);
      return deriveGroup(self, excs);
    }),
  );
}
