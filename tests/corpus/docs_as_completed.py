# as_completed: results in the order they finish.
import asyncio


async def fetch(name, delay):
    await asyncio.sleep(delay)
    return f"{name} after {delay}s"


async def main():
    coros = [fetch("slow", 3), fetch("fast", 1), fetch("medium", 2)]
    for earliest in asyncio.as_completed(coros):
        result = await earliest
        print(result)


asyncio.run(main())
