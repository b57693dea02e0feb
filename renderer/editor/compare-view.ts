/**
 * Two texts side by side, with their differences marked (@codemirror/merge): the file on disk on
 * the left, the editor's text on the right, whole (scenarios are short: no folded stretches).
 * Both read-only: the choice is made with the bar's buttons (Reload, Keep mine).
 */
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView, lineNumbers } from '@codemirror/view';
import { syntaxHighlighting } from '@codemirror/language';
import { python } from '@codemirror/lang-python';
import { MergeView } from '@codemirror/merge';
import { highlight, theme } from './code-theme.ts';

const compareTheme = EditorView.theme({
  '&': { height: 'auto' },
  '&.cm-merge-a .cm-changedLine, .cm-deletedChunk': { backgroundColor: 'color-mix(in srgb, var(--danger) 12%, transparent)' },
  '&.cm-merge-b .cm-changedLine, .cm-inlineChangedLine': { backgroundColor: 'color-mix(in srgb, var(--ok) 14%, transparent)' },
  '&.cm-merge-a .cm-changedText': { background: 'color-mix(in srgb, var(--danger) 30%, transparent)' },
  '&.cm-merge-b .cm-changedText': { background: 'color-mix(in srgb, var(--ok) 32%, transparent)' },
  '&.cm-merge-a .cm-changedLineGutter, .cm-deletedLineGutter': { background: 'var(--danger)' },
  '&.cm-merge-b .cm-changedLineGutter': { background: 'var(--ok)' },
});

function side(doc: string): { doc: string; extensions: Extension[] } {
  return {
    doc,
    extensions: [lineNumbers(), python(), syntaxHighlighting(highlight), theme, compareTheme, EditorView.lineWrapping, EditorState.readOnly.of(true), EditorView.editable.of(false)],
  };
}

export function compareView(root: ShadowRoot, onDisk: string, mine: string): MergeView {
  return new MergeView({ a: side(onDisk), b: side(mine), parent: root, root, gutter: true });
}
