/** Test support: run a gallery scenario (or source text) and build the renderer's model of it. */
import { readFileSync, readdirSync } from 'node:fs';
import { runScenario } from '../../scheduler/python/scenario.ts';
import type { Trace } from '../../scheduler/trace/format.ts';

export const SCENARIOS = readdirSync(new URL('../../scenarios/', import.meta.url))
  .filter((name) => name.endsWith('.py'))
  .sort();

export function scenarioSource(name: string): string {
  return readFileSync(new URL(`../../scenarios/${name}`, import.meta.url), 'utf8');
}

/** The trace of a gallery scenario; long runs are cut short by a tick limit to keep tests quick. */
export function traceOf(name: string, maxTicks = 5000): Trace {
  return runScenario(scenarioSource(name), { file: `scenarios/${name}`, limits: { maxTicks } }).trace;
}

export function traceOfSource(source: string, file = 'test.py'): Trace {
  return runScenario(source, { file }).trace;
}

/** Python source from indented lines (tables read better without the left margin). */
export function py(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const margin = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(margin)).join('\n');
}
