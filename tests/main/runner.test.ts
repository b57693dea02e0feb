/**
 * The run manager: newest run wins, superseded runs are terminated and never delivered, long
 * runs report progress, and worker failures surface as errors. First with scripted fake workers
 * (exact control of timing), then with the real worker thread and the real scheduler.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LoadedScenario, type RunProgress } from '../../main/common/contract.ts';
import { ScenarioRunner, type RunJob, type RunWorker } from '../../main/electron/runner.ts';
import type { RunRequest, WorkerReply } from '../../main/electron/worker-protocol.ts';
import { GALLERY, sourceWorker, waitFor } from './support.ts';
import { buildViewModel } from '../../scheduler/view/builder.ts';
import { traceToJSON } from '../../scheduler/trace/json.ts';
import { traceOf as traceOfScenario } from '../renderer/support.ts';

class FakeWorker extends EventEmitter implements RunWorker {
  readonly requests: RunRequest[] = [];
  terminated = false;
  override on(event: string, listener: (...args: never[]) => void): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }
  postMessage(request: RunRequest): void {
    this.requests.push(request);
  }
  terminate(): Promise<number> {
    this.terminated = true;
    queueMicrotask(() => this.emit('exit', 1));
    return Promise.resolve(1);
  }
  reply(message: WorkerReply): void {
    this.emit('message', message);
  }
  done(id: number, marker = 0): void {
    this.reply({
      type: 'done',
      id,
      problem: null,
      trace: { format: 'loopscope-trace', version: 1, source: 'x', strings: [], floats: new Float64Array([0.5]), events: new Int32Array([marker]), steps: 0, end: null },
    });
  }
}

function fakeRunner(options: { now?: () => number; progress?: RunProgress[] } = {}) {
  const workers: FakeWorker[] = [];
  const runner = new ScenarioRunner({
    createWorker: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    },
    ...(options.progress === undefined ? {} : { onProgress: (p: RunProgress) => options.progress!.push(p) }),
    ...(options.now === undefined ? {} : { now: options.now }),
    progressIntervalMs: 100,
  });
  return { runner, workers };
}

/** How the run of a loaded scenario ended (its trace's END). */
function endOf(loaded: LoadedScenario | null): unknown {
  return traceOf(loaded).end;
}

/** The trace of a loaded scenario (failing the test when it is an error). */
function traceOf(loaded: LoadedScenario | null): { events: Int32Array; floats: Float64Array; end: { kind: string } | null } {
  if (loaded === null || loaded.outcome.kind !== 'trace') throw new Error(`expected a trace, got ${JSON.stringify(loaded?.outcome)}`);
  return loaded.outcome.trace as never;
}

const job = (file: string, source = 'pass\n', reload = false): RunJob => ({ file, name: file, source, reload });

describe('ScenarioRunner (fake workers)', () => {
  it('delivers a finished run as a LoadedScenario', async () => {
    const { runner, workers } = fakeRunner();
    const pending = runner.run(job('a.py', 'print(1)\n', true));
    expect(workers).toHaveLength(1);
    expect(workers[0]!.requests).toEqual([{ id: 1, source: 'print(1)\n', file: 'a.py' }]);
    workers[0]!.done(1, 42);
    const loaded = await pending;
    expect(LoadedScenario.parse(loaded)).toBeTruthy();
    expect(loaded).toMatchObject({ file: 'a.py', name: 'a.py', source: 'print(1)\n', reload: true, outcome: { kind: 'trace' } });
    const trace = traceOf(loaded);
    expect([...trace.events]).toEqual([42]);
    expect([...trace.floats]).toEqual([0.5]);
  });

  it('passes the document’s marks through to the result', async () => {
    const { runner, workers } = fakeRunner();
    const pending = runner.run({ ...job('Untitled-1', 'print(1)\n', true), marks: { document: 4, edit: true, unsaved: true } });
    workers[0]!.done(1, 42);
    expect(LoadedScenario.parse(await pending)).toMatchObject({ file: 'Untitled-1', document: 4, edit: true, unsaved: true });
  });

  it('a second run supersedes the first: the first worker is terminated and its result never delivered', async () => {
    const { runner, workers } = fakeRunner();
    const first = runner.run(job('slow.py'));
    const second = runner.run(job('fast.py'));
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
    expect(await first).toBeNull();
    // The first worker's reply was already in flight: it must not leak into the second run.
    workers[0]!.done(1, 111);
    workers[1]!.done(2, 222);
    const loaded = await second;
    expect(loaded?.file).toBe('fast.py');
    expect([...traceOf(loaded).events]).toEqual([222]);
  });

  it('ignores a reply with a stale id on a reused worker', async () => {
    const { runner, workers } = fakeRunner();
    const a = runner.run(job('a.py'));
    workers[0]!.done(1);
    await a;
    const b = runner.run(job('b.py'));
    expect(workers).toHaveLength(1); // idle worker reused
    let settled = false;
    void b.then(() => (settled = true));
    workers[0]!.done(1); // a duplicate of run 1
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(settled).toBe(false);
    workers[0]!.done(2);
    expect((await b)?.file).toBe('b.py');
  });

  it('forwards progress of the current run, throttled, and drops progress of a superseded run', async () => {
    let clock = 0;
    const progress: RunProgress[] = [];
    const { runner, workers } = fakeRunner({ now: () => clock, progress });
    const first = runner.run(job('long.py'));
    workers[0]!.reply({ type: 'progress', id: 1, ticks: 4096, time: 1 });
    clock = 50;
    workers[0]!.reply({ type: 'progress', id: 1, ticks: 8192, time: 2 }); // within 100 ms: dropped
    clock = 150;
    workers[0]!.reply({ type: 'progress', id: 1, ticks: 12288, time: 3 });
    expect(progress).toEqual([
      { file: 'long.py', ticks: 4096, time: 1 },
      { file: 'long.py', ticks: 12288, time: 3 },
    ]);
    const second = runner.run(job('other.py'));
    clock = 1000;
    workers[0]!.reply({ type: 'progress', id: 1, ticks: 16384, time: 4 });
    expect(progress).toHaveLength(2);
    workers[1]!.reply({ type: 'progress', id: 2, ticks: 4096, time: 0.5 });
    expect(progress.at(-1)).toEqual({ file: 'other.py', ticks: 4096, time: 0.5 });
    workers[1]!.done(2);
    expect(await first).toBeNull();
    expect(await second).not.toBeNull();
  });

  it('ends the run of a worker that dies or fails with that diagnosis as its END, and starts a new worker next time', async () => {
    const { runner, workers } = fakeRunner();
    const a = runner.run(job('crash.py'));
    workers[0]!.emit('error', Object.assign(new Error('Worker terminated due to reaching memory limit: JS heap out of memory'), { code: 'ERR_WORKER_OUT_OF_MEMORY' }));
    expect(endOf(await a)).toEqual({ kind: 'limit', time: 0, reason: 'worker', message: "the scenario's worker ran out of memory (3,072 MB) and was stopped" });
    workers[0]!.emit('exit', 1);

    const b = runner.run(job('b.py'));
    expect(workers).toHaveLength(2);
    workers[1]!.reply({ type: 'failed', id: 2, message: 'InternalError: boom' });
    const failed = await b;
    expect(failed?.file).toBe('b.py');
    expect(endOf(failed)).toMatchObject({ kind: 'limit', reason: 'worker', message: "the scenario's worker failed: InternalError: boom" });

    const c = runner.run(job('c.py'));
    expect(workers).toHaveLength(2); // a 'failed' reply leaves the worker usable
    workers[1]!.emit('exit', 0);
    expect(endOf(await c)).toMatchObject({ kind: 'limit', reason: 'worker', message: "the scenario's worker exited (code 0)" });
    // What reaches the renderer is on contract.
    expect(LoadedScenario.safeParse(failed).success).toBe(true);
  });

  it('a worker that runs out of its heap (resourceLimits) ends the run with a diagnosis, not a dead app', async () => {
    // The interpreter's own ceiling is lifted, so the thread's heap limit is what stops the run.
    const runner = new ScenarioRunner({ createWorker: () => sourceWorker({ resourceLimits: { maxOldGenerationSizeMb: 96 } }), workerMemoryMb: 96 });
    try {
      const hog = 'keep = []\nwhile True:\n    keep.append([len(keep)] * 100000)\n';
      const loaded = await runner.run({ ...job('hog.py', hog), limits: { maxMemoryMB: 1_000_000 } });
      expect(endOf(loaded)).toEqual({ kind: 'limit', time: 0, reason: 'worker', message: "the scenario's worker ran out of memory (96 MB) and was stopped" });
      // The next run gets a fresh worker and plays normally.
      const next = await runner.run(job('scenarios/01.py', readFileSync(join(GALLERY, '01-counter-sequential-vs-gathered.py'), 'utf8')));
      expect(endOf(next)).toMatchObject({ kind: 'ok' });
    } finally {
      runner.dispose();
    }
  }, 60_000);

  it('warmUp starts the worker ahead of the first run, which then uses it', async () => {
    const { runner, workers } = fakeRunner();
    runner.warmUp();
    runner.warmUp();
    expect(workers).toHaveLength(1);
    const pending = runner.run(job('a.py'));
    expect(workers).toHaveLength(1);
    expect(workers[0]!.requests).toHaveLength(1);
    workers[0]!.done(1);
    expect(await pending).not.toBeNull();
  });

  it('cancel and dispose terminate the worker and resolve null', async () => {
    const { runner, workers } = fakeRunner();
    const a = runner.run(job('a.py'));
    runner.cancel();
    expect(await a).toBeNull();
    expect(workers[0]!.terminated).toBe(true);
    expect(runner.busy).toBe(false);
    const b = runner.run(job('b.py'));
    runner.dispose();
    expect(await b).toBeNull();
    expect(await runner.run(job('c.py'))).toBeNull();
    expect(workers).toHaveLength(2);
  });

});

describe('ScenarioRunner (real worker thread, real scheduler)', () => {
  const source = (name: string) => readFileSync(join(GALLERY, name), 'utf8');

  it('plays a gallery scenario in the worker and returns its trace', async () => {
    const runner = new ScenarioRunner({ createWorker: sourceWorker });
    try {
      const loaded = await runner.run(job('scenarios/02-three-coroutines-gathered.py', source('02-three-coroutines-gathered.py')));
      expect(LoadedScenario.parse(loaded)).toBeTruthy();
      expect(loaded!.outcome.kind).toBe('trace');
      const trace = traceOf(loaded);
      expect(trace.events.length).toBeGreaterThan(20);
      expect(trace.end?.kind).toBe('ok');
    } finally {
      runner.dispose();
    }
  });

  it('returns a syntax error as a contract ScenarioProblem', async () => {
    const runner = new ScenarioRunner({ createWorker: sourceWorker });
    try {
      const loaded = await runner.run(job('broken.py', 'import asyncio\n\nasync def main(:\n    pass\n'));
      expect(loaded!.outcome).toEqual({
        kind: 'error',
        error: expect.objectContaining({ kind: 'syntax', file: 'broken.py', line: 3, message: expect.any(String) }),
      });
      // Only the contract's fields cross to the renderer.
      const keys = Object.keys((loaded!.outcome as { error: object }).error).filter((key) => key !== 'hint');
      expect(keys.sort()).toEqual(['column', 'endColumn', 'endLine', 'file', 'kind', 'line', 'message']);
    } finally {
      runner.dispose();
    }
  });

  it('cancels a long run when a newer one starts: the thread is terminated, progress was reported, the newer result arrives', async () => {
    const progress: RunProgress[] = [];
    const exits: number[] = [];
    const runner = new ScenarioRunner({
      createWorker: () => {
        const worker = sourceWorker();
        worker.on('exit', (code) => exits.push(code));
        return worker;
      },
      onProgress: (p) => progress.push(p),
      progressIntervalMs: 0,
    });
    try {
      // A long run, but not a livelock (time passes), which the app would stop early: a million ticks.
      const long = 'import asyncio\n\nasync def main():\n    while True:\n        await asyncio.sleep(0.001)\n\nasyncio.run(main())\n';
      const runaway = runner.run(job('long.py', long));
      // Long runs report progress (every 4096 loop iterations).
      await waitFor(() => progress.length >= 2, 20_000, 'progress from the long run');
      expect(progress[0]!.file).toBe('long.py');
      expect(progress[1]!.ticks).toBeGreaterThan(progress[0]!.ticks);
      const newer = runner.run(job('scenarios/01-counter-sequential-vs-gathered.py', source('01-counter-sequential-vs-gathered.py')));
      expect(await runaway).toBeNull();
      const loaded = await newer;
      expect(loaded?.file).toBe('scenarios/01-counter-sequential-vs-gathered.py');
      // The runaway thread was terminated (exit code 1), not left to finish its million ticks.
      await waitFor(() => exits.length >= 1, 5000, 'the superseded worker to exit');
      expect(exits[0]).toBe(1);
      // Stopped part way: its last progress is short of the million-tick cap it would have run to.
      // (Not a timed assertion: on a busy machine starting the next thread alone can take seconds.)
      const runawayProgress = progress.filter((p) => p.file === 'long.py');
      expect(runawayProgress.at(-1)!.ticks).toBeLessThan(1_000_000);
    } finally {
      runner.dispose();
    }
  });
});

describe('ScenarioRunner: a long run drawn as it goes', () => {
  it('forwards each snapshot as a partial LoadedScenario with the run’s number, which the final result shares', async () => {
    const partials: LoadedScenario[] = [];
    const workers: FakeWorker[] = [];
    const runner = new ScenarioRunner({
      createWorker: () => {
        const worker = new FakeWorker();
        workers.push(worker);
        return worker;
      },
      onPartial: (scenario) => partials.push(scenario),
    });
    const pending = runner.run({ ...job('long.py', 'x\n'), marks: { document: 2 } });
    const model = buildViewModel(traceOfScenario('02-three-coroutines-gathered.py'));
    workers[0]!.reply({ type: 'snapshot', id: 1, model, events: new Int32Array(3), floats: new Float64Array(1) });
    expect(partials).toHaveLength(1);
    expect(LoadedScenario.parse(partials[0])).toMatchObject({ file: 'long.py', document: 2, partial: true, run: 1, outcome: { kind: 'trace' } });
    // A superseded run's snapshot is dropped.
    workers[0]!.reply({ type: 'snapshot', id: 7, model, events: new Int32Array(3), floats: new Float64Array(1) });
    expect(partials).toHaveLength(1);
    workers[0]!.done(1);
    expect(await pending).toMatchObject({ run: 1 });
    expect((await pending)?.partial).toBeUndefined();
  });
});

describe('ScenarioRunner: a saved trace, opened in the worker thread', () => {
  const source = (name: string) => readFileSync(join(GALLERY, name), 'utf8');

  it('reads the file as a stream and returns its trace, its view model and the scenario text it carries; a damaged one is refused with file, line and column', async () => {
    const name = '05-producer-consumer-bounded-queue.py';
    const trace = traceOfScenario(name);
    const dir = mkdtempSync(join(tmpdir(), 'loopscope-trace-'));
    const saved = join(dir, 'queue.json');
    const json = traceToJSON(trace, source(name));
    writeFileSync(saved, json);
    const cut = join(dir, 'cut.json');
    writeFileSync(cut, json.slice(0, Math.floor(json.length / 2)));
    const runner = new ScenarioRunner({ createWorker: sourceWorker });
    try {
      const loaded = await runner.run({ file: 'queue.json', name: 'queue.py', source: '', reload: false, tracePath: saved });
      const parsed = LoadedScenario.parse(loaded);
      expect(parsed.source).toBe(source(name));
      if (parsed.outcome.kind !== 'trace') throw new Error('expected a trace');
      expect([...parsed.outcome.trace.events]).toEqual([...trace.events]);
      expect(parsed.outcome.view?.axis.steps).toBe(buildViewModel(trace).axis.steps);
      await expect(runner.run({ file: 'cut.json', name: 'cut.py', source: '', reload: false, tracePath: cut })).rejects.toThrow(/^cut\.json:\d+:\d+: /);
      // The worker stays usable after a refusal.
      const after = await runner.run(job('scenarios/02-three-coroutines-gathered.py', source('02-three-coroutines-gathered.py')));
      expect(after?.outcome.kind).toBe('trace');
    } finally {
      runner.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
