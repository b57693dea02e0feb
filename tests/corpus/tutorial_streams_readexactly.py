# Length-prefixed frames: readexactly, readuntil and the EOF errors.
import asyncio

STREAM_LATENCY = 0.05
STREAM_BANDWIDTH = 1000


async def serve(reader, writer):
    while True:
        try:
            header = await reader.readexactly(2)
        except asyncio.IncompleteReadError as e:
            print("server: incomplete read, got", e.partial)
            break
        size = int(header)
        body = await reader.readexactly(size)
        print("server got frame", body)
        writer.write(body.upper() + b";")
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(serve, "localhost", 7000)
    reader, writer = await asyncio.open_connection("localhost", 7000)
    for word in (b"alpha", b"beta"):
        writer.write(f"{len(word):02d}".encode() + word)
    writer.write(b"0")
    await writer.drain()
    print(await reader.readuntil(b";"))
    print(await reader.readuntil(b";"))
    writer.write_eof()
    print("at eof:", await reader.read(), reader.at_eof())
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()


asyncio.run(main())
