# A failing task in a TaskGroup cancels its siblings; except* catches the group.
import asyncio


async def ok(delay):
    try:
        await asyncio.sleep(delay)
        print(f"ok({delay}) done")
    except asyncio.CancelledError:
        print(f"ok({delay}) cancelled")
        raise


async def boom():
    await asyncio.sleep(1)
    raise ValueError("boom")


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(ok(0.5))
            tg.create_task(ok(5))
            tg.create_task(boom())
    except* ValueError as eg:
        print("caught", [str(e) for e in eg.exceptions])


asyncio.run(main())
