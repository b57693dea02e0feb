/**
 * The large traces of the benchmark: 10,000 tasks mixing sleeps, sleep(0), locks and queues
 * (bench/scenarios/mixed.py, about a million events; its 3 and 10 million event versions are the
 * same file with more ROUNDS, written into out/bench-traces/), recorded with
 * `loopscope run --format json` into out/bench-traces/ and kept there until the scenario changes
 * or the trace format's version does, so that a second `npm run bench` does not record them again.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRACE_VERSION } from '../scheduler/trace/format.ts';
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
  { label: '1 M', name: 'mixed-1m', rounds: 7 },
  { label: '3 M', name: 'mixed-3m', rounds: 21 },
  { label: '10 M', name: 'mixed-10m', rounds: 70 },
] as const;

const DIR = join(ROOT, 'out', 'bench-traces');

/**
 * Bundle the CLI again (as `npm install` does) if a source is newer than the bundle: otherwise
 * bin/loopscope.js runs the TypeScript sources through tsx, several times slower to start.
 */
export function freshCliBundle(): void {
  const bundle = join(ROOT, 'out', 'cli', 'loopscope.mjs');
  const newest = (folder: string): number =>
    readdirSync(folder, { withFileTypes: true }).reduce((n, entry) => {
      const path = join(folder, entry.name);
      return Math.max(n, entry.isDirectory() ? newest(path) : entry.name.endsWith('.ts') ? statSync(path).mtimeMs : 0);
    }, 0);
  // The same folders bin/loopscope.js compares the bundle with (else it would run tsx after all).
  const sources = ['scheduler', 'main/cli', 'renderer/export', 'renderer/viz', 'renderer/player', 'renderer/teach'].map((folder) => newest(join(ROOT, folder)));
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= Math.max(...sources)) return;
  const build = spawnSync(process.execPath, [join(ROOT, 'main', 'cli', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build:cli failed: ${build.stderr}`);
}

/** The version a trace file says it has (it is near the start: `{"format":...,"version":N,`). */
function versionOf(file: string): number {
  const head = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  return Number(/"version":(\d+)/.exec(head.toString('latin1'))?.[1] ?? NaN);
}

/** The scenario file of a large trace: bench/scenarios/mixed.py with `rounds` ROUNDS, in out/bench-traces/. */
export function benchScenario(name: string, rounds: number): string {
  mkdirSync(DIR, { recursive: true });
  const template = readFileSync(join(ROOT, 'bench', 'scenarios', 'mixed.py'), 'utf8');
  const source = template.replace(/^ROUNDS = \d+$/m, `ROUNDS = ${rounds}`);
  if (source === template && !/^ROUNDS = \d+$/m.test(template)) throw new Error('bench/scenarios/mixed.py has no ROUNDS = N line');
  const file = join(DIR, `${name}.py`);
  if (!existsSync(file) || readFileSync(file, 'utf8') !== source) writeFileSync(file, source);
  return file;
}

/** The JSON trace of a bench scenario, recorded now if it is missing or older than its scenario. */
export function benchTrace(label: string, name: string, rounds: number): BenchTrace {
  freshCliBundle();
  const scenario = benchScenario(name, rounds);
  const file = join(DIR, `${name}.json`);
  if (!existsSync(file) || statSync(file).mtimeMs < statSync(scenario).mtimeMs || versionOf(file) !== TRACE_VERSION) {
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
