/**
 * Which source lines to mark at the cursor, and how: each task's current line in the task's
 * colour; the task about to run stands out, suspended tasks are greyed at their await.
 */
import type { TaskStateName, TaskView } from '../../scheduler/trace/state.ts';
import { inRange, type LineRange } from './visible-lines.ts';

export type MarkKind = 'next' | 'ready' | 'waiting';

export interface TaskMark {
  task: number;
  name: string;
  kind: MarkKind;
  state: TaskStateName;
  /** What a waiting task awaits. */
  label: string;
}

export interface LineMark {
  line: number;
  /** The most important mark first (next, then ready, then waiting); capped, see `more`. */
  tasks: TaskMark[];
  /** Tasks on this line beyond the cap. */
  more: number;
  /** The strongest kind on the line. */
  kind: MarkKind;
}

const RANK: Record<MarkKind, number> = { next: 0, ready: 1, waiting: 2 };

/** What lineMarks reads of the state at the cursor: tasks by serial, without an object per task. */
export interface MarkSource {
  taskCount: number;
  stateOf(serial: number): TaskStateName | 'not-created';
  lineOf(serial: number): number;
  nameOf(serial: number): string;
  task(serial: number): Readonly<TaskView> | undefined;
}

/**
 * Line marks for a state. `nextTask` is the task whose handle runs next (-1: a callback or the end).
 * Finished tasks are not marked. At most `perLine` tasks are listed on one line.
 *
 * A step on a 10,000-task trace reads each task's state and line from columns; names and what a
 * task waits for are read only for the marks listed (at most `perLine` a line), and only lines in
 * `visible` (the lines on screen, visible-lines.ts; null: all) are marked. Counts stay exact.
 */
export function lineMarks(state: MarkSource, nextTask: number, perLine = 4, visible: LineRange | null = null): LineMark[] {
  const byLine = new Map<number, { task: number; kind: MarkKind }[]>();
  for (let serial = 0; serial < state.taskCount; serial++) {
    const line = state.lineOf(serial);
    if (line <= 0 || !inRange(visible, line)) continue;
    const taskState = state.stateOf(serial);
    let kind: MarkKind;
    if (serial === nextTask) kind = 'next';
    else if (taskState === 'ready' || taskState === 'running') kind = 'ready';
    else if (taskState === 'waiting') kind = 'waiting';
    else continue;
    let list = byLine.get(line);
    if (list === undefined) byLine.set(line, (list = []));
    list.push({ task: serial, kind });
  }
  const marks: LineMark[] = [];
  for (const [line, list] of byLine) {
    list.sort((a, b) => RANK[a.kind] - RANK[b.kind] || a.task - b.task);
    const tasks = list.slice(0, perLine).map(({ task, kind }): TaskMark => {
      const view = state.task(task);
      return { task, name: state.nameOf(task), kind, state: state.stateOf(task) as TaskStateName, label: view?.waitingFor?.label ?? '' };
    });
    marks.push({ line, tasks, more: Math.max(0, list.length - perLine), kind: (list[0] as { kind: MarkKind }).kind });
  }
  return marks.sort((a, b) => a.line - b.line);
}

/** UTF-16 offset of a 1-based line and 1-based code-point column in `source`. */
export function offsetOf(source: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = source.indexOf('\n', offset);
    if (next === -1) return source.length;
    offset = next + 1;
  }
  let end = source.indexOf('\n', offset);
  if (end === -1) end = source.length;
  let col = 1;
  while (col < column && offset < end) {
    const code = source.codePointAt(offset) as number;
    offset += code > 0xffff ? 2 : 1;
    col++;
  }
  return offset;
}
