/**
 * The teaching overlays of the page (the "?" sheet, the quiz, the export dialog), which one is
 * open, and the teaching keys this part of the app answers: speed, the sheet, the quiz, export,
 * and the clicker's Page Down / Page Up. The other teaching keys (presentation, chapters,
 * bookmarks, hiding tasks) return false here, for the parts of the app that own them.
 */
import { nextSpeed } from './playback.ts';
import type { Session } from './session.svelte.ts';
import type { TeachingCommand } from '../teach/teaching-keys.ts';

export class TeachUi {
  /** The "?" sheet of shortcuts. */
  sheet = $state(false);
  /** The quiz bar (predict the next step). */
  quiz = $state(false);
  /** The export dialog. */
  exporting = $state(false);

  /** A modal overlay has the keyboard: the page's own keys wait. */
  get modal(): boolean {
    return this.sheet || this.exporting;
  }
}

/** The page's one instance (components import it; tests reset it through the page). */
export const teachUi = new TeachUi();

/** Do a teaching command when it is one of ours; true when it was. */
export function runTeachingCommand(session: Session, command: TeachingCommand, ui: TeachUi = teachUi): boolean {
  switch (command.kind) {
    case 'speed':
      session.setSpeed(nextSpeed(session.speed, command.by));
      return true;
    case 'step':
      session.go(command.by === 1 ? 'step-forward' : 'step-back');
      return true;
    case 'shortcuts':
      ui.sheet = !ui.sheet;
      return true;
    case 'quiz':
      if (session.model === null) return false;
      ui.quiz = !ui.quiz;
      return true;
    case 'export':
      if (session.model === null) return false;
      ui.exporting = true;
      return true;
    default:
      return false;
  }
}
