# import M as N, from M import *, import M.sub.
import asyncio as aio
import asyncio.tasks
from asyncio import *
from asyncio.exceptions import CancelledError as Cancelled
import collections as col


async def worker():
    try:
        await sleep(10)
    except Cancelled:
        print("worker cancelled")
        raise


async def main():
    task = create_task(worker())
    await aio.sleep(0.5)
    task.cancel()
    done, _ = await wait([task])
    print(len(done), asyncio.tasks.current_task().get_name(), col.deque([1]).pop())


aio.run(main())
