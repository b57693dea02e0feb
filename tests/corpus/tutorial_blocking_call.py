# The blocking-call lesson: time.sleep in a coroutine freezes every other task.
import asyncio
import time


async def ticker():
    for i in range(4):
        print("tick", i)
        await asyncio.sleep(0.5)


async def bad_download():
    print("download starts")
    time.sleep(1.2)
    print("download done")


async def main():
    start = time.perf_counter()
    await asyncio.gather(ticker(), bad_download())
    print(f"took {time.perf_counter() - start:.1f}s")


asyncio.run(main())
