/**
 * What the code view notes at the cursor, besides the tasks' lines: the callers of each
 * suspended task, the loop warnings and lints known so far on their lines, and the line where a
 * CancelledError has just landed. A pure function of the model and the state at the cursor.
 */
import type { TraceModel } from '../viz/model.ts';
import { callerMarks, type CallerSource, type LineNote, type Notes } from '../editor/await-stacks.ts';
import type { LineRange } from '../editor/visible-lines.ts';

export function codeNotes(model: TraceModel, state: CallerSource, cursor: number, visible: LineRange | null = null): Notes {
  const notes: LineNote[] = [];
  const name = (task: number): string => model.lanes.tasks[task]?.name ?? '';
  for (const log of model.logs) {
    if (log.visibleFrom > cursor || log.line <= 0) continue;
    const text =
      log.kind === 'never-retrieved'
        ? `${name(log.task)}: exception never retrieved`
        : log.kind === 'never-awaited'
          ? (/coroutine '[^']*' was never awaited/.exec(log.text)?.[0] ?? log.text)
          : log.text;
    notes.push({ line: log.line, kind: 'warning', text });
  }
  for (const lint of model.lints) {
    if (lint.boundary > cursor) continue;
    const [first, ...others] = lint.lines;
    if (first !== undefined) notes.push({ line: first, kind: 'lint', text: `${lint.id}: ${lint.title}` });
    for (const line of others) if (line !== first) notes.push({ line, kind: 'lint', text: `${lint.id} (see line ${first})` });
  }
  const step = cursor - 1;
  const explain = model.explain;
  if (step >= 0 && step < explain.steps && (explain.stepLands[step] as number) === 1) {
    const line = explain.stepLine[step] as number;
    if (line > 0) notes.push({ line, kind: 'lands', text: `CancelledError lands in ${name(explain.stepTask[step] as number)}` });
  }
  return { callers: callerMarks(state, 3, visible), notes };
}
