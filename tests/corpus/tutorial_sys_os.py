# sys and os as teaching code uses them, without touching the machine.
import asyncio
import os
import sys


async def main():
    print("argv:", sys.argv[1:])
    sys.stdout.write("written with sys.stdout\n")
    print("error line", file=sys.stderr)
    print("pid is an int:", isinstance(os.getpid(), int))
    print("LEVEL =", os.environ.get("LEVEL", "info"))
    await asyncio.sleep(0.5)
    print(sys.version_info[:2] >= (3, 11), sys.platform)
    sys.exit(0)


asyncio.run(main())
