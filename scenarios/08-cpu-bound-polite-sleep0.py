"""Sharing the CPU with sleep(0)
The same CPU-bound chunks, but now the cruncher awaits asyncio.sleep(0) after each chunk. That hands control back
to the loop: the heartbeat gets in between chunks (two chunks late, since a timer wake-up needs two loop turns),
and two crunchers take strict turns.
"""
import asyncio
import time


def crunch(chunk):
    time.sleep(0.1)  # models 0.1 s of pure computation
    return sum([n * n for n in range(chunk * 100, (chunk + 1) * 100)])


async def cruncher(name, first, last):
    total = 0
    for chunk in range(first, last):
        total += crunch(chunk)
        print(f"{name}: chunk {chunk} done")
        await asyncio.sleep(0)  # let everyone else have a turn
    print(f"{name}: finished with {total}")
    return total


async def heartbeat():
    loop = asyncio.get_running_loop()
    start = loop.time()
    for i in range(1, 5):
        await asyncio.sleep(0.25)
        print(f"heartbeat {i} at {loop.time() - start:0.2f} s (due at {0.25 * i:0.2f} s)")


async def main():
    await asyncio.gather(heartbeat(), cruncher("solo", 0, 8))
    print("--- two crunchers taking turns ---")
    results = await asyncio.gather(cruncher("alpha", 0, 4), cruncher("beta", 4, 8))
    print(f"together: {results[0] + results[1]}")


if __name__ == "__main__":
    asyncio.run(main())
