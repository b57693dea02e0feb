"""Three coroutines, one second
The same coroutine is started three times with asyncio.gather. All three print "started" before any of them
finishes, because each one pauses at its await and lets the next one run.
"""
import asyncio
import time


async def my_coroutine():
    print("Coroutine started")
    await asyncio.sleep(1)  # simulates an I/O operation
    print("Coroutine finished")


async def main():
    start = time.perf_counter()
    await asyncio.gather(my_coroutine(), my_coroutine(), my_coroutine())
    print(f"All three done after {time.perf_counter() - start:0.2f} seconds, not 3")


if __name__ == "__main__":
    asyncio.run(main())
