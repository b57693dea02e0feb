# contextlib.aclosing closes an async generator at the end of the block.
import asyncio
from contextlib import aclosing


async def numbers(n):
    try:
        for i in range(n):
            await asyncio.sleep(0.1)
            yield i
    finally:
        print("numbers closed")


async def main():
    async with aclosing(numbers(5)) as gen:
        async for x in gen:
            print(x)
            if x == 1:
                break
    print("after the block")


asyncio.run(main())
