/**
 * contextvars.Context as asyncio uses it (PEP 567): every task runs in its own context, a copy of
 * its creator's taken when the task is created, and every callback runs in a copy of the context
 * that scheduled it. So a ContextVar set in one task is never seen by another task, and a value
 * set before create_task() is inherited.
 *
 * A context holds an immutable mapping from variables to values, replaced on every set (CPython
 * uses a HAMT for the same reason): copying a context is then one allocation, and a handle can
 * capture its scheduler's mapping by reference at no cost.
 *
 * The running context is a module variable, like the running loop: the loop switches it around a
 * task's step and a callback, the interpreter around Context.run() and a thread's work.
 */

/** A context's mapping: never changed once made, only replaced. */
export type ContextVars = ReadonlyMap<object, unknown>;

export const EMPTY_VARS: ContextVars = new Map();

export class Context {
  /** Set while Context.run() (or a task step) runs in it: it cannot be entered twice. */
  entered = false;

  constructor(public vars: ContextVars = EMPTY_VARS) {}

  /** contextvars.copy_context() / Context.copy(): the same mapping in a new context. */
  copy(): Context {
    return new Context(this.vars);
  }

  get(variable: object): unknown {
    return this.vars.get(variable);
  }

  has(variable: object): boolean {
    return this.vars.has(variable);
  }

  /** ContextVar.set: the mapping is replaced, so copies taken before keep their values. */
  set(variable: object, value: unknown): void {
    const next = new Map(this.vars);
    next.set(variable, value);
    this.vars = next;
  }

  /** ContextVar.reset to "no value". */
  delete(variable: object): void {
    if (!this.vars.has(variable)) return;
    const next = new Map(this.vars);
    next.delete(variable);
    this.vars = next;
  }
}

let current = new Context();

/** The context code runs in now (the thread's current context in CPython). */
export function currentContext(): Context {
  return current;
}

/** Make `context` the running one; returns the previous, to be restored by the caller. */
export function enterContext(context: Context): Context {
  const previous = current;
  current = context;
  return previous;
}

/** A new process: the main thread's context is empty again. */
export function resetContexts(): void {
  current = new Context();
}
