# Debug mode: a coroutine that blocks the loop is reported by asyncio's logger.
import asyncio
import logging
import time

logging.basicConfig(level=logging.DEBUG, format="%(levelname)s:%(name)s:%(message)s")


async def blocking():
    time.sleep(0.2)
    print("blocked for 0.2 s")


async def main():
    loop = asyncio.get_running_loop()
    print("debug:", loop.get_debug())
    loop.slow_callback_duration = 0.1
    await asyncio.create_task(blocking(), name="slow")
    await asyncio.sleep(0.1)


asyncio.run(main(), debug=True)
