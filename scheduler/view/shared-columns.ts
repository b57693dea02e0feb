/**
 * The explanation's per-step and per-tick columns that the model already holds, held once. The
 * explanation is built from the trace apart from the model (scheduler/explain/index.ts), and
 * several of its columns come out equal to the axis' or the state index's: the step's start and
 * end times, task, tick and handle, where its Run sits in the stream, each tick's clock and first
 * step (together 14 bytes per event at a million events). An explanation's column equal to a
 * model's column (or to its start, for a partial model's explained prefix) becomes a view of that
 * column's memory: a message carrying both then moves that memory once, and the page keeps it
 * once. Only equal values are shared, so what any reader sees is unchanged.
 */
import type { ViewModel } from './model.ts';
import type { ShippedExplainIndex } from './explained.ts';

type Column = Int32Array | Float64Array | Uint8Array;

function isColumn(value: unknown): value is Column {
  return value instanceof Int32Array || value instanceof Float64Array || value instanceof Uint8Array;
}

/** `column`, or a view of the start of one of `pool` holding the same values. */
function shared(column: Column, pool: readonly Column[]): Column {
  for (const candidate of pool) {
    if (candidate === column || candidate.constructor !== column.constructor || candidate.length < column.length) continue;
    let same = true;
    for (let i = 0; i < column.length && same; i++) same = candidate[i] === column[i];
    if (same) return candidate.length === column.length ? candidate : candidate.subarray(0, column.length);
  }
  return column;
}

/** `index` with its columns that equal a column of `view` made views of that column. */
export function shareModelColumns(view: ViewModel, index: ShippedExplainIndex): ShippedExplainIndex {
  const pool = [...Object.values(view.axis), view.index.runWord, view.index.runFloat].filter(isColumn);
  const out: Record<string, unknown> = { ...index };
  for (const [key, value] of Object.entries(index)) if (isColumn(value) && value.length > 0) out[key] = shared(value, pool);
  return out as unknown as ShippedExplainIndex;
}
