/** How the editor paces its work while a person types (shared with the bench, which prints them). */

/**
 * Texts longer than this are not checked or played while typing: checking a text of this size
 * takes the worker about a second on a busy 2-core machine (more past it, growing with the text),
 * and real scenarios are a few hundred lines. The page says why instead (100,000 characters is
 * about 2,500 lines).
 */
export const LIVE_LIMIT = 100_000;
/** The pause after the last keystroke before the text is played again. */
export const REPLAY_DELAY_MS = 300;
/** The pause before an edit is reported to the host (backup, storage, title). */
export const BUFFER_DELAY_MS = 300;
