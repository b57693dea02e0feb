"""The benchmark workloads on CPython's own asyncio, on a virtual clock (no real sleeping).

python3 bench/cpython_bench.py sleep0|random  -> one JSON line: seconds, taskSteps, peakRssMb.
Same shape as bench/workloads.ts: 10,000 tasks each awaiting 100 sleeps, gathered by main, with
the same Park-Miller delays.
"""
import asyncio
import json
import resource
import sys
import time

TASKS = 10_000
STEPS_PER_TASK = 100


def delays(seed):
    state = seed
    while True:
        state = (state * 48271) % 2147483647
        yield (state % 1000) / 1000


class VirtualSelector:
    def __init__(self, loop):
        self.loop = loop

    def select(self, timeout):
        if timeout is None:
            raise RuntimeError('deadlock')
        if timeout > 0:
            self.loop.clock = self.loop._scheduled[0]._when
        return []


class VirtualLoop(asyncio.BaseEventLoop):
    def __init__(self):
        super().__init__()
        self.clock = 0.0
        self._selector = VirtualSelector(self)
        self._clock_resolution = 1e-9

    def time(self):
        return self.clock

    def _process_events(self, event_list):
        pass

    def _write_to_self(self):
        pass


def main(workload):
    next_delay = delays(12345)

    async def worker():
        for _ in range(STEPS_PER_TASK):
            await asyncio.sleep(0 if workload == 'sleep0' else next(next_delay))

    async def program():
        tasks = [asyncio.create_task(worker()) for _ in range(TASKS)]
        await asyncio.gather(*tasks)

    loop = VirtualLoop()
    started = time.perf_counter()
    loop.run_until_complete(program())
    seconds = time.perf_counter() - started
    steps = TASKS * (STEPS_PER_TASK + 1) + 2
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({'seconds': seconds, 'taskSteps': steps, 'peakRssMb': peak}))


if __name__ == '__main__':
    main(sys.argv[1])
