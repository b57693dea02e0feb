# functools.partial as a done callback carrying extra arguments.
import asyncio
from functools import partial


def on_done(label, task):
    print(f"{label}: {task.get_name()} -> {task.result()}")


async def compute(x):
    await asyncio.sleep(x / 10)
    return x * x


async def main():
    tasks = []
    for x in (3, 1, 2):
        t = asyncio.create_task(compute(x), name=f"sq{x}")
        t.add_done_callback(partial(on_done, "finished"))
        tasks.append(t)
    await asyncio.gather(*tasks)
    await asyncio.sleep(0)
    p = partial(compute, 4)
    print(await p(), p.func.__name__, p.args)


asyncio.run(main())
