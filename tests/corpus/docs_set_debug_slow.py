# loop.set_debug(True) turned on from inside the program.
import asyncio
import time


def slow_callback():
    time.sleep(0.15)
    print("callback done")


async def main():
    loop = asyncio.get_running_loop()
    loop.set_debug(True)
    loop.slow_callback_duration = 0.05
    loop.call_soon(slow_callback)
    await asyncio.sleep(0.5)
    print(loop.get_debug(), loop.slow_callback_duration)


asyncio.run(main())
