/**
 * The window's keys: in order, the browser's file shortcuts (the desktop app's are its menu's
 * accelerators), F5 for presentation mode wherever the focus is, then, outside text fields and
 * dialogs, the teaching keys (teaching.svelte.ts, renderer/teach/teaching-keys.ts) and the
 * session's playback and view keys (session.svelte.ts).
 */
import type { Host } from './host.ts';
import type { Session } from './session.svelte.ts';
import type { Teaching } from '../teach/teaching.svelte.ts';
import { runTeachingCommand, teachUi } from './teach-ui.svelte.ts';
import { isTypingTarget } from './typing-target.ts';
import { chordOf } from '../teach/shortcuts.ts';
import { teachingCommand } from '../teach/teaching-keys.ts';

export function appKeys(host: Host, session: Session, teaching: Teaching): { onKeydown(event: KeyboardEvent): void; onKeyup(event: KeyboardEvent): void } {
  /** File shortcuts. In the desktop app they are the menu's accelerators; the browser needs its own. */
  function fileShortcut(event: KeyboardEvent): boolean {
    if (host.kind !== 'web' || !(event.ctrlKey || event.metaKey) || event.altKey) return false;
    switch (event.key.toLowerCase()) {
      case 's':
        void session.save(event.shiftKey);
        return true;
      case 'o':
        if (event.shiftKey) return false;
        session.openDialog();
        return true;
      case 'n':
        // Most browsers keep Ctrl+N (a new window) for themselves; where it arrives, it is ours.
        if (event.shiftKey) return false;
        session.newScenario();
        return true;
      default:
        return false;
    }
  }

  function onKeydown(event: KeyboardEvent): void {
    if (event.defaultPrevented) return;
    if (fileShortcut(event)) {
      event.preventDefault();
      return;
    }
    // F5 (presentation mode) wherever the focus is: in a browser it would reload the page.
    if (event.key === 'F5' && session.question === null && !teachUi.modal && teaching.key(event)) {
      event.preventDefault();
      return;
    }
    if (isTypingTarget(event)) return;
    if (session.question !== null || session.comparing || teachUi.modal) return;
    // Enter on a focused button is the button's; Space is always play/pause.
    if (event.key === 'Enter') return;
    // The teaching keys first (presentation, chapters, bookmarks, hidden tasks: teaching.svelte.ts;
    // the quiz, exports, the sheet and speed: renderer/teach/teaching-keys.ts), then playback and view.
    if (teaching.key(event)) {
      event.preventDefault();
      return;
    }
    const command = event.ctrlKey || event.metaKey || event.altKey ? null : teachingCommand(chordOf(event), { cursor: session.cursor, steps: session.steps, chapters: [], bookmarks: [] });
    if (command !== null && runTeachingCommand(session, command)) {
      event.preventDefault();
      return;
    }
    if (session.key(event)) event.preventDefault();
  }
  function onKeyup(event: KeyboardEvent): void {
    // Stop a focused button from also "clicking" on the Space that toggled playback.
    if (event.key === ' ' && event.target instanceof HTMLButtonElement) event.preventDefault();
  }

  return { onKeydown, onKeyup };
}
