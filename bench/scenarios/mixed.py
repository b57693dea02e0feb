"""10,000 tasks mixing sleeps, sleep(0), locks and queues (about a million events)
Renderer benchmark (bench/renderer.ts): every task, ROUNDS times over, sleeps a seeded random
while, yields once with sleep(0), takes one of a hundred locks (yielding while it holds it), then
puts into and takes from a shared bounded queue. Every thousandth task prints when it is done.
The benchmark makes its 3 and 10 million event versions by changing ROUNDS (bench/traces.ts).
"""
import asyncio
import random

random.seed(2025)
ROUNDS = 7


async def worker(n, lock, queue):
    for _ in range(ROUNDS):
        await asyncio.sleep(random.randrange(1000) / 1000)
        await asyncio.sleep(0)
        async with lock:
            await asyncio.sleep(0)
        await queue.put(n)
        await queue.get()
    if n % 1000 == 0:
        print(f"worker {n} done")


async def main():
    locks = [asyncio.Lock() for _ in range(100)]
    queue = asyncio.Queue(maxsize=100)
    tasks = [asyncio.create_task(worker(n, locks[n % 100], queue)) for n in range(10000)]
    await asyncio.gather(*tasks)
    print("all workers done")


asyncio.run(main())
