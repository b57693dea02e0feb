/**
 * The view model's part of `npm run bench` (section `model`): for the large traces of
 * bench/traces.ts, the Perfetto-style floors side by side with the model, in one fresh process per
 * trace (so its memory is its own), best of BENCH_REPEAT:
 *
 *   - read:    the trace file's bytes from disk (the page cache is warm: this is the floor);
 *   - decode:  the JSON read into the trace's typed arrays, no model (the streaming reader);
 *   - model:   the columnar view model built in one pass (scheduler/view), and the renderer's model
 *              of before (renderer/viz/model.ts, an object per event) for comparison;
 *   - state:   the state at the cursor after a random jump, and after one step (the cursor);
 *   - size:    bytes per event of the view model and of the trace's arrays.
 *
 *   node --import tsx bench/view-model.ts          (this section alone)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TraceJsonReader } from '../scheduler/trace/json-reader.ts';
import { buildViewModel } from '../scheduler/view/builder.ts';
import { ViewCursor } from '../scheduler/view/cursor.ts';
import type { ViewModel } from '../scheduler/view/model.ts';
import { buildModel } from '../renderer/viz/model.ts';
import { MIXED, benchTrace } from './traces.ts';

const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);

interface Figures {
  events: number;
  steps: number;
  tasks: number;
  fileBytes: number;
  readMs: number;
  decodeMs: number;
  modelMs: number;
  oldModelMs: number | null;
  modelBytes: number;
  traceBytes: number;
  jumpMedianMs: number;
  jumpP95Ms: number;
  stepP95Ms: number;
  peakRssMb: number;
}

function best(run: () => void): number {
  let fastest = Infinity;
  for (let i = 0; i < REPEAT; i++) {
    const started = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] as number;
}

/** The bytes under a model's typed arrays. */
function bytesOf(model: ViewModel): number {
  let total = 0;
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (ArrayBuffer.isView(value)) total += value.byteLength;
    else for (const item of Array.isArray(value) ? value : Object.values(value)) visit(item);
  };
  visit(model);
  return total;
}

/** In the child process: measure one trace file, print one JSON line. */
function measure(file: string, withOldModel: boolean): Figures {
  let bytes = readFileSync(file);
  const readMs = best(() => {
    bytes = readFileSync(file);
  });
  const decode = () => {
    const reader = new TraceJsonReader(file);
    for (let at = 0; at < bytes.length; at += 1 << 20) reader.push(bytes.subarray(at, at + (1 << 20)));
    return reader.finish();
  };
  let trace = decode();
  const decodeMs = best(() => {
    trace = decode();
  });
  let model = buildViewModel(trace);
  const modelMs = best(() => {
    model = buildViewModel(trace);
  });
  const oldModelMs = withOldModel ? best(() => void buildModel(trace)) : null;
  // The cursor: random jumps (each restores a checkpoint and walks on), then single steps.
  const cursor = new ViewCursor(model, trace);
  const steps = model.axis.steps;
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const jumps: number[] = [];
  for (let i = 0; i < 200; i++) {
    const step = Math.floor(random() * (steps + 1));
    const started = performance.now();
    cursor.viewAt(step, 60);
    jumps.push(performance.now() - started);
  }
  const stepTimes: number[] = [];
  let at = Math.floor(steps / 2);
  cursor.viewAt(at, 60);
  for (let i = 0; i < 2000 && at < steps; i++) {
    const started = performance.now();
    cursor.viewAt(++at, 60);
    stepTimes.push(performance.now() - started);
  }
  return {
    events: model.events,
    steps,
    tasks: model.lanes.tasks.count,
    fileBytes: bytes.length,
    readMs,
    decodeMs,
    modelMs,
    oldModelMs,
    modelBytes: bytesOf(model),
    traceBytes: trace.events.byteLength + trace.floats.byteLength,
    jumpMedianMs: quantile(jumps, 0.5),
    jumpP95Ms: quantile(jumps, 0.95),
    stepP95Ms: quantile(stepTimes, 0.95),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

const ms = (x: number): string => `${x < 10 ? x.toFixed(1) : x.toFixed(0)} ms`.padStart(9);

export function benchViewModel(): void {
  console.log(`View model: the large traces in Node ${process.version}, one process each (best of ${REPEAT})`);
  console.log('  trace   events       file     read   decode    model  model/decode  old model   B/event (model + trace)  jump p50/p95     step p95  peak RSS');
  for (const { label, name, rounds } of MIXED) {
    let trace;
    try {
      trace = benchTrace(label, name, rounds);
    } catch (error) {
      console.log(`  ${label}: ${(error as Error).message}`);
      continue;
    }
    const child = spawnSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', fileURLToPath(import.meta.url), 'measure', trace.file, name === 'mixed-10m' ? 'new' : 'both'], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      env: { ...process.env, BENCH_REPEAT: String(REPEAT) },
    });
    if (child.status !== 0) {
      console.log(`  ${label}: failed (${(child.stderr || String(child.error)).trim().split('\n').pop()})`);
      continue;
    }
    const f = JSON.parse(child.stdout.trim().split('\n').pop() as string) as Figures;
    console.log(
      `  ${label.padEnd(5)} ${f.events.toLocaleString('en-US').padStart(10)} ${`${(f.fileBytes / 1e6).toFixed(0)} MB`.padStart(8)} ${ms(f.readMs)} ${ms(f.decodeMs)} ${ms(f.modelMs)} ${`${(f.modelMs / f.decodeMs).toFixed(2)}x`.padStart(13)} ${f.oldModelMs === null ? '(skipped)'.padStart(10) : ms(f.oldModelMs).padStart(10)}   ${(f.modelBytes / f.events).toFixed(1).padStart(5)} + ${(f.traceBytes / f.events).toFixed(1).padStart(4)}              ${f.jumpMedianMs.toFixed(1)}/${f.jumpP95Ms.toFixed(1)} ms ${`${f.stepP95Ms.toFixed(2)} ms`.padStart(10)}  ${f.peakRssMb.toFixed(0)} MB`,
    );
  }
  console.log('  read: bytes from disk (warm cache); decode: JSON to typed arrays, no model; model: the view model in one pass;');
  console.log("  old model: the renderer's model before (an object per event; skipped at 10 M); jump: the state at a random step; step: the next step.");
  console.log('');
}

if (process.argv[2] === 'measure') {
  console.log(JSON.stringify(measure(process.argv[3] as string, process.argv[4] === 'both')));
} else if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchViewModel();
}
