/**
 * The running loop (asyncio.events._get_running_loop). asyncio finds its loop through a
 * thread-local set by run_forever; the model is single-threaded and runs one loop at a time, so a
 * module variable plays that part. It is set only while EventLoop.runForever is on the stack.
 */
import type { EventLoop } from './loop.ts';
import { RuntimeError } from '../asyncio/exceptions.ts';

let runningLoop: EventLoop | null = null;

export function setRunningLoop(loop: EventLoop | null): EventLoop | null {
  const previous = runningLoop;
  runningLoop = loop;
  return previous;
}

/** asyncio.get_running_loop(): raises RuntimeError outside a running loop, like CPython. */
export function getRunningLoop(): EventLoop {
  if (runningLoop === null) throw new RuntimeError('no running event loop');
  return runningLoop;
}

/** The running loop or null (events._get_running_loop). */
export function peekRunningLoop(): EventLoop | null {
  return runningLoop;
}
