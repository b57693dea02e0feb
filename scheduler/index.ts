/**
 * Loopscope's scheduler: a deterministic, instrumented model of CPython 3.11's asyncio.
 * Hosts import from here; nothing in scheduler/ touches the DOM, Node or real time.
 */
export { EventLoop, ProcessState, DEFAULT_LIMITS, type LoopHalt, type LoopLimits, type LoopOptions } from './loop/loop.ts';
export { Handle, TimerHandle, HandleKind, labelled, type Callback } from './loop/handle.ts';
export { getRunningLoop } from './loop/running.ts';
export * from './asyncio/exceptions.ts';
export { Future, isFuture, isCoroutine, type Awaitable, type Coroutine, type Suspension } from './asyncio/future.ts';
export { Task, type TaskOptions } from './asyncio/task.ts';
export { named, ensureFuture, createTask, asyncWith, type CoroutineGen, type AsyncContextManager } from './asyncio/coroutines.ts';
export { sleep } from './asyncio/sleep.ts';
export { gather, gatherWith, GatheringFuture, type GatherOptions } from './asyncio/gather.ts';
export { waitFor } from './asyncio/wait-for.ts';
export { timeout, timeoutAt, Timeout } from './asyncio/timeouts.ts';
export { wait, asCompleted, shield, FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED, type ReturnWhen } from './asyncio/wait.ts';
export { TaskGroup } from './asyncio/taskgroup.ts';
export { Lock, Event, Condition, Semaphore, BoundedSemaphore } from './asyncio/locks.ts';
export { Barrier } from './asyncio/barrier.ts';
export { Queue, LifoQueue, PriorityQueue, pythonLess } from './asyncio/queues.ts';
export { asyncioRun, runMain, outcomeOfError, LoopHalted, type RunOutcome } from './asyncio/run.ts';
export { describeWait, waitForGraph, type WaitForGraph, type BlockedTask } from './asyncio/wait-graph.ts';
export { TraceRecorder, traceEndOf } from './trace/recorder.ts';
export { decodeTrace, forEachEvent, type TraceEvent } from './trace/decode.ts';
export { TraceIndex, TraceReplay, replayTo, type LoopState, type TaskView } from './trace/state.ts';
export { Op, TRACE_FORMAT, TRACE_VERSION, type Trace, type TraceEnd } from './trace/format.ts';
