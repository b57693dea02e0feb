/**
 * Handing a view model from a worker to the page: the buffers to transfer (moved, not copied) with
 * postMessage. Everything in a model is plain data (numbers, strings, typed arrays, arrays and
 * objects of them), so structured clone carries it whole.
 */
import type { ViewModel } from './model.ts';

/**
 * The ArrayBuffers under a model's typed arrays, each once. A snapshot's checkpoints stay with the
 * builder that keeps taking them (`keepCheckpoints`): they are copied instead of moved.
 */
export function transferList(model: ViewModel, options: { keepCheckpoints?: boolean } = {}): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (ArrayBuffer.isView(value)) {
      if (value.buffer instanceof ArrayBuffer) buffers.add(value.buffer);
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    for (const item of Object.values(value)) visit(item);
  };
  const { index, ...rest } = model;
  visit(rest);
  const { checkpoints, ...indexRest } = index;
  visit(indexRest);
  if (options.keepCheckpoints !== true) visit(checkpoints);
  return [...buffers];
}
