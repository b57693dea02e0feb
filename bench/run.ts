/**
 * `npm run bench`: the scheduler's speed, side by side with its peers in the same run.
 *
 * Workloads: 10,000 tasks x 100 `sleep(0)`, and 10,000 tasks x 100 seeded random sleeps.
 * Runners, each in a fresh process so that peak memory is its own, best of REPEAT runs:
 *   - model:    the full model with the trace recorded;
 *   - baseline: the same generators on a bare FIFO and heapq (bench/workloads.ts);
 *   - CPython:  the same program on CPython's own asyncio under a virtual clock (if python3 runs).
 * Figures are printed, not asserted: timing on a shared machine is not a test.
 *
 * `npm run bench -- scenarios` (or `scheduler`, `cli`, `model`, `renderer`) runs only the sections named.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const SECTIONS = ['scheduler', 'scenarios', 'cli', 'model', 'renderer'] as const;
const chosen = process.argv.slice(2);
for (const name of chosen) {
  if (!(SECTIONS as readonly string[]).includes(name)) {
    console.error(`npm run bench: unknown section '${name}' (choose from ${SECTIONS.join(', ')})`);
    process.exit(2);
  }
}
const runs = (section: (typeof SECTIONS)[number]) => chosen.length === 0 || chosen.includes(section);

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

console.log(`Loopscope benchmark (best of ${REPEAT}, Node ${process.version})\n`);
const WORKLOADS = [
  ['sleep0', '10,000 tasks x 100 sleep(0)'],
  ['random', '10,000 tasks x 100 seeded random sleeps'],
] as const;
for (const [workload, title] of runs('scheduler') ? WORKLOADS : []) {
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
 * and written as JSON to a file (as `loopscope run FILE --format json > trace.json` does), and by
 * CPython's real asyncio through the project's reference runner. Whole commands are timed,
 * start-up included; the runs of the three alternate, so that a busy moment on a shared machine
 * falls on all of them alike, and the best of each is kept. Their transcripts are compared.
 */
interface Timed {
  seconds: number;
  stdout: string;
}

function timeOnce(command: string, args: string[], stdoutFile: string | null): Timed | null {
  const out = stdoutFile === null ? 'pipe' : openSync(stdoutFile, 'w');
  try {
    const started = performance.now();
    const run = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', out, 'pipe'] });
    const seconds = (performance.now() - started) / 1000;
    if (run.status !== 0) {
      console.error(`  ${command} ${args.join(' ')} failed: ${(run.stderr || String(run.error)).trim().split('\n').pop()}`);
      return null;
    }
    return { seconds, stdout: run.stdout ?? '' };
  } finally {
    if (typeof out === 'number') closeSync(out);
  }
}

const better = (best: Timed | null | undefined, next: Timed | null): Timed | null =>
  best === undefined ? next : best === null || next === null ? null : next.seconds < best.seconds ? next : best;

if (!runs('scenarios')) {
  // not chosen
} else if (existsSync('scheduler/python/scenario.ts')) {
  const traceFile = join(mkdtempSync(join(tmpdir(), 'loopscope-bench-')), 'trace.json');
  for (const [file, title] of [
    ['bench/scenarios/sleep0.py', 'scenario file: 10,000 tasks x 100 sleep(0)'],
    ['bench/scenarios/random-sleeps.py', 'scenario file: 10,000 tasks x 100 seeded random sleeps'],
  ] as const) {
    console.log(title);
    let traced: Timed | null | undefined;
    let loopscope: Timed | null | undefined;
    let python: Timed | null | undefined;
    for (let i = 0; i < REPEAT; i++) {
      // No wall-clock limit (default 30 s): a busy machine must not turn a slow run into a stopped one.
      const unlimited = ['--max-seconds', '3600'];
      traced = better(traced, timeOnce(process.execPath, ['bin/loopscope.js', 'run', file, '--format', 'json', ...unlimited], traceFile));
      loopscope = better(loopscope, timeOnce(process.execPath, ['bin/loopscope.js', 'run', file, '--no-log', ...unlimited], null));
      python = better(python, timeOnce('python3', ['tools/cpython_reference.py', file, '--no-log', '--watchdog', '600'], null));
    }
    const line = (name: string, t: Timed | null | undefined, note = '') =>
      console.log(`  ${name.padEnd(56)} ${t == null ? 'n/a' : `${t.seconds.toFixed(2)} s`}${note}`);
    line('loopscope run --format json > trace.json (full trace)', traced, traced == null ? '' : `  (${(statSync(traceFile).size / 1e6).toFixed(0)} MB of trace)`);
    line('loopscope run (transcript)', loopscope);
    line('python3 tools/cpython_reference.py', python);
    if (traced != null && python != null) console.log(`  CPython time / Loopscope time (full trace): ${(python.seconds / traced.seconds).toFixed(2)}x`);
    if (loopscope != null && python != null) console.log(`  transcripts ${loopscope.stdout === python.stdout ? 'identical' : 'DIFFER'}`);
    console.log('');
  }
  rmSync(dirname(traceFile), { recursive: true, force: true });
} else {
  console.log('scenario files: the interpreter is not built yet (scheduler/python/scenario.ts)');
}

/** The CLI's start-up: npx against node bin/loopscope.js and the command on the PATH (bench/cli-start.ts). */
if (runs('cli')) {
  const { benchCliStart } = await import('./cli-start.ts');
  benchCliStart();
}

/** The view model of the large traces against reading and decoding them (bench/view-model.ts). */
if (runs('model')) {
  const { benchViewModel } = await import('./view-model.ts');
  benchViewModel();
}

/**
 * The renderer: the web build's cold start and frame times on a 10,000-task trace, in headless
 * Chromium (bench/renderer.ts). Skipped, with the reason printed, where Chromium is not installed.
 */
if (runs('renderer')) {
  const { benchRenderer } = await import('./renderer.ts');
  await benchRenderer();
}
