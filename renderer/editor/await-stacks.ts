/**
 * Whole await stacks in the code: the lines of the frames each suspended task is inside (its
 * callers), where code-notes.ts draws greyed chips. Pure: tests run it without a DOM.
 */
import type { TaskStateName, TaskView } from '../../scheduler/trace/state.ts';
import { inRange, type LineRange } from './visible-lines.ts';

/**
 * The tasks at the cursor: every task as an object (TraceIndex.stateAt), or the state view of a
 * model built in a worker (scheduler/view/cursor.ts), which makes an object only for a task asked.
 */
export type CallerSource =
  | { tasks: readonly Readonly<TaskView>[] }
  | { taskCount: number; stateOf(serial: number): TaskStateName | 'not-created'; nameOf(serial: number): string; callersOf(serial: number): readonly number[] };

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

/**
 * The caller lines of every unfinished task's await stack (its own line is marked elsewhere).
 * `visible` (the lines on screen) leaves out the others; the counts of the lines kept stay exact.
 * From a state view, a task's name is read only for the few listed on a line.
 */
export function callerMarks(state: CallerSource, perLine = 3, visible: LineRange | null = null): CallerMark[] {
  const byLine = new Map<number, number[]>();
  const add = (serial: number, callers: readonly number[] | undefined): void => {
    if (callers === undefined || callers.length === 0) return;
    for (let k = 0; k < callers.length; k++) {
      const line = callers[k] as number;
      if (line <= 0 || !inRange(visible, line)) continue;
      let list = byLine.get(line);
      if (list === undefined) byLine.set(line, (list = []));
      // A line twice in one stack (recursion) counts the task once.
      if (list[list.length - 1] !== serial) list.push(serial);
    }
  };
  let nameOf: (serial: number) => string;
  if ('tasks' in state) {
    const { tasks } = state;
    for (const task of tasks) if (unfinished(task.state)) add(task.serial, task.callers);
    const bySerial = new Map(tasks.map((task) => [task.serial, task.name]));
    nameOf = (serial) => bySerial.get(serial) ?? '';
  } else {
    for (let serial = 0; serial < state.taskCount; serial++) if (unfinished(state.stateOf(serial))) add(serial, state.callersOf(serial));
    nameOf = (serial) => state.nameOf(serial);
  }
  return [...byLine]
    .sort((a, b) => a[0] - b[0])
    .map(([line, list]) => ({ line, tasks: list.slice(0, perLine).map((task) => ({ task, name: nameOf(task) })), more: Math.max(0, list.length - perLine) }));
}

const unfinished = (state: TaskStateName | 'not-created'): boolean => state === 'waiting' || state === 'ready' || state === 'running';
