# serve_forever in a task, a refused connection, and lines read with async for.
import asyncio

STREAM_LATENCY = 0.02


async def upper(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    async for line in reader:
        writer.write(line.upper())
        await writer.drain()
    print("client went away:", reader.at_eof())
    writer.close()


async def main():
    try:
        await asyncio.open_connection("127.0.0.1", 1234)
    except ConnectionRefusedError as e:
        print("refused:", e)
    server = await asyncio.start_server(upper, port=8001)
    print(server.is_serving(), server.sockets[0].getsockname())
    serving = asyncio.create_task(server.serve_forever())
    reader, writer = await asyncio.open_connection("localhost", 8001)
    print("peer", writer.get_extra_info("peername"), "me", writer.get_extra_info("sockname"))
    for word in ("one", "two"):
        writer.write(word.encode() + b"\n")
        print(await reader.readline())
    writer.close()
    await writer.wait_closed()
    await asyncio.sleep(0.1)
    serving.cancel()
    try:
        await serving
    except asyncio.CancelledError:
        print("server stopped:", server.is_serving())


asyncio.run(main())
