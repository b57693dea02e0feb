# asyncio.timeout: rescheduling the deadline from inside the block.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(None) as cm:
            print("deadline", cm.when())
            cm.reschedule(loop.time() + 1)
            print("expired?", cm.expired())
            await asyncio.sleep(2)
    except TimeoutError:
        print("timed out at", round(loop.time(), 3), cm.expired())


asyncio.run(main())
