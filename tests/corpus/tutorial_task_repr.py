# What print shows for tasks and futures at each stage.
import asyncio


async def nap(t):
    await asyncio.sleep(t)
    return "rested"


async def main():
    task = asyncio.create_task(nap(1), name="napper")
    print(task)
    await asyncio.sleep(0)
    print(task)
    await task
    print(task)
    fut = asyncio.get_running_loop().create_future()
    print(fut)
    fut.set_exception(ValueError("no"))
    print(fut)
    fut.exception()


asyncio.run(main())
