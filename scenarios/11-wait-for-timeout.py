"""wait_for with a timeout
asyncio.wait_for gives a coroutine a deadline. A fast answer comes back normally; a slow one is cancelled when
the time is up (its except block sees the CancelledError), and the caller gets TimeoutError instead.
"""
import asyncio


async def ask_server(name, delay):
    print(f"{name}: asking (will take {delay} s)")
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        print(f"{name}: cancelled by wait_for")
        raise
    print(f"{name}: answered")
    return 42


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    answer = await asyncio.wait_for(ask_server("fast", 0.4), timeout=1.0)
    print(f"fast answer: {answer} after {loop.time() - start:0.2f} s")
    started = loop.time()
    try:
        await asyncio.wait_for(ask_server("slow", 3.0), timeout=1.0)
    except TimeoutError:
        print(f"slow: gave up after {loop.time() - started:0.2f} s")


if __name__ == "__main__":
    asyncio.run(main())
