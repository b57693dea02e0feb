# Module loggers with their own levels under a root configured by basicConfig.
import asyncio
import logging
import sys

logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="%(levelname)-8s %(name)s | %(message)s")
net = logging.getLogger("app.net")
net.setLevel(logging.DEBUG)
db = logging.getLogger("app.db")


async def main():
    net.debug("connecting")
    db.info("hidden: root is at WARNING")
    await asyncio.sleep(1)
    db.warning("slow query")
    try:
        1 / 0
    except ZeroDivisionError:
        net.exception("failed")
    print("levels", net.getEffectiveLevel(), db.getEffectiveLevel(), db.isEnabledFor(logging.INFO))


asyncio.run(main())
