# A timing decorator built with functools.wraps, on coroutine functions.
import asyncio
import functools
import time


def timed(func):
    @functools.wraps(func)
    async def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return await func(*args, **kwargs)
        finally:
            elapsed = time.perf_counter() - start
            print(f"{func.__name__}{args} took {elapsed:.2f}s")
    return wrapper


@timed
async def fetch(url, delay=1.0):
    await asyncio.sleep(delay)
    return f"<{url}>"


async def main():
    pages = await asyncio.gather(fetch("a.com"), fetch("b.com", delay=2.0))
    print(pages, fetch.__name__, fetch.__wrapped__.__name__)


asyncio.run(main())
