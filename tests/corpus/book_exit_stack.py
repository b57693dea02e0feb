# AsyncExitStack: enter a variable number of async context managers, exit in reverse.
import asyncio
from contextlib import AsyncExitStack, ExitStack, asynccontextmanager, contextmanager


@asynccontextmanager
async def resource(name):
    print("open", name)
    await asyncio.sleep(0.1)
    try:
        yield name.upper()
    finally:
        await asyncio.sleep(0.1)
        print("close", name)


@contextmanager
def section(title):
    print(f"[{title}]")
    yield
    print(f"[/{title}]")


async def main():
    with ExitStack() as stack:
        stack.enter_context(section("outer"))
        async with AsyncExitStack() as astack:
            handles = [await astack.enter_async_context(resource(n)) for n in ("db", "cache", "queue")]
            astack.push_async_callback(asyncio.sleep, 0)
            print("using", handles)
    print("all closed")


asyncio.run(main())
