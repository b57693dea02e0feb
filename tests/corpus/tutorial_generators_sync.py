# Plain generators and yield from feeding async work.
import asyncio


def chunks(items, size):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def numbered(*sources):
    for src in sources:
        yield from enumerate(src)


async def process(chunk):
    await asyncio.sleep(0.1 * len(chunk))
    return sum(chunk)


async def main():
    data = list(range(10))
    sums = await asyncio.gather(*(process(c) for c in chunks(data, 4)))
    print(sums)
    print(list(numbered("ab", "c")))
    gen = chunks(data, 3)
    print(next(gen), next(gen))
    gen.close()


asyncio.run(main())
