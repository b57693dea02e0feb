# contextlib.suppress(asyncio.CancelledError) when shutting a background task down.
import asyncio
import contextlib


async def heartbeat():
    n = 0
    while True:
        n += 1
        print("beat", n)
        await asyncio.sleep(0.4)


async def main():
    task = asyncio.create_task(heartbeat())
    await asyncio.sleep(1)
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    print("heartbeat stopped:", task.cancelled())


asyncio.run(main())
