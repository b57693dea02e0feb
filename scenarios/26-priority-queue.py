"""A priority queue of support tickets
Tickets go into an asyncio.PriorityQueue as (priority, number, text) tuples. Two agents always take the most
urgent ticket first, whatever order the tickets arrived in.
"""
import asyncio


async def agent(name, tickets):
    while True:
        priority, number, text = await tickets.get()
        print(f"{name} takes #{number} (priority {priority}): {text}")
        effort = 0.2
        if priority == 1:
            effort = 0.3  # urgent problems take longer to fix
        await asyncio.sleep(effort)
        tickets.task_done()


async def main():
    tickets = asyncio.PriorityQueue()
    arrivals = [
        (3, "printer is out of toner"),
        (1, "payment page is down"),
        (2, "password reset"),
        (3, "new monitor request"),
        (1, "database disk full"),
        (2, "VPN is slow"),
    ]
    for number, (priority, text) in enumerate(arrivals):
        tickets.put_nowait((priority, number, text))
    print(f"{tickets.qsize()} tickets waiting")
    agents = [asyncio.create_task(agent(name, tickets), name=name) for name in ["kim", "lee"]]
    await tickets.join()
    print("queue empty, all tickets handled")
    for task in agents:
        task.cancel()


if __name__ == "__main__":
    asyncio.run(main())
