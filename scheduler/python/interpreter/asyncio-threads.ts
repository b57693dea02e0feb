/**
 * asyncio.to_thread, loop.run_in_executor and concurrent.futures.ThreadPoolExecutor for scenarios,
 * on the scheduler's worker threads (asyncio/threads.ts): the function runs on a worker thread
 * with no running event loop, its time.sleep advances that thread's clock, and its result comes
 * back through call_soon_threadsafe at the time the thread finishes.
 */
import { Context, currentContext, enterContext } from '../../asyncio/context.ts';
import type { Future } from '../../asyncio/future.ts';
import type { Task } from '../../asyncio/task.ts';
import { named, type CoroutineGen } from '../../asyncio/coroutines.ts';
import { ThreadPool, runningThread, type ThreadJob, type WorkerThread } from '../../asyncio/threads.ts';
import type { EventLoop } from '../../loop/loop.ts';
import { getRunningLoop, setRunningLoop } from '../../loop/running.ts';
import { OBJECT, fakeAddress, makeClass, registerHostType, typeName, type Kw } from './values.ts';
import { PyBaseException, typeError, valueError, runtimeError } from './exceptions.ts';
import { bind, methods, properties } from './args.ts';
import { call, depth } from './calls.ts';
import { hostToPython, isHalt } from './exec.ts';
import { callableLabel } from './asyncio-support.ts';
import { VIRTUAL_CPU_COUNT } from './mod-sys-os.ts';

/** concurrent.futures.thread's default: min(32, (os.cpu_count() or 1) + 4) workers. */
export const DEFAULT_MAX_WORKERS = Math.min(32, VIRTUAL_CPU_COUNT + 4);

/** Python frames below a worker thread's function in CPython (threading's bootstrap, _worker, run). */
const THREAD_ROOT_DEPTH = 6;

/** Each worker thread has its own contextvars context, empty when it starts (run_in_executor). */
const threadContexts = new WeakMap<WorkerThread, Context>();

class PythonJob implements ThreadJob {
  readonly label: string;
  readonly submitter: Task<unknown> | null;
  constructor(
    readonly future: Future<unknown>,
    private readonly fn: unknown,
    private readonly args: unknown[],
    private readonly kw: Kw,
    /** to_thread's copy of the caller's context; null: the thread's own. */
    private readonly context: Context | null,
    loop: EventLoop,
  ) {
    this.label = callableLabel(fn);
    this.submitter = loop.currentTask;
  }

  cancelled = (): boolean => this.future.cancelled();

  execute(thread: WorkerThread): { ok: boolean; value: unknown } {
    let ctx = this.context;
    if (ctx === null) {
      ctx = threadContexts.get(thread) ?? new Context();
      threadContexts.set(thread, ctx);
    }
    // A worker thread has no running event loop: get_running_loop() raises there, as in CPython.
    const loop = setRunningLoop(null);
    const previousContext = enterContext(ctx);
    const savedDepth = depth.n;
    depth.n = THREAD_ROOT_DEPTH;
    try {
      return { ok: true, value: call(this.fn, this.args.slice(), this.kw) };
    } catch (e) {
      if (e instanceof PyBaseException) return { ok: false, value: e };
      if (isHalt(e)) throw e;
      const py = hostToPython(e);
      if (py !== null) return { ok: false, value: py };
      throw e;
    } finally {
      depth.n = savedDepth;
      enterContext(previousContext);
      setRunningLoop(loop);
    }
  }

  /** futures._copy_future_state: nothing if the asyncio future was cancelled meanwhile. */
  settle(future: Future<unknown>, ok: boolean, value: unknown): void {
    if (future.cancelled()) return;
    if (ok) future.setResult(value);
    else future.setException(value);
  }
}

/** concurrent.futures.ThreadPoolExecutor as scenarios create it. */
export class Executor {
  pool: ThreadPool | null = null;
  shutdown = false;
  constructor(
    readonly maxWorkers: number,
    readonly prefix: string,
  ) {}

  poolFor(loop: EventLoop): ThreadPool {
    if (this.pool === null || this.pool.loop !== loop) this.pool = new ThreadPool(loop, this.maxWorkers, this.prefix);
    return this.pool;
  }
}

export const THREAD_POOL_EXECUTOR = makeClass('ThreadPoolExecutor', OBJECT);
THREAD_POOL_EXECUTOR.module = 'concurrent.futures.thread';
THREAD_POOL_EXECUTOR.pythonLevel = true;
registerHostType(Executor, THREAD_POOL_EXECUTOR);

/** loop.run_in_executor(executor, func, *args): asyncio's future for the function's result. */
export function runInExecutor(loop: EventLoop, executor: unknown, fn: unknown, args: unknown[], kw: Kw, context: Context | null): Future<unknown> {
  let pool: ThreadPool;
  if (executor === null || executor === undefined) {
    pool = loop.defaultExecutor ??= new ThreadPool(loop, DEFAULT_MAX_WORKERS, 'asyncio');
  } else if (executor instanceof Executor) {
    if (executor.shutdown) throw runtimeError('cannot schedule new futures after shutdown');
    pool = executor.poolFor(loop);
  } else {
    throw typeError(`executor must be a concurrent.futures.ThreadPoolExecutor (or None), not ${typeName(executor)}`);
  }
  if (pool.shutdownRequested) throw runtimeError('cannot schedule new futures after shutdown');
  const future = loop.createFuture<unknown>();
  pool.submit(new PythonJob(future, fn, args, kw, context, loop));
  return future;
}

/** asyncio.to_thread(func, *args, **kwargs): `async def`, awaiting run_in_executor in a copy of the context. */
export function toThread(fn: unknown, args: unknown[], kw: Kw): CoroutineGen<unknown> {
  function* toThreadBody(): CoroutineGen<unknown> {
    const loop = getRunningLoop();
    const future = runInExecutor(loop, null, fn, args, kw, currentContext().copy());
    return yield* future;
  }
  return named('to_thread', toThreadBody());
}

let installed = false;

export function installThreadTypes(): void {
  if (installed) return;
  installed = true;
  THREAD_POOL_EXECUTOR.native = (args, kw) => {
    const [maxWorkers, prefix] = bind('ThreadPoolExecutor', args, kw, ['max_workers', 'thread_name_prefix', 'initializer', 'initargs'], 0);
    let n = DEFAULT_MAX_WORKERS;
    if (maxWorkers !== undefined && maxWorkers !== null) {
      if (typeof maxWorkers !== 'number') throw typeError(`'${typeName(maxWorkers)}' object cannot be interpreted as an integer`);
      if (maxWorkers <= 0) throw valueError('max_workers must be greater than 0');
      n = maxWorkers;
    }
    const loop = getRunningLoopOrNull();
    const number = loop === null ? 0 : loop.process.nextExecutorNumber++;
    const name = typeof prefix === 'string' && prefix !== '' ? prefix : `ThreadPoolExecutor-${number}`;
    return new Executor(n, name);
  };
  THREAD_POOL_EXECUTOR.reprFn = (e: Executor) => `<concurrent.futures.thread.ThreadPoolExecutor object at ${fakeAddress(e)}>`;
  methods(THREAD_POOL_EXECUTOR, {
    __enter__: (e: Executor) => e,
    __exit__: (e: Executor) => {
      shutdownExecutor(e);
      return false;
    },
    shutdown: (e: Executor, a, kw) => {
      const [wait] = bind('shutdown', a, kw, ['wait', 'cancel_futures'], 0);
      shutdownExecutor(e, wait === undefined || wait === true);
      return null;
    },
    submit: () => {
      throw typeError('executor.submit() gives a concurrent future the event loop cannot await: use loop.run_in_executor(executor, func, *args)');
    },
  });
  properties(THREAD_POOL_EXECUTOR, { _max_workers: (e: Executor) => e.maxWorkers });
}

/** executor.shutdown(wait=True) from the loop's thread: it blocks until the workers are done. */
function shutdownExecutor(e: Executor, wait = true): void {
  e.shutdown = true;
  const pool = e.pool;
  if (pool === null || !wait) return;
  pool.shutdownRequested = true;
  const loop = pool.loop;
  const until = pool.allDoneAt();
  if (runningThread() === null && until > loop.clock) loop.block(until - loop.clock);
}

function getRunningLoopOrNull(): EventLoop | null {
  try {
    return getRunningLoop();
  } catch {
    return null;
  }
}
