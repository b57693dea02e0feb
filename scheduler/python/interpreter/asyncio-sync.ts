/**
 * asyncio's synchronization primitives and structures for scenarios: Lock, Event, Condition,
 * Semaphore, BoundedSemaphore, Barrier, the queues, TaskGroup and Timeout, as the scheduler's
 * objects with CPython's reprs.
 */
import { named } from '../../asyncio/coroutines.ts';
import { Timeout } from '../../asyncio/timeouts.ts';
import { TaskGroup } from '../../asyncio/taskgroup.ts';
import { BoundedSemaphore, Condition, Event, Lock, Semaphore } from '../../asyncio/locks.ts';
import { LifoQueue, PriorityQueue, Queue } from '../../asyncio/queues.ts';
import { Barrier } from '../../asyncio/barrier.ts';
import { PyFloat, PyList, fakeAddress, type Kw } from './values.ts';
import { PyBaseException, typeError, valueError } from './exceptions.ts';
import { holdWithTraceback } from '../../asyncio/held-by-traceback.ts';
import { bind, bindPy, methods, noArgs, numArg, properties } from './args.ts';
import { call } from './calls.ts';
import { less, truthy } from './ops.ts';
import { pyRepr } from './repr.ts';
import { floatRepr } from '../format.ts';
import { CALL } from './exec.ts';
import { BOUNDED_SEMAPHORE, CONDITION, EVENT, LIFO_QUEUE, LOCK, PRIORITY_QUEUE, QUEUE, SEMAPHORE, TASK_GROUP, TIMEOUT, optionalContext, optionalName, requireCoroutine } from './asyncio-support.ts';
import { BARRIER } from './asyncio-support.ts';

/** The state a lock's repr shows, with `, waiters:N` while any wait (`if self._waiters:`). */
const withWaiters = (state: string, waiting: number): string => (waiting > 0 ? `${state}, waiters:${waiting}` : state);

export function installSyncTypes(): void {
  LOCK.native = (args) => (bind('Lock', args, null, []), new Lock());
  LOCK.reprFn = (l: Lock) => `<asyncio.locks.Lock object at ${fakeAddress(l)} [${withWaiters(l.locked() ? 'locked' : 'unlocked', l.waiting)}]>`;
  methods(LOCK, {
    acquire: noArgs('py', 'Lock.acquire', (l: Lock) => named('Lock.acquire', l.acquire())),
    release: noArgs('py', 'Lock.release', (l: Lock) => (l.release(), null)),
    locked: noArgs('py', 'Lock.locked', (l: Lock) => l.locked()),
  });
  EVENT.native = (args) => (bind('Event', args, null, []), new Event());
  EVENT.reprFn = (e: Event) => `<asyncio.locks.Event object at ${fakeAddress(e)} [${withWaiters(e.isSet() ? 'set' : 'unset', e.waiting)}]>`;
  methods(EVENT, {
    set: noArgs('py', 'Event.set', (e: Event) => (e.set(), null)),
    clear: noArgs('py', 'Event.clear', (e: Event) => (e.clear(), null)),
    is_set: noArgs('py', 'Event.is_set', (e: Event) => e.isSet()),
    wait: noArgs('py', 'Event.wait', (e: Event) => named('Event.wait', e.wait())),
  });
  CONDITION.native = (args, kw) => {
    const [lock] = bind('Condition', args, kw, ['lock'], 0);
    if (lock !== undefined && lock !== null && !(lock instanceof Lock)) throw typeError('Condition() lock must be an asyncio.Lock');
    return new Condition((lock as Lock | undefined) ?? null);
  };
  CONDITION.reprFn = (c: Condition) => `<asyncio.locks.Condition object at ${fakeAddress(c)} [${withWaiters(c.locked() ? 'locked' : 'unlocked', c.waiting)}]>`;
  methods(CONDITION, {
    acquire: noArgs('py', 'Condition.acquire', (c: Condition) => named('Condition.acquire', c.acquire())),
    release: noArgs('py', 'Condition.release', (c: Condition) => (c.release(), null)),
    locked: noArgs('py', 'Condition.locked', (c: Condition) => c.locked()),
    wait: noArgs('py', 'Condition.wait', (c: Condition) => named('Condition.wait', c.wait())),
    wait_for: (c: Condition, a) => {
      const [pred] = bindPy('Condition.wait_for', a, null, ['predicate']);
      // The scheduler tests the result with JS truthiness: hand it Python's.
      return named(
        'Condition.wait_for',
        c.waitFor(() => {
          const v = call(pred, [], null);
          return truthy(v) ? v : false;
        }),
      );
    },
    notify: (c: Condition, a, kw) => {
      const [n] = bindPy('Condition.notify', a, kw, ['n'], 0);
      c.notify(n === undefined ? 1 : numArg('notify', n));
      return null;
    },
    notify_all: noArgs('py', 'Condition.notify_all', (c: Condition) => (c.notifyAll(), null)),
  });
  const semNative = (Ctor: typeof Semaphore) => (args: unknown[], kw: Kw) => {
    const [v] = bind(Ctor.name, args, kw, ['value'], 0);
    const n = v === undefined ? 1 : numArg(Ctor.name, v, 'an integer');
    if (n < 0) throw valueError('Semaphore initial value must be >= 0');
    return new Ctor(n);
  };
  SEMAPHORE.native = semNative(Semaphore);
  BOUNDED_SEMAPHORE.native = semNative(BoundedSemaphore);
  const semRepr = (s: Semaphore) => {
    const value = (s as unknown as { value: number }).value;
    return `<asyncio.locks.${s.kind} object at ${fakeAddress(s)} [${withWaiters(s.locked() ? 'locked' : `unlocked, value:${value}`, s.waiting)}]>`;
  };
  SEMAPHORE.reprFn = semRepr;
  BOUNDED_SEMAPHORE.reprFn = semRepr;
  methods(SEMAPHORE, {
    acquire: noArgs('py', 'Semaphore.acquire', (s: Semaphore) => named('Semaphore.acquire', s.acquire())),
    release: noArgs('py', 'Semaphore.release', (s: Semaphore) => (s.release(), null)),
    locked: noArgs('py', 'Semaphore.locked', (s: Semaphore) => s.locked()),
  });
  const queueNative = (make: (maxsize: number) => Queue<unknown>, name: string) => (args: unknown[], kw: Kw) => {
    const [m] = bind(name, args, kw, ['maxsize'], 0);
    return make(m === undefined ? 0 : numArg(name, m, 'an integer'));
  };
  QUEUE.native = queueNative((m) => new Queue(m), 'Queue');
  LIFO_QUEUE.native = queueNative((m) => new LifoQueue(m), 'LifoQueue');
  PRIORITY_QUEUE.native = queueNative((m) => new PriorityQueue(m, less), 'PriorityQueue');
  // Queue._format: maxsize, then the items, waiting getters and putters and unfinished tasks.
  const queueFormat = (q: Queue<unknown>) => {
    let text = `maxsize=${q.maxsize}`;
    if (q.qsize() > 0) text += ` _queue=${pyRepr(new PyList(q.items()))}`;
    if (q.waitingGetters > 0) text += ` _getters[${q.waitingGetters}]`;
    if (q.waitingPutters > 0) text += ` _putters[${q.waitingPutters}]`;
    if (q.unfinished > 0) text += ` tasks=${q.unfinished}`;
    return text;
  };
  for (const cls of [QUEUE, LIFO_QUEUE, PRIORITY_QUEUE]) {
    cls.reprFn = (q: Queue<unknown>) => `<${q.kind} at ${fakeAddress(q)} ${queueFormat(q)}>`;
    cls.strFn = (q: Queue<unknown>) => `<${q.kind} ${queueFormat(q)}>`;
  }
  methods(QUEUE, {
    put: (q: Queue<unknown>, a) => named('Queue.put', q.put(bindPy('Queue.put', a, null, ['item'])[0])),
    get: noArgs('py', 'Queue.get', (q: Queue<unknown>) => named('Queue.get', q.get())),
    put_nowait: (q: Queue<unknown>, a) => (q.putNowait(bindPy('Queue.put_nowait', a, null, ['item'])[0]), null),
    get_nowait: noArgs('py', 'Queue.get_nowait', (q: Queue<unknown>) => q.getNowait()),
    qsize: noArgs('py', 'Queue.qsize', (q: Queue<unknown>) => q.qsize()),
    empty: noArgs('py', 'Queue.empty', (q: Queue<unknown>) => q.empty()),
    full: noArgs('py', 'Queue.full', (q: Queue<unknown>) => q.full()),
    task_done: noArgs('py', 'Queue.task_done', (q: Queue<unknown>) => (q.taskDone(), null)),
    join: noArgs('py', 'Queue.join', (q: Queue<unknown>) => named('Queue.join', q.join())),
  });
  properties(QUEUE, { maxsize: (q: Queue<unknown>) => q.maxsize });
  TASK_GROUP.native = (args) => (bind('TaskGroup', args, null, []), new TaskGroup());
  methods(TASK_GROUP, {
    create_task: (g: TaskGroup, a, kw) => {
      const [coro, name, context] = bindPy('TaskGroup.create_task', a, kw, ['coro', 'name', 'context'], 1);
      const task = requireCoroutine(coro);
      try {
        return g.createTask(task, { name: optionalName(name), line: CALL.line, context: optionalContext(context) });
      } catch (error) {
        // A group not entered, finished or shutting down: the coroutine stays in create_task's frame.
        if (error instanceof PyBaseException) holdWithTraceback(error, [coro]);
        throw error;
      }
    },
  });
  TASK_GROUP.reprFn = (g: TaskGroup) => g.repr();
  // timeouts.Timeout.__repr__: its state's value, and `when` (rounded to 3 places) while active.
  TIMEOUT.reprFn = (t: Timeout) => {
    const state = (t as unknown as { state: string }).state;
    if (state !== 'active') return `<Timeout [${state}]>`;
    const w = t.when();
    return `<Timeout [active] when=${w === null ? 'None' : floatRepr(Math.round(w * 1000) / 1000)}>`;
  };
  methods(TIMEOUT, {
    when: (t: Timeout) => {
      const w = t.when();
      return w === null ? null : new PyFloat(w);
    },
    reschedule: (t: Timeout, a) => {
      const [w] = bindPy('Timeout.reschedule', a, null, ['when']);
      t.reschedule(w === null ? null : numArg('reschedule', w));
      return null;
    },
    expired: noArgs('py', 'Timeout.expired', (t: Timeout) => t.expired()),
  });
  BARRIER.native = (args, kw) => {
    const [parties] = bind('Barrier', args, kw, ['parties']);
    // Barrier.__init__ compares `parties < 1` before anything else.
    if (less(parties, 1)) throw valueError('parties must be > 0');
    return new Barrier(numArg('Barrier', parties, 'an integer'));
  };
  BARRIER.reprFn = (b: Barrier) => {
    const extra = b.broken ? b.state : `${b.state}, waiters:${b.nWaiting}/${b.parties}`;
    return `<asyncio.locks.Barrier object at ${fakeAddress(b)} [${extra}]>`;
  };
  methods(BARRIER, {
    wait: noArgs('py', 'Barrier.wait', (b: Barrier) => named('Barrier.wait', b.wait())),
    reset: noArgs('py', 'Barrier.reset', (b: Barrier) => named('Barrier.reset', b.reset())),
    abort: noArgs('py', 'Barrier.abort', (b: Barrier) => named('Barrier.abort', b.abort())),
  });
  properties(BARRIER, {
    parties: (b: Barrier) => b.parties,
    n_waiting: (b: Barrier) => b.nWaiting,
    broken: (b: Barrier) => b.broken,
  });
}
