"""A lock around shared state
Two withdrawals read the balance, wait for the bank, then write it back. Without a lock both see the old balance
and the account is overdrawn; with asyncio.Lock the second one waits its turn and is refused.
"""
import asyncio


class Account:
    def __init__(self, balance):
        self.balance = balance
        self.lock = asyncio.Lock()

    async def withdraw(self, who, amount):
        balance = self.balance
        print(f"{who} sees balance {balance}")
        await asyncio.sleep(0.1)  # checking with the bank
        if balance >= amount:
            self.balance = balance - amount
            print(f"{who} withdrew {amount}, balance now {self.balance}")
        else:
            print(f"{who} refused: only {balance} left")

    async def withdraw_locked(self, who, amount):
        print(f"{who} waits for the lock (locked={self.lock.locked()})")
        async with self.lock:
            await self.withdraw(who, amount)


async def main():
    print("--- without a lock ---")
    account = Account(100)
    await asyncio.gather(account.withdraw("alice", 80), account.withdraw("bob", 80))
    print(f"paid out 160 from an account holding 100; balance says {account.balance}")

    print("--- with a lock ---")
    account = Account(100)
    await asyncio.gather(account.withdraw_locked("alice", 80), account.withdraw_locked("bob", 80))
    print(f"balance is {account.balance}")


if __name__ == "__main__":
    asyncio.run(main())
