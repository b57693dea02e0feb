# An async generator abandoned mid-iteration and dropped with del: the loop's finalizer closes it.
import asyncio


async def ticks():
    try:
        for i in range(10):
            yield i
            await asyncio.sleep(0.1)
    finally:
        print("ticks finalizer ran in", asyncio.current_task().get_name())


async def main():
    gen = ticks()
    async for value in gen:
        print("got", value)
        if value == 2:
            break
    del gen
    print("after del")
    await asyncio.sleep(0)
    print("after one step")
    await asyncio.sleep(0)
    print("done")


asyncio.run(main())
