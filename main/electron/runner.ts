/**
 * The run manager: plays scenarios in a worker thread, one at a time, newest wins.
 *
 * - A run that a newer one supersedes is cancelled by terminating its worker (the scheduler is
 *   synchronous, so there is no cooperative way in), and its promise settles with null: its
 *   result is never delivered, even if the worker's reply was already in flight.
 * - An idle worker is reused, so a live reload does not pay the thread's start-up again.
 * - Long runs report progress (throttled: the scheduler reports every few thousand ticks).
 *
 * The worker is made by an injected factory, so tests use a fake or a real thread as they need.
 */
import type { LoadedScenario, RunProgress, TracePayload } from '../common/contract.ts';
import type { Trace } from '../../scheduler/trace/format.ts';
import type { ScenarioLimits } from '../../scheduler/python/scenario.ts';
import type { z } from 'zod';
import type { RunRequest, WorkerReply } from './worker-protocol.ts';
import { describeWorkerFailure, workerFailure } from '../common/worker-failure.ts';

/**
 * The scheduler worker's V8 heap (worker_threads resourceLimits): above what the interpreter's
 * own limits let a scenario reach (512 MB held, 256 MB of trace), so those end a run first, with a
 * diagnosis at the offending line; this one stops anything they miss before it takes the whole
 * app's memory. Its 'error' (ERR_WORKER_OUT_OF_MEMORY) becomes the run's diagnosis.
 */
export const SCHEDULER_WORKER_LIMITS = { maxOldGenerationSizeMb: 3072 } as const;

/** What the runner needs from a worker_threads Worker. */
export interface RunWorker {
  postMessage(request: RunRequest): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): Promise<number> | void;
}

export interface RunJob {
  /** The name shown in the title bar and in errors: a path, or scenarios/NAME. */
  file: string;
  name: string;
  source: string;
  reload: boolean;
  /** Which document it is, and whether it plays the page's text (edit) or an unsaved buffer: passed through to the result. */
  marks?: Pick<LoadedScenario, 'document' | 'edit' | 'unsaved'>;
  limits?: ScenarioLimits;
  /** Open the saved trace at this path instead of playing `source` (the result's source is the text it carries). */
  tracePath?: string;
}

/** A saved trace the worker could not open: the message names the file, line and column. */
export class TraceRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TraceRefused';
  }
}

export interface ScenarioRunnerOptions {
  createWorker: () => RunWorker;
  onProgress?: (progress: RunProgress) => void;
  /** A long run's model so far (partial: true), to draw before it ends; the final result shares its `run`. */
  onPartial?: (scenario: LoadedScenario) => void;
  /** Minimum time between two progress reports of a run. */
  progressIntervalMs?: number;
  now?: () => number;
  /** The workers' heap limit, for the message when one runs out (SCHEDULER_WORKER_LIMITS by default). */
  workerMemoryMb?: number;
}

/** The worker died or the interpreter failed: not a scenario error, a fault to report. */
export class RunFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunFailed';
  }
}

interface ActiveRun {
  id: number;
  job: RunJob;
  worker: RunWorker;
  resolve: (scenario: LoadedScenario | null) => void;
  reject: (error: Error) => void;
  lastProgressAt: number;
}

export class ScenarioRunner {
  private nextId = 1;
  private active: ActiveRun | null = null;
  private idle: RunWorker | null = null;
  private disposed = false;
  private readonly progressIntervalMs: number;
  private readonly now: () => number;

  constructor(private readonly options: ScenarioRunnerOptions) {
    this.progressIntervalMs = options.progressIntervalMs ?? 100;
    this.now = options.now ?? (() => Date.now());
  }

  /** True while a run is in progress. */
  get busy(): boolean {
    return this.active !== null;
  }

  /**
   * Play a scenario. Resolves with what the renderer shows (a worker that died gives a trace whose
   * END says so), or with null when a newer run (or dispose) superseded this one; rejects with
   * RunFailed when the worker's reply breaks the contract.
   */
  run(job: RunJob): Promise<LoadedScenario | null> {
    if (this.disposed) return Promise.resolve(null);
    this.cancel();
    const worker = this.idle ?? this.spawn();
    this.idle = null;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.active = { id, job, worker, resolve, reject, lastProgressAt: -Infinity };
      const request: RunRequest = { id, source: job.source, file: job.file };
      if (job.limits !== undefined) request.limits = job.limits;
      if (job.tracePath !== undefined) request.tracePath = job.tracePath;
      worker.postMessage(request);
    });
  }

  /** Start a worker ahead of the first run, so opening the first scenario does not wait for it. */
  warmUp(): void {
    if (!this.disposed && this.idle === null && this.active === null) this.idle = this.spawn();
  }

  /** Stop the current run, if any: its worker is terminated and its promise resolves null. */
  cancel(): void {
    const run = this.active;
    if (run === null) return;
    this.active = null;
    void run.worker.terminate();
    run.resolve(null);
  }

  dispose(): void {
    this.disposed = true;
    this.cancel();
    if (this.idle !== null) void this.idle.terminate();
    this.idle = null;
  }

  private spawn(): RunWorker {
    const worker = this.options.createWorker();
    worker.on('message', (message) => this.onMessage(worker, message));
    worker.on('error', (error) => this.onWorkerGone(worker, describeWorkerFailure(error, this.options.workerMemoryMb ?? SCHEDULER_WORKER_LIMITS.maxOldGenerationSizeMb)));
    worker.on('exit', (code) => this.onWorkerGone(worker, `the scenario's worker exited (code ${code})`));
    return worker;
  }

  private onMessage(worker: RunWorker, message: unknown): void {
    const run = this.active;
    // Replies of a superseded run (same worker reused, or a terminated one still draining) are stale.
    if (run === null || run.worker !== worker || !isWorkerReply(message) || message.id !== run.id) return;
    switch (message.type) {
      case 'progress': {
        const at = this.now();
        if (at - run.lastProgressAt < this.progressIntervalMs) return;
        run.lastProgressAt = at;
        this.options.onProgress?.({ file: run.job.file, ticks: message.ticks, time: message.time });
        return;
      }
      case 'snapshot': {
        const { job } = run;
        const { model, events, floats } = message;
        const trace = { format: 'loopscope-trace' as const, version: 1 as const, source: model.source, strings: model.strings, events, floats, steps: model.axis.steps, end: null };
        this.options.onPartial?.({ file: job.file, name: job.name, source: sourceOf(job, message.scenario), reload: job.reload, ...job.marks, partial: true, run: run.id, outcome: { kind: 'trace', trace, view: model } });
        return;
      }
      case 'done': {
        this.active = null;
        this.idle = worker;
        const { job } = run;
        let outcome: LoadedScenario['outcome'];
        try {
          outcome =
            message.problem === null
              ? { kind: 'trace', trace: contractTrace(message.trace), ...(message.view === undefined ? {} : { view: message.view }) }
              : { kind: 'error', error: message.problem };
        } catch (error) {
          run.reject(new RunFailed(`Loopscope could not play ${job.file}: ${(error as Error).message}`));
          return;
        }
        run.resolve({ file: job.file, name: job.name, source: sourceOf(job, message.scenario), reload: job.reload, ...job.marks, run: run.id, outcome });
        return;
      }
      case 'refused': {
        this.active = null;
        this.idle = worker;
        run.reject(new TraceRefused(message.message));
        return;
      }
      case 'failed': {
        this.active = null;
        this.idle = worker;
        run.resolve(workerFailure(run.job, `the scenario's worker failed: ${message.message}`));
        return;
      }
    }
  }

  /**
   * The worker died (out of memory, an exit): the run in progress ends with that diagnosis, shown
   * in the app like any END, and the next run starts a new worker.
   */
  private onWorkerGone(worker: RunWorker, reason: string): void {
    if (this.idle === worker) this.idle = null;
    const run = this.active;
    if (run === null || run.worker !== worker) return;
    this.active = null;
    run.resolve(workerFailure(run.job, reason));
  }
}

/** The text a run opens with: the scenario played, or the one a saved trace carries (or a note that it carries none). */
function sourceOf(job: RunJob, scenario: string | null | undefined): string {
  return job.tracePath === undefined ? job.source : (scenario ?? `# ${job.name} was saved without its scenario's text.\n`);
}

function isWorkerReply(value: unknown): value is WorkerReply {
  if (typeof value !== 'object' || value === null) return false;
  const reply = value as { type?: unknown; id?: unknown };
  return typeof reply.id === 'number' && (reply.type === 'progress' || reply.type === 'snapshot' || reply.type === 'done' || reply.type === 'refused' || reply.type === 'failed');
}


/**
 * The trace as the contract types it. Trace's arrays may sit on any ArrayBufferLike; the contract
 * wants plain ArrayBuffers, which is what a transfer from the worker delivers (checked, since a
 * SharedArrayBuffer could not cross to the renderer).
 */
function contractTrace(trace: Trace): z.infer<typeof TracePayload> {
  const { events, floats } = trace;
  if (!(events.buffer instanceof ArrayBuffer) || !(floats.buffer instanceof ArrayBuffer)) {
    throw new Error('the scheduler worker sent a trace on shared memory');
  }
  // Spread: the contract's schema is open (passthrough), which an interface only satisfies as a plain object type.
  return { ...trace, events: events as Int32Array<ArrayBuffer>, floats: floats as Float64Array<ArrayBuffer> };
}
