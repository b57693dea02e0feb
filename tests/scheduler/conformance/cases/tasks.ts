/** Rules 5-11: task creation, awaits that do not suspend, sleeps, done callbacks, awaiting tasks, names. */
import {
  Event,
  Lock,
  Queue,
  TaskGroup,
  asCompleted,
  asyncWith,
  createTask,
  ensureFuture,
  gather,
  getRunningLoop,
  labelled,
  named,
  shield,
  sleep,
  waitFor,
  ValueError,
  type CoroutineGen,
  type Future,
  type Task,
} from '../../../../scheduler/index.ts';
import { print } from '../../../support/play.ts';
import { py, type ConformanceCase } from '../framework.ts';

/** str(bool) in Python. */
const pyBool = (value: boolean): string => (value ? 'True' : 'False');

const say = labelled('say', (text: string) => print(text));

export const taskCases: ConformanceCase[] = [
  {
    id: 'create-task-starts-next-tick',
    rules: [5],
    title: 'new tasks start next tick in creation order, after what was queued; the creator runs on until it yields',
    python: py`
      import asyncio
      def say(text):
          print(text)
      async def child(text):
          print(text, 'starts')
      async def spawner():
          print('spawner starts')
          g = asyncio.create_task(child('grandchild'))
          print('spawner continues')
      async def main():
          loop = asyncio.get_running_loop()
          loop.call_soon(say, 'queued before')
          a = asyncio.create_task(spawner())
          b = asyncio.create_task(child('b'))
          loop.call_soon(say, 'queued after')
          print('main continues')
          await asyncio.sleep(0)
          print('main resumed')
          await asyncio.sleep(0)
          print('main resumed again')
      asyncio.run(main())
    `,
    model: function* () {
      function* child(text: string): CoroutineGen<void> {
        print(text, 'starts');
      }
      function* spawner(): CoroutineGen<void> {
        print('spawner starts');
        createTask(named('child', child('grandchild')));
        print('spawner continues');
      }
      const loop = getRunningLoop();
      loop.callSoon(say, 'queued before');
      createTask(named('spawner', spawner()));
      createTask(named('child', child('b')));
      loop.callSoon(say, 'queued after');
      print('main continues');
      yield* sleep(0);
      print('main resumed');
      yield* sleep(0);
      print('main resumed again');
    },
  },
  {
    id: 'await-coroutine-inline',
    rules: [6],
    title: 'await coro() runs inline in the same task, with no new task and no tick',
    python: py`
      import asyncio
      async def leaf(x):
          print('leaf', x)
          return x * 2
      async def middle(x):
          print('middle', x)
          y = await leaf(x)
          return y + 1
      async def other():
          print('other runs')
      async def main():
          t = asyncio.create_task(other())
          r = await middle(5)
          print('main got', r)
          await t
          print('main done')
      asyncio.run(main())
    `,
    model: function* () {
      function* leaf(x: number): CoroutineGen<number> {
        print('leaf', x);
        return x * 2;
      }
      function* middle(x: number): CoroutineGen<number> {
        print('middle', x);
        const y = yield* leaf(x);
        return y + 1;
      }
      function* other(): CoroutineGen<void> {
        print('other runs');
      }
      const t = createTask(named('other', other()));
      const r = yield* middle(5);
      print('main got', r);
      yield* t;
      print('main done');
    },
  },
  {
    id: 'await-done-task-and-future',
    rules: [6],
    title: 'awaiting a finished task or a done future does not suspend',
    python: py`
      import asyncio
      async def quick():
          print('quick runs')
          return 'q'
      async def other():
          print('other runs')
      async def main():
          loop = asyncio.get_running_loop()
          t = asyncio.create_task(quick())
          await asyncio.sleep(0)
          print('quick done:', t.done())
          o = asyncio.create_task(other())
          print('await done task:', await t)
          f = loop.create_future()
          f.set_result('f')
          print('await done future:', await f)
          print('other done:', o.done())
          await asyncio.sleep(0)
          print('other done:', o.done())
      asyncio.run(main())
    `,
    model: function* () {
      function* quick(): CoroutineGen<string> {
        print('quick runs');
        return 'q';
      }
      function* other(): CoroutineGen<void> {
        print('other runs');
      }
      const loop = getRunningLoop();
      const t = createTask(named('quick', quick()));
      yield* sleep(0);
      print('quick done:', pyBool(t.done()));
      const o = createTask(named('other', other()));
      print('await done task:', yield* t);
      const f = loop.createFuture<string>();
      f.setResult('f');
      print('await done future:', yield* f);
      print('other done:', pyBool(o.done()));
      yield* sleep(0);
      print('other done:', pyBool(o.done()));
    },
  },
  {
    id: 'await-free-primitives',
    rules: [6],
    title: 'a free lock, a set event, put on a non-full / get on a non-empty queue and gather() do not suspend',
    python: py`
      import asyncio
      async def other():
          print('other runs')
      async def main():
          o = asyncio.create_task(other())
          lock = asyncio.Lock()
          print('acquire', await lock.acquire())
          lock.release()
          async with lock:
              print('inside async with lock')
          ev = asyncio.Event()
          ev.set()
          print('event wait', await ev.wait())
          q = asyncio.Queue(maxsize=2)
          await q.put(1)
          await q.put(2)
          print('queue size', q.qsize())
          print('get', await q.get())
          print('gather()', await asyncio.gather())
          print('other done', o.done())
          await asyncio.sleep(0)
          print('other done', o.done())
      asyncio.run(main())
    `,
    model: function* () {
      function* other(): CoroutineGen<void> {
        print('other runs');
      }
      const o = createTask(named('other', other()));
      const lock = new Lock();
      print('acquire', pyBool(yield* lock.acquire()));
      lock.release();
      yield* asyncWith(lock, function* () {
        print('inside async with lock');
      });
      const ev = new Event();
      ev.set();
      print('event wait', pyBool(yield* ev.wait()));
      const q = new Queue<number>(2);
      yield* q.put(1);
      yield* q.put(2);
      print('queue size', q.qsize());
      print('get', yield* q.get());
      print('gather()', JSON.stringify(yield* gather()));
      print('other done', pyBool(o.done()));
      yield* sleep(0);
      print('other done', pyBool(o.done()));
    },
  },
  {
    id: 'sleep0-round-robin',
    rules: [7],
    title: 'sleep(0) and sleep(-1) re-queue the step at the back: three tasks take turns',
    python: py`
      import asyncio
      async def worker(name, delay):
          for i in range(3):
              print(name, i)
              await asyncio.sleep(delay)
      async def main():
          ts = [asyncio.create_task(worker('a', 0)), asyncio.create_task(worker('b', 0)), asyncio.create_task(worker('c', -1))]
          for t in ts:
              await t
          print('all done')
      asyncio.run(main())
    `,
    model: function* () {
      function* worker(name: string, delay: number): CoroutineGen<void> {
        for (let i = 0; i < 3; i++) {
          print(name, i);
          yield* sleep(delay);
        }
      }
      const ts = [createTask(named('worker', worker('a', 0))), createTask(named('worker', worker('b', 0))), createTask(named('worker', worker('c', -1)))];
      for (const t of ts) yield* t;
      print('all done');
    },
  },
  {
    id: 'sleep-negative-no-timer',
    rules: [7, 4],
    title: 'sleep(-1) re-queues a step with no timer, ahead of an overdue call_later(0)',
    python: py`
      import asyncio
      def say(text):
          print(text)
      async def main():
          loop = asyncio.get_running_loop()
          loop.call_soon(say, 'soon')
          loop.call_later(0, say, 'timer 0')
          r = await asyncio.sleep(-1, 'result')
          print('main resumed with', r)
      asyncio.run(main())
    `,
    model: function* () {
      const loop = getRunningLoop();
      loop.callSoon(say, 'soon');
      loop.callLater(0, say, 'timer 0');
      const r = yield* sleep(-1, 'result');
      print('main resumed with', r);
    },
  },
  {
    id: 'sleep-positive-two-ticks',
    rules: [8],
    title: 'sleep(d > 0): timer tick then wakeup tick; three tasks due together wake in the timers\' heap order',
    python: py`
      import asyncio
      async def napper(name):
          await asyncio.sleep(0.5)
          print(name, 'woke')
      async def main():
          ts = [asyncio.create_task(napper(n)) for n in ('a', 'b', 'c')]
          await asyncio.sleep(0.25)
          print('main woke')
          await asyncio.sleep(0.5)
          print('main woke again')
      asyncio.run(main())
    `,
    model: function* () {
      function* napper(name: string): CoroutineGen<void> {
        yield* sleep(0.5);
        print(name, 'woke');
      }
      for (const n of ['a', 'b', 'c']) createTask(named('napper', napper(n)));
      yield* sleep(0.25);
      print('main woke');
      yield* sleep(0.5);
      print('main woke again');
    },
  },
  {
    id: 'done-callbacks-order',
    rules: [9],
    title: 'done callbacks run next tick in registration order, the awaiting task among them; add_done_callback on a done future',
    python: py`
      import asyncio
      def cb(fut):
          print('cb', fut.result())
      def late(fut):
          print('late', fut.result())
      async def waiter(fut):
          print('waiter got', await fut)
      async def main():
          loop = asyncio.get_running_loop()
          fut = loop.create_future()
          fut.add_done_callback(cb)
          w = asyncio.create_task(waiter(fut))
          await asyncio.sleep(0)
          fut.add_done_callback(late)
          fut.set_result('x')
          print('set')
          fut.add_done_callback(cb)
          await asyncio.sleep(0)
          print('main resumed')
          await w
      asyncio.run(main())
    `,
    model: function* () {
      const cb = labelled('cb', (fut: Future<unknown>) => print('cb', fut.result()));
      const late = labelled('late', (fut: Future<unknown>) => print('late', fut.result()));
      function* waiter(fut: Future<string>): CoroutineGen<void> {
        print('waiter got', yield* fut);
      }
      const loop = getRunningLoop();
      const fut = loop.createFuture<string>();
      fut.addDoneCallback(cb);
      const w = createTask(named('waiter', waiter(fut)));
      yield* sleep(0);
      fut.addDoneCallback(late);
      fut.setResult('x');
      print('set');
      fut.addDoneCallback(cb);
      yield* sleep(0);
      print('main resumed');
      yield* w;
    },
  },
  {
    id: 'done-callbacks-exception-and-cancel',
    rules: [9],
    title: 'set_exception and cancel schedule the done callbacks at once, in completion order',
    python: py`
      import asyncio
      def on_done(fut):
          if fut.cancelled():
              print('cancelled')
          else:
              print('exception', type(fut.exception()).__name__, fut.exception())
      async def main():
          loop = asyncio.get_running_loop()
          a = loop.create_future()
          b = loop.create_future()
          a.add_done_callback(on_done)
          b.add_done_callback(on_done)
          b.set_exception(ValueError('bad'))
          print('cancel', a.cancel())
          print('cancel again', a.cancel())
          await asyncio.sleep(0)
          print('main resumed')
      asyncio.run(main())
    `,
    compareLogs: true,
    model: function* () {
      const onDone = labelled('on_done', (fut: Future<unknown>) => {
        if (fut.cancelled()) print('cancelled');
        else {
          const exc = fut.exception();
          print('exception', exc?.pyName, exc?.message);
        }
      });
      const loop = getRunningLoop();
      const a = loop.createFuture();
      const b = loop.createFuture();
      a.addDoneCallback(onDone);
      b.addDoneCallback(onDone);
      b.setException(new ValueError('bad'));
      print('cancel', pyBool(a.cancel()));
      print('cancel again', pyBool(a.cancel()));
      yield* sleep(0);
      print('main resumed');
    },
  },
  {
    id: 'await-task-resumes-next-tick',
    rules: [10],
    title: 'a task finishing in tick T resumes its awaiters in T+1, in the order they began awaiting',
    python: py`
      import asyncio
      async def worker():
          await asyncio.sleep(0.5)
          print('worker done')
          return 'w'
      async def watcher(t):
          print('watcher got', await t)
      async def main():
          t = asyncio.create_task(worker())
          w = asyncio.create_task(watcher(t))
          print('main got', await t)
          await w
      asyncio.run(main())
    `,
    model: function* () {
      function* worker(): CoroutineGen<string> {
        yield* sleep(0.5);
        print('worker done');
        return 'w';
      }
      function* watcher(t: Task<string>): CoroutineGen<void> {
        print('watcher got', yield* t);
      }
      const t = createTask(named('worker', worker()));
      const w = createTask(named('watcher', watcher(t)));
      print('main got', yield* t);
      yield* w;
    },
  },
  {
    id: 'task-names-create-task',
    rules: [11],
    title: 'create_task(name=) and ensure_future consume a number, loop.create_task(name=) does not; shutdown tasks take the next two',
    python: py`
      import asyncio
      async def job():
          await asyncio.sleep(0)
      async def main():
          loop = asyncio.get_running_loop()
          a = asyncio.create_task(job())
          b = asyncio.create_task(job(), name='named')
          c = loop.create_task(job(), name='loop-named')
          d = asyncio.create_task(job())
          e = asyncio.ensure_future(job())
          f = loop.create_task(job())
          for t in (a, b, c, d, e, f):
              print(t.get_name())
          await asyncio.gather(a, b, c, d, e, f)
      asyncio.run(main())
    `,
    model: function* () {
      function* job(): CoroutineGen<void> {
        yield* sleep(0);
      }
      const loop = getRunningLoop();
      const a = createTask(named('job', job()));
      const b = createTask(named('job', job()), { name: 'named' });
      const c = loop.createTask(named('job', job()), { name: 'loop-named' });
      const d = createTask(named('job', job()));
      const e = ensureFuture(named('job', job())) as Task<void>;
      const f = loop.createTask(named('job', job()));
      for (const t of [a, b, c, d, e, f]) print(t.getName());
      yield* gather(a, b, c, d, e, f);
    },
  },
  {
    id: 'task-set-name-before-first-step',
    rules: [11],
    title: 'set_name before the first step: the step already queued runs under the new name',
    python: py`
      import asyncio
      async def job():
          print('running')
      async def main():
          t = asyncio.create_task(job())
          t.set_name('renamed')
          await t
          print(t.get_name())
      asyncio.run(main())
    `,
    model: function* () {
      function* job(): CoroutineGen<void> {
        print('running');
      }
      const t = createTask(named('job', job()));
      t.setName('renamed');
      yield* t;
      print(t.getName());
    },
  },
  {
    id: 'task-names-combinators',
    rules: [11, 12, 13, 15, 17, 18],
    title: 'gather, wait_for, shield, as_completed and TaskGroup.create_task (named too) each consume numbers',
    python: py`
      import asyncio
      async def job(tag):
          print(tag)
          return tag
      async def main():
          await asyncio.gather(job('gather 1'), job('gather 2'))
          await asyncio.wait_for(job('wait_for'), 1)
          await asyncio.shield(job('shield'))
          for f in asyncio.as_completed([job('as_completed')]):
              await f
          async with asyncio.TaskGroup() as tg:
              tg.create_task(job('taskgroup'))
              tg.create_task(job('taskgroup named'), name='tg-named')
          await asyncio.create_task(job('after'))
      asyncio.run(main())
    `,
    model: function* () {
      function* job(tag: string): CoroutineGen<string> {
        print(tag);
        return tag;
      }
      yield* gather(named('job', job('gather 1')), named('job', job('gather 2')));
      yield* waitFor(named('job', job('wait_for')), 1);
      yield* shield(named('job', job('shield')));
      for (const f of asCompleted([named('job', job('as_completed'))])) yield* f;
      yield* asyncWith(new TaskGroup(), function* (tg) {
        tg.createTask(named('job', job('taskgroup')));
        tg.createTask(named('job', job('taskgroup named')), { name: 'tg-named' });
      });
      yield* createTask(named('job', job('after')));
    },
  },
];
