/**
 * Compile-time scopes: where each name lives, decided once from the parser's scope analysis
 * (ScopeInfo), so that the compiled closures read a slot, a cell or a global cell directly.
 *
 *   module           every name is a global (a Cell in the runtime's globals map), then a builtin
 *   function/lambda  locals are slots of the frame array; captured locals hold a Cell; free
 *                    variables come from the function's closure cells
 *   comprehension    a function-like scope of its own (Python 3 semantics)
 *   class body       names live in the class namespace (a Map), reads fall back to globals
 */
import type * as A from '../ast.ts';
import { Cell } from './values.ts';
import type { Frame, Ev } from './frame.ts';
import { nameError, notePosition, PyNameError, PyUnboundLocalError, type PyExc } from './exceptions.ts';
import type { Runtime } from './runtime.ts';

export type ScopeKind = 'module' | 'function' | 'lambda' | 'comprehension' | 'class';

/**
 * A module's global namespace: the scenario's (`__main__`), or that of a library module written
 * in Python (pylib/). Globals are cells, so compiled code holds the cell of each name it uses.
 */
export class Namespace {
  readonly cells = new Map<string, Cell>();
  constructor(
    /** `__name__`: '__main__' or the library module's name. */
    readonly name: string,
    /** Library code: its frames are left out of tracebacks, as asyncio's own are. */
    readonly library = false,
  ) {}

  cell(name: string): Cell {
    let c = this.cells.get(name);
    if (c === undefined) {
      c = new Cell();
      this.cells.set(name, c);
    }
    return c;
  }

  /** A global's value, or undefined. */
  get(name: string): unknown {
    return this.cells.get(name)?.v;
  }
}

export class Scope {
  readonly slots = new Map<string, number>();
  readonly slotNames: string[] = [];
  readonly cells = new Set<string>();
  readonly free = new Map<string, number>();
  readonly freeNames: string[] = [];
  readonly globalsDecl = new Set<string>();
  readonly classLocals = new Set<string>();
  /** The body may suspend: a coroutine, an async generator or a generator (yield). */
  isAsync = false;
  isAsyncGen = false;
  /** The module's globals, shared by every scope inside it. */
  readonly ns: Namespace;
  /** Under `from __future__ import annotations`: annotations are stored as text, not evaluated. */
  stringAnnotations: boolean;

  constructor(
    readonly kind: ScopeKind,
    readonly parent: Scope | null,
    info: A.ScopeInfo | null,
    /** The qualname of this scope (function/class name, or '' for the module). */
    readonly qualname: string,
    /** Slot order for parameters (function-like scopes). */
    params: string[] = [],
    ns: Namespace | null = null,
  ) {
    this.ns = ns ?? parent?.ns ?? new Namespace('__main__');
    this.stringAnnotations = parent?.stringAnnotations ?? false;
    if (info === null) return;
    for (const g of info.globals) this.globalsDecl.add(g);
    if (kind === 'class') {
      for (const n of info.locals) this.classLocals.add(n);
    } else {
      for (const p of params) this.addSlot(p);
      for (const n of info.locals) this.addSlot(n);
      for (const n of info.cellVars) this.cells.add(n);
    }
    for (const n of info.freeVars) {
      if (!this.free.has(n)) {
        this.free.set(n, this.freeNames.length);
        this.freeNames.push(n);
      }
    }
  }

  addSlot(name: string): number {
    let s = this.slots.get(name);
    if (s === undefined) {
      s = this.slotNames.length;
      this.slots.set(name, s);
      this.slotNames.push(name);
    }
    return s;
  }

  get nlocals(): number {
    return this.slotNames.length;
  }

  /** Slots holding cells. */
  cellSlots(): number[] {
    return [...this.cells].filter((n) => this.slots.has(n)).map((n) => this.slots.get(n)!);
  }

  /** The prefix for the qualname of a function defined here. */
  childQualname(name: string): string {
    if (this.kind === 'module') return name;
    if (this.kind === 'class') return `${this.qualname}.${name}`;
    return `${this.qualname}.<locals>.${name}`;
  }
}

export type Resolution =
  | { kind: 'fast'; slot: number }
  | { kind: 'cell'; slot: number }
  | { kind: 'free'; index: number }
  | { kind: 'global' }
  | { kind: 'classns' }
  | { kind: 'classfree'; index: number };

export function resolve(scope: Scope, name: string): Resolution {
  if (scope.kind === 'module' || scope.globalsDecl.has(name)) return { kind: 'global' };
  if (scope.kind === 'class') {
    if (scope.classLocals.has(name)) return { kind: 'classns' };
    const i = scope.free.get(name);
    if (i !== undefined) return { kind: 'classfree', index: i };
    return { kind: 'global' };
  }
  const slot = scope.slots.get(name);
  if (slot !== undefined) return scope.cells.has(name) ? { kind: 'cell', slot } : { kind: 'fast', slot };
  const i = scope.free.get(name);
  if (i !== undefined) return { kind: 'free', index: i };
  return { kind: 'global' };
}

export function unboundLocal(name: string): PyExc {
  return new PyUnboundLocalError(`cannot access local variable '${name}' where it is not associated with a value`);
}

export function unboundFree(name: string): PyExc {
  return new PyNameError(`cannot access free variable '${name}' where it is not associated with a value in enclosing scope`);
}

export function notDefined(name: string): PyExc {
  return nameError(`name '${name}' is not defined`);
}

/**
 * Reading a name. `at` is the Name node, the position a NameError's carets point at (null in
 * library code, which stays out of tracebacks).
 */
export function loadName(rt: Runtime, scope: Scope, name: string, at: A.NodeBase | null = null): Ev {
  const r = resolve(scope, name);
  const fail = (f: Frame, e: PyExc): never => {
    throw at === null ? e : notePosition(e, f, at);
  };
  const builtin = (f: Frame): unknown => {
    try {
      return rt.builtin(name);
    } catch (e) {
      throw at === null ? e : notePosition(e, f, at);
    }
  };
  switch (r.kind) {
    case 'fast': {
      const i = r.slot;
      return (f: Frame) => {
        const v = f.l[i];
        if (v === undefined) fail(f, unboundLocal(name));
        return v;
      };
    }
    case 'cell': {
      const i = r.slot;
      return (f: Frame) => {
        const v = (f.l[i] as Cell).v;
        if (v === undefined) fail(f, unboundFree(name));
        return v;
      };
    }
    case 'free': {
      const i = r.index;
      return (f: Frame) => {
        const v = f.c![i]!.v;
        if (v === undefined) fail(f, unboundFree(name));
        return v;
      };
    }
    case 'global': {
      const cell = scope.ns.cell(name);
      return (f: Frame) => {
        const v = cell.v;
        return v !== undefined ? v : builtin(f);
      };
    }
    case 'classns': {
      const cell = scope.ns.cell(name);
      return (f: Frame) => {
        const v = f.ns!.get(name);
        if (v !== undefined) return v;
        const g = cell.v;
        return g !== undefined ? g : builtin(f);
      };
    }
    case 'classfree': {
      const i = r.index;
      return (f: Frame) => {
        const v = f.ns!.get(name);
        if (v !== undefined) return v;
        const c = f.c![i]!.v;
        if (c === undefined) fail(f, unboundFree(name));
        return c;
      };
    }
  }
}

export type Store = (f: Frame, v: unknown) => void;

export function storeName(_rt: Runtime, scope: Scope, name: string): Store {
  const r = resolve(scope, name);
  switch (r.kind) {
    case 'fast': {
      const i = r.slot;
      return (f, v) => {
        f.l[i] = v;
      };
    }
    case 'cell': {
      const i = r.slot;
      return (f, v) => {
        (f.l[i] as Cell).v = v;
      };
    }
    case 'free': {
      const i = r.index;
      return (f, v) => {
        f.c![i]!.v = v;
      };
    }
    case 'global': {
      const cell = scope.ns.cell(name);
      return (_f, v) => {
        cell.v = v;
      };
    }
    case 'classns':
      return (f, v) => {
        f.ns!.set(name, v);
      };
    case 'classfree': {
      const i = r.index;
      return (f, v) => {
        f.c![i]!.v = v;
      };
    }
  }
}

/** `del name`; with quiet, an unbound name is no error (the implicit del after `except E as e`). */
export function deleteName(_rt: Runtime, scope: Scope, name: string, quiet = false): (f: Frame) => void {
  const r = resolve(scope, name);
  switch (r.kind) {
    case 'fast': {
      const i = r.slot;
      return (f) => {
        if (f.l[i] === undefined && !quiet) throw unboundLocal(name);
        f.l[i] = undefined;
      };
    }
    case 'cell': {
      const i = r.slot;
      return (f) => {
        const c = f.l[i] as Cell;
        if (c.v === undefined && !quiet) throw unboundFree(name);
        c.v = undefined;
      };
    }
    case 'free':
    case 'classfree': {
      const i = r.index;
      return (f) => {
        const c = f.c![i]!;
        if (c.v === undefined && !quiet) throw unboundFree(name);
        c.v = undefined;
      };
    }
    case 'global': {
      const cell = scope.ns.cell(name);
      return () => {
        if (cell.v === undefined && !quiet) throw notDefined(name);
        cell.v = undefined;
      };
    }
    case 'classns':
      return (f) => {
        if (!f.ns!.delete(name) && !quiet) throw notDefined(name);
      };
  }
}

/** A name's value without raising (undefined when unbound), and its frame slot or -1. */
export function peekName(scope: Scope, name: string): { peek: (f: Frame) => unknown; slot: number } {
  const r = resolve(scope, name);
  switch (r.kind) {
    case 'fast':
      return { peek: (f) => f.l[r.slot], slot: r.slot };
    case 'cell':
      return { peek: (f) => (f.l[r.slot] as Cell | undefined)?.v, slot: -1 };
    case 'free':
    case 'classfree':
      return { peek: (f) => f.c![r.index]!.v, slot: -1 };
    case 'global': {
      const cell = scope.ns.cell(name);
      return { peek: () => cell.v, slot: -1 };
    }
    case 'classns':
      return { peek: (f) => f.ns!.get(name), slot: -1 };
  }
}

/** How a nested scope gets the cell of one of its free variables from the defining frame. */
export function cellGetter(scope: Scope, name: string): (f: Frame) => Cell {
  if (scope.kind !== 'module' && scope.kind !== 'class' && scope.cells.has(name)) {
    const slot = scope.slots.get(name);
    if (slot !== undefined) return (f) => f.l[slot] as Cell;
  }
  const i = scope.free.get(name);
  if (i !== undefined) return (f) => f.c![i]!;
  // Not reachable with the parser's analysis; an empty cell reads as unbound.
  return () => new Cell();
}
