# The docs' to_thread example, with a ticker showing the loop goes on.
import asyncio
import time

def blocking_io(n):
    print(f"start blocking_io {n} at {time.strftime('%X')}")
    time.sleep(0.2 * n)
    print(f"blocking_io {n} complete")
    return n * 10

async def ticker():
    for i in range(3):
        print("tick", i)
        await asyncio.sleep(0.15)

async def main():
    print(f"started main at {time.strftime('%X')}")
    results = await asyncio.gather(asyncio.to_thread(blocking_io, 1), asyncio.to_thread(blocking_io, 2), ticker())
    print(results)
    print(f"finished main at {time.strftime('%X')}")

asyncio.run(main())
