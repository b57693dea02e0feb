# A Future resolved from a callback scheduled with call_later.
import asyncio


def set_after(fut, value):
    print("setting the result")
    fut.set_result(value)


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(1, set_after, fut, "... world")
    print("hello ...")
    print(await fut)
    fut.add_done_callback(lambda f: print("callback sees", f.result()))
    await asyncio.sleep(0)


asyncio.run(main())
