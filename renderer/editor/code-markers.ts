/**
 * Which source lines to mark at the cursor, and how: each task's current line in the task's
 * colour; the task about to run stands out, suspended tasks are greyed at their await.
 */
import type { TaskStateName, TaskView } from '../../scheduler/trace/state.ts';

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

/**
 * Line marks for a state. `nextTask` is the task whose handle runs next (-1: a callback or the end).
 * Finished tasks are not marked. At most `perLine` tasks are listed on one line.
 */
export function lineMarks(state: { tasks: readonly Readonly<TaskView>[] }, nextTask: number, perLine = 4): LineMark[] {
  const byLine = new Map<number, TaskMark[]>();
  for (const task of state.tasks) {
    if (task.line <= 0) continue;
    let kind: MarkKind;
    if (task.serial === nextTask) kind = 'next';
    else if (task.state === 'ready' || task.state === 'running') kind = 'ready';
    else if (task.state === 'waiting') kind = 'waiting';
    else continue;
    let list = byLine.get(task.line);
    if (list === undefined) byLine.set(task.line, (list = []));
    list.push({ task: task.serial, name: task.name, kind, state: task.state, label: task.waitingFor?.label ?? '' });
  }
  const marks: LineMark[] = [];
  for (const [line, list] of byLine) {
    list.sort((a, b) => RANK[a.kind] - RANK[b.kind] || a.task - b.task);
    marks.push({ line, tasks: list.slice(0, perLine), more: Math.max(0, list.length - perLine), kind: (list[0] as TaskMark).kind });
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
