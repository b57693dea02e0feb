"""A kitchen of cooks and waiters
The renderer bench's 50-line scenario for edits: orders, three cooks, two waiters."""
import asyncio


async def cook(name, orders, plates):
    while True:
        dish, seconds = await orders.get()
        print(f"{name} starts {dish}")
        await asyncio.sleep(seconds)
        await plates.put((dish, name))
        orders.task_done()


async def waiter(name, plates, served):
    while True:
        dish, by = await plates.get()
        await asyncio.sleep(0.1)
        served.append(dish)
        print(f"{name} serves {dish} cooked by {by}")
        plates.task_done()


async def manager(served, total):
    while len(served) < total:
        await asyncio.sleep(0.5)
        print(f"manager: {len(served)} of {total} served")


async def main():
    orders = asyncio.Queue()
    plates = asyncio.Queue(maxsize=2)
    served = []
    menu = [("soup", 0.5), ("pasta", 1.5), ("salad", 0.3), ("steak", 2.0), ("cake", 0.8), ("tea", 0.2)]
    for dish in menu:
        orders.put_nowait(dish)
    cooks = [asyncio.create_task(cook(f"cook-{i}", orders, plates)) for i in range(3)]
    waiters = [asyncio.create_task(waiter(f"waiter-{i}", plates, served)) for i in range(2)]
    boss = asyncio.create_task(manager(served, len(menu)))
    await orders.join()
    await plates.join()
    await boss
    for task in cooks + waiters:
        task.cancel()
    await asyncio.gather(*cooks, *waiters, return_exceptions=True)
    print(f"served {len(served)} dishes: {', '.join(served)}")


if __name__ == "__main__":
    asyncio.run(main())
