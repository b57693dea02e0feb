# *args and **kwargs forwarded through a logging decorator.
import asyncio
import functools


def traced(func):
    @functools.wraps(func)
    async def inner(*args, **kwargs):
        shown = ", ".join([*map(repr, args), *(f"{k}={v!r}" for k, v in kwargs.items())])
        print(f"-> {func.__qualname__}({shown})")
        result = await func(*args, **kwargs)
        print(f"<- {func.__qualname__} = {result!r}")
        return result
    return inner


class Api:
    @traced
    async def get(self, path, *, retries=1, **headers):
        await asyncio.sleep(0.1 * retries)
        return f"GET {path} {sorted(headers)}"


async def main():
    api = Api()
    await api.get("/users", retries=2, accept="json", token="t")
    await traced(asyncio.sleep)(0.2, result="slept")


asyncio.run(main())
