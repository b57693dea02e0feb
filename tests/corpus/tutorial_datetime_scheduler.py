# A tiny scheduler printing wall-clock times from datetime.
import asyncio
from datetime import datetime, timedelta


async def remind(text, after):
    await asyncio.sleep(after.total_seconds())
    now = datetime.now()
    print(f"{now:%H:%M:%S} {text}")


async def main():
    start = datetime.now()
    print("start", start.isoformat(timespec="seconds"))
    await asyncio.gather(
        remind("stretch", timedelta(seconds=2)),
        remind("drink water", timedelta(seconds=1, milliseconds=500)),
    )
    elapsed = datetime.now() - start
    print("elapsed", elapsed, elapsed > timedelta(seconds=1))
    print(start.date(), start.strftime("%A %d %B %Y"))


asyncio.run(main())
