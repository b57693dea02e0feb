/** Hiding tasks: asyncio.run's shutdown tasks, and a filter by name. */
import { describe, expect, test } from 'vitest';
import { hiddenBy, hiddenSerials, hidesNothing, isHidden, isShutdownTask, parseFilter, type TaskIdentity } from '../../renderer/teach/hide-tasks.ts';
import { buildLanes } from '../../renderer/viz/lanes.ts';
import { buildStepAxis } from '../../renderer/viz/steps.ts';
import { GALLERY, galleryTrace, playSource } from '../export/gallery.ts';

const tasksOf = (trace: ReturnType<typeof galleryTrace>) => buildLanes(trace, buildStepAxis(trace)).tasks;

describe('the shutdown tasks', () => {
  test('every asyncio.run of the gallery that ends starts the two, and nothing else is one', () => {
    for (const name of GALLERY.filter((n) => !n.startsWith('31-'))) {
      const trace = galleryTrace(name);
      const shutdown = tasksOf(trace).filter(isShutdownTask);
      expect(shutdown.every((t) => t.coro === 'shutdown_asyncgens' || t.coro === 'shutdown_default_executor'), name).toBe(true);
      // A run that deadlocks or fails inside asyncio.run never gets to shut the loop down.
      if (trace.end?.kind === 'ok' && tasksOf(trace).length > 0) expect(shutdown.map((t) => t.coro).slice(0, 2), name).toEqual(['shutdown_asyncgens', 'shutdown_default_executor']);
    }
  });

  test('a task of the scenario\'s own with the same name is not one of them', () => {
    const tasks = tasksOf(
      playSource('import asyncio\n\nasync def shutdown_asyncgens():\n    pass\n\nasync def main():\n    await asyncio.create_task(shutdown_asyncgens())\n\nasyncio.run(main())\n'),
    );
    expect(tasks.filter(isShutdownTask).map((t) => t.name)).toEqual(['Task-3', 'Task-4']);
    expect(isShutdownTask(tasks[1] as TaskIdentity)).toBe(false);
  });
});

describe('the filter by name', () => {
  const task = (name: string, coro: string): TaskIdentity => ({ serial: 0, name, coro, creator: 0, via: 'create_task' });
  const cases: [string, string, boolean][] = [
    ['', 'worker-1', false],
    ['worker', 'worker-1', false],
    ['worker', 'monitor', true],
    ['WORKER', 'worker-1', false],
    ['-monitor', 'monitor', true],
    ['!monitor', 'worker-1', false],
    ['worker, client', 'client-3', false],
    ['worker -2', 'worker-2', true],
    ['fetch', 'Task-7', false], // matched by its coroutine
  ];
  for (const [filter, name, hidden] of cases) {
    test(`"${filter}" ${hidden ? 'hides' : 'shows'} ${name}`, () => {
      expect(isHidden(task(name, name === 'Task-7' ? 'fetch' : 'run'), { shutdown: false, filter })).toBe(hidden);
    });
  }
  test('the words of a filter', () => {
    expect(parseFilter(' a, -b  !c - ')).toEqual({ include: ['a'], exclude: ['b', 'c'] });
  });
  test('as a predicate over serials, with the shutdown tasks', () => {
    const tasks = tasksOf(galleryTrace('01-counter-sequential-vs-gathered'));
    const hide = hiddenBy(tasks, { shutdown: true, filter: '-Task-1' });
    expect(tasks.filter((t) => !hide(t.serial)).map((t) => t.name)).toEqual(['Task-2', 'Task-3', 'Task-4']);
    // The same tasks as a set of serials (what the lanes and the ready queue leave out).
    expect([...hiddenSerials(tasks, { shutdown: true, filter: '-Task-1' })].sort()).toEqual(tasks.filter((t) => hide(t.serial)).map((t) => t.serial).sort());
  });
  test('a rule that hides nothing reads no task (a large run has 10,000 of them)', () => {
    for (const filter of ['', '  ', ' , ', '-', '!']) expect(hidesNothing({ shutdown: false, filter })).toBe(true);
    for (const rule of [{ shutdown: true, filter: '' }, { shutdown: false, filter: 'a' }, { shutdown: false, filter: '-a' }]) expect(hidesNothing(rule)).toBe(false);
    const untouchable = {
      length: 10_000,
      [Symbol.iterator]: () => {
        throw new Error('walked the tasks');
      },
    } as unknown as TaskIdentity[];
    expect(hiddenBy(untouchable, { shutdown: false, filter: ' ' })(0)).toBe(false);
    expect(() => hiddenBy(untouchable, { shutdown: true, filter: '' })).toThrow('walked the tasks');
  });
});
