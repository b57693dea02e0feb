/**
 * The private attributes that tutorials and books print to show an asyncio object's state
 * (`sem._value`, `lock._waiters`, `q._queue`, `task._fut_waiter`, `loop._ready`...), read from
 * the scheduler's objects with CPython 3.11's values and types: waiter queues are
 * collections.deque objects (None where CPython starts with None: Lock and Semaphore before
 * their first waiter), a Queue's items a deque (a list for LifoQueue and PriorityQueue).
 * A deque read here is a copy: changing it does not change the object. The few counters a
 * program may set (`sem._value = 5`, `event._value`) write through, as in CPython, where they
 * are plain attributes.
 */
import { Future } from '../../asyncio/future.ts';
import { Task } from '../../asyncio/task.ts';
import { Barrier } from '../../asyncio/barrier.ts';
import { Condition, Event, Lock, Semaphore, BoundedSemaphore } from '../../asyncio/locks.ts';
import { Queue } from '../../asyncio/queues.ts';
import { EventLoop } from '../../loop/loop.ts';
import type { Deque } from '../../loop/deque.ts';
import { Context } from '../../asyncio/context.ts';
import { PyBuiltin, PyList, PyProperty, PyTuple, type PyClass } from './values.ts';
import { doneCallbacks } from './asyncio-support.ts';
import { typeError } from './exceptions.ts';
import { call, getAttr } from './calls.ts';
import { fromHost } from './exec.ts';
import { importModule } from './modules.ts';
import type { Runtime } from './runtime.ts';
import { BARRIER, BOUNDED_SEMAPHORE, CONDITION, EVENT, EVENT_LOOP, FUTURE, LOCK, QUEUE, SEMAPHORE, TASK } from './asyncio-support.ts';

/** The run whose modules make the deques and enums (set when the run imports asyncio). */
const RUN: { rt: Runtime | null } = { rt: null };

export function setPrivateAttributesRuntime(rt: Runtime): void {
  RUN.rt = rt;
}

function moduleAttr(module: string, name: string): unknown {
  return getAttr(importModule(RUN.rt!, module), name);
}

/** collections.deque(items) */
function pyDeque(items: Iterable<unknown>): unknown {
  return call(moduleAttr('collections', 'deque'), [new PyList([...items])], null);
}

function dequeOrNone(waiters: Deque<unknown> | null): unknown {
  return waiters === null ? null : pyDeque(waiters);
}

function intValue(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw typeError(`${name} must be an integer here (Loopscope models it as one)`);
  return v;
}

/** The TypeScript fields behind them (private in the model's classes: asyncio's are only by convention). */
interface LockFields {
  isLocked: boolean;
  waiters: Deque<Future<unknown>> | null;
}
interface EventFields {
  value: boolean;
  waiters: Deque<Future<unknown>>;
}
interface SemaphoreFields {
  value: number;
  waiters: Deque<Future<unknown>> | null;
  bound: number;
}
interface QueueFields {
  getters: Deque<Future<unknown>>;
  putters: Deque<Future<unknown>>;
  unfinishedTasks: number;
  finished: Event;
}
interface BarrierFields {
  count: number;
  state: string;
  cond: Condition;
}

function define(cls: PyClass, table: Record<string, PyProperty>): void {
  for (const [name, property] of Object.entries(table)) cls.dict.set(name, property);
}

const readOnly = <T>(get: (self: T) => unknown): PyProperty => new PyProperty(get);

let barrierStates: Map<string, unknown> | null = null;
let barrierStatesRun: Runtime | null = null;

/** locks._BarrierState, an enum.Enum of asyncio.locks, made once per run. */
function barrierState(state: string): unknown {
  if (barrierStates === null || barrierStatesRun !== RUN.rt) {
    const names = ['filling', 'draining', 'resetting', 'broken'];
    const members = new PyList(names.map((n) => new PyList([n.toUpperCase(), n])));
    const cls = call(moduleAttr('enum', 'Enum'), ['_BarrierState', members], new Map([['module', 'asyncio.locks']]));
    barrierStates = new Map(names.map((n) => [n, getAttr(cls, n.toUpperCase())]));
    barrierStatesRun = RUN.rt;
  }
  return barrierStates.get(state) ?? null;
}

/**
 * Future._callbacks: None once there are none (the C Future's), else (callback, context) pairs.
 * A scenario's callable is itself; asyncio's own callbacks stand in as builtins of their name.
 */
function callbacksOf(f: Future<unknown>): unknown {
  const pending = f.pendingCallbacks();
  if (pending.length === 0) return null;
  const py = new Map((doneCallbacks.get(f) ?? []).map((entry) => [entry.js as unknown, entry.py]));
  return new PyList(
    pending.map((cb) => {
      let callable = py.get(cb);
      if (callable === undefined) {
        const name = cb instanceof Task ? 'task_wakeup' : ((cb as { label?: string }).label ?? 'callback').split('.').pop()!;
        callable = new PyBuiltin(name, () => null);
      }
      return new PyTuple([callable, new Context()]);
    }),
  );
}

export function installPrivateAttributes(): void {
  define(LOCK, {
    _locked: readOnly((l: Lock) => (l as unknown as LockFields).isLocked),
    _waiters: readOnly((l: Lock) => dequeOrNone((l as unknown as LockFields).waiters)),
  });
  define(EVENT, {
    _value: new PyProperty(
      (e: Event) => (e as unknown as EventFields).value,
      (e: Event, v) => {
        (e as unknown as EventFields).value = v === true;
      },
    ),
    _waiters: readOnly((e: Event) => pyDeque((e as unknown as EventFields).waiters)),
  });
  define(CONDITION, {
    _waiters: readOnly((c: Condition) => pyDeque((c as unknown as EventFields).waiters)),
    _lock: readOnly((c: Condition) => c.lock),
  });
  define(SEMAPHORE, {
    _value: new PyProperty(
      (s: Semaphore) => (s as unknown as SemaphoreFields).value,
      (s: Semaphore, v) => {
        (s as unknown as SemaphoreFields).value = intValue('_value', v);
      },
    ),
    _waiters: readOnly((s: Semaphore) => dequeOrNone((s as unknown as SemaphoreFields).waiters)),
  });
  define(BOUNDED_SEMAPHORE, { _bound_value: readOnly((s: BoundedSemaphore) => (s as unknown as SemaphoreFields).bound) });
  define(QUEUE, {
    // Queue._init: a deque; LifoQueue and PriorityQueue keep a list (a stack, a heap).
    _queue: readOnly((q: Queue<unknown>) => (q.kind === 'Queue' ? pyDeque(q.items()) : new PyList(q.items()))),
    _maxsize: readOnly((q: Queue<unknown>) => q.maxsize),
    _unfinished_tasks: readOnly((q: Queue<unknown>) => q.unfinished),
    _getters: readOnly((q: Queue<unknown>) => pyDeque((q as unknown as QueueFields).getters)),
    _putters: readOnly((q: Queue<unknown>) => pyDeque((q as unknown as QueueFields).putters)),
    _finished: readOnly((q: Queue<unknown>) => (q as unknown as QueueFields).finished),
  });
  define(BARRIER, {
    _count: readOnly((b: Barrier) => (b as unknown as BarrierFields).count),
    _parties: readOnly((b: Barrier) => b.parties),
    _state: readOnly((b: Barrier) => barrierState((b as unknown as BarrierFields).state)),
    _cond: readOnly((b: Barrier) => (b as unknown as BarrierFields).cond),
  });
  define(FUTURE, {
    _state: readOnly((f: Future<unknown>) => f.stateName()),
    _result: readOnly((f: Future<unknown>) => (f.state === 2 && f.peekException() === null ? fromHost(f.peekResult()) : null)),
    _exception: readOnly((f: Future<unknown>) => f.peekException()),
    _callbacks: readOnly(callbacksOf),
    _loop: readOnly((f: Future<unknown>) => f.loop),
    _log_traceback: readOnly((f: Future<unknown>) => f.logTraceback),
    _source_traceback: readOnly(() => null),
    _asyncio_future_blocking: readOnly((f: Future<unknown>) => f.blocking),
  });
  define(TASK, {
    _coro: readOnly((t: Task<unknown>) => t.coro),
    _fut_waiter: readOnly((t: Task<unknown>) => t.futWaiter),
    _must_cancel: readOnly((t: Task<unknown>) => t.mustCancel),
    _num_cancels_requested: readOnly((t: Task<unknown>) => t.numCancelsRequested),
    _context: readOnly((t: Task<unknown>) => t.context),
  });
  define(EVENT_LOOP, {
    _ready: readOnly((l: EventLoop) => pyDeque(l.ready)),
    _scheduled: readOnly((l: EventLoop) => new PyList([...l.scheduled])),
    _debug: readOnly((l: EventLoop) => l.debug),
    _closed: readOnly((l: EventLoop) => l.closed),
  });
}
