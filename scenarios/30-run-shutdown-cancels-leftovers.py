"""asyncio.run cleans up after main
main starts three background workers and returns without waiting for them. asyncio.run then cancels every task
that is still running, in creation order, and waits until their cleanup code, including an await inside a
finally block, has finished.
"""
import asyncio
import time


async def background(name, interval, slow_cleanup):
    beats = 0
    try:
        while True:
            await asyncio.sleep(interval)
            beats += 1
    except asyncio.CancelledError:
        print(f"{name}: cancelled after {beats} beats")
        raise
    finally:
        if slow_cleanup:
            await asyncio.sleep(0.2)  # flushing buffers
        print(f"{name}: cleaned up")


async def main():
    for name, interval, slow in [("metrics", 0.3, False), ("uploader", 0.4, True), ("heartbeat", 0.15, False)]:
        asyncio.create_task(background(name, interval, slow), name=name)
    await asyncio.sleep(1.0)
    print("main returns while three tasks are still running")


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"asyncio.run returned after {time.perf_counter() - start:0.2f} s")
