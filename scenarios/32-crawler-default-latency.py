"""A polite crawler
Five pages are fetched through a simulated aiohttp session, at most two at a time thanks to a semaphore. This
scenario declares no LATENCY table, so every URL gets the simulator's default, deterministic latency.
"""
import asyncio

import aiohttp


async def crawl(session, slots, url):
    async with slots:
        loop = asyncio.get_running_loop()
        started = loop.time()
        response = await session.get(url)  # awaited directly instead of async with
        info = await response.json()
        response.release()
        print(f"{info['status']} {url} in {loop.time() - started:0.3f} s")
        return len(await response.text())


async def main():
    urls = [
        "https://docs.python.org/3/library/asyncio.html",
        "https://peps.python.org/pep-0492/",
        "https://example.org/",
        "https://example.org/about",
        "https://pypi.org/project/aiohttp/",
    ]
    slots = asyncio.Semaphore(2)
    session = aiohttp.ClientSession()
    sizes = await asyncio.gather(*[crawl(session, slots, url) for url in urls])
    await session.close()
    print(f"downloaded {sum(sizes)} characters from {len(sizes)} pages")


if __name__ == "__main__":
    asyncio.run(main())
