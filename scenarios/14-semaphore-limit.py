"""A semaphore caps concurrency
Six downloads share a Semaphore(2), so at most two are in flight at any moment. The others queue in the order
they arrived and start as soon as a slot frees up.
"""
import asyncio


class Stats:
    def __init__(self):
        self.in_flight = 0
        self.peak = 0


async def download(slots, stats, number, seconds):
    async with slots:
        stats.in_flight += 1
        stats.peak = max(stats.peak, stats.in_flight)
        print(f"file {number} starts ({stats.in_flight} in flight)")
        await asyncio.sleep(seconds)
        stats.in_flight -= 1
        print(f"file {number} done after {seconds} s")


async def main():
    slots = asyncio.Semaphore(2)
    stats = Stats()
    sizes = [0.5, 0.2, 0.3, 0.4, 0.1, 0.3]
    await asyncio.gather(*[download(slots, stats, i, s) for i, s in enumerate(sizes)])
    print(f"all done; never more than {stats.peak} at once")


if __name__ == "__main__":
    asyncio.run(main())
