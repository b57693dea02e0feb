/**
 * The scheduler's thread. Main starts it with worker_threads, posts one RunRequest at a time,
 * and terminates it when a newer run supersedes the current one: a scenario is synchronous from
 * start to end, so terminating the thread is the only way to stop it, and the window never waits.
 */
import { parentPort } from 'node:worker_threads';
import { runJob } from './run-job.ts';
import type { RunRequest } from './worker-protocol.ts';

const port = parentPort;
if (port === null) throw new Error('run-worker must be started as a worker thread');
port.on('message', (request: RunRequest) => runJob(request, (reply, transfer) => port.postMessage(reply, transfer)));
