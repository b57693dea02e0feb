"""A Condition for "wait until there is bread"
Customers wait on an asyncio.Condition until the shelf has a loaf. The baker notifies one customer per loaf, and
at closing time notify_all() wakes everyone who is still waiting. A woken customer continues only once the baker
has released the lock.
"""
import asyncio


class Bakery:
    def __init__(self):
        self.loaves = 0
        self.open = True
        self.changed = asyncio.Condition()

    async def bake(self, batches):
        for batch in range(batches):
            await asyncio.sleep(0.4)
            async with self.changed:
                self.loaves += 1
                print(f"baker: loaf {batch + 1} is on the shelf")
                self.changed.notify(1)  # wake one waiting customer
                print("baker: notified one customer, still holding the lock")
        await asyncio.sleep(0.4)
        async with self.changed:
            self.open = False
            print("baker: closing time")
            self.changed.notify_all()

    async def buy(self, name):
        async with self.changed:
            print(f"{name} waits for bread")
            while self.loaves == 0 and self.open:
                await self.changed.wait()  # releases the lock while waiting
            if self.loaves > 0:
                self.loaves -= 1
                print(f"{name} bought a loaf")
            else:
                print(f"{name} goes home empty-handed")


async def main():
    bakery = Bakery()
    customers = [bakery.buy(name) for name in ["dora", "eli", "fay", "gus"]]
    await asyncio.gather(bakery.bake(2), *customers)


if __name__ == "__main__":
    asyncio.run(main())
