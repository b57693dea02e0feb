/**
 * Rules 27-35: blocking calls and CPU-bound steps, deadlocks, coroutines never awaited,
 * fire-and-forget failures, async generators, asyncio.run's start and cleanup, and the limits.
 */
import {
  CancelledError,
  Event,
  Lock,
  ValueError,
  asyncWith,
  createTask,
  gather,
  getRunningLoop,
  labelled,
  named,
  sleep,
  type CoroutineGen,
  type Suspension,
  type Task,
} from '../../../../scheduler/index.ts';
import { print } from '../../../support/play.ts';
import { py, type ConformanceCase } from '../framework.ts';

const say = labelled('say', (text: string) => print(text));

/** What the body of an async generator yields: a suspension for its task, or an item for `async for`. */
class Item<T> {
  constructor(readonly value: T) {}
}

/** `yield value` inside an async generator body (written as `yield item(value)`). */
function item<T>(value: T): Item<T> {
  return new Item(value);
}

type AsyncGenBody<T> = Generator<Suspension | Item<T>, void, unknown>;

/**
 * A small stand-in for a Python async generator: the body is a generator that awaits with `yield*`
 * and produces items with `yield item(x)`. __anext__ and aclose() are coroutines run by whoever
 * awaits them, so iteration happens in the consumer's task (rule 32). The first __anext__ registers
 * the generator with the loop, like asyncio's firstiter hook (loop._asyncgens).
 */
class AsyncGen<T> {
  private registered = false;
  private finished = false;

  constructor(private readonly body: AsyncGenBody<T>) {}

  repr(): string {
    return '<async_generator object>';
  }

  /** `await agen.__anext__()`: the next item, or done when the body returns (StopAsyncIteration). */
  *anext(): CoroutineGen<IteratorResult<T, undefined>> {
    if (!this.registered) {
      this.registered = true;
      getRunningLoop().asyncgens.add(this);
    }
    return yield* this.drive(this.body.next());
  }

  /** `agen.aclose()`: GeneratorExit at the paused `yield`; finally blocks may await. */
  aclose(): CoroutineGen<void> {
    const self = this;
    return named(
      'aclose',
      (function* () {
        yield* self.drive(self.body.return(undefined));
      })(),
    );
  }

  /**
   * The last reference to the generator is dropped. A finished generator just leaves
   * loop._asyncgens (a WeakSet); an unfinished one goes through the loop's finalizer hook
   * (BaseEventLoop._asyncgen_finalizer_hook): call_soon_threadsafe(self.create_task, agen.aclose()).
   */
  collected(): void {
    const loop = getRunningLoop();
    loop.asyncgens.delete(this);
    if (this.finished) return;
    loop.callSoon(
      labelled('BaseEventLoop.create_task', (coro: CoroutineGen<void>) => {
        loop.createTask(named('aclose', coro));
      }),
      this.aclose(),
    );
  }

  private *drive(first: IteratorResult<Suspension | Item<T>, void>): CoroutineGen<IteratorResult<T, undefined>> {
    let step = first;
    for (;;) {
      if (step.done === true) {
        this.finished = true;
        return { done: true, value: undefined };
      }
      const yielded = step.value;
      if (yielded instanceof Item) return { done: false, value: yielded.value };
      let sent: unknown;
      try {
        sent = yield yielded;
      } catch (error) {
        step = this.body.throw(error);
        continue;
      }
      step = this.body.next(sent);
    }
  }
}

export const pitfallCases: ConformanceCase[] = [
  {
    id: 'time-sleep-blocks-the-step',
    rules: [27, 1],
    title: 'time.sleep in a task moves the clock mid-step; overdue timers fire next tick after the queued handles',
    python: py`
      import asyncio
      import time
      def say(text):
          print(text)
      async def ticker():
          print('ticker sleeps 0.5')
          await asyncio.sleep(0.5)
          print('ticker woke')
      async def main():
          loop = asyncio.get_running_loop()
          t = asyncio.create_task(ticker())
          await asyncio.sleep(0)
          loop.call_later(1, say, 'timer due at 1.0')
          loop.call_soon(say, 'queued with call_soon')
          print('blocking')
          time.sleep(2)
          print('unblocked')
          await asyncio.sleep(0)
          print('main resumed')
          await t
      asyncio.run(main())
    `,
    model: function* () {
      function* ticker(): CoroutineGen<void> {
        print('ticker sleeps 0.5');
        yield* sleep(0.5);
        print('ticker woke');
      }
      const loop = getRunningLoop();
      const t = createTask(named('ticker', ticker()));
      yield* sleep(0);
      loop.callLater(1, say, 'timer due at 1.0');
      loop.callSoon(say, 'queued with call_soon');
      print('blocking');
      loop.block(2);
      print('unblocked');
      yield* sleep(0);
      print('main resumed');
      yield* t;
    },
  },
  {
    id: 'periodic-task-drift',
    rules: [27],
    title: 'a periodic task drifts after a blocking call: tick 2 at 2.75 instead of 1.0, later ticks relative to it',
    python: py`
      import asyncio
      import time
      async def ticker():
          for n in range(1, 5):
              print('tick', n)
              await asyncio.sleep(1)
      async def blocker():
          await asyncio.sleep(0.75)
          print('blocking for 2 s')
          time.sleep(2)
      async def main():
          await asyncio.gather(ticker(), blocker())
      asyncio.run(main())
    `,
    model: function* () {
      function* ticker(): CoroutineGen<void> {
        for (let n = 1; n < 5; n++) {
          print('tick', n);
          yield* sleep(1);
        }
      }
      function* blocker(): CoroutineGen<void> {
        yield* sleep(0.75);
        print('blocking for 2 s');
        getRunningLoop().block(2);
      }
      yield* gather(named('ticker', ticker()), named('blocker', blocker()));
    },
  },
  {
    id: 'cpu-bound-step-monopolizes',
    rules: [28],
    title: 'a CPU-bound step without awaits runs to the end before any other task',
    python: py`
      import asyncio
      import time
      async def cruncher(name, chunks):
          for i in range(chunks):
              time.sleep(0.1)
              print(name, 'chunk', i)
      async def other():
          print('other finally runs')
      async def main():
          await asyncio.gather(cruncher('A', 3), other(), cruncher('B', 2))
      asyncio.run(main())
    `,
    model: function* () {
      function* cruncher(name: string, chunks: number): CoroutineGen<void> {
        for (let i = 0; i < chunks; i++) {
          getRunningLoop().block(0.1);
          print(name, 'chunk', i);
        }
      }
      function* other(): CoroutineGen<void> {
        print('other finally runs');
      }
      yield* gather(named('cruncher', cruncher('A', 3)), named('other', other()), named('cruncher', cruncher('B', 2)));
    },
  },
  {
    id: 'cpu-bound-chunks-with-sleep0',
    rules: [28, 7],
    title: 'sleep(0) between CPU chunks interleaves the tasks round-robin',
    python: py`
      import asyncio
      import time
      async def cruncher(name, chunks):
          for i in range(chunks):
              time.sleep(0.1)
              print(name, 'chunk', i)
              await asyncio.sleep(0)
      async def other():
          print('other runs early')
      async def main():
          await asyncio.gather(cruncher('A', 3), other(), cruncher('B', 2))
      asyncio.run(main())
    `,
    model: function* () {
      function* cruncher(name: string, chunks: number): CoroutineGen<void> {
        for (let i = 0; i < chunks; i++) {
          getRunningLoop().block(0.1);
          print(name, 'chunk', i);
          yield* sleep(0);
        }
      }
      function* other(): CoroutineGen<void> {
        print('other runs early');
      }
      yield* gather(named('cruncher', cruncher('A', 3)), named('other', other()), named('cruncher', cruncher('B', 2)));
    },
  },
  {
    id: 'deadlock-two-locks-opposite-order',
    rules: [29, 22],
    title: 'two tasks taking two locks in opposite order: END deadlock with both and main, no cleanup',
    python: py`
      import asyncio
      async def worker(name, first, second):
          async with first:
              print(name, 'took its first lock')
              await asyncio.sleep(0.1)
              print(name, 'wants its second lock')
              async with second:
                  print('never printed')
      async def main():
          a = asyncio.Lock()
          b = asyncio.Lock()
          try:
              await asyncio.gather(worker('T1', a, b), worker('T2', b, a))
          finally:
              print('never printed either: no cleanup after a deadlock')
      asyncio.run(main())
    `,
    model: function* () {
      function* worker(name: string, first: Lock, second: Lock): CoroutineGen<void> {
        yield* asyncWith(first, function* () {
          print(name, 'took its first lock');
          yield* sleep(0.1);
          print(name, 'wants its second lock');
          yield* asyncWith(second, function* () {
            print('never printed');
          });
        });
      }
      const a = new Lock();
      const b = new Lock();
      try {
        yield* gather(named('worker', worker('T1', a, b)), named('worker', worker('T2', b, a)));
      } finally {
        print('never printed either: no cleanup after a deadlock');
      }
    },
  },
  {
    id: 'deadlock-event-nobody-sets',
    rules: [29, 23],
    title: 'waiting on an Event nobody sets: deadlock once the last timer has fired',
    python: py`
      import asyncio
      async def waiter(event):
          print('waiting for an event nobody sets')
          await event.wait()
      async def main():
          event = asyncio.Event()
          t = asyncio.create_task(waiter(event))
          await asyncio.sleep(1)
          print('the last timer fired')
          await t
      asyncio.run(main())
    `,
    model: function* () {
      function* waiter(event: Event): CoroutineGen<void> {
        print('waiting for an event nobody sets');
        yield* event.wait();
      }
      const event = new Event();
      const t = createTask(named('waiter', waiter(event)));
      yield* sleep(1);
      print('the last timer fired');
      yield* t;
    },
  },
  {
    id: 'deadlock-names-sorted-as-strings',
    rules: [29, 11],
    title: 'END deadlock lists every unfinished task, main included, sorted as strings: Task-10 before Task-2',
    python: py`
      import asyncio
      async def waiter(event, i):
          await event.wait()
      async def main():
          event = asyncio.Event()
          tasks = [asyncio.create_task(waiter(event, i)) for i in range(11)]
          await asyncio.sleep(0.5)
          await tasks[0]
      asyncio.run(main())
    `,
    model: function* () {
      function* waiter(event: Event): CoroutineGen<void> {
        yield* event.wait();
      }
      const event = new Event();
      const tasks = Array.from({ length: 11 }, () => createTask(named('waiter', waiter(event))));
      yield* sleep(0.5);
      yield* tasks[0] as Task<void>;
    },
  },
  {
    id: 'coroutine-called-without-await',
    // CPython's "RuntimeWarning: coroutine 'greet' was never awaited" goes through the warnings
    // module to stderr, which tools/cpython_ticks.py does not record, and the model cannot see
    // refcounts: only the behaviour (nothing runs, no timer) is compared, not the LOG line.
    rules: [30],
    title: 'calling a coroutine function without await runs nothing; asyncio.sleep(1) without await does not sleep',
    python: py`
      import asyncio
      async def greet():
          print('hello from greet')
      async def main():
          greet()
          asyncio.sleep(1)
          print('clock still at', asyncio.get_running_loop().time() == 0)
          await asyncio.sleep(0)
          print('greet never ran')
      asyncio.run(main())
    `,
    model: function* () {
      function* greet(): CoroutineGen<void> {
        print('hello from greet');
      }
      named('greet', greet()); // created and dropped: never started
      sleep(1); // likewise: no timer is armed
      print('clock still at', getRunningLoop().time() === 0 ? 'True' : 'False');
      yield* sleep(0);
      print('greet never ran');
    },
  },
  {
    id: 'fire-and-forget-exception-logged',
    rules: [31],
    title: 'an exception in a fire-and-forget task propagates nowhere; it is logged when the task is destroyed',
    // Only the text of the LOG line is compared, not the tick it appears in.
    compareLogs: true,
    compareLogTicks: false,
    python: py`
      import asyncio
      async def boom():
          await asyncio.sleep(0.5)
          print('boom raises')
          raise ValueError('boom')
      async def main():
          asyncio.create_task(boom())
          await asyncio.sleep(1)
          print('main never heard of it')
      asyncio.run(main())
    `,
    model: function* () {
      function* boom(): CoroutineGen<void> {
        yield* sleep(0.5);
        print('boom raises');
        throw new ValueError('boom');
      }
      createTask(named('boom', boom())).referenced = false;
      yield* sleep(1);
      print('main never heard of it');
    },
  },
  {
    id: 'fire-and-forget-exception-retrieved',
    rules: [31],
    title: 'calling exception() or awaiting the failed task suppresses the log',
    compareLogs: true,
    python: py`
      import asyncio
      async def boom(text):
          await asyncio.sleep(0.1)
          raise ValueError(text)
      async def main():
          looked_at = asyncio.create_task(boom('looked at'))
          awaited = asyncio.create_task(boom('awaited'))
          await asyncio.sleep(1)
          print('exception():', looked_at.exception())
          try:
              await awaited
          except ValueError as e:
              print('await raised', e)
      asyncio.run(main())
    `,
    model: function* () {
      function* boom(text: string): CoroutineGen<void> {
        yield* sleep(0.1);
        throw new ValueError(text);
      }
      const lookedAt = createTask(named('boom', boom('looked at')));
      const awaited = createTask(named('boom', boom('awaited')));
      yield* sleep(1);
      print('exception():', lookedAt.exception()?.message);
      try {
        yield* awaited;
      } catch (e) {
        if (!(e instanceof ValueError)) throw e;
        print('await raised', e.message);
      }
    },
  },
  {
    id: 'referenced-task-exception-never-retrieved',
    rules: [31],
    title: 'a failed task kept in a variable but never looked at is still logged, when its last reference goes',
    // Only the text of the LOG line is compared, not the tick it appears in.
    compareLogs: true,
    compareLogTicks: false,
    python: py`
      import asyncio
      async def boom():
          raise ValueError('kept but ignored')
      async def main():
          t = asyncio.create_task(boom())
          await asyncio.sleep(0.5)
          print('task done:', t.done())
      asyncio.run(main())
    `,
    model: function* () {
      function* boom(): CoroutineGen<void> {
        throw new ValueError('kept but ignored');
      }
      const t = createTask(named('boom', boom()));
      yield* sleep(0.5);
      print('task done:', t.done() ? 'True' : 'False');
    },
  },
  {
    id: 'async-generator-runs-in-consumer-task',
    rules: [32],
    title: 'an async generator runs in the task that iterates it; its finally runs there when exhausted',
    python: py`
      import asyncio
      async def numbers(name, n):
          try:
              for i in range(n):
                  await asyncio.sleep(0.1)
                  print(name, 'yields', i)
                  yield i
          finally:
              print(name, 'generator finally')
      async def consumer(name):
          async for x in numbers(name, 2):
              print(name, 'got', x)
      async def main():
          await asyncio.gather(consumer('A'), consumer('B'))
      asyncio.run(main())
    `,
    model: function* () {
      function* numbers(name: string, n: number): AsyncGenBody<number> {
        try {
          for (let i = 0; i < n; i++) {
            yield* sleep(0.1);
            print(name, 'yields', i);
            yield item(i);
          }
        } finally {
          print(name, 'generator finally');
        }
      }
      function* consumer(name: string): CoroutineGen<void> {
        const agen = new AsyncGen(numbers(name, 2));
        for (;;) {
          const next = yield* agen.anext();
          if (next.done === true) break;
          print(name, 'got', next.value);
        }
        agen.collected(); // exhausted, and dropped when the consumer returns
      }
      yield* gather(named('consumer', consumer('A')), named('consumer', consumer('B')));
    },
  },
  {
    id: 'async-generator-break-finalizer',
    rules: [32, 11],
    title: 'an abandoned async generator is closed by the finalizer hook: a new task a tick later, its finally a tick after',
    python: py`
      import asyncio
      async def ticks():
          i = 0
          try:
              while True:
                  yield i
                  i += 1
          finally:
              print('ticks finally')
              await asyncio.sleep(0)
              print('ticks closed')
      async def main():
          async for n in ticks():
              print('got', n)
              if n == 1:
                  break
          print('after break')
          for step in range(3):
              await asyncio.sleep(0)
              print('main step', step)
      asyncio.run(main())
    `,
    model: function* () {
      function* ticks(): AsyncGenBody<number> {
        let i = 0;
        try {
          for (;;) {
            yield item(i);
            i += 1;
          }
        } finally {
          print('ticks finally');
          yield* sleep(0);
          print('ticks closed');
        }
      }
      const agen = new AsyncGen(ticks());
      for (;;) {
        const next = yield* agen.anext();
        if (next.done === true) break;
        print('got', next.value);
        if (next.value === 1) break;
      }
      agen.collected(); // the `async for` dropped the last reference
      print('after break');
      for (let step = 0; step < 3; step++) {
        yield* sleep(0);
        print('main step', step);
      }
    },
  },
  {
    id: 'async-generator-closed-at-shutdown',
    rules: [32, 34, 11],
    title: 'a generator still referenced when main ends is closed by shutdown_asyncgens, in a gather-wrapped task',
    python: py`
      import asyncio
      keep = []
      async def ticks():
          i = 0
          try:
              while True:
                  await asyncio.sleep(0.1)
                  yield i
                  i += 1
          finally:
              print('ticks finally at shutdown')
              await asyncio.sleep(0.2)
              print('ticks closed')
      async def main():
          agen = ticks()
          keep.append(agen)
          print('first', await agen.__anext__())
          print('second', await agen.__anext__())
      asyncio.run(main())
    `,
    model: function* () {
      function* ticks(): AsyncGenBody<number> {
        let i = 0;
        try {
          for (;;) {
            yield* sleep(0.1);
            yield item(i);
            i += 1;
          }
        } finally {
          print('ticks finally at shutdown');
          yield* sleep(0.2);
          print('ticks closed');
        }
      }
      const agen = new AsyncGen(ticks());
      print('first', (yield* agen.anext()).value);
      print('second', (yield* agen.anext()).value);
    },
  },
  {
    id: 'run-stops-one-tick-after-main',
    rules: [33, 11],
    title: 'main finishing at T stops the loop at T+1 (callbacks queued before run too); a pending timer never fires',
    python: py`
      import asyncio
      def say(text):
          print(text)
      async def main():
          loop = asyncio.get_running_loop()
          loop.call_later(5, say, 'never: the loop stops first')
          await asyncio.sleep(0)
          loop.call_soon(say, 'queued by main just before it returns')
          print('main returns')
          return 'value'
      asyncio.run(main())
    `,
    model: function* () {
      const loop = getRunningLoop();
      loop.callLater(5, say, 'never: the loop stops first');
      yield* sleep(0);
      loop.callSoon(say, 'queued by main just before it returns');
      print('main returns');
      return 'value';
    },
  },
  {
    id: 'run-cleanup-cancels-leftovers',
    rules: [34, 19],
    title: 'asyncio.run cancels leftover tasks in creation order; their except/finally print and sleep, then the shutdown tasks run',
    python: py`
      import asyncio
      async def worker(name, cleanup):
          try:
              await asyncio.sleep(100)
          except asyncio.CancelledError:
              print(name, 'cancelled at shutdown')
              await asyncio.sleep(cleanup)
              print(name, 'cleanup done')
              raise
          finally:
              print(name, 'finally')
      async def stubborn():
          try:
              await asyncio.sleep(100)
          except asyncio.CancelledError:
              print('stubborn swallows the cancellation')
          await asyncio.sleep(0.3)
          print('stubborn returns normally')
      async def main():
          tasks = [asyncio.create_task(worker('W1', 0.5)), asyncio.create_task(stubborn()), asyncio.create_task(worker('W2', 0.25))]
          await asyncio.sleep(1)
          print('main returns with', len(tasks), 'tasks pending')
      asyncio.run(main())
    `,
    model: function* () {
      function* worker(name: string, cleanup: number): CoroutineGen<void> {
        try {
          yield* sleep(100);
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
          print(name, 'cancelled at shutdown');
          yield* sleep(cleanup);
          print(name, 'cleanup done');
          throw e;
        } finally {
          print(name, 'finally');
        }
      }
      function* stubborn(): CoroutineGen<void> {
        try {
          yield* sleep(100);
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
          print('stubborn swallows the cancellation');
        }
        yield* sleep(0.3);
        print('stubborn returns normally');
      }
      const tasks = [createTask(named('worker', worker('W1', 0.5))), createTask(named('stubborn', stubborn())), createTask(named('worker', worker('W2', 0.25)))];
      yield* sleep(1);
      print('main returns with', tasks.length, 'tasks pending');
    },
  },
  {
    id: 'run-main-raises-after-cleanup',
    rules: [34],
    title: 'main raising: the same cleanup runs first, then END error with main\'s exception',
    python: py`
      import asyncio
      async def worker():
          try:
              await asyncio.sleep(100)
          finally:
              print('worker finally at shutdown')
              await asyncio.sleep(0.5)
              print('worker cleanup done')
      async def main():
          t = asyncio.create_task(worker())
          await asyncio.sleep(1)
          print('main raises')
          raise ValueError('main failed')
      asyncio.run(main())
    `,
    model: function* () {
      function* worker(): CoroutineGen<void> {
        try {
          yield* sleep(100);
        } finally {
          print('worker finally at shutdown');
          yield* sleep(0.5);
          print('worker cleanup done');
        }
      }
      createTask(named('worker', worker()));
      yield* sleep(1);
      print('main raises');
      throw new ValueError('main failed');
    },
  },
  {
    id: 'run-shutdown-exception-logged',
    rules: [34],
    title: 'a leftover task that fails while being cancelled at shutdown is logged, not raised',
    compareLogs: true,
    python: py`
      import asyncio
      async def bad_cleanup():
          try:
              await asyncio.sleep(100)
          except asyncio.CancelledError:
              print('cleanup raises')
              raise ValueError('cleanup failed')
      async def main():
          t = asyncio.create_task(bad_cleanup())
          await asyncio.sleep(0)
          print('main returns')
      asyncio.run(main())
    `,
    model: function* () {
      function* badCleanup(): CoroutineGen<void> {
        try {
          yield* sleep(100);
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
          print('cleanup raises');
          throw new ValueError('cleanup failed');
        }
      }
      createTask(named('bad_cleanup', badCleanup()));
      yield* sleep(0);
      print('main returns');
    },
  },
  {
    id: 'limit-sleep0-forever',
    rules: [35, 7],
    title: 'a task looping on sleep(0) never lets time advance: it stops at the tick limit (500 here)',
    limits: { maxTicks: 500 },
    python: py`
      # loopscope: max_ticks=500
      import asyncio
      async def spinner():
          n = 0
          while True:
              await asyncio.sleep(0)
              n += 1
              if n % 100 == 0:
                  print('spun', n)
      async def main():
          asyncio.get_running_loop().call_later(1, print, 'never: time does not move')
          await asyncio.create_task(spinner())
      asyncio.run(main())
    `,
    model: function* () {
      function* spinner(): CoroutineGen<void> {
        let n = 0;
        for (;;) {
          yield* sleep(0);
          n += 1;
          if (n % 100 === 0) print('spun', n);
        }
      }
      getRunningLoop().callLater(1, labelled('print', (text: string) => print(text)), 'never: time does not move');
      yield* createTask(named('spinner', spinner()));
    },
  },
  {
    id: 'limit-virtual-time',
    rules: [35, 8],
    title: 'a loop of long sleeps stops at the virtual-time limit (100 s here), the clock left before the jump',
    limits: { maxTime: 100 },
    python: py`
      # loopscope: max_time=100
      import asyncio
      async def main():
          while True:
              await asyncio.sleep(30)
              print('awake')
      asyncio.run(main())
    `,
    model: function* () {
      for (;;) {
        yield* sleep(30);
        print('awake');
      }
    },
  },
  {
    id: 'limit-blocking-past-max-time',
    rules: [35, 27],
    title: 'time.sleep pushing the clock past the limit stops the run before the next tick',
    limits: { maxTime: 100 },
    python: py`
      # loopscope: max_time=100
      import asyncio
      import time
      async def main():
          await asyncio.sleep(1)
          time.sleep(150)
          print('blocked past the limit')
          await asyncio.sleep(0)
          print('never printed')
      asyncio.run(main())
    `,
    model: function* () {
      yield* sleep(1);
      getRunningLoop().block(150);
      print('blocked past the limit');
      yield* sleep(0);
      print('never printed');
    },
  },
];
