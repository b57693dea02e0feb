/**
 * What a future stands for, so that "Task-3 is waiting" can say for what: a sleep until t, another
 * task, a lock and who holds it, an event, a queue. asyncio's futures don't know this; the model
 * attaches it where the future is created (sleep, gather, Lock.acquire...) and the trace and the
 * deadlock report read it.
 */
import type { TimerHandle } from '../loop/handle.ts';
import type { Future } from './future.ts';
import type { Task } from './task.ts';

/** A synchronization object (Lock, Event, Queue...) with an id and a label for people. */
export interface SyncPrimitive {
  readonly id: number;
  readonly kind: 'Lock' | 'Semaphore' | 'BoundedSemaphore' | 'Event' | 'Condition' | 'Queue' | 'LifoQueue' | 'PriorityQueue' | 'Barrier';
  /** `Lock#1` by default; the interpreter may rename it after the variable that holds it. */
  label: string;
  /** The tasks that hold it (a lock's owner, a semaphore's holders), whose progress would free it. */
  holders(): Task<unknown>[];
}

export type WaitPurpose =
  | { kind: 'future' }
  | { kind: 'task' }
  | { kind: 'sleep'; timer: TimerHandle | null; result?: unknown }
  /** A modelled I/O wait (a simulated HTTP request...): a sleep that says what it stands for. */
  | { kind: 'io'; timer: TimerHandle | null; result?: unknown; description: string; outcome: string }
  | { kind: 'gather'; children: readonly Future<unknown>[] }
  | { kind: 'lock' | 'semaphore' | 'event' | 'condition' | 'queue-get' | 'queue-put'; primitive: SyncPrimitive }
  | { kind: 'wait'; futures: readonly Future<unknown>[] }
  | { kind: 'wait_for'; inner: Future<unknown> }
  | { kind: 'shield'; inner: Future<unknown> }
  | { kind: 'taskgroup'; children: () => readonly Task<unknown>[] };

export type WaitKind = WaitPurpose['kind'];
