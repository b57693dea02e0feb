/**
 * Expressions → closures. `expr()` compiles an expression without `await` into a plain function
 * of the frame; `gexpr()` compiles one containing `await` (or `yield`) into a generator function.
 * `ce()` picks. Most nodes have fast paths for the common types (int arithmetic, list indexing,
 * method calls on instances) and fall back to the generic operations of ops.ts.
 */
import type * as A from '../ast.ts';
import { forEachChild as forEachChildImpl } from '../ast.ts';
import {
  Cell,
  ELLIPSIS,
  MAX_SAFE,
  PyBoundMethod,
  PyBuiltin,
  PyClass,
  PyDict,
  PyFloat,
  PyInstance,
  PyList,
  PyModule,
  PySet,
  PySlice,
  PySuper,
  PyTuple,
  normBig,
  typeName,
  type Kw,
} from './values.ts';
import { Frame, PyFunction, type Code, type Ev, type Gen, type GenEv } from './frame.ts';
import {
  BINARY,
  add,
  contains,
  eq,
  ge,
  gt,
  invert,
  le,
  lt,
  mul,
  ne,
  neg,
  pos,
  sub,
  truthy,
} from './ops.ts';
import { call, callMethod, depth, getAttr, recursionError, setAttr as setAttrValue } from './calls.ts';
import { getItem, setItem as setItemValue } from './subscript.ts';
import { DONE } from './values.ts';
import { GenExpIter, pyIter, toArray } from './iter.ts';
import { dictSetRaw } from './keys.ts';
import { newSet, setAdd, setUpdate, setValues } from './pyset.ts';
import { formatValue } from './strformat.ts';
import { pyRepr, pyStr } from './repr.ts';
import { runtimeError, typeError, valueError, PyStopAsyncIteration, PyAttributeError, type PyExc } from './exceptions.ts';
import { tick } from './budget.ts';
import {
  AgenYield,
  CALL,
  PyAsyncGen,
  S0,
  SLEEP0,
  SLEEP_TIMER,
  asyncIterOf,
  awaitAny,
  makeLambdaExec,
  notePosition,
} from './exec.ts';
import { Scope, cellGetter, loadName, storeName, type Store } from './scope.ts';
import { yieldFrom } from './generators.ts';
import { PyBytes } from './pybytes.ts';
import { annotationText } from './annotation-text.ts';
import { isDataDescriptor } from './instance-attrs.ts';
import type { Runtime } from './runtime.ts';

export interface Ctx {
  rt: Runtime;
  scope: Scope;
}

/** Where a library module's calls write their line: not CALL, which must keep the scenario's. */
const LIBRARY_CALL: { line: number; frame: Frame | null } = { line: 0, frame: null };

/**
 * The object a call site records its line in (CALL, read by print, create_task...). Code of a
 * library module written in Python records nowhere, so that its calls made on the scenario's
 * behalf (a logging handler writing to stderr) are attributed to the scenario's line. Both
 * objects have the same shape, so the store stays monomorphic.
 */
function callSite(c: Ctx): { line: number; frame: Frame | null } {
  return c.scope.ns.library ? LIBRARY_CALL : CALL;
}

// ---------------------------------------------------------------------------------------------
// Where an exception came from, for 3.11's carets (traceback.ts)

/**
 * The position of a call's failure: a method call whose lookup failed (`obj.nope()`, an
 * AttributeError no frame has seen) is LOAD_METHOD's, the attribute `obj.nope`.
 */
function positionOf(e: A.Expression, err: unknown): A.NodeBase {
  if (e.kind === 'Call' && e.func.kind === 'Attribute' && err instanceof PyAttributeError) {
    const x = err as PyExc;
    if (x.pyTraceback === undefined || x.pyTraceback.length === 0) return e.func;
  }
  return e;
}

/**
 * An operation whose operands are already evaluated, noting `at` as the position of what it
 * raises. Only the operation is inside the try, not the operands (each notes its own), so no
 * JavaScript frame is added while they run: deep Python recursion keeps its stack.
 */
function opAt<A1, A2>(op: (a: A1, b: A2) => unknown, a: A1, b: A2, f: Frame, at: A.NodeBase | null): unknown {
  if (at === null) return op(a, b);
  try {
    return op(a, b);
  } catch (err) {
    throw notePosition(err, f, at);
  }
}

/** Where a compiled expression's own operation notes its failures: nowhere in library code. */
function positionIn(c: Ctx, e: A.NodeBase): A.NodeBase | null {
  return c.scope.ns.library ? null : e;
}

/** A compiled expression: exactly one of s (sync) and g (may suspend) is set. */
export interface CE {
  s: Ev | null;
  g: GenEv | null;
}

// ---------------------------------------------------------------------------------------------
// Does a node suspend? (await / yield / async for / async with / async comprehension)

const suspends = new WeakMap<object, boolean>();

export function hasAwait(node: A.Node | null): boolean {
  if (node === null) return false;
  const cached = suspends.get(node);
  if (cached !== undefined) return cached;
  let r = false;
  switch (node.kind) {
    case 'Await':
    case 'Yield':
    case 'YieldFrom':
    case 'AsyncFor':
    case 'AsyncWith':
      r = true;
      break;
    case 'FunctionDef':
    case 'AsyncFunctionDef':
      r = node.args.defaults.some(hasAwait) || node.args.kwDefaults.some((d) => d !== null && hasAwait(d));
      break;
    case 'Lambda':
      r = node.args.defaults.some(hasAwait) || node.args.kwDefaults.some((d) => d !== null && hasAwait(d));
      break;
    case 'ClassDef':
      r = node.bases.some(hasAwait);
      break;
    case 'ListComp':
    case 'SetComp':
    case 'DictComp':
      r = node.isAsync || hasAwait(node.generators[0]!.iter);
      break;
    case 'GeneratorExp':
      // Making a generator expression runs only its first iterable; an asynchronous one's awaits
      // suspend whoever iterates it.
      r = hasAwait(node.generators[0]!.iter);
      break;
    default: {
      forEachChildNode(node, (c) => {
        if (!r && hasAwait(c)) r = true;
      });
    }
  }
  suspends.set(node, r);
  return r;
}

function forEachChildNode(node: A.Node, visit: (c: A.Node) => void): void {
  // ast.ts exports forEachChild; imported lazily to keep this module's dependencies flat.
  forEachChildImpl(node, visit);
}


// ---------------------------------------------------------------------------------------------
// Helpers

const EMPTY: unknown[] = [];

export function ce(c: Ctx, e: A.Expression): CE {
  if (hasAwait(e)) return { s: null, g: gexpr(c, e) };
  return { s: expr(c, e), g: null };
}

/** Evaluate a compiled expression inside a generator. */
export function* evalCE(x: CE, f: Frame): Gen<unknown> {
  if (x.s !== null) return x.s(f);
  return yield* x.g!(f);
}

function constantValue(e: A.Constant): unknown {
  switch (e.type) {
    case 'int':
      return typeof e.value === 'bigint' ? normBig(e.value) : e.value;
    case 'float':
      return new PyFloat(e.value);
    case 'str':
      return e.value;
    case 'bytes':
      return PyBytes.fromLatin1(e.value);
    case 'bool':
      return e.value;
    case 'None':
      return null;
    case 'Ellipsis':
      return ELLIPSIS;
  }
}

// ---------------------------------------------------------------------------------------------
// Calls: argument lists

interface ArgSpec {
  /** Positional parts: a value, or a `*iterable` to spread. */
  pos: { star: boolean; e: A.Expression }[];
  /** Keyword parts: name = value, or `**mapping` (name null). */
  kw: { name: string | null; e: A.Expression }[];
}

function argSpec(node: A.Call): ArgSpec {
  return {
    pos: node.args.map((a) => (a.kind === 'Starred' ? { star: true, e: a.value } : { star: false, e: a })),
    kw: node.keywords.map((k) => ({ name: k.arg, e: k.value })),
  };
}

function spread(target: unknown[], v: unknown): void {
  if (v instanceof PyList || v instanceof PyTuple) {
    for (const x of v.a) target.push(x);
    return;
  }
  try {
    for (const x of toArray(v)) target.push(x);
  } catch (e) {
    if (e instanceof Error && /is not iterable/.test(e.message)) {
      throw typeError(`Value after * must be an iterable, not ${typeName(v)}`);
    }
    throw e;
  }
}

function mergeKw(kw: Map<string, unknown>, v: unknown, fname: () => string): void {
  if (v instanceof PyDict) {
    for (const e of v.m.values()) {
      if (typeof e.k !== 'string') throw typeError('keywords must be strings');
      if (kw.has(e.k)) throw typeError(`${fname()} got multiple values for keyword argument '${e.k}'`);
      kw.set(e.k, e.v);
    }
    return;
  }
  throw typeError(`${fname()} argument after ** must be a mapping, not ${typeName(v)}`);
}

/** _PyObject_FunctionStr: how call errors name the callee (`__main__.f()`, `print()`). */
function calleeName(fn: unknown): string {
  const f = fn instanceof PyBoundMethod ? fn.fn : fn;
  if (f instanceof PyFunction) return `__main__.${f.qualname}()`;
  if (f instanceof PyBuiltin) return `${f.name}()`;
  if (f instanceof PyClass) return f.module === 'builtins' ? `${f.qualname}()` : `${f.module}.${f.qualname}()`;
  return `${typeName(fn)} object`;
}

/** Positional argument builder (sync). Specialised for small arities without `*`. */
function posBuilder(c: Ctx, pos: ArgSpec['pos']): (f: Frame) => unknown[] {
  if (pos.some((p) => p.star)) {
    const parts = pos.map((p) => ({ star: p.star, ev: expr(c, p.e) }));
    return (f) => {
      const out: unknown[] = [];
      for (const p of parts) {
        const v = p.ev(f);
        if (p.star) spread(out, v);
        else out.push(v);
      }
      return out;
    };
  }
  const evs = pos.map((p) => expr(c, p.e));
  switch (evs.length) {
    case 0:
      return () => [];
    case 1: {
      const [a] = evs as [Ev];
      return (f) => [a(f)];
    }
    case 2: {
      const [a, b] = evs as [Ev, Ev];
      return (f) => {
        const x = a(f);
        return [x, b(f)];
      };
    }
    case 3: {
      const [a, b, d] = evs as [Ev, Ev, Ev];
      return (f) => {
        const x = a(f);
        const y = b(f);
        return [x, y, d(f)];
      };
    }
    default:
      return (f) => {
        const out = new Array<unknown>(evs.length);
        for (let i = 0; i < evs.length; i++) out[i] = evs[i]!(f);
        return out;
      };
  }
}

function kwBuilder(c: Ctx, kws: ArgSpec['kw']): ((f: Frame, fn: () => string) => Kw) | null {
  if (kws.length === 0) return null;
  const parts = kws.map((k) => ({ name: k.name, ev: expr(c, k.e) }));
  return (f, fname) => {
    const kw = new Map<string, unknown>();
    for (const p of parts) {
      const v = p.ev(f);
      if (p.name === null) mergeKw(kw, v, fname);
      else {
        if (kw.has(p.name)) throw typeError(`${fname()} got multiple values for keyword argument '${p.name}'`);
        kw.set(p.name, v);
      }
    }
    return kw;
  };
}

/** The value of `super()` in a method: the defining class and the first argument. */
function superValue(f: Frame): PySuper {
  const fn = f.fn;
  if (fn === null || fn.defClass === null) throw runtimeError('super(): __class__ cell not found');
  if (fn.code.argNames.length === 0 && fn.code.varargSlot < 0) throw runtimeError('super(): no arguments');
  let self = f.l[0];
  if (self instanceof Cell) self = self.v;
  if (self === undefined) throw runtimeError('super(): arg[0] deleted');
  return new PySuper(fn.defClass, self);
}

function isSuperCall(node: A.Call): boolean {
  return node.func.kind === 'Name' && node.func.id === 'super' && node.args.length === 0 && node.keywords.length === 0;
}

function compileCall(c: Ctx, node: A.Call): Ev {
  const line = node.line;
  const site = callSite(c);
  const rt = c.rt;
  if (isSuperCall(node)) {
    const superEv = expr(c, node.func);
    return (f) => {
      const fn = superEv(f);
      if (fn === rt.superFn) return superValue(f);
      site.line = line;
      site.frame = f;
      try {
        return call(fn, [], null);
      } catch (err) {
        throw notePosition(err, f, node);
      }
    };
  }
  const spec = argSpec(node);
  const args = posBuilder(c, spec.pos);
  const kwb = kwBuilder(c, spec.kw);
  if (node.func.kind === 'Attribute') {
    const objEv = expr(c, node.func.value);
    const name = node.func.attr;
    if (kwb === null) {
      return (f) => {
        const o = objEv(f);
        const a = args(f);
        site.line = line;
        site.frame = f;
        try {
          return callMethod(o, name, a, null);
        } catch (err) {
          throw notePosition(err, f, positionOf(node, err));
        }
      };
    }
    return (f) => {
      const o = objEv(f);
      const a = args(f);
      const kw = kwb(f, () => calleeName(getAttr(o, name)));
      site.line = line;
      site.frame = f;
      try {
        return callMethod(o, name, a, kw);
      } catch (err) {
        throw notePosition(err, f, positionOf(node, err));
      }
    };
  }
  const fnEv = expr(c, node.func);
  if (kwb === null) {
    return (f) => {
      const fn = fnEv(f);
      const a = args(f);
      site.line = line;
      site.frame = f;
      try {
        return call(fn, a, null);
      } catch (err) {
        throw notePosition(err, f, node);
      }
    };
  }
  return (f) => {
    const fn = fnEv(f);
    const a = args(f);
    const kw = kwb(f, () => calleeName(fn));
    site.line = line;
    site.frame = f;
    try {
      return call(fn, a, kw);
    } catch (err) {
      throw notePosition(err, f, node);
    }
  };
}

/** asyncio.sleep(delay, result) when delay <= 0: the bare yield, without a coroutine object. */
function sleepZero(args: unknown[], kw: Kw): boolean {
  let delay: unknown = args.length > 0 ? args[0] : kw?.get('delay');
  const result = args.length > 1 ? args[1] : (kw?.get('result') ?? null);
  if (args.length > 2 || delay === undefined) return false;
  if (kw !== null) for (const k of kw.keys()) if (k !== 'delay' && k !== 'result') return false;
  if (delay instanceof PyFloat) delay = delay.v;
  else if (typeof delay === 'boolean') delay = delay ? 1 : 0;
  if (typeof delay !== 'number' || !(delay <= 0)) return false;
  S0.result = result;
  return true;
}

/**
 * The operand of a statement-level `await <call>`: evaluated like a call, except that
 * `asyncio.sleep(d)` returns the SLEEP0 or SLEEP_TIMER marker (the runners then sleep inline).
 */
export function awaitCallPrep(c: Ctx, node: A.Call): Ev {
  if (isSuperCall(node)) return compileCall(c, node);
  const line = node.line;
  const site = callSite(c);
  const rt = c.rt;
  const spec = argSpec(node);
  const args = posBuilder(c, spec.pos);
  const kwb = kwBuilder(c, spec.kw);
  // `await asyncio.sleep(d)` / `await asyncio.sleep(d, r)`: decide without building an argument list.
  const simpleSleep = node.func.kind === 'Attribute' && spec.kw.length === 0 && !spec.pos.some((p) => p.star) && (spec.pos.length === 1 || spec.pos.length === 2);
  if (simpleSleep && node.func.kind === 'Attribute') {
    const objEv = expr(c, node.func.value);
    const name = node.func.attr;
    const d0 = expr(c, spec.pos[0]!.e);
    const r0 = spec.pos.length === 2 ? expr(c, spec.pos[1]!.e) : null;
    return (f) => {
      const o = objEv(f);
      if (o instanceof PyModule) {
        let fn = o.attrs.get(name);
        if (fn === undefined) fn = getAttr(o, name);
        const d = d0(f);
        const r = r0 === null ? null : r0(f);
        if (fn === rt.sleepFn) {
          const delay = typeof d === 'number' ? d : d instanceof PyFloat ? d.v : d === false ? 0 : undefined;
          if (delay !== undefined) {
            S0.result = r;
            if (delay <= 0) return SLEEP0;
            S0.delay = delay;
            return SLEEP_TIMER;
          }
        }
        site.line = line;
        site.frame = f;
        try {
          return call(fn, r0 === null ? [d] : [d, r], null);
        } catch (err) {
          throw notePosition(err, f, node);
        }
      }
      const a = args(f);
      site.line = line;
      site.frame = f;
      try {
        return callMethod(o, name, a, null);
      } catch (err) {
        throw notePosition(err, f, positionOf(node, err));
      }
    };
  }
  if (node.func.kind === 'Attribute') {
    const objEv = expr(c, node.func.value);
    const name = node.func.attr;
    return (f) => {
      const o = objEv(f);
      if (o instanceof PyModule) {
        let fn = o.attrs.get(name);
        if (fn === undefined) fn = getAttr(o, name);
        const a = args(f);
        const kw = kwb === null ? null : kwb(f, () => `${name}()`);
        site.line = line;
        site.frame = f;
        if (fn === rt.sleepFn && sleepZero(a, kw)) return SLEEP0;
        try {
          return call(fn, a, kw);
        } catch (err) {
          throw notePosition(err, f, node);
        }
      }
      const a = args(f);
      const kw = kwb === null ? null : kwb(f, () => `${name}()`);
      site.line = line;
      site.frame = f;
      try {
        return callMethod(o, name, a, kw);
      } catch (err) {
        throw notePosition(err, f, positionOf(node, err));
      }
    };
  }
  const fnEv = expr(c, node.func);
  return (f) => {
    const fn = fnEv(f);
    const a = args(f);
    const kw = kwb === null ? null : kwb(f, () => calleeName(fn));
    site.line = line;
    site.frame = f;
    if (fn === rt.sleepFn && sleepZero(a, kw)) return SLEEP0;
    try {
      return call(fn, a, kw);
    } catch (err) {
      throw notePosition(err, f, node);
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Synchronous expressions

const CMP: Readonly<Record<A.CmpOperator, (a: unknown, b: unknown) => unknown>> = {
  Eq: eq,
  NotEq: ne,
  Lt: lt,
  LtE: le,
  Gt: gt,
  GtE: ge,
  Is: (a, b) => a === b,
  IsNot: (a, b) => a !== b,
  In: (a, b) => contains(b, a),
  NotIn: (a, b) => !contains(b, a),
};

/** A parameter's, a return's or a name's annotation: its value, or its text under `from __future__ import annotations`. */
export function annotationEv(c: Ctx, e: A.Expression): Ev {
  if (!c.scope.stringAnnotations) return expr(c, e);
  const text = annotationText(e);
  return () => text;
}

export function expr(c: Ctx, e: A.Expression): Ev {
  switch (e.kind) {
    case 'Constant': {
      const v = constantValue(e);
      return () => v;
    }
    case 'Name':
      return loadName(c.rt, c.scope, e.id, c.scope.ns.library ? null : e);
    case 'BinOp':
      return compileBinOp(c, e);
    case 'UnaryOp': {
      const v = expr(c, e.operand);
      const at = positionIn(c, e);
      switch (e.op) {
        case 'Not':
          return (f) => !truthy(v(f));
        case 'USub':
          return (f) => opAt(neg, v(f), null, f, at);
        case 'UAdd':
          return (f) => opAt(pos, v(f), null, f, at);
        case 'Invert':
          return (f) => opAt(invert, v(f), null, f, at);
      }
      break;
    }
    case 'BoolOp': {
      const vs = e.values.map((x) => expr(c, x));
      if (e.op === 'And') {
        return (f) => {
          let v: unknown = null;
          for (let i = 0; i < vs.length; i++) {
            v = vs[i]!(f);
            if (!truthy(v)) return v;
          }
          return v;
        };
      }
      return (f) => {
        let v: unknown = null;
        for (let i = 0; i < vs.length; i++) {
          v = vs[i]!(f);
          if (truthy(v)) return v;
        }
        return v;
      };
    }
    case 'Compare':
      return compileCompare(c, e);
    case 'IfExp': {
      const t = expr(c, e.test);
      const b = expr(c, e.body);
      const o = expr(c, e.orelse);
      return (f) => (truthy(t(f)) ? b(f) : o(f));
    }
    case 'NamedExpr': {
      // PEP 572: the value is computed, bound to the name, and is the expression's value.
      const v = expr(c, e.value);
      const store = compileTarget(c, e.target);
      return (f) => {
        const x = v(f);
        store(f, x);
        return x;
      };
    }
    case 'Call':
      return compileCall(c, e);
    case 'Attribute': {
      const o = expr(c, e.value);
      const name = e.attr;
      const at = positionIn(c, e);
      return (f) => {
        const obj = o(f);
        if (obj instanceof PyInstance) {
          const v = obj.dict.get(name);
          if (v !== undefined && !isDataDescriptor(obj.$t.lookup(name))) return v;
        }
        return opAt(getAttr, obj, name, f, at);
      };
    }
    case 'Subscript': {
      const o = expr(c, e.value);
      const k = e.slice.kind === 'Slice' ? compileSlice(c, e.slice) : expr(c, e.slice);
      const at = positionIn(c, e);
      return (f) => {
        const obj = o(f);
        const key = k(f);
        if (obj instanceof PyList && typeof key === 'number') {
          const a = obj.a;
          const j = key < 0 ? key + a.length : key;
          if (j >= 0 && j < a.length) return a[j];
        }
        return opAt(getItem, obj, key, f, at);
      };
    }
    case 'Slice':
      return compileSlice(c, e);
    case 'List': {
      const b = displayBuilder(c, e.elts);
      return (f) => new PyList(b(f));
    }
    case 'Tuple': {
      const b = displayBuilder(c, e.elts);
      return (f) => new PyTuple(b(f));
    }
    case 'Set': {
      if (e.elts.length > 2 && e.elts.every(isFoldable)) {
        // CPython folds a display of 3+ constants into a frozenset constant and builds the set
        // with SET_UPDATE from it, which gives a different table layout than adding one by one.
        // The compiler's constant merging then rebuilds that frozenset from its own iteration
        // order (merge_consts_recursive), which can move elements again.
        const first = newSet(true);
        for (const x of e.elts) setAdd(first, foldConstant(x));
        const frozen = newSet(true, new PyTuple(setValues(first)));
        return () => {
          const s = new PySet();
          setUpdate(s, frozen);
          return s;
        };
      }
      const b = displayBuilder(c, e.elts);
      return (f) => {
        const s = new PySet();
        for (const x of b(f)) setAdd(s, x);
        return s;
      };
    }
    case 'Dict': {
      const parts = e.keys.map((k, i) => ({ k: k === null ? null : expr(c, k), v: expr(c, e.values[i]!) }));
      return (f) => {
        const d = new PyDict();
        for (const p of parts) {
          if (p.k === null) mergeDict(d, p.v(f));
          else {
            const key = p.k(f);
            dictSetRaw(d, key, p.v(f));
          }
        }
        return d;
      };
    }
    case 'JoinedStr':
      return compileJoinedStr(c, e);
    case 'FormattedValue': {
      const fv = compileFormatted(c, e);
      return fv;
    }
    case 'Lambda':
      return compileLambda(c, e);
    case 'ListComp':
    case 'SetComp':
    case 'DictComp':
      return compileComprehension(c, e);
    case 'GeneratorExp':
      return compileGeneratorExp(c, e);
    case 'Starred':
      throw new CompileError(e, "can't use starred expression here");
    case 'Await':
    case 'Yield':
    case 'YieldFrom':
      throw new CompileError(e, `internal: ${e.kind} compiled as a synchronous expression`);
  }
  throw new CompileError(e, `unsupported expression ${(e as A.Expression).kind}`);
}

export class CompileError extends Error {
  constructor(
    readonly node: A.NodeBase,
    message: string,
  ) {
    super(message);
  }
}

/** Does CPython's AST optimizer turn this into a constant? (numbers, strings, their unary and
 *  binary arithmetic, tuples of constants) */
function isFoldable(e: A.Expression): boolean {
  switch (e.kind) {
    case 'Constant':
      return true;
    case 'UnaryOp':
      return e.op !== 'Not' && e.operand.kind === 'Constant' && (e.operand.type === 'int' || e.operand.type === 'float' || e.operand.type === 'bool');
    case 'Tuple':
      return e.elts.every(isFoldable);
    default:
      return false;
  }
}

function foldConstant(e: A.Expression): unknown {
  switch (e.kind) {
    case 'Constant':
      return constantValue(e);
    case 'UnaryOp': {
      const v = constantValue(e.operand as A.Constant);
      return e.op === 'USub' ? neg(v) : e.op === 'UAdd' ? pos(v) : invert(v);
    }
    case 'Tuple':
      return new PyTuple(e.elts.map(foldConstant));
    default:
      throw new CompileError(e, 'not a constant');
  }
}

function mergeDict(d: PyDict, v: unknown): void {
  if (v instanceof PyDict) {
    for (const e of v.m.values()) dictSetRaw(d, e.k, e.v);
    return;
  }
  throw typeError(`'${typeName(v)}' object is not a mapping`);
}

function compileBinOp(c: Ctx, e: A.BinOp): Ev {
  const l = expr(c, e.left);
  const r = expr(c, e.right);
  const at = positionIn(c, e);
  switch (e.op) {
    case 'Add':
      return (f) => {
        const a = l(f);
        const b = r(f);
        if (typeof a === 'number' && typeof b === 'number') {
          const s = a + b;
          if (s <= MAX_SAFE && s >= -MAX_SAFE) return s;
        }
        return opAt(add, a, b, f, at);
      };
    case 'Sub':
      return (f) => {
        const a = l(f);
        const b = r(f);
        if (typeof a === 'number' && typeof b === 'number') {
          const s = a - b;
          if (s <= MAX_SAFE && s >= -MAX_SAFE) return s;
        }
        return opAt(sub, a, b, f, at);
      };
    case 'Mult':
      return (f) => {
        const a = l(f);
        const b = r(f);
        return opAt(mul, a, b, f, at);
      };
    default: {
      const op = BINARY[e.op]!;
      return (f) => {
        const a = l(f);
        const b = r(f);
        return opAt(op, a, b, f, at);
      };
    }
  }
}

function compileCompare(c: Ctx, e: A.Compare): Ev {
  const at = positionIn(c, e);
  const left = expr(c, e.left);
  const rights = e.comparators.map((x) => expr(c, x));
  const ops = e.ops.map((o) => CMP[o]);
  if (ops.length === 1) {
    const r = rights[0]!;
    const op = ops[0]!;
    switch (e.ops[0]) {
      case 'Lt':
        return (f) => {
          const a = left(f);
          const b = r(f);
          return typeof a === 'number' && typeof b === 'number' ? a < b : opAt(lt, a, b, f, at);
        };
      case 'Gt':
        return (f) => {
          const a = left(f);
          const b = r(f);
          return typeof a === 'number' && typeof b === 'number' ? a > b : opAt(gt, a, b, f, at);
        };
      case 'Eq':
        return (f) => {
          const a = left(f);
          const b = r(f);
          if (typeof a === typeof b && (typeof a === 'number' || typeof a === 'string')) return a === b;
          return opAt(eq, a, b, f, at);
        };
      default:
        return (f) => {
          const a = left(f);
          const b = r(f);
          return opAt(op, a, b, f, at);
        };
    }
  }
  return (f) => {
    let a = left(f);
    let result: unknown = true;
    for (let i = 0; i < ops.length; i++) {
      const b = rights[i]!(f);
      result = opAt(ops[i]!, a, b, f, at);
      if (!truthy(result)) return result;
      a = b;
    }
    return result;
  };
}

function compileSlice(c: Ctx, s: A.Slice): Ev {
  const lo = s.lower === null ? null : expr(c, s.lower);
  const hi = s.upper === null ? null : expr(c, s.upper);
  const st = s.step === null ? null : expr(c, s.step);
  return (f) => new PySlice(lo === null ? null : lo(f), hi === null ? null : hi(f), st === null ? null : st(f));
}

/** Elements of a list/tuple/set display, with `*x` spreading. */
function displayBuilder(c: Ctx, elts: A.Expression[]): (f: Frame) => unknown[] {
  if (elts.some((x) => x.kind === 'Starred')) {
    const parts = elts.map((x) => (x.kind === 'Starred' ? { star: true, ev: expr(c, x.value) } : { star: false, ev: expr(c, x) }));
    return (f) => {
      const out: unknown[] = [];
      for (const p of parts) {
        const v = p.ev(f);
        if (p.star) {
          if (v instanceof PyList || v instanceof PyTuple) for (const x of v.a) out.push(x);
          else for (const x of toArray(v)) out.push(x);
        } else out.push(v);
      }
      return out;
    };
  }
  const evs = elts.map((x) => expr(c, x));
  if (evs.length === 0) return () => [];
  return (f) => {
    const out = new Array<unknown>(evs.length);
    for (let i = 0; i < evs.length; i++) out[i] = evs[i]!(f);
    return out;
  };
}

function convert(v: unknown, conversion: 'r' | 's' | null): unknown {
  if (conversion === 'r') return pyRepr(v);
  if (conversion === 's') return pyStr(v);
  return v;
}

function compileFormatted(c: Ctx, e: A.FormattedValue, joined: A.NodeBase = e): Ev {
  const v = expr(c, e.value);
  const conv = e.conversion;
  const spec = e.formatSpec === null ? null : compileJoinedStr(c, e.formatSpec);
  const at = positionIn(c, joined);
  if (spec === null && conv === null) {
    return (f) => {
      const x = v(f);
      return typeof x === 'string' ? x : opAt(formatValue, x, '', f, at);
    };
  }
  return (f) => {
    const x = convert(v(f), conv);
    return opAt(formatValue, x, spec === null ? '' : (spec(f) as string), f, at);
  };
}

function compileJoinedStr(c: Ctx, e: A.JoinedStr): Ev {
  const parts: Ev[] = e.values.map((p) => {
    if (p.kind === 'Constant') {
      const s = p.value;
      return () => s;
    }
    return compileFormatted(c, p, e);
  });
  if (parts.length === 1) return parts[0]!;
  return (f) => {
    let out = '';
    for (let i = 0; i < parts.length; i++) out += parts[i]!(f) as string;
    return out;
  };
}

// ---------------------------------------------------------------------------------------------
// Assignment targets

export function compileTarget(c: Ctx, t: A.Expression): Store {
  const store = compileTargetAt(c, t);
  if (c.scope.ns.library || t.kind === 'Name' || t.kind === 'Starred') return store;
  // STORE_SUBSCR, STORE_ATTR and UNPACK_SEQUENCE have the target's position.
  return (f, v) => {
    try {
      store(f, v);
    } catch (err) {
      throw notePosition(err, f, t);
    }
  };
}

function compileTargetAt(c: Ctx, t: A.Expression): Store {
  switch (t.kind) {
    case 'Name':
      return storeName(c.rt, c.scope, t.id);
    case 'Attribute': {
      const o = expr(c, t.value);
      const name = t.attr;
      return (f, v) => {
        setAttrValue(o(f), name, v);
      };
    }
    case 'Subscript': {
      const o = expr(c, t.value);
      const k = t.slice.kind === 'Slice' ? compileSlice(c, t.slice) : expr(c, t.slice);
      return (f, v) => {
        const obj = o(f);
        const key = k(f);
        setItemValue(obj, key, v);
      };
    }
    case 'Tuple':
    case 'List':
      return compileUnpack(c, t.elts);
    case 'Starred':
      throw new CompileError(t, 'starred assignment target must be in a list or tuple');
    default:
      throw new CompileError(t, `cannot assign to ${t.kind}`);
  }
}


function compileUnpack(c: Ctx, elts: A.Expression[]): Store {
  const starAt = elts.findIndex((x) => x.kind === 'Starred');
  const stores = elts.map((x) => (x.kind === 'Starred' ? compileTarget(c, x.value) : compileTarget(c, x)));
  const n = elts.length;
  return (f, v) => {
    let items: readonly unknown[];
    if (v instanceof PyTuple || v instanceof PyList) items = v.a;
    else {
      try {
        items = toArray(v);
      } catch (e) {
        if (e instanceof Error && /is not iterable/.test(e.message)) throw typeError(`cannot unpack non-iterable ${typeName(v)} object`);
        throw e;
      }
    }
    if (starAt < 0) {
      if (items.length !== n) {
        if (items.length > n) throw valueError(`too many values to unpack (expected ${n})`);
        throw valueError(`not enough values to unpack (expected ${n}, got ${items.length})`);
      }
      if (v instanceof PyList) items = items.slice();
      for (let i = 0; i < n; i++) stores[i]!(f, items[i]);
      return;
    }
    if (items.length < n - 1) throw valueError(`not enough values to unpack (expected at least ${n - 1}, got ${items.length})`);
    const after = n - 1 - starAt;
    const copy = items.slice();
    for (let i = 0; i < starAt; i++) stores[i]!(f, copy[i]);
    stores[starAt]!(f, new PyList(copy.slice(starAt, copy.length - after)));
    for (let i = 0; i < after; i++) stores[starAt + 1 + i]!(f, copy[copy.length - after + i]);
  };
}

// ---------------------------------------------------------------------------------------------
// Functions: lambda (def is in compile-stmt.ts, sharing makeCode)

export interface FunctionParts {
  code: Code;
  defaults: Ev[];
  kwDefaults: { name: string; ev: Ev }[];
  closure: ((f: Frame) => Cell)[];
  annotations: { name: string; ev: Ev }[];
}

/** Parameter names and slot layout of a function-like scope. */
export function paramLayout(args: A.Arguments): { params: string[]; argNames: string[]; posonlyCount: number; kwonly: string[]; vararg: string | null; kwarg: string | null } {
  const argNames = args.args.map((a) => a.arg);
  const kwonly = args.kwonlyargs.map((a) => a.arg);
  const vararg = args.vararg?.arg ?? null;
  const kwarg = args.kwarg?.arg ?? null;
  const params = [...argNames, ...kwonly];
  if (vararg !== null) params.push(vararg);
  if (kwarg !== null) params.push(kwarg);
  return { params, argNames, posonlyCount: args.posonlyCount, kwonly, vararg, kwarg };
}

export function functionParts(c: Ctx, scope: Scope, args: A.Arguments, code: Code): FunctionParts {
  const defaults = args.defaults.map((d) => expr(c, d));
  const kwDefaults: { name: string; ev: Ev }[] = [];
  args.kwonlyargs.forEach((a, i) => {
    const d = args.kwDefaults[i];
    if (d !== null && d !== undefined) kwDefaults.push({ name: a.arg, ev: expr(c, d) });
  });
  const closure = scope.freeNames.map((n) => cellGetter(c.scope, n));
  const annotations: { name: string; ev: Ev }[] = [];
  for (const a of [...args.args, args.vararg, ...args.kwonlyargs, args.kwarg]) {
    if (a !== null && a.annotation !== null) annotations.push({ name: a.arg, ev: annotationEv(c, a.annotation) });
  }
  return { code, defaults, kwDefaults, closure, annotations };
}

export function makeFunctionEv(parts: FunctionParts): Ev {
  const { code, defaults, kwDefaults, closure, annotations } = parts;
  return (f) => {
    const d = defaults.length === 0 ? EMPTY : defaults.map((ev) => ev(f));
    let kwd: Map<string, unknown> | null = null;
    if (kwDefaults.length > 0) {
      kwd = new Map();
      for (const k of kwDefaults) kwd.set(k.name, k.ev(f));
    }
    let ann: [string, unknown][] | null = null;
    if (annotations.length > 0) {
      ann = [];
      for (const a of annotations) ann.push([a.name, a.ev(f)]);
    }
    const cells = closure.length === 0 ? null : closure.map((g) => g(f));
    const fn = new PyFunction(code, d === EMPTY ? [] : d, kwd, cells);
    if (ann !== null) fn.annotations = ann;
    return fn;
  };
}

export function newCode(name: string, qualname: string, kind: Code['kind'], line: number, scope: Scope, layout: ReturnType<typeof paramLayout>): Code {
  const nargs = layout.argNames.length;
  return {
    name,
    qualname,
    kind,
    line,
    argNames: layout.argNames,
    posonlyCount: layout.posonlyCount,
    kwonlyNames: layout.kwonly,
    varargSlot: layout.vararg === null ? -1 : nargs + layout.kwonly.length,
    kwargSlot: layout.kwarg === null ? -1 : nargs + layout.kwonly.length + (layout.vararg === null ? 0 : 1),
    nlocals: scope.nlocals,
    slotNames: scope.slotNames,
    cellSlots: scope.cellSlots(),
    simple: layout.kwonly.length === 0 && layout.vararg === null && layout.kwarg === null,
    body: [],
    lambdaBody: null,
    docstring: null,
    module: scope.ns.name,
    library: scope.ns.library,
    exec: () => null,
  };
}

function compileLambda(c: Ctx, e: A.Lambda): Ev {
  const layout = paramLayout(e.args);
  const qualname = c.scope.childQualname('<lambda>');
  const scope = new Scope('lambda', c.scope, e, qualname, layout.params);
  const code = newCode('<lambda>', qualname, 'lambda', e.line, scope, layout);
  code.nlocals = scope.nlocals;
  code.lambdaBody = expr({ rt: c.rt, scope }, e.body);
  code.exec = makeLambdaExec(code);
  return makeFunctionEv(functionParts(c, scope, e.args, code));
}

// ---------------------------------------------------------------------------------------------
// Comprehensions

type Comp = A.ListComp | A.SetComp | A.DictComp | A.GeneratorExp;

function compScope(c: Ctx, e: Comp): Scope {
  const name = e.kind === 'ListComp' ? '<listcomp>' : e.kind === 'SetComp' ? '<setcomp>' : e.kind === 'DictComp' ? '<dictcomp>' : '<genexpr>';
  const scope = new Scope('comprehension', c.scope, e, c.scope.childQualname(name));
  // An asynchronous generator expression may await wherever it is written.
  scope.isAsync = c.scope.isAsync || (e.kind === 'GeneratorExp' && e.isAsync);
  return scope;
}

function newCompFrame(scope: Scope, closure: ((f: Frame) => Cell)[], f: Frame, line: number): Frame {
  const n = scope.nlocals;
  const l = new Array<unknown>(n).fill(undefined);
  for (const s of scope.cellSlots()) l[s] = new Cell();
  const cf = new Frame(l, closure.length === 0 ? null : closure.map((g) => g(f)), f.fn, null);
  cf.line = line;
  return cf;
}

/** A generator expression's first `async for` iterable, its __aiter__ called as the expression was made. */
class FirstAsyncIter {
  constructor(readonly handle: ReturnType<typeof asyncIterOf>) {}
}

/**
 * The loops of a comprehension, as one generator for the three uses: a list/set/dict display
 * collects into `out`; a generator expression (out === null) yields its elements to the
 * iterator that drives it (as AgenYield for an asynchronous one, whose awaits' suspensions go
 * up between them to the task iterating it); an async comprehension also yields the suspensions
 * of its awaits and `async for` clauses to the enclosing coroutine.
 */
function compileCompLoops(c: Ctx, e: Comp): { scope: Scope; first: CE; closure: ((f: Frame) => Cell)[]; loops: (cf: Frame, iterable: unknown, out: unknown) => Gen<void> } {
  const scope = compScope(c, e);
  const inner: Ctx = { rt: c.rt, scope };
  const first = ce(c, e.generators[0]!.iter);
  const closure = scope.freeNames.map((n) => cellGetter(c.scope, n));
  const gens = e.generators.map((g, i) => ({
    isAsync: g.isAsync,
    iter: i === 0 ? null : ce(inner, g.iter),
    target: compileTarget(inner, g.target),
    ifs: g.ifs.map((x) => ce(inner, x)),
  }));
  const key = e.kind === 'DictComp' ? ce(inner, e.key) : null;
  const value = e.kind === 'DictComp' ? ce(inner, e.value) : ce(inner, e.elt);
  const kind = e.kind;
  const asyncElements = e.kind === 'GeneratorExp' && e.isAsync;
  function* loop(cf: Frame, k: number, iterable: unknown, out: unknown): Gen<void> {
    const g = gens[k]!;
    const last = k === gens.length - 1;
    const ai = !g.isAsync ? null : iterable instanceof FirstAsyncIter ? iterable.handle : asyncIterOf(iterable);
    const it = g.isAsync ? null : pyIter(iterable);
    for (;;) {
      let v: unknown;
      if (ai !== null) {
        try {
          v = yield* ai.anext();
        } catch (err) {
          if (err instanceof PyStopAsyncIteration) return;
          throw err;
        }
      } else {
        v = it!.next();
        if (v === DONE) return;
      }
      tick();
      g.target(cf, v);
      let ok = true;
      for (const cond of g.ifs) {
        const t = cond.s !== null ? cond.s(cf) : yield* cond.g!(cf);
        if (!truthy(t)) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (!last) {
        const nx = gens[k + 1]!.iter!;
        yield* loop(cf, k + 1, nx.s !== null ? nx.s(cf) : yield* nx.g!(cf), out);
      } else if (kind === 'DictComp') {
        const kk = key!.s !== null ? key!.s(cf) : yield* key!.g!(cf);
        const vv = value.s !== null ? value.s(cf) : yield* value.g!(cf);
        dictSetRaw(out as PyDict, kk, vv);
      } else {
        const vv = value.s !== null ? value.s(cf) : yield* value.g!(cf);
        if (out === null) yield (asyncElements ? new AgenYield(vv) : vv) as null;
        else if (kind === 'SetComp') setAdd(out as PySet, vv);
        else (out as unknown[]).push(vv);
      }
    }
  }
  return { scope, first, closure, loops: (cf, iterable, out) => loop(cf, 0, iterable, out) };
}

function newCompOutput(kind: Comp['kind']): unknown {
  return kind === 'ListComp' ? [] : kind === 'SetComp' ? new PySet() : new PyDict();
}

function compResult(kind: Comp['kind'], out: unknown): unknown {
  return kind === 'ListComp' ? new PyList(out as unknown[]) : out;
}

/** A comprehension without await: its loops run to completion in one go. */
function compileComprehension(c: Ctx, e: A.ListComp | A.SetComp | A.DictComp): Ev {
  const { scope, first, closure, loops } = compileCompLoops(c, e);
  const firstEv = first.s!;
  const line = e.line;
  const kind = e.kind;
  return (f) => {
    const iterable = firstEv(f);
    const cf = newCompFrame(scope, closure, f, line);
    // A comprehension is a function call in CPython 3.11: one more frame.
    if (++depth.n > depth.max) {
      depth.n--;
      throw recursionError();
    }
    try {
      const out = newCompOutput(kind);
      if (loops(cf, iterable, out).next().done !== true) throw new Error('a synchronous comprehension suspended');
      return compResult(kind, out);
    } finally {
      depth.n--;
    }
  };
}

/**
 * A generator expression: its first iterable (`first`, evaluated where the expression is), and
 * what makes the generator from it. The first iterable is iterated at once, as CPython does
 * (iter(), or __aiter__ for an `async for`); an asynchronous generator expression (one that awaits
 * or has an `async for`) is an async generator object.
 */
function generatorExp(c: Ctx, e: A.GeneratorExp): { first: CE; make: (f: Frame, iterable: unknown) => unknown } {
  const { scope, first, closure, loops } = compileCompLoops(c, e);
  const line = e.line;
  const firstIsAsync = e.generators[0]!.isAsync;
  return {
    first,
    make(f, iterable) {
      const it = firstIsAsync ? new FirstAsyncIter(asyncIterOf(iterable)) : pyIter(iterable);
      const cf = newCompFrame(scope, closure, f, line);
      const gen = loops(cf, it, null);
      return e.isAsync ? new PyAsyncGen(gen, cf, scope.qualname) : new GenExpIter(gen as Iterator<unknown>);
    },
  };
}

/** A generator expression whose first iterable does not await (gexpr makes the others). */
function compileGeneratorExp(c: Ctx, e: A.GeneratorExp): Ev {
  const { first, make } = generatorExp(c, e);
  const firstEv = first.s!;
  return (f) => make(f, firstEv(f));
}

// ---------------------------------------------------------------------------------------------
// Expressions that may suspend

/** Evaluate children in order (sync or suspending), then combine their values. */
/** Evaluate the children, then combine them: the operation, whose failures are at `at` (if any). */
function genCombine(children: CE[], combine: (vals: unknown[], f: Frame) => unknown, at: A.NodeBase | null = null): GenEv {
  return function* (f: Frame): Gen<unknown> {
    const vals = new Array<unknown>(children.length);
    for (let i = 0; i < children.length; i++) {
      const ch = children[i]!;
      vals[i] = ch.s !== null ? ch.s(f) : yield* ch.g!(f);
    }
    return opAt(combine, vals, f, f, at);
  };
}

export function gexpr(c: Ctx, e: A.Expression): GenEv {
  switch (e.kind) {
    case 'Await': {
      const line = e.line;
      if (e.value.kind === 'Call' && !hasAwait(e.value)) {
        const prep = awaitCallPrep(c, e.value);
        return function* (f: Frame): Gen<unknown> {
          const a = prep(f);
          let r: unknown;
          try {
            r = yield* awaitAny(a, line, f.depth, f);
          } catch (err) {
            throw notePosition(err, f, e);
          }
          depth.n = f.depth;
          return r;
        };
      }
      const v = ce(c, e.value);
      return function* (f: Frame): Gen<unknown> {
        const a = v.s !== null ? v.s(f) : yield* v.g!(f);
        let r: unknown;
        try {
          r = yield* awaitAny(a, line, f.depth, f);
        } catch (err) {
          throw notePosition(err, f, e);
        }
        depth.n = f.depth;
        return r;
      };
    }
    case 'Yield': {
      const v = e.value === null ? null : ce(c, e.value);
      return function* (f: Frame): Gen<unknown> {
        const x = v === null ? null : v.s !== null ? v.s(f) : yield* v.g!(f);
        const sent = yield new AgenYield(x) as unknown as null;
        return sent === undefined ? null : sent;
      };
    }
    case 'YieldFrom': {
      const v = ce(c, e.value);
      return function* (f: Frame): Gen<unknown> {
        const it = v.s !== null ? v.s(f) : yield* v.g!(f);
        return yield* yieldFrom(it);
      };
    }
    case 'BinOp': {
      const op = BINARY[e.op]!;
      return genCombine([ce(c, e.left), ce(c, e.right)], (v) => op(v[0], v[1]), positionIn(c, e));
    }
    case 'UnaryOp': {
      const o = e.op;
      return genCombine([ce(c, e.operand)], (v) => (o === 'Not' ? !truthy(v[0]) : o === 'USub' ? neg(v[0]) : o === 'UAdd' ? pos(v[0]) : invert(v[0])), o === 'Not' ? null : positionIn(c, e));
    }
    case 'BoolOp': {
      const vs = e.values.map((x) => ce(c, x));
      const and = e.op === 'And';
      return function* (f: Frame): Gen<unknown> {
        let v: unknown = null;
        for (const x of vs) {
          v = x.s !== null ? x.s(f) : yield* x.g!(f);
          if (truthy(v) !== and) return v;
        }
        return v;
      };
    }
    case 'Compare': {
      const left = ce(c, e.left);
      const rights = e.comparators.map((x) => ce(c, x));
      const ops = e.ops.map((o) => CMP[o]);
      const at = positionIn(c, e);
      return function* (f: Frame): Gen<unknown> {
        let a = left.s !== null ? left.s(f) : yield* left.g!(f);
        let result: unknown = true;
        for (let i = 0; i < ops.length; i++) {
          const r = rights[i]!;
          const b = r.s !== null ? r.s(f) : yield* r.g!(f);
          result = opAt(ops[i]!, a, b, f, at);
          if (!truthy(result)) return result;
          a = b;
        }
        return result;
      };
    }
    case 'IfExp': {
      const t = ce(c, e.test);
      const b = ce(c, e.body);
      const o = ce(c, e.orelse);
      return function* (f: Frame): Gen<unknown> {
        const test = t.s !== null ? t.s(f) : yield* t.g!(f);
        const x = truthy(test) ? b : o;
        return x.s !== null ? x.s(f) : yield* x.g!(f);
      };
    }
    case 'NamedExpr': {
      const v = ce(c, e.value);
      const store = compileTarget(c, e.target);
      return function* (f: Frame): Gen<unknown> {
        const x = v.s !== null ? v.s(f) : yield* v.g!(f);
        store(f, x);
        return x;
      };
    }
    case 'Call':
      return gCall(c, e);
    case 'Attribute': {
      const name = e.attr;
      return genCombine([ce(c, e.value)], (v) => getAttr(v[0], name), positionIn(c, e));
    }
    case 'Subscript': {
      const key: CE = e.slice.kind === 'Slice' ? { s: null, g: gexprSlice(c, e.slice) } : ce(c, e.slice);
      return genCombine([ce(c, e.value), key], (v) => getItem(v[0], v[1]), positionIn(c, e));
    }
    case 'Slice':
      return gexprSlice(c, e);
    case 'List':
    case 'Tuple':
    case 'Set': {
      const kind = e.kind;
      const parts = e.elts.map((x) => (x.kind === 'Starred' ? { star: true, x: ce(c, x.value) } : { star: false, x: ce(c, x) }));
      return genCombine(
        parts.map((p) => p.x),
        (vals) => {
          const out: unknown[] = [];
          vals.forEach((v, i) => {
            if (parts[i]!.star) for (const y of toArray(v)) out.push(y);
            else out.push(v);
          });
          if (kind === 'List') return new PyList(out);
          if (kind === 'Tuple') return new PyTuple(out);
          const s = new PySet();
          for (const y of out) setAdd(s, y);
          return s;
        },
      );
    }
    case 'Dict': {
      const children: CE[] = [];
      const layout: (null | true)[] = [];
      e.keys.forEach((k, i) => {
        if (k === null) layout.push(null);
        else {
          layout.push(true);
          children.push(ce(c, k));
        }
        children.push(ce(c, e.values[i]!));
      });
      return genCombine(children, (vals) => {
        const d = new PyDict();
        let j = 0;
        for (const l of layout) {
          if (l === null) mergeDict(d, vals[j++]);
          else {
            const k = vals[j++];
            dictSetRaw(d, k, vals[j++]);
          }
        }
        return d;
      });
    }
    case 'JoinedStr': {
      const parts: CE[] = e.values.map((p) => (p.kind === 'Constant' ? { s: () => p.value, g: null } : ce(c, p)));
      return genCombine(parts, (vals) => vals.join(''));
    }
    case 'FormattedValue': {
      const conv = e.conversion;
      const children = [ce(c, e.value)];
      if (e.formatSpec !== null) children.push(ce(c, e.formatSpec));
      return genCombine(children, (vals) => formatValue(convert(vals[0], conv), vals.length > 1 ? (vals[1] as string) : ''));
    }
    case 'ListComp':
    case 'SetComp':
    case 'DictComp':
      return gComprehension(c, e);
    case 'GeneratorExp': {
      const { first, make } = generatorExp(c, e);
      return function* (f: Frame): Gen<unknown> {
        return make(f, first.s !== null ? first.s(f) : yield* first.g!(f));
      };
    }
    case 'Lambda':
    case 'Constant':
    case 'Name':
    case 'Starred': {
      const s = expr(c, e);
      return function* (f: Frame): Gen<unknown> {
        return s(f);
      };
    }
  }
  throw new CompileError(e, `unsupported expression ${(e as A.Expression).kind}`);
}

function gexprSlice(c: Ctx, s: A.Slice): GenEv {
  const none: CE = { s: () => null, g: null };
  return genCombine(
    [s.lower === null ? none : ce(c, s.lower), s.upper === null ? none : ce(c, s.upper), s.step === null ? none : ce(c, s.step)],
    (v) => new PySlice(v[0], v[1], v[2]),
  );
}

function gCall(c: Ctx, node: A.Call): GenEv {
  const line = node.line;
  const site = callSite(c);
  const spec = argSpec(node);
  const children: CE[] = [];
  let method: string | null = null;
  if (node.func.kind === 'Attribute') {
    method = node.func.attr;
    children.push(ce(c, node.func.value));
  } else children.push(ce(c, node.func));
  const posStar = spec.pos.map((p) => p.star);
  for (const p of spec.pos) children.push(ce(c, p.e));
  const kwNames = spec.kw.map((k) => k.name);
  for (const k of spec.kw) children.push(ce(c, k.e));
  const rt = c.rt;
  const superCall = isSuperCall(node);
  return genCombine(children, (vals, f) => {
    const head = vals[0];
    const args: unknown[] = [];
    for (let i = 0; i < posStar.length; i++) {
      const v = vals[1 + i];
      if (posStar[i]) spread(args, v);
      else args.push(v);
    }
    let kw: Kw = null;
    if (kwNames.length > 0) {
      kw = new Map();
      for (let i = 0; i < kwNames.length; i++) {
        const v = vals[1 + posStar.length + i];
        const name = kwNames[i]!;
        if (name === null) mergeKw(kw, v, () => calleeName(head));
        else kw.set(name, v);
      }
    }
    site.line = line;
    site.frame = f;
    try {
      if (method !== null) return callMethod(head, method, args, kw);
      if (superCall && head === rt.superFn) return superValue(f);
      return call(head, args, kw);
    } catch (err) {
      throw notePosition(err, f, positionOf(node, err));
    }
  });
}

/** A comprehension containing await or async for: its loops suspend with the coroutine. */
function gComprehension(c: Ctx, e: A.ListComp | A.SetComp | A.DictComp): GenEv {
  const { scope, first, closure, loops } = compileCompLoops(c, e);
  const line = e.line;
  const kind = e.kind;
  return function* (f: Frame): Gen<unknown> {
    const iterable = first.s !== null ? first.s(f) : yield* first.g!(f);
    const cf = newCompFrame(scope, closure, f, line);
    const out = newCompOutput(kind);
    yield* loops(cf, iterable, out);
    return compResult(kind, out);
  };
}

