# functools.lru_cache and cache on the synchronous part of an async lookup.
import asyncio
from functools import cache, lru_cache, reduce


@lru_cache(maxsize=2)
def parse(key):
    print("parsing", key)
    return key.split(":")


@cache
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


async def lookup(key):
    parts = parse(key)
    await asyncio.sleep(0.1)
    return parts


async def main():
    for key in ["a:1", "b:2", "a:1", "c:3", "b:2"]:
        print(await lookup(key))
    print(parse.cache_info())
    print(fib(30), reduce(lambda a, b: a * b, range(1, 6)))


asyncio.run(main())
