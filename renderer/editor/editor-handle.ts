/**
 * What the rest of the page may ask of the code editor: the text as it is now, commands run from
 * outside it (the problems list, the quick fix's button, a reload from disk), and focus. The
 * editor component attaches its view; without one every call is a no-op.
 */
import { EditorSelection } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import { straightenTypography, typographyCount } from './problems.ts';

export class EditorHandle {
  private view: EditorView | null = null;

  attach(view: EditorView | null): void {
    this.view = view;
  }

  /** The editor's text now (null without an editor). */
  text(): string | null {
    return this.view?.state.doc.toString() ?? null;
  }

  /** Straighten pasted typography in one undoable step; false when there was none. */
  straighten(): boolean {
    return this.view === null ? false : straightenTypography(this.view);
  }

  typographyCount(): number {
    return this.view === null ? 0 : typographyCount(this.view.state);
  }

  /** Put the caret at `offset`, scroll it into view and focus the editor. */
  goTo(offset: number): void {
    const view = this.view;
    if (view === null) return;
    const at = Math.max(0, Math.min(offset, view.state.doc.length));
    view.dispatch({ selection: EditorSelection.cursor(at), scrollIntoView: true });
    view.focus();
  }

  /** Replace the whole text as one edit the person can undo (a reload from disk). */
  replaceAll(text: string): void {
    const view = this.view;
    if (view === null || view.state.doc.toString() === text) return;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, userEvent: 'input.reload' });
  }

  focus(): void {
    this.view?.focus();
  }

  get focused(): boolean {
    return this.view?.hasFocus ?? false;
  }
}
