/**
 * Hot exit, as VS Code does it: a buffer with unsaved changes is copied to the app's data folder
 * (userData/Backups) a moment after each change, so a crash, a kill or a power cut loses at most
 * the last few seconds of typing. On the next start the newest backup is opened again, marked
 * unsaved, with the file it belongs to (or untitled). A save, or "Don't Save", deletes it.
 *
 * Each backup is one JSON file written atomically (atomic-write.ts): after a kill it is the
 * previous backup or the new one, never half of one. Writes and deletions of one backup run in
 * order, so a deletion is never undone by a write that was still in flight.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-write.ts';
import type { DocumentKind, ScenarioDocument } from './document.ts';

/** A change is backed up at most this long after it was made (then again after the next change). */
export const BACKUP_DELAY_MS = 2000;

const FingerprintSchema = z.object({ size: z.number().int().nonnegative(), mtimeMs: z.number(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

export const Backup = z.object({
  format: z.literal('loopscope-backup'),
  version: z.literal(1),
  kind: z.enum(['file', 'gallery', 'untitled']) satisfies z.ZodType<DocumentKind>,
  /** The file the buffer belongs to; null while untitled. */
  path: z.string().nullable(),
  name: z.string(),
  display: z.string(),
  /** The file's version the edits started from, so a save after the restore still notices a change made meanwhile. */
  basis: FingerprintSchema.nullable(),
  bom: z.boolean(),
  /** The editor's text. */
  source: z.string(),
  /** When it was written (ms since the epoch): the newest is restored first. */
  savedAt: z.number(),
});
export type Backup = z.infer<typeof Backup>;

export interface StoredBackup {
  key: string;
  backup: Backup;
}

const KEY = /^[0-9a-f]{16}$/;

/** A fresh name for a document's backup file. */
export function newBackupKey(): string {
  return randomBytes(8).toString('hex');
}

export function backupOf(document: ScenarioDocument, now: number): Backup {
  return {
    format: 'loopscope-backup',
    version: 1,
    kind: document.kind,
    path: document.path,
    name: document.name,
    display: document.display,
    basis: document.basis?.fingerprint ?? null,
    bom: document.basis?.bom ?? false,
    source: document.text,
    savedAt: now,
  };
}

/** The Backups folder: one `KEY.json` per backed-up buffer. */
export class BackupStore {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(readonly dir: string) {}

  write(key: string, backup: Backup): Promise<void> {
    return this.inOrder(key, async () => {
      await mkdir(this.dir, { recursive: true });
      await writeFileAtomic(this.fileOf(key), `${JSON.stringify(backup)}\n`, { mode: 0o600 });
    });
  }

  remove(key: string): Promise<void> {
    return this.inOrder(key, () =>
      unlink(this.fileOf(key)).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }),
    );
  }

  /** Every readable backup, newest first. Unreadable files are skipped (and left for a person to look at). */
  async list(): Promise<StoredBackup[]> {
    let entries: string[];
    try {
      entries = await readdir(this.dir);
    } catch {
      return [];
    }
    const found: StoredBackup[] = [];
    for (const entry of entries) {
      const key = entry.endsWith('.json') ? entry.slice(0, -'.json'.length) : '';
      if (!KEY.test(key)) continue;
      const backup = await this.read(key);
      if (backup !== null) found.push({ key, backup });
    }
    return found.sort((a, b) => b.backup.savedAt - a.backup.savedAt);
  }

  async read(key: string): Promise<Backup | null> {
    try {
      const parsed = Backup.safeParse(JSON.parse(await readFile(this.fileOf(key), 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  private fileOf(key: string): string {
    if (!KEY.test(key)) throw new Error(`not a backup key: ${key}`);
    return join(this.dir, `${key}.json`);
  }

  private inOrder<T>(key: string, operation: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(operation);
    const settled = next.catch(() => {});
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return next;
  }
}

export interface HotExitOptions {
  store: BackupStore;
  delayMs?: number;
  now?: () => number;
  /** A backup that could not be written: worth a line in the log, not a dialog at every keystroke. */
  warn?: (message: string) => void;
}

/**
 * When to write and delete a document's backup. changed() after every reported edit: a dirty
 * document is written at most `delayMs` later (a throttle, not a debounce, so steady typing is
 * still backed up), a clean one has its backup deleted at once.
 */
export class HotExit {
  private readonly keys = new Map<number, string>();
  private readonly timers = new Map<number, { timer: ReturnType<typeof setTimeout>; document: ScenarioDocument }>();
  private readonly delayMs: number;
  private readonly now: () => number;
  private readonly warn: (message: string) => void;

  constructor(private readonly options: HotExitOptions) {
    this.delayMs = options.delayMs ?? BACKUP_DELAY_MS;
    this.now = options.now ?? (() => Date.now());
    this.warn = options.warn ?? ((message) => console.warn(message));
  }

  /** A restored document keeps writing to the backup it came from. */
  adopt(document: ScenarioDocument, key: string): void {
    this.keys.set(document.id, key);
  }

  changed(document: ScenarioDocument): void {
    if (!document.dirty) {
      void this.discard(document);
      return;
    }
    if (this.timers.has(document.id)) return;
    const timer = setTimeout(() => {
      this.timers.delete(document.id);
      void this.write(document);
    }, this.delayMs);
    this.timers.set(document.id, { timer, document });
  }

  /** Write the backup now (pending or not) if the document is dirty. */
  async write(document: ScenarioDocument): Promise<void> {
    this.cancel(document);
    if (!document.dirty) return this.discard(document);
    let key = this.keys.get(document.id);
    if (key === undefined) {
      key = newBackupKey();
      this.keys.set(document.id, key);
    }
    try {
      await this.options.store.write(key, backupOf(document, this.now()));
    } catch (error) {
      this.warn(`Loopscope: could not back up ${document.display}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Saved, or its changes were given up ("Don't Save"): the backup goes. */
  async discard(document: ScenarioDocument): Promise<void> {
    this.cancel(document);
    const key = this.keys.get(document.id);
    if (key === undefined) return;
    this.keys.delete(document.id);
    try {
      await this.options.store.remove(key);
    } catch (error) {
      this.warn(`Loopscope: could not delete the backup of ${document.display}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The backups pending now are written (the app is going away without asking: a signal, a logout). */
  async flush(): Promise<void> {
    await Promise.all([...this.timers.values()].map(({ document }) => this.write(document)));
  }

  /** Stop the timers (the documents' backups stay on disk). */
  dispose(): void {
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private cancel(document: ScenarioDocument): void {
    const pending = this.timers.get(document.id);
    if (pending !== undefined) clearTimeout(pending.timer);
    this.timers.delete(document.id);
  }
}
