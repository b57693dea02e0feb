/**
 * Frames, compiled code and function objects.
 *
 * The compiler (compile-*.ts) turns each statement into a small record (Stmt) holding closures:
 * statements without `await` run as plain functions; statements that may suspend run as
 * generators. A frame holds the locals of one function call in an array (slot numbers are fixed
 * at compile time from the parser's scope analysis); variables captured by nested functions live
 * in Cells.
 */
import type { Suspension } from '../../asyncio/future.ts';
import type { PyBaseException } from '../../asyncio/exceptions.ts';
import { Cell, FUNCTION, type PyClass } from './values.ts';
import type * as A from '../ast.ts';

/** Statement completion signals. */
export const NORMAL = 0;
export const BREAK = 1;
export const CONTINUE = 2;
export const RETURN = 3;

export class Frame {
  /** The line of the statement running in this frame (tracebacks, budget messages). */
  line = 0;
  /** The value of a `return` in flight. */
  ret: unknown = null;
  /** The exception being handled by an `except` block, for bare `raise` and __context__. */
  exc: PyBaseException | null = null;
  /** Coroutine state: 0 created, 1 running or suspended, 2 finished. */
  st = 0;
  /** A coroutine frame's depth in Python's recursion count (0 until it starts). */
  depth = 0;
  /**
   * The coroutine (or async generator) frame this frame is awaiting, while it awaits one: the
   * next link of the task's await stack (valid while that frame's `st` is 1).
   */
  aw: Frame | null = null;
  /** A number for this call, given the first time the trace records it in an await stack (0 until then). */
  id = 0;
  constructor(
    /** Locals by slot; a cell variable's slot holds its Cell. undefined = unbound. */
    public l: unknown[],
    /** Cells of the free variables, by index. */
    public c: Cell[] | null,
    public fn: PyFunction | null,
    /** A class body's namespace. */
    public ns: Map<string, unknown> | null,
  ) {}
}

export type Ev = (f: Frame) => unknown;
export type Gen<T> = Generator<Suspension, T, unknown>;
export type GenEv = (f: Frame) => Gen<unknown>;
export type StmtFn = (f: Frame) => number;
export type StmtGen = (f: Frame) => Gen<number>;

/** Statement kinds. */
export const K_SYNC = 0;
/** `await X`, `v = await X`, `return await X` with X free of awaits: awaited inline by the runner. */
export const K_AWAIT = 1;
/** Anything else that may suspend: run with yield*. */
export const K_GEN = 2;
/** `for` whose iterable and target have no await, with a body that may suspend: run inline. */
export const K_FOR = 3;
/** `while` whose test has no await, with a body that may suspend: run inline. */
export const K_WHILE = 4;

/** A compiled statement; every field is always present so that runners see one shape. */
export interface Stmt {
  k: number;
  line: number;
  run: StmtFn;
  prep: Ev;
  post: (f: Frame, value: unknown) => number;
  gen: StmtGen;
  /** K_FOR and K_WHILE: the loop's body, its iterable and target (for), its test (while). */
  body: readonly Stmt[];
  iter: Ev;
  store: (f: Frame, value: unknown) => void;
  test: (f: Frame) => boolean;
  /** K_AWAIT: the await expression, where a traceback's carets go when the await raises. */
  at: A.NodeBase | null;
}

export type CodeKind = 'sync' | 'gen' | 'async' | 'asyncgen' | 'lambda';

export interface Code {
  name: string;
  qualname: string;
  kind: CodeKind;
  line: number;
  /** Positional parameter names (slots 0..n-1). */
  argNames: string[];
  /** How many of them are positional-only (before a `/`): a keyword of their name is not theirs. */
  posonlyCount: number;
  /** Keyword-only parameter names (slots after the positional ones). */
  kwonlyNames: string[];
  varargSlot: number;
  kwargSlot: number;
  nlocals: number;
  /** Names of all local slots, for error messages. */
  slotNames: string[];
  /** Slots that hold cells (captured by nested functions). */
  cellSlots: number[];
  /** No *args/**kwargs/kw-only parameters. */
  simple: boolean;
  body: Stmt[];
  lambdaBody: Ev | null;
  docstring: string | null;
  /** The module that defined it (`__module__`): '__main__' or a library module's name. */
  module: string;
  /** Defined in a library module written in Python: left out of tracebacks. */
  library: boolean;
  /** Runs a call's frame: the result (sync), a coroutine or an async generator object. */
  exec: (f: Frame) => unknown;
}

export class PyFunction {
  declare $t: PyClass;
  /** The class whose body defined this function (for zero-argument super()). */
  defClass: PyClass | null = null;
  dict: Map<string, unknown> | null = null;
  /** `__annotations__`, in definition order (parameters, then 'return'), when there are any. */
  annotations: [string, unknown][] | null = null;
  /** The `__annotations__` dict once made (or assigned). */
  annotationsDict: unknown = undefined;
  /** `__doc__` and `__module__` once assigned (functools.wraps does); undefined: the code's. */
  doc: unknown = undefined;
  module: unknown = undefined;
  name: string;
  qualname: string;
  constructor(
    readonly code: Code,
    public defaults: unknown[],
    public kwDefaults: Map<string, unknown> | null,
    readonly closure: Cell[] | null,
  ) {
    this.name = code.name;
    this.qualname = code.qualname;
  }
}
PyFunction.prototype.$t = FUNCTION;
