/**
 * threading and concurrent.futures, as far as asyncio teaching code uses them next to
 * to_thread and run_in_executor: which thread is running (current_thread().name is MainThread or
 * a worker's asyncio_0...), a Lock usable with `with`, and ThreadPoolExecutor.
 */
import { runningThread } from '../../asyncio/threads.ts';
import { OBJECT, makeClass, registerHostType, fakeAddress, type PyModule } from './values.ts';
import { PyNotImplementedError, runtimeError } from './exceptions.ts';
import { bind, methods, properties } from './args.ts';
import { ModuleBuilder } from './module-kit.ts';
import { THREAD_POOL_EXECUTOR, installThreadTypes } from './asyncio-threads.ts';

/** threading.current_thread()'s object: the main thread or a worker thread, by name. */
class ThreadInfo {
  constructor(
    readonly name: string,
    readonly ident: number,
  ) {}
}

/** A threading.Lock: threads' code runs in one go here, so it is never contended. */
class ThreadLock {
  locked = false;
}

const MAIN_IDENT = 140_000_000_000_000;
const THREAD = makeClass('Thread', OBJECT);
THREAD.module = 'threading';
const MAIN_THREAD = makeClass('_MainThread', THREAD);
MAIN_THREAD.module = 'threading';
const LOCK = makeClass('lock', OBJECT);
LOCK.module = '_thread';
registerHostType(ThreadInfo, THREAD);
registerHostType(ThreadLock, LOCK);

const mainThread = new ThreadInfo('MainThread', MAIN_IDENT);
const workers = new Map<string, ThreadInfo>();

function current(): ThreadInfo {
  const t = runningThread();
  if (t === null) return mainThread;
  let info = workers.get(t.name);
  if (info === undefined) workers.set(t.name, (info = new ThreadInfo(t.name, MAIN_IDENT + 0x1000000 * (t.id + 1))));
  return info;
}

let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  THREAD.reprFn = (t: ThreadInfo) =>
    t === mainThread ? `<_MainThread(MainThread, started ${t.ident})>` : `<Thread(${t.name}, started daemon ${t.ident})>`;
  properties(THREAD, {
    name: (t: ThreadInfo) => t.name,
    ident: (t: ThreadInfo) => t.ident,
    native_id: (t: ThreadInfo) => t.ident % 100000,
    daemon: (t: ThreadInfo) => t !== mainThread,
  });
  methods(THREAD, {
    is_alive: () => true,
    getName: (t: ThreadInfo) => t.name,
  });
  THREAD.native = () => {
    throw new PyNotImplementedError('threading.Thread is not modelled: run blocking code with asyncio.to_thread() or loop.run_in_executor()');
  };
  LOCK.reprFn = (l: ThreadLock) => `<${l.locked ? 'locked' : 'unlocked'} _thread.lock object at ${fakeAddress(l)}>`;
  methods(LOCK, {
    acquire: (l: ThreadLock) => {
      if (l.locked) throw runtimeError('threading.Lock acquired twice: with threads running in one go, this would wait forever');
      l.locked = true;
      return true;
    },
    release: (l: ThreadLock) => {
      if (!l.locked) throw runtimeError('release unlocked lock');
      l.locked = false;
      return null;
    },
    locked: (l: ThreadLock) => l.locked,
    __enter__: (l: ThreadLock) => {
      if (l.locked) throw runtimeError('threading.Lock acquired twice: with threads running in one go, this would wait forever');
      l.locked = true;
      return true;
    },
    __exit__: (l: ThreadLock) => {
      l.locked = false;
      return false;
    },
  });
}

export function makeThreadingModule(): PyModule {
  install();
  workers.clear();
  const m = new ModuleBuilder('threading');
  m.fn('current_thread', (args) => (bind('current_thread', args, null, []), current()), true);
  m.fn('main_thread', (args) => (bind('main_thread', args, null, []), mainThread), true);
  m.fn('get_ident', (args) => (bind('get_ident', args, null, []), current().ident));
  m.fn('get_native_id', (args) => (bind('get_native_id', args, null, []), current().ident % 100000));
  m.fn('Lock', (args) => (bind('Lock', args, null, []), new ThreadLock()));
  m.fn('RLock', (args) => (bind('RLock', args, null, []), new ThreadLock()));
  m.value('Thread', THREAD);
  return m.module;
}

export function makeConcurrentFuturesModule(): PyModule {
  installThreadTypes();
  const m = new ModuleBuilder('concurrent.futures');
  m.value('ThreadPoolExecutor', THREAD_POOL_EXECUTOR);
  m.fn('ProcessPoolExecutor', () => {
    throw new PyNotImplementedError('ProcessPoolExecutor runs other processes: Loopscope models threads only (ThreadPoolExecutor, asyncio.to_thread)');
  });
  return m.module;
}

export function makeConcurrentModule(): PyModule {
  return new ModuleBuilder('concurrent').module;
}
