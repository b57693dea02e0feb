# The blocking-call lesson's fix: the same blocking call moved to a thread.
import asyncio
import time


def download():
    print("download starts")
    time.sleep(0.5)
    print("download done")
    return 123


async def ticker():
    for i in range(4):
        print("tick", i)
        await asyncio.sleep(0.2)


async def main():
    size, _ = await asyncio.gather(asyncio.to_thread(download), ticker())
    print("size", size)


asyncio.run(main())
