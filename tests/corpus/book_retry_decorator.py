# A retry decorator with arguments, as books write it for flaky network calls.
import asyncio
from functools import wraps

attempts = {"count": 0}


def retry(times, delay):
    def decorator(func):
        @wraps(func)
        async def wrapper(*args, **kwargs):
            for attempt in range(1, times + 1):
                try:
                    return await func(*args, **kwargs)
                except ConnectionError as exc:
                    print(f"attempt {attempt} failed: {exc}")
                    await asyncio.sleep(delay)
            raise RuntimeError("giving up")
        return wrapper
    return decorator


@retry(times=3, delay=0.5)
async def flaky():
    attempts["count"] += 1
    if attempts["count"] < 3:
        raise ConnectionError("reset by peer")
    return "connected"


async def main():
    print(await flaky())


asyncio.run(main())
