/**
 * Where a run's uncaught exception was raised, as a mark in the code: the statement of the line
 * that raised, in the frame of the task that raised, with the exception and the task under it.
 * (TraceEnd carries the line and the task when the interpreter knows them.)
 */
import type { TraceModel } from '../viz/model.ts';
import type { CodeError } from '../editor/mark-keys.ts';
import { offsetOf } from '../editor/code-markers.ts';

export function runtimeErrorMark(model: TraceModel | null, source: string): CodeError | null {
  const end = model?.end;
  if (model === null || end === undefined || end === null || end.kind !== 'error' || end.line === undefined || end.line < 1) return null;
  const lineStart = offsetOf(source, end.line, 1);
  const lineEnd = offsetOf(source, end.line + 1, 1);
  const text = source.slice(lineStart, lineEnd).replace(/\r?\n$/, '');
  const indent = text.length - text.trimStart().length;
  const task = end.task === undefined || end.task < 0 ? null : (model.lanes.tasks.find((t) => t.serial === end.task)?.name ?? null);
  const where = task === null ? 'raised here, outside any task' : `raised here, in task ${task}`;
  return { line: end.line, from: lineStart + indent, to: lineStart + text.trimEnd().length, message: `${end.exception} — ${where}` };
}
