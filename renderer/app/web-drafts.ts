/**
 * The web build's memory of the open document: kept in the browser's storage (localStorage) after
 * every edit and every open, so a reload, a crash or a closed tab loses nothing. One document is
 * kept, the one in the editor, with the text it was opened or last downloaded as (what "unsaved"
 * is measured against).
 */

export interface Draft {
  file: string;
  name: string;
  /** The gallery scenario it was opened from, if any. */
  gallery: string | null;
  source: string;
  /** The text as opened or last downloaded; null when it never was (a restored copy of one). */
  base: string | null;
  /** When it was stored (ms since the epoch). */
  savedAt: number;
}

/** What DraftStore needs of localStorage. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const DRAFT_KEY = 'loopscope.draft';

export class DraftStorageError extends Error {
  constructor(reason: string) {
    super(`Your text could not be kept in this browser's storage (${reason}), so a reload would lose your latest edits: use Download .py to keep a copy.`);
    this.name = 'DraftStorageError';
  }
}

export function isDirty(draft: Pick<Draft, 'source' | 'base'>): boolean {
  return draft.base === null || draft.source !== draft.base;
}

export class DraftStore {
  constructor(private readonly storage: StorageLike | null) {}

  load(): Draft | null {
    if (this.storage === null) return null;
    let raw: string | null;
    try {
      raw = this.storage.getItem(DRAFT_KEY);
    } catch {
      return null;
    }
    if (raw === null) return null;
    try {
      const value = JSON.parse(raw) as Partial<Draft>;
      if (typeof value.file !== 'string' || typeof value.name !== 'string' || typeof value.source !== 'string') return null;
      return {
        file: value.file,
        name: value.name,
        gallery: typeof value.gallery === 'string' ? value.gallery : null,
        source: value.source,
        base: typeof value.base === 'string' ? value.base : (value as { clean?: boolean }).clean === true ? value.source : null,
        savedAt: typeof value.savedAt === 'number' ? value.savedAt : 0,
      };
    } catch {
      return null;
    }
  }

  /** Keep `draft`; throws DraftStorageError (with what to do) when the browser refuses. */
  save(draft: Draft): void {
    if (this.storage === null) throw new DraftStorageError('storage is turned off in this browser');
    // A clean document needs no copy of its base: the text is the base.
    const stored = JSON.stringify(isDirty(draft) ? draft : { ...draft, base: undefined, clean: true });
    try {
      this.storage.setItem(DRAFT_KEY, stored);
    } catch (error) {
      const quota = error instanceof Error && (error.name === 'QuotaExceededError' || /quota/i.test(error.message));
      throw new DraftStorageError(quota ? `it is full: ${(stored.length / 1e6).toFixed(1)} million characters did not fit` : `it refused: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  clear(): void {
    try {
      this.storage?.removeItem(DRAFT_KEY);
    } catch {
      // Nothing to do: the next save says so if storage is really gone.
    }
  }
}
