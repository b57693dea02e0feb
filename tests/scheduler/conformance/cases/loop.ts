/** Rules 1-4: the anatomy of a tick, call_soon, and the timer heap. */
import { getRunningLoop, labelled, sleep, gather, named, type CoroutineGen } from '../../../../scheduler/index.ts';
import { print } from '../../../support/play.ts';
import { py, type ConformanceCase } from '../framework.ts';

const say = labelled('say', (text: string) => print(text));

export const loopCases: ConformanceCase[] = [
  {
    id: 'tick-anatomy',
    rules: [1, 2, 4],
    title: 'due timers run after the handles already queued; new handles wait a tick',
    python: py`
      import asyncio
      def say(text):
          print(text)
      def chain(text):
          print(text)
          asyncio.get_running_loop().call_soon(say, text + ' -> next tick')
      async def main():
          loop = asyncio.get_running_loop()
          loop.call_later(0, say, 'timer 0')
          loop.call_soon(chain, 'soon 1')
          loop.call_at(loop.time(), say, 'call_at now')
          loop.call_later(-1, say, 'timer -1')
          loop.call_soon(say, 'soon 2')
          loop.call_soon_threadsafe(say, 'threadsafe')
          await asyncio.sleep(0)
          print('main resumed')
          await asyncio.sleep(0)
      asyncio.run(main())
    `,
    model: function* () {
      const loop = getRunningLoop();
      const chain = labelled('chain', (text: string) => {
        print(text);
        getRunningLoop().callSoon(say, `${text} -> next tick`);
      });
      loop.callLater(0, say, 'timer 0');
      loop.callSoon(chain, 'soon 1');
      loop.callAt(loop.time(), say, 'call_at now');
      loop.callLater(-1, say, 'timer -1');
      loop.callSoon(say, 'soon 2');
      loop.callSoon(say, 'threadsafe');
      yield* sleep(0);
      print('main resumed');
      yield* sleep(0);
    },
  },
  {
    id: 'cancelled-handle-skipped',
    rules: [2],
    title: 'a cancelled call_soon handle is skipped',
    python: py`
      import asyncio
      def say(text):
          print(text)
      async def main():
          loop = asyncio.get_running_loop()
          first = loop.call_soon(say, 'first')
          loop.call_soon(say, 'second')
          first.cancel()
          await asyncio.sleep(0)
      asyncio.run(main())
    `,
    model: function* () {
      const loop = getRunningLoop();
      const first = loop.callSoon(say, 'first');
      loop.callSoon(say, 'second');
      loop.cancelHandle(first);
      yield* sleep(0);
    },
  },
  {
    id: 'heap-order-eight-timers',
    rules: [3],
    title: '8 call_later(1) with main sleeping 1.5 fire in heapq order, not FIFO',
    python: py`
      import asyncio
      def say(text):
          print(text)
      async def main():
          loop = asyncio.get_running_loop()
          for i in range(8):
              loop.call_later(1, say, i)
          await asyncio.sleep(1.5)
      asyncio.run(main())
    `,
    model: function* () {
      const loop = getRunningLoop();
      for (let i = 0; i < 8; i++) loop.callLater(1, say, String(i));
      yield* sleep(1.5);
    },
  },
  {
    id: 'heap-order-reversed-pair',
    rules: [3],
    title: 'two equal deadlines can pop in reverse order',
    python: py`
      import asyncio
      def say(text):
          print(text)
      async def main():
          loop = asyncio.get_running_loop()
          now = loop.time()
          loop.call_at(now + 0.2, say, 'C')
          loop.call_at(now + 0.1, say, 'A')
          loop.call_at(now + 0.1, say, 'B')
          loop.call_at(now + 0, say, 'D')
          loop.call_at(now - 1, say, 'E')
          await asyncio.sleep(0.5)
      asyncio.run(main())
    `,
    model: function* () {
      const loop = getRunningLoop();
      const now = loop.time();
      loop.callAt(now + 0.2, say, 'C');
      loop.callAt(now + 0.1, say, 'A');
      loop.callAt(now + 0.1, say, 'B');
      loop.callAt(now + 0, say, 'D');
      loop.callAt(now - 1, say, 'E');
      yield* sleep(0.5);
    },
  },
  {
    id: 'clock-resolution',
    rules: [3, 8],
    title: 'deadlines within 1e-9 s are due in the same tick: 3 x sleep(0.1) ends with sleep(0.3)',
    python: py`
      import asyncio
      async def steps():
          for _ in range(3):
              await asyncio.sleep(0.1)
          print('three small sleeps done')
      async def one():
          await asyncio.sleep(0.3)
          print('one sleep done')
      async def main():
          await asyncio.gather(steps(), one())
      asyncio.run(main())
    `,
    model: function* () {
      function* steps(): CoroutineGen<void> {
        for (let i = 0; i < 3; i++) yield* sleep(0.1);
        print('three small sleeps done');
      }
      function* one(): CoroutineGen<void> {
        yield* sleep(0.3);
        print('one sleep done');
      }
      yield* gather(named('steps', steps()), named('one', one()));
    },
  },
  {
    id: 'heap-rebuild',
    rules: [1, 3],
    title: 'more than half of more than 100 timers cancelled: the heap is rebuilt with heapify',
    python: py`
      import asyncio
      def say(text):
          print(text)
      async def main():
          loop = asyncio.get_running_loop()
          handles = [loop.call_later(1 + (i % 3) * 0.5, say, i) for i in range(150)]
          for i, handle in enumerate(handles):
              if i % 5 != 0:
                  handle.cancel()
          await asyncio.sleep(3)
      asyncio.run(main())
    `,
    model: function* () {
      const loop = getRunningLoop();
      const handles = Array.from({ length: 150 }, (_, i) => loop.callLater(1 + (i % 3) * 0.5, say, String(i)));
      handles.forEach((handle, i) => {
        if (i % 5 !== 0) handle.cancel();
      });
      yield* sleep(3);
    },
  },
];
