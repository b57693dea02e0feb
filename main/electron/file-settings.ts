/**
 * Settings kept with a file, keyed by its absolute path: for now the teacher's bookmarks (steps
 * marked with a note). One small JSON file in the user's data folder holds them all, so a
 * scenario file itself is never touched. The most recently used MAX_FILES files are kept; an
 * entry with no bookmarks is removed.
 */
import { z } from 'zod';
import { FileSettings } from '../common/contract.ts';
import { JsonStore } from './json-store.ts';

export const MAX_FILES = 500;

const Stored = z.object({
  files: z.record(z.string(), z.object({ settings: FileSettings, used: z.number() })).default({}),
});
type Stored = z.infer<typeof Stored>;

/** The documents main has open, as far as these settings need them: the path of a document number. */
export interface DocumentPaths {
  pathOf(document: number): string | null;
}

export class FileSettingsStore {
  private readonly store: JsonStore<Stored>;
  private stored: Stored | null = null;

  constructor(
    file: string,
    private readonly documents: DocumentPaths,
    private readonly now: () => number = Date.now,
  ) {
    this.store = new JsonStore(file, Stored, () => ({ files: {} }));
  }

  /** 'file-settings:read': the settings of the document's file (empty for one never saved). */
  read(document: number): FileSettings {
    const path = this.documents.pathOf(document);
    if (path === null) return { bookmarks: [] };
    return this.load().files[path]?.settings ?? { bookmarks: [] };
  }

  /** 'file-settings:write': false when the document has no file to keep them with. */
  write(document: number, settings: FileSettings): boolean {
    const path = this.documents.pathOf(document);
    if (path === null) return false;
    const stored = this.load();
    if (settings.bookmarks.length === 0) delete stored.files[path];
    else stored.files[path] = { settings, used: this.now() };
    const paths = Object.keys(stored.files);
    if (paths.length > MAX_FILES) {
      const oldest = paths.sort((a, b) => (stored.files[a]?.used ?? 0) - (stored.files[b]?.used ?? 0)).slice(0, paths.length - MAX_FILES);
      for (const old of oldest) delete stored.files[old];
    }
    this.store.save(stored);
    return true;
  }

  private load(): Stored {
    this.stored ??= this.store.load();
    return this.stored;
  }
}
