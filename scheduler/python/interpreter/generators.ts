/**
 * Generators: a `def` whose body contains `yield`. Its body runs on the same runner as a
 * coroutine's (exec.ts), whose `yield` statements come out as AgenYield values; the generator
 * object turns each into the value next() returns, and the body's end into StopIteration (with
 * the value of its `return`). `yield from` delegates to another iterator (PEP 380).
 */
import { liveGenerators } from './collect.ts';
import { DONE, PyClass, fakeAddress, isInstance, typeName } from './values.ts';
import type { Code, Frame, Gen } from './frame.ts';
import {
  PyBaseException,
  PyGeneratorExit,
  PyStopIteration,
  isExceptionClass,
  runtimeError,
  typeError,
  valueError,
  type PyExc,
} from './exceptions.ts';
import { depth, instantiate } from './calls.ts';
import { AgenYield, generatorBody } from './exec.ts';
import { GENERATOR_TYPE, PyIter, pyIter } from './iter.ts';
import { methods, properties } from './args.ts';

export class PyGenerator extends PyIter {
  declare $t: PyClass;
  /** gi_running */
  running = false;
  /** The body ran to its end (or raised): every later next() is StopIteration. */
  finished = false;
  started = false;
  /** The value of the body's `return`, for `yield from` and StopIteration.value. */
  returnValue: unknown = null;

  constructor(
    private readonly body: Gen<unknown>,
    readonly frame: Frame,
    readonly qualname: string,
  ) {
    super();
  }

  private end(): void {
    if (this.started && !this.finished) liveGenerators.count--;
    this.finished = true;
  }

  /** next(gen): the next value, or DONE when the body ends. */
  next(): unknown {
    return this.resume(false, null);
  }

  /** gen.send(v) */
  send(value: unknown): unknown {
    if (!this.started && value !== null) throw typeError("can't send non-None value to a just-started generator");
    return this.resume(false, value);
  }

  /** gen.throw(e): raise e at the paused yield; the next value, or DONE. */
  throwInto(e: PyBaseException): unknown {
    if (this.finished || !this.started) {
      this.finished = true;
      throw e;
    }
    return this.resume(true, e);
  }

  /** gen.close(): GeneratorExit at the paused yield, so that its finally blocks run. */
  close(): void {
    if (this.finished) return;
    if (!this.started) {
      this.finished = true;
      return;
    }
    try {
      const v = this.resume(true, new PyGeneratorExit());
      if (v !== DONE) throw runtimeError('generator ignored GeneratorExit');
    } catch (e) {
      if (e instanceof PyGeneratorExit || e instanceof PyStopIteration) return;
      throw e;
    }
  }

  private resume(thrown: boolean, value: unknown): unknown {
    if (this.finished) {
      if (thrown) throw value;
      return DONE;
    }
    if (this.running) throw valueError('generator already executing');
    this.running = true;
    if (!this.started) {
      this.started = true;
      liveGenerators.count++;
      // The frame counts one level deeper than the code that first resumes it.
      this.frame.depth = depth.n + 1;
    }
    const saved = depth.n;
    try {
      let r = thrown ? this.body.throw(value) : this.body.next(value);
      for (;;) {
        if (r.done === true) {
          this.end();
          this.returnValue = r.value === undefined ? null : r.value;
          return DONE;
        }
        if (r.value instanceof AgenYield) return r.value.value;
        // Not a yield: the runner is handing a halt up (a deadlock or a limit); let it surface.
        r = this.body.next();
      }
    } catch (e) {
      this.end();
      // PEP 479: a StopIteration escaping the body is a RuntimeError.
      if (e instanceof PyStopIteration && (e as PyExc).pyTraceback !== undefined) {
        const wrapped = runtimeError('generator raised StopIteration');
        wrapped.pyCause = e;
        throw wrapped;
      }
      throw e;
    } finally {
      this.running = false;
      depth.n = saved;
    }
  }
}
PyGenerator.prototype.$t = GENERATOR_TYPE;

/** A generator function's call: the generator object, its body not started. */
export function makeGenExec(code: Code): (f: Frame) => unknown {
  return (f: Frame): unknown => new PyGenerator(generatorBody(code, f), f, code.qualname);
}

/** The exception gen.throw(type[, value]) raises: an instance, or the class called. */
export function exceptionArgument(typ: unknown, value: unknown): PyBaseException {
  if (typ instanceof PyBaseException) return typ;
  if (typ instanceof PyClass && isExceptionClass(typ)) {
    if (value instanceof PyBaseException && isInstance(value, typ)) return value;
    const e = instantiate(typ, value === undefined || value === null ? [] : [value], null);
    if (e instanceof PyBaseException) return e;
  }
  throw typeError(`exceptions must be classes or instances deriving from BaseException, not ${typeName(typ)}`);
}

/**
 * `yield from it` in a generator body: every value of `it` goes out through the enclosing
 * generator, and what is sent or thrown in goes to `it` when it is a generator. Its value is
 * the sub-generator's return value.
 */
export function* yieldFrom(source: unknown): Gen<unknown> {
  if (!(source instanceof PyGenerator)) {
    const it = pyIter(source);
    for (;;) {
      const v = it.next();
      if (v === DONE) return null;
      yield new AgenYield(v) as unknown as null;
    }
  }
  let v = source.next();
  for (;;) {
    if (v === DONE) return source.returnValue;
    let sent: unknown = null;
    try {
      sent = yield new AgenYield(v) as unknown as null;
    } catch (e) {
      if (e instanceof PyGeneratorExit) {
        source.close();
        throw e;
      }
      if (!(e instanceof PyBaseException)) throw e;
      v = source.throwInto(e);
      continue;
    }
    v = sent === null || sent === undefined ? source.next() : source.send(sent);
  }
}

export function installGenerators(): void {
  GENERATOR_TYPE.reprFn = (g: PyIter) => `<generator object ${g instanceof PyGenerator ? g.qualname : '<genexpr>'} at ${fakeAddress(g)}>`;
  const asGen = (g: unknown, name: string): PyGenerator => {
    if (!(g instanceof PyGenerator)) throw typeError(`generator.${name}() is not supported on generator expressions in scenarios`);
    return g;
  };
  /** The value, or StopIteration carrying the generator's return value. */
  const stop = (g: PyIter, v: unknown): unknown => {
    if (v !== DONE) return v;
    const returned = g instanceof PyGenerator ? g.returnValue : null;
    throw new PyStopIteration(...(returned === null ? [] : [returned]));
  };
  methods(GENERATOR_TYPE, {
    __next__: (g: PyIter) => stop(g, g.next()),
    __iter__: (g: PyIter) => g,
    send: (g: unknown, a) => {
      const gen = asGen(g, 'send');
      if (a.length !== 1) throw typeError(`generator.send() takes exactly one argument (${a.length} given)`);
      return stop(gen, gen.send(a[0]));
    },
    throw: (g: unknown, a) => {
      const gen = asGen(g, 'throw');
      if (a.length < 1 || a.length > 3) throw typeError(`throw expected at least 1 argument, got ${a.length}`);
      return stop(gen, gen.throwInto(exceptionArgument(a[0], a[1])));
    },
    close: (g: unknown) => {
      asGen(g, 'close').close();
      return null;
    },
  });
  properties(GENERATOR_TYPE, {
    gi_running: (g: unknown) => g instanceof PyGenerator && g.running,
    __name__: (g: unknown) => (g instanceof PyGenerator ? g.qualname.split('.').pop() : '<genexpr>'),
    __qualname__: (g: unknown) => (g instanceof PyGenerator ? g.qualname : '<genexpr>'),
  });
}
