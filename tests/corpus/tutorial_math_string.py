# math and string helpers in a concurrent report.
import asyncio
import math
import string


async def area(r):
    await asyncio.sleep(r / 10)
    return round(math.pi * r ** 2, 3)


async def main():
    areas = await asyncio.gather(*(area(r) for r in (3, 1, 2)))
    print(areas, math.floor(areas[0]), math.ceil(areas[1]), math.isclose(math.sqrt(2) ** 2, 2))
    print(math.gcd(12, 18), math.factorial(5), math.inf > 1e308, math.hypot(3, 4))
    print(string.ascii_lowercase[:5], string.digits, string.capwords("hello async world"))
    tmpl = string.Template("$who waited $n s")
    print(tmpl.substitute(who="main", n=3))


asyncio.run(main())
