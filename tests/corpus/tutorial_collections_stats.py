# collections to keep stats of concurrent requests.
import asyncio
from collections import Counter, OrderedDict, defaultdict, deque, namedtuple

Response = namedtuple("Response", ["url", "status", "elapsed"])
recent = deque(maxlen=3)
by_status = defaultdict(list)


async def fetch(url, status, delay):
    await asyncio.sleep(delay)
    r = Response(url, status, delay)
    recent.append(r.url)
    by_status[r.status].append(r.url)
    return r


async def main():
    rs = await asyncio.gather(fetch("/a", 200, 0.3), fetch("/b", 404, 0.1), fetch("/c", 200, 0.2), fetch("/d", 500, 0.4))
    print(rs[0], rs[0]._asdict())
    print(list(recent), dict(by_status))
    counts = Counter(r.status for r in rs)
    print(counts, counts.most_common(1))
    od = OrderedDict(a=1, b=2)
    od.move_to_end("a")
    print(list(od))


asyncio.run(main())
