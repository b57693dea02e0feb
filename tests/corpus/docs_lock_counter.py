# A Lock around a read-modify-write that awaits in between.
import asyncio

counter = 0
lock = asyncio.Lock()


async def increment(name):
    global counter
    async with lock:
        value = counter
        await asyncio.sleep(0.1)
        counter = value + 1
        print(f"{name}: counter = {counter}")


async def main():
    await asyncio.gather(*[increment(f"t{i}") for i in range(4)])
    print("final", counter)


asyncio.run(main())
