/**
 * Programs the explanation tests share: each exercises several kinds of handle and cause.
 */
import { explain } from './support.ts';

/** A holder and a waiter meeting on a Lock, a Semaphore, an Event, a Condition and a Queue, in turn. */
export const PRIMITIVES = explain(`
  import asyncio

  async def holder(lock, sem, ready, cond, queue):
      async with lock:
          await asyncio.sleep(0.1)
          print("holder works")
      await sem.acquire()
      await asyncio.sleep(0.1)
      sem.release()
      await asyncio.sleep(0.1)
      ready.set()
      await asyncio.sleep(0.1)
      async with cond:
          cond.notify()
      await asyncio.sleep(0.1)
      await queue.put("item")
      await queue.put("more")

  async def waiter(lock, sem, ready, cond, queue):
      await asyncio.sleep(0)
      async with lock:
          print("waiter has the lock")
      await sem.acquire()
      sem.release()
      await ready.wait()
      async with cond:
          await cond.wait()
      print(await queue.get())
      await asyncio.sleep(0.1)
      print(await queue.get())

  async def main():
      lock = asyncio.Lock()
      sem = asyncio.Semaphore(1)
      ready = asyncio.Event()
      cond = asyncio.Condition()
      queue = asyncio.Queue(maxsize=1)
      await asyncio.gather(holder(lock, sem, ready, cond, queue), waiter(lock, sem, ready, cond, queue))

  asyncio.run(main())
`);
