# Done callbacks run in the order added, one loop step after the result.
import asyncio


def report(tag):
    def callback(fut):
        print(tag, fut.result())
    return callback


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    fut.add_done_callback(report("first"))
    fut.add_done_callback(report("second"))
    cb = report("removed")
    fut.add_done_callback(cb)
    print("removed", fut.remove_done_callback(cb))
    fut.set_result(42)
    print("result set")
    await asyncio.sleep(0)
    print("after a step")


asyncio.run(main())
