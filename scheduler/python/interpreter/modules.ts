/**
 * The module registry: every module a scenario may import, and how the runtime builds it. This is
 * the one list of what is modelled: the parser refuses an import of anything else, and the
 * checker's messages and hints ("Loopscope does not model the X module yet", "scenarios can import
 * ...") are written from it, so they follow as modules are added here.
 *
 * To add a module: write its factory (a PyModule on the virtual clock, see mod-*.ts) and add one
 * entry below.
 */
import type { PyModule } from './values.ts';
import type { Runtime } from './runtime.ts';
import { makeAsyncioModule } from './mod-asyncio.ts';
import { makeTimeModule, makeRandomModule } from './mod-time-random.ts';
import { makeAiohttpModule } from './mod-aiohttp.ts';

export type ModuleFactory = (rt: Runtime) => PyModule;

/** Modelled modules, by name, in the order the documentation lists them. */
export const MODULES: ReadonlyMap<string, ModuleFactory> = new Map<string, ModuleFactory>([
  ['asyncio', makeAsyncioModule],
  ['time', makeTimeModule],
  ['random', makeRandomModule],
  ['aiohttp', makeAiohttpModule],
]);

export function isModelledModule(name: string): boolean {
  return MODULES.has(name);
}

/** The names of the modelled modules, in registry order. */
export function modelledModuleNames(): string[] {
  return [...MODULES.keys()];
}
