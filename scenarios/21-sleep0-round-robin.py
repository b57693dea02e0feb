"""Round robin with sleep(0)
Three tasks each do three steps and await asyncio.sleep(0) in between. sleep(0) puts the task at the back of the
ready queue, so they take turns in a fixed rotation without any time passing.
"""
import asyncio


async def worker(name):
    for step in range(1, 4):
        print(f"{name} step {step}")
        await asyncio.sleep(0)  # yield to the others, no waiting involved
    return name


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    finished = await asyncio.gather(worker("red"), worker("green"), worker("blue"))
    print(f"{finished} done after {loop.time() - start:0.2f} s")


if __name__ == "__main__":
    asyncio.run(main())
