/**
 * Running compiled code: statement runners, coroutine objects, `await`, async generators.
 *
 * A coroutine object is the JS generator of its function's body runner, so a task drives it
 * directly (Task.step calls next/throw) and `await coro` is `yield* coro` in the awaiting frame:
 * no wrapper objects, no extra generator levels. Each `async def` gets its own runner function
 * (a closure of one shared source), whose prototype names the coroutine (`coroName`) and chains
 * to CORO_PROTO, which gives every coroutine its Python type and its `currentLine`.
 *
 * `await` of a pending future yields the future to the task (Future.__await__); `await
 * asyncio.sleep(0)` is recognised at the call site and yields a bare None, exactly what
 * asyncio.sleep(0) does, without building the coroutine object.
 */
import { failedFutures, frameEnded, liveGenerators, loopLetGo } from './collect.ts';
import { Future, PENDING, isCoroutine, type Suspension } from '../../asyncio/future.ts';
import { LoopHalted } from '../../asyncio/run.ts';
import { armSleep, disarmSleep, sleep } from '../../asyncio/sleep.ts';
import { labelled } from '../../loop/handle.ts';
import { peekRunningLoop } from '../../loop/running.ts';
import type { LoopHalt } from '../../loop/loop.ts';
import { FormatSpecError } from '../format.ts';
import {
  ASYNC_GENERATOR,
  COROUTINE,
  DONE,
  OBJECT,
  fakeAddress,
  PyInstance,
  PyList,
  makeClass,
  registerHostPredicate,
  typeName,
  type PyClass,
} from './values.ts';
import {
  BREAK,
  CONTINUE,
  K_AWAIT,
  K_FOR,
  K_SYNC,
  K_WHILE,
  NORMAL,
  RETURN,
  type Code,
  type Frame,
  type Gen,
  type Stmt,
} from './frame.ts';
import {
  PyBaseException,
  PyGeneratorExit,
  PyMemoryError,
  PyOverflowError,
  PyValueError,
  PyRuntimeError,
  PyStopAsyncIteration,
  runtimeError,
  typeError,
  notePosition,
  type PyExc,
  type TracebackEntry,
} from './exceptions.ts';
import { B, ScenarioHalt, overBudget } from './budget.ts';
import { MemoryLimitReached } from './memory.ts';
import { TASK_ROOT_DEPTH, depth, recursionError, callDunder, lookupDunder } from './calls.ts';
import { pyIter, type PyIter } from './iter.ts';
import { NotModelled } from './unmodelled.ts';

// ---------------------------------------------------------------------------------------------
// Await bookkeeping

/** The line of the innermost await that suspended last (read by the trace as coro.currentLine). */
export const AL = { line: 0 };

/**
 * The line and frame of the call being made, for builtins that record where they were called
 * from (print, create_task, logging's funcName and lineno).
 */
export const CALL: { line: number; frame: Frame | null } = { line: 0, frame: null };

/** What a statement's prep returns for `await asyncio.sleep(d)` with d <= 0: yield once, inline. */
export const SLEEP0 = { sleep0: true };
/**
 * What it returns for `await asyncio.sleep(d)` with a number d > 0: the runner arms the timer
 * (armSleep) and awaits its future itself, with sleep()'s `finally`, and no coroutine object.
 */
export const SLEEP_TIMER = { sleepTimer: true };
/** The `delay` and `result` arguments of those inlined sleeps. */
export const S0 = { delay: 0, result: null as unknown };

/** An `await` of something that is not a future or coroutine, but knows how to be awaited. */
export interface HostAwaitable {
  $await(): Gen<unknown>;
}

function isHostAwaitable(v: unknown): v is HostAwaitable {
  return typeof v === 'object' && v !== null && typeof (v as HostAwaitable).$await === 'function';
}

/** The prototype every scenario coroutine object inherits from (via its function's runner). */
const GENERATOR_PROTOTYPE = Object.getPrototypeOf(function* () {}.prototype) as object;
export const CORO_PROTO: object = Object.create(GENERATOR_PROTOTYPE, {
  currentLine: {
    get(): number {
      return AL.line;
    },
  },
  awaitStack: {
    get(this: PyCoroutine): number[] | null {
      return awaitStackOf(this.fr);
    },
  },
  innermostLine: {
    get(this: PyCoroutine): number {
      return innermostLineOf(this.fr);
    },
  },
  $t: { value: COROUTINE },
  coroName: { value: 'coroutine', writable: true },
});
/** `x instanceof CoroMarker` is true for scenario coroutine objects. */
export function CoroMarker(): void {}
CoroMarker.prototype = CORO_PROTO;

/** A scenario coroutine object. */
export type PyCoroutine = Gen<unknown> & { fr: Frame; coroName: string; currentLine: number };

/** Numbers for the frames an await stack names, per run (resetFrameIds), so that traces repeat exactly. */
const FRAME_IDS = { next: 1 };

export function resetFrameIds(): void {
  FRAME_IDS.next = 1;
}

/**
 * The frames a suspended task is inside, from its coroutine's frame down the `aw` links to the
 * frame that awaits, as (line, frame id) pairs: what the trace's Stack event records (the last
 * line is the await's, AL.line). Null for a lone frame, the common case, so nothing is allocated.
 */
function awaitStackOf(root: Frame): number[] | null {
  const next = root.aw;
  if (next === null || next.st !== 1) return null;
  const pairs: number[] = [];
  for (let frame: Frame | null = root; frame !== null && (frame === root || frame.st === 1); frame = frame.aw) {
    if (frame.id === 0) frame.id = FRAME_IDS.next++;
    pairs.push(frame.line, frame.id);
  }
  pairs[pairs.length - 2] = AL.line;
  return pairs;
}

/** The line the task's innermost running frame is at (its own statement, not the last await anywhere). */
function innermostLineOf(root: Frame): number {
  let frame = root;
  while (frame.aw !== null && frame.aw.st === 1) frame = frame.aw;
  return frame.line;
}

export function isPyCoroutine(v: unknown): v is PyCoroutine {
  return v instanceof (CoroMarker as unknown as new () => object);
}

// Scheduler coroutines (asyncio.sleep(1), lock.acquire()...) are plain generators: Python type 'coroutine'.
registerHostPredicate((v) => isCoroutine(v), COROUTINE);

/**
 * The scheduler's coroutines (asyncio.sleep(1), lock.acquire()) that an await has started: a JS
 * generator awaited again would just report being done, where CPython raises "cannot reuse
 * already awaited coroutine".
 */
const awaitedHostCoroutines = new WeakSet<object>();

/** Has an await already started this scheduler coroutine? */
export function hostCoroutineAwaited(c: object): boolean {
  return awaitedHostCoroutines.has(c);
}

function reuseError(): PyExc {
  return runtimeError('cannot reuse already awaited coroutine');
}

function awaitError(a: unknown): PyExc {
  return typeError(`object ${typeName(a)} can't be used in 'await' expression`);
}

/** Results crossing from the scheduler: gather() gives JS arrays, Python sees lists. */
export function fromHost(v: unknown): unknown {
  return Array.isArray(v) ? new PyList(v) : v;
}

/**
 * `await a` for anything awaitable (the runners inline the common cases). `from` is the awaiting
 * frame, when there is one: it links to an awaited coroutine's frame for the await stack.
 */
export function* awaitAny(a: unknown, line: number, parentDepth = 0, from: Frame | null = null): Gen<unknown> {
  if (a instanceof Future) {
    if (a.state === PENDING) {
      a.blocking = true;
      AL.line = line;
      yield a;
      if (a.state === PENDING) throw new PyRuntimeError("await wasn't used with future");
    }
    return fromHost(a.result());
  }
  if (isPyCoroutine(a)) {
    if (a.fr.st !== 0) throw reuseError();
    if (parentDepth > 0) a.fr.depth = parentDepth + 1;
    if (from === null) return yield* a;
    from.aw = a.fr;
    const result = yield* a;
    from.aw = null;
    return result;
  }
  if (a === SLEEP0) {
    const r = S0.result;
    AL.line = line;
    yield null;
    return r;
  }
  if (a === SLEEP_TIMER) {
    const delay = S0.delay;
    const result = S0.result;
    AL.line = line;
    return yield* sleep(delay, result);
  }
  if (isHostAwaitable(a)) return fromHost(yield* a.$await());
  if (isCoroutine(a)) {
    if (awaitedHostCoroutines.has(a)) throw reuseError();
    awaitedHostCoroutines.add(a);
    AL.line = line;
    return fromHost(yield* a as Gen<unknown>);
  }
  if (a instanceof PyInstance && lookupDunder(a, '__await__') !== undefined) {
    throw typeError(`__await__ is not supported in scenarios (${typeName(a)})`);
  }
  throw awaitError(a);
}

// ---------------------------------------------------------------------------------------------
// Halts and host errors

/**
 * A "future" the Task cannot accept: Task.__step reads `yielded.loop` to check it, and the getter
 * throws the LoopHalted, which then unwinds the loop like a deadlock. This is how a coroutine
 * frame stops the whole run (Task.__step would turn a plain exception into a task failure).
 */
export function poison(h: LoopHalted): Suspension {
  const p = Object.create(Future.prototype) as Future<unknown>;
  Object.defineProperty(p, 'loop', {
    get() {
      throw h;
    },
  });
  return p;
}

export function isHalt(e: unknown): boolean {
  return e instanceof LoopHalted || e instanceof ScenarioHalt;
}

/** The interpreter itself failed: stop the run with an internal-error limit rather than crash. */
export function internalHalt(e: unknown): LoopHalted | ScenarioHalt {
  const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const message = `internal error in the interpreter (${what}); please report it with the scenario`;
  const loop = peekRunningLoop();
  if (loop === null) return new ScenarioHalt('internal', message);
  return new LoopHalted({ kind: 'limit', reason: 'internal', message } as unknown as LoopHalt, loop, null);
}

/**
 * The host's own stack ran out: V8's RangeError "Maximum call stack size exceeded", which may
 * also surface as another error when the overflow hit inside the engine (compiling a regular
 * expression gives a SyntaxError "Invalid regular expression: /.../: Maximum call stack size
 * exceeded"), or SpiderMonkey's "too much recursion". Checked with plain string searches: this
 * runs at the depth where the stack ran out, with no room for compiling a regular expression.
 */
export function isHostStackOverflow(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const m = e.message;
  return typeof m === 'string' && (m.includes('Maximum call stack size exceeded') || m.includes('too much recursion'));
}

/** Python exceptions for host failures: the JS stack (RecursionError) and memory (MemoryError). */
export function hostToPython(e: unknown): PyBaseException | null {
  if (isHostStackOverflow(e)) return recursionError();
  // An error CPython raises while turning numbers into text (format.ts stays free of the interpreter).
  if (e instanceof FormatSpecError) return e.pyType === 'OverflowError' ? new PyOverflowError(e.message) : new PyValueError(e.message);
  if (e instanceof MemoryLimitReached) return new PyMemoryError(e.message);
  if (e instanceof RangeError && /Invalid (string|array|typed array) length|BigInt|allocation|too large/i.test(e.message)) return new PyMemoryError();
  return null;
}

/**
 * The exception leaves a frame of `name` at `line`: one more traceback entry, outermost first. The
 * first entry is the frame that raised it, which is also where its task is noted: it is still that
 * task's step running (awaited coroutines run inside their awaiter's task).
 */
export { notePosition };

export function addTraceback(e: PyBaseException, name: string, line: number, f: Frame | null = null): void {
  const x = e as PyExc;
  const pos = x.$pos;
  if (pos !== undefined) x.$pos = undefined;
  // Library modules written in Python (pylib/) stay out of tracebacks, as C modules do.
  if (name === '') return;
  if (x.pyTraceback === undefined || x.pyTraceback.length === 0) x.pyTask = peekRunningLoop()?.currentTask?.serial ?? -1;
  const entry: TracebackEntry = { name, line };
  if (pos !== undefined && pos.frame === f) entry.at = pos.at;
  (x.pyTraceback ??= []).unshift(entry);
}


// ---------------------------------------------------------------------------------------------
// Statement runners

export function runSync(f: Frame, stmts: readonly Stmt[]): number {
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i]!;
    f.line = s.line;
    if (--B.n < 0) overBudget(s.line);
    const r = s.run(f);
    if (r !== NORMAL) return r;
  }
  return NORMAL;
}

// What a runner runs: a function body, a block, or a loop whose body may suspend.
const MODE_BODY = 0;
const MODE_BLOCK = 1;
const MODE_FOR = 2;
const MODE_WHILE = 3;

// The runner's phases (see run).
const RUN = 0;
const END_BLOCK = 1;
const ITERATE = 2;
const END_LEVEL = 3;

type Assign = (f: Frame, v: unknown) => void;
type Test = (f: Frame) => boolean;
/** A level of statements the runner left to run a loop inline, and where it resumes. */
interface Level {
  stmts: readonly Stmt[];
  i: number;
  mode: number;
  it: PyIter | null;
  assign: Assign | null;
  test: Test | null;
  outer: Level | null;
}

type Runner = (
  f: Frame,
  stmts: readonly Stmt[],
  mode: number,
  it: PyIter | null,
  assign: Assign | null,
  test: Test | null,
  name: string,
) => Gen<unknown>;

/**
 * The one runner of statements that may suspend, with the await of K_AWAIT statements inlined
 * (see awaitAny for the cases). It runs a coroutine's whole body (MODE_BODY), a nested block, or
 * a `for`/`while` loop around its body, so that a loop costs one generator, not one per
 * iteration; and the loops it meets among its statements (K_FOR, K_WHILE) it enters itself,
 * keeping the interrupted level in a Level, so they cost no generator at all. As a body runner it also turns what must not reach Task.__step into what must: a
 * halt becomes a poison suspension, a host failure a Python exception or an internal-error halt.
 *
 * Each `async def` gets its own closure of this function (makeRunner), whose prototype names
 * its coroutine objects; closures of one function literal share V8's feedback and code.
 */
function makeRunner(): Runner {
  return function* run(f, stmts, mode, it, assign, test, name): Gen<unknown> {
    // `mode` changes while a loop runs inline; the catch below needs the runner's own.
    const isBody = mode === MODE_BODY;
    if (isBody) f.st = 1;
    // The levels the running one interrupted (declared here for the catch: the loops an exception leaves).
    let outer: Level | null = null;
    try {
      if (isBody) {
        // Started by a task (or the scheduler) rather than awaited by a scenario coroutine.
        if (f.depth === 0) f.depth = TASK_ROOT_DEPTH;
        if (f.depth > depth.max) throw recursionError();
        depth.n = f.depth;
      }
      // The level being run is the runner's own statements or a loop entered inline (K_FOR,
      // K_WHILE); the levels it interrupted wait in `outer`. `phase` says what comes next:
      // statements from `i`, the end of a pass through the block with signal `r`, the next
      // iteration of a loop, or the end of the level.
      let phase = mode === MODE_FOR || mode === MODE_WHILE ? ITERATE : RUN;
      let i = 0;
      let r = NORMAL;
      for (;;) {
        if (phase === RUN) {
          r = NORMAL;
          while (i < stmts.length) {
            const s = stmts[i++]!;
            f.line = s.line;
            if (--B.n < 0) overBudget(s.line);
            const k = s.k;
            if (k === K_SYNC) r = s.run(f);
            else if (k === K_AWAIT) {
              const a = s.prep(f);
              let res: unknown;
              // What the await raises comes out of the await expression (the carets' place).
              try {
                if (a === SLEEP0) {
                  const r0 = S0.result;
                  AL.line = s.line;
                  yield null;
                  depth.n = f.depth;
                  res = r0;
                } else if (a === SLEEP_TIMER) {
                  // sleep()'s body for a delay > 0, written out: the hot path of every timed sleep.
                  const future = armSleep(S0.delay, S0.result);
                  try {
                    future.blocking = true;
                    AL.line = s.line;
                    yield future;
                    if (future.state === PENDING) throw new PyRuntimeError("await wasn't used with future");
                  } finally {
                    disarmSleep(future);
                  }
                  depth.n = f.depth;
                  res = future.result();
                } else if (a instanceof Future) {
                  if (a.state === PENDING) {
                    a.blocking = true;
                    AL.line = s.line;
                    yield a;
                    if (a.state === PENDING) throw new PyRuntimeError("await wasn't used with future");
                    depth.n = f.depth;
                  }
                  res = fromHost(a.result());
                } else if (isPyCoroutine(a)) {
                  if (a.fr.st !== 0) throw reuseError();
                  a.fr.depth = f.depth + 1;
                  f.aw = a.fr;
                  res = yield* a;
                  f.aw = null;
                  depth.n = f.depth;
                } else if (isCoroutine(a) && !isHostAwaitable(a)) {
                  // A scheduler coroutine such as asyncio.sleep(d): delegate directly, as awaitAny
                  // would, without allocating its generator on this hot path.
                  if (awaitedHostCoroutines.has(a)) throw reuseError();
                  awaitedHostCoroutines.add(a);
                  AL.line = s.line;
                  res = fromHost(yield* a as Gen<unknown>);
                  depth.n = f.depth;
                } else {
                  res = yield* awaitAny(a, s.line, f.depth, f);
                  depth.n = f.depth;
                }
              } catch (e) {
                throw notePosition(e, f, s.at!);
              }
              r = s.post(f, res);
            } else if (k === K_FOR || k === K_WHILE) {
              const entered = k === K_FOR ? pyIter(s.iter(f)) : null;
              outer = { stmts, i, mode, it, assign, test, outer };
              stmts = s.body;
              mode = k === K_FOR ? MODE_FOR : MODE_WHILE;
              it = entered;
              assign = s.store;
              test = s.test;
              phase = ITERATE;
              break;
            } else {
              r = (yield* s.gen(f)) as number;
              depth.n = f.depth;
            }
            if (r !== NORMAL) break;
          }
          if (phase === ITERATE) continue;
          phase = END_BLOCK;
        }
        if (phase === END_BLOCK) {
          if (mode !== MODE_FOR && mode !== MODE_WHILE) phase = END_LEVEL;
          else if (r === NORMAL || r === CONTINUE) phase = ITERATE;
          else {
            if (r === BREAK) r = NORMAL;
            // A for loop left by break or return lets go of its iterator.
            if (mode === MODE_FOR) loopLetGo(it, f);
            phase = END_LEVEL;
          }
        }
        if (phase === ITERATE) {
          i = 0;
          if (mode === MODE_FOR) {
            const item = it!.next();
            if (item === DONE) phase = END_LEVEL;
            else {
              assign!(f, item);
              phase = RUN;
            }
          } else phase = test!(f) ? RUN : END_LEVEL;
          if (phase === RUN) continue;
          r = NORMAL;
        }
        // END_LEVEL, with the level's signal in r (a loop's is NORMAL or RETURN).
        if (outer === null) {
          if (mode === MODE_BODY) {
            f.st = 2;
            // The frame's locals go: generators only it held are dropped (see collect.ts).
            if (liveGenerators.count > 0 || failedFutures.count > 0) frameEnded(f);
            return r === RETURN ? f.ret : null;
          }
          return r;
        }
        ({ stmts, i, mode, it, assign, test } = outer);
        outer = outer.outer;
        // The loop statement of that level has ended: go on after it, or end its block with RETURN.
        phase = r === NORMAL ? RUN : END_BLOCK;
      }
    } catch (e) {
      if (e instanceof PyBaseException) letGoOfLoops(f, mode, it, outer);
      if (!isBody) throw e;
      f.st = 2;
      if (e instanceof PyBaseException) {
        addTraceback(e, name, f.line, f);
        if (liveGenerators.count > 0 || failedFutures.count > 0) frameEnded(f);
        throw e;
      }
      if (e instanceof NotModelled) {
        // Loopscope's gap, met in this frame (or noted by a function it called): stop the run.
        e.at(f.line);
        const halt = e.halt();
        if (halt instanceof LoopHalted) yield poison(halt);
        throw halt;
      }
      if (e instanceof LoopHalted) {
        yield poison(e);
        throw e;
      }
      const converted = hostToPython(e);
      if (converted !== null) {
        addTraceback(converted, name, f.line, f);
        throw converted;
      }
      const halt = internalHalt(e);
      if (halt instanceof LoopHalted) yield poison(halt);
      throw halt;
    }
  };
}

/** An exception leaves the runner's loops, innermost first: each lets go of its iterator. */
function letGoOfLoops(f: Frame, mode: number, it: PyIter | null, outer: Level | null): void {
  if (liveGenerators.count === 0) return;
  if (mode === MODE_FOR) loopLetGo(it, f);
  for (let level = outer; level !== null; level = level.outer) if (level.mode === MODE_FOR) loopLetGo(level.it, f);
}

const SHARED_RUNNER = makeRunner();

/** Statements that may suspend. */
export function runGen(f: Frame, stmts: readonly Stmt[]): Gen<number> {
  return SHARED_RUNNER(f, stmts, MODE_BLOCK, null, null, null, '') as Gen<number>;
}

/** A `for` loop whose body may suspend. */
export function runForGen(f: Frame, it: PyIter, assign: Assign, body: readonly Stmt[]): Gen<number> {
  return SHARED_RUNNER(f, body, MODE_FOR, it, assign, null, '') as Gen<number>;
}

// ---------------------------------------------------------------------------------------------
// Function bodies

export function makeSyncExec(code: Code): (f: Frame) => unknown {
  const body = code.body;
  const name = tracebackName(code);
  return (f: Frame): unknown => {
    if (++depth.n > depth.max) {
      depth.n--;
      throw recursionError();
    }
    try {
      const sig = runSync(f, body);
      if (liveGenerators.count > 0 || failedFutures.count > 0) frameEnded(f);
      return sig === RETURN ? f.ret : null;
    } catch (e) {
      if (e instanceof PyBaseException) {
        addTraceback(e, name, f.line, f);
        throw e;
      }
      if (e instanceof NotModelled) e.at(f.line);
      const converted = hostToPython(e);
      if (converted !== null) {
        addTraceback(converted, name, f.line, f);
        throw converted;
      }
      throw e;
    } finally {
      depth.n--;
    }
  };
}

export function makeLambdaExec(code: Code): (f: Frame) => unknown {
  const body = code.lambdaBody!;
  return (f: Frame): unknown => {
    if (++depth.n > depth.max) {
      depth.n--;
      throw recursionError();
    }
    f.line = code.line;
    try {
      return body(f);
    } catch (e) {
      if (e instanceof PyBaseException) {
        addTraceback(e, code.library ? '' : '<lambda>', f.line, f);
        throw e;
      }
      if (e instanceof NotModelled) e.at(f.line);
      const converted = hostToPython(e);
      if (converted !== null) throw converted;
      throw e;
    } finally {
      depth.n--;
    }
  };
}

/** `async def` (without yield): calling it makes a coroutine object. */
export function makeCoroExec(code: Code): (f: Frame) => unknown {
  const runner = makeRunner();
  const proto = runner.prototype as object;
  Object.setPrototypeOf(proto, CORO_PROTO);
  Object.defineProperty(proto, 'coroName', { value: code.qualname, writable: true });
  const body = code.body;
  const name = tracebackName(code);
  return (f: Frame): unknown => {
    const g = runner(f, body, MODE_BODY, null, null, null, name) as PyCoroutine;
    g.fr = f;
    return g;
  };
}

// ---------------------------------------------------------------------------------------------
// Async generators

/** What an async generator's body yields for `yield v` (awaits yield futures or None). */
export class AgenYield {
  constructor(readonly value: unknown) {}
}

export const ASYNC_GEN_ASEND = makeClass('async_generator_asend', OBJECT);
export const ASYNC_GEN_ATHROW = makeClass('async_generator_athrow', OBJECT);

/**
 * An async generator object. Its body runs in whichever task iterates it: __anext__ drives the
 * body generator, passing awaited futures up to the task, until the body yields a value.
 */
export class PyAsyncGen {
  declare $t: PyClass;
  /** ag_running: a step is in progress. */
  running = false;
  /** ag_closed / finished */
  closed = false;
  /** The body has started (firstiter hook ran). */
  started = false;
  /** The agen that was abandoned by `async for` and handed to the loop's finalizer. */
  finalized = false;
  constructor(
    readonly gen: Gen<unknown>,
    readonly frame: Frame,
    readonly qualname: string,
  ) {}

  repr(): string {
    return `<async_generator object ${this.qualname} at ${fakeAddress(this)}>`;
  }

  private firstIter(): void {
    if (this.started) return;
    this.started = true;
    liveGenerators.count++;
    const loop = peekRunningLoop();
    if (loop !== null) loop.asyncgens.add(this);
  }

  private finish(): void {
    if (this.started && !this.closed) liveGenerators.count--;
    this.closed = true;
    const loop = peekRunningLoop();
    if (loop !== null) loop.asyncgens.delete(this);
  }

  /**
   * One __anext__ (athrow when `thrown` is given, asend when `sent` is): the next value, or
   * StopAsyncIteration. `sent` is what the suspended `yield` evaluates to.
   */
  *step(thrown: PyBaseException | null = null, sent: unknown = null): Gen<unknown> {
    if (this.closed) {
      if (thrown !== null) throw thrown;
      throw new PyStopAsyncIteration();
    }
    if (this.running) throw runtimeError('anext(): asynchronous generator is already running');
    this.firstIter();
    this.running = true;
    try {
      let r = thrown === null ? this.gen.next(sent) : this.gen.throw(thrown);
      for (;;) {
        if (r.done === true) {
          this.finish();
          throw new PyStopAsyncIteration();
        }
        const y = r.value;
        if (y instanceof AgenYield) return y.value;
        let resumed: unknown;
        let error: unknown = null;
        let failed = false;
        try {
          resumed = yield y;
        } catch (e) {
          error = e;
          failed = true;
        }
        r = failed ? this.gen.throw(error) : this.gen.next(resumed);
      }
    } catch (e) {
      if (e instanceof PyBaseException) {
        if (!this.closed) this.finish();
        if (e instanceof PyStopAsyncIteration && !(thrown instanceof PyStopAsyncIteration) && e !== thrown) {
          // StopAsyncIteration raised inside the body, not the end of iteration.
          if ((e as PyExc).pyTraceback !== undefined) {
            const wrapped = runtimeError('async generator raised StopAsyncIteration');
            wrapped.pyCause = e;
            throw wrapped;
          }
        }
      }
      throw e;
    } finally {
      this.running = false;
    }
  }

  /**
   * agen.aclose(): throw GeneratorExit in at the suspended yield and let finally blocks run.
   * `thrown` replaces GeneratorExit when the aclose() awaitable itself is thrown into before it
   * started (a cancelled closing task): CPython then throws that exception into the generator.
   */
  *closeBody(thrown: PyBaseException | null = null): Gen<unknown> {
    if (this.closed || !this.started) {
      this.finish();
      if (thrown !== null) throw thrown;
      return null;
    }
    if (this.running) throw runtimeError('aclose(): asynchronous generator is already running');
    this.running = true;
    try {
      let r: IteratorResult<Suspension | AgenYield, unknown>;
      try {
        r = this.gen.throw(thrown ?? new PyGeneratorExit()) as IteratorResult<Suspension | AgenYield, unknown>;
      } catch (e) {
        this.finish();
        if (e instanceof PyGeneratorExit || e instanceof PyStopAsyncIteration) return null;
        throw e;
      }
      for (;;) {
        if (r.done === true) {
          this.finish();
          return null;
        }
        const y = r.value;
        if (y instanceof AgenYield) {
          this.finish();
          throw runtimeError('async generator ignored GeneratorExit');
        }
        let sent: unknown;
        let error: unknown = null;
        let failed = false;
        try {
          sent = yield y as Suspension;
        } catch (e) {
          error = e;
          failed = true;
        }
        try {
          r = (failed ? this.gen.throw(error) : this.gen.next(sent)) as IteratorResult<Suspension | AgenYield, unknown>;
        } catch (e) {
          this.finish();
          if (e instanceof PyGeneratorExit || e instanceof PyStopAsyncIteration) return null;
          throw e;
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** For the loop's shutdown_asyncgens and the finalizer: agen.aclose() as a coroutine. */
  aclose(): Gen<unknown> & { coroName?: string } {
    return new AcloseCoroutine(this) as unknown as Gen<unknown> & { coroName?: string };
  }
}
PyAsyncGen.prototype.$t = ASYNC_GENERATOR;

/**
 * The coroutine of agen.aclose() given to a task. Unlike a generator, it accepts an exception
 * before it has started: CPython's athrow throws it straight into the async generator (a closing
 * task cancelled before its first step still runs the generator's finally blocks).
 */
class AcloseCoroutine {
  private inner: Gen<unknown> | null = null;
  readonly coroName: string;
  constructor(private readonly agen: PyAsyncGen) {
    this.coroName = `${agen.qualname}.aclose`;
  }
  next(v?: unknown): IteratorResult<Suspension, unknown> {
    this.inner ??= this.agen.closeBody();
    return this.inner.next(v);
  }
  throw(e: unknown): IteratorResult<Suspension, unknown> {
    if (this.inner === null) {
      this.inner = this.agen.closeBody(e instanceof PyBaseException ? e : null);
      return this.inner.next();
    }
    return this.inner.throw(e);
  }
  return(v: unknown): IteratorResult<Suspension, unknown> {
    this.inner ??= this.agen.closeBody();
    return this.inner.return(v);
  }
  [Symbol.iterator](): this {
    return this;
  }
  get currentLine(): number {
    return AL.line;
  }
}

/** The awaitable agen.__anext__() / asend() / athrow() return. */
export class AgenAwaitable implements HostAwaitable {
  declare $t: PyClass;
  constructor(
    readonly agen: PyAsyncGen,
    readonly mode: 'next' | 'throw' | 'close',
    readonly error: PyBaseException | null = null,
    /** asend's value: what the generator's suspended `yield` evaluates to. */
    readonly sent: unknown = null,
  ) {}
  $await(): Gen<unknown> {
    if (this.mode === 'close') return this.agen.closeBody();
    if (this.sent !== null && !this.agen.started) throw typeError("can't send non-None value to a just-started async generator");
    return this.agen.step(this.error, this.sent);
  }
}
AgenAwaitable.prototype.$t = ASYNC_GEN_ASEND;

export function makeAsyncGenExec(code: Code): (f: Frame) => unknown {
  const body = code.body;
  const name = tracebackName(code);
  return (f: Frame): unknown => new PyAsyncGen(SHARED_RUNNER(f, body, MODE_BODY, null, null, null, name), f, code.qualname);
}

/** A generator function's body, as the runner runs it: its yields come out as AgenYield. */
export function generatorBody(code: Code, f: Frame): Gen<unknown> {
  return SHARED_RUNNER(f, code.body, MODE_BODY, null, null, null, tracebackName(code));
}

/** The name a frame of this code has in tracebacks; '' leaves library frames out. */
export function tracebackName(code: Code): string {
  return code.library ? '' : code.name;
}

/**
 * CPython's async-generator finalizer hook, for an agen abandoned by the `async for` that created
 * it: `call_soon_threadsafe(create_task, agen.aclose())`: a task one tick later, whose first
 * step (one more tick) runs the generator's finally blocks.
 */
export function finalizeAbandoned(agen: PyAsyncGen): void {
  if (agen.closed || !agen.started || agen.finalized) return;
  const loop = peekRunningLoop();
  if (loop === null) return;
  agen.finalized = true;
  loop.asyncgens.delete(agen);
  const closing = agen.aclose();
  loop.callSoon(
    labelled('BaseEventLoop.create_task', () => {
      loop.createTask(closing, { via: 'asyncgen finalizer' });
    }),
  );
}

/** `async for` over x: the async iterator and how to get its next value. */
export function asyncIterOf(x: unknown): { agen: PyAsyncGen | null; anext: () => Gen<unknown> } {
  if (x instanceof PyAsyncGen) return { agen: x, anext: () => x.step() };
  if (x instanceof PyInstance && lookupDunder(x, '__aiter__') !== undefined) {
    const it = callDunder(x, '__aiter__', []);
    if (it instanceof PyAsyncGen) return { agen: it, anext: () => it.step() };
    if (lookupDunder(it, '__anext__') === undefined) {
      throw typeError(`'async for' received an object from __aiter__ that does not implement __anext__: ${typeName(it)}`);
    }
    return { agen: null, anext: () => awaitAny(callDunder(it, '__anext__', []), AL.line) };
  }
  throw typeError(`'async for' requires an object with __aiter__ method, got ${typeName(x)}`);
}

