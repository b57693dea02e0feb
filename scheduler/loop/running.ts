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

/**
 * The event loop policy: the loop asyncio's functions use outside a running loop
 * (events._get_event_loop: the one set_event_loop gave, or a new one the first time). The
 * interpreter provides it; without one there is no such loop.
 */
let policyLoop: (() => EventLoop) | null = null;

export function setEventLoopPolicy(loop: (() => EventLoop) | null): void {
  policyLoop = loop;
}

/** events._get_event_loop(): the running loop, else the policy's (ensure_future and gather outside a loop). */
export function getEventLoop(): EventLoop {
  if (runningLoop !== null) return runningLoop;
  if (policyLoop === null) throw new RuntimeError('no running event loop');
  return policyLoop();
}
