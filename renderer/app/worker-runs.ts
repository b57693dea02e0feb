/**
 * The web build's runs in its scheduler worker: one at a time, the newest wins. A run asked for
 * while another is still going (a scenario opened, or an edit, during a long or runaway run)
 * terminates that worker and starts a fresh one: the scheduler is synchronous, so terminating is
 * the only way to stop it, and a stale result can never arrive. An idle worker is kept, so the
 * common case (an edit after the last run ended) pays no start-up.
 */
import type { RunReply, RunRequest } from './run-protocol.ts';

/** What WorkerRuns needs of a Worker. */
export interface WorkerLike {
  postMessage(message: RunRequest): void;
  terminate(): void;
  addEventListener(type: 'message', listener: (event: { data: RunReply }) => void): void;
}

export class WorkerRuns {
  private worker: WorkerLike | null = null;
  private busy = false;
  private nextId = 1;
  private current = 0;
  /** Workers terminated so far (for tests and the bench). */
  terminated = 0;

  constructor(
    private readonly create: () => WorkerLike,
    private readonly deliver: (reply: RunReply) => void,
  ) {}

  /** Start the worker ahead of the first run, so its code is loaded by then. */
  warm(): void {
    this.ensure();
  }

  /** Run `request`, superseding any run under way; returns its id. */
  start(request: Omit<RunRequest, 'id'>): number {
    if (this.busy && this.worker !== null) {
      this.worker.terminate();
      this.worker = null;
      this.terminated++;
    }
    const id = this.nextId++;
    this.current = id;
    this.busy = true;
    this.ensure().postMessage({ id, ...request } as RunRequest);
    return id;
  }

  /** True while a run is going. */
  get running(): boolean {
    return this.busy;
  }

  private ensure(): WorkerLike {
    if (this.worker === null) {
      const worker = this.create();
      worker.addEventListener('message', (event) => this.receive(worker, event.data));
      this.worker = worker;
    }
    return this.worker;
  }

  private receive(from: WorkerLike, reply: RunReply): void {
    // A terminated worker's last messages, or a superseded run's: not ours any more.
    if (from !== this.worker || reply.id !== this.current) return;
    if (reply.kind === 'done') this.busy = false;
    this.deliver(reply);
  }
}
