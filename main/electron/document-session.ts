/**
 * The document's life on the desktop, between the page's editor and the disk: edits reported by
 * the page (the title's unsaved marker, the hot-exit backup), Save and Save As, New Scenario, the
 * question before a document with edits is replaced or the window closed, a change on disk while
 * the buffer has edits, and the buffer restored after a crash.
 *
 * It holds no Electron object: main.ts passes in the dialogs and what updates the window, so
 * tests/main drives every path with fakes. Opening, watching and playing stay in the controller.
 */
import type { BufferState, DiskChange, SaveResult } from '../common/contract.ts';
import { BackupStore, HotExit } from './backups.ts';
import { BufferFlush } from './buffer-flush.ts';
import { confirmLeave, leaveAnswer, leavePrompt } from './close-guard.ts';
import { ScenarioController, type ControllerDeps } from './controller.ts';
import { sameText, ScenarioDocument, untitledName, type DiskVersion } from './document.ts';
import { readScenarioFile, type ScenarioFile } from './scenario-files.ts';
import { saveDocument, type MessageBox, type SaveDeps } from './saving.ts';

export interface SessionDeps {
  controller: ScenarioController;
  hotExit: HotExit;
  backups: BackupStore;
  flush: BufferFlush;
  /** Dialogs for Save As, conflicts, and the close prompt. */
  dialogs: Omit<SaveDeps, 'compare'>;
  /** The text File ▸ New Scenario starts from. */
  template: string;
  /** The document's name or unsaved state may have changed: the title, the menu. */
  changed(document: ScenarioDocument): void;
  /** It was saved at `path` (a new one after Save As): the recent list. */
  savedAt?(document: ScenarioDocument): void;
  /** Tell the page the file changed on disk under its edits. */
  sendDiskChange(change: DiskChange): void;
}

export class DocumentSession {
  private saving: Promise<SaveResult> | null = null;

  constructor(private readonly deps: SessionDeps) {}

  private get controller(): ScenarioController {
    return this.deps.controller;
  }

  /** The page's buffer after an edit ('document:buffer'). Text for a document no longer on screen is ignored. */
  bufferChanged(documentId: number, buffer: BufferState): void {
    const document = this.controller.document;
    if (document === null || document.id !== documentId) return;
    const wasDirty = document.dirty;
    document.edit(buffer.source);
    this.deps.hotExit.changed(document);
    if (document.dirty !== wasDirty) this.deps.changed(document);
  }

  /** The page's answer to a flush request ('document:flushed'). */
  flushed(flush: number, documentId: number | null, buffer: BufferState | null): void {
    if (documentId !== null && buffer !== null) this.bufferChanged(documentId, buffer);
    this.deps.flush.answered(flush);
  }

  /** 'document:play' */
  play(documentId: number, source: string): boolean {
    return this.controller.playEdit(documentId, source);
  }

  /** 'document:save' and 'document:save-as': the page's text, saved as the document. */
  save(documentId: number, source: string, as: boolean): Promise<SaveResult> {
    const document = this.controller.document;
    if (document === null || document.id !== documentId) return Promise.resolve('cancelled');
    this.bufferChanged(documentId, { source, dirty: true });
    return this.saveDocument(document, as);
  }

  /** File ▸ New Scenario: an untitled document from the template, once the open one may go. */
  async newScenario(): Promise<boolean> {
    const restorable = (await this.deps.backups.list()).map(({ backup }) => backup.name);
    const open = this.controller.document?.name;
    return this.controller.newUntitled(untitledName(open === undefined ? restorable : [open, ...restorable]), this.deps.template);
  }

  /**
   * Before the window closes, the app quits or another document replaces this one: ask
   * Save / Don't Save / Cancel when there are edits. True when it may go.
   */
  confirmLeave(): Promise<boolean> {
    return confirmLeave({
      flush: () => this.deps.flush.request(),
      document: () => this.controller.document,
      ask: async (document) => leaveAnswer(await this.deps.dialogs.ask(leavePrompt(document))),
      save: (document) => this.saveDocument(document, false),
      discard: (document) => this.deps.hotExit.discard(document),
    });
  }

  /** File ▸ Reload with edits in the buffer: they go only if the person says so. */
  async confirmRevert(document: ScenarioDocument): Promise<boolean> {
    const box: MessageBox = {
      type: 'warning',
      message: `Reload ${document.name} from disk and lose your changes?`,
      detail: 'The text on disk replaces the text in the editor. This cannot be undone.',
      buttons: ['Reload', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
    };
    if ((await this.deps.dialogs.ask(box)) !== 0) return false;
    await this.deps.hotExit.discard(document);
    return true;
  }

  /** The controller saw the file change on disk under the buffer's edits. */
  changedOnDisk(document: ScenarioDocument, version: DiskVersion, compare = false): void {
    if (document !== this.controller.document) return;
    document.newerOnDisk = version;
    this.deps.sendDiskChange({ file: document.display, source: version.source, ...(compare ? { compare: true } : {}) });
  }

  /**
   * At start: the newest hot-exit backup, opened again with its edits, marked unsaved. A backup
   * whose text is what its file holds anyway has nothing to restore and is deleted.
   */
  async restoreBackup(): Promise<boolean> {
    const [newest] = await this.deps.backups.list();
    if (newest === undefined) return false;
    const { key, backup } = newest;
    let disk: ScenarioFile | null = null;
    if (backup.path !== null) disk = await readScenarioFile(backup.path).catch(() => null);
    const basis = backup.basis === null ? null : { source: disk?.source ?? '', bom: disk?.bom ?? backup.bom, fingerprint: backup.basis };
    const document = new ScenarioDocument({
      id: this.controller.newDocumentId(),
      kind: backup.kind,
      path: backup.path,
      name: backup.name,
      display: backup.display,
      basis,
      pristine: disk?.source ?? null,
      buffer: backup.source,
    });
    if (!document.dirty || (disk !== null && sameText(disk.source, backup.source))) {
      await this.deps.backups.remove(key);
      return false;
    }
    this.deps.hotExit.adopt(document, key);
    return this.controller.restore(document);
  }

  /** Saves run one at a time (a second Ctrl+S waits for the first). */
  private async saveDocument(document: ScenarioDocument, as: boolean): Promise<SaveResult> {
    const previous = this.saving ?? Promise.resolve<SaveResult>('saved');
    const next = previous.catch(() => 'failed' as const).then(() => this.saveNow(document, as));
    this.saving = next;
    document.saving = next;
    try {
      return await next;
    } finally {
      if (this.saving === next) this.saving = null;
      if (document.saving === next) document.saving = null;
    }
  }

  private async saveNow(document: ScenarioDocument, as: boolean): Promise<SaveResult> {
    const text = document.text;
    const name = document.display;
    const outcome = await saveDocument(document, text, as, {
      ...this.deps.dialogs,
      compare: (doc, onDisk) => this.changedOnDisk(doc, onDisk, true),
    });
    if (outcome.result !== 'saved' || outcome.path === undefined || outcome.version === undefined) return outcome.result;
    // Typing that arrived while the file was being written stays, as unsaved.
    const typedMeanwhile = document.text !== text ? document.text : null;
    document.saved(outcome.path, outcome.version);
    if (typedMeanwhile !== null) document.edit(typedMeanwhile);
    if (document.dirty) this.deps.hotExit.changed(document);
    else await this.deps.hotExit.discard(document);
    this.deps.savedAt?.(document);
    this.controller.saved(document, document.display !== name);
    this.deps.changed(document);
    return 'saved';
  }
}

export interface DocumentsOptions
  extends Pick<ControllerDeps, 'run' | 'deliver' | 'galleryDir' | 'reportError' | 'opened' | 'forgetRecent' | 'watch' | 'cwd'>,
    Omit<SessionDeps, 'controller' | 'hotExit' | 'backups' | 'flush'> {
  /** userData/Backups */
  backupsDir: string;
  /** Ask the page for its buffer ('document:flush'); false when there is no page. */
  sendFlush(flush: number): boolean;
  backupDelayMs?: number;
  flushTimeoutMs?: number;
}

/** The controller and the session, wired to each other as main.ts uses them (and the tests do). */
export function createDocuments(options: DocumentsOptions): { controller: ScenarioController; session: DocumentSession; hotExit: HotExit; backups: BackupStore } {
  const backups = new BackupStore(options.backupsDir);
  const hotExit = new HotExit({ store: backups, ...(options.backupDelayMs === undefined ? {} : { delayMs: options.backupDelayMs }) });
  const flush = new BufferFlush(options.sendFlush, options.flushTimeoutMs);
  const controller: ScenarioController = new ScenarioController({
    run: options.run,
    deliver: options.deliver,
    galleryDir: options.galleryDir,
    reportError: options.reportError,
    ...(options.opened === undefined ? {} : { opened: options.opened }),
    ...(options.forgetRecent === undefined ? {} : { forgetRecent: options.forgetRecent }),
    ...(options.watch === undefined ? {} : { watch: options.watch }),
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    confirmReplace: () => session.confirmLeave(),
    confirmRevert: (document) => session.confirmRevert(document),
    flush: () => flush.request(),
    changedOnDisk: (document, version) => session.changedOnDisk(document, version),
  });
  const session: DocumentSession = new DocumentSession({
    controller,
    hotExit,
    backups,
    flush,
    dialogs: options.dialogs,
    template: options.template,
    changed: options.changed,
    ...(options.savedAt === undefined ? {} : { savedAt: options.savedAt }),
    sendDiskChange: options.sendDiskChange,
  });
  return { controller, session, hotExit, backups };
}
