/**
 * Bookmarks: a teacher presses B to mark a step with a note ("here the clock jumps"), and the
 * marks travel with the scenario: in the desktop app with the file's settings, on the web in the
 * link (next to the scenario and the step the share link already carries).
 *
 * In a link each bookmark is one `mark` parameter, `STEP` or `STEP:NOTE`:
 *
 *   #gallery=02-three-coroutines-gathered.py&step=4&mark=3:the+clock+jumps&mark=10
 *
 * What comes from a link or a settings file is checked, never trusted: at most MAX_BOOKMARKS,
 * notes cut to MAX_NOTE characters with control characters removed, one bookmark per step.
 */
import { z } from 'zod';

export interface Bookmark {
  step: number;
  note: string;
}

export const MAX_BOOKMARKS = 100;
export const MAX_NOTE = 140;

/** A note as it is kept: one line, no control characters, at most MAX_NOTE characters. */
export function cleanNote(note: string): string {
  // eslint-disable-next-line no-control-regex
  const text = note.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  const chars = [...text];
  return chars.length <= MAX_NOTE ? text : `${chars.slice(0, MAX_NOTE - 1).join('')}…`;
}

/** The bookmarks in step order, one per step (the last one given for a step wins), within the limits. */
export function normalized(bookmarks: readonly Bookmark[]): Bookmark[] {
  const byStep = new Map<number, string>();
  for (const mark of bookmarks) if (Number.isSafeInteger(mark.step) && mark.step >= 0) byStep.set(mark.step, cleanNote(mark.note));
  return [...byStep.entries()]
    .sort((a, b) => a[0] - b[0])
    .slice(0, MAX_BOOKMARKS)
    .map(([step, note]) => ({ step, note }));
}

/** Mark a step (or change its note). */
export function setBookmark(bookmarks: readonly Bookmark[], step: number, note: string): Bookmark[] {
  return normalized([...bookmarks.filter((mark) => mark.step !== step), { step, note }]);
}

export function removeBookmark(bookmarks: readonly Bookmark[], step: number): Bookmark[] {
  return bookmarks.filter((mark) => mark.step !== step);
}

/** The next bookmark after the cursor, or the one before it (for the jump keys); null when none. */
export function neighbourBookmark(bookmarks: readonly Bookmark[], cursor: number, direction: 1 | -1): Bookmark | null {
  if (direction === 1) return bookmarks.find((mark) => mark.step > cursor) ?? null;
  return [...bookmarks].reverse().find((mark) => mark.step < cursor) ?? null;
}

/** Bookmarks that point past the end of a run (the scenario changed) are kept out of view. */
export function withinRun(bookmarks: readonly Bookmark[], steps: number): Bookmark[] {
  return bookmarks.filter((mark) => mark.step <= steps);
}

// ----- in a link -----

/** Add the bookmarks to a link's parameters. */
export function writeBookmarkParams(params: URLSearchParams, bookmarks: readonly Bookmark[]): void {
  params.delete('mark');
  for (const mark of normalized(bookmarks)) params.append('mark', mark.note === '' ? String(mark.step) : `${mark.step}:${mark.note}`);
}

/** The bookmarks a link carries (malformed entries are skipped). */
export function readBookmarkParams(params: URLSearchParams): Bookmark[] {
  const marks: Bookmark[] = [];
  for (const value of params.getAll('mark').slice(0, MAX_BOOKMARKS * 2)) {
    const match = /^(\d{1,9})(?::([^]*))?$/.exec(value);
    if (match !== null) marks.push({ step: Number(match[1]), note: match[2] ?? '' });
  }
  return normalized(marks);
}

// ----- with a file's settings -----

/** What is saved with a file's settings (the desktop app's per-file store). */
export const BookmarksSetting = z
  .array(z.object({ step: z.number().int().nonnegative().max(1e9), note: z.string().max(4 * MAX_NOTE) }))
  .max(MAX_BOOKMARKS * 2)
  .transform((marks) => normalized(marks));
