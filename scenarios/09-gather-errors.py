"""Errors in gather
With return_exceptions=False (the default) the first exception jumps straight out of the await, but the other
coroutines are not stopped: they keep running and printing. With return_exceptions=True nothing is raised and the
exception objects come back in the result list, in argument order.
"""
import asyncio


async def job(name, delay, fail):
    print(f"{name} starts")
    await asyncio.sleep(delay)
    if fail:
        raise ValueError(f"{name} broke")
    print(f"{name} done")
    return f"{name} result"


async def main():
    print("--- return_exceptions=False ---")
    try:
        results = await asyncio.gather(job("a", 0.1, False), job("b", 0.2, True), job("c", 0.3, False))
        print(f"results: {results}")
    except ValueError as exc:
        print(f"gather raised {type(exc).__name__}: {exc}")
    await asyncio.sleep(0.2)  # meanwhile "c" finishes on its own
    print("--- return_exceptions=True ---")
    results = await asyncio.gather(job("d", 0.1, True), job("e", 0.2, False), job("f", 0.3, True),
                                   return_exceptions=True)
    for result in results:
        if isinstance(result, Exception):
            print(f"got exception {type(result).__name__}: {result}")
        else:
            print(f"got value {repr(result)}")


if __name__ == "__main__":
    asyncio.run(main())
