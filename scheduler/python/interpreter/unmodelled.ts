/**
 * Loopscope's gaps, told apart from the user's mistakes.
 *
 * A name CPython has but Loopscope does not model (`asyncio.Barrier` before it was added,
 * `loop.slow_callback_duration`, the builtin `open`) is not the scenario's bug: it must not come
 * out as a Python AttributeError or NameError (worse, one naming an internal class). It stops the
 * run, like a limit, with "Loopscope does not model asyncio.X yet" and the line where it was met.
 * A name CPython does not have either (`asyncio.sleeep`) stays the Python error CPython raises.
 *
 * What CPython has comes from cpython-names.ts (tools/cpython_names.py). The stop is not a Python
 * exception, so no `except` clause can catch it: it passes through `try` untouched (like the other
 * halts) until the frame running the line notes it, then becomes a halt of the run (see at()).
 */
import { LoopHalted } from '../../asyncio/run.ts';
import { peekRunningLoop } from '../../loop/running.ts';
import type { LoopHalt } from '../../loop/loop.ts';
import { ScenarioHalt } from './budget.ts';
import { BUILTIN_NAMES, MODULE_NAMES, TYPE_NAMES } from './cpython-names.ts';
import { PyClass, PyInstance, PyModule, typeOf } from './values.ts';

/** Builtins a scenario never gets: they would reach the machine running it. */
const OUTSIDE_THE_SANDBOX = new Set(['open', 'input', 'exec', 'eval', 'compile', '__import__', 'breakpoint', 'help']);

export class NotModelled {
  /** The line where it was met, once a frame noted it (0 before). */
  line = 0;
  /** The serial of the task running that line, -1 outside any task. */
  task = -1;
  constructor(readonly what: string) {}

  get message(): string {
    const at = this.line > 0 ? ` (line ${this.line})` : '';
    if (this.what.startsWith('builtin ')) {
      const name = this.what.slice('builtin '.length);
      if (OUTSIDE_THE_SANDBOX.has(name)) return `Loopscope does not model the builtin ${name}(): a scenario runs without files, input or other code${at}`;
      return `Loopscope does not model the builtin ${name} yet${at}`;
    }
    return `Loopscope does not model ${this.what} yet${at}`;
  }

  /** The frame running `line` saw it go by: the innermost such frame is where it was met. */
  at(line: number): void {
    if (this.line !== 0 || line <= 0) return;
    this.line = line;
    this.task = peekRunningLoop()?.currentTask?.serial ?? -1;
  }

  /** The halt that ends the run: a limit end with reason `not-modelled`. */
  halt(): LoopHalted | ScenarioHalt {
    const loop = peekRunningLoop();
    if (loop === null) return new ScenarioHalt('not-modelled', this.message, this.line, this.task);
    const halt = { kind: 'limit', reason: 'not-modelled', message: this.message, line: this.line, task: this.task } as LoopHalt;
    return new LoopHalted(halt, loop, null);
  }
}

/**
 * The Python class CPython documents for objects of `cls`: the first builtin or host class in its
 * MRO (a user class that subclasses asyncio.Queue is a Queue for what it does not define itself).
 */
function cpythonClass(cls: PyClass): PyClass | null {
  for (const c of cls.mro) if (!c.isUser) return c;
  return null;
}

function cpythonKey(cls: PyClass): string {
  if (cls.jsClass !== null) return 'builtins.BaseException';
  return `${cls.module}.${cls.name}`;
}

/** How the documentation names an attribute of objects of `cls`: `loop.time`, `asyncio.Queue.shutdown`, `str.zfill`. */
function attributeName(cls: PyClass, name: string): string {
  if (cls.name === '_UnixSelectorEventLoop') return `loop.${name}`;
  if (cls.module === '_asyncio' || cls.module.startsWith('asyncio.')) return `asyncio.${cls.name}.${name}`;
  if (cls.module === 'builtins') return `${cls.name}.${name}`;
  return `${cls.module}.${cls.name}.${name}`;
}

/**
 * The stop for reading attribute `name` of `obj` when Loopscope lacks it but CPython has it, or
 * null when CPython lacks it too (the AttributeError is then the scenario's own).
 */
export function unmodelledAttribute(obj: unknown, name: string): NotModelled | null {
  if (obj instanceof PyModule) {
    return MODULE_NAMES.get(obj.name)?.has(name) === true ? new NotModelled(`${obj.name}.${name}`) : null;
  }
  const cls = obj instanceof PyClass ? obj : typeOf(obj);
  const known = cpythonClass(cls);
  if (known === null) return null;
  // A class's own attributes are its instances' (dir() of an instance includes the class's).
  return TYPE_NAMES.get(cpythonKey(known))?.has(name) === true ? new NotModelled(attributeName(known, name)) : null;
}

/**
 * The stop for setting attribute `name` on a builtin or host object when CPython allows it
 * (`loop.slow_callback_duration = 0.5`, or any new attribute of an object whose class is written
 * in Python in CPython, such as a Lock), or null when CPython refuses it too.
 */
export function unmodelledSetAttribute(obj: unknown, name: string): NotModelled | null {
  const cls = obj instanceof PyInstance ? null : typeOf(obj);
  // Objects of C types (list, Task...) and of classes with __slots__ (Handle) take no new
  // attributes in CPython either.
  if (cls === null || cls.isUser || !cls.pythonLevel || SLOTTED.has(cls.name)) return null;
  if (TYPE_NAMES.get(cpythonKey(cls))?.has(name) === true) return new NotModelled(`setting ${attributeName(cls, name)}`);
  return new NotModelled(`new attributes on ${attributeName(cls, '').slice(0, -1)} objects`);
}

/** Python-level classes of asyncio whose instances have __slots__, hence no new attributes. */
const SLOTTED = new Set(['Handle', 'TimerHandle']);

/** The stop for a builtin CPython has but Loopscope does not, or null for an undefined name. */
export function unmodelledBuiltin(name: string): NotModelled | null {
  return BUILTIN_NAMES.has(name) ? new NotModelled(`builtin ${name}`) : null;
}
