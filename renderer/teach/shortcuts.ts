/**
 * Every keyboard shortcut of the app, in one table, for the "?" sheet to list and the key handling
 * to follow. The teaching keys (presentation, chapters, bookmarks, hiding tasks) are answered by
 * renderer/teach/teaching.svelte.ts, the playback and view keys by the session. Keys are written as KeyboardEvent.key values, with "Shift+" for named keys
 * pressed with Shift.
 */

export type ShortcutGroup = 'Playback' | 'View' | 'Teaching' | 'Quiz' | 'File';

export interface Shortcut {
  /** Any of these keys does it. */
  keys: string[];
  /** What it does, as the sheet says it. */
  does: string;
  group: ShortcutGroup;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: [' '], does: 'Play or pause', group: 'Playback' },
  { keys: ['ArrowRight', 'PageDown'], does: 'Step forward one handle (a presenter’s clicker sends Page Down)', group: 'Playback' },
  { keys: ['ArrowLeft', 'PageUp'], does: 'Step back one handle', group: 'Playback' },
  { keys: ['Shift+ArrowRight'], does: 'Step forward one loop tick', group: 'Playback' },
  { keys: ['Shift+ArrowLeft'], does: 'Step back one loop tick', group: 'Playback' },
  { keys: ['Home'], does: 'Jump to the start', group: 'Playback' },
  { keys: ['End'], does: 'Jump to the end', group: 'Playback' },
  { keys: ['>'], does: 'Play faster', group: 'Playback' },
  { keys: ['<'], does: 'Play slower', group: 'Playback' },
  { keys: ['+', '='], does: 'Zoom in', group: 'View' },
  { keys: ['-'], does: 'Zoom out', group: 'View' },
  { keys: ['0'], does: 'Show the whole run', group: 'View' },
  { keys: ['t'], does: 'Switch between the tick axis and the time axis', group: 'View' },
  { keys: ['a'], does: 'Draw every cause-and-effect arrow in view, or only those at the cursor', group: 'View' },
  { keys: ['d'], does: 'Detailed narration (handles and futures named), or the beginner’s', group: 'View' },
  { keys: ['?'], does: 'Show this list of shortcuts', group: 'View' },
  { keys: ['Escape'], does: 'Close this list, the export dialog or the quiz; in the code, Esc then Tab moves on to the next panel', group: 'View' },
  { keys: ['F5'], does: 'Presentation mode: large type, no chrome (Esc leaves it)', group: 'Teaching' },
  { keys: [']'], does: 'Next chapter', group: 'Teaching' },
  { keys: ['['], does: 'Previous chapter (or the start of this one)', group: 'Teaching' },
  { keys: ['b'], does: 'Bookmark this step, with a note', group: 'Teaching' },
  { keys: ['}'], does: 'Next bookmark', group: 'Teaching' },
  { keys: ['{'], does: 'Previous bookmark', group: 'Teaching' },
  { keys: ['h'], does: 'Hide or show the shutdown tasks of asyncio.run', group: 'Teaching' },
  { keys: ['q'], does: 'Quiz: the class predicts each next step', group: 'Teaching' },
  { keys: ['e'], does: 'Export: a picture, slides, a standalone player or a Perfetto trace', group: 'Teaching' },
  { keys: ['1', '2', '3', '4'], does: 'Quiz: pick that answer', group: 'Quiz' },
  { keys: ['Enter'], does: 'Quiz: on to the next question', group: 'Quiz' },
  { keys: ['Ctrl+o'], does: 'Open a scenario file', group: 'File' },
  { keys: ['Ctrl+n'], does: 'New scenario from a short template', group: 'File' },
  { keys: ['Ctrl+s'], does: 'Save (on the web: download the .py file)', group: 'File' },
  { keys: ['Ctrl+Shift+s'], does: 'Save as', group: 'File' },
];

/** The groups in the order the sheet lists them. */
export const SHORTCUT_GROUPS: readonly ShortcutGroup[] = ['Playback', 'View', 'Teaching', 'Quiz', 'File'];

/** How a key is shown on the sheet: "Space", "→", "Shift + →", "Page Down". */
export function keyLabel(key: string): string {
  const names: Record<string, string> = {
    ' ': 'Space',
    ArrowRight: '→',
    ArrowLeft: '←',
    ArrowUp: '↑',
    ArrowDown: '↓',
    PageDown: 'Page Down',
    PageUp: 'Page Up',
    Escape: 'Esc',
  };
  return key
    .split('+')
    .map((part, i, parts) => (part === '' && i === parts.length - 1 ? '+' : (names[part] ?? (part.length === 1 ? part.toUpperCase() : part))))
    .filter((part) => part !== '')
    .join(' + ');
}

/** The key of a keyboard event as the table writes it ("Shift+ArrowRight", "?", "b", "Ctrl+Shift+s"). */
export function chordOf(event: { key: string; shiftKey: boolean; ctrlKey?: boolean; metaKey?: boolean }): string {
  // Ctrl (Cmd on a Mac) comes first, with Shift written out: Ctrl+Shift+S is Save As.
  if (event.ctrlKey === true || event.metaKey === true) return `Ctrl+${event.shiftKey ? 'Shift+' : ''}${event.key.length > 1 ? event.key : event.key.toLowerCase()}`;
  // Shift is part of a printed character ("?", ">", "{", "B"): only named keys carry "Shift+".
  if (event.key.length > 1) return event.shiftKey ? `Shift+${event.key}` : event.key;
  return event.key.toLowerCase();
}
