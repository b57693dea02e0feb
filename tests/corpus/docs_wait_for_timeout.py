# wait_for with a timeout, and asyncio.timeout as a context manager.
import asyncio


async def eternity():
    await asyncio.sleep(3600)
    print('yay!')


async def long_running_task():
    await asyncio.sleep(10)


async def main():
    try:
        await asyncio.wait_for(eternity(), timeout=1.0)
    except TimeoutError:
        print('timeout!')

    try:
        async with asyncio.timeout(2):
            await long_running_task()
    except TimeoutError:
        print("The long operation timed out, but we've handled it.")
    print("This statement will run regardless.")


asyncio.run(main())
