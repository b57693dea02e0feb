/**
 * The two seed examples learners know: three sleep(1) awaited in sequence take 3 s; gathered,
 * they take 1 s, with the three timer callbacks in one tick and the three wake-ups in the next.
 */
import { describe, expect, test } from 'vitest';
import { gather, sleep, createTask, named, type CoroutineGen } from '../../scheduler/index.ts';
import { play, print, tickLines } from '../support/play.ts';

function* count(): CoroutineGen<void> {
  print('One');
  yield* sleep(1);
  print('Two');
}

describe('seed examples', () => {
  test('three sleep(1) awaited in sequence end at 3.000', () => {
    const run = play(function* () {
      for (let i = 0; i < 3; i++) yield* count();
    });
    expect(run.outcome.kind).toBe('ok');
    expect(run.lines.at(-1)).toBe('3.000 Task-1 Two');
    expect(run.outcome.time).toBe(3);
  });

  test('three sleep(1) gathered end at 1.000: timers in one tick, wake-ups in the next', () => {
    const run = play(function* () {
      yield* gather(named('count', count()), named('count', count()), named('count', count()));
    });
    expect(run.outcome.kind).toBe('ok');
    expect(run.outcome.time).toBe(1);
    expect(run.lines).toEqual([
      '0.000 Task-2 One',
      '0.000 Task-3 One',
      '0.000 Task-4 One',
      '1.000 Task-2 Two',
      '1.000 Task-3 Two',
      '1.000 Task-4 Two',
    ]);
    expect(tickLines(run.ticks)).toEqual([
      '1@0.000: step Task-1',
      '2@0.000: step Task-2, step Task-3, step Task-4',
      '3@1.000: sleep, sleep, sleep',
      '4@1.000: wakeup Task-2, wakeup Task-3, wakeup Task-4',
      '5@1.000: gather._done_callback, gather._done_callback, gather._done_callback',
      '6@1.000: wakeup Task-1',
      '7@1.000: _run_until_complete_cb',
      // asyncio.run's shutdown: the two shutdown tasks, each stopped by its own callback.
      '8@1.000: step Task-5',
      '9@1.000: _run_until_complete_cb',
      '10@1.000: step Task-6',
      '11@1.000: _run_until_complete_cb',
    ]);
  });

  test('create_task starts the task only when its creator yields', () => {
    const run = play(function* () {
      const task = createTask(named('count', count()));
      print('created');
      yield* task;
    });
    expect(run.lines.slice(0, 2)).toEqual(['0.000 Task-1 created', '0.000 Task-2 One']);
  });
});
