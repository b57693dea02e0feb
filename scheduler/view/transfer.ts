/**
 * Handing a view model from a worker to the page: the buffers to transfer (moved, not copied) with
 * postMessage. Everything in a model is plain data (numbers, strings, typed arrays, arrays and
 * objects of them), so structured clone carries it whole.
 */
import type { ViewModel } from './model.ts';
import type { Checkpoint } from './replay.ts';

/**
 * The ArrayBuffers under a model's typed arrays, each once. A snapshot's checkpoints stay with the
 * builder that keeps taking them (`keepCheckpoints`): they are copied instead of moved.
 */
export function transferList(model: ViewModel, options: { keepCheckpoints?: boolean } = {}): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const { index, ...rest } = model;
  addBuffers(rest, buffers);
  const { checkpoints, ...indexRest } = index;
  addBuffers(indexRest, buffers);
  if (options.keepCheckpoints !== true) addBuffers(checkpoints, buffers);
  return [...buffers];
}

/** Add the ArrayBuffers under the typed arrays in `value` (plain data) to `buffers`. */
export function addBuffers(value: unknown, buffers: Set<ArrayBuffer>): Set<ArrayBuffer> {
  if (value === null || typeof value !== 'object') return buffers;
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) buffers.add(value.buffer);
    return buffers;
  }
  for (const item of Array.isArray(value) ? value : Object.values(value)) addBuffers(item, buffers);
  return buffers;
}

/**
 * A long run's snapshots carry only the checkpoints taken since the last one, as copies the
 * snapshot owns (so they are moved with it, not cloned): the builder keeps its own, and up to 128
 * of them for 10,000 tasks are tens of megabytes that the page would otherwise deserialize again
 * with every snapshot, on its main thread (measured: 0.2 s for 17 of them). The page puts them
 * back together with mergeCheckpoints.
 */
export class SnapshotCheckpoints {
  private readonly sent = new WeakSet<Checkpoint>();

  /** `snapshot` with only the checkpoints not sent before, and the steps of all it holds. */
  strip(snapshot: ViewModel): ViewModel {
    const { checkpoints } = snapshot.index;
    const fresh = checkpoints.filter((c) => !this.sent.has(c));
    for (const c of fresh) this.sent.add(c);
    return { ...snapshot, index: { ...snapshot.index, checkpoints: fresh.map(plainCopy), heldSteps: Int32Array.from(checkpoints, (c) => c.step) } };
  }
}

/** A deep copy whose typed arrays are fresh (plain data only: numbers, strings, typed arrays, objects, arrays). */
export function plainCopy<T>(value: T): T {
  if (ArrayBuffer.isView(value)) return (value as unknown as Int32Array).slice() as unknown as T;
  if (Array.isArray(value)) return value.map(plainCopy) as unknown as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = plainCopy(item);
  return out as T;
}

/**
 * A snapshot's checkpoints made whole again: those it carries, and those of the snapshots before
 * (`previous`) at the steps it says the builder holds. A checkpoint missing from both (a snapshot
 * lost) is left out: the cursor then walks from an earlier one, which only costs time.
 */
export function mergeCheckpoints(previous: readonly Checkpoint[], model: ViewModel): ViewModel {
  const { heldSteps, checkpoints, ...index } = model.index;
  if (heldSteps === undefined) return model;
  const byStep = new Map<number, Checkpoint>();
  for (const c of previous) byStep.set(c.step, c);
  for (const c of checkpoints) byStep.set(c.step, c);
  const merged: Checkpoint[] = [];
  for (const step of heldSteps) {
    const c = byStep.get(step);
    if (c !== undefined) merged.push(c);
  }
  return { ...model, index: { ...index, checkpoints: merged } };
}
