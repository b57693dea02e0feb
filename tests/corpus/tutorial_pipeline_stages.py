# A three-stage pipeline of queues with sentinel shutdown.
import asyncio

SENTINEL = object()


async def produce(out):
    for i in range(4):
        await asyncio.sleep(0.1)
        await out.put(i)
    await out.put(SENTINEL)


async def square(inp, out):
    while (item := await inp.get()) is not SENTINEL:
        await out.put(item * item)
    await out.put(SENTINEL)


async def collect(inp):
    results = []
    while (item := await inp.get()) is not SENTINEL:
        print("collected", item)
        results.append(item)
    return results


async def main():
    q1, q2 = asyncio.Queue(), asyncio.Queue(maxsize=1)
    _, _, results = await asyncio.gather(produce(q1), square(q1, q2), collect(q2))
    print(sum(results))


asyncio.run(main())
