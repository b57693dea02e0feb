# Producer/consumer with dataclass work items and a bounded queue.
import asyncio
from dataclasses import dataclass, field


@dataclass(order=True)
class Job:
    priority: int
    name: str = field(compare=False)


async def producer(q: asyncio.PriorityQueue) -> None:
    for i, p in enumerate([3, 1, 2]):
        job = Job(p, f"job{i}")
        await q.put(job)
        print("queued", job)
    await q.put(Job(99, "stop"))


async def consumer(q: asyncio.PriorityQueue) -> None:
    await asyncio.sleep(0.1)
    while True:
        job = await q.get()
        if job.name == "stop":
            break
        await asyncio.sleep(job.priority * 0.1)
        print("done", job.name)


async def main() -> None:
    q: asyncio.PriorityQueue = asyncio.PriorityQueue(maxsize=2)
    await asyncio.gather(producer(q), consumer(q))


asyncio.run(main())
