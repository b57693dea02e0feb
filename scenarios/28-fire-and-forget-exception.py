"""An exception in a fire-and-forget task
A task started with create_task and never awaited fails, and nobody notices: the exception goes nowhere and main
carries on. asyncio can only log "Task exception was never retrieved" when the task object is thrown away.
Keeping a reference and awaiting the task brings the error back to the caller.
"""
import asyncio


async def send_welcome_email(user):
    await asyncio.sleep(0.1)
    print(f"connecting to the mail server for {user}")
    raise ConnectionError("mail server refused the connection")


async def main():
    print("--- fire and forget ---")
    asyncio.create_task(send_welcome_email("ada"))  # no reference kept
    await asyncio.sleep(0.5)
    print("main never heard about the failure")

    print("--- keep the task and await it ---")
    task = asyncio.create_task(send_welcome_email("grace"))
    await asyncio.sleep(0.5)
    try:
        await task
    except ConnectionError as exc:
        print(f"main caught it: {type(exc).__name__}: {exc}")


if __name__ == "__main__":
    asyncio.run(main())
