/**
 * The explanations' marks in the code, apart from the tasks' own line marks (code-markers.ts):
 *   - whole await stacks: each caller frame a suspended task is inside gets a greyed chip on the
 *     line of its `await` (the innermost frame is the task's own mark);
 *   - loop warnings and learner lints on the lines they point at, from the step they happen;
 *   - where a CancelledError has just landed.
 * A CodeMirror state field of its own, fed by setNotes, with its styles in its own theme.
 */
import { StateEffect, StateField, type EditorState, type Range } from '@codemirror/state';
import { Decoration, EditorView, WidgetType, type DecorationSet } from '@codemirror/view';
import { colorClass } from '../viz/colors.ts';
import type { CallerMark, LineNote, Notes } from './await-stacks.ts';

export { callerMarks, type CallerMark, type LineNote, type Notes } from './await-stacks.ts';
export { NO_NOTES, notesKey } from './mark-keys.ts';

export const setNotes = StateEffect.define<Notes>();

class CallersWidget extends WidgetType {
  constructor(
    readonly mark: CallerMark,
    readonly key: string,
  ) {
    super();
  }
  override eq(other: CallersWidget): boolean {
    return other.key === this.key;
  }
  toDOM(): HTMLElement {
    const wrap = document.createElement('span');
    wrap.className = 'cm-caller-chips';
    wrap.dataset.widget = 'callers';
    for (const task of this.mark.tasks) {
      const chip = document.createElement('span');
      chip.className = `cm-caller-chip ${colorClass(task.task)}`;
      chip.dataset.task = task.name;
      chip.textContent = `⤷ ${task.name}`;
      chip.title = `${task.name} is suspended inside the call made here`;
      wrap.append(chip);
    }
    if (this.mark.more > 0) {
      const more = document.createElement('span');
      more.className = 'cm-caller-chip';
      more.textContent = `+${this.mark.more.toLocaleString('en-US')}`;
      wrap.append(more);
    }
    return wrap;
  }
  override ignoreEvent(): boolean {
    return true;
  }
}

class NoteWidget extends WidgetType {
  constructor(readonly note: LineNote) {
    super();
  }
  override eq(other: NoteWidget): boolean {
    return other.note.kind === this.note.kind && other.note.text === this.note.text;
  }
  toDOM(): HTMLElement {
    const box = document.createElement('span');
    box.className = `cm-explain-note cm-explain-note--${this.note.kind}`;
    box.dataset.widget = 'note';
    box.dataset.kind = this.note.kind;
    const glyph = this.note.kind === 'warning' ? '⚠ ' : this.note.kind === 'lands' ? '⚡ ' : 'lint · ';
    box.textContent = `${glyph}${this.note.text}`;
    box.title = this.note.text;
    return box;
  }
  override ignoreEvent(): boolean {
    return true;
  }
}

function decorate(state: EditorState, notes: Notes): DecorationSet {
  const ranges: Range<Decoration>[] = [];
  const lines = state.doc.lines;
  for (const mark of notes.callers) {
    if (mark.line < 1 || mark.line > lines) continue;
    const line = state.doc.line(mark.line);
    ranges.push(Decoration.line({ class: 'cm-caller-line', attributes: { 'data-callers': mark.tasks.map((t) => t.name).join(' ') } }).range(line.from));
    ranges.push(Decoration.widget({ widget: new CallersWidget(mark, JSON.stringify([mark.tasks, mark.more])), side: 2 }).range(line.to));
  }
  for (const note of notes.notes) {
    if (note.line < 1 || note.line > lines) continue;
    const line = state.doc.line(note.line);
    ranges.push(Decoration.line({ class: `cm-note-line cm-note-line--${note.kind}` }).range(line.from));
    ranges.push(Decoration.widget({ widget: new NoteWidget(note), side: 3 }).range(line.to));
  }
  return Decoration.set(ranges, true);
}

export const notesField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, tr) {
    for (const effect of tr.effects) if (effect.is(setNotes)) return decorate(tr.state, effect.value);
    return tr.docChanged ? Decoration.none : value;
  },
  provide: (field) => EditorView.decorations.from(field),
});

const notesTheme = EditorView.theme({
  '.cm-caller-line': { backgroundImage: 'linear-gradient(90deg, color-mix(in srgb, var(--faint) 14%, transparent), transparent 60%)' },
  '.cm-caller-chips': { display: 'inline', marginLeft: '8px' },
  '.cm-caller-chip': {
    fontFamily: 'var(--font)',
    fontSize: '11.5px',
    fontWeight: '550',
    lineHeight: '1',
    padding: '3px 7px 3px 6px',
    margin: '0 0 2px 4px',
    borderRadius: '999px',
    whiteSpace: 'nowrap',
    display: 'inline-block',
    verticalAlign: '1px',
    color: 'var(--faint)',
    backgroundColor: 'color-mix(in srgb, var(--faint) 12%, transparent)',
    boxShadow: 'inset 0 0 0 1px color-mix(in srgb, var(--task) 45%, transparent)',
  },
  '.cm-note-line--warning': { backgroundColor: 'var(--danger-soft)' },
  '.cm-note-line--lint': { boxShadow: 'inset -4px 0 0 var(--warn)' },
  '.cm-note-line--lands': { backgroundColor: 'var(--warn-soft)' },
  '.cm-explain-note': {
    fontFamily: 'var(--font)',
    fontSize: '12px',
    fontWeight: '650',
    marginLeft: '10px',
    padding: '1px 7px',
    borderRadius: '5px',
    whiteSpace: 'nowrap',
    display: 'inline-block',
    maxWidth: '46ch',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    verticalAlign: 'bottom',
  },
  '.cm-explain-note--warning': { color: 'var(--danger)', backgroundColor: 'color-mix(in srgb, var(--danger) 12%, transparent)' },
  '.cm-explain-note--lint': { color: 'var(--warn)', backgroundColor: 'var(--warn-soft)' },
  '.cm-explain-note--lands': { color: 'var(--warn)', backgroundColor: 'color-mix(in srgb, var(--warn) 14%, transparent)' },
});

/** The field and its styles, for the editor's extensions. */
export function notesExtension(): [typeof notesField, typeof notesTheme] {
  return [notesField, notesTheme];
}
