/**
 * The document main keeps for the window: which file (or untitled buffer) is open, the version of
 * the file its text started from, and the editor's text as the page last reported it. From these
 * come whether it has unsaved changes (the title's marker, the close prompt, the hot-exit backup)
 * and the bytes a save writes.
 *
 * The page's editor (CodeMirror) joins lines with "\n" whatever the file used, so texts are
 * compared with line breaks normalised, and a save writes the file's own line breaks and byte
 * order mark back: opening a Windows file and saving it changes only what was edited.
 */
import { basename } from 'node:path';
import type { Fingerprint } from './file-fingerprint.ts';
import type { ScenarioFile } from './scenario-files.ts';

export type DocumentKind = 'file' | 'gallery' | 'untitled';

/** A version of the file on disk, as read or as written. */
export interface DiskVersion {
  /** Decoded text, byte order mark dropped, line breaks as in the file. */
  source: string;
  bom: boolean;
  fingerprint: Fingerprint;
}

/** What a document starts from; `buffer` only for a restored one (its text is not the pristine one). */
export type DocumentInit = Pick<ScenarioDocument, 'id' | 'kind' | 'path' | 'name' | 'display' | 'basis' | 'pristine'> & { buffer?: string | null };

export class ScenarioDocument {
  /** Main's number for it (LoadedScenario.document). */
  readonly id: number;
  kind: DocumentKind;
  /** Absolute path (file, gallery); null while untitled. */
  path: string | null;
  /** `counter.py`, `Untitled-1`. */
  name: string;
  /** What the page and errors show: the path, `scenarios/NAME`, or the untitled name. */
  display: string;
  /** The file's version the text started from; null when untitled or when the file could not be read. */
  basis: DiskVersion | null;
  /**
   * The text that counts as unchanged: the file's, the template of a new untitled document, or
   * null when nothing does (a buffer restored after a crash whose file is gone or untitled).
   */
  pristine: string | null;
  /** The editor's text as last reported; null while it has not been edited since open or save. */
  buffer: string | null;
  /** A version of the file that appeared on disk while the buffer had edits (the page was told). */
  newerOnDisk: DiskVersion | null = null;
  /** A save under way: a change seen on disk meanwhile is judged once it is done (it may be the save itself). */
  saving: Promise<unknown> | null = null;

  constructor(init: DocumentInit) {
    ({ id: this.id, kind: this.kind, path: this.path, name: this.name, display: this.display, basis: this.basis, pristine: this.pristine } = init);
    this.buffer = init.buffer ?? null;
  }

  /** The text a save writes and the close prompt is about. */
  get text(): string {
    return this.buffer ?? this.pristine ?? this.basis?.source ?? '';
  }

  /**
   * Unsaved changes: the text differs from the pristine one. An untitled document that is empty
   * (or only blank) has nothing to lose, as in VS Code.
   */
  get dirty(): boolean {
    const text = this.text;
    if (this.kind === 'untitled' && text.trim() === '') return false;
    return this.pristine === null || !sameText(text, this.pristine);
  }

  /** Where the text would be saved without asking: only a file of the person's own. */
  get savesInPlace(): boolean {
    return this.kind === 'file' && this.path !== null;
  }

  /**
   * The editor reported its text. Text equal to a newer version on disk means the page took that
   * version (its bar's Reload): it becomes the clean state, so the next save does not see a conflict.
   */
  edit(source: string): void {
    this.buffer = source;
    if (this.newerOnDisk !== null && sameText(source, this.newerOnDisk.source)) this.reloaded(this.newerOnDisk);
  }

  /** The file was written (Save, Save As): it is now this document's file and its clean state. */
  saved(path: string, version: DiskVersion): void {
    this.kind = 'file';
    this.path = path;
    this.name = basename(path);
    this.display = path;
    this.reloaded(version);
  }

  /** The file on disk replaced the text (a change on disk with no edits, File ▸ Reload). */
  reloaded(version: DiskVersion): void {
    this.basis = version;
    this.pristine = version.source;
    this.buffer = null;
    this.newerOnDisk = null;
  }

  /**
   * The bytes a save writes for `text`: the editor's "\n" turned back into the file's line breaks
   * (an untitled document gets "\n"), and the byte order mark if the file had one.
   */
  encode(text: string): Buffer {
    const lines = normaliseLineBreaks(text);
    const eol = this.basis === null ? '\n' : lineBreakOf(this.basis.source);
    const body = Buffer.from(eol === '\n' ? lines : lines.replace(/\n/g, eol), 'utf8');
    return this.basis?.bom === true ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
  }

  /** `● counter.py — Loopscope` while there are unsaved changes. */
  title(appName: string): string {
    return `${this.dirty ? '● ' : ''}${this.name} — ${appName}`;
  }
}

/** A file as read, as a document's version of it. */
export function versionOf(file: ScenarioFile): DiskVersion {
  return { source: file.source, bom: file.bom, fingerprint: file.fingerprint };
}

/** "\r\n" and lone "\r" become "\n", as the editor shows them. */
export function normaliseLineBreaks(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

export function sameText(a: string, b: string): boolean {
  return a === b || normaliseLineBreaks(a) === normaliseLineBreaks(b);
}

/** The file's line break: the first one in it ("\n" when there is none), as editors detect it. */
export function lineBreakOf(source: string): '\n' | '\r\n' | '\r' {
  const match = /\r\n|\r|\n/.exec(source);
  return match === null ? '\n' : (match[0] as '\n' | '\r\n' | '\r');
}

/** Untitled-1, Untitled-2, …: the lowest number no open or restored document uses. */
export function untitledName(taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) if (!used.has(`Untitled-${n}`)) return `Untitled-${n}`;
}
