"""Fetching three URLs with aiohttp
Three pages are downloaded concurrently with aiohttp and asyncio.gather. The network is simulated: LATENCY says
how long each server takes to answer, so the whole batch takes as long as the slowest page.
"""
import asyncio
import time

import aiohttp

# Seconds each simulated server needs to answer.
LATENCY = {
    "https://www.example.com": 0.3,
    "https://www.google.com": 0.15,
    "https://www.wikipedia.org": 0.45,
}


async def fetch_url(session, url):
    print(f"GET {url}")
    async with session.get(url) as response:
        print(f"{response.status} from {url}")
        return await response.text()


async def main():
    urls = [
        "https://www.example.com",
        "https://www.google.com",
        "https://www.wikipedia.org",
    ]
    start = time.perf_counter()
    async with aiohttp.ClientSession() as session:
        tasks = [fetch_url(session, url) for url in urls]
        results = await asyncio.gather(*tasks)
    for result in results:
        print(result[:100])  # the first 100 characters of each page
    print(f"Fetched {len(results)} pages in {time.perf_counter() - start:0.2f} seconds")


if __name__ == "__main__":
    asyncio.run(main())
