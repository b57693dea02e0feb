"""Three sleeps: awaited one by one, or gathered
The classic pair of the compare view. The same three one-second naps, awaited one after another
(3 seconds), and handed to asyncio.gather, whose waits overlap (1 second).
"""
import asyncio
import time


async def nap(name):
    print(f"{name} falls asleep")
    await asyncio.sleep(1)
    print(f"{name} wakes up")


async def main():
    # awaited and gathered are looked up when main runs: they may come after it.
    await awaited()
    await gathered()


# %% Awaited one by one
async def awaited():
    start = time.perf_counter()
    await nap("a")
    await nap("b")
    await nap("c")
    print(f"awaited: {time.perf_counter() - start:.2f} s")


# %% Gathered
async def gathered():
    start = time.perf_counter()
    await asyncio.gather(nap("a"), nap("b"), nap("c"))
    print(f"gathered: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    asyncio.run(main())
