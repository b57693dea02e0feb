# global and nonlocal in async closures.
import asyncio

total = 0


def make_counter():
    count = 0

    async def tick(delay):
        nonlocal count
        global total
        await asyncio.sleep(delay)
        count += 1
        total += 10
        return count

    return tick


async def main():
    tick = make_counter()
    print(await asyncio.gather(tick(0.3), tick(0.1), tick(0.2)))
    print("total", total)


asyncio.run(main())
