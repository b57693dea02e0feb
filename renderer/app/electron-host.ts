/**
 * The Host in Electron: a thin adapter over the preload's API (one function per IPC channel).
 *
 * Main numbers its documents; the host remembers the number of the one on screen (from every
 * scenario main sends) and stamps the buffer with it, so text typed into a document that main
 * has since replaced (a Save prompt answered, a file opened from the menu) is never taken for
 * the new one's.
 */
import type { FileSettings, PreloadApi } from '../../main/common/contract.ts';
import type { BufferState, DiskChange, ExportFile, GalleryEntry, Host, LoadedScenario, MenuCommand, RunProgress, SaveResult } from './host.ts';

export class ElectronHost implements Host {
  readonly kind = 'electron' as const;
  private document: number | null = null;
  private readBuffer: () => BufferState | null = () => null;

  constructor(
    private readonly api: PreloadApi,
    private readonly log: (message: string) => void = (message) => console.error(message),
  ) {
    // Subscribed before the page's own listeners, so the number is current when they run.
    api.onScenarioLoaded((scenario) => {
      this.document = scenario.document ?? null;
    });
    // Main wants the buffer now (closing, quitting, opening another file): answer at once, even
    // without an editor, so main never waits for a reply that is not coming.
    api.onFlushRequest(({ flush }) => {
      let buffer: BufferState | null = null;
      try {
        buffer = this.document === null ? null : this.readBuffer();
      } catch (error) {
        this.log(`Loopscope: the editor's text could not be read: ${String(error)}`);
      }
      this.report(this.api.bufferFlushed(flush, this.document, buffer), 'flush the buffer');
    });
  }

  listGallery(): Promise<GalleryEntry[]> {
    return this.api.listGallery();
  }
  async openDialog(): Promise<void> {
    await this.api.openDialog();
  }
  async openGallery(name: string): Promise<void> {
    await this.api.openGallery(name);
  }
  async openDropped(file: File): Promise<void> {
    await this.api.openDropped(file);
  }
  onScenario(listener: (scenario: LoadedScenario) => void): () => void {
    return this.api.onScenarioLoaded(listener);
  }
  onProgress(listener: (progress: RunProgress) => void): () => void {
    return this.api.onRunProgress(listener);
  }
  onMenuCommand(listener: (command: MenuCommand) => void): () => void {
    return this.api.onMenuCommand(listener);
  }
  stop(): Promise<boolean> {
    return this.api.stopRun();
  }

  playSource(source: string): void {
    if (this.document !== null) this.report(this.api.playSource(this.document, source), 'play the edited scenario');
  }
  bufferChanged(state: BufferState): void {
    if (this.document !== null) this.report(this.api.bufferChanged(this.document, state), 'report the edit');
  }
  setBufferReader(read: () => BufferState | null): void {
    this.readBuffer = read;
  }
  async newScenario(): Promise<void> {
    await this.api.newScenario();
  }
  save(source: string): Promise<SaveResult> {
    return this.document === null ? Promise.resolve('cancelled') : this.api.save(this.document, source);
  }
  saveAs(source: string): Promise<SaveResult> {
    return this.document === null ? Promise.resolve('cancelled') : this.api.saveAs(this.document, source);
  }
  onDiskChange(listener: (change: DiskChange) => void): () => void {
    return this.api.onDiskChange(listener);
  }
  saveExport(file: ExportFile): Promise<SaveResult> {
    return this.api.saveExport(file);
  }
  /** The settings main keeps with the open file (renderer/teach/teaching.svelte.ts: bookmarks). */
  readFileSettings(): Promise<FileSettings> {
    return this.document === null ? Promise.resolve({ bookmarks: [] }) : this.api.readFileSettings(this.document);
  }
  writeFileSettings(settings: FileSettings): Promise<boolean> {
    return this.document === null ? Promise.resolve(false) : this.api.writeFileSettings(this.document, settings);
  }

  /** Fire-and-forget calls: a refusal is a bug to see in the console, not a reason to throw at the editor. */
  private report(call: Promise<unknown>, what: string): void {
    call.catch((error: unknown) => this.log(`Loopscope: could not ${what}: ${error instanceof Error ? error.message : String(error)}`));
  }
}
