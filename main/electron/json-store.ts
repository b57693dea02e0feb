/**
 * A small JSON file that survives crashes and hand edits: window bounds, recent files, view
 * settings. Reads are validated with a zod schema, and anything unreadable (missing, truncated,
 * edited into nonsense) falls back to the default instead of stopping the app from starting.
 * Writes go to a temporary file that is then renamed over the old one, so a crash mid-write
 * leaves the previous version rather than half a file.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';

export class JsonStore<T> {
  constructor(
    readonly path: string,
    private readonly schema: z.ZodType<T>,
    private readonly fallback: () => T,
  ) {}

  load(): T {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return this.fallback();
    }
    try {
      const parsed = this.schema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : this.fallback();
    } catch {
      return this.fallback();
    }
  }

  save(value: T): void {
    mkdirSync(dirname(this.path), { recursive: true });
    // pid in the name: two instances starting at once (before the single-instance lock
    // settles) must not interleave their temporary files.
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`, 'utf8');
    renameSync(temporary, this.path);
  }
}
