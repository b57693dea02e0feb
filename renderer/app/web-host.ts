/**
 * The Host in a browser: the gallery is bundled with the page, files come from the browser's file
 * picker or a drop, and the scheduler runs in a Web Worker. A newer run cancels the one under way
 * (the worker is simply replaced), as the Electron main process does.
 */
import { galleryFrom } from './gallery.ts';
import type { BufferState, DiskChange, GalleryEntry, Host, LoadedScenario, MenuCommand, RunProgress, SaveResult } from './host.ts';
import type { RunReply, RunRequest } from './run-protocol.ts';
import { describeWorkerFailure, workerFailure } from '../../main/common/worker-failure.ts';

const bundled = galleryFrom(import.meta.glob<string>('../../scenarios/*.py', { query: '?raw', import: 'default', eager: true }));

export class WebHost implements Host {
  readonly kind = 'web' as const;
  private worker: Worker | null = null;
  private busy = false;
  private nextId = 1;
  private current = 0;
  private currentFile = '';
  /** The run in progress, for a diagnosis if its worker fails. */
  private running: Omit<RunRequest, 'id'> = { file: '', name: '', source: '' };
  private readonly scenarioListeners = new Set<(scenario: LoadedScenario) => void>();
  private readonly progressListeners = new Set<(progress: RunProgress) => void>();
  private readonly input: HTMLInputElement;

  constructor() {
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
      if (file !== undefined) void this.openDropped(file);
    });
    document.body.append(this.input);
    // Start the worker now, so the scheduler's code is loaded before the first click.
    this.ensureWorker();
  }

  async listGallery(): Promise<GalleryEntry[]> {
    return bundled.entries;
  }

  async openDialog(): Promise<void> {
    this.input.click();
  }

  async openGallery(name: string): Promise<void> {
    const source = bundled.sources.get(name);
    if (source === undefined) throw new Error(`no gallery scenario named ${name}`);
    this.run({ file: `scenarios/${name}`, name, source });
  }

  async openDropped(file: File): Promise<void> {
    const source = await file.text();
    this.run({ file: file.name, name: file.name, source });
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

  // Writing scenarios in the app: being built (issue 9).
  playSource(_source: string): void {
    throw new Error('playSource: not built yet');
  }
  bufferChanged(_state: BufferState): void {}
  setBufferReader(_read: () => BufferState | null): void {}
  newScenario(): Promise<void> {
    return Promise.reject(new Error('newScenario: not built yet'));
  }
  save(_source: string): Promise<SaveResult> {
    return Promise.reject(new Error('save: not built yet'));
  }
  saveAs(_source: string): Promise<SaveResult> {
    return Promise.reject(new Error('saveAs: not built yet'));
  }
  onDiskChange(_listener: (change: DiskChange) => void): () => void {
    return () => {};
  }

  private ensureWorker(): Worker {
    if (this.worker === null) {
      const worker = new Worker(new URL('./scenario-worker.ts', import.meta.url), { type: 'module', name: 'loopscope-scheduler' });
      worker.addEventListener('message', (message: MessageEvent<RunReply>) => this.receive(message.data));
      // A worker that fails (an uncaught error, a reply that cannot be read) ends the run with
      // that diagnosis; the next run starts a new worker.
      worker.addEventListener('error', (event: ErrorEvent) => {
        event.preventDefault();
        this.workerFailed(worker, describeWorkerFailure({ message: event.message }));
      });
      worker.addEventListener('messageerror', () => this.workerFailed(worker, "the scenario's worker sent a reply that could not be read"));
      this.worker = worker;
    }
    return this.worker;
  }

  private workerFailed(worker: Worker, message: string): void {
    if (this.worker !== worker) return;
    worker.terminate();
    this.worker = null;
    if (!this.busy) return;
    this.busy = false;
    const { file, name, source } = this.running;
    for (const listener of this.scenarioListeners) listener(workerFailure({ file, name, source, reload: false }, message));
  }

  private run(request: Omit<RunRequest, 'id'>): void {
    if (this.busy && this.worker !== null) {
      this.worker.terminate();
      this.worker = null;
    }
    const id = this.nextId++;
    this.current = id;
    this.currentFile = request.file;
    this.running = request;
    this.busy = true;
    for (const listener of this.progressListeners) listener({ file: request.file, ticks: 0, time: 0 });
    this.ensureWorker().postMessage({ id, ...request } satisfies RunRequest);
  }

  private receive(reply: RunReply): void {
    if (reply.id !== this.current) return;
    if (reply.kind === 'progress') {
      for (const listener of this.progressListeners) listener({ file: this.currentFile, ticks: reply.ticks, time: reply.time });
      return;
    }
    this.busy = false;
    for (const listener of this.scenarioListeners) listener(reply.loaded);
  }
}
