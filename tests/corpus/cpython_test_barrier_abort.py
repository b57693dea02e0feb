# Barrier.abort breaks the waiters; reset makes it usable again.
import asyncio


async def party(b, name):
    try:
        pos = await b.wait()
        print(name, "passed at", pos)
    except asyncio.BrokenBarrierError:
        print(name, "saw a broken barrier")


async def main():
    b = asyncio.Barrier(3)
    t1 = asyncio.create_task(party(b, "a"))
    t2 = asyncio.create_task(party(b, "b"))
    await asyncio.sleep(0.1)
    print("waiting:", b.n_waiting, "parties:", b.parties, "broken:", b.broken)
    await b.abort()
    await asyncio.gather(t1, t2)
    print("broken:", b.broken)
    await b.reset()
    print("broken after reset:", b.broken)
    await asyncio.gather(party(b, "x"), party(b, "y"), party(b, "z"))


asyncio.run(main())
