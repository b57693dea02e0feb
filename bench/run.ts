/**
 * `npm run bench`: the scheduler's speed, side by side with its peers in the same run.
 *
 * Workloads: 10,000 tasks x 100 `sleep(0)`, and 10,000 tasks x 100 seeded random sleeps.
 * Runners, each in a fresh process so that peak memory is its own, best of REPEAT runs:
 *   - model:    the full model with the trace recorded;
 *   - baseline: the same generators on a bare FIFO and heapq (bench/workloads.ts);
 *   - CPython:  the same program on CPython's own asyncio under a virtual clock (if python3 runs).
 * Figures are printed, not asserted: timing on a shared machine is not a test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);

interface Measured {
  seconds: number;
  taskSteps: number;
  peakRssMb: number;
  events?: number;
  traceBytes?: number;
  bytesPerEvent?: number;
}

function measure(command: string, args: string[]): Measured | null {
  let best: Measured | null = null;
  for (let i = 0; i < REPEAT; i++) {
    const run = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (run.status !== 0) {
      console.error(`  ${command} ${args.join(' ')} failed: ${(run.stderr || String(run.error)).trim().split('\n').pop()}`);
      return null;
    }
    const line = run.stdout.trim().split('\n').pop() as string;
    const result = JSON.parse(line) as Measured;
    const peakRssMb = Math.max(result.peakRssMb, best === null ? 0 : best.peakRssMb);
    if (best === null || result.seconds < best.seconds) best = { ...result, peakRssMb };
    else best.peakRssMb = peakRssMb;
  }
  return best;
}

const tsx = ['--import', 'tsx', 'bench/measure.ts'];
const rate = (m: Measured) => m.taskSteps / m.seconds;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

console.log(`Loopscope scheduler benchmark (best of ${REPEAT}, Node ${process.version})\n`);
for (const [workload, title] of [
  ['sleep0', '10,000 tasks x 100 sleep(0)'],
  ['random', '10,000 tasks x 100 seeded random sleeps'],
] as const) {
  console.log(title);
  const model = measure(process.execPath, [...tsx, 'model', workload]);
  const baseline = measure(process.execPath, [...tsx, 'baseline', workload]);
  const python = measure('python3', ['bench/cpython_bench.py', workload]);
  const row = (name: string, m: Measured | null, extra = '') =>
    console.log(
      `  ${name.padEnd(34)} ${m === null ? 'n/a'.padStart(14) : `${fmt(rate(m)).padStart(11)} steps/s`}  ${m === null ? '' : `${m.seconds.toFixed(3)} s  peak ${m.peakRssMb.toFixed(0)} MB`}${extra}`,
    );
  row(
    'model, trace recorded',
    model,
    model?.bytesPerEvent === undefined ? '' : `  trace ${(model.traceBytes! / 1e6).toFixed(1)} MB, ${fmt(model.events!)} events, ${model.bytesPerEvent.toFixed(1)} bytes/event`,
  );
  row('bare baseline (generators+FIFO+heapq)', baseline);
  row('CPython asyncio, virtual clock', python);
  if (model !== null && baseline !== null) console.log(`  model / baseline time: ${(model.seconds / baseline.seconds).toFixed(1)}x`);
  if (model !== null && python !== null) console.log(`  model vs CPython: ${(rate(model) / rate(python)).toFixed(1)}x the steps per second`);
  console.log('');
}

/**
 * The interpreter: the same scenario file played by `loopscope run` with the full trace recorded
 * (--format json), and by CPython's real asyncio through the project's reference runner. Whole
 * commands are timed, start-up included, and their transcripts compared.
 */
function timeCommand(command: string, args: string[]): { seconds: number; stdout: string } | null {
  let best: { seconds: number; stdout: string } | null = null;
  for (let i = 0; i < REPEAT; i++) {
    const started = performance.now();
    const run = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
    const seconds = (performance.now() - started) / 1000;
    if (run.status !== 0) {
      console.error(`  ${command} ${args.join(' ')} failed: ${(run.stderr || String(run.error)).trim().split('\n').pop()}`);
      return null;
    }
    if (best === null || seconds < best.seconds) best = { seconds, stdout: run.stdout };
  }
  return best;
}

if (existsSync('scheduler/python/scenario.ts')) {
  for (const [file, title] of [
    ['bench/scenarios/sleep0.py', 'scenario file: 10,000 tasks x 100 sleep(0)'],
    ['bench/scenarios/random-sleeps.py', 'scenario file: 10,000 tasks x 100 seeded random sleeps'],
  ] as const) {
    console.log(title);
    const traced = timeCommand(process.execPath, ['bin/loopscope.js', 'run', file, '--format', 'json']);
    const loopscope = timeCommand(process.execPath, ['bin/loopscope.js', 'run', file, '--no-log']);
    const python = timeCommand('python3', ['tools/cpython_reference.py', file, '--no-log', '--watchdog', '600']);
    const line = (name: string, t: { seconds: number } | null, note = '') =>
      console.log(`  ${name.padEnd(44)} ${t === null ? 'n/a' : `${t.seconds.toFixed(2)} s`}${note}`);
    line('loopscope run --format json (full trace)', traced, traced === null ? '' : `  (${(Buffer.byteLength(traced.stdout) / 1e6).toFixed(0)} MB of trace)`);
    line('loopscope run (transcript)', loopscope);
    line('python3 tools/cpython_reference.py', python);
    if (traced !== null && python !== null) console.log(`  CPython time / Loopscope time (full trace): ${(python.seconds / traced.seconds).toFixed(2)}x`);
    if (loopscope !== null && python !== null) {
      console.log(`  transcripts ${loopscope.stdout === python.stdout ? 'identical' : 'DIFFER'}`);
    }
    console.log('');
  }
} else {
  console.log('scenario files: the interpreter is not built yet (scheduler/python/scenario.ts)');
}

/**
 * The renderer: the web build's cold start and frame times on a 10,000-task trace, in headless
 * Chromium (bench/renderer.ts). Skipped, with the reason printed, where Chromium is not installed.
 */
const { benchRenderer } = await import('./renderer.ts');
await benchRenderer();
