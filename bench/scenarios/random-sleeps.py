"""10,000 tasks x 100 seeded random sleeps
Benchmark: every task sleeps a hundred times for random.random() seconds, from a seeded generator.
"""
import asyncio
import random

random.seed(12345)


async def worker():
    for _ in range(100):
        await asyncio.sleep(random.random())


async def main():
    tasks = [asyncio.create_task(worker()) for _ in range(10000)]
    await asyncio.gather(*tasks)
    print("all workers done")


asyncio.run(main())
