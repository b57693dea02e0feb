# The Barrier page's example (3.11): three parties meet, twice.
import asyncio


async def example_barrier():
    b = asyncio.Barrier(3)
    asyncio.create_task(b.wait())
    asyncio.create_task(b.wait())
    await asyncio.sleep(0)
    print(b)
    await b.wait()
    print(b)
    print("barrier passed")
    await asyncio.sleep(0)
    print(b)


asyncio.run(example_barrier())
