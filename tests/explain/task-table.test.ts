/**
 * The explanation's tasks travel as columns (scheduler/explain/task-table.ts): read back, each
 * task's record says what the view model's own lane table says of it on every gallery scenario,
 * records survive the round trip field for field, and nothing per task is left as an object that
 * structured clone would rebuild on the page.
 */
import { describe, expect, test } from 'vitest';
import { buildExplainIndex } from '../../scheduler/explain/index.ts';
import { taskInfoAt, taskNameAt, taskTableOf, type TaskInfo } from '../../scheduler/explain/task-table.ts';
import { buildViewModel } from '../../scheduler/view/builder.ts';
import { textOf } from '../../scheduler/view/model.ts';
import { SCENARIOS, traceOf } from '../renderer/support.ts';

describe('the task table on the gallery', () => {
  test.each(SCENARIOS)('%s: every task as the lanes have it', (name) => {
    const trace = traceOf(name);
    const index = buildExplainIndex(trace);
    const view = buildViewModel(trace);
    const lanes = view.lanes.tasks;
    expect(index.tasks.count).toBe(lanes.count);
    for (let t = 0; t < lanes.count; t++) {
      const info = taskInfoAt(index, t);
      const exception = lanes.exception[t] as number;
      expect(info, `task ${t}`).toMatchObject({
        serial: t,
        name: textOf(view, lanes.name[t] as number),
        coro: textOf(view, lanes.coro[t] as number),
        creator: lanes.creator[t],
        via: textOf(view, lanes.via[t] as number),
        exception: exception === -1 ? null : textOf(view, exception),
      });
      // A task that ended has an end on its lane too (a lane also ends where a run stopped).
      if (info?.outcome !== null) expect(lanes.endedAt[t], `task ${t} ended`).toBeGreaterThanOrEqual(0);
      expect(taskNameAt(index, t)).toBe(info?.name);
    }
    expect(taskInfoAt(index, lanes.count)).toBeUndefined();
    expect(taskInfoAt(index, -1)).toBeUndefined();
  });

  test('its columns are typed arrays, moved rather than cloned object by object', () => {
    const index = buildExplainIndex(traceOf('02-three-coroutines-gathered.py'));
    const { count, ...columns } = index.tasks;
    expect(count).toBeGreaterThan(0);
    for (const [key, column] of Object.entries(columns)) {
      expect(ArrayBuffer.isView(column), key).toBe(true);
      expect((column as Int32Array).length, key).toBe(count);
    }
  });
});

test('records survive the round trip, holes included', () => {
  const record = (serial: number, over: Partial<TaskInfo>): TaskInfo => ({
    serial,
    name: `Task-${serial}`,
    coro: 'main',
    creator: serial - 1,
    via: '',
    createdAt: serial,
    createdLine: 3 + serial,
    future: 10 + serial,
    endedAt: -1,
    outcome: null,
    exception: null,
    raiseLine: 0,
    droppedLine: 0,
    running: 0.25 * serial,
    runSteps: serial,
    ready: 0.5,
    readyWaitSteps: 2,
    waiting: 1.5,
    waits: 4,
    ...over,
  });
  const records = [
    record(0, {}),
    record(1, { endedAt: 7, outcome: 'failed', exception: 'ValueError: boom', raiseLine: 9, via: 'TaskGroup' }),
    undefined,
    record(3, { endedAt: 5, outcome: 'cancelled', droppedLine: 12 }),
    record(4, { endedAt: 6, outcome: 'done', coro: 'worker' }),
  ];
  const strings: string[] = [];
  const id = (text: string): number => {
    const at = strings.indexOf(text);
    return at >= 0 ? at : strings.push(text) - 1;
  };
  const table = { tasks: taskTableOf(records, id), strings };
  expect(Array.from({ length: records.length }, (_, t) => taskInfoAt(table, t))).toEqual(records);
  expect(taskNameAt(table, 2)).toBeUndefined();
});
