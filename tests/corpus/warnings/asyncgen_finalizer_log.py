# Two async generators abandoned mid-iteration: one dropped with del (its aclose task starts at once),
# one left alive until asyncio.run's shutdown_asyncgens closes it.
import asyncio


async def numbers(tag):
    try:
        for i in range(5):
            yield i
            await asyncio.sleep(0.1)
    finally:
        print(tag, "closed in", asyncio.current_task().get_name())


async def main():
    first = numbers("first")
    second = numbers("second")
    print(await anext(first), await anext(second))
    del first
    print("dropped first")
    await asyncio.sleep(0.5)
    print("main ends, second still open")


asyncio.run(main())
