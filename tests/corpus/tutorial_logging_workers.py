# Logging from tasks: records go to stderr with the configured format.
import asyncio
import logging

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("workers")


async def worker(n):
    log.info("worker %d starting", n)
    await asyncio.sleep(n * 0.5)
    if n == 2:
        log.warning("worker %d is slow", n)
    log.debug("not shown at INFO")
    print(f"worker {n} done")


async def main():
    await asyncio.gather(*(worker(n) for n in range(1, 4)))
    logging.getLogger().error("all done")


asyncio.run(main())
