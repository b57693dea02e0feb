# Each task runs in a copy of its creator's context.
import asyncio
import contextvars

request_id = contextvars.ContextVar("request_id", default="none")


async def handler(n):
    print(f"handler {n} starts with {request_id.get()}")
    request_id.set(f"req-{n}")
    await asyncio.sleep(0.1 * n)
    print(f"handler {n} ends with {request_id.get()}")


async def main():
    request_id.set("main")
    await asyncio.gather(handler(1), handler(2))
    print("main still has", request_id.get())
    ctx = contextvars.copy_context()
    print(ctx[request_id], request_id in ctx)


asyncio.run(main())
