/**
 * The explanation's tasks as columns, indexed by serial. The index is built in a worker and posted
 * to the page with every snapshot of a long run: as objects, its 10,000 task records were the one
 * part of a message that structured clone rebuilds field by field on the page's main thread (tens
 * of milliseconds per snapshot). As typed arrays they are moved, not copied, and read back one
 * task at a time (taskInfoAt), only for the tasks something shows.
 *
 * Texts (name, coroutine, via, exception) are ids into the index's string table, like its causes'.
 */
import type { TaskEnd } from '../trace/decode.ts';

export interface TaskInfo {
  serial: number;
  /** The name it ends with (renames are rare). */
  name: string;
  coro: string;
  creator: number;
  via: string;
  /** The boundary from which it exists, and the line it was created at. */
  createdAt: number;
  createdLine: number;
  /** The future id the trace gives it (-1 in version-1 traces). */
  future: number;
  /** The boundary at which it ended (-1 if it never did), how, and with what exception. */
  endedAt: number;
  outcome: TaskEnd | null;
  exception: string | null;
  /** Where the exception that failed it was raised (0 when unknown). */
  raiseLine: number;
  /** The line where its create_task result was dropped (fire and forget), 0 otherwise. */
  droppedLine: number;
  /** Time accounting (see accounting.ts): seconds and counts. */
  running: number;
  runSteps: number;
  ready: number;
  /** Steps of other handles that ran while it was ready: its scheduling delay in steps. */
  readyWaitSteps: number;
  waiting: number;
  waits: number;
}

/** How a task ended, by code (-1: it did not). */
const OUTCOMES: readonly TaskEnd[] = ['done', 'cancelled', 'failed'];

/** TaskInfo's fields as columns; a serial no task-new event gave has name -1. */
export interface TaskTable {
  count: number;
  name: Int32Array;
  coro: Int32Array;
  via: Int32Array;
  creator: Int32Array;
  createdAt: Int32Array;
  createdLine: Int32Array;
  future: Int32Array;
  endedAt: Int32Array;
  outcome: Int8Array;
  /** -1: none. */
  exception: Int32Array;
  raiseLine: Int32Array;
  droppedLine: Int32Array;
  runSteps: Int32Array;
  readyWaitSteps: Int32Array;
  waits: Int32Array;
  running: Float64Array;
  ready: Float64Array;
  waiting: Float64Array;
}

/** What reading a table needs: the table and the strings its ids point into. */
export interface WithTaskTable {
  tasks: TaskTable;
  strings: readonly string[];
}

/** The records (the builder's, sparse where a damaged trace skipped a serial) as a table; `id` interns a text. */
export function taskTableOf(records: readonly (TaskInfo | undefined)[], id: (text: string) => number): TaskTable {
  const count = records.length;
  const ints = (): Int32Array => new Int32Array(count);
  const table: TaskTable = {
    count,
    name: new Int32Array(count).fill(-1),
    coro: ints(),
    via: ints(),
    creator: ints(),
    createdAt: ints(),
    createdLine: ints(),
    future: ints(),
    endedAt: ints(),
    outcome: new Int8Array(count).fill(-1),
    exception: new Int32Array(count).fill(-1),
    raiseLine: ints(),
    droppedLine: ints(),
    runSteps: ints(),
    readyWaitSteps: ints(),
    waits: ints(),
    running: new Float64Array(count),
    ready: new Float64Array(count),
    waiting: new Float64Array(count),
  };
  for (let t = 0; t < count; t++) {
    const info = records[t];
    if (info === undefined) continue;
    table.name[t] = id(info.name);
    table.coro[t] = id(info.coro);
    table.via[t] = id(info.via);
    table.creator[t] = info.creator;
    table.createdAt[t] = info.createdAt;
    table.createdLine[t] = info.createdLine;
    table.future[t] = info.future;
    table.endedAt[t] = info.endedAt;
    table.outcome[t] = info.outcome === null ? -1 : OUTCOMES.indexOf(info.outcome);
    if (info.exception !== null) table.exception[t] = id(info.exception);
    table.raiseLine[t] = info.raiseLine;
    table.droppedLine[t] = info.droppedLine;
    table.runSteps[t] = info.runSteps;
    table.readyWaitSteps[t] = info.readyWaitSteps;
    table.waits[t] = info.waits;
    table.running[t] = info.running;
    table.ready[t] = info.ready;
    table.waiting[t] = info.waiting;
  }
  return table;
}

/** Task `serial`'s record, or undefined when there is none. */
export function taskInfoAt({ tasks, strings }: WithTaskTable, serial: number): TaskInfo | undefined {
  if (!Number.isInteger(serial) || serial < 0 || serial >= tasks.count) return undefined;
  const name = tasks.name[serial] as number;
  if (name < 0) return undefined;
  const exception = tasks.exception[serial] as number;
  const outcome = tasks.outcome[serial] as number;
  const text = (id: number): string => strings[id] ?? '';
  return {
    serial,
    name: text(name),
    coro: text(tasks.coro[serial] as number),
    creator: tasks.creator[serial] as number,
    via: text(tasks.via[serial] as number),
    createdAt: tasks.createdAt[serial] as number,
    createdLine: tasks.createdLine[serial] as number,
    future: tasks.future[serial] as number,
    endedAt: tasks.endedAt[serial] as number,
    outcome: OUTCOMES[outcome] ?? null,
    exception: exception < 0 ? null : text(exception),
    raiseLine: tasks.raiseLine[serial] as number,
    droppedLine: tasks.droppedLine[serial] as number,
    running: tasks.running[serial] as number,
    runSteps: tasks.runSteps[serial] as number,
    ready: tasks.ready[serial] as number,
    readyWaitSteps: tasks.readyWaitSteps[serial] as number,
    waiting: tasks.waiting[serial] as number,
    waits: tasks.waits[serial] as number,
  };
}

/** Task `serial`'s name, or undefined when there is none (without making its record). */
export function taskNameAt({ tasks, strings }: WithTaskTable, serial: number): string | undefined {
  const name = Number.isInteger(serial) && serial >= 0 && serial < tasks.count ? (tasks.name[serial] as number) : -1;
  return name < 0 ? undefined : strings[name];
}
