/**
 * The web build's runs in its scheduler worker: one at a time, the newest wins. A run asked for
 * while another is still going (a scenario opened, or an edit, during a long or runaway run)
 * terminates that worker and starts a fresh one: the scheduler is synchronous, so terminating is
 * the only way to stop it, and a stale result can never arrive. An idle worker is kept, so the
 * common case (an edit after the last run ended) pays no start-up. Stop ends a run the same way.
 *
 * After a large run (or saved trace) the worker that built it is replaced by a fresh one: its heap
 * grew to hold the run's events and its model while they were built, and the page's memory stays
 * that high while it lives, long after the model has moved to the page.
 */
import type { RunReply, RunRequest, RunWork } from './run-protocol.ts';
import { describeWorkerFailure } from '../../main/common/worker-failure.ts';

/** What WorkerRuns needs of a Worker. */
export interface WorkerLike {
  postMessage(message: RunRequest): void;
  terminate(): void;
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (event: WorkerEventLike) => void): void;
}

/** The parts of a worker's events that WorkerRuns reads: a reply's data, an error's message. */
export interface WorkerEventLike {
  data?: unknown;
  message?: string;
  preventDefault?(): void;
}

/** A result this large (words of events) leaves its worker's heap big: a fresh worker takes its place. */
export const RECYCLE_AFTER_WORDS = 1 << 21;

export class WorkerRuns {
  private worker: WorkerLike | null = null;
  private busy = false;
  private nextId = 1;
  private current = 0;
  /** Workers terminated so far (for tests and the bench). */
  terminated = 0;
  /** The idle worker built a large result and is to be replaced (receive). */
  private swollen = false;

  constructor(
    private readonly create: () => WorkerLike,
    private readonly deliver: (reply: RunReply) => void,
    /** A worker that failed (an uncaught error, a reply that cannot be read) during a run: why. */
    private readonly failed: (message: string) => void = () => {},
  ) {}

  /** Start the worker ahead of the first run, so its code is loaded by then. */
  warm(): void {
    this.ensure();
  }

  /** Run `request`, superseding any run under way; returns its id. */
  start(request: RunWork): number {
    this.stop();
    // A worker whose large result has just arrived never takes the next run (see receive).
    if (this.swollen) this.recycle();
    const id = this.nextId++;
    this.current = id;
    this.busy = true;
    this.ensure().postMessage({ id, ...request } as RunRequest);
    return id;
  }

  /**
   * End the run under way (Stop, Esc): its worker is terminated, so nothing more of it arrives; what
   * it already sent stays with the page. False when no run was going.
   */
  stop(): boolean {
    if (!this.busy || this.worker === null) return false;
    this.worker.terminate();
    this.worker = null;
    this.terminated++;
    this.busy = false;
    this.current = 0;
    return true;
  }

  /** True while a run is going. */
  get running(): boolean {
    return this.busy;
  }

  private ensure(): WorkerLike {
    if (this.worker === null) {
      const worker = this.create();
      worker.addEventListener('message', (event) => this.receive(worker, event.data as RunReply));
      // A worker that fails ends its run with that diagnosis; the next run starts a new worker.
      worker.addEventListener('error', (event) => {
        event.preventDefault?.();
        this.fail(worker, describeWorkerFailure({ message: event.message ?? '' }));
      });
      worker.addEventListener('messageerror', () => this.fail(worker, "the scenario's worker sent a reply that could not be read"));
      this.worker = worker;
    }
    return this.worker;
  }

  private fail(worker: WorkerLike, message: string): void {
    if (worker !== this.worker) return;
    worker.terminate();
    this.worker = null;
    if (!this.busy) return;
    this.busy = false;
    this.failed(message);
  }

  private receive(from: WorkerLike, reply: RunReply): void {
    // A terminated worker's last messages, or a superseded run's: not ours any more.
    if (from !== this.worker || reply.id !== this.current) return;
    if (reply.kind === 'done' || reply.kind === 'refused') this.busy = false;
    this.deliver(reply);
    if (reply.kind === 'done' && this.worker === from && !this.busy && largeResult(reply)) {
      // Replaced in a task of its own: terminating a worker and starting one took 5-10 ms of the
      // task that delivers a large result, already the longest of its opening.
      this.swollen = true;
      setTimeout(() => {
        if (this.swollen && this.worker === from) this.recycle();
      }, 0);
    }
  }

  /** Replace the idle worker that built a large result by a fresh one. */
  private recycle(): void {
    this.swollen = false;
    if (this.worker === null) return;
    this.worker.terminate();
    this.worker = null;
    this.terminated++;
    this.ensure();
  }
}

function largeResult(reply: Extract<RunReply, { kind: 'done' }>): boolean {
  const { outcome } = reply.loaded;
  return outcome.kind === 'trace' && (outcome.view?.words ?? outcome.trace.events.length) >= RECYCLE_AFTER_WORDS;
}
