/**
 * What File ▸ New Scenario starts from, in the desktop app and in the web build: a short
 * scenario that runs and teaches one thing (gather runs its coroutines at the same time), with the
 * docstring convention of the gallery (first line: the title), so that a new file is already a
 * working example to change. tests/renderer/scenario-template.test.ts plays it on Loopscope and on
 * CPython and requires the same transcript.
 */

/** The name an untitled scenario is shown and first saved under. */
export const NEW_SCENARIO_NAME = 'untitled.py';

export const NEW_SCENARIO_SOURCE = `"""My scenario
Two coroutines that sleep: gather runs them at the same time, so the program takes 2 s, not 3 s.
Change a delay and watch the lanes move.
"""
import asyncio


async def greet(name, delay):
    print(f"{name} starts")
    await asyncio.sleep(delay)
    print(f"{name} is done after {delay} s")


async def main():
    await asyncio.gather(greet("alice", 1), greet("bob", 2))


asyncio.run(main())
`;
