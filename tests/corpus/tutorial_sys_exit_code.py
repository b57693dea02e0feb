# sys.exit from inside a coroutine ends the program.
import asyncio
import sys


async def check(value):
    await asyncio.sleep(0.1)
    if value < 0:
        print("negative value, exiting")
        sys.exit(2)
    print("value ok")


async def main():
    await check(1)
    await check(-1)
    print("never printed")


asyncio.run(main())
