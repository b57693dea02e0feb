"""A loop that never ends
A poller checks a flag after every asyncio.sleep(0), but the task that should set the flag is never started.
sleep(0) always leaves work in the ready queue, so the loop spins forever without time passing; the reference
runner stops it at its iteration limit.
"""
import asyncio


class Job:
    def __init__(self):
        self.finished = False

    async def run(self):
        await asyncio.sleep(0.5)
        self.finished = True


async def wait_until_finished(job):
    polls = 0
    while not job.finished:  # busy polling: nothing else ever changes the flag
        polls += 1
        await asyncio.sleep(0)
    print(f"finished after {polls} polls (never printed)")


async def main():
    job = Job()
    print("forgot to call asyncio.create_task(job.run())")
    await wait_until_finished(job)


if __name__ == "__main__":
    asyncio.run(main())
