"""Deadlock: an event nobody sets
Two workers wait for a "config loaded" event, but the loader returns without ever calling set(). Once the last
timer has fired there is nothing left that could wake them, so the program hangs.
"""
import asyncio


async def loader(loaded):
    print("loader: reading the config file")
    await asyncio.sleep(0.4)
    print("loader: done (but forgot to call loaded.set())")


async def worker(name, loaded):
    print(f"{name}: waiting for the config")
    await loaded.wait()
    print(f"{name}: got the config (never printed)")


async def main():
    loaded = asyncio.Event()
    workers = [asyncio.create_task(worker(f"worker-{i}", loaded), name=f"worker-{i}") for i in (1, 2)]
    await loader(loaded)
    await asyncio.gather(*workers)


if __name__ == "__main__":
    asyncio.run(main())
