/**
 * The tasks' marks in the code, at the cursor: each task's line in its colour with chips naming
 * the tasks there, and the line where a runtime error was raised with its message under it.
 *
 * Marks belong to the text their trace was run from. While the person types, the editor's text
 * moves on before the next trace arrives, so the field keeps the changes made since that text and
 * maps every mark through them (mark-mapping.ts): a mark follows its line, and disappears with it.
 */
import { ChangeSet, StateEffect, StateField, Text, type EditorState, type Range } from '@codemirror/state';
import { Decoration, EditorView, WidgetType, type DecorationSet } from '@codemirror/view';
import type { LineMark } from './code-markers.ts';
import { NO_MARKS, type Marks } from './mark-keys.ts';
import { LineMap, changesBetween } from './mark-mapping.ts';
import { colorClass } from '../viz/colors.ts';

export { marksKey, type CodeError, type Marks } from './mark-keys.ts';

/** New marks, and the text they were computed for (the source of the trace they come from). */
export const setMarks = StateEffect.define<{ marks: Marks; source: string }>();

class ChipsWidget extends WidgetType {
  constructor(
    readonly mark: LineMark,
    readonly key: string,
  ) {
    super();
  }
  override eq(other: ChipsWidget): boolean {
    return other.key === this.key;
  }
  toDOM(): HTMLElement {
    const wrap = document.createElement('span');
    wrap.className = 'cm-task-chips';
    for (const task of this.mark.tasks) {
      const chip = document.createElement('span');
      chip.className = `cm-task-chip cm-task-chip--${task.kind} ${colorClass(task.task)}`;
      chip.dataset.task = task.name;
      const icon = task.kind === 'next' ? '▶' : task.kind === 'ready' ? '○' : '‖';
      const label = task.label.length > 40 ? `${task.label.slice(0, 39)}…` : task.label;
      chip.textContent = task.kind === 'waiting' && label !== '' ? `${icon} ${task.name} · ${label}` : `${icon} ${task.name}`;
      chip.title = task.label;
      wrap.append(chip);
    }
    if (this.mark.more > 0) {
      const more = document.createElement('span');
      more.className = 'cm-task-chip cm-task-chip--more';
      more.textContent = `+${this.mark.more.toLocaleString('en-US')} more`;
      wrap.append(more);
    }
    return wrap;
  }
  override ignoreEvent(): boolean {
    return true;
  }
}

class ErrorWidget extends WidgetType {
  constructor(readonly message: string) {
    super();
  }
  override eq(other: ErrorWidget): boolean {
    return other.message === this.message;
  }
  toDOM(): HTMLElement {
    const box = document.createElement('div');
    box.className = 'cm-error-message';
    box.textContent = this.message;
    return box;
  }
}

class CaretWidget extends WidgetType {
  toDOM(): HTMLElement {
    const caret = document.createElement('span');
    caret.className = 'cm-error-caret';
    return caret;
  }
}

function decorate(state: EditorState, marks: Marks, map: LineMap): DecorationSet {
  const ranges: Range<Decoration>[] = [];
  for (const mark of marks.lines) {
    const at = map.line(mark.line);
    if (at === null) continue;
    const line = state.doc.line(at);
    const first = mark.tasks[0];
    const lead = first === undefined ? -1 : first.task;
    ranges.push(
      Decoration.line({
        class: `task-line task-line--${mark.kind} ${colorClass(lead)}`,
        attributes: { 'data-task': first?.name ?? '', 'data-tasks': mark.tasks.map((task) => task.name).join(' '), 'data-line': String(at) },
      }).range(line.from),
    );
    const key = JSON.stringify([mark.tasks.map((task) => [task.task, task.kind, task.label, task.name]), mark.more]);
    ranges.push(Decoration.widget({ widget: new ChipsWidget(mark, key), side: 1 }).range(line.to));
  }
  const error = marks.error;
  const errorLine = error === null ? null : map.line(error.line);
  if (error !== null && errorLine !== null) {
    const line = state.doc.line(errorLine);
    ranges.push(Decoration.line({ class: 'cm-error-line' }).range(line.from));
    const from = Math.max(line.from, Math.min(map.offset(error.from, 1), line.to));
    const to = Math.max(from, Math.min(map.offset(error.to, -1), line.to));
    if (to > from) ranges.push(Decoration.mark({ class: 'cm-error-range' }).range(from, to));
    else ranges.push(Decoration.widget({ widget: new CaretWidget(), side: 1 }).range(from));
    ranges.push(Decoration.widget({ widget: new ErrorWidget(error.message), block: true, side: 1 }).range(line.to));
  }
  return Decoration.set(ranges, true);
}

interface MarksState {
  marks: Marks;
  /** The text the marks were computed for, and the changes made to it since. */
  source: string;
  base: Text;
  changes: ChangeSet;
  decorations: DecorationSet;
}

export const marksField = StateField.define<MarksState>({
  create: (state) => ({ marks: NO_MARKS, source: '', base: state.doc, changes: ChangeSet.empty(state.doc.length), decorations: Decoration.none }),
  update(value, tr) {
    let next = value;
    if (tr.docChanged) next = { ...next, changes: next.changes.compose(tr.changes) };
    for (const effect of tr.effects) {
      if (!effect.is(setMarks)) continue;
      const { marks, source } = effect.value;
      if (source === next.source) {
        next = { ...next, marks };
      } else {
        const doc = tr.state.doc;
        const current = source.length === doc.length && source === doc.toString();
        next = current
          ? { marks, source, base: doc, changes: ChangeSet.empty(doc.length), decorations: next.decorations }
          : { marks, source, base: Text.of(source.split('\n')), changes: changesBetween(source, doc.toString()), decorations: next.decorations };
      }
    }
    if (next === value) return value;
    return { ...next, decorations: decorate(tr.state, next.marks, new LineMap(next.base, next.changes, tr.state.doc)) };
  },
  provide: (field) => EditorView.decorations.from(field, (value) => value.decorations),
});
