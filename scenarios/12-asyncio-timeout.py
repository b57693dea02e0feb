"""The asyncio.timeout block
async with asyncio.timeout(...) puts a deadline on a whole block of awaits, without creating a new task. When
the deadline passes, the current await is cancelled and the block raises TimeoutError; reschedule() can move the
deadline while the block runs.
"""
import asyncio


async def step(name, seconds):
    await asyncio.sleep(seconds)
    print(f"{name} done")


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    try:
        async with asyncio.timeout(1.0) as deadline:
            await step("connect", 0.3)
            await step("login", 0.3)
            await step("download", 0.9)  # would end at 1.5 s
            await step("logout", 0.1)
    except TimeoutError:
        print(f"timed out after {loop.time() - start:0.2f} s, expired()={deadline.expired()}")

    start = loop.time()
    async with asyncio.timeout(0.5) as deadline:
        await step("first half", 0.3)
        deadline.reschedule(loop.time() + 1.0)  # we are making progress: allow one more second
        print(f"deadline moved to {deadline.when() - start:0.2f} s after the start")
        await step("second half", 0.6)
    print(f"finished in {loop.time() - start:0.2f} s, expired()={deadline.expired()}")


if __name__ == "__main__":
    asyncio.run(main())
