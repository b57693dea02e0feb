"""TaskGroup: all or nothing
A TaskGroup waits for all its children. When they all succeed you get every result; when one fails, the group
cancels its siblings and raises an ExceptionGroup, which except* picks apart.
"""
import asyncio


async def fetch(name, seconds, fail):
    try:
        await asyncio.sleep(seconds)
        if fail:
            raise ConnectionError(f"{name} is unreachable")
        print(f"{name} fetched")
        return len(name)
    except asyncio.CancelledError:
        print(f"{name} cancelled by the group")
        raise


async def main():
    print("--- everything succeeds ---")
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(fetch(name, 0.1 * (i + 1), False)) for i, name in enumerate(["users", "orders", "stock"])]
        print("the body of async with continues while the children start")
    print(f"results: {[t.result() for t in tasks]}")

    print("--- one child fails ---")
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(fetch("prices", 0.5, False))
            group.create_task(fetch("weather", 0.2, True))
            group.create_task(fetch("news", 0.8, False))
            await asyncio.sleep(1.0)
            print("not printed: the body is cancelled too")
    except* ConnectionError as group_error:
        for exc in group_error.exceptions:
            print(f"except* caught {type(exc).__name__}: {exc}")


if __name__ == "__main__":
    asyncio.run(main())
