/**
 * Freeing a replaced model's memory at once. A long run's partial models are replaced by the next
 * one and by the whole run's; each holds tens of megabytes of typed arrays (its columns, its
 * checkpoints, its copy of the events so far). Unreferenced, they wait for a full garbage
 * collection, which V8 starts late for memory outside its heap: measured on the million-event run,
 * 116 MB of dead partial models were still resident once it was drawn. Detaching a buffer
 * (ArrayBuffer.prototype.transfer to zero bytes) frees its memory there and then.
 *
 * Only the buffers the replacement does not share are freed (a snapshot's checkpoints carry over
 * into the next model), and only after a delay, so that nothing drawing the old model's last frame
 * can read a detached array.
 */
import { addBuffers } from '../../scheduler/view/transfer.ts';

/** Long enough for the frame in flight and the effects the replacement sets off to have run. */
export const RELEASE_DELAY_MS = 500;

interface Detachable {
  transfer?: (length?: number) => ArrayBuffer;
  readonly detached?: boolean;
}

/** The buffers held by `replaced` and not by `kept`. */
export function buffersOnlyIn(replaced: unknown, kept: unknown): ArrayBuffer[] {
  const keep = addBuffers(kept, new Set());
  return [...addBuffers(replaced, new Set())].filter((buffer) => !keep.has(buffer));
}

/** Detach `buffers` (their memory is freed); where the browser cannot, they are left to the collector. Returns the bytes freed. */
export function detachBuffers(buffers: readonly ArrayBuffer[]): number {
  let freed = 0;
  for (const buffer of buffers) {
    const detachable = buffer as unknown as Detachable;
    if (typeof detachable.transfer !== 'function' || detachable.detached === true) continue;
    freed += buffer.byteLength;
    detachable.transfer(0);
  }
  return freed;
}

/** After RELEASE_DELAY_MS, free what `replaced` holds that `kept` does not. */
export function releaseReplaced(replaced: unknown, kept: unknown, delayMs = RELEASE_DELAY_MS): void {
  const buffers = buffersOnlyIn(replaced, kept);
  if (buffers.length > 0) setTimeout(() => detachBuffers(buffers), delayMs);
}
