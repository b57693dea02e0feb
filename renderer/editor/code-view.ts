/**
 * CodeMirror 6 set up as Loopscope's code editor: Python with highlighting, line numbers, undo
 * history, search, bracket matching and closing, completion from the file's own names, the
 * problems found while typing, and the tasks' marks at the cursor (task-marks.ts).
 *
 * Escape leaves the editor (after closing a completion or the search panel), so the app's
 * single-key shortcuts work again; Tab indents while the editor has focus.
 */
import { EditorState, type Extension } from '@codemirror/state';
import {
  EditorView,
  crosshairCursor,
  drawSelection,
  dropCursor,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  rectangularSelection,
} from '@codemirror/view';
import { bracketMatching, indentOnInput, indentUnit, syntaxHighlighting } from '@codemirror/language';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { lintKeymap } from '@codemirror/lint';
import { python } from '@codemirror/lang-python';
import { highlight, theme } from './code-theme.ts';
import { marksField } from './task-marks.ts';
import { problemsExtension, type ProblemsOptions } from './problems.ts';
import { notesExtension } from './code-notes.ts';

export { setMarks } from './task-marks.ts';
export { marksKey, type CodeError, type Marks } from './mark-keys.ts';

export interface EditorOptions extends Omit<ProblemsOptions, 'checker'> {
  /** The checker worker; without one (the standalone player) nothing is checked. */
  checker: ProblemsOptions['checker'] | null;
  /** A code view only (the standalone player): no editing. */
  readOnly: boolean;
  /** Every change of the text, with the new text. */
  onEdit: (text: string) => void;
}

/** Characters that look like spaces or nothing but are not what Python reads: drawn visibly. */
const ODD_SPACES = /[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g;

/**
 * A special character drawn as a red dot (a no-break space looks like a space but is not one to
 * Python), named in its tooltip; data-char holds the character itself.
 */
function renderSpecialChar(code: number, description: string | null, placeholder: string): HTMLElement {
  const span = document.createElement('span');
  span.className = 'cm-specialChar';
  span.textContent = /\s/.test(String.fromCharCode(code)) ? '·' : placeholder;
  span.title = `${description ?? 'Special character'} (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
  span.dataset.char = String.fromCharCode(code);
  return span;
}

/** Esc: leave the editor, so Space, the arrows, +, −, 0 and T drive the app again. */
const leaveEditor = keymap.of([
  {
    key: 'Escape',
    run: (view) => {
      view.contentDOM.blur();
      return true;
    },
  },
]);

export function codeExtensions(options: EditorOptions): Extension[] {
  const { checker } = options;
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars({ addSpecialChars: ODD_SPACES, render: renderSpecialChar }),
    history(),
    drawSelection(),
    dropCursor(),
    EditorState.allowMultipleSelections.of(true),
    indentOnInput(),
    indentUnit.of('    '),
    python(),
    syntaxHighlighting(highlight),
    bracketMatching(),
    closeBrackets(),
    autocompletion({ activateOnTypingDelay: 250 }),
    rectangularSelection(),
    crosshairCursor(),
    highlightSelectionMatches(),
    search({ top: true }),
    keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap, indentWithTab]),
    leaveEditor,
    theme,
    EditorView.lineWrapping,
    EditorView.contentAttributes.of({ 'aria-label': 'Scenario code' }),
    // A file dropped on the code opens it (the page's drop handler), rather than pasting its text in.
    EditorView.domEventHandlers({ drop: (event) => (event.dataTransfer?.files.length ?? 0) > 0 }),
    marksField,
    notesExtension(),
    checker === null ? [] : problemsExtension({ ...options, checker }),
    options.readOnly ? [EditorState.readOnly.of(true), EditorView.editable.of(false)] : [],
    EditorView.updateListener.of((update) => {
      if (update.docChanged) options.onEdit(update.state.doc.toString());
    }),
  ];
}
