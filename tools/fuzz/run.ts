/**
 * `npm run fuzz -- --count N [--seed S] [--jobs J] [--guard SECONDS]`: mutate the gallery and the
 * language corpus (mutate.ts) and check every case in the interpreter's own process (in worker
 * threads, check-case.ts), with a wall-clock guard per case: a case that runs past the guard is a
 * hang (its thread is stopped), a thread that dies is a crash (out of memory, an exit). Each
 * failing case is written to out/fuzz/ with the seed and index that make it again, and the
 * command exits 1 if there was any.
 *
 * runFuzz is also what tests/fuzz/fuzz.test.ts runs, a few thousand cases on every `npm test`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadCorpus } from './corpus.ts';
import { fuzzCase } from './mutate.ts';
import type { FromWorker, ToWorker } from './worker.ts';

export const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));

export interface FuzzOptions {
  count: number;
  seed?: number;
  jobs?: number;
  /** Seconds a case may take before it counts as a hang. */
  guardSeconds?: number;
  /** Where failing cases are written (none when null). */
  failuresDir?: string | null;
  /** Called now and then with the cases done so far. */
  onProgress?: (done: number) => void;
}

export interface FuzzFailure {
  index: number;
  kind: string;
  base: string;
  detail: string;
  source: string;
}

export interface FuzzTally {
  seed: number;
  cases: number;
  /** How the runs ended: ok, error, deadlock, limit, load-error. */
  ends: Record<string, number>;
  internalErrors: number;
  hangs: number;
  crashes: number;
  /** Every failure: internal errors, hangs, crashes, and the other checks (check-case.ts). */
  failures: FuzzFailure[];
  seconds: number;
}

/** Cases handed to a worker at a time. */
const BATCH = 25;
/** Each thread's heap: a case that grows past it is a crash, found quickly. */
const WORKER_HEAP_MB = 1536;

export function runFuzz(options: FuzzOptions): Promise<FuzzTally> {
  const seed = options.seed ?? 1;
  const jobs = Math.max(1, options.jobs ?? 2);
  const guardMs = (options.guardSeconds ?? 20) * 1000;
  const corpus = loadCorpus(ROOT);
  if (corpus.length === 0) return Promise.reject(new Error('no corpus: scenarios/ is empty'));
  const tally: FuzzTally = { seed, cases: 0, ends: {}, internalErrors: 0, hangs: 0, crashes: 0, failures: [], seconds: 0 };
  const started = performance.now();
  // tsx's ESM entry (the CommonJS one cannot register hooks from a worker).
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const entry = pathToFileURL(join(ROOT, 'tools', 'fuzz', 'worker.ts')).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  let next = 0;

  const record = (index: number, kind: string, base: string, detail: string) => {
    const failure: FuzzFailure = { index, kind, base, detail, source: fuzzCase(seed, index, corpus).source };
    tally.failures.push(failure);
    if (kind === 'hang') tally.hangs++;
    else if (kind === 'crash') tally.crashes++;
    else if (kind === 'internal-error') tally.internalErrors++;
    if (options.failuresDir != null) {
      mkdirSync(options.failuresDir, { recursive: true });
      const header = `# fuzz case ${index} of seed ${seed} (${kind}, from ${base}): npm run fuzz -- --seed ${seed} --count ${index + 1}\n# ${detail.split('\n')[0]}\n`;
      writeFileSync(join(options.failuresDir, `seed${seed}-case${index}-${kind}.py`), header + failure.source);
    }
  };

  return new Promise((done, fail) => {
    let running = 0;
    const finishOne = () => {
      if (--running === 0) {
        tally.seconds = (performance.now() - started) / 1000;
        done(tally);
      }
    };
    const startWorker = () => {
      running++;
      const worker = new Worker(boot, { eval: true, name: 'loopscope-fuzz', workerData: { root: ROOT, seed }, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
      let current: { index: number; since: number } | null = null;
      let ready = false;
      let batchEnd = 0;
      let stopped = false;
      let settled = false;
      const settle = () => {
        if (settled) return;
        settled = true;
        clearInterval(guard);
        finishOne();
      };
      const give = () => {
        if (next >= options.count) {
          stopped = true;
          worker.postMessage({ type: 'stop' } satisfies ToWorker);
          return;
        }
        const from = next;
        batchEnd = Math.min(options.count, from + BATCH);
        next = batchEnd;
        worker.postMessage({ type: 'cases', from, to: batchEnd } satisfies ToWorker);
      };
      // The rest of a batch whose worker died goes back to the queue's front, through a new worker.
      const replace = (from: number) => {
        stopped = true;
        void worker.terminate();
        if (from < batchEnd) leftovers.push([from, batchEnd]);
        startWorker();
        settle();
      };
      const guard = setInterval(() => {
        if (current !== null && performance.now() - current.since > guardMs) {
          record(current.index, 'hang', '', `no result after ${guardMs / 1000} s`);
          tally.cases++;
          replace(current.index + 1);
        }
      }, 250);
      worker.on('message', (message: FromWorker) => {
        switch (message.type) {
          case 'ready':
          case 'idle':
            ready = true;
            if (leftovers.length > 0) {
              const [from, to] = leftovers.shift()!;
              batchEnd = to;
              worker.postMessage({ type: 'cases', from, to } satisfies ToWorker);
            } else give();
            return;
          case 'start':
            current = { index: message.index, since: performance.now() };
            return;
          case 'done':
            current = null;
            tally.cases++;
            tally.ends[message.end] = (tally.ends[message.end] ?? 0) + 1;
            if (message.failure !== null) record(message.index, message.failure, message.base, message.detail);
            if (tally.cases % 500 === 0) options.onProgress?.(tally.cases);
            return;
        }
      });
      worker.on('error', (error) => {
        if (stopped) return;
        if (!ready) {
          // Not a case's fault: the worker could not start at all.
          stopped = true;
          fail(new Error(`the fuzz worker did not start: ${error.message}`));
          return;
        }
        const index = current?.index ?? batchEnd;
        record(index, 'crash', '', error.message);
        tally.cases++;
        replace(index + 1);
      });
      worker.on('exit', (code) => {
        if (stopped) {
          settle();
          return;
        }
        stopped = true;
        const index = current?.index ?? batchEnd;
        record(index, 'crash', '', `the worker exited (code ${code})`);
        tally.cases++;
        if (index + 1 < batchEnd) leftovers.push([index + 1, batchEnd]);
        startWorker();
        settle();
      });
      worker.on('messageerror', (error) => fail(error));
    };
    const leftovers: [number, number][] = [];
    for (let i = 0; i < Math.min(jobs, Math.ceil(options.count / BATCH)); i++) startWorker();
  });
}

function parseArgs(argv: string[]): FuzzOptions {
  const options: FuzzOptions = { count: 1000, seed: 1, jobs: 2, guardSeconds: 20, failuresDir: join(ROOT, 'out', 'fuzz') };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = Number(argv[i + 1]);
    const positive = () => {
      if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} needs a positive whole number`);
      i++;
      return value;
    };
    if (flag === '--count') options.count = positive();
    else if (flag === '--seed') options.seed = positive();
    else if (flag === '--jobs') options.jobs = positive();
    else if (flag === '--guard') options.guardSeconds = positive();
    else throw new Error(`unknown option ${flag} (use --count N, --seed S, --jobs J, --guard SECONDS)`);
  }
  return options;
}

/** The tally as the command prints it. */
export function formatTally(tally: FuzzTally): string {
  const ends = Object.entries(tally.ends)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([end, count]) => `${end} ${count.toLocaleString('en-US')}`)
    .join(', ');
  const others = tally.failures.filter((f) => !['hang', 'crash', 'internal-error'].includes(f.kind)).length;
  return [
    `fuzz: ${tally.cases.toLocaleString('en-US')} cases (seed ${tally.seed}) in ${tally.seconds.toFixed(1)} s`,
    `  runs ended: ${ends}`,
    `  internal errors ${tally.internalErrors}, hangs ${tally.hangs}, crashes ${tally.crashes}, other failed checks ${others}`,
  ].join('\n');
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let options: FuzzOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`fuzz: ${(error as Error).message}`);
    process.exit(2);
  }
  const tally = await runFuzz({ ...options, onProgress: (done) => process.stderr.write(`\r${done.toLocaleString('en-US')} / ${options.count.toLocaleString('en-US')}`) });
  process.stderr.write('\r\x1b[K');
  console.log(formatTally(tally));
  for (const failure of tally.failures.slice(0, 20)) console.log(`  ${failure.kind} at case ${failure.index} (${failure.base}): ${failure.detail.split('\n')[0]}`);
  if (tally.failures.length > 0) console.log(`  the failing cases are in out/fuzz/`);
  process.exitCode = tally.failures.length === 0 ? 0 : 1;
}
