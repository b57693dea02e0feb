/**
 * Marks drawn on a task's lane at a step: where a CancelledError lands (the task's step that
 * receives it), where a step blocks the loop, and where a loop warning names a task. Read from
 * the explanation index and the loop's warnings, so a worker can lay them out beside the model.
 */
import type { ExplainIndex } from './index.ts';
import { duration } from './words.ts';

export interface LaneMark {
  task: number;
  /** The boundary it belongs to: the step it happened in is boundary - 1 (a landing: the step itself). */
  step: number;
  kind: 'lands' | 'warning' | 'blocked';
  text: string;
}

/** What a mark needs of a loop warning. */
export interface MarkedLog {
  /** The boundary from which it has been written. */
  visibleFrom: number;
  text: string;
  /** never-retrieved, never-awaited, callback-error... */
  kind: string;
  /** The task it is about (-1: none). */
  task: number;
}

/** The marks of a run, by task then step. */
export function laneMarksOf(explain: Pick<ExplainIndex, 'steps' | 'stepLands' | 'stepTask' | 'blocks'>, logs: readonly MarkedLog[]): LaneMark[] {
  const marks: LaneMark[] = [];
  for (let step = 0; step < explain.steps; step++) {
    if ((explain.stepLands[step] as number) === 1) marks.push({ task: explain.stepTask[step] as number, step, kind: 'lands', text: 'CancelledError' });
  }
  for (const block of explain.blocks) {
    if (block.step >= 0 && block.task >= 0) marks.push({ task: block.task, step: block.step, kind: 'blocked', text: `blocks the loop ${duration(block.seconds)}` });
  }
  for (const log of logs) {
    if (log.task < 0) continue;
    const text = log.kind === 'never-retrieved' ? 'exception never retrieved' : log.kind === 'never-awaited' ? (/coroutine '[^']*' was never awaited/.exec(log.text)?.[0] ?? 'never awaited') : log.text;
    marks.push({ task: log.task, step: log.visibleFrom, kind: 'warning', text });
  }
  return marks.sort((a, b) => a.task - b.task || a.step - b.step);
}
