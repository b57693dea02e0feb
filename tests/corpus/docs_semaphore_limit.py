# A Semaphore keeps at most two downloads running.
import asyncio

sem = asyncio.Semaphore(2)


async def download(i):
    async with sem:
        print(f"start {i}")
        await asyncio.sleep(1)
        print(f"end {i}")


async def main():
    await asyncio.gather(*(download(i) for i in range(5)))


asyncio.run(main())
