"""CPU-bound work hogs the loop
A number cruncher computes in eight chunks without a single await. Each chunk costs 0.1 s of CPU time (modelled
with time.sleep), and for those 0.8 s the heartbeat task, due every quarter second, cannot run at all.
"""
import asyncio
import time


def crunch(chunk):
    time.sleep(0.1)  # models 0.1 s of pure computation
    return sum([n * n for n in range(chunk * 100, (chunk + 1) * 100)])


async def cruncher():
    print("cruncher starts")
    total = 0
    for chunk in range(8):
        total += crunch(chunk)
        print(f"chunk {chunk} done")
    print(f"cruncher finished: {total}")
    return total


async def heartbeat():
    loop = asyncio.get_running_loop()
    start = loop.time()
    for i in range(1, 5):
        await asyncio.sleep(0.25)
        print(f"heartbeat {i} at {loop.time() - start:0.2f} s (due at {0.25 * i:0.2f} s)")


async def main():
    await asyncio.gather(heartbeat(), cruncher())


if __name__ == "__main__":
    asyncio.run(main())
