/**
 * What happens when a document is opened: read it, watch it, play it, deliver the result, and
 * replay it when it changes. Every way in (Open dialog, drop, command line, Open Recent, the
 * gallery, New Scenario, a buffer restored after a crash, the Reload menu item, a save in
 * another editor, the page's own edits) ends here, so they behave alike.
 *
 * The document on screen may have unsaved edits. Before another one replaces it, confirmReplace
 * asks (Save / Don't Save / Cancel); a change on disk reloads it only when it has no edits, and
 * otherwise is handed to the page, which offers reload, keep mine or compare.
 *
 * Ordering: opens, disk replays and plays are numbered separately. An open whose read finishes
 * after a newer open started is dropped; a replay is dropped when a newer replay started or
 * another document has been opened meanwhile; a run's result is delivered only if no newer run
 * started (the runner cancels superseded runs anyway). So the screen ends on the newest request,
 * whatever order the disk and the worker answer in, and a save never cancels an open in progress.
 */
import { basename, isAbsolute, resolve } from 'node:path';
import type { LoadedScenario } from '../common/contract.ts';
import { ScenarioDocument, versionOf, type DiskVersion } from './document.ts';
import { sameContent } from './file-fingerprint.ts';
import { watchFile, type FileWatch } from './file-watcher.ts';
import type { RunJob } from './runner.ts';
import { MAX_SCENARIO_BYTES, readScenarioFile, resolveGalleryFile, ScenarioFileError, type ScenarioFile } from './scenario-files.ts';

export type OpenOrigin = 'dialog' | 'drop' | 'argv' | 'recent' | 'gallery' | 'new' | 'restore';

export interface ControllerDeps {
  run(job: RunJob): Promise<LoadedScenario | null>;
  deliver(scenario: LoadedScenario): void;
  galleryDir: string;
  /** A file the person chose could not be opened or played: say so (a native message box). */
  reportError(title: string, message: string): void;
  /** A document was opened (not reloaded): update the title, the recent list, the menu. */
  opened?(document: ScenarioDocument, origin: OpenOrigin): void;
  /** A recent file that no longer opens: drop it from the list. */
  forgetRecent?(path: string): void;
  /** The open document is about to be replaced: true once its edits are saved or given up, false to keep it. */
  confirmReplace?(document: ScenarioDocument): Promise<boolean>;
  /** File ▸ Reload would throw the document's edits away: true to go ahead. */
  confirmRevert?(document: ScenarioDocument): Promise<boolean>;
  /** Bring in the page's newest text before deciding what a change on disk does. */
  flush?(): Promise<void>;
  /** The file changed on disk while its buffer has edits: tell the page. */
  changedOnDisk?(document: ScenarioDocument, version: DiskVersion): void;
  watch?: (path: string, onChange: () => void) => FileWatch;
  cwd?: string;
}

/** What a play adds to the LoadedScenario. */
interface PlayMarks {
  reload: boolean;
  edit?: boolean;
  unsaved?: boolean;
}

export class ScenarioController {
  private current: ScenarioDocument | null = null;
  private watcher: FileWatch | null = null;
  private nextDocumentId = 1;
  private openSeq = 0;
  private replaySeq = 0;
  private playSeq = 0;
  private readonly watch: (path: string, onChange: () => void) => FileWatch;

  constructor(private readonly deps: ControllerDeps) {
    this.watch = deps.watch ?? ((path, onChange) => watchFile(path, onChange));
  }

  /** The document on screen, or null. */
  get document(): ScenarioDocument | null {
    return this.current;
  }

  /** A number for a new document (LoadedScenario.document). */
  newDocumentId(): number {
    return this.nextDocumentId++;
  }

  /** Open a file chosen in the dialog, dropped, given on the command line, or from Open Recent. */
  async openPath(path: string, origin: Exclude<OpenOrigin, 'gallery' | 'new' | 'restore'>): Promise<boolean> {
    if (isTracePath(path)) return this.openTrace(path, origin);
    const seq = ++this.openSeq;
    let file: ScenarioFile;
    try {
      file = await readScenarioFile(path, this.deps.cwd);
    } catch (error) {
      if (origin === 'recent') this.deps.forgetRecent?.(path);
      // The person asked for this file: tell them why it did not open, even if they moved on.
      this.deps.reportError('Cannot open the scenario', messageOf(error));
      return false;
    }
    if (seq !== this.openSeq) return false;
    const open = this.current;
    // Already open with edits: keep them, as an editor shows the open tab rather than reading it again.
    if (open !== null && open.kind === 'file' && open.path === file.path && open.dirty) return true;
    const document = this.documentOf(file, 'file', file.path, basename(file.path));
    return this.replaceWith(seq, document, origin);
  }

  /**
   * A trace saved with `loopscope run FILE --format json`: read in the scheduler's worker, as a
   * stream, and shown as recorded; the scenario text it carries becomes an untitled document (a
   * trace is not a file to save Python into), which plays again when edited.
   */
  private async openTrace(path: string, origin: Exclude<OpenOrigin, 'gallery' | 'new' | 'restore'>): Promise<boolean> {
    const seq = ++this.openSeq;
    const display = basename(path);
    const name = display.replace(/\.json$/i, '.py');
    let loaded: LoadedScenario | null;
    try {
      loaded = await this.deps.run({ file: display, name, source: '', reload: false, tracePath: isAbsolute(path) ? path : resolve(this.deps.cwd ?? process.cwd(), path) });
    } catch (error) {
      if (origin === 'recent') this.deps.forgetRecent?.(path);
      this.deps.reportError('Cannot open the trace', messageOf(error));
      return false;
    }
    // null: stopped, or superseded by a newer open or run.
    if (loaded === null || seq !== this.openSeq) return false;
    const open = this.current;
    if (open !== null && this.deps.confirmReplace !== undefined) {
      if (!(await this.deps.confirmReplace(open))) return false;
      if (seq !== this.openSeq) return false;
    }
    const document = new ScenarioDocument({ id: this.newDocumentId(), kind: 'untitled', path: null, name, display, basis: null, pristine: loaded.source });
    this.current = document;
    this.watchDocument(document);
    this.deps.opened?.(document, origin);
    // A run still going for the document before must not replace this one when it ends.
    this.playSeq++;
    this.deps.deliver({ ...loaded, document: document.id });
    return true;
  }

  async openGallery(name: string): Promise<boolean> {
    const seq = ++this.openSeq;
    let file: ScenarioFile;
    try {
      file = await readScenarioFile(resolveGalleryFile(this.deps.galleryDir, name));
    } catch (error) {
      this.deps.reportError('Cannot open the gallery scenario', messageOf(error));
      return false;
    }
    if (seq !== this.openSeq) return false;
    return this.replaceWith(seq, this.documentOf(file, 'gallery', `scenarios/${name}`, name), 'gallery');
  }

  /** File ▸ New Scenario: an untitled document holding `source`. */
  newUntitled(name: string, source: string): Promise<boolean> {
    const seq = ++this.openSeq;
    const document = new ScenarioDocument({ id: this.newDocumentId(), kind: 'untitled', path: null, name, display: name, basis: null, pristine: source });
    return this.replaceWith(seq, document, 'new');
  }

  /** A buffer restored after a crash: shown as it was, with its unsaved changes. */
  restore(document: ScenarioDocument): Promise<boolean> {
    return this.replaceWith(++this.openSeq, document, 'restore');
  }

  /** Play the page's text as the open document (its result keeps the page's text and place). */
  playEdit(documentId: number, source: string): boolean {
    const document = this.current;
    if (document === null || document.id !== documentId) return false;
    void this.play(document, source, { reload: true, edit: true });
    return true;
  }

  /**
   * The document was saved (saving.ts). Its path may be new (Save As): watch that one. When its
   * name changed, its text is played again under the new name so the page shows it.
   */
  saved(document: ScenarioDocument, renamed: boolean): void {
    if (document !== this.current) return;
    if (renamed) {
      this.watchDocument(document);
      void this.play(document, document.text, { reload: true, edit: true });
    }
  }

  /** File ▸ Reload: read the open file again and replay it, changed or not (asking first if that throws edits away). */
  async reload(): Promise<boolean> {
    const document = this.current;
    if (document === null || document.path === null) return false;
    const seq = ++this.replaySeq;
    let file: ScenarioFile;
    try {
      file = await readScenarioFile(document.path);
    } catch (error) {
      this.deps.reportError('Cannot reload the scenario', messageOf(error));
      return false;
    }
    if (seq !== this.replaySeq || this.current !== document) return false;
    const discarding = document.dirty;
    if (discarding && !(await (this.deps.confirmRevert?.(document) ?? Promise.resolve(true)))) return false;
    if (this.current !== document) return false;
    document.reloaded(versionOf(file));
    // Edits given up: the page starts over with the file's text (as a replay it would take it
    // for a change on disk under its edits, and ask again).
    await this.play(document, file.source, { reload: !discarding });
    return true;
  }

  /** The page was loaded afresh (a crash, a reload): it gets the document again, edits included. */
  async replayForNewPage(): Promise<void> {
    const document = this.current;
    if (document !== null) await this.play(document, document.text, { reload: false, unsaved: document.dirty });
  }

  /** Stop watching and forget the open document (window closed). */
  close(): void {
    this.openSeq++;
    this.replaySeq++;
    this.playSeq++;
    this.watcher?.close();
    this.watcher = null;
    this.current = null;
  }

  private documentOf(file: ScenarioFile, kind: 'file' | 'gallery', display: string, name: string): ScenarioDocument {
    return new ScenarioDocument({ id: this.newDocumentId(), kind, path: file.path, name, display, basis: versionOf(file), pristine: file.source });
  }

  private async replaceWith(seq: number, document: ScenarioDocument, origin: OpenOrigin): Promise<boolean> {
    const open = this.current;
    if (open !== null && this.deps.confirmReplace !== undefined) {
      if (!(await this.deps.confirmReplace(open))) return false;
      // Another open started while the question was up: that one wins.
      if (seq !== this.openSeq) return false;
    }
    this.current = document;
    this.watchDocument(document);
    this.deps.opened?.(document, origin);
    await this.play(document, document.text, { reload: false, unsaved: document.dirty });
    return true;
  }

  private watchDocument(document: ScenarioDocument): void {
    this.watcher?.close();
    this.watcher = null;
    const path = document.path;
    if (path !== null) this.watcher = this.watch(path, () => void this.changedOnDisk(document));
  }

  /** The watched file changed: reload a clean buffer, tell the page about an edited one. */
  private async changedOnDisk(document: ScenarioDocument): Promise<void> {
    if (document !== this.current || document.path === null) return;
    const seq = ++this.replaySeq;
    const stale = (): boolean => seq !== this.replaySeq || this.current !== document;
    let file: ScenarioFile;
    try {
      file = await readScenarioFile(document.path);
    } catch {
      // Mid-save (the file briefly missing) the next event brings the new text.
      return;
    }
    if (stale()) return;
    const version = versionOf(file);
    // Our own save comes back here too: judge the change once it is done.
    if (document.saving !== null) await document.saving.catch(() => {});
    if (stale()) return;
    // Editors touch files without changing them.
    if (document.basis !== null && sameContent(version.fingerprint, document.basis.fingerprint)) return;
    // Whether the buffer has edits is decided on the page's newest text, not a debounced one.
    await this.deps.flush?.();
    if (stale()) return;
    if (document.basis !== null && sameContent(version.fingerprint, document.basis.fingerprint)) return;
    if (!document.dirty) {
      document.reloaded(version);
      await this.play(document, file.source, { reload: true });
      return;
    }
    document.newerOnDisk = version;
    this.deps.changedOnDisk?.(document, version);
  }

  private async play(document: ScenarioDocument, source: string, marks: PlayMarks): Promise<void> {
    const seq = ++this.playSeq;
    const job: RunJob = {
      file: document.display,
      name: document.name,
      source,
      reload: marks.reload,
      marks: { document: document.id, ...(marks.edit === true ? { edit: true } : {}), ...(marks.unsaved === true ? { unsaved: true } : {}) },
    };
    let loaded: LoadedScenario | null;
    const size = Buffer.byteLength(source, 'utf8');
    if (size > MAX_SCENARIO_BYTES) {
      // A huge paste is kept (and can be saved), but not played: the scheduler is for teaching-sized programs.
      loaded = tooLarge(job, size);
    } else {
      try {
        loaded = await this.deps.run(job);
      } catch (error) {
        if (seq === this.playSeq) this.deps.reportError('The scenario could not be played', messageOf(error));
        return;
      }
    }
    // null: superseded by a newer run, whose result is the one to show.
    if (loaded !== null && seq === this.playSeq) this.deps.deliver(loaded);
  }
}

function tooLarge(job: RunJob, size: number): LoadedScenario {
  return {
    file: job.file,
    name: job.name,
    source: job.source,
    reload: job.reload,
    ...job.marks,
    outcome: {
      kind: 'error',
      error: {
        kind: 'unsupported',
        file: job.file,
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
        message: `This scenario is ${(size / 1_000_000).toFixed(1)} MB of text; Loopscope plays scenarios of up to ${MAX_SCENARIO_BYTES / 1_000_000} MB.`,
        hint: 'A scenario is a short teaching example: cut it down to the part that shows the point. Your text is kept, and can be saved.',
      },
    },
  };
}

/** A saved trace rather than a scenario, by its name. */
export const isTracePath = (path: string): boolean => /\.json$/i.test(path);

function messageOf(error: unknown): string {
  if (error instanceof ScenarioFileError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
