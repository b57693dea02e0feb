# A class decorator registering services, each with an async start method.
import asyncio

SERVICES = []


def service(cls):
    SERVICES.append(cls)
    return cls


class Base:
    delay = 0.1

    async def start(self):
        await asyncio.sleep(self.delay)
        print(f"{type(self).__name__} started")


@service
class Database(Base):
    delay = 0.3


@service
class Cache(Base):
    delay = 0.2

    @staticmethod
    def describe():
        return "in-memory"

    @classmethod
    def create(cls):
        return cls()

    @property
    def ready(self):
        return True


async def main():
    await asyncio.gather(*(cls().start() for cls in SERVICES))
    print([c.__name__ for c in SERVICES], Cache.describe(), Cache.create().ready)


asyncio.run(main())
