# A connection's state machine as an Enum.
import asyncio
import enum


class State(enum.Enum):
    IDLE = "idle"
    CONNECTING = "connecting"
    OPEN = "open"
    CLOSED = "closed"


class Connection:
    def __init__(self, name):
        self.name = name
        self.state = State.IDLE

    def move(self, state):
        print(f"{self.name}: {self.state.name} -> {state.name}")
        self.state = state

    async def open(self, delay):
        self.move(State.CONNECTING)
        await asyncio.sleep(delay)
        self.move(State.OPEN)

    async def close(self):
        await asyncio.sleep(0.1)
        self.move(State.CLOSED)


async def main():
    conns = [Connection("db"), Connection("cache")]
    await asyncio.gather(conns[0].open(0.3), conns[1].open(0.2))
    await asyncio.gather(*(c.close() for c in conns))
    print([c.state.value for c in conns], State("open") is State.OPEN, len(State))


asyncio.run(main())
