"""Deadlock: two tasks waiting for each other
Ping waits for pong to finish and pong waits for ping, each through asyncio.gather. asyncio does not detect the
cycle; the loop simply runs out of things to do and hangs.
"""
import asyncio


class Worker:
    def __init__(self, name):
        self.name = name
        self.partner = None
        self.task = None

    async def run(self):
        print(f"{self.name}: doing my part")
        await asyncio.sleep(0.2)
        print(f"{self.name}: waiting for {self.partner.name} to finish")
        await asyncio.gather(self.partner.task)
        print(f"{self.name}: done (never printed)")


async def main():
    ping = Worker("ping")
    pong = Worker("pong")
    ping.partner = pong
    pong.partner = ping
    ping.task = asyncio.create_task(ping.run(), name="ping")
    pong.task = asyncio.create_task(pong.run(), name="pong")
    await asyncio.gather(ping.task, pong.task)


if __name__ == "__main__":
    asyncio.run(main())
