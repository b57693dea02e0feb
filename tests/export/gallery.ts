/** Test support: gallery scenarios played once per test file, by name (without `.py`). */
import { readFileSync, readdirSync } from 'node:fs';
import { runScenario } from '../../scheduler/python/scenario.ts';
import type { Trace } from '../../scheduler/trace/format.ts';

const root = new URL('../../', import.meta.url);

/** Every gallery scenario's name, in order. */
export const GALLERY = readdirSync(new URL('scenarios/', root))
  .filter((f) => f.endsWith('.py'))
  .map((f) => f.replace(/\.py$/, ''))
  .sort();

export function gallerySource(name: string): string {
  return readFileSync(new URL(`scenarios/${name}.py`, root), 'utf8');
}

const played = new Map<string, Trace>();
/** The trace of a gallery scenario (its `source` is `scenarios/NAME.py`). */
export function galleryTrace(name: string): Trace {
  let trace = played.get(name);
  if (trace === undefined) {
    const file = `scenarios/${name}.py`;
    const result = runScenario(gallerySource(name), { file });
    if (result.error !== null) throw new Error(result.error.format());
    trace = result.trace;
    played.set(name, trace);
  }
  return trace;
}

/** Play a scenario given as text. */
export function playSource(source: string, file = 'test.py'): Trace {
  const result = runScenario(source, { file });
  if (result.error !== null) throw new Error(result.error.format());
  return result.trace;
}
