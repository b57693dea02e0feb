"""Cancelling a task, with cleanup
A download is cancelled halfway through. CancelledError is raised at the await where the task is paused; its
except and finally blocks run, and may even await, before the task ends cancelled. A task cancelled before its
first step never runs at all.
"""
import asyncio


async def download(name):
    print(f"{name}: started")
    try:
        for chunk in range(1, 11):
            await asyncio.sleep(0.2)
            print(f"{name}: chunk {chunk} of 10")
        return "complete"
    except asyncio.CancelledError as exc:
        print(f"{name}: cancelled ({exc}), deleting the partial file")
        raise  # re-raise so the task really ends cancelled
    finally:
        await asyncio.sleep(0.05)  # closing the connection takes a moment
        print(f"{name}: connection closed")


async def main():
    task = asyncio.create_task(download("big.iso"))
    await asyncio.sleep(0.5)
    print(f"main: cancel() returned {task.cancel('user pressed stop')}")
    try:
        await task
    except asyncio.CancelledError:
        print("main: the download was cancelled")
    print(f"main: cancelled()={task.cancelled()}, a second cancel() returns {task.cancel()}")

    early = asyncio.create_task(download("never.iso"))
    early.cancel()  # cancelled before it ever ran
    await asyncio.sleep(0)
    print(f"main: early task cancelled()={early.cancelled()}, and it printed nothing")


if __name__ == "__main__":
    asyncio.run(main())
