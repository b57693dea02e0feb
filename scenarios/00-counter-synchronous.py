"""Counter without asyncio
The plain, synchronous counter: three counters each print their number and block with time.sleep(1). No event
loop ever starts, so nothing overlaps: the module-level code runs on the main thread for 3 seconds. Compare it
with the next scenario, where the same counters run on asyncio.
"""
import time


class Counter:
    def __init__(self, name):
        self.name = name
        self.count = 1

    def print_and_wait(self):
        print(f"{self.name} says {self.count}")
        self.count += 1
        time.sleep(1)  # blocks the whole program for one second


def main():
    for i in range(3):
        counter = Counter(f"counter {i}")
        counter.print_and_wait()


if __name__ == "__main__":
    s = time.perf_counter()
    main()
    elapsed = time.perf_counter() - s
    print(f"Code executed in {elapsed:0.2f} seconds.")
