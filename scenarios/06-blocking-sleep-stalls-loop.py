"""time.sleep freezes everyone
A heartbeat should tick every quarter second. When another task calls the blocking time.sleep(1), the whole event
loop stops: the heartbeat is late and drifts. With await asyncio.sleep(1) instead, the heartbeat keeps its rhythm.
"""
import asyncio
import time


async def heartbeat(label, beats):
    loop = asyncio.get_running_loop()
    start = loop.time()
    for i in range(1, beats + 1):
        await asyncio.sleep(0.25)
        print(f"{label} beat {i} at {loop.time() - start:0.2f} s (due at {0.25 * i:0.2f} s)")


async def blocking_worker():
    await asyncio.sleep(0.3)
    print("worker calls time.sleep(1): the loop is frozen")
    time.sleep(1)  # blocks the thread, so no other task can run
    print("worker is done blocking")


async def polite_worker():
    await asyncio.sleep(0.3)
    print("worker awaits asyncio.sleep(1): others keep running")
    await asyncio.sleep(1)  # suspends only this task
    print("worker is done waiting")


async def main():
    await asyncio.gather(heartbeat("blocked", 5), blocking_worker())
    print("--- the same with asyncio.sleep ---")
    await asyncio.gather(heartbeat("smooth", 5), polite_worker())


if __name__ == "__main__":
    asyncio.run(main())
