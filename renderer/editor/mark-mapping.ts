/**
 * Keeping the tasks' line marks on the right lines while the text changes under them.
 *
 * Marks come from a trace, and a trace belongs to the text it was run from. While the person
 * types, the editor's text moves on and the next trace has not arrived yet: a mark for line 12
 * must follow its line when a line is inserted above it, and vanish when its line is deleted,
 * rather than sit on whatever line is now number 12. The editor keeps the changes made since the
 * marks' text (CodeMirror's ChangeSet, composed edit by edit) and maps each mark through them.
 * When a trace arrives for a text that is neither the current one nor one the editor has
 * followed, the changes are recovered with a diff.
 */
import { ChangeSet, Text } from '@codemirror/state';
import { diff } from '@codemirror/merge';

/**
 * The changes that turn `before` into `after`, as a ChangeSet over `before`, line by line: a line
 * is kept only when it is unchanged, so a mark never lands on a line whose text it did not see.
 */
export function changesBetween(before: string, after: string): ChangeSet {
  const linesA = before.split('\n');
  const linesB = after.split('\n');
  // One character per distinct line (skipping the surrogates), then a character diff of those.
  const ids = new Map<string, string>();
  const code = (line: string): string => {
    let id = ids.get(line);
    if (id === undefined) {
      const n = 0x100 + ids.size;
      id = String.fromCharCode(n < 0xd800 ? n : n + 0x800);
      ids.set(line, id);
    }
    return id;
  };
  const a = linesA.map(code).join('');
  const b = linesB.map(code).join('');
  if (ids.size > 0xf000) return ChangeSet.of([{ from: 0, to: before.length, insert: after }], before.length);
  // Offsets of each line's start, plus one past the end.
  const starts = (lines: string[]): number[] => {
    const out = [0];
    for (const line of lines) out.push((out[out.length - 1] as number) + line.length + 1);
    return out;
  };
  const startA = starts(linesA);
  const startB = starts(linesB);
  // Bounded: a very different pair of long texts gets a coarser diff, never a slow one.
  const changes = diff(a, b, { scanLimit: 5000, timeout: 50 }).map((c) => {
    // Whole lines with their line breaks; at the end of the text there is no break to take.
    let from = startA[c.fromA] as number;
    let to = (startA[c.toA] as number);
    let fromB = startB[c.fromB] as number;
    let toB = startB[c.toB] as number;
    if (to > before.length || toB > after.length) {
      // A change that reaches the last line: take the break before it instead of after.
      from = Math.max(0, from - 1);
      to = Math.min(to, before.length + 1) - 1;
      fromB = Math.max(0, fromB - 1);
      toB = Math.min(toB, after.length + 1) - 1;
      if (c.fromA === 0 && c.fromB === 0) {
        from = 0;
        fromB = 0;
      }
    }
    return { from, to: Math.max(from, to), insert: after.slice(fromB, Math.max(fromB, toB)) };
  });
  return ChangeSet.of(changes, before.length);
}

/**
 * Maps 1-based line numbers of the text `before` to lines of the text after `changes`: null when
 * the line's text was deleted or replaced whole (what was marked there is gone).
 */
export class LineMap {
  private readonly after: Text;

  /** `after`, when the caller has it, saves applying the changes again. */
  constructor(
    private readonly before: Text,
    private readonly changes: ChangeSet,
    after?: Text,
  ) {
    this.after = after ?? changes.apply(before);
  }

  /** True when nothing changed: every line is where it was. */
  get identity(): boolean {
    return this.changes.empty;
  }

  line(line: number): number | null {
    if (line < 1 || line > this.before.lines) return null;
    if (this.changes.empty) return line;
    const { from, to } = this.before.line(line);
    if (to > from && this.covered(from, to)) return null;
    // Associate forwards: a line break typed at the start of the line pushes it down with it.
    return this.after.lineAt(this.changes.mapPos(from, 1)).number;
  }

  /** True when one changed range spans all of from..to (the text there was deleted or replaced). */
  private covered(from: number, to: number): boolean {
    let covered = false;
    this.changes.iterChangedRanges((fromA, toA) => {
      if (fromA <= from && toA >= to) covered = true;
    });
    return covered;
  }

  /** An offset of `before` in the text after the changes. */
  offset(offset: number, assoc: -1 | 1 = 1): number {
    return this.changes.mapPos(Math.max(0, Math.min(offset, this.before.length)), assoc);
  }
}
