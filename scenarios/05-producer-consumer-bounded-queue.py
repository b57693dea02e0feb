"""Producer and consumers with a bounded queue
A fast producer feeds two slow consumers through a Queue that holds at most two items. When the queue is full,
put() makes the producer wait, so it can never run far ahead; join() waits until every item has been processed.
"""
import asyncio


async def producer(queue, count):
    loop = asyncio.get_running_loop()
    for i in range(count):
        item = f"order-{i}"
        asked = loop.time()
        await queue.put(item)  # waits while the queue is full
        waited = loop.time() - asked
        if waited > 0.01:
            print(f"put {item} after waiting {waited:0.2f} s for space")
        else:
            print(f"put {item} at once ({queue.qsize()} queued)")
        await asyncio.sleep(0.1)  # producing is quick
    print("producer: all orders placed")


async def consumer(name, queue):
    while True:
        item = await queue.get()
        print(f"{name} packs {item}")
        await asyncio.sleep(0.35)  # packing is slow
        print(f"{name} shipped {item}")
        queue.task_done()


async def main():
    queue = asyncio.Queue(maxsize=2)
    consumers = [asyncio.create_task(consumer(f"packer-{n}", queue), name=f"packer-{n}") for n in (1, 2)]
    await producer(queue, 7)
    await queue.join()  # every order has been shipped
    print("all orders shipped; sending the packers home")
    for task in consumers:
        task.cancel()
    results = await asyncio.gather(*consumers, return_exceptions=True)
    print(f"packers ended with: {[type(r).__name__ for r in results]}")


if __name__ == "__main__":
    asyncio.run(main())
