/** What the scenario language leaves out of Python 3.11, for the passes that refuse it. */

/**
 * The modules a scenario may import, each modelled by the runtime (scheduler/python/interpreter/
 * modules.ts builds them): asyncio and the submodules tutorials name, and the standard library
 * teaching code uses, on the virtual clock and without the machine's files or processes.
 */
export const IMPORTABLE_MODULES: readonly string[] = [
  'asyncio',
  'asyncio.events',
  'asyncio.exceptions',
  'asyncio.futures',
  'asyncio.locks',
  'asyncio.queues',
  'asyncio.runners',
  'asyncio.streams',
  'asyncio.taskgroups',
  'asyncio.tasks',
  'asyncio.threads',
  'asyncio.timeouts',
  'abc',
  'aiohttp',
  'collections',
  'collections.abc',
  'concurrent',
  'concurrent.futures',
  'contextlib',
  'contextvars',
  'dataclasses',
  'datetime',
  'enum',
  'functools',
  'itertools',
  'json',
  'logging',
  'math',
  'operator',
  'os',
  'random',
  'string',
  'sys',
  'threading',
  'time',
  'typing',
];

/** The top-level importable modules, for messages. */
export function importableList(): string {
  return IMPORTABLE_MODULES.filter((m) => !m.includes('.')).join(', ');
}
