# Nested gathers: the inner gather's list is one item of the outer result.
import asyncio


async def value(x, delay):
    await asyncio.sleep(delay)
    return x


async def main():
    result = await asyncio.gather(asyncio.gather(value("a", 0.2), value("b", 0.1)), value("c", 0.3))
    print(result)
    inner = asyncio.gather(value(1, 0), value(2, 0))
    outer = asyncio.gather(inner, return_exceptions=True)
    print(await outer)


asyncio.run(main())
