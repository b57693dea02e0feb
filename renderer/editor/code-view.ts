/**
 * CodeMirror 6 set up as Loopscope's read-only code panel: Python highlighting, line numbers, the
 * tasks' line marks at the cursor, and a scenario error shown at its line and column. Colours come
 * from the app's CSS variables, so the editor follows the theme without reconfiguring.
 */
import { EditorState, StateEffect, StateField, type Extension, type Range } from '@codemirror/state';
import { Decoration, EditorView, WidgetType, lineNumbers, type DecorationSet } from '@codemirror/view';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { python } from '@codemirror/lang-python';
import { tags as t } from '@lezer/highlight';
import type { LineMark } from './code-markers.ts';
import { PALETTE_SIZE, colorClass } from '../viz/colors.ts';
import { notesExtension } from './code-notes.ts';

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

export const setMarks = StateEffect.define<Marks>();

/** A value that changes exactly when the marks would draw differently. */
export function marksKey(marks: Marks): string {
  return JSON.stringify([marks.lines.map((m) => [m.line, m.kind, m.more, m.tasks.map((t) => [t.task, t.kind, t.label, t.name])]), marks.error]);
}

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

function decorate(state: EditorState, marks: Marks): DecorationSet {
  const ranges: Range<Decoration>[] = [];
  const lines = state.doc.lines;
  for (const mark of marks.lines) {
    if (mark.line < 1 || mark.line > lines) continue;
    const line = state.doc.line(mark.line);
    const first = mark.tasks[0];
    const lead = first === undefined ? -1 : first.task;
    ranges.push(
      Decoration.line({
        class: `task-line task-line--${mark.kind} ${colorClass(lead)}`,
        attributes: { 'data-task': first?.name ?? '', 'data-tasks': mark.tasks.map((task) => task.name).join(' ') },
      }).range(line.from),
    );
    const key = JSON.stringify([mark.tasks.map((task) => [task.task, task.kind, task.label, task.name]), mark.more]);
    ranges.push(Decoration.widget({ widget: new ChipsWidget(mark, key), side: 1 }).range(line.to));
  }
  const error = marks.error;
  if (error !== null && error.line >= 1 && error.line <= lines) {
    const line = state.doc.line(error.line);
    ranges.push(Decoration.line({ class: 'cm-error-line' }).range(line.from));
    const from = Math.max(0, Math.min(error.from, state.doc.length));
    const to = Math.max(from, Math.min(error.to, state.doc.length));
    if (to > from) ranges.push(Decoration.mark({ class: 'cm-error-range' }).range(from, to));
    else ranges.push(Decoration.widget({ widget: new CaretWidget(), side: 1 }).range(from));
    ranges.push(Decoration.widget({ widget: new ErrorWidget(error.message), block: true, side: 1 }).range(line.to));
  }
  return Decoration.set(ranges, true);
}

class CaretWidget extends WidgetType {
  toDOM(): HTMLElement {
    const caret = document.createElement('span');
    caret.className = 'cm-error-caret';
    return caret;
  }
}

export const marksField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, tr) {
    for (const effect of tr.effects) if (effect.is(setMarks)) return decorate(tr.state, effect.value);
    return tr.docChanged ? Decoration.none : value;
  },
  provide: (field) => EditorView.decorations.from(field),
});

const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.definitionKeyword, t.moduleKeyword, t.operatorKeyword], color: 'var(--syn-keyword)', fontWeight: '600' },
  { tag: [t.function(t.definition(t.variableName)), t.definition(t.className)], color: 'var(--syn-def)', fontWeight: '600' },
  { tag: [t.string, t.special(t.string)], color: 'var(--syn-string)' },
  { tag: [t.number, t.bool, t.null], color: 'var(--syn-number)' },
  { tag: [t.comment, t.docString], color: 'var(--syn-comment)', fontStyle: 'italic' },
  { tag: [t.standard(t.variableName), t.self], color: 'var(--syn-builtin)' },
  { tag: [t.operator, t.punctuation], color: 'var(--syn-op)' },
  { tag: t.propertyName, color: 'var(--text)' },
]);

/**
 * All of the editor's styling, marks included, goes through CodeMirror's style modules: the editor
 * lives in a shadow root, where they become constructed style sheets (adoptedStyleSheets), which a
 * strict CSP (style-src 'self', no 'unsafe-inline') allows, unlike injected <style> tags. The app's
 * CSS variables inherit into the shadow root, so the theme still follows the app.
 */
const taskColours = Object.fromEntries(
  [...Array.from({ length: PALETTE_SIZE }, (_, i) => [`.tc-${i}`, { '--task': `var(--tc-${i})` }]), ['.tc-none', { '--task': 'var(--tc-none)' }]],
) as Record<string, Record<string, string>>;

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '14.5px', backgroundColor: 'var(--panel)', color: 'var(--text)' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.65' },
  '.cm-content': { padding: '8px 0' },
  '.cm-gutters': { backgroundColor: 'var(--panel)', color: 'var(--faint)', border: 'none', paddingLeft: '6px' },
  '.cm-lineNumbers .cm-gutterElement': { padding: '0 10px 0 6px', minWidth: '32px' },
  '.cm-line': { padding: '0 12px 0 10px' },
  '&.cm-focused': { outline: 'none' },
  ...taskColours,
  '.task-line--next': { backgroundColor: 'color-mix(in srgb, var(--task) 18%, transparent)', boxShadow: 'inset 4px 0 0 var(--task)' },
  '.task-line--ready': { backgroundColor: 'color-mix(in srgb, var(--task) 9%, transparent)', boxShadow: 'inset 4px 0 0 color-mix(in srgb, var(--task) 55%, transparent)' },
  '.task-line--waiting': { backgroundColor: 'color-mix(in srgb, var(--faint) 12%, transparent)', boxShadow: 'inset 4px 0 0 var(--faint)' },
  '.cm-task-chips': { display: 'inline', marginLeft: '10px' },
  '.cm-task-chip': {
    fontFamily: 'var(--font)',
    fontSize: '11.5px',
    fontWeight: '650',
    lineHeight: '1',
    padding: '3px 7px 3px 6px',
    margin: '0 0 2px 4px',
    borderRadius: '999px',
    whiteSpace: 'nowrap',
    display: 'inline-block',
    verticalAlign: '1px',
  },
  '.cm-task-chip--next': { backgroundColor: 'var(--task)', color: 'var(--panel)' },
  '.cm-task-chip--ready': { color: 'var(--task)', boxShadow: 'inset 0 0 0 1.5px var(--task)' },
  '.cm-task-chip--waiting': {
    color: 'var(--muted)',
    backgroundColor: 'color-mix(in srgb, var(--faint) 16%, transparent)',
    boxShadow: 'inset 3px 0 0 var(--task)',
    fontWeight: '550',
  },
  '.cm-task-chip--more': { color: 'var(--muted)', fontWeight: '550' },
  '.cm-error-line': { backgroundColor: 'var(--danger-soft)' },
  '.cm-error-range': { textDecoration: 'underline wavy var(--danger)', textUnderlineOffset: '3px', textDecorationThickness: '1.5px' },
  '.cm-error-caret': { display: 'inline-block', width: '0', height: '1.2em', verticalAlign: 'text-bottom', boxShadow: '0 0 0 1px var(--danger)' },
  '.cm-error-message': {
    margin: '2px 12px 6px 10px',
    padding: '6px 10px',
    borderLeft: '3px solid var(--danger)',
    backgroundColor: 'var(--danger-soft)',
    color: 'var(--danger)',
    fontFamily: 'var(--font)',
    fontSize: '13px',
    fontWeight: '600',
    borderRadius: '0 6px 6px 0',
  },
});

export function codeExtensions(): Extension[] {
  return [
    lineNumbers(),
    python(),
    syntaxHighlighting(highlight),
    theme,
    EditorState.readOnly.of(true),
    EditorView.editable.of(false),
    EditorView.lineWrapping,
    marksField,
    notesExtension(),
  ];
}
