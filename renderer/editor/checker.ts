/**
 * The page's side of the checker worker. Checks are answered in order; a check that a newer one
 * has overtaken still resolves (the linter drops results for a text that has changed). A check
 * that takes far longer than any scenario's should is abandoned: the worker is replaced.
 */
import type { ScenarioErrorData } from '../../scheduler/python/diagnostics.ts';
import type { CheckReply, CheckRequest } from './check-protocol.ts';

/** Past this, a check is abandoned (parsing a 1 MB scenario takes well under a second). */
const GIVE_UP_MS = 5000;

export interface CheckResult {
  problems: ScenarioErrorData[];
  ms: number;
}

export class Checker {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (result: CheckResult | null) => void; timer: ReturnType<typeof setTimeout> }>();

  /** Start the worker ahead of the first check. */
  warm(): void {
    this.ensure();
  }

  /** Every problem in `source`; null when the check was abandoned. */
  check(source: string, file: string): Promise<CheckResult | null> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.restart(), GIVE_UP_MS);
      this.waiting.set(id, { resolve, timer });
      this.ensure().postMessage({ id, source, file } satisfies CheckRequest);
    });
  }

  dispose(): void {
    this.restart();
    this.worker?.terminate();
    this.worker = null;
  }

  private ensure(): Worker {
    if (this.worker === null) {
      const worker = new Worker(new URL('./check-worker.ts', import.meta.url), { type: 'module', name: 'loopscope-checker' });
      worker.addEventListener('message', (message: MessageEvent<CheckReply>) => {
        const entry = this.waiting.get(message.data.id);
        if (entry === undefined) return;
        clearTimeout(entry.timer);
        this.waiting.delete(message.data.id);
        entry.resolve({ problems: message.data.problems, ms: message.data.ms });
      });
      this.worker = worker;
    }
    return this.worker;
  }

  /** Abandon every check under way and start over with a fresh worker. */
  private restart(): void {
    this.worker?.terminate();
    this.worker = null;
    for (const { resolve, timer } of this.waiting.values()) {
      clearTimeout(timer);
      resolve(null);
    }
    this.waiting.clear();
  }
}
