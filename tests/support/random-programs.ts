/**
 * Random asyncio programs for property tests: trees of sleeps, prints, tasks, gathers, locks,
 * events, blocking calls and cancellations, interpreted as model coroutines.
 */
import fc from 'fast-check';
import {
  CancelledError,
  Event,
  Lock,
  createTask,
  gather,
  getRunningLoop,
  named,
  sleep,
  type CoroutineGen,
  type Task,
} from '../../scheduler/index.ts';

export type Stmt =
  | { t: 'sleep'; d: number }
  | { t: 'block'; d: number }
  | { t: 'print' }
  | { t: 'spawn'; body: Stmt[] }
  | { t: 'await-last' }
  | { t: 'cancel-last'; msg: string | null }
  | { t: 'gather'; bodies: Stmt[][] }
  | { t: 'lock'; lock: number; body: Stmt[] }
  | { t: 'wait-event'; event: number }
  | { t: 'set-event'; event: number }
  | { t: 'shielded'; body: Stmt[] };

const delay = fc.constantFrom(0, 0, 0.25, 0.5, 1, 1, 1.5, 2);

const blockArbitrary: fc.Arbitrary<Stmt[]> = fc.letrec<{ stmt: Stmt; block: Stmt[] }>((tie) => ({
  stmt: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ t: fc.constant('sleep' as const), d: delay }),
    fc.record({ t: fc.constant('print' as const) }),
    fc.record({ t: fc.constant('block' as const), d: fc.constantFrom(0.1, 0.75) }),
    fc.record({ t: fc.constant('await-last' as const) }),
    fc.record({ t: fc.constant('cancel-last' as const), msg: fc.constantFrom(null, 'stop') }),
    fc.record({ t: fc.constant('set-event' as const), event: fc.constantFrom(0, 1) }),
    fc.record({ t: fc.constant('wait-event' as const), event: fc.constantFrom(0, 1) }),
    fc.record({ t: fc.constant('spawn' as const), body: tie('block') as fc.Arbitrary<Stmt[]> }),
    fc.record({ t: fc.constant('gather' as const), bodies: fc.array(tie('block') as fc.Arbitrary<Stmt[]>, { maxLength: 3 }) }),
    fc.record({ t: fc.constant('lock' as const), lock: fc.constantFrom(0, 1), body: tie('block') as fc.Arbitrary<Stmt[]> }),
    fc.record({ t: fc.constant('shielded' as const), body: tie('block') as fc.Arbitrary<Stmt[]> }),
  ),
  block: fc.array(tie('stmt') as fc.Arbitrary<Stmt>, { maxLength: 5 }),
})).block;

/** A program: a few concurrent tasks started up front, then main's own statements. */
export const programArbitrary: fc.Arbitrary<Stmt[]> = fc
  .tuple(fc.array(blockArbitrary, { minLength: 1, maxLength: 6 }), blockArbitrary)
  .map(([tasks, main]) => [...tasks.map((body): Stmt => ({ t: 'spawn', body })), ...main]);

interface World {
  locks: Lock[];
  events: Event[];
  counter: { n: number };
}

/** Interpret a program as a coroutine. Cancellation is caught at every spawned task's top. */
function* exec(stmts: readonly Stmt[], world: World, spawned: Task<unknown>[]): CoroutineGen<void> {
  const loop = getRunningLoop();
  for (const stmt of stmts) {
    switch (stmt.t) {
      case 'sleep':
        yield* sleep(stmt.d);
        break;
      case 'block':
        loop.block(stmt.d);
        break;
      case 'print':
        loop.print(`line ${world.counter.n++}`);
        break;
      case 'spawn':
        spawned.push(createTask(named('child', body(stmt.body, world))));
        break;
      case 'await-last': {
        const task = spawned.at(-1);
        // Awaiting a task that awaits us would be the circular-wait pitfall; skip our own task.
        if (task !== undefined && task !== loop.currentTask) {
          try {
            yield* task;
          } catch (error) {
            if (!(error instanceof CancelledError)) throw error;
          }
        }
        break;
      }
      case 'cancel-last':
        spawned.at(-1)?.cancel(stmt.msg);
        break;
      case 'gather':
        yield* gather(...stmt.bodies.map((b) => named('gathered', body(b, world))));
        break;
      case 'lock': {
        const lock = world.locks[stmt.lock] as Lock;
        yield* lock.acquire();
        try {
          yield* exec(stmt.body, world, spawned);
        } finally {
          lock.release();
        }
        break;
      }
      case 'wait-event':
        yield* (world.events[stmt.event] as Event).wait();
        break;
      case 'set-event':
        (world.events[stmt.event] as Event).set();
        break;
      case 'shielded':
        yield* exec(stmt.body, world, spawned);
        break;
    }
  }
}

/** A task body: runs its statements and swallows its own cancellation half the time. */
function* body(stmts: readonly Stmt[], world: World): CoroutineGen<void> {
  const spawned: Task<unknown>[] = [];
  try {
    yield* exec(stmts, world, spawned);
  } catch (error) {
    if (error instanceof CancelledError && stmts.length % 2 === 0) return;
    throw error;
  }
}

/** The program as asyncio.run's main coroutine. */
export function programMain(stmts: readonly Stmt[]): () => CoroutineGen<void> {
  return function* () {
    const world: World = { locks: [new Lock(), new Lock()], events: [new Event(), new Event()], counter: { n: 0 } };
    yield* exec(stmts, world, []);
  };
}
