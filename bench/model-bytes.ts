/**
 * Where a view model's bytes are: every typed array of the model of a saved trace, summed by part
 * (axis, lanes, checkpoints, the explanation...) and listed largest first, in bytes per event.
 *
 *   node --import tsx bench/model-bytes.ts out/bench-traces/mixed-1m.json
 */
import { readFileSync } from 'node:fs';
import { TraceJsonReader } from '../scheduler/trace/json-reader.ts';
import { buildViewModel } from '../scheduler/view/builder.ts';
import { explainView } from '../scheduler/view/explained.ts';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: bench/model-bytes.ts TRACE.json');
const bytes = readFileSync(file);
const reader = new TraceJsonReader(file);
for (let at = 0; at < bytes.length; at += 1 << 20) reader.push(bytes.subarray(at, at + (1 << 20)));
const trace = reader.finish();
const model = explainView(buildViewModel(trace), trace);
const events = model.events;

const byPath = new Map<string, number>();
/** Each buffer is counted once, where it is met first (the explanation's views of the model's columns are not counted again). */
const seen = new Set<ArrayBufferLike>();
let sharedBytes = 0;
const visit = (value: unknown, path: string): void => {
  if (value === null || typeof value !== 'object') return;
  if (ArrayBuffer.isView(value)) {
    if (seen.has(value.buffer)) sharedBytes += value.byteLength;
    else byPath.set(path, (byPath.get(path) ?? 0) + value.buffer.byteLength);
    seen.add(value.buffer);
    return;
  }
  if (Array.isArray(value)) {
    // Arrays of records (checkpoints, lints) are summed under one name.
    for (const item of value) visit(item, `${path}[]`);
    return;
  }
  for (const [key, item] of Object.entries(value)) visit(item, path === '' ? key : `${path}.${key}`);
};
visit(model, '');
visit({ events: trace.events, floats: trace.floats }, 'trace');
const total = [...byPath.values()].reduce((a, b) => a + b, 0);
const parts = new Map<string, number>();
for (const [path, n] of byPath) {
  const part = path.startsWith('index.checkpoints') ? 'checkpoints' : path.split('.').slice(0, path.startsWith('explained') ? 3 : 1).join('.');
  parts.set(part, (parts.get(part) ?? 0) + n);
}
const per = (n: number): string => (n / events).toFixed(1).padStart(6);
console.log(`${file}: ${events.toLocaleString('en-US')} events, ${model.axis.steps.toLocaleString('en-US')} steps, ${model.lanes.count.toLocaleString('en-US')} segments, ${model.index.checkpoints.length} checkpoints; typed arrays ${(total / 1e6).toFixed(1)} MB = ${per(total)} bytes/event`);
console.log(`by part (bytes/event; views of a buffer counted before, ${per(sharedBytes)} bytes/event, left out):`);
for (const [part, n] of [...parts].sort((a, b) => b[1] - a[1])) console.log(`  ${per(n)}  ${part}`);
console.log('largest columns (bytes/event):');
for (const [path, n] of [...byPath].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`  ${per(n)}  ${path}`);
