/**
 * Which source lines to mark at the cursor, and how: each task's current line in the task's
 * colour; the task about to run stands out, suspended tasks are greyed at their await.
 */
import type { TaskStateName, TaskView } from '../../scheduler/trace/state.ts';
import { inRange, type LineRange } from './visible-lines.ts';
import { clippedCode } from '../../scheduler/explain/words.ts';

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
/** The kinds by rank. */
const KINDS: readonly MarkKind[] = ['next', 'ready', 'waiting'];

/** What lineMarks reads of the state at the cursor: tasks by serial, without an object per task. */
export interface MarkSource {
  taskCount: number;
  stateOf(serial: number): TaskStateName | 'not-created';
  lineOf(serial: number): number;
  nameOf(serial: number): string;
  task(serial: number): Readonly<TaskView> | undefined;
  /** What a waiting task awaits, without the rest of its object (a gather's 10,000 blockers among it). */
  waitLabelOf?(serial: number): string | null;
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
  // Per line, the number of tasks and the first `perLine` of each kind (serials ascending): all
  // that the marks list, with no object per task (a line may hold 10,000 of them).
  const byLine = new Map<number, { count: number; best: number; first: number[][] }>();
  for (let serial = 0; serial < state.taskCount; serial++) {
    const line = state.lineOf(serial);
    if (line <= 0 || !inRange(visible, line)) continue;
    const taskState = state.stateOf(serial);
    let kind: MarkKind;
    if (serial === nextTask) kind = 'next';
    else if (taskState === 'ready' || taskState === 'running') kind = 'ready';
    else if (taskState === 'waiting') kind = 'waiting';
    else continue;
    let entry = byLine.get(line);
    if (entry === undefined) byLine.set(line, (entry = { count: 0, best: KINDS.length, first: KINDS.map(() => []) }));
    entry.count++;
    entry.best = Math.min(entry.best, RANK[kind]);
    const first = entry.first[RANK[kind]] as number[];
    if (first.length < perLine) first.push(serial);
  }
  const labelOf = (task: number): string => clippedCode((state.waitLabelOf !== undefined ? state.waitLabelOf(task) : state.task(task)?.waitingFor?.label) ?? '');
  const marks: LineMark[] = [];
  for (const [line, { count, best, first }] of byLine) {
    const tasks: TaskMark[] = [];
    for (let rank = 0; rank < KINDS.length; rank++) {
      for (const task of first[rank] as number[]) {
        if (tasks.length === perLine) break;
        tasks.push({ task, name: state.nameOf(task), kind: KINDS[rank] as MarkKind, state: state.stateOf(task) as TaskStateName, label: labelOf(task) });
      }
    }
    marks.push({ line, tasks, more: Math.max(0, count - perLine), kind: KINDS[best] as MarkKind });
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
