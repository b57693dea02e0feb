# An exception nobody retrieved is logged when the task is dropped (del), not at the end of the run.
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
