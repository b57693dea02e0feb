# itertools to batch and cycle work across workers.
import asyncio
import itertools


async def handle(worker, batch):
    await asyncio.sleep(len(batch) * 0.1)
    print(worker, "handled", batch)


async def main():
    items = list(range(7))
    workers = itertools.cycle(["w1", "w2"])
    it = iter(items)
    jobs = []
    while batch := list(itertools.islice(it, 3)):
        jobs.append(handle(next(workers), batch))
    await asyncio.gather(*jobs)
    print(list(itertools.chain([1], (2, 3))), list(itertools.product("ab", repeat=2)))
    print(list(itertools.accumulate([1, 2, 3])), next(itertools.count(5, 5)))
    print([k for k, _ in itertools.groupby("aabbc")], list(itertools.permutations([1, 2])))


asyncio.run(main())
