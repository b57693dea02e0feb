"""Timers with equal deadlines
Eight callbacks are scheduled with call_later(1, ...) in the same instant, so on a virtual clock their deadlines
are exactly equal; the loop's timer heap is ordered only by deadline and releases such ties in heap order, not in
scheduling order (on a real clock they differ by microseconds and fire in order). call_soon is strictly FIFO.
"""
import asyncio


def ring(number):
    print(f"timer {number} fires")


def soon(number):
    print(f"call_soon {number} runs")


async def main():
    loop = asyncio.get_running_loop()
    for number in range(8):
        loop.call_later(1, ring, number)
    for number in range(3):
        loop.call_soon(soon, number)
    print("scheduled 8 timers for t=1 and 3 call_soon callbacks")
    await asyncio.sleep(1.5)
    print("exact ties leave the heap in heap order, not scheduling order")


if __name__ == "__main__":
    asyncio.run(main())
