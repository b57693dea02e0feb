/** An ipcRenderer for the preload's tests: records invokes, answers them from `responses`, and emits events. */
import type { IpcRendererLike } from '../../main/preload/api.ts';

type Listener = (event: unknown, ...args: unknown[]) => void;

export class FakeIpcRenderer implements IpcRendererLike {
  readonly invoked: [string, unknown[]][] = [];
  readonly listeners = new Map<string, Set<Listener>>();
  responses: Record<string, unknown> = {};
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push([channel, args]);
    return Promise.resolve(this.responses[channel]);
  }
  on(channel: string, listener: Listener): this {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)!.add(listener);
    return this;
  }
  removeListener(channel: string, listener: Listener): this {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }
  emit(channel: string, payload: unknown): void {
    for (const listener of this.listeners.get(channel) ?? []) listener({ sender: 'ipc' }, payload);
  }
}
