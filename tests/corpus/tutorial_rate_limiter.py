# A token-bucket rate limiter as a class with async methods.
import asyncio
import time


class RateLimiter:
    def __init__(self, rate: float):
        self.interval = 1 / rate
        self.next_free = time.monotonic()
        self.lock = asyncio.Lock()

    async def acquire(self) -> None:
        async with self.lock:
            now = time.monotonic()
            wait = self.next_free - now
            if wait > 0:
                await asyncio.sleep(wait)
            self.next_free = max(now, self.next_free) + self.interval


async def request(limiter, i, t0):
    await limiter.acquire()
    print(f"request {i} at {time.monotonic() - t0:.2f}")


async def main():
    limiter = RateLimiter(rate=4)
    t0 = time.monotonic()
    await asyncio.gather(*(request(limiter, i, t0) for i in range(6)))


asyncio.run(main())
