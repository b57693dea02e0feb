"""Counter: sequential vs gathered
Three counters each print their number and wait one second. Awaited one after another they need 3 seconds;
handed to asyncio.gather their waits overlap and the same work takes 1 second.
"""
import asyncio
import time


class AsyncCounter:
    def __init__(self, name):
        self.name = name
        self.count = 1

    async def print_and_wait(self):
        print(f"{self.name} says {self.count}")
        self.count += 1
        await asyncio.sleep(1)  # one second of waiting, e.g. for the network


async def sequential():
    start = time.perf_counter()
    for i in range(3):
        counter = AsyncCounter(f"counter {i}")
        await counter.print_and_wait()  # the next counter starts only after this one is done
    elapsed = time.perf_counter() - start
    print(f"sequential: finished in {elapsed:0.2f} seconds")


async def gathered():
    start = time.perf_counter()
    waits = []
    for i in range(3):
        counter = AsyncCounter(f"counter {i}")
        waits.append(counter.print_and_wait())  # nothing runs yet: these are coroutine objects
    await asyncio.gather(*waits)  # now all three run, each in its own task
    elapsed = time.perf_counter() - start
    print(f"gathered: finished in {elapsed:0.2f} seconds")


async def main():
    await sequential()
    await gathered()


if __name__ == "__main__":
    s = time.perf_counter()
    asyncio.run(main())
    elapsed = time.perf_counter() - s
    print(f"Code executed in {elapsed:0.2f} seconds.")
