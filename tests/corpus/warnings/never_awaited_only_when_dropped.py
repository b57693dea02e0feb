# A coroutine dropped by an expression statement but kept in a list and awaited later is not "never awaited"; one really dropped is.
import asyncio

pending = []


async def job(n):
    await asyncio.sleep(0.1)
    print("job", n)
    return n


def start(n):
    coro = job(n)
    pending.append(coro)
    return coro


async def main():
    start(1)
    start(2)
    job(3)
    print(await asyncio.gather(*pending))


asyncio.run(main())
