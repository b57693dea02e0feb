/**
 * The renderer's one door to the outside: the Host. In Electron it is the preload's API
 * (window.loopscope); in the browser build it is a Web Worker running the same scheduler
 * (web-host.ts). Nothing else in renderer/ talks to IPC, files or workers.
 */
import type { GalleryEntry, LoadedScenario, MenuCommand, RunProgress } from '../../main/common/contract.ts';

export type { GalleryEntry, LoadedScenario, MenuCommand, RunProgress };

export interface Host {
  readonly kind: 'electron' | 'web';
  listGallery(): Promise<GalleryEntry[]>;
  /** Let the person pick a file (a native dialog, or the browser's file picker). */
  openDialog(): Promise<void>;
  openGallery(name: string): Promise<void>;
  openDropped(file: File): Promise<void>;
  onScenario(listener: (scenario: LoadedScenario) => void): () => void;
  onProgress(listener: (progress: RunProgress) => void): () => void;
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}
