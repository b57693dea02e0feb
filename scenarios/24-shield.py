"""shield: protecting work from cancellation
A caller waits at most 0.3 s for a database save. Unshielded, the timeout cancels the save itself; wrapped in
asyncio.shield, only the caller's wait is cancelled and the save runs to completion.
"""
import asyncio


async def save(record):
    print(f"saving {record}")
    try:
        await asyncio.sleep(1.0)
    except asyncio.CancelledError:
        print(f"save of {record} was cancelled halfway")
        raise
    print(f"saved {record}")
    return f"{record} stored"


async def main():
    try:
        await asyncio.wait_for(save("order-17"), timeout=0.3)
    except TimeoutError:
        print("caller timed out (unshielded)")

    saving = asyncio.create_task(save("order-18"))
    try:
        await asyncio.wait_for(asyncio.shield(saving), timeout=0.3)
    except TimeoutError:
        print("caller timed out (shielded), but the save goes on")
    print(f"later: {await saving}")


if __name__ == "__main__":
    asyncio.run(main())
