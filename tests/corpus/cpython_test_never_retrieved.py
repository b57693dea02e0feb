# A task whose exception nobody retrieves is logged when it is collected.
import asyncio


async def fails():
    await asyncio.sleep(0.1)
    raise RuntimeError("lost")


async def main():
    task = asyncio.create_task(fails())
    await asyncio.sleep(0.5)
    print("task done:", task.done())
    del task
    print("main ends")


asyncio.run(main())
