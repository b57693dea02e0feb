# TaskGroup version of say_after, timed with time.strftime and time.gmtime.
import asyncio
import time


async def say_after(delay: float, what: str) -> None:
    await asyncio.sleep(delay)
    print(what, time.strftime("%H:%M:%S", time.gmtime()))


async def main() -> None:
    async with asyncio.TaskGroup() as tg:
        task1 = tg.create_task(say_after(1, 'hello'))
        task2 = tg.create_task(say_after(2, 'world'))
        print(f"started at {time.strftime('%X')}")
    print(f"both tasks done: {task1.done()} {task2.done()}")
    print(f"finished at {time.strftime('%X')}")


asyncio.run(main())
