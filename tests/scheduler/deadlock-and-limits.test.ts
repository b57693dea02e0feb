/**
 * How a run ends when it cannot go on: a deadlock carries the wait-for graph (what each blocked
 * task awaits, lock holders, the cycle), and the tick and virtual-time caps end runaway programs
 * with a clear reason instead of hanging.
 */
import { describe, expect, test } from 'vitest';
import {
  Condition,
  Event,
  Lock,
  Queue,
  createTask,
  gather,
  getRunningLoop,
  named,
  sleep,
  type CoroutineGen,
  type RunOutcome,
  type Task,
} from '../../scheduler/index.ts';
import { play } from '../support/play.ts';

function deadlock(outcome: RunOutcome<unknown>) {
  if (outcome.kind !== 'deadlock') throw new Error(`expected a deadlock, got ${outcome.kind}`);
  return outcome;
}

describe('deadlocks carry a wait-for graph', () => {
  test('two locks taken in opposite order: each task waits for the lock the other holds, and the cycle is named', () => {
    const run = play(function* () {
      const a = new Lock();
      const b = new Lock();
      function* worker(first: Lock, second: Lock): CoroutineGen<void> {
        yield* first.acquire();
        yield* sleep(0.1);
        yield* second.acquire();
      }
      const alice = createTask(named('worker', worker(a, b)), { name: 'alice' });
      const bob = createTask(named('worker', worker(b, a)), { name: 'bob' });
      yield* gather(alice, bob);
    });
    const end = deadlock(run.outcome);
    expect(end.time).toBeCloseTo(0.1);
    expect(end.pending).toEqual(['Task-1', 'alice', 'bob']);
    const byTask = Object.fromEntries(end.graph.blocked.map((b) => [b.task, b]));
    expect(byTask.alice?.awaits).toMatchObject({ kind: 'lock', label: 'Lock#2 (held by bob)' });
    expect(byTask.bob?.awaits).toMatchObject({ kind: 'lock', label: 'Lock#1 (held by alice)' });
    expect(byTask['Task-1']?.awaits.kind).toBe('gather');
    expect(byTask['Task-1']?.waitsFor).toEqual(['alice', 'bob']);
    expect(end.graph.cycle).toEqual(['alice', 'bob']);
    expect(run.trace.end).toMatchObject({ kind: 'deadlock', pending: ['Task-1', 'alice', 'bob'] });
  });

  test('an event nobody sets: no cycle, every waiter names the event', () => {
    const run = play(function* () {
      const ready = new Event();
      function* waiter(): CoroutineGen<void> {
        yield* ready.wait();
      }
      yield* gather(named('waiter', waiter()), named('waiter', waiter()));
    });
    const end = deadlock(run.outcome);
    expect(end.graph.cycle).toBeNull();
    expect(end.graph.blocked.map((b) => `${b.task}: ${b.awaits.kind} ${b.awaits.label}`)).toEqual([
      'Task-1: gather gather(Task-2, Task-3)',
      'Task-2: event Event#1',
      'Task-3: event Event#1',
    ]);
  });

  test('a circular wait through gather is a cycle of tasks', () => {
    const run = play(function* () {
      const tasks: Task<unknown>[] = [];
      function* ping(): CoroutineGen<void> {
        yield* sleep(0.1);
        yield* gather(tasks[1] as Task<unknown>);
      }
      function* pong(): CoroutineGen<void> {
        yield* sleep(0.2);
        yield* gather(tasks[0] as Task<unknown>);
      }
      tasks.push(createTask(named('ping', ping()), { name: 'ping' }), createTask(named('pong', pong()), { name: 'pong' }));
      yield* gather(...tasks);
    });
    const end = deadlock(run.outcome);
    expect(end.graph.cycle).toEqual(['ping', 'pong']);
    expect(end.time).toBeCloseTo(0.2);
  });

  test('queues and conditions say what is awaited', () => {
    const run = play(function* () {
      const queue = new Queue<number>(1);
      const condition = new Condition();
      function* consumer(): CoroutineGen<void> {
        yield* queue.get();
      }
      function* producer(): CoroutineGen<void> {
        yield* queue.put(1);
        yield* queue.put(2);
        yield* queue.put(3);
      }
      function* waiter(): CoroutineGen<void> {
        yield* condition.acquire();
        yield* condition.wait();
      }
      yield* gather(named('producer', producer()), named('waiter', waiter()));
      yield* named('consumer', consumer());
    });
    const labels = deadlock(run.outcome).graph.blocked.map((b) => `${b.awaits.kind}: ${b.awaits.label}`);
    expect(labels).toContain('queue-put: Queue#1.put()');
    expect(labels).toContain('condition: Condition#3.wait()');

  });
});

describe('limits end runaway programs with a reason', () => {
  test('a task looping on sleep(0) stops at the tick cap', () => {
    const run = play(function* () {
      for (;;) yield* sleep(0);
    }, { maxTicks: 1000 });
    expect(run.outcome).toMatchObject({ kind: 'limit', reason: 'ticks', message: 'the run reached 1000 ticks' });
    expect(run.ticks.length).toBe(1000);
  });

  test('a loop of long sleeps stops at the virtual-time cap, with the clock left before the jump', () => {
    const run = play(function* () {
      for (;;) yield* sleep(300);
    }, { maxTime: 1000 });
    expect(run.outcome).toMatchObject({ kind: 'limit', reason: 'virtual-time' });
    expect(run.outcome.time).toBe(900);
  });

  test('the default caps are 1,000,000 ticks and 1e6 seconds', () => {
    const run = play(function* () {
      for (;;) yield* sleep(86400);
    });
    expect(run.outcome).toMatchObject({ kind: 'limit', reason: 'virtual-time', message: 'the next timer is past 1000000 s' });
    expect(getRunningLoopOrNull()).toBeNull();
  });
});

function getRunningLoopOrNull() {
  try {
    return getRunningLoop();
  } catch {
    return null;
  }
}
