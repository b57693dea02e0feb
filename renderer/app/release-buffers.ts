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
}

/** The buffers held by `replaced` and not by `kept`. */
export function buffersOnlyIn(replaced: unknown, kept: unknown): ArrayBuffer[] {
  const keep = addBuffers(kept, new Set());
  return [...addBuffers(replaced, new Set())].filter((buffer) => !keep.has(buffer));
}

/**
 * Detach `buffers`, returning the bytes they held. ArrayBuffer.prototype.transfer(0) frees the
 * memory there and then (Chromium, Electron); where it is missing (Node 20), a structured clone
 * that moves the buffer detaches it too, and its memory goes with the clone, which nothing holds.
 */
export function detachBuffers(buffers: readonly ArrayBuffer[]): number {
  let freed = 0;
  for (const buffer of buffers) {
    if (buffer.byteLength === 0) continue;
    freed += buffer.byteLength;
    const detachable = buffer as unknown as Detachable;
    if (typeof detachable.transfer === 'function') detachable.transfer(0);
    else structuredClone(buffer, { transfer: [buffer] });
  }
  return freed;
}

/**
 * After RELEASE_DELAY_MS, free what `replaced` holds that `kept` does not. Which buffers those are
 * is worked out then too (a walk of both models): not in the task that handles the new model, which
 * has its drawing to do.
 */
export function releaseReplaced(replaced: unknown, kept: unknown, delayMs = RELEASE_DELAY_MS): void {
  setTimeout(() => detachBuffers(buffersOnlyIn(replaced, kept)), delayMs);
}
