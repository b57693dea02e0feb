"""The forgotten await
Calling a coroutine function without await only creates a coroutine object, and none of its code runs; Python
warns "coroutine ... was never awaited" when the object is thrown away. A forgotten await on asyncio.sleep means
there is no pause at all.
"""
import asyncio


async def greet(name):
    print(f"hello, {name}")
    await asyncio.sleep(0.5)


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    print("calling greet('ada') without await")
    greet("ada")  # creates a coroutine object and drops it
    print("calling asyncio.sleep(1) without await")
    asyncio.sleep(1)  # no pause happens
    print(f"{loop.time() - start:0.2f} s have passed")
    print("now with await")
    await greet("grace")
    print(f"done after {loop.time() - start:0.2f} s")


if __name__ == "__main__":
    asyncio.run(main())
