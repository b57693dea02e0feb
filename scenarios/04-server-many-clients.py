"""A server juggling many clients
Six clients connect a tenth of a second apart. The server starts one handler task per connection, so while one
handler waits for its database the others keep working, and every client is answered about half a second after
it connected.
"""
import asyncio


class Connection:
    def __init__(self, client_id, path):
        self.client_id = client_id
        self.path = path
        self.replies = asyncio.Queue()  # the server writes the response here


class Server:
    def __init__(self):
        self.incoming = asyncio.Queue()  # stands in for the listening socket
        self.handlers = []
        self.active = 0
        self.served = 0

    async def serve_forever(self):
        print("listening")
        while True:
            conn = await self.incoming.get()  # accept() the next connection
            if conn is None:
                break
            handler = asyncio.create_task(self.handle(conn), name=f"handler-{conn.client_id}")
            self.handlers.append(handler)
        await asyncio.gather(*self.handlers)
        print(f"shut down after serving {self.served} clients")

    async def handle(self, conn):
        self.active += 1
        print(f"client {conn.client_id} asks for {conn.path} ({self.active} being served)")
        work = 0.3 + 0.1 * (conn.client_id % 3)
        await asyncio.sleep(work)  # querying the database
        await conn.replies.put(f"200 OK {conn.path}")
        self.active -= 1
        self.served += 1


async def client(server, client_id):
    loop = asyncio.get_running_loop()
    await asyncio.sleep(0.1 * client_id)  # clients arrive one after another
    conn = Connection(client_id, f"/items/{client_id}")
    started = loop.time()
    await server.incoming.put(conn)
    answer = await conn.replies.get()
    print(f"got '{answer}' after {loop.time() - started:0.2f} s")


async def main():
    server = Server()
    server_task = asyncio.create_task(server.serve_forever(), name="server")
    clients = [asyncio.create_task(client(server, i), name=f"client-{i}") for i in range(6)]
    await asyncio.gather(*clients)
    await server.incoming.put(None)  # ask the server to stop accepting
    await server_task


if __name__ == "__main__":
    asyncio.run(main())
