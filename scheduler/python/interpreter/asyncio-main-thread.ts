/**
 * The main thread runs an event loop: `asyncio.run(main())`, or, as older code does, a loop of its
 * own (`loop = asyncio.new_event_loop()` or `asyncio.get_event_loop()`, then
 * `loop.run_until_complete(main())` and `loop.close()`).
 *
 * Either way the trace marks where the main thread entered and left the loop, the process clock
 * takes the loop's time when it returns, and a loop the program made itself keeps its tasks and its
 * clock between two runs, as CPython's does. What such a loop leaves pending is destroyed when
 * the script ends ("Task was destroyed but it is pending!"), as the reference runner's exit does.
 */
import { debugHooks } from './asyncio-debug.ts';
import { EventLoop, type LoopOptions } from '../../loop/loop.ts';
import { peekRunningLoop, setEventLoopPolicy } from '../../loop/running.ts';
import { destroyPending, runForever, runUntilComplete } from '../../asyncio/run.ts';
import { Future, isCoroutine } from '../../asyncio/future.ts';
import type { Task } from '../../asyncio/task.ts';
import { PyBaseException } from './exceptions.ts';
import { holdWithTraceback } from '../../asyncio/held-by-traceback.ts';
import { runtimeError, typeError } from './exceptions.ts';
import { CALL, fromHost } from './exec.ts';
import { newEpoch } from './budget.ts';
import { bindPy, methods } from './args.ts';
import { EVENT_LOOP } from './asyncio-support.ts';
import type { Runtime } from './runtime.ts';

/** The options every loop of this run is made with (limits, trace, the process's clock). */
export function loopOptions(rt: Runtime): LoopOptions {
  return {
    trace: rt.recorder,
    process: rt.process,
    limits: { maxTicks: rt.maxTicks, maxTime: rt.maxTime, maxTasks: rt.maxTasks, livelockTicks: rt.livelockTicks },
    currentLine: () => CALL.line,
    startTime: rt.clock,
    ...(rt.progress === undefined ? {} : { progress: rt.progress }),
    onLoggedError: (message: string, exception: PyBaseException, task: Task<unknown> | null) => rt.noteLoggedError(message, exception, task),
  };
}

/** `run` with the main thread inside a loop: the trace marks it, and the clock comes back with the loop's time. */
export function onMainThreadLoop(rt: Runtime, loopOf: () => EventLoop | null, run: () => unknown): unknown {
  newEpoch();
  rt.recorder.loopEntered(CALL.line);
  try {
    return fromHost(run());
  } finally {
    const loop = loopOf();
    if (loop !== null) rt.clock = loop.clock;
    rt.recorder.loopExited();
    newEpoch();
  }
}

/**
 * run_until_complete's checks, which fail with its argument still in its frame: a coroutine
 * there lives as long as the exception (asyncio/held-by-traceback.ts).
 */
function holdingOnFailure<T>(argument: unknown, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof PyBaseException) holdWithTraceback(error, [argument]);
    throw error;
  }
}

/** The run each loop the program made belongs to (the loop object's methods are shared by all runs). */
const ownerOf = new WeakMap<EventLoop, OwnLoops>();

/** Loops the program made itself, and the one asyncio.get_event_loop() answers outside a running loop. */
export class OwnLoops {
  private readonly made: EventLoop[] = [];
  /** The event loop policy's current loop (set_event_loop, or made by get_event_loop). */
  private current: EventLoop | null = null;
  /** set_event_loop was called (asyncio.run calls it too): get_event_loop no longer makes a loop. */
  private setCalled = false;

  constructor(private readonly rt: Runtime) {
    setEventLoopPolicy(() => this.get());
  }

  /** asyncio.new_event_loop(). */
  make(): EventLoop {
    const loop = new EventLoop(loopOptions(this.rt));
    loop.debugHooks = debugHooks(this.rt);
    this.made.push(loop);
    ownerOf.set(loop, this);
    return loop;
  }

  /** asyncio.get_event_loop(): the running loop, else the current one (made on first use, as 3.11 does). */
  get(): EventLoop {
    const running = peekRunningLoop();
    if (running !== null) return running;
    if (this.current === null && this.setCalled) throw runtimeError("There is no current event loop in thread 'MainThread'.");
    this.current ??= this.make();
    return this.current;
  }

  /** asyncio.set_event_loop(loop). */
  set(loop: EventLoop | null): void {
    this.current = loop;
    this.setCalled = true;
  }

  /** loop.run_until_complete(future): run the loop until the future is done; its result, or its exception. */
  runUntilComplete(loop: EventLoop, awaitable: unknown): unknown {
    holdingOnFailure(awaitable, () => this.mayRun(loop));
    if (!(awaitable instanceof Future) && !isCoroutine(awaitable)) throw typeError('An asyncio.Future, a coroutine or an awaitable is required');
    return onMainThreadLoop(this.rt, () => loop, () => {
      const future = awaitable instanceof Future ? awaitable : loop.createTask(awaitable, { line: CALL.line, via: 'loop.run_until_complete' });
      runUntilComplete(loop, future, future !== awaitable);
      return future.result();
    });
  }

  /** loop.run_forever(): run until a callback calls loop.stop(). */
  runForever(loop: EventLoop): null {
    this.mayRun(loop);
    onMainThreadLoop(this.rt, () => loop, () => runForever(loop));
    return null;
  }

  /** BaseEventLoop._check_closed and _check_running, then the main thread's time passes to the loop. */
  private mayRun(loop: EventLoop): void {
    loop.checkRunnable();
    // The main thread's time (time.sleep between two runs) has passed for the loop too.
    loop.clock = Math.max(loop.clock, this.rt.clock);
  }

  /** At the end of the script: what the program's own loops left pending is destroyed. */
  scriptEnded(): void {
    for (const loop of this.made) destroyPending(loop);
  }
}

/** The run a loop to be run belongs to; asyncio.run's own loop is running, or else closed. */
function ownerToRun(loop: EventLoop): OwnLoops {
  const own = ownerOf.get(loop);
  if (own === undefined) throw runtimeError(loop.closed ? 'Event loop is closed' : 'This event loop is already running');
  return own;
}

/** run_until_complete and close on the loop object (asyncio.run's own loop is running, then closed). */
export function installOwnLoopMethods(): void {
  methods(EVENT_LOOP, {
    run_until_complete: (loop: EventLoop, a, kw) => {
      const [future] = bindPy('BaseEventLoop.run_until_complete', a, kw, ['future']);
      return holdingOnFailure(future, () => ownerToRun(loop)).runUntilComplete(loop, future);
    },
    run_forever: (loop: EventLoop, a, kw) => {
      bindPy('BaseEventLoop.run_forever', a, kw, []);
      return ownerToRun(loop).runForever(loop);
    },
    close: (loop: EventLoop, a, kw) => {
      bindPy('BaseEventLoop.close', a, kw, []);
      if (peekRunningLoop() === loop) throw runtimeError('Cannot close a running event loop');
      loop.closed = true;
      return null;
    },
  });
}
