/**
 * What File ▸ New Scenario starts from: a short scenario that plays at once and shows the point
 * of asyncio (two waits overlap), with the docstring the gallery reads a title from. Shared by
 * the desktop app and the web build.
 */
export const NEW_SCENARIO_TEMPLATE = `"""Untitled scenario
Say here what this scenario shows. The first line is its title in the gallery.
"""
import asyncio


async def brew(drink, seconds):
    print(f"{drink}: started")
    await asyncio.sleep(seconds)
    print(f"{drink}: ready after {seconds} s")
    return drink


async def main():
    # Both wait at the same time: the whole order takes 2 s, not 3.
    order = await asyncio.gather(brew("tea", 2), brew("coffee", 1))
    print("served:", order)


asyncio.run(main())
`;
