/**
 * The renderer's one door to the outside: the Host. In Electron it is the preload's API
 * (window.loopscope); in the browser build it is a Web Worker running the same scheduler
 * (web-host.ts). Nothing else in renderer/ talks to IPC, files or workers.
 */
import type { BufferState, DiskChange, ExportFile, GalleryEntry, LoadedScenario, MenuCommand, RunProgress, SaveResult } from '../../main/common/contract.ts';

export type { BufferState, DiskChange, ExportFile, GalleryEntry, LoadedScenario, MenuCommand, RunProgress, SaveResult };

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
  /**
   * Stop (the button, Esc): end the run in progress, if any. Its worker is terminated; the page
   * keeps the partial models it already received. Resolves false when nothing was running.
   */
  stop(): Promise<boolean>;

  // ----- writing scenarios in the app (issue 9); the editor's buffer lives in the page -----

  /**
   * Play the editor's text as the open document. The caller debounces; a newer call terminates a
   * run still going. The result arrives through onScenario, marked as the replay of an edit, so
   * the page keeps the editor's text, the step cursor and the zoom where they still make sense.
   */
  playSource(source: string): void;
  /**
   * The buffer after an edit (the caller debounces): the unsaved marker in the title, the hot-exit
   * backup, and what the close prompt saves.
   */
  bufferChanged(state: BufferState): void;
  /**
   * How the host reads the buffer at a moment of its choosing: closing the window, quitting,
   * opening another document, or a change on disk. bufferChanged is debounced, so without this
   * the last keystrokes before Ctrl+W would be missing from what the close prompt saves. The page
   * calls it once its editor exists; the reader returns null while there is no document.
   */
  setBufferReader(read: () => BufferState | null): void;
  /** Start a new scenario from the template (Ctrl/Cmd+N). */
  newScenario(): Promise<void>;
  /** Save the buffer where it came from (an untitled or gallery document asks where, as Save As). */
  save(source: string): Promise<SaveResult>;
  saveAs(source: string): Promise<SaveResult>;
  /** The open file changed on disk while the buffer has edits: the page offers reload, keep mine, compare. */
  onDiskChange(listener: (change: DiskChange) => void): () => void;
  /** Save an export (picture, slides, player, trace): the desktop asks where; the web downloads it. */
  saveExport(file: ExportFile): Promise<SaveResult>;
}
