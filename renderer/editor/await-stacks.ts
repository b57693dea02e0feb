/**
 * Whole await stacks in the code: the lines of the frames each suspended task is inside (its
 * callers), where code-notes.ts draws greyed chips. Pure: tests run it without a DOM.
 */
import type { TaskStateName, TaskView } from '../../scheduler/trace/state.ts';

/**
 * The tasks at the cursor: every task as an object (TraceIndex.stateAt), or the state view of a
 * model built in a worker (scheduler/view/cursor.ts), which makes an object only for a task asked.
 */
export type CallerSource =
  | { tasks: readonly Readonly<TaskView>[] }
  | { taskCount: number; stateOf(serial: number): TaskStateName | 'not-created'; task(serial: number): TaskView | undefined };

export interface CallerMark {
  line: number;
  /** The tasks whose await stack passes through this line, in creation order (capped). */
  tasks: { task: number; name: string }[];
  more: number;
}

export interface LineNote {
  line: number;
  kind: 'warning' | 'lint' | 'lands';
  text: string;
}

export interface Notes {
  callers: CallerMark[];
  notes: LineNote[];
}

/** The caller lines of every unfinished task's await stack (its own line is marked elsewhere). */
export function callerMarks(state: CallerSource, perLine = 3): CallerMark[] {
  const byLine = new Map<number, { task: number; name: string }[]>();
  for (const task of unfinishedTasks(state)) {
    for (const line of new Set(task.callers ?? [])) {
      if (line <= 0) continue;
      let list = byLine.get(line);
      if (list === undefined) byLine.set(line, (list = []));
      list.push({ task: task.serial, name: task.name });
    }
  }
  return [...byLine]
    .sort((a, b) => a[0] - b[0])
    .map(([line, list]) => ({ line, tasks: list.slice(0, perLine), more: Math.max(0, list.length - perLine) }));
}

const unfinished = (state: TaskStateName | 'not-created'): boolean => state === 'waiting' || state === 'ready' || state === 'running';

/** The tasks that have not ended, in creation order (an object only for those, from a state view). */
function* unfinishedTasks(state: CallerSource): Generator<Readonly<TaskView>> {
  if ('tasks' in state) {
    for (const task of state.tasks) if (unfinished(task.state)) yield task;
    return;
  }
  for (let serial = 0; serial < state.taskCount; serial++) {
    if (!unfinished(state.stateOf(serial))) continue;
    const task = state.task(serial);
    if (task !== undefined) yield task;
  }
}
