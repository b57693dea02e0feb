"""An event as a starting pistol
Three runners wait on an asyncio.Event. When the starter sets it, every waiter wakes up in the order it began
waiting. A runner that arrives after the start does not wait at all.
"""
import asyncio


async def runner(name, pistol, pace):
    print(f"{name} is on the line")
    await pistol.wait()
    print(f"{name} is off")
    await asyncio.sleep(pace)
    print(f"{name} finishes after {pace} s of running")


async def late_runner(pistol):
    await asyncio.sleep(1.5)
    print(f"latecomer arrives, event is_set()={pistol.is_set()}")
    await pistol.wait()  # already set: returns at once
    print("latecomer is off immediately")


async def starter(pistol):
    await asyncio.sleep(1.0)
    print("starter fires")
    pistol.set()


async def main():
    pistol = asyncio.Event()
    await asyncio.gather(
        runner("ana", pistol, 0.8),
        runner("ben", pistol, 0.6),
        runner("cy", pistol, 0.7),
        late_runner(pistol),
        starter(pistol),
    )


if __name__ == "__main__":
    asyncio.run(main())
