/**
 * What the teaching keys of the shortcut table do, as a pure function of the cursor, the run's
 * chapters and bookmarks: the page asks it first and does what it says (move the cursor, ask for a
 * bookmark's note, change the speed, toggle presentation, the "?" sheet or the shutdown tasks).
 * The playback and view keys stay with the session.
 */
import { neighbourBookmark, type Bookmark } from './bookmarks.ts';
import { neighbourChapter, type ChapterSteps } from './chapters.ts';

export interface TeachingContext {
  cursor: number;
  steps: number;
  chapters: readonly ChapterSteps[];
  bookmarks: readonly Bookmark[];
}

export type TeachingCommand =
  | { kind: 'move'; to: number }
  | { kind: 'step'; by: 1 | -1 }
  | { kind: 'bookmark'; step: number }
  | { kind: 'speed'; by: 1 | -1 }
  | { kind: 'present' }
  | { kind: 'shortcuts' }
  | { kind: 'hide-shutdown' }
  | { kind: 'quiz' }
  | { kind: 'export' }
  /** A teaching key with nothing to do here (no next chapter...): taken, so nothing else acts on it. */
  | { kind: 'nothing'; why: string };

/** The command for a key (as chordOf writes it), or null when it is not a teaching key. */
export function teachingCommand(chord: string, context: TeachingContext): TeachingCommand | null {
  switch (chord) {
    case 'PageDown':
      return { kind: 'step', by: 1 };
    case 'PageUp':
      return { kind: 'step', by: -1 };
    case 'F5':
      return { kind: 'present' };
    case '?':
      return { kind: 'shortcuts' };
    case 'h':
      return { kind: 'hide-shutdown' };
    case 'q':
      return { kind: 'quiz' };
    case 'e':
      return { kind: 'export' };
    case '>':
      return { kind: 'speed', by: 1 };
    case '<':
      return { kind: 'speed', by: -1 };
    case 'b':
      return { kind: 'bookmark', step: Math.min(context.cursor, context.steps) };
    case ']':
    case '[': {
      const index = neighbourChapter(context.chapters, context.cursor, chord === ']' ? 1 : -1);
      const chapter = context.chapters.find((c) => c.index === index);
      if (chapter === undefined) return { kind: 'nothing', why: context.chapters.length === 0 ? 'This scenario has no chapters (mark them with # %% Title)' : chord === ']' ? 'This is the last chapter' : 'This is the first chapter' };
      return { kind: 'move', to: chapter.firstStep };
    }
    case '}':
    case '{': {
      const mark = neighbourBookmark(context.bookmarks, context.cursor, chord === '}' ? 1 : -1);
      if (mark === null) return { kind: 'nothing', why: context.bookmarks.length === 0 ? 'No bookmarks yet: press B to mark a step' : chord === '}' ? 'No bookmark after this step' : 'No bookmark before this step' };
      return { kind: 'move', to: Math.min(mark.step, context.steps) };
    }
    default:
      return null;
  }
}
