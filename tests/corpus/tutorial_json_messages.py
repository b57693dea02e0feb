# JSON messages exchanged through a queue between two tasks.
import asyncio
import json


async def sender(q):
    for i in range(3):
        msg = json.dumps({"id": i, "body": f"message {i}", "tags": ["a", "b"], "ok": True, "none": None})
        await q.put(msg)
        await asyncio.sleep(0.2)
    await q.put(json.dumps(None))


async def receiver(q):
    while True:
        raw = await q.get()
        msg = json.loads(raw)
        if msg is None:
            break
        print(msg["id"], msg["body"], raw)
    print(json.dumps({"b": 1, "a": [1.5, "x"]}, indent=2, sort_keys=True))


async def main():
    q = asyncio.Queue()
    await asyncio.gather(sender(q), receiver(q))


asyncio.run(main())
