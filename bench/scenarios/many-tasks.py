"""10,000 tasks, a few awaits each
Renderer benchmark (bench/renderer.ts): ten thousand lanes, each task sleeping a seeded random
while, yielding once with sleep(0) and sleeping again; every hundredth task prints.
"""
import asyncio
import random

random.seed(2024)


async def worker(n):
    await asyncio.sleep(random.randrange(1000) / 1000)
    await asyncio.sleep(0)
    await asyncio.sleep(random.randrange(1000) / 1000)
    if n % 100 == 0:
        print(f"worker {n} done")


async def main():
    tasks = [asyncio.create_task(worker(n)) for n in range(10000)]
    await asyncio.gather(*tasks)
    print("all workers done")


asyncio.run(main())
