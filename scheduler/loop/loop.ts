/**
 * The event loop: a deterministic model of asyncio's BaseEventLoop (Lib/asyncio/base_events.py)
 * running on a virtual clock.
 *
 * What is modelled: the two queues of `_run_once` and nothing else of the OS.
 *   - `ready`: a FIFO of handles (call_soon, task steps, future done callbacks).
 *   - `scheduled`: a heapq of timer handles (call_at, call_later), compared by deadline only.
 * One call of runOnce() is one tick: one pass of `_run_once`. The "selector" never sleeps: when
 * nothing is ready it moves the clock straight to the earliest deadline, and when there is no timer
 * either, the loop would block forever, which the model reports as a deadlock.
 *
 * Invariants, asserted below:
 *   1. Time moves only between ticks, in the selector; the one exception is a coroutine that blocks
 *      the loop (`time.sleep` in a task, see block()), which is exactly what it models.
 *   2. Time never goes backwards.
 *   3. Equal deadlines fire in CPython's heap order (heapq.ts is a port of Python's heapq).
 *   4. A tick runs exactly the handles that were ready when it began (`ntodo`); anything scheduled
 *      while they run waits for the next tick.
 *   5. A task is either queued to run once or registered on one pending future, never both.
 *
 * The loop has no Promises and no host timers: hosts (the CLI, a worker, tests) drive it with
 * runUntilComplete, and asyncio.run (asyncio/run.ts) adds the start and shutdown sequence.
 */
import { Deque } from './deque.ts';
import { heapify, heappop, heappush } from './heapq.ts';
import { Handle, HandleKind, TimerHandle, labelled, timerLess, type Callback } from './handle.ts';
import { LivelockDetector } from './livelock.ts';
import { peekRunningLoop, setRunningLoop } from './running.ts';
import { Future, type Coroutine, type DoneCallback } from '../asyncio/future.ts';
import { Task, type TaskOptions } from '../asyncio/task.ts';
import { PyBaseException, RuntimeError, describeException, leavesTheLoop, raisedAtLine } from '../asyncio/exceptions.ts';
import { WarningKind, type WarningKindCode } from '../trace/format.ts';
import type { WaitPurpose } from '../asyncio/wait-purpose.ts';
import type { TraceSink } from '../trace/sink.ts';
import { Context, currentContext, enterContext, type ContextVars } from '../asyncio/context.ts';
import { ThreadTimeline, type ThreadPool } from '../asyncio/threads.ts';
import { LoopHalted } from './halted.ts';

/** base_events._MIN_SCHEDULED_TIMER_HANDLES and _MIN_CANCELLED_TIMER_HANDLES_FRACTION */
const MIN_SCHEDULED_TIMER_HANDLES = 100;
const MIN_CANCELLED_TIMER_HANDLES_FRACTION = 0.5;
/** events.MAXIMUM_SELECT_TIMEOUT: the selector never waits longer than a day. */
const MAXIMUM_SELECT_TIMEOUT = 24 * 3600;
/** time.get_clock_info('monotonic').resolution on Linux: timers this close to now are due. */
const CLOCK_RESOLUTION = 1e-9;

export interface LoopLimits {
  /** The run stops before starting tick maxTicks + 1. */
  maxTicks: number;
  /** The run stops rather than let the clock pass this many seconds. */
  maxTime: number;
  /**
   * When set (> 0), the run stops as a livelock after this many ticks in a row without the clock
   * moving and with the same steps repeating (see livelock.ts). Off by default: the reference
   * runner has no such limit, so conformance runs keep the tick limit alone.
   */
  livelockTicks?: number;
  /**
   * The run stops rather than have more tasks alive (created, not finished) at once: a program
   * whose tasks multiply (a task that gathers a copy of itself) would otherwise exhaust memory.
   */
  maxTasks: number;
}

/** Generous for lessons, which rarely have more than a few thousand tasks alive. */
export const DEFAULT_LIMITS: LoopLimits = { maxTicks: 1_000_000, maxTime: 1e6, maxTasks: 100_000 };

/**
 * Why a run was stopped by a limit: the loop's (ticks, virtual time, live tasks, a livelock), the
 * trace's size, the host's wall clock, the interpreter's statement budget, a name Loopscope does
 * not model, or its own failure.
 */
export type LimitReason =
  | 'ticks'
  | 'virtual-time'
  | 'tasks'
  | 'livelock'
  | 'trace-size'
  | 'wall-clock'
  | 'statement-budget'
  | 'not-modelled'
  | 'internal';

/** Why the loop stopped without being asked to. */
export type LoopHalt =
  | { kind: 'deadlock' }
  | { kind: 'limit'; reason: LimitReason; message: string; line?: number; task?: number };

/**
 * Counters that CPython keeps per process rather than per loop: task names (`Task-N` comes from
 * one module-level counter, so a second asyncio.run continues the numbering), ids, tick count.
 */
export class ProcessState {
  nextTaskNumber = 1;
  nextTaskSerial = 0;
  nextFutureId = 0;
  nextHandleId = 0;
  nextPrimitiveId = 1;
  /** Worker threads, numbered in the order they start (the trace's thread ids). */
  nextThreadId = 0;
  /** ThreadPoolExecutor-N_M names: executors created so far. */
  nextExecutorNumber = 0;
  ticks = 0;
  /**
   * Tasks kept alive until the program exits by a reference cycle: failed with SystemExit or
   * KeyboardInterrupt, or left pending by a runner whose cleanup such an exception interrupted.
   * Their "never retrieved" or "destroyed but it is pending" comes at the exit (reportAtExit).
   */
  readonly keptUntilExit = new Set<Task<unknown>>();
}

/** The interpreter's side of debug mode (base_events' _format_handle and the asyncio logger). */
export interface DebugHooks {
  /** The scenario line of the call being made (where a future or handle is created). */
  callerLine(): number;
  /** `Executing <handle or task> took N seconds`, worded and logged as CPython's loop does. */
  slowCallback(handle: Handle, seconds: number): void;
  /** BaseEventLoop.close() in debug mode: `Close <loop repr>` at DEBUG level. */
  closing(loop: EventLoop): void;
}

export interface LoopOptions {
  trace?: TraceSink | null;
  limits?: Partial<LoopLimits>;
  process?: ProcessState;
  /**
   * Where the clock starts. The reference runner has one virtual clock per process: code before
   * asyncio.run may time.sleep, and a second asyncio.run continues where the first stopped.
   */
  startTime?: number;
  /** Called every `every` ticks, so a host can show progress on long runs (the loop itself never waits). */
  progress?: { every: number; report(ticks: number, time: number): void };
  /** Called with each exception the loop's exception handler logs (a callback's, a task's never
   *  retrieved), so a host can show its traceback as CPython's logger prints it. */
  onLoggedError?: (message: string, exception: PyBaseException, task: Task<unknown> | null) => void;
  /** The scenario line being run, for limit messages (the interpreter knows it; 0 when unknown). */
  currentLine?: () => number;
}

/** What an exception-handler call is about: the context dict's entry that names it. */
export interface ErrorSubject {
  readonly key: 'task' | 'future' | 'handle' | 'asyncgen';
  readonly value: unknown;
}

/** The context dict of loop.call_exception_handler, as the loop hands it to a handler the program set. */
export interface ExceptionContext {
  readonly message: string;
  readonly exception: PyBaseException | null;
  readonly subject: ErrorSubject | null;
}

/** Something the loop's shutdown_asyncgens can close: the interpreter's async generators. */
export interface AsyncGeneratorLike {
  aclose(): Coroutine<unknown>;
  /** Its Python repr, which the shutdown's error message names. */
  repr(): string;
}

export class EventLoop {
  /** The virtual clock, in seconds (loop.time()). */
  clock = 0;
  readonly ready = new Deque<Handle>();
  /** The timer heap, a plain array in heapq order. */
  scheduled: TimerHandle[] = [];
  private timerCancelledCount = 0;
  stopping = false;
  closed = false;
  /** The task whose step is running (asyncio.current_task()). */
  currentTask: Task<unknown> | null = null;
  /** The handle being run, for attributing effects in the trace. */
  currentHandle: Handle | null = null;
  /**
   * This loop's tasks in creation order (the reference runner's order for all_tasks()): every
   * unfinished one, and finished ones until they are compacted away (see taskFinished) unless
   * their exception still waits to be reported.
   */
  tasks: Task<unknown>[] = [];
  /** Tasks created and not finished (the live-task limit). */
  liveTasks = 0;
  /** Finished tasks still in `tasks`. */
  private finishedInTasks = 0;
  /** Live async generators in first-iteration order, closed at shutdown (loop._asyncgens). */
  readonly asyncgens = new Set<AsyncGeneratorLike>();
  readonly trace: TraceSink | null;
  readonly limits: LoopLimits;
  readonly process: ProcessState;
  /** The context callbacks run in (see runHandle). */
  private readonly callbackContext = new Context();
  /** loop.set_exception_handler(handler): called instead of the default handler; null = the default. */
  exceptionHandler: ((context: ExceptionContext) => void) | null = null;
  /** loop.set_debug(): slow callbacks are reported, futures and handles remember where they were made. */
  debug = false;
  /** loop.slow_callback_duration */
  slowCallbackDuration = 0.1;
  /** What debug mode needs from the host: where the code is, and how to report a slow callback. */
  debugHooks: DebugHooks | null = null;
  /** The default executor of run_in_executor and to_thread, made on first use. */
  defaultExecutor: ThreadPool | null = null;
  /** Worker threads' events not yet taken in (see asyncio/threads.ts). */
  private threadEvents: ThreadTimeline | null = null;
  /** Tasks that failed during the current tick, checked for "never retrieved" at its end. */
  private failedThisTick: Task<unknown>[] = [];
  private readonly progress: LoopOptions['progress'] | null;
  private readonly onLoggedError: NonNullable<LoopOptions['onLoggedError']> | null;
  private readonly livelock: LivelockDetector | null;
  private readonly currentLine: () => number;

  constructor(options: LoopOptions = {}) {
    this.trace = options.trace ?? null;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.process = options.process ?? new ProcessState();
    this.clock = options.startTime ?? 0;
    this.progress = options.progress ?? null;
    this.onLoggedError = options.onLoggedError ?? null;
    const livelockTicks = this.limits.livelockTicks ?? 0;
    this.livelock = livelockTicks > 0 ? new LivelockDetector(livelockTicks) : null;
    this.currentLine = options.currentLine ?? (() => 0);
  }

  /** loop.time() */
  time(): number {
    return this.clock;
  }

  /** Where the code creating something is, in debug mode. */
  callerLine(): number {
    return this.debugHooks === null ? 0 : this.debugHooks.callerLine();
  }

  /**
   * loop.set_debug(enabled): in a running loop it also queues _set_coroutine_origin_tracking with
   * call_soon_threadsafe, as BaseEventLoop.set_debug does (one more handle next tick).
   */
  setDebug(enabled: boolean, running: boolean): void {
    this.debug = enabled;
    if (running) this.callSoon(labelled('BaseEventLoop._set_coroutine_origin_tracking', () => {}));
  }

  /**
   * loop.call_soon(callback, arg): run the callback in the next tick, after everything queued, in
   * a copy of the current context (or of `vars`, the context a done callback was added in).
   */
  callSoon(callback: Callback, arg?: unknown, vars: ContextVars = currentContext().vars): Handle {
    const handle = new Handle(this.process.nextHandleId++, HandleKind.Callback, callback, arg);
    handle.vars = vars;
    if (this.debug) handle.debugLine = this.callerLine();
    return this.enqueue(handle);
  }

  /** loop.call_later(delay, callback, arg): a timer at time() + delay (zero and negative too: rule 4). */
  callLater(delay: number, callback: Callback, arg?: unknown): TimerHandle {
    return this.callAt(this.clock + delay, callback, arg);
  }

  /** loop.call_at(when, callback, arg): push a timer onto the heap. */
  callAt(when: number, callback: Callback, arg?: unknown): TimerHandle {
    const timer = new TimerHandle(this.process.nextHandleId++, when, callback, arg, this.onTimerCancelled);
    timer.vars = currentContext().vars;
    if (this.debug) timer.debugLine = this.callerLine();
    heappush(this.scheduled, timer, timerLess);
    timer.scheduled = true;
    if (this.trace !== null) this.trace.timerArmed(timer, this.currentTask);
    return timer;
  }

  /** Task.__init__ and Task.__step's `call_soon(self.__step, exc)`. */
  queueStep(task: Task<unknown>, exc?: unknown): Handle {
    return this.enqueue(this.taskHandle(task, HandleKind.Step, exc));
  }

  /** Future.__schedule_callbacks and add_done_callback on a done future: call_soon(callback, future). */
  scheduleDoneCallback(callback: DoneCallback, future: Future<unknown>, vars?: ContextVars): Handle {
    if (typeof callback === 'function') return this.callSoon(callback, future, vars);
    return this.enqueue(this.taskHandle(callback as Task<unknown>, HandleKind.Wakeup, future));
  }

  /**
   * The handle for a task's step or wakeup. A task is queued at most once at a time (invariant 5)
   * and its handles never escape to user code, so each task recycles one handle object, with a
   * fresh id each time: the trace cannot tell, and the hot path allocates nothing.
   */
  private taskHandle(task: Task<unknown>, kind: HandleKind, arg: unknown): Handle {
    const id = this.process.nextHandleId++;
    const handle = task.handle;
    if (handle === null) return (task.handle = new Handle(id, kind, task, arg));
    handle.id = id;
    handle.kind = kind;
    handle.arg = arg;
    handle.finished = false;
    return handle;
  }

  private enqueue(handle: Handle): Handle {
    if (handle.kind !== HandleKind.Callback) {
      const task = handle.target as Task<unknown>;
      // Invariant 5: a task is queued at most once at a time.
      if (task.queued) throw new Error(`model invariant broken: ${task.name} queued twice`);
      task.queued = true;
    }
    this.ready.push(handle);
    if (this.trace !== null) this.trace.handleQueued(handle);
    return handle;
  }

  /** BaseEventLoop._timer_handle_cancelled: count cancelled timers still in the heap. */
  private readonly onTimerCancelled = (timer: TimerHandle): void => {
    if (timer.scheduled) this.timerCancelledCount++;
    // sleep() cancels its timer in a finally even after it fired: nothing to record then.
    if (this.trace !== null && !timer.finished) this.trace.handleCancelled(timer);
  };

  /** Handle.cancel() for a ready-queue handle, made visible to the trace. */
  cancelHandle(handle: Handle): void {
    if (handle instanceof TimerHandle) {
      handle.cancel();
    } else if (!handle.cancelled) {
      handle.cancel();
      if (this.trace !== null && !handle.finished) this.trace.handleCancelled(handle);
    }
  }

  /** loop.create_future() */
  createFuture<T = unknown>(purpose?: WaitPurpose): Future<T> {
    return new Future<T>(this, purpose);
  }

  /** loop.create_task(coro, name=...): the first step runs next tick (rule 5). */
  createTask<T>(coro: Coroutine<T>, options: TaskOptions = {}): Task<T> {
    if (this.liveTasks >= this.limits.maxTasks) {
      const line = options.line ?? this.currentLine();
      const at = line > 0 ? ` (line ${line})` : '';
      throw new LoopHalted(
        {
          kind: 'limit',
          reason: 'tasks',
          message: `more than ${this.limits.maxTasks.toLocaleString('en-US')} tasks alive at once${at}: the program creates tasks faster than they finish`,
        },
        this,
        null,
      );
    }
    this.liveTasks++;
    return new Task<T>(this, coro, options);
  }

  /**
   * A task of this loop finished. Finished tasks leave `tasks` in batches, so that a program
   * that creates millions of short tasks over its run does not keep them all; a task whose
   * exception nobody retrieved yet stays, to be reported.
   */
  taskFinished(): void {
    this.liveTasks--;
    if (++this.finishedInTasks > 1024 && this.finishedInTasks * 2 > this.tasks.length) {
      this.tasks = this.tasks.filter((task) => !task.done() || task.logTraceback);
      this.finishedInTasks = this.tasks.length - this.liveTasks;
    }
  }

  /** loop.stop(): the current tick finishes, then run_forever returns. */
  stop(): void {
    this.stopping = true;
  }

  /**
   * `time.sleep(seconds)` inside a coroutine: the loop is blocked, so the clock advances in the
   * middle of the step while nothing else runs. Timers that became overdue fire next tick. Worker
   * threads run meanwhile (the sleep releases the GIL): what they hand over joins the ready queue.
   */
  block(seconds: number, line = 0): void {
    if (!(seconds >= 0)) throw new RangeError('blocking time must be non-negative');
    this.clock += seconds;
    if (this.trace !== null) this.trace.blocked(this.currentTask, seconds, this.clock, line);
    if (this.threadEvents !== null) this.threadEvents.runUntil(this.clock);
  }

  /** The worker threads' timeline, made when the first thread starts. */
  threadTimeline(): ThreadTimeline {
    return (this.threadEvents ??= new ThreadTimeline());
  }

  /** print(): the scenario wrote a line (without its trailing newline) from the running task. */
  print(text: string, line = 0): void {
    if (this.trace !== null) this.trace.output(text, this.currentTask, line);
  }

  /** A line written to stderr (without its newline) from the running task or callback. */
  printStderr(text: string, line = 0): void {
    if (this.trace !== null) this.trace.stderr(text, this.currentTask, line);
  }

  /**
   * loop.call_exception_handler(context): the handler the program set with
   * loop.set_exception_handler, or else the default one. `subject` is the context's entry that
   * names what failed ('task', 'future', 'handle', 'asyncgen'); by default the task, if any.
   */
  logError(
    message: string,
    exception: PyBaseException | null,
    task: Task<unknown> | null = null,
    kind: WarningKindCode = WarningKind.Other,
    subject: ErrorSubject | null = task === null ? null : { key: 'task', value: task },
  ): void {
    if (this.exceptionHandler !== null) this.exceptionHandler({ message, exception, subject });
    else this.defaultExceptionHandler(message, exception, task, kind);
  }

  /**
   * loop.default_exception_handler: logs the message; the model records the line, with its kind,
   * the task it names and where the exception was raised.
   */
  defaultExceptionHandler(message: string, exception: PyBaseException | null, task: Task<unknown> | null = null, kind: WarningKindCode = WarningKind.Other): void {
    if (exception !== null && this.onLoggedError !== null) this.onLoggedError(message, exception, task);
    if (this.trace === null) return;
    const parts = [message];
    if (task !== null) parts.push(`task=${task.name}`);
    if (exception !== null) parts.push(`exception=${describeException(exception)}`);
    this.trace.log(parts.join('; '), kind, task, raisedAtLine(exception));
  }

  /**
   * A Python warning (warnings.showwarning), e.g. "RuntimeWarning: coroutine 'f' was never
   * awaited", with the line it is about.
   */
  logWarning(text: string, kind: WarningKindCode = WarningKind.Other, line = 0): void {
    if (this.trace !== null) this.trace.log(text, kind, this.currentTask, line);
  }

  /** Called by Task when it ends with an exception, for the "never retrieved" warning. */
  noteTaskFailed(task: Task<unknown>): void {
    this.failedThisTick.push(task);
  }

  /**
   * One tick: BaseEventLoop._run_once. Returns a halt when the loop cannot go on (deadlock or a
   * limit), otherwise null.
   */
  runOnce(): LoopHalt | null {
    const limits = this.limits;
    if (this.process.ticks >= limits.maxTicks) {
      return { kind: 'limit', reason: 'ticks', message: `the run reached ${limits.maxTicks} ticks` };
    }
    if (this.clock > limits.maxTime) {
      return { kind: 'limit', reason: 'virtual-time', message: `the clock passed ${limits.maxTime} s` };
    }
    const traceFull = this.trace?.limitReached ?? null;
    if (traceFull !== null) return { kind: 'limit', reason: 'trace-size', message: traceFull };

    // 1. Drop cancelled timers: rebuild the heap when they are most of a large heap, otherwise pop
    //    them off the head only (the rest stay in place until they reach it).
    const scheduled = this.scheduled;
    if (
      scheduled.length > MIN_SCHEDULED_TIMER_HANDLES &&
      this.timerCancelledCount / scheduled.length > MIN_CANCELLED_TIMER_HANDLES_FRACTION
    ) {
      const kept: TimerHandle[] = [];
      for (const timer of scheduled) {
        if (timer.cancelled) timer.scheduled = false;
        else kept.push(timer);
      }
      heapify(kept, timerLess);
      this.scheduled = kept;
      this.timerCancelledCount = 0;
    } else {
      while (scheduled.length > 0 && (scheduled[0] as TimerHandle).cancelled) {
        this.timerCancelledCount--;
        const timer = heappop(scheduled, timerLess);
        timer.scheduled = false;
      }
    }

    // 2. How long the selector would wait: 0 with work ready, until the first deadline otherwise,
    //    and forever (None) with neither: a deadlock, since nothing outside the model can wake us.
    const heap = this.scheduled;
    const timeBefore = this.clock;
    const threads = this.threadEvents;
    const threadTime = threads === null ? null : threads.nextTime();
    if (this.ready.length === 0 && !this.stopping) {
      if (heap.length === 0 && threadTime === null) return { kind: 'deadlock' };
      // A worker thread handing something over wakes the selector as a timer would.
      const timerWhen = heap.length === 0 ? Infinity : (heap[0] as TimerHandle).when;
      const when = threadTime === null ? timerWhen : Math.min(timerWhen, threadTime);
      const timeout = Math.min(Math.max(0, when - this.clock), MAXIMUM_SELECT_TIMEOUT);
      // 3. The virtual selector: jump to the deadline (or by the capped day) instead of sleeping.
      if (timeout > 0) {
        const target = when - this.clock > MAXIMUM_SELECT_TIMEOUT ? this.clock + MAXIMUM_SELECT_TIMEOUT : when;
        if (target > limits.maxTime) {
          return { kind: 'limit', reason: 'virtual-time', message: `the next timer is past ${limits.maxTime} s` };
        }
        if (target < this.clock) throw new Error('model invariant broken: the clock went backwards');
        this.clock = target;
      }
    }

    // 3b. The threads ran while the loop waited: what they handed over is queued first.
    if (threads !== null) threads.runUntil(this.clock);

    // 4. Move every due timer, in heap order, behind the handles already queued.
    const endTime = this.clock + CLOCK_RESOLUTION;
    const due: TimerHandle[] | null = this.trace !== null ? [] : null;
    while (heap.length > 0) {
      const timer = heap[0] as TimerHandle;
      if (timer.when >= endTime) break;
      heappop(heap, timerLess);
      timer.scheduled = false;
      this.ready.push(timer);
      if (due !== null) due.push(timer);
    }

    // 5. Run exactly the handles present now (asyncio's `ntodo`): whatever they schedule, including
    //    a task re-queued by sleep(0), waits for the next tick.
    const ntodo = this.ready.length;
    const tickIndex = ++this.process.ticks;
    if (this.trace !== null) this.trace.tick(tickIndex, timeBefore, this.clock, ntodo, due as TimerHandle[]);
    for (let i = 0; i < ntodo; i++) {
      const handle = this.ready.shift();
      handle.finished = true;
      if (handle.cancelled) {
        if (this.trace !== null) this.trace.handleSkipped(handle);
        continue;
      }
      if (this.debug) this.runHandleDebug(handle);
      else this.runHandle(handle);
    }
    if (this.failedThisTick.length > 0) this.reportUnretrievedFailures();
    if (this.progress != null && tickIndex % this.progress.every === 0) this.progress.report(tickIndex, this.clock);
    if (this.livelock !== null) {
      const livelock = this.livelock.endTick(this.clock);
      if (livelock !== null) return { kind: 'limit', reason: 'livelock', ...livelock };
    }
    return null;
  }

  /** _run_once in debug mode: a handle that held the loop for slow_callback_duration or more is reported. */
  private runHandleDebug(handle: Handle): void {
    const t0 = this.clock;
    this.runHandle(handle);
    const dt = this.clock - t0;
    if (dt >= this.slowCallbackDuration && this.debugHooks !== null) this.debugHooks.slowCallback(handle, dt);
  }

  private runHandle(handle: Handle): void {
    this.currentHandle = handle;
    if (this.trace !== null) this.trace.handleRun(handle);
    if (handle.kind !== HandleKind.Callback) {
      (handle.target as Task<unknown>).queued = false;
      const arg = handle.arg;
      handle.arg = undefined; // the recycled handle must not keep an exception or future alive
      const task = handle.target as Task<unknown>;
      if (handle.kind === HandleKind.Step) task.step(arg);
      else task.wakeup(arg);
      // Where its coroutine stopped (a scenario coroutine knows its line).
      if (this.livelock !== null) this.livelock.noteRun(handle, task.name, task.serial, (task.coro as { currentLine?: number }).currentLine ?? 0);
    } else {
      // Handle._run is self._context.run(callback, *args): a copy of the context it was scheduled
      // in, which nothing else can see, so one scratch context serves every callback.
      const scratch = this.callbackContext;
      scratch.vars = handle.vars;
      const previousContext = enterContext(scratch);
      try {
        handle.run();
      } catch (error) {
        // Handle._run: an exception escaping a plain callback goes to the exception handler,
        // except SystemExit and KeyboardInterrupt, which leave the loop at once.
        if (!(error instanceof PyBaseException) || leavesTheLoop(error)) throw error;
        this.logError(`Exception in callback ${handle.reprLabel}`, error, null, WarningKind.CallbackError, { key: 'handle', value: handle });
      } finally {
        enterContext(previousContext);
      }
      if (this.livelock !== null) this.livelock.noteRun(handle, '', -1, 0);
    }
    this.currentHandle = null;
  }

  /**
   * Future.__del__'s "exception was never retrieved". CPython logs when the last reference goes;
   * the model can see that moment for tasks nobody kept (fire-and-forget), which die at the end of
   * the tick they failed in (rule 31). Kept tasks are reported when the run ends.
   */
  private reportUnretrievedFailures(): void {
    const failed = this.failedThisTick;
    this.failedThisTick = [];
    for (const task of failed) {
      if (task.logTraceback && !task.referenced && !this.keptUntilExit(task)) {
        task.logTraceback = false;
        this.logError('Task exception was never retrieved', task.peekException(), task, WarningKind.NeverRetrieved, { key: 'future', value: task });
      }
    }
  }

  /**
   * A task that failed with SystemExit or KeyboardInterrupt is in a reference cycle: the exception
   * left through the loop's own frames, which its traceback keeps and which hold the task. CPython's
   * final collection frees it when the program exits; so does the model (reportFailuresAtExit).
   */
  private keptUntilExit(task: Task<unknown>): boolean {
    if (!leavesTheLoop(task.peekException())) return false;
    this.process.keptUntilExit.add(task);
    return true;
  }

  /** At the end of a run, report failed tasks whose exception nobody retrieved. */
  reportLeftoverFailures(): void {
    for (const task of this.tasks) {
      if (task.logTraceback && !this.keptUntilExit(task)) {
        task.logTraceback = false;
        this.logError('Task exception was never retrieved', task.peekException(), task, WarningKind.NeverRetrieved, { key: 'future', value: task });
      }
    }
  }

  /** BaseEventLoop._check_closed and _check_running: may the main thread run this loop now? */
  checkRunnable(): void {
    if (this.closed) throw new RuntimeError('Event loop is closed');
    const running = peekRunningLoop();
    if (running === this) throw new RuntimeError('This event loop is already running');
    if (running !== null) throw new RuntimeError('Cannot run the event loop while another loop is running');
  }

  /** BaseEventLoop.run_forever: tick until stop() or a halt. */
  runForever(): LoopHalt | null {
    this.checkRunnable();
    const previous = setRunningLoop(this);
    try {
      for (;;) {
        const halt = this.runOnce();
        if (halt !== null) return halt;
        if (this.stopping) return null;
      }
    } finally {
      this.stopping = false;
      setRunningLoop(previous);
    }
  }

  /**
   * BaseEventLoop.run_until_complete(future): run until the future is done, which its done
   * callback `_run_until_complete_cb` signals by stopping the loop one tick later (rule 33).
   * Returns a halt if the loop could not get there.
   */
  runUntilComplete(future: Future<unknown>, newTask = false): LoopHalt | null {
    future.addDoneCallback(runUntilCompleteCallback);
    try {
      const halt = this.runForever();
      if (halt !== null) return halt;
    } catch (error) {
      // A SystemExit or KeyboardInterrupt left the loop. When the loop wrapped a coroutine in this
      // task itself, the caller cannot reach it: its exception counts as retrieved.
      if (newTask && future.done() && !future.cancelled()) future.exception();
      throw error;
    } finally {
      future.removeDoneCallback(runUntilCompleteCallback);
    }
    if (!future.done()) throw new RuntimeError('Event loop stopped before Future completed.');
    return null;
  }

  /** all_tasks(): unfinished tasks, in creation order (the reference runner's order). */
  allTasks(): Task<unknown>[] {
    return this.tasks.filter((task) => !task.done());
  }

  /** The timers still armed, in deadline order (cancelled ones excluded). */
  pendingTimers(): TimerHandle[] {
    return this.scheduled.filter((timer) => !timer.cancelled).sort((a, b) => a.when - b.when || a.id - b.id);
  }
}

/** The program exits: what the tasks kept until then (ProcessState.keptUntilExit) log as they go. */
export function reportAtExit(process: ProcessState): void {
  for (const task of process.keptUntilExit) {
    if (!task.done()) {
      task.loop.logError('Task was destroyed but it is pending!', null, task, WarningKind.DestroyedPending);
      // Destroyed once: its loop no longer lists it.
      task.loop.tasks = task.loop.tasks.filter((t) => t !== task);
    } else if (task.logTraceback) {
      task.logTraceback = false;
      task.loop.logError('Task exception was never retrieved', task.peekException(), task, WarningKind.NeverRetrieved);
    }
  }
  process.keptUntilExit.clear();
}

/** base_events._run_until_complete_cb: stop the loop that ran the future. */
const runUntilCompleteCallback = labelled('_run_until_complete_cb', (future: Future<unknown>) => {
  // Issue #22429: a SystemExit or KeyboardInterrupt has already left run_forever.
  if (!future.cancelled() && leavesTheLoop(future.exception())) return;
  future.loop.stop();
});
