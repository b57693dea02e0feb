"""Results in completion order with as_completed
asyncio.as_completed hands back awaitables in the order the work finishes, not the order it was submitted, so the
quickest answer can be used first.
"""
import asyncio


async def quote(shop, price, seconds):
    await asyncio.sleep(seconds)
    return shop, price


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    requests = [quote("north", 12, 0.7), quote("south", 9, 0.3), quote("east", 11, 0.5), quote("west", 15, 0.1)]
    best = None
    for arrival in asyncio.as_completed(requests):
        shop, price = await arrival
        print(f"{shop} quotes {price} at {loop.time() - start:0.2f} s")
        if best is None or price < best[1]:
            best = (shop, price)
    print(f"best offer: {best[0]} at {best[1]}")


if __name__ == "__main__":
    asyncio.run(main())
