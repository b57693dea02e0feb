# A chat server: every line a client sends is broadcast to the other clients.
import asyncio

clients = {}


async def handle(reader, writer):
    name = (await reader.readline()).decode().strip()
    clients[name] = writer
    print(f"{name} joined from port {writer.get_extra_info('peername')[1]}")
    try:
        while True:
            line = await reader.readline()
            if not line:
                break
            for other, w in clients.items():
                if other != name:
                    w.write(f"{name}: {line.decode()}".encode())
                    await w.drain()
    finally:
        del clients[name]
        print(f"{name} left")
        writer.close()
        await writer.wait_closed()


async def client(name, lines, delay):
    reader, writer = await asyncio.open_connection("127.0.0.1", 9000)
    writer.write(f"{name}\n".encode())
    await asyncio.sleep(delay)
    for text in lines:
        writer.write(f"{text}\n".encode())
        await writer.drain()
        await asyncio.sleep(0.1)
    try:
        while True:
            line = await asyncio.wait_for(reader.readline(), timeout=0.3)
            if not line:
                break
            print(f"{name} got {line.decode().strip()!r}")
    except TimeoutError:
        pass
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 9000)
    async with server:
        await asyncio.gather(client("ann", ["hi all"], 0.2), client("bob", ["hello ann", "bye"], 0.25))
        await asyncio.sleep(0.1)


asyncio.run(main())
