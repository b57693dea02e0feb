"""Async generators and async for
An async generator can await between the values it yields, and async for consumes it inside the caller's task.
When the consumer stops early, the abandoned generator's finally block still runs, in a small cleanup task the
event loop starts for it.
"""
import asyncio


async def sensor(readings):
    try:
        for i, value in enumerate(readings):
            await asyncio.sleep(0.2)  # wait for the next measurement
            yield i, value
    finally:
        print("sensor: closing the serial port")


async def main():
    async for i, value in sensor([20.5, 21.0, 21.75]):
        print(f"reading {i}: {value} degrees")
    print("--- stopping early ---")
    async for i, value in sensor([19.0, 35.5, 19.5, 20.0]):
        print(f"reading {i}: {value} degrees")
        if value > 30:
            print("too hot, stop reading")
            break
    print("main moves on")
    await asyncio.sleep(0.1)
    print("main done")


if __name__ == "__main__":
    asyncio.run(main())
