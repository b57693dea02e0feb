"""Deadlock: two locks, opposite order
Alice takes the ledger lock and then wants the vault lock; Bob takes them the other way round. Each ends up
holding what the other needs, nobody can continue, and the program hangs forever.
"""
import asyncio


async def transfer(who, first, first_name, second, second_name):
    async with first:
        print(f"{who} holds the {first_name} lock")
        await asyncio.sleep(0.1)  # some work with the first resource
        print(f"{who} now wants the {second_name} lock")
        async with second:
            print(f"{who} holds both locks (never printed)")


async def main():
    ledger = asyncio.Lock()
    vault = asyncio.Lock()
    alice = asyncio.create_task(transfer("alice", ledger, "ledger", vault, "vault"), name="alice")
    bob = asyncio.create_task(transfer("bob", vault, "vault", ledger, "ledger"), name="bob")
    await asyncio.gather(alice, bob)
    print("transfers finished (never printed)")


if __name__ == "__main__":
    asyncio.run(main())
