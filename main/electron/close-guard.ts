/**
 * Unsaved changes are never dropped without asking. Before the window closes, the app quits, or
 * another document replaces the one on screen, the person is asked: Save / Don't Save / Cancel,
 * as every desktop editor does. Save of a document without a file of its own goes through Save
 * As, and cancelling that dialog cancels the close too.
 *
 * Two parts, both free of Electron: confirmLeave (the question and what each answer does) and
 * CloseGuard (the window's 'close' event: held until the question is answered, then let through,
 * and a quit that was under way carries on).
 */
import type { SaveResult } from '../common/contract.ts';
import type { ScenarioDocument } from './document.ts';
import type { MessageBox } from './saving.ts';

export type LeaveAnswer = 'save' | 'discard' | 'cancel';

const ANSWERS: readonly LeaveAnswer[] = ['save', 'discard', 'cancel'];

/** The question, as a native message box (VS Code's wording). */
export function leavePrompt(document: ScenarioDocument): MessageBox {
  return {
    type: 'warning',
    message: `Do you want to save the changes you made to ${document.name}?`,
    detail: 'Your changes will be lost if you don’t save them.',
    buttons: ['Save', 'Don’t Save', 'Cancel'],
    defaultId: 0,
    cancelId: 2,
  };
}

/** The button chosen in leavePrompt's box, as an answer (Escape and closing the box: cancel). */
export function leaveAnswer(button: number): LeaveAnswer {
  return ANSWERS[button] ?? 'cancel';
}

export interface LeaveDeps {
  /** Bring in the page's newest text (closing right after typing must not lose the last keys). */
  flush(): Promise<void>;
  /** The document on screen, after the flush. */
  document(): ScenarioDocument | null;
  ask(document: ScenarioDocument): Promise<LeaveAnswer>;
  /** Save it (in place, or through Save As for an untitled or gallery document). */
  save(document: ScenarioDocument): Promise<SaveResult>;
  /** "Don't Save": its edits, and their backup, go. */
  discard(document: ScenarioDocument): Promise<void>;
}

/** True when the document may go: it had no edits, or they were saved or given up. */
export async function confirmLeave(deps: LeaveDeps): Promise<boolean> {
  await deps.flush();
  const document = deps.document();
  if (document === null || !document.dirty) return true;
  switch (await deps.ask(document)) {
    case 'save':
      // 'cancelled' (the Save As dialog, a conflict) and 'failed' (told already) keep the window.
      return (await deps.save(document)) === 'saved';
    case 'discard':
      await deps.discard(document);
      return true;
    case 'cancel':
      return false;
  }
}

interface Preventable {
  preventDefault(): void;
}

export interface ClosableWindow {
  close(): void;
}

/**
 * The window's side: `close` holds the close event until confirm() answers, then closes the
 * window for real; `beforeQuit` notes a quit, which carries on once the window has closed (and
 * is dropped if the person cancels). A second close while the question is up waits for it.
 */
export class CloseGuard {
  private allowed = false;
  private asking = false;
  private quitting = false;

  constructor(
    private readonly confirm: () => Promise<boolean>,
    private readonly quit: () => void,
    private readonly reportError: (error: unknown) => void = (error) => console.error('Loopscope: the close prompt failed:', error),
  ) {}

  /** app 'before-quit'. */
  beforeQuit(): void {
    this.quitting = true;
  }

  /** BrowserWindow 'close'. */
  close(event: Preventable, window: ClosableWindow): void {
    if (this.allowed) return;
    event.preventDefault();
    if (this.asking) return;
    this.asking = true;
    this.confirm().then(
      (go) => this.answered(go, window),
      (error: unknown) => {
        // A failure of the question itself must not trap the person in the app nor drop
        // their text: keep the window (its hot-exit backup is on disk).
        this.reportError(error);
        this.answered(false, window);
      },
    );
  }

  /** A new window: guarded afresh. */
  reset(): void {
    this.allowed = false;
    this.asking = false;
  }

  private answered(go: boolean, window: ClosableWindow): void {
    this.asking = false;
    if (!go) {
      this.quitting = false;
      return;
    }
    this.allowed = true;
    window.close();
    if (this.quitting) this.quit();
  }
}
