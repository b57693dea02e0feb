/**
 * Whole await stacks in the code: the lines of the frames each suspended task is inside (its
 * callers), where code-notes.ts draws greyed chips. Pure: tests run it without a DOM.
 */
import type { TaskView } from '../../scheduler/trace/state.ts';

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
export function callerMarks(state: { tasks: readonly Readonly<TaskView>[] }, perLine = 3): CallerMark[] {
  const byLine = new Map<number, { task: number; name: string }[]>();
  for (const task of state.tasks) {
    if (task.state !== 'waiting' && task.state !== 'ready' && task.state !== 'running') continue;
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
