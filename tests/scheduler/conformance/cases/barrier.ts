/** asyncio.Barrier (new in 3.11): parties, indices, draining, reset and abort, tick for tick. */
import { Barrier, PyBaseException, asyncWith, createTask, gather, gatherWith, named, sleep, type CoroutineGen } from '../../../../scheduler/index.ts';
import { print } from '../../../support/play.ts';
import { py, type ConformanceCase } from '../framework.ts';

const tf = (value: boolean): string => (value ? 'True' : 'False');

function pyName(error: unknown): string {
  if (error instanceof PyBaseException) return error.pyName;
  throw error;
}

export const barrierCases: ConformanceCase[] = [
  {
    id: 'barrier-parties-meet-twice',
    rules: [22, 25],
    title: 'Barrier: the last party releases the others (one condition wake-up each), indices in arrival order, reusable with async with',
    python: py`
      import asyncio
      async def party(barrier, name, delay):
          await asyncio.sleep(delay)
          print(name, 'arrives, n_waiting =', barrier.n_waiting)
          index = await barrier.wait()
          print(name, 'passes with index', index, 'n_waiting =', barrier.n_waiting)
          await asyncio.sleep(0.1)
          async with barrier as again:
              print(name, 'second round index', again)
      async def main():
          barrier = asyncio.Barrier(3)
          print(barrier.parties, barrier.n_waiting, barrier.broken)
          await asyncio.gather(party(barrier, 'A', 0.1), party(barrier, 'B', 0.3), party(barrier, 'C', 0.2))
          print('done', barrier.n_waiting, barrier.broken)
      asyncio.run(main())
    `,
    model: function* () {
      function* party(barrier: Barrier, name: string, delay: number): CoroutineGen<void> {
        yield* sleep(delay);
        print(name, 'arrives, n_waiting =', barrier.nWaiting);
        const index = yield* barrier.wait();
        print(name, 'passes with index', index, 'n_waiting =', barrier.nWaiting);
        yield* sleep(0.1);
        yield* asyncWith(barrier, function* (again: number) {
          print(name, 'second round index', again);
        });
      }
      const barrier = new Barrier(3);
      print(barrier.parties, barrier.nWaiting, tf(barrier.broken));
      yield* gather(named('party', party(barrier, 'A', 0.1)), named('party', party(barrier, 'B', 0.3)), named('party', party(barrier, 'C', 0.2)));
      print('done', barrier.nWaiting, tf(barrier.broken));
    },
  },
  {
    id: 'barrier-draining-blocks-next-round',
    rules: [22, 25],
    title: 'Barrier: a task arriving while the released parties drain waits for the draining to end',
    python: py`
      import asyncio
      async def fast(barrier, name):
          i = await barrier.wait()
          print(name, 'round 1 index', i)
          j = await barrier.wait()
          print(name, 'round 2 index', j)
      async def main():
          barrier = asyncio.Barrier(2)
          await asyncio.gather(fast(barrier, 'A'), fast(barrier, 'B'))
          print('n_waiting', barrier.n_waiting)
      asyncio.run(main())
    `,
    model: function* () {
      function* fast(barrier: Barrier, name: string): CoroutineGen<void> {
        const i = yield* barrier.wait();
        print(name, 'round 1 index', i);
        const j = yield* barrier.wait();
        print(name, 'round 2 index', j);
      }
      const barrier = new Barrier(2);
      yield* gather(named('fast', fast(barrier, 'A')), named('fast', fast(barrier, 'B')));
      print('n_waiting', barrier.nWaiting);
    },
  },
  {
    id: 'barrier-abort-and-reset',
    rules: [22, 25],
    title: 'Barrier: abort() breaks waiting and later wait() calls; reset() makes waiters fail and the barrier fill again',
    python: py`
      import asyncio
      async def waiter(barrier, name):
          try:
              await barrier.wait()
              print(name, 'passed')
          except asyncio.BrokenBarrierError as e:
              print(name, type(e).__name__, e, barrier.broken)
      async def main():
          barrier = asyncio.Barrier(3)
          tasks = [asyncio.create_task(waiter(barrier, n)) for n in 'AB']
          await asyncio.sleep(0.1)
          print('waiting:', barrier.n_waiting)
          await barrier.reset()
          print('after reset, n_waiting', barrier.n_waiting, 'broken', barrier.broken)
          await asyncio.gather(*tasks)
          print('after the waiters left, n_waiting', barrier.n_waiting)
          tasks = [asyncio.create_task(waiter(barrier, n)) for n in 'CD']
          await asyncio.sleep(0)
          await barrier.abort()
          await asyncio.gather(*tasks, return_exceptions=True)
          await waiter(barrier, 'E')
          print('broken', barrier.broken, 'n_waiting', barrier.n_waiting)
      asyncio.run(main())
    `,
    model: function* () {
      function* waiter(barrier: Barrier, name: string): CoroutineGen<void> {
        try {
          yield* barrier.wait();
          print(name, 'passed');
        } catch (e) {
          print(name, pyName(e), (e as Error).message, tf(barrier.broken));
        }
      }
      const barrier = new Barrier(3);
      let tasks = ['A', 'B'].map((n) => createTask(named('waiter', waiter(barrier, n))));
      yield* sleep(0.1);
      print('waiting:', barrier.nWaiting);
      yield* barrier.reset();
      print('after reset, n_waiting', barrier.nWaiting, 'broken', tf(barrier.broken));
      yield* gather(...tasks);
      print('after the waiters left, n_waiting', barrier.nWaiting);
      tasks = ['C', 'D'].map((n) => createTask(named('waiter', waiter(barrier, n))));
      yield* sleep(0);
      yield* barrier.abort();
      yield* gatherWith({ returnExceptions: true }, ...tasks);
      yield* waiter(barrier, 'E');
      print('broken', tf(barrier.broken), 'n_waiting', barrier.nWaiting);
    },
  },
];
