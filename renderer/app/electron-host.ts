/** The Host in Electron: a thin adapter over the preload's API (one function per IPC channel). */
import type { PreloadApi } from '../../main/common/contract.ts';
import type { BufferState, DiskChange, GalleryEntry, Host, LoadedScenario, MenuCommand, RunProgress, SaveResult } from './host.ts';

export class ElectronHost implements Host {
  readonly kind = 'electron' as const;
  constructor(private readonly api: PreloadApi) {}

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

  // Writing scenarios in the app: being built (issue 9).
  playSource(_source: string): void {
    throw new Error('playSource: not built yet');
  }
  bufferChanged(_state: BufferState): void {}
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
}
