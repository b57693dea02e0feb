/** What the scenario language leaves out of Python 3.11, for the passes that refuse it. */

/** The modules a scenario may import; each is simulated by the runtime. */
export const IMPORTABLE_MODULES: readonly string[] = ['asyncio', 'time', 'random', 'aiohttp'];
