/**
 * What the code view marks at the cursor, as plain data with no CodeMirror in it: the page builds
 * it on every step, and the editor (loaded apart from the first frame, code-editor.ts) or its
 * read-only stand-in (CodeView.svelte) draws it. The keys change exactly when a drawing would, so
 * an unchanged step costs the editor nothing.
 */
import type { LineMark } from './code-markers.ts';
import type { Notes } from './await-stacks.ts';

/** A line to mark as an error, with the message shown under it. */
export interface CodeError {
  from: number;
  to: number;
  line: number;
  message: string;
}

export interface Marks {
  lines: LineMark[];
  error: CodeError | null;
}

export const NO_MARKS: Marks = { lines: [], error: null };
export const NO_NOTES: Notes = { callers: [], notes: [] };

/** A value that changes exactly when the marks would draw differently. */
export function marksKey(marks: Marks): string {
  return JSON.stringify([marks.lines.map((m) => [m.line, m.kind, m.more, m.tasks.map((t) => [t.task, t.kind, t.label, t.name])]), marks.error]);
}

/** A value that changes exactly when the notes would draw differently. */
export function notesKey(notes: Notes): string {
  return JSON.stringify([notes.callers.map((c) => [c.line, c.more, c.tasks.map((t) => t.task)]), notes.notes]);
}
