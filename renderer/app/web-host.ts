/**
 * The Host in a browser: the gallery is bundled with the page, files come from the browser's file
 * picker or a drop, the scheduler runs in a Web Worker (a newer run terminates the one under way,
 * as the Electron main process does), the open document is kept in the browser's storage after
 * every edit (web-drafts.ts), and Save is a download.
 *
 * Replacing a document that has unsaved changes asks first (Download / Discard / Cancel): the
 * page answers through the guard it installs (setReplaceGuard).
 */
import { galleryFrom } from './gallery.ts';
import type { BufferState, DiskChange, GalleryEntry, Host, LoadedScenario, MenuCommand, RunProgress, SaveResult } from './host.ts';
import type { RunReply, RunRequest } from './run-protocol.ts';
import { WorkerRuns, type WorkerLike } from './worker-runs.ts';
import { DraftStore, isDirty, type Draft, type StorageLike } from './web-drafts.ts';
import { decodeScenarioBytes } from './scenario-bytes.ts';
import { NEW_SCENARIO_NAME, NEW_SCENARIO_SOURCE } from '../../main/common/scenario-template.ts';
import { workerFailure } from '../../main/common/worker-failure.ts';

const bundled = galleryFrom(import.meta.glob<string>('../../scenarios/*.py', { query: '?raw', import: 'default', eager: true }));

/** The open document, as the host keeps it. */
interface OpenDocument {
  file: string;
  name: string;
  gallery: string | null;
  /** The text as opened or last downloaded; null for a restored copy never downloaded. */
  base: string | null;
}

/** Asked before a document with unsaved changes is replaced: true to go on. */
export type ReplaceGuard = (incoming: string) => Promise<boolean>;

function browserStorage(): StorageLike | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export class WebHost implements Host {
  readonly kind = 'web' as const;
  readonly drafts: DraftStore;
  private readonly runs: WorkerRuns;
  private document: OpenDocument | null = null;
  /** The run in progress, for its progress reports and a diagnosis if its worker fails. */
  private currentRun: Omit<RunRequest, 'id'> = { file: '', name: '', source: '' };
  private readBuffer: () => BufferState | null = () => null;
  private guard: ReplaceGuard = async () => true;
  private readonly scenarioListeners = new Set<(scenario: LoadedScenario) => void>();
  private readonly progressListeners = new Set<(progress: RunProgress) => void>();
  private readonly input: HTMLInputElement;

  constructor(storage: StorageLike | null = browserStorage()) {
    this.drafts = new DraftStore(storage);
    this.runs = new WorkerRuns(
      () => new Worker(new URL('./scenario-worker.ts', import.meta.url), { type: 'module', name: 'loopscope-scheduler' }) as unknown as WorkerLike,
      (reply) => this.receive(reply),
      (message) => {
        const { file, name, source } = this.currentRun;
        for (const listener of this.scenarioListeners) listener(workerFailure({ file, name, source, reload: false }, message));
      },
    );
    // The browser's file picker: a hidden <input type=file> that Open scenario clicks.
    this.input = document.createElement('input');
    this.input.type = 'file';
    this.input.accept = '.py,text/x-python,text/plain';
    this.input.hidden = true;
    this.input.setAttribute('aria-hidden', 'true');
    this.input.dataset.role = 'open-scenario-input';
    this.input.addEventListener('change', () => {
      const file = this.input.files?.[0];
      this.input.value = '';
      if (file !== undefined) void this.openDropped(file).catch((error: unknown) => this.fileError(error));
    });
    document.body.append(this.input);
    // Leaving the page (reload, closed tab, another site): keep the very last keystrokes too.
    const keep = (): void => {
      const buffer = this.readBuffer();
      if (buffer !== null) {
        try {
          this.bufferChanged(buffer);
        } catch {
          // Storage refused; the page already said so when it last tried.
        }
      }
    };
    window.addEventListener('pagehide', keep);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') keep();
    });
    // Start the worker now, so the scheduler's code is loaded before the first click.
    this.runs.warm();
  }

  /** How a file picked in the dialog that cannot be opened is reported (the page sets it). */
  fileError: (error: unknown) => void = (error) => console.error(error);

  /** The page's "unsaved changes" question, asked before a document is replaced. */
  setReplaceGuard(guard: ReplaceGuard): void {
    this.guard = guard;
  }

  /** The document in the editor now, as the address bar names it. */
  get openDocument(): Readonly<OpenDocument> | null {
    return this.document;
  }

  galleryHas(name: string): boolean {
    return bundled.sources.has(name);
  }

  async listGallery(): Promise<GalleryEntry[]> {
    return bundled.entries;
  }

  async openDialog(): Promise<void> {
    this.input.click();
  }

  async openGallery(name: string): Promise<void> {
    const source = bundled.sources.get(name);
    if (source === undefined) throw new Error(`There is no gallery scenario named “${name}”.`);
    if (!(await this.guard(name))) return;
    this.open({ file: `scenarios/${name}`, name, gallery: name, base: source }, source);
  }

  async openDropped(file: File): Promise<void> {
    const decoded = decodeScenarioBytes(file.name, new Uint8Array(await file.arrayBuffer()));
    if (!decoded.ok) throw new Error(decoded.message);
    if (!(await this.guard(file.name))) return;
    this.open({ file: file.name, name: file.name, gallery: null, base: decoded.source }, decoded.source);
  }

  /** Open text that came in a link. */
  async openShared(name: string, source: string): Promise<boolean> {
    if (!(await this.guard(name))) return false;
    this.open({ file: name, name, gallery: null, base: source }, source);
    return true;
  }

  /** Reopen the document kept in storage, as it was (its unsaved changes still unsaved). */
  restore(draft: Draft): void {
    this.open({ file: draft.file, name: draft.name, gallery: draft.gallery, base: draft.base }, draft.source, isDirty(draft));
  }

  async newScenario(): Promise<void> {
    if (!(await this.guard(NEW_SCENARIO_NAME))) return;
    this.open({ file: NEW_SCENARIO_NAME, name: NEW_SCENARIO_NAME, gallery: null, base: NEW_SCENARIO_SOURCE }, NEW_SCENARIO_SOURCE);
  }

  onScenario(listener: (scenario: LoadedScenario) => void): () => void {
    this.scenarioListeners.add(listener);
    return () => this.scenarioListeners.delete(listener);
  }

  onProgress(listener: (progress: RunProgress) => void): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  /** The browser has no native menus: the page's own buttons and keys do their work. */
  onMenuCommand(_listener: (command: MenuCommand) => void): () => void {
    return () => {};
  }

  playSource(source: string): void {
    const document = this.document;
    if (document === null) return;
    this.run({ file: document.file, name: document.name, source, edit: true });
  }

  /** Keep the buffer in storage; throws (with what to do) when the browser refuses. */
  bufferChanged(state: BufferState): void {
    const document = this.document;
    if (document === null) return;
    if (!state.dirty) document.base = state.source;
    this.keep(state.source);
  }

  setBufferReader(read: () => BufferState | null): void {
    this.readBuffer = read;
  }

  /** Save is a download: the browser puts the file in its downloads folder (or asks where). */
  async save(source: string): Promise<SaveResult> {
    const document = this.document;
    if (document === null) return 'cancelled';
    download(document.name, source);
    document.base = source;
    this.keep(source);
    return 'saved';
  }

  saveAs(source: string): Promise<SaveResult> {
    return this.save(source);
  }

  /** Files in a browser do not change under the page. */
  onDiskChange(_listener: (change: DiskChange) => void): () => void {
    return () => {};
  }

  private open(document: OpenDocument, source: string, unsaved = false): void {
    this.document = document;
    try {
      this.keep(source);
    } catch (error) {
      this.fileError(error);
    }
    this.run({ file: document.file, name: document.name, source, ...(unsaved ? { unsaved: true } : {}) });
  }

  private keep(source: string): void {
    const document = this.document;
    if (document === null) return;
    this.drafts.save({ ...document, source, savedAt: Date.now() });
  }

  private run(request: Omit<RunRequest, 'id'>): void {
    this.currentRun = request;
    // An edit's run shows no spinner unless it lasts (its progress reports come every 4096 ticks).
    if (request.edit !== true) for (const listener of this.progressListeners) listener({ file: request.file, ticks: 0, time: 0 });
    this.runs.start(request);
  }

  private receive(reply: RunReply): void {
    if (reply.kind === 'progress') {
      for (const listener of this.progressListeners) listener({ file: this.currentRun.file, ticks: reply.ticks, time: reply.time });
      return;
    }
    // The worker's phases, as measures on the page's timeline (ending when the result arrived).
    const now = performance.now();
    performance.measure('loopscope:load', { start: now - reply.timing.run - reply.timing.load, duration: reply.timing.load });
    performance.measure('loopscope:run', { start: now - reply.timing.run, duration: reply.timing.run });
    for (const listener of this.scenarioListeners) listener(reply.loaded);
  }
}

/** Hand `text` to the browser as a file download named `name`. */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/x-python;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // After the browser has started the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
