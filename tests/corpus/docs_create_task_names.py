# Task names, current_task and all_tasks.
import asyncio
from asyncio import create_task, current_task, all_tasks


async def child(delay):
    await asyncio.sleep(delay)
    print(current_task().get_name(), "finished")


async def main():
    t1 = create_task(child(1), name="first")
    t2 = create_task(child(2))
    print(sorted(t.get_name() for t in all_tasks()))
    t2.set_name("second")
    await asyncio.wait([t1, t2])
    print(len(asyncio.tasks.all_tasks()))


asyncio.run(main())
