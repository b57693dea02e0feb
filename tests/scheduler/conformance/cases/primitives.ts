/** Rules 22-26: Lock, Event, Semaphore, Condition and the queues; every waiter is woken next tick. */
import {
  BoundedSemaphore,
  CancelledError,
  Condition,
  Event,
  LifoQueue,
  Lock,
  PriorityQueue,
  PyBaseException,
  Queue,
  Semaphore,
  asyncWith,
  createTask,
  gather,
  gatherWith,
  getRunningLoop,
  labelled,
  named,
  sleep,
  type CoroutineGen,
} from '../../../../scheduler/index.ts';
import { print } from '../../../support/play.ts';
import { py, type ConformanceCase } from '../framework.ts';

/** str() of a Python bool. */
const tf = (value: boolean): string => (value ? 'True' : 'False');

/** `except Exception as e: print(type(e).__name__, ...)` */
function pyName(error: unknown): string {
  if (error instanceof PyBaseException) return error.pyName;
  throw error;
}

export const primitiveCases: ConformanceCase[] = [
  {
    id: 'lock-waiters-fifo',
    rules: [22, 6],
    title: 'Lock: the first acquire does not yield; waiters get the lock in acquire() order, each a tick after release',
    python: py`
      import asyncio
      async def worker(lock, i):
          print('worker', i, 'wants the lock')
          async with lock:
              print('worker', i, 'has the lock')
              await asyncio.sleep(0.1)
          print('worker', i, 'released')
      async def main():
          lock = asyncio.Lock()
          tasks = [asyncio.create_task(worker(lock, i)) for i in range(3)]
          await asyncio.gather(*tasks)
      asyncio.run(main())
    `,
    model: function* () {
      function* worker(lock: Lock, i: number): CoroutineGen<void> {
        print('worker', i, 'wants the lock');
        yield* asyncWith(lock, function* () {
          print('worker', i, 'has the lock');
          yield* sleep(0.1);
        });
        print('worker', i, 'released');
      }
      const lock = new Lock();
      const tasks = [0, 1, 2].map((i) => createTask(named('worker', worker(lock, i))));
      yield* gather(...tasks);
    },
  },
  {
    id: 'lock-no-barging',
    rules: [22],
    title: 'Lock: after release() locked() is False, yet a re-acquire queues behind the woken waiter',
    python: py`
      import asyncio
      async def other(lock, name):
          async with lock:
              print(name, 'has the lock')
              await asyncio.sleep(0)
          print(name, 'released')
      async def main():
          lock = asyncio.Lock()
          await lock.acquire()
          b = asyncio.create_task(other(lock, 'B'))
          await asyncio.sleep(0)
          lock.release()
          print('released, locked =', lock.locked())
          c = asyncio.create_task(other(lock, 'C'))
          await lock.acquire()
          print('main has the lock again, locked =', lock.locked())
          lock.release()
          await asyncio.gather(b, c)
      asyncio.run(main())
    `,
    model: function* () {
      function* other(lock: Lock, name: string): CoroutineGen<void> {
        yield* asyncWith(lock, function* () {
          print(name, 'has the lock');
          yield* sleep(0);
        });
        print(name, 'released');
      }
      const lock = new Lock();
      yield* lock.acquire();
      const b = createTask(named('other', other(lock, 'B')));
      yield* sleep(0);
      lock.release();
      print('released, locked =', tf(lock.locked()));
      const c = createTask(named('other', other(lock, 'C')));
      yield* lock.acquire();
      print('main has the lock again, locked =', tf(lock.locked()));
      lock.release();
      yield* gather(b, c);
    },
  },
  {
    id: 'lock-cancelled-waiter-skipped',
    rules: [22, 19],
    title: 'Lock: release() wakes the first waiter that is not cancelled',
    python: py`
      import asyncio
      async def waiter(lock, name):
          try:
              async with lock:
                  print(name, 'has the lock')
          except asyncio.CancelledError:
              print(name, 'cancelled while waiting')
              raise
      async def main():
          lock = asyncio.Lock()
          await lock.acquire()
          a = asyncio.create_task(waiter(lock, 'A'))
          b = asyncio.create_task(waiter(lock, 'B'))
          await asyncio.sleep(0)
          a.cancel()
          await asyncio.sleep(0)
          lock.release()
          await asyncio.gather(a, b, return_exceptions=True)
          print('locked at the end:', lock.locked())
      asyncio.run(main())
    `,
    model: function* () {
      function* waiter(lock: Lock, name: string): CoroutineGen<void> {
        try {
          yield* asyncWith(lock, function* () {
            print(name, 'has the lock');
          });
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
          print(name, 'cancelled while waiting');
          throw e;
        }
      }
      const lock = new Lock();
      yield* lock.acquire();
      const a = createTask(named('waiter', waiter(lock, 'A')));
      const b = createTask(named('waiter', waiter(lock, 'B')));
      yield* sleep(0);
      a.cancel();
      yield* sleep(0);
      lock.release();
      yield* gatherWith({ returnExceptions: true }, a, b);
      print('locked at the end:', tf(lock.locked()));
    },
  },
  {
    id: 'event-set-wakes-all-in-wait-order',
    rules: [23],
    title: 'Event.set() wakes every waiter next tick in the order they began waiting, before the setter resumes from sleep(0)',
    python: py`
      import asyncio
      async def waiter(event, name, delay_steps):
          for _ in range(delay_steps):
              await asyncio.sleep(0)
          print(name, 'waits')
          await event.wait()
          print(name, 'woke')
      async def main():
          event = asyncio.Event()
          tasks = [asyncio.create_task(waiter(event, name, steps)) for name, steps in [('W1', 2), ('W2', 0), ('W3', 1)]]
          await asyncio.sleep(0.5)
          event.set()
          print('set, is_set =', event.is_set())
          await asyncio.sleep(0)
          print('setter resumed')
          await asyncio.gather(*tasks)
      asyncio.run(main())
    `,
    model: function* () {
      function* waiter(event: Event, name: string, delaySteps: number): CoroutineGen<void> {
        for (let i = 0; i < delaySteps; i++) yield* sleep(0);
        print(name, 'waits');
        yield* event.wait();
        print(name, 'woke');
      }
      const event = new Event();
      const specs: [string, number][] = [
        ['W1', 2],
        ['W2', 0],
        ['W3', 1],
      ];
      const tasks = specs.map(([name, steps]) => createTask(named('waiter', waiter(event, name, steps))));
      yield* sleep(0.5);
      event.set();
      print('set, is_set =', tf(event.isSet()));
      yield* sleep(0);
      print('setter resumed');
      yield* gather(...tasks);
    },
  },
  {
    id: 'event-wait-when-set-and-clear',
    rules: [23, 6],
    title: 'Event.wait() on a set event returns in the same step; after clear() it blocks until set again',
    python: py`
      import asyncio
      def set_event(event):
          print('timer sets the event')
          event.set()
      async def main():
          loop = asyncio.get_running_loop()
          event = asyncio.Event()
          event.set()
          await event.wait()
          print('wait on a set event returned at once')
          event.clear()
          print('cleared, is_set =', event.is_set())
          loop.call_later(1, set_event, event)
          await event.wait()
          print('woke after set')
      asyncio.run(main())
    `,
    model: function* () {
      const setEvent = labelled('set_event', (event: Event) => {
        print('timer sets the event');
        event.set();
      });
      const loop = getRunningLoop();
      const event = new Event();
      event.set();
      yield* event.wait();
      print('wait on a set event returned at once');
      event.clear();
      print('cleared, is_set =', tf(event.isSet()));
      loop.callLater(1, setEvent, event);
      yield* event.wait();
      print('woke after set');
    },
  },
  {
    id: 'semaphore-two-of-five',
    rules: [24, 6],
    title: 'Semaphore(2) with 5 tasks: two enter without yielding, the rest queue FIFO; each release wakes the next',
    python: py`
      import asyncio
      async def worker(sem, i):
          async with sem:
              print('enter', i)
              await asyncio.sleep(1 + i * 0.25)
              print('leave', i)
      async def main():
          sem = asyncio.Semaphore(2)
          await asyncio.gather(*(worker(sem, i) for i in range(5)))
          print('locked at the end:', sem.locked())
      asyncio.run(main())
    `,
    model: function* () {
      function* worker(sem: Semaphore, i: number): CoroutineGen<void> {
        yield* asyncWith(sem, function* () {
          print('enter', i);
          yield* sleep(1 + i * 0.25);
          print('leave', i);
        });
      }
      const sem = new Semaphore(2);
      yield* gather(...[0, 1, 2, 3, 4].map((i) => named('worker', worker(sem, i))));
      print('locked at the end:', tf(sem.locked()));
    },
  },
  {
    id: 'bounded-semaphore-over-release',
    rules: [24],
    title: 'BoundedSemaphore over-release raises ValueError; a plain Semaphore just counts up',
    python: py`
      import asyncio
      async def main():
          plain = asyncio.Semaphore(1)
          plain.release()
          print('plain semaphore released twice, locked =', plain.locked())
          bounded = asyncio.BoundedSemaphore(1)
          await bounded.acquire()
          bounded.release()
          try:
              bounded.release()
          except ValueError as e:
              print(type(e).__name__, str(e))
          await asyncio.sleep(0)
      asyncio.run(main())
    `,
    model: function* () {
      const plain = new Semaphore(1);
      plain.release();
      print('plain semaphore released twice, locked =', tf(plain.locked()));
      const bounded = new BoundedSemaphore(1);
      yield* bounded.acquire();
      bounded.release();
      try {
        bounded.release();
      } catch (e) {
        print(pyName(e), (e as Error).message);
      }
      yield* sleep(0);
    },
  },
  {
    id: 'condition-notify-one',
    rules: [25],
    title: 'Condition.notify(1) wakes the first waiter, which proceeds only after the notifier leaves async with',
    python: py`
      import asyncio
      async def waiter(cond, i):
          async with cond:
              print('waiter', i, 'waits')
              await cond.wait()
              print('waiter', i, 'notified')
      async def main():
          cond = asyncio.Condition()
          tasks = [asyncio.create_task(waiter(cond, i)) for i in range(3)]
          await asyncio.sleep(0)
          async with cond:
              cond.notify(1)
              print('notified one, still holding the lock')
              await asyncio.sleep(0)
              print('notifier leaving')
          await asyncio.sleep(0.5)
          async with cond:
              cond.notify(2)
          await asyncio.gather(*tasks)
      asyncio.run(main())
    `,
    model: function* () {
      function* waiter(cond: Condition, i: number): CoroutineGen<void> {
        yield* asyncWith(cond, function* () {
          print('waiter', i, 'waits');
          yield* cond.wait();
          print('waiter', i, 'notified');
        });
      }
      const cond = new Condition();
      const tasks = [0, 1, 2].map((i) => createTask(named('waiter', waiter(cond, i))));
      yield* sleep(0);
      yield* asyncWith(cond, function* () {
        cond.notify(1);
        print('notified one, still holding the lock');
        yield* sleep(0);
        print('notifier leaving');
      });
      yield* sleep(0.5);
      yield* asyncWith(cond, function* () {
        cond.notify(2);
      });
      yield* gather(...tasks);
    },
  },
  {
    id: 'condition-notify-all',
    rules: [25],
    title: 'Condition.notify_all() wakes every waiter in FIFO order; they re-acquire the lock one after another',
    python: py`
      import asyncio
      async def waiter(cond, i):
          async with cond:
              await cond.wait()
              print('waiter', i, 'has the lock again')
              await asyncio.sleep(0.1)
      async def main():
          cond = asyncio.Condition()
          tasks = [asyncio.create_task(waiter(cond, i)) for i in range(3)]
          await asyncio.sleep(0)
          async with cond:
              cond.notify_all()
              print('notified all')
          try:
              cond.notify()
          except RuntimeError as e:
              print(type(e).__name__, str(e))
          await asyncio.gather(*tasks)
      asyncio.run(main())
    `,
    model: function* () {
      function* waiter(cond: Condition, i: number): CoroutineGen<void> {
        yield* asyncWith(cond, function* () {
          yield* cond.wait();
          print('waiter', i, 'has the lock again');
          yield* sleep(0.1);
        });
      }
      const cond = new Condition();
      const tasks = [0, 1, 2].map((i) => createTask(named('waiter', waiter(cond, i))));
      yield* sleep(0);
      yield* asyncWith(cond, function* () {
        cond.notifyAll();
        print('notified all');
      });
      try {
        cond.notify();
      } catch (e) {
        print(pyName(e), (e as Error).message);
      }
      yield* gather(...tasks);
    },
  },
  {
    id: 'queue-putters-fifo',
    rules: [26, 6],
    title: 'Queue(maxsize=1): put on a full queue waits, putters FIFO; each get wakes the first putter next tick',
    python: py`
      import asyncio
      async def producer(q, item):
          print('put', item)
          await q.put(item)
          print('put done', item)
      async def main():
          q = asyncio.Queue(maxsize=1)
          await q.put('first')
          print('first put did not wait, full =', q.full())
          tasks = [asyncio.create_task(producer(q, item)) for item in ['a', 'b', 'c']]
          await asyncio.sleep(0)
          for _ in range(4):
              print('got', await q.get())
              await asyncio.sleep(0)
          await asyncio.gather(*tasks)
      asyncio.run(main())
    `,
    model: function* () {
      function* producer(q: Queue<string>, item: string): CoroutineGen<void> {
        print('put', item);
        yield* q.put(item);
        print('put done', item);
      }
      const q = new Queue<string>(1);
      yield* q.put('first');
      print('first put did not wait, full =', tf(q.full()));
      const tasks = ['a', 'b', 'c'].map((item) => createTask(named('producer', producer(q, item))));
      yield* sleep(0);
      for (let i = 0; i < 4; i++) {
        print('got', yield* q.get());
        yield* sleep(0);
      }
      yield* gather(...tasks);
    },
  },
  {
    id: 'queue-get-waits',
    rules: [26],
    title: 'get() on an empty queue waits; getters are woken FIFO by puts, next tick',
    python: py`
      import asyncio
      async def consumer(q, name):
          item = await q.get()
          print(name, 'got', item)
      async def main():
          q = asyncio.Queue()
          tasks = [asyncio.create_task(consumer(q, name)) for name in ['C1', 'C2']]
          await asyncio.sleep(1)
          q.put_nowait('x')
          q.put_nowait('y')
          print('put two, qsize =', q.qsize())
          await asyncio.gather(*tasks)
      asyncio.run(main())
    `,
    model: function* () {
      function* consumer(q: Queue<string>, name: string): CoroutineGen<void> {
        const item = yield* q.get();
        print(name, 'got', item);
      }
      const q = new Queue<string>();
      const tasks = ['C1', 'C2'].map((name) => createTask(named('consumer', consumer(q, name))));
      yield* sleep(1);
      q.putNowait('x');
      q.putNowait('y');
      print('put two, qsize =', q.qsize());
      yield* gather(...tasks);
    },
  },
  {
    id: 'queue-join-before-any-put',
    rules: [26, 6],
    title: 'join() returns at once when no put() has happened yet (the producer has not started)',
    python: py`
      import asyncio
      async def producer(q):
          for i in range(2):
              await q.put(i)
              print('produced', i)
      async def consumer(q):
          while True:
              item = await q.get()
              print('consumed', item)
              q.task_done()
      async def main():
          q = asyncio.Queue()
          asyncio.create_task(producer(q))
          c = asyncio.create_task(consumer(q))
          await q.join()
          print('join returned, qsize =', q.qsize())
          await asyncio.sleep(0)
          print('one tick later, qsize =', q.qsize())
          c.cancel()
      asyncio.run(main())
    `,
    model: function* () {
      function* producer(q: Queue<number>): CoroutineGen<void> {
        for (let i = 0; i < 2; i++) {
          yield* q.put(i);
          print('produced', i);
        }
      }
      function* consumer(q: Queue<number>): CoroutineGen<void> {
        for (;;) {
          const item = yield* q.get();
          print('consumed', item);
          q.taskDone();
        }
      }
      const q = new Queue<number>();
      createTask(named('producer', producer(q))).referenced = false;
      const c = createTask(named('consumer', consumer(q)));
      yield* q.join();
      print('join returned, qsize =', q.qsize());
      yield* sleep(0);
      print('one tick later, qsize =', q.qsize());
      c.cancel();
    },
  },
  {
    id: 'queue-task-done-join',
    rules: [26],
    title: 'join() waits for task_done() of every item and resumes a tick after the last one; one too many is ValueError',
    python: py`
      import asyncio
      async def worker(q):
          while True:
              item = await q.get()
              await asyncio.sleep(0.1)
              print('processed', item)
              q.task_done()
      async def main():
          q = asyncio.Queue()
          for i in range(3):
              q.put_nowait(i)
          w = asyncio.create_task(worker(q))
          await q.join()
          print('all processed')
          try:
              q.task_done()
          except ValueError as e:
              print(type(e).__name__, str(e))
          w.cancel()
          await asyncio.sleep(0)
          print('worker cancelled:', w.cancelled())
      asyncio.run(main())
    `,
    model: function* () {
      function* worker(q: Queue<number>): CoroutineGen<void> {
        for (;;) {
          const item = yield* q.get();
          yield* sleep(0.1);
          print('processed', item);
          q.taskDone();
        }
      }
      const q = new Queue<number>();
      for (let i = 0; i < 3; i++) q.putNowait(i);
      const w = createTask(named('worker', worker(q)));
      yield* q.join();
      print('all processed');
      try {
        q.taskDone();
      } catch (e) {
        print(pyName(e), (e as Error).message);
      }
      w.cancel();
      yield* sleep(0);
      print('worker cancelled:', tf(w.cancelled()));
    },
  },
  {
    id: 'lifo-and-priority-queues',
    rules: [26],
    title: 'LifoQueue and PriorityQueue change only the order items come out in',
    python: py`
      import asyncio
      async def main():
          lifo = asyncio.LifoQueue()
          for i in [1, 2, 3]:
              await lifo.put(i)
          print('lifo:', [await lifo.get() for _ in range(3)])
          prio = asyncio.PriorityQueue()
          for item in [(3, 'c'), (1, 'a'), (2, 'b'), (1, 'A')]:
              prio.put_nowait(item)
          out = []
          while not prio.empty():
              priority, name = await prio.get()
              out.append(name)
          print('priority:', ' '.join(out))
          getter = asyncio.create_task(lifo.get())
          await asyncio.sleep(0)
          await lifo.put(9)
          print('getter got', await getter)
      asyncio.run(main())
    `,
    model: function* () {
      const lifo = new LifoQueue<number>();
      for (const i of [1, 2, 3]) yield* lifo.put(i);
      const got: number[] = [];
      for (let i = 0; i < 3; i++) got.push(yield* lifo.get());
      print('lifo:', `[${got.join(', ')}]`);
      const prio = new PriorityQueue<[number, string]>();
      const items: [number, string][] = [
        [3, 'c'],
        [1, 'a'],
        [2, 'b'],
        [1, 'A'],
      ];
      for (const item of items) prio.putNowait(item);
      const out: string[] = [];
      while (!prio.empty()) {
        const [, name] = yield* prio.get();
        out.push(name);
      }
      print('priority:', out.join(' '));
      const getter = createTask(named('get', lifo.get()));
      yield* sleep(0);
      yield* lifo.put(9);
      print('getter got', yield* getter);
    },
  },
  {
    id: 'queue-nowait-errors',
    rules: [26],
    title: 'put_nowait on a full queue raises QueueFull, get_nowait on an empty one QueueEmpty; neither yields',
    python: py`
      import asyncio
      async def main():
          q = asyncio.Queue(maxsize=1)
          q.put_nowait('x')
          try:
              q.put_nowait('y')
          except asyncio.QueueFull as e:
              print(type(e).__name__, repr(str(e)))
          print('get_nowait ->', q.get_nowait())
          try:
              q.get_nowait()
          except asyncio.QueueEmpty as e:
              print(type(e).__name__, repr(str(e)))
          await asyncio.sleep(0)
      asyncio.run(main())
    `,
    model: function* () {
      const q = new Queue<string>(1);
      q.putNowait('x');
      try {
        q.putNowait('y');
      } catch (e) {
        print(pyName(e), `'${(e as Error).message}'`);
      }
      print('get_nowait ->', q.getNowait());
      try {
        q.getNowait();
      } catch (e) {
        print(pyName(e), `'${(e as Error).message}'`);
      }
      yield* sleep(0);
    },
  },
  {
    id: 'cancelled-waiters-pass-wakeups-on',
    rules: [22, 24, 26, 19],
    title: 'a waiter woken and then cancelled before it runs passes the wake-up on: a Lock, a Semaphore and a Queue each wake the next waiter',
    python: py`
      import asyncio
      async def take_lock(lock, name):
          try:
              async with lock:
                  print(name, 'has the lock')
          except asyncio.CancelledError:
              print(name, 'cancelled')
      async def take_slot(sem, name):
          try:
              async with sem:
                  print(name, 'has a slot')
          except asyncio.CancelledError:
              print(name, 'cancelled')
      async def get(q, name):
          try:
              print(name, 'got', await q.get())
          except asyncio.CancelledError:
              print(name, 'cancelled')
      async def main():
          lock = asyncio.Lock()
          await lock.acquire()
          b = asyncio.create_task(take_lock(lock, 'B'))
          c = asyncio.create_task(take_lock(lock, 'C'))
          await asyncio.sleep(0)
          lock.release()
          b.cancel()
          await asyncio.gather(b, c)
          sem = asyncio.Semaphore(0)
          d = asyncio.create_task(take_slot(sem, 'D'))
          e = asyncio.create_task(take_slot(sem, 'E'))
          await asyncio.sleep(0)
          sem.release()
          d.cancel()
          await asyncio.gather(d, e)
          q = asyncio.Queue()
          f = asyncio.create_task(get(q, 'F'))
          g = asyncio.create_task(get(q, 'G'))
          await asyncio.sleep(0)
          q.put_nowait('item')
          f.cancel()
          await asyncio.gather(f, g)
      asyncio.run(main())
    `,
    model: function* () {
      function* takeLock(lock: Lock, name: string): CoroutineGen<void> {
        try {
          yield* asyncWith(lock, function* () {
            print(name, 'has the lock');
          });
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
          print(name, 'cancelled');
        }
      }
      function* takeSlot(sem: Semaphore, name: string): CoroutineGen<void> {
        try {
          yield* asyncWith(sem, function* () {
            print(name, 'has a slot');
          });
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
          print(name, 'cancelled');
        }
      }
      function* get(q: Queue<string>, name: string): CoroutineGen<void> {
        try {
          print(name, 'got', yield* q.get());
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
          print(name, 'cancelled');
        }
      }
      const lock = new Lock();
      yield* lock.acquire();
      const b = createTask(named('take_lock', takeLock(lock, 'B')));
      const c = createTask(named('take_lock', takeLock(lock, 'C')));
      yield* sleep(0);
      lock.release();
      b.cancel();
      yield* gather(b, c);
      const sem = new Semaphore(0);
      const d = createTask(named('take_slot', takeSlot(sem, 'D')));
      const e = createTask(named('take_slot', takeSlot(sem, 'E')));
      yield* sleep(0);
      sem.release();
      d.cancel();
      yield* gather(d, e);
      const q = new Queue<string>();
      const f = createTask(named('get', get(q, 'F')));
      const g = createTask(named('get', get(q, 'G')));
      yield* sleep(0);
      q.putNowait('item');
      f.cancel();
      yield* gather(f, g);
    },
  },
];
