/**
 * Waiting for the person to stop typing: the value pushed last is acted on once `delay` ms have
 * passed without a newer one. `flush` acts at once (the page is being hidden; a save needs the
 * text now); `cancel` forgets the pending value (another document was opened).
 */
export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const browserTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class Debounced<T> {
  private handle: unknown = null;
  private value: { v: T } | null = null;

  constructor(
    private readonly delay: number,
    private readonly act: (value: T) => void,
    private readonly timers: Timers = browserTimers,
  ) {}

  get pending(): boolean {
    return this.value !== null;
  }

  push(value: T): void {
    this.value = { v: value };
    if (this.handle !== null) this.timers.clear(this.handle);
    this.handle = this.timers.set(() => this.flush(), this.delay);
  }

  flush(): void {
    const value = this.value;
    this.cancel();
    if (value !== null) this.act(value.v);
  }

  cancel(): void {
    if (this.handle !== null) this.timers.clear(this.handle);
    this.handle = null;
    this.value = null;
  }
}
