/**
 * Asking the page for its buffer as it is now. The page reports edits debounced; before main acts
 * on the buffer (a close, a quit, another document, a change on disk) it sends 'document:flush'
 * with a number and waits for the page's 'document:flushed' with that number (or a later one).
 * A page that does not answer (hung, crashed, gone) is waited for only so long: then main goes
 * on with the last text it has, which the hot-exit backup holds too.
 */
export const FLUSH_TIMEOUT_MS = 2000;

export class BufferFlush {
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: () => void; timer: ReturnType<typeof setTimeout> }>();

  constructor(
    /** Send the request; false when there is no page to ask. */
    private readonly send: (flush: number) => boolean,
    private readonly timeoutMs: number = FLUSH_TIMEOUT_MS,
  ) {}

  /** Resolves once the page has answered (its buffer reported first), or after the timeout. */
  request(): Promise<void> {
    const flush = ++this.seq;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(flush), this.timeoutMs);
      this.waiting.set(flush, { resolve, timer });
      if (!this.send(flush)) this.settle(flush);
    });
  }

  /** The page answered `flush`: it and every earlier request are settled (IPC keeps order). */
  answered(flush: number): void {
    for (const pending of [...this.waiting.keys()]) if (pending <= flush) this.settle(pending);
  }

  private settle(flush: number): void {
    const pending = this.waiting.get(flush);
    if (pending === undefined) return;
    clearTimeout(pending.timer);
    this.waiting.delete(flush);
    pending.resolve();
  }
}
