# gather(return_exceptions=True) hands errors back as values.
import asyncio


async def ok():
    await asyncio.sleep(0.1)
    return "ok"


async def fail(exc):
    await asyncio.sleep(0.2)
    raise exc


async def main():
    results = await asyncio.gather(ok(), fail(ValueError("bad")), fail(KeyError("k")), return_exceptions=True)
    for r in results:
        print(type(r).__name__, repr(r))


asyncio.run(main())
