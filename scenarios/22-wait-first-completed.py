"""Handling results as they arrive with wait(FIRST_COMPLETED)
asyncio.wait with return_when=FIRST_COMPLETED returns as soon as at least one task is done, as a (done, pending)
pair of sets. Looping on the pending set handles each result as it arrives; tasks that finish together come back
together.
"""
import asyncio


async def check(service, seconds):
    await asyncio.sleep(seconds)
    return f"{service} ok after {seconds} s"


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    pending = [
        asyncio.create_task(check("db", 0.6), name="db"),
        asyncio.create_task(check("cache", 0.2), name="cache"),
        asyncio.create_task(check("queue", 0.6), name="queue"),
        asyncio.create_task(check("search", 1.5), name="search"),
    ]
    deadline = loop.time() + 1.0
    while pending:
        remaining = deadline - loop.time()
        done, pending = await asyncio.wait(pending, timeout=remaining, return_when=asyncio.FIRST_COMPLETED)
        if not done:
            print(f"time is up; still pending: {sorted([t.get_name() for t in pending])}")
            break
        for task in sorted(done, key=lambda t: t.get_name()):
            print(f"{task.result()} (seen at {loop.time() - start:0.2f} s)")
    for task in pending:
        task.cancel()
    print("stragglers cancelled")


if __name__ == "__main__":
    asyncio.run(main())
