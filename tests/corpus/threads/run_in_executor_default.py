# loop.run_in_executor(None, ...) with the default pool, and a ThreadPoolExecutor of two workers.
import asyncio
import concurrent.futures
import time


def crunch(name, seconds):
    time.sleep(seconds)
    print(f"{name} finished")
    return name


async def main():
    loop = asyncio.get_running_loop()
    first = await loop.run_in_executor(None, crunch, "default-pool", 0.2)
    print("got", first)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        futures = [loop.run_in_executor(pool, crunch, f"job{i}", 0.4 - 0.15 * i) for i in range(3)]
        print(await asyncio.gather(*futures))
    print("pool closed")


asyncio.run(main())
