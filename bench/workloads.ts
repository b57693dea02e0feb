/**
 * The benchmark workloads, each in two forms: on the model (full asyncio semantics, trace
 * recorded) and on a bare baseline (the same generators driven by a plain FIFO and the same heapq,
 * with no futures, tasks, handles or trace). Both use one seeded generator for the random delays
 * (Park-Miller, exact in doubles and in Python), so the three runners do the same work.
 */
import { heappop, heappush } from '../scheduler/loop/heapq.ts';
import {
  ProcessState,
  TraceRecorder,
  createTask,
  gather,
  named,
  runMain,
  sleep,
  type CoroutineGen,
  type Task,
} from '../scheduler/index.ts';

export const TASKS = 10_000;
export const STEPS_PER_TASK = 100;

/** Park-Miller "minimal standard" generator: the same sequence here and in cpython_bench.py. */
export function delays(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state % 1000) / 1000;
  };
}

export type WorkloadName = 'sleep0' | 'random';

function delayFor(workload: WorkloadName, next: () => number): number {
  return workload === 'sleep0' ? 0 : next();
}

export interface ModelResult {
  seconds: number;
  taskSteps: number;
  recorder: TraceRecorder;
  virtualTime: number;
}

/** The workload on the model: TASKS tasks, each awaiting STEPS_PER_TASK sleeps, gathered by main. */
export function runModel(workload: WorkloadName): ModelResult {
  const next = delays(12345);
  function* worker(): CoroutineGen<void> {
    for (let i = 0; i < STEPS_PER_TASK; i++) yield* sleep(delayFor(workload, next));
  }
  function* main(): CoroutineGen<void> {
    const tasks: Task<void>[] = [];
    for (let i = 0; i < TASKS; i++) tasks.push(createTask(named('worker', worker())));
    yield* gather(...tasks);
  }
  const recorder = new TraceRecorder(`bench:${workload}`);
  const started = performance.now();
  const outcome = runMain(named('main', main()), { trace: recorder, process: new ProcessState() });
  const seconds = (performance.now() - started) / 1000;
  if (outcome.kind !== 'ok') throw new Error(`benchmark run ended with ${outcome.kind}`);
  recorder.finish(outcome);
  // Every worker steps once to start and once per sleep; main steps twice; the shutdown tasks once.
  const taskSteps = TASKS * (STEPS_PER_TASK + 1) + 2 + 2;
  return { seconds, taskSteps, recorder, virtualTime: outcome.time };
}

/**
 * The bare baseline: generators that yield their delay, a FIFO of generators ready to resume and a
 * heapq of (deadline, generator), with the clock jumping to the earliest deadline. The same
 * resumptions, pushes and pops as the model, and nothing else.
 */
export function runBaseline(workload: WorkloadName): { seconds: number; taskSteps: number } {
  const next = delays(12345);
  function* worker(): Generator<number, void, unknown> {
    for (let i = 0; i < STEPS_PER_TASK; i++) yield delayFor(workload, next);
  }
  interface Timer {
    when: number;
    gen: Generator<number, void, unknown>;
  }
  const less = (a: Timer, b: Timer) => a.when < b.when;
  let queue: Generator<number, void, unknown>[] = [];
  const heap: Timer[] = [];
  let clock = 0;
  let steps = 0;
  const started = performance.now();
  for (let i = 0; i < TASKS; i++) queue.push(worker());
  while (queue.length > 0 || heap.length > 0) {
    if (queue.length === 0) clock = (heap[0] as Timer).when;
    while (heap.length > 0 && (heap[0] as Timer).when <= clock) queue.push(heappop(heap, less).gen);
    const running = queue;
    queue = [];
    for (const gen of running) {
      steps++;
      const result = gen.next();
      if (result.done === true) continue;
      if (result.value <= 0) queue.push(gen);
      else heappush(heap, { when: clock + result.value, gen }, less);
    }
  }
  return { seconds: (performance.now() - started) / 1000, taskSteps: steps };
}
