/**
 * How the code editor looks: Python highlighting and every style of the editor and its parts (the
 * tasks' marks, problems and their tooltips, the search panel, completions), in the app's colours.
 *
 * All of it goes through CodeMirror's style modules: the editor lives in a shadow root, where they
 * become constructed style sheets (adoptedStyleSheets), which a strict CSP (style-src 'self', no
 * 'unsafe-inline') allows, unlike injected <style> tags. The app's CSS variables inherit into the
 * shadow root, so the editor follows the theme without being reconfigured.
 */
import { EditorView } from '@codemirror/view';
import { HighlightStyle } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';
import { PALETTE_SIZE } from '../viz/colors.ts';

export const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.definitionKeyword, t.moduleKeyword, t.operatorKeyword], color: 'var(--syn-keyword)', fontWeight: '600' },
  { tag: [t.function(t.definition(t.variableName)), t.definition(t.className)], color: 'var(--syn-def)', fontWeight: '600' },
  { tag: [t.string, t.special(t.string)], color: 'var(--syn-string)' },
  { tag: [t.number, t.bool, t.null], color: 'var(--syn-number)' },
  { tag: [t.comment, t.docString], color: 'var(--syn-comment)', fontStyle: 'italic' },
  { tag: [t.standard(t.variableName), t.self], color: 'var(--syn-builtin)' },
  { tag: [t.operator, t.punctuation], color: 'var(--syn-op)' },
  { tag: t.propertyName, color: 'var(--text)' },
]);

const taskColours = Object.fromEntries(
  [...Array.from({ length: PALETTE_SIZE }, (_, i) => [`.tc-${i}`, { '--task': `var(--tc-${i})` }]), ['.tc-none', { '--task': 'var(--tc-none)' }]],
) as Record<string, Record<string, string>>;

const button = {
  fontFamily: 'var(--font)',
  fontSize: '13px',
  fontWeight: '600',
  color: 'var(--text)',
  backgroundColor: 'var(--panel-2)',
  backgroundImage: 'none',
  border: '1px solid var(--line-strong)',
  borderRadius: '6px',
  padding: '3px 10px',
  cursor: 'pointer',
};

export const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '14.5px', backgroundColor: 'var(--panel)', color: 'var(--text)' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.65' },
  '.cm-content': { padding: '8px 0', caretColor: 'var(--text)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)', borderLeftWidth: '2px' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection': {
    backgroundColor: 'color-mix(in srgb, var(--accent) 26%, transparent)',
  },
  '.cm-selectionMatch': { backgroundColor: 'color-mix(in srgb, var(--accent) 14%, transparent)' },
  '&.cm-focused .cm-matchingBracket': { backgroundColor: 'color-mix(in srgb, var(--ok) 22%, transparent)', outline: 'none' },
  '.cm-gutters': { backgroundColor: 'var(--panel)', color: 'var(--faint)', border: 'none', paddingLeft: '6px' },
  '.cm-lineNumbers .cm-gutterElement': { padding: '0 10px 0 6px', minWidth: '32px' },
  '.cm-activeLineGutter': { backgroundColor: 'transparent', color: 'var(--text)', fontWeight: '700' },
  '.cm-line': { padding: '0 12px 0 10px' },
  '&.cm-focused': { outline: 'none' },
  '.cm-specialChar': { color: 'var(--danger)', fontWeight: '700' },
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
    whiteSpace: 'pre-wrap',
  },

  // Problems found while typing (@codemirror/lint): a wavy underline thick enough to see on a
  // projector, a marker in the gutter, and the message with its hint on hover.
  '.cm-lintRange-error': {
    backgroundImage: 'none',
    textDecoration: 'underline wavy var(--danger)',
    textDecorationThickness: '2px',
    textUnderlineOffset: '4px',
    textDecorationSkipInk: 'none',
    backgroundColor: 'color-mix(in srgb, var(--danger) 10%, transparent)',
  },
  '.cm-lintPoint-error:after': { borderBottomColor: 'var(--danger)', borderWidth: '5px', left: '-5px', bottom: '-2px' },
  '.cm-gutter-lint': { width: '1.2em' },
  '.cm-gutter-lint .cm-gutterElement': { padding: '0 0 0 2px' },
  '.cm-lint-marker': { width: '1em', height: '1em', verticalAlign: '-2px' },
  '.cm-tooltip': {
    backgroundColor: 'var(--panel)',
    color: 'var(--text)',
    border: '1px solid var(--line-strong)',
    borderRadius: '8px',
    boxShadow: 'var(--shadow)',
    fontFamily: 'var(--font)',
    overflow: 'hidden',
  },
  // Clear of the line the tooltip is about (lines are taller than their text).
  '.cm-tooltip.cm-tooltip-below': { marginTop: '10px' },
  '.cm-tooltip.cm-tooltip-above': { marginTop: '-10px' },
  '.cm-tooltip-lint': { padding: '0', maxWidth: 'min(620px, 80vw)', maxHeight: '45vh', overflowY: 'auto' },
  '.cm-diagnostic': { padding: '8px 12px 9px', fontSize: '14px', lineHeight: '1.45', whiteSpace: 'normal' },
  '.cm-diagnostic-error': { borderLeft: '4px solid var(--danger)' },
  '.cm-diagnosticSource': { display: 'block', opacity: '1', color: 'var(--danger)', fontSize: '11.5px', fontWeight: '750', letterSpacing: '0.06em', textTransform: 'uppercase', marginTop: '0' },
  '.cm-problem-message': { fontWeight: '650' },
  '.cm-problem-hint': { marginTop: '3px', color: 'var(--muted)' },
  '.cm-diagnosticAction': { ...button, marginLeft: '0', marginRight: '8px', marginTop: '8px', backgroundColor: 'var(--accent)', borderColor: 'var(--accent)', color: 'var(--accent-text)' },
  '.cm-diagnostic .cm-diagnosticSource + .cm-diagnosticAction': { marginLeft: '0' },

  // Search (Ctrl/Cmd+F) and completions, in the app's colours.
  '.cm-panels': { backgroundColor: 'var(--panel-2)', color: 'var(--text)', fontFamily: 'var(--font)' },
  '.cm-panels.cm-panels-top': { borderBottom: '1px solid var(--line)' },
  '.cm-panels.cm-panels-bottom': { borderTop: '1px solid var(--line)' },
  '.cm-search': { fontSize: '13px', padding: '6px 10px' },
  '.cm-search label': { fontSize: '13px' },
  '.cm-textfield': {
    fontFamily: 'var(--mono)',
    fontSize: '13px',
    color: 'var(--text)',
    backgroundColor: 'var(--panel)',
    border: '1px solid var(--line-strong)',
    borderRadius: '6px',
    padding: '3px 6px',
  },
  '.cm-button': { ...button, margin: '2px 3px' },
  '.cm-panel button[name=close]': { color: 'var(--muted)', fontSize: '18px' },
  '.cm-searchMatch': { backgroundColor: 'color-mix(in srgb, var(--warn) 28%, transparent)', outline: '1px solid color-mix(in srgb, var(--warn) 60%, transparent)' },
  '.cm-searchMatch.cm-searchMatch-selected': { backgroundColor: 'color-mix(in srgb, var(--warn) 50%, transparent)' },
  '.cm-tooltip-autocomplete > ul': { fontFamily: 'var(--mono)', fontSize: '13.5px' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--accent)', color: 'var(--accent-text)' },
  '.cm-completionDetail': { color: 'var(--muted)' },
});
