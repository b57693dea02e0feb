/**
 * The CLI's start-up, the `cli` section of `npm run bench`: a tiny scenario played by each way of
 * starting the command, runs alternating so a busy moment falls on all alike: the best of RUNS
 * (what it costs on a quiet machine) and the median.
 *
 *   - `npx loopscope`: npm's own start-up comes first (seconds);
 *   - `node bin/loopscope.js`: the launcher the README gives;
 *   - `loopscope` on the PATH, as `npm link` or `npm install -g .` puts it there (installed here
 *     into a temporary prefix, so nothing outside the repository changes);
 *   - `node out/cli/loopscope.mjs`: the bundle alone, without the launcher's freshness check.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshCliBundle } from './traces.ts';

const RUNS = Math.max(5, Number(process.env.BENCH_REPEAT ?? 3) * 2 + 1);
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SCENARIO = join(ROOT, 'scenarios', '02-three-coroutines-gathered.py');

function time(command: string, args: string[]): number | null {
  const started = performance.now();
  const run = spawnSync(command, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  return run.status === 0 ? (performance.now() - started) / 1000 : null;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

export function benchCliStart(): void {
  console.log(`CLI start-up: loopscope run ${SCENARIO.slice(ROOT.length)} (best and median of ${RUNS})`);
  freshCliBundle();
  const prefix = mkdtempSync(join(tmpdir(), 'loopscope-prefix-'));
  try {
    const install = spawnSync('npm', ['install', '-g', '.', '--prefix', prefix, '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: ROOT, encoding: 'utf8' });
    const ways: [string, string, string[]][] = [
      ['npx loopscope', 'npx', ['--no-install', 'loopscope', 'run', SCENARIO]],
      ['node bin/loopscope.js', process.execPath, [join(ROOT, 'bin', 'loopscope.js'), 'run', SCENARIO]],
      ['loopscope (npm link / npm install -g .)', join(prefix, 'bin', 'loopscope'), ['run', SCENARIO]],
      ['node out/cli/loopscope.mjs', process.execPath, [join(ROOT, 'out', 'cli', 'loopscope.mjs'), 'run', SCENARIO]],
    ];
    const times = new Map<string, number[]>(ways.map(([name]) => [name, []]));
    for (let i = 0; i < RUNS; i++) {
      for (const [name, command, args] of ways) {
        if (name.startsWith('loopscope (') && install.status !== 0) continue;
        const seconds = time(command, args);
        if (seconds !== null) times.get(name)?.push(seconds);
      }
    }
    for (const [name] of ways) {
      const xs = times.get(name) ?? [];
      console.log(`  ${name.padEnd(42)} ${xs.length === 0 ? 'n/a (it did not run here)' : `best ${Math.min(...xs).toFixed(2)} s, median ${median(xs).toFixed(2)} s`}`);
    }
  } finally {
    rmSync(prefix, { recursive: true, force: true });
  }
  console.log('');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) benchCliStart();
