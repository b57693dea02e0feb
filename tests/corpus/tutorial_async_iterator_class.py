# An async iterator class and an async generator side by side.
import asyncio


class Countdown:
    def __init__(self, start):
        self.current = start

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.current <= 0:
            raise StopAsyncIteration
        await asyncio.sleep(0.2)
        self.current -= 1
        return self.current + 1


async def evens(limit):
    for i in range(0, limit, 2):
        await asyncio.sleep(0.1)
        yield i


async def main():
    async for n in Countdown(3):
        print("countdown", n)
    print([x async for x in evens(7)])
    print(await anext(evens(3)))


asyncio.run(main())
