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
import type { BufferState, DiskChange, ExportFile, GalleryEntry, Host, LoadedScenario, MenuCommand, RunProgress, SaveResult } from './host.ts';
import type { RunReply, RunWork, ScenarioRun } from './run-protocol.ts';
import { TRACE_FORMAT, TRACE_VERSION } from '../../scheduler/trace/format.ts';
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
  private currentRun: RunWork = { kind: 'run', file: '', name: '', source: '' };
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
        const run = this.currentRun;
        if (run.kind === 'open-trace') {
          this.fileError(new Error(`${run.name}: ${message}`));
          return;
        }
        const { file, name, source } = run;
        for (const listener of this.scenarioListeners) listener(workerFailure({ file, name, source, reload: false }, message));
      },
    );
    // The browser's file picker: a hidden <input type=file> that Open scenario clicks.
    this.input = document.createElement('input');
    this.input.type = 'file';
    // Scenarios, and traces saved with `loopscope run FILE --format json`.
    this.input.accept = '.py,text/x-python,text/plain,.json,application/json';
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
    if (isTraceFile(file.name)) {
      if (!(await this.guard(file.name))) return;
      // Read in the worker, as a stream: the page never holds the file's text.
      this.start({ kind: 'open-trace', name: file.name, blob: file });
      return;
    }
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

  /** True while the worker runs a scenario or opens a trace. */
  get running(): boolean {
    return this.runs.running;
  }

  async stop(): Promise<boolean> {
    return this.runs.stop();
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

  /** An export is a download, as Save is. */
  saveExport(file: ExportFile): Promise<SaveResult> {
    downloadBytes(file.name, file.bytes, EXPORT_TYPES[file.kind]);
    return Promise.resolve('saved');
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

  private run(request: Omit<ScenarioRun, 'kind'>): void {
    this.start({ kind: 'run', ...request });
  }

  private start(work: RunWork): void {
    this.currentRun = work;
    // An edit's run shows no spinner unless it lasts (its progress reports come every 4096 ticks).
    if (work.kind === 'open-trace') this.progress({ file: work.name, ticks: 0, time: 0, opening: { phase: 'read', fraction: 0 } });
    else if (work.edit !== true) this.progress({ file: work.file, ticks: 0, time: 0 });
    this.runs.start(work);
  }

  private progress(progress: RunProgress): void {
    for (const listener of this.progressListeners) listener(progress);
  }

  private receive(reply: RunReply): void {
    const run = this.currentRun;
    const file = run.kind === 'run' ? run.file : run.name;
    switch (reply.kind) {
      case 'progress':
        this.progress({ file, ticks: reply.ticks, time: reply.time });
        return;
      case 'open-progress':
        this.progress({ file, ticks: 0, time: 0, opening: { phase: reply.phase, fraction: reply.total === null || reply.total === 0 ? null : Math.min(1, reply.done / reply.total) } });
        return;
      case 'refused':
        this.fileError(new Error(reply.message));
        return;
      case 'snapshot': {
        const { model, events, floats } = reply;
        const trace = { format: TRACE_FORMAT as typeof TRACE_FORMAT, version: TRACE_VERSION as typeof TRACE_VERSION, source: model.source, strings: model.strings, events, floats, steps: model.axis.steps, end: null };
        const outcome = { kind: 'trace' as const, trace, view: model };
        // A saved trace being read opens with the text its snapshot brings (what its result will bring).
        const partial: LoadedScenario =
          run.kind === 'run'
            ? { file: run.file, name: run.name, source: run.source, reload: false, partial: true, run: reply.id, outcome }
            : { file: run.name, name: run.name, source: reply.source ?? '', reload: false, partial: true, run: reply.id, outcome };
        if (run.kind === 'run' && run.edit === true) partial.edit = true;
        if (run.kind === 'run' && run.unsaved === true) partial.unsaved = true;
        for (const listener of this.scenarioListeners) listener(partial);
        return;
      }
      case 'done':
        break;
    }
    if (run.kind === 'open-trace') {
      // The trace's scenario text is the document now: editing it plays it again.
      this.document = { file: reply.loaded.file, name: reply.loaded.name, gallery: null, base: reply.loaded.source };
      try {
        this.keep(reply.loaded.source);
      } catch (error) {
        this.fileError(error);
      }
    }
    // The worker's phases, as measures on the page's timeline (ending when the result arrived).
    const now = performance.now();
    performance.measure('loopscope:load', { start: now - reply.timing.run - reply.timing.load, duration: reply.timing.load });
    performance.measure('loopscope:run', { start: now - reply.timing.run, duration: reply.timing.run });
    for (const listener of this.scenarioListeners) listener(reply.loaded);
  }
}

/** A saved trace (`loopscope run FILE --format json`) rather than a scenario, by its name. */
export const isTraceFile = (name: string): boolean => /\.json$/i.test(name);

/** The media type of each export's download. */
const EXPORT_TYPES: Record<ExportFile['kind'], string> = {
  svg: 'image/svg+xml',
  png: 'image/png',
  gif: 'image/gif',
  zip: 'application/zip',
  html: 'text/html;charset=utf-8',
  json: 'application/json',
};

/** Hand `text` to the browser as a file download named `name`. */
function download(name: string, text: string): void {
  downloadBytes(name, text, 'text/x-python;charset=utf-8');
}

function downloadBytes(name: string, content: string | Uint8Array, type: string): void {
  const url = URL.createObjectURL(new Blob([content as BlobPart], { type }));
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
