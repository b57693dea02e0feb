"""10,000 tasks x 100 seeded random sleeps
Benchmark: every task sleeps a hundred times for a random whole number of milliseconds below one
second, from a seeded generator (so timers share deadlines, as real ones often do).
"""
import asyncio
import random

random.seed(12345)


async def worker():
    for _ in range(100):
        await asyncio.sleep(random.randrange(1000) / 1000)


async def main():
    tasks = [asyncio.create_task(worker()) for _ in range(10000)]
    await asyncio.gather(*tasks)
    print("all workers done")


asyncio.run(main())
