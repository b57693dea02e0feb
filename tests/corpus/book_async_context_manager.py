# contextlib.asynccontextmanager for acquiring and releasing a pooled connection.
import asyncio
from contextlib import asynccontextmanager


class Pool:
    def __init__(self, size):
        self.free = asyncio.Semaphore(size)
        self.in_use = 0


@asynccontextmanager
async def connection(pool, who):
    async with pool.free:
        pool.in_use += 1
        print(f"{who} acquired ({pool.in_use} in use)")
        try:
            yield f"conn-for-{who}"
        finally:
            pool.in_use -= 1
            print(f"{who} released")


async def query(pool, who, delay):
    async with connection(pool, who) as conn:
        await asyncio.sleep(delay)
        print(f"{who} used {conn}")


async def main():
    pool = Pool(2)
    await asyncio.gather(query(pool, "a", 0.3), query(pool, "b", 0.1), query(pool, "c", 0.2))


asyncio.run(main())
