/**
 * The large traces of the benchmark: 10,000 tasks mixing sleeps, sleep(0), locks and queues
 * (bench/scenarios/mixed-*.py), recorded with `loopscope run --format json` into out/bench-traces/
 * and kept there until the scenario or the CLI changes, so that a second `npm run bench` does not
 * record them again.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../tests/browser/support.ts';

export interface BenchTrace {
  /** e.g. "1 M": what the row is called. */
  label: string;
  scenario: string;
  /** The recorded JSON. */
  file: string;
  bytes: number;
}

export const MIXED = [
  { label: '1 M', name: 'mixed-1m' },
  { label: '3 M', name: 'mixed-3m' },
  { label: '10 M', name: 'mixed-10m' },
] as const;

const DIR = join(ROOT, 'out', 'bench-traces');

/** The JSON trace of a bench scenario, recorded now if it is missing or older than its sources. */
export function benchTrace(label: string, name: string): BenchTrace {
  mkdirSync(DIR, { recursive: true });
  const scenario = join(ROOT, 'bench', 'scenarios', `${name}.py`);
  const file = join(DIR, `${name}.json`);
  const cli = join(ROOT, 'out', 'cli', 'loopscope.mjs');
  const newest = Math.max(statSync(scenario).mtimeMs, existsSync(cli) ? statSync(cli).mtimeMs : 0);
  if (!existsSync(file) || statSync(file).mtimeMs < newest) {
    const partial = `${file}.partial`;
    const out = openSync(partial, 'w');
    try {
      const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'loopscope.js'), 'run', scenario, '--format', 'json'], { stdio: ['ignore', out, 'pipe'], encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`recording ${name} failed: ${run.stderr || String(run.error)}`);
    } finally {
      closeSync(out);
    }
    renameSync(partial, file);
  }
  return { label, scenario, file, bytes: statSync(file).size };
}
