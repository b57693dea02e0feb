# Condition: consumers wait for a producer's notify_all.
import asyncio


async def consumer(cond, name, shared):
    async with cond:
        await cond.wait_for(lambda: shared)
        print(f"{name} sees {shared[0]}")


async def producer(cond, shared):
    await asyncio.sleep(1)
    async with cond:
        shared.append("data")
        cond.notify_all()
        print("producer notified")


async def main():
    cond = asyncio.Condition()
    shared = []
    await asyncio.gather(consumer(cond, "c1", shared), consumer(cond, "c2", shared), producer(cond, shared))


asyncio.run(main())
