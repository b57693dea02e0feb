/**
 * A fuzz worker: plays the cases it is handed, one at a time, and says when each starts (so
 * that the runner's wall-clock guard knows which case hangs) and how each ended.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadCorpus } from './corpus.ts';
import { fuzzCase } from './mutate.ts';
import { checkCase } from './check-case.ts';

export type ToWorker = { type: 'cases'; from: number; to: number } | { type: 'stop' };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'start'; index: number }
  | { type: 'done'; index: number; end: string; failure: string | null; detail: string; base: string }
  | { type: 'idle' };

const port = parentPort;
if (port === null) throw new Error('the fuzz worker must run in a worker thread');
const { root, seed } = workerData as { root: string; seed: number };
const corpus = loadCorpus(root);
const post = (message: FromWorker) => port.postMessage(message);

port.on('message', (message: ToWorker) => {
  if (message.type === 'stop') {
    port.close();
    return;
  }
  for (let index = message.from; index < message.to; index++) {
    post({ type: 'start', index });
    const { base, source } = fuzzCase(seed, index, corpus);
    const result = checkCase(source);
    post({ type: 'done', index, end: result.end, failure: result.failure, detail: result.detail, base });
  }
  post({ type: 'idle' });
});
post({ type: 'ready' });
