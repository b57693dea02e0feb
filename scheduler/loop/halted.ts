/**
 * LoopHalted: thrown through asyncio.run (and the scenario) when the loop cannot go on, a
 * deadlock or a limit. It is not a Python exception: scenario code cannot catch it, and a real
 * program would hang (or run out of memory) at that point, so no cleanup runs.
 */
import type { EventLoop, LoopHalt } from './loop.ts';
import type { WaitForGraph } from '../asyncio/wait-graph.ts';

export class LoopHalted {
  constructor(
    readonly halt: LoopHalt,
    readonly loop: EventLoop,
    /** For a deadlock: who waits for what, and the cycle if there is one. */
    readonly graph: WaitForGraph | null,
  ) {}
}
