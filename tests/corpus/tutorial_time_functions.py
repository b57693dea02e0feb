# The time module's calendar functions on the same clock as asyncio's sleeps.
import asyncio
import time


async def main():
    t0 = time.time()
    print(time.ctime(t0))
    print(time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(t0)))
    await asyncio.sleep(90)
    g = time.gmtime()
    print(g.tm_hour, g.tm_min, g.tm_sec, g.tm_yday)
    print(round(time.time() - t0), round(time.monotonic(), 1) >= 90)
    print(time.asctime(time.gmtime(0)))


asyncio.run(main())
