/**
 * The Open Recent list: most recent first, no duplicates, at most `limit`, kept in a JSON file
 * in the app's user-data folder.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { JsonStore } from './json-store.ts';

export const RECENT_FILES_LIMIT = 10;

const RecentFilesFile = z.object({ files: z.array(z.string()).max(100) });

export class RecentFiles {
  private readonly store: JsonStore<z.infer<typeof RecentFilesFile>>;
  private files: string[];

  constructor(
    file: string,
    private readonly limit: number = RECENT_FILES_LIMIT,
    /** Windows and macOS file systems are case-insensitive by default: C:\A.py is c:\a.py. */
    private readonly caseInsensitive: boolean = process.platform === 'win32' || process.platform === 'darwin',
  ) {
    this.store = new JsonStore(file, RecentFilesFile, () => ({ files: [] }));
    this.files = this.store.load().files.slice(0, limit);
  }

  list(): readonly string[] {
    return this.files;
  }

  add(path: string): readonly string[] {
    const absolute = resolve(path);
    this.files = [absolute, ...this.files.filter((file) => !this.same(file, absolute))].slice(0, this.limit);
    this.save();
    return this.files;
  }

  remove(path: string): readonly string[] {
    this.files = this.files.filter((file) => !this.same(file, resolve(path)));
    this.save();
    return this.files;
  }

  clear(): void {
    this.files = [];
    this.save();
  }

  private same(a: string, b: string): boolean {
    return this.caseInsensitive ? a.toLowerCase() === b.toLowerCase() : a === b;
  }

  private save(): void {
    try {
      this.store.save({ files: this.files });
    } catch (error) {
      // The list is a convenience: a read-only profile must not stop a scenario from opening.
      console.warn(`Loopscope: cannot save the recent files list: ${String(error)}`);
    }
  }
}
