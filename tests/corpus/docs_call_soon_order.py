# call_soon callbacks run in FIFO order, after the current step.
import asyncio
import functools


def hello(name, *, punctuation="!"):
    print(f"hello {name}{punctuation}")


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(hello, "first")
    loop.call_soon(functools.partial(hello, "second", punctuation="?"))
    loop.call_later(0.5, hello, "later")
    print("scheduled")
    await asyncio.sleep(1)


asyncio.run(main())
