/** How the editor paces its work while a person types (shared with the bench, which prints them). */

/**
 * Texts longer than this are not checked or played while typing: parsing and running a scenario
 * of this size takes a noticeable part of a second, and real scenarios are a few hundred lines.
 * The page says why instead (200,000 characters is about 5,000 lines).
 */
export const LIVE_LIMIT = 200_000;
/** The pause after the last keystroke before the text is played again. */
export const REPLAY_DELAY_MS = 300;
/** The pause before an edit is reported to the host (backup, storage, title). */
export const BUFFER_DELAY_MS = 300;
