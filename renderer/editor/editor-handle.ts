/**
 * What the rest of the page may ask of the code editor: the text as it is now, commands run from
 * outside it (the problems list, the quick fix's button, a reload from disk), and focus. The
 * editor component attaches its editor once it has loaded (CodeMirror is not in the first frame's
 * bundle: code-editor.ts); until then, and without one, every call is a no-op.
 */

/** The commands an editor answers (code-editor.ts implements them on CodeMirror). */
export interface EditorCommands {
  text(): string;
  straighten(): boolean;
  typographyCount(): number;
  goTo(offset: number): void;
  replaceAll(text: string): void;
  focus(): void;
  readonly focused: boolean;
}

export class EditorHandle {
  private editor: EditorCommands | null = null;

  attach(editor: EditorCommands | null): void {
    this.editor = editor;
  }

  /** The editor's text now (null without an editor). */
  text(): string | null {
    return this.editor?.text() ?? null;
  }

  /** Straighten pasted typography in one undoable step; false when there was none. */
  straighten(): boolean {
    return this.editor?.straighten() ?? false;
  }

  typographyCount(): number {
    return this.editor?.typographyCount() ?? 0;
  }

  /** Put the caret at `offset`, scroll it into view and focus the editor. */
  goTo(offset: number): void {
    this.editor?.goTo(offset);
  }

  /** Replace the whole text as one edit the person can undo (a reload from disk). */
  replaceAll(text: string): void {
    this.editor?.replaceAll(text);
  }

  focus(): void {
    this.editor?.focus();
  }

  get focused(): boolean {
    return this.editor?.focused ?? false;
  }
}
