/**
 * Time accounting (after tokio-console's busy, scheduled and idle times), from the index.
 *
 * Per task: running (the virtual time its own steps took: only blocking calls take any), ready
 * but not run yet (scheduling delay: from the moment it could have run, its wake-up queued or its
 * timer due, to its step), waiting (suspended on a future), and how many steps it ran and how
 * many other handles ran while it was ready.
 *
 * Per run: the loop busy (running handles), of which blocked (time.sleep or CPU-bound work in a
 * step), and idle (waiting in the selector for the next timer); the main thread's blocking
 * outside the loop is counted apart.
 */
import { type ExplainIndex } from './index.ts';
import { taskInfoAt, type TaskInfo } from './task-table.ts';
import { count, duration } from './words.ts';

export interface TaskTimes {
  serial: number;
  name: string;
  running: number;
  ready: number;
  waiting: number;
  steps: number;
  /** Handles of other tasks and callbacks that ran while it was ready. */
  readySteps: number;
  waits: number;
  /** The time it lived: from its creation to its end (or the end of the run). */
  lifetime: number;
}

export interface RunTimes {
  /** Virtual time from the first tick to the end of the last step. */
  loop: number;
  /** Running handles; all of it blocked, in virtual time (see `blocked`). */
  busy: number;
  blocked: number;
  idle: number;
  steps: number;
  ticks: number;
  /** Time the main thread spent blocked outside any event loop. */
  mainBlocked: number;
  end: number;
}

export function taskTimes(index: ExplainIndex, serial: number): TaskTimes | null {
  const info: TaskInfo | undefined = taskInfoAt(index, serial);
  if (info === undefined) return null;
  const created = info.createdAt < index.steps ? (index.stepStart[info.createdAt] as number) : index.endTime;
  const ended = info.endedAt >= 0 ? (info.endedAt > 0 && info.endedAt <= index.steps ? (index.stepEnd[info.endedAt - 1] as number) : index.endTime) : index.endTime;
  return {
    serial,
    name: info.name,
    running: info.running,
    ready: info.ready,
    waiting: info.waiting,
    steps: info.runSteps,
    readySteps: info.readyWaitSteps,
    waits: info.waits,
    lifetime: Math.max(0, ended - created),
  };
}

export function runTimes(index: ExplainIndex): RunTimes {
  const first = index.tickBefore.length > 0 ? (index.tickBefore[0] as number) : index.endTime;
  const last = index.steps > 0 ? (index.stepEnd[index.steps - 1] as number) : first;
  return {
    loop: Math.max(0, last - first),
    busy: index.blocked,
    blocked: index.blocked,
    idle: index.idle,
    steps: index.steps,
    ticks: index.tickIndex.length,
    mainBlocked: index.mainBlocked,
    end: index.endTime,
  };
}

/** "running 0 s in 3 steps · ready 0.8 s (2 handles ran first) · waiting 1.2 s (2 awaits)". */
export function taskTimesText(times: TaskTimes): string {
  return [
    `running ${duration(times.running)} in ${count(times.steps, 'step')}`,
    `ready ${duration(times.ready)}${times.readySteps > 0 ? ` (${count(times.readySteps, 'handle')} ran first)` : ''}`,
    `waiting ${duration(times.waiting)}${times.waits > 0 ? ` (${count(times.waits, 'await')})` : ''}`,
  ].join(' · ');
}

/** The run in one sentence: "busy 1 s (all of it blocked in time.sleep), idle 2.35 s; 41 steps in 28 ticks." */
export function runTimesText(times: RunTimes): string {
  const parts: string[] = [];
  if (times.ticks === 0) {
    parts.push(`No event loop ran. The main thread was blocked for ${duration(times.mainBlocked)} of ${duration(times.end)}.`);
    return parts.join(' ');
  }
  const busy = times.busy > 0 ? `busy ${duration(times.busy)} (blocked in time.sleep or CPU-bound work)` : 'busy 0 s (its steps take no virtual time)';
  parts.push(`The loop ran ${count(times.steps, 'step')} in ${count(times.ticks, 'tick')}: ${busy}, idle ${duration(times.idle)} waiting for timers.`);
  if (times.mainBlocked > 0) parts.push(`Outside the loop the main thread was blocked for ${duration(times.mainBlocked)}.`);
  return parts.join(' ');
}

/** Tasks by the time they spent ready but not run, then blocked running: where the delays were. */
export function slowestTasks(index: ExplainIndex, limit = 8): TaskTimes[] {
  const all: TaskTimes[] = [];
  for (let serial = 0; serial < index.tasks.count; serial++) {
    const times = taskTimes(index, serial);
    if (times !== null) all.push(times);
  }
  return all.sort((a, b) => b.running + b.ready - (a.running + a.ready) || b.lifetime - a.lifetime || a.serial - b.serial).slice(0, limit);
}

