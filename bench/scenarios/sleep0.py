"""10,000 tasks x 100 sleep(0)
Benchmark: every task yields to the loop a hundred times; 1,010,000 task steps in all.
"""
import asyncio


async def worker():
    for _ in range(100):
        await asyncio.sleep(0)


async def main():
    tasks = [asyncio.create_task(worker()) for _ in range(10000)]
    await asyncio.gather(*tasks)
    print("all workers done")


asyncio.run(main())
