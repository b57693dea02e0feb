# What print shows for queues and events.
import asyncio


async def main():
    q = asyncio.Queue()
    for i in range(3):
        q.put_nowait(i)
    print(q)
    print(q.qsize(), q.empty(), q.full())
    item = await q.get()
    q.task_done()
    print(item, q)
    pq = asyncio.PriorityQueue(maxsize=5)
    await pq.put((2, "b"))
    await pq.put((1, "a"))
    print(pq.get_nowait())
    lq = asyncio.LifoQueue()
    lq.put_nowait("x")
    lq.put_nowait("y")
    print(lq.get_nowait())
    e = asyncio.Event()
    print(e.is_set())


asyncio.run(main())
