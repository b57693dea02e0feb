/**
 * The Host of the standalone player: the one scenario and trace embedded in the page, and nothing
 * else (no gallery, no files, no worker: the trace is already recorded). The app's Session, and
 * through it the app's own timeline, transport and panels, then play it as they play any run.
 */
import type { Trace } from '../../scheduler/trace/format.ts';
import type { BufferState, DiskChange, ExportFile, GalleryEntry, Host, LoadedScenario, MenuCommand, RunProgress, SaveResult } from '../app/host.ts';
import type { PlayerScenario } from './embed.ts';

const noListener = (): (() => void) => () => {};
const notHere = (what: string): Promise<never> => Promise.reject(new Error(`${what} is not available in the standalone player`));

export class PlayerHost implements Host {
  readonly kind = 'web' as const;

  constructor(
    private readonly scenario: PlayerScenario,
    private readonly trace: Trace,
  ) {}

  async listGallery(): Promise<GalleryEntry[]> {
    return [];
  }
  openDialog(): Promise<void> {
    return notHere('Opening a file');
  }
  openGallery(): Promise<void> {
    return notHere('The gallery');
  }
  openDropped(): Promise<void> {
    return notHere('Opening a file');
  }

  /** The embedded scenario, delivered as soon as the page listens. */
  onScenario(listener: (scenario: LoadedScenario) => void): () => void {
    let live = true;
    queueMicrotask(() => {
      if (!live) return;
      listener({
        file: this.scenario.file,
        name: this.scenario.name,
        source: this.scenario.source,
        reload: false,
        outcome: { kind: 'trace', trace: this.trace as unknown as Extract<LoadedScenario['outcome'], { kind: 'trace' }>['trace'] },
      });
    });
    return () => {
      live = false;
    };
  }
  onProgress(_listener: (progress: RunProgress) => void): () => void {
    return noListener();
  }
  onMenuCommand(_listener: (command: MenuCommand) => void): () => void {
    return noListener();
  }
  /** The player plays a trace recorded before: nothing ever runs. */
  async stop(): Promise<boolean> {
    return false;
  }

  // The player shows a recorded run: there is no buffer to edit, save or replay.
  playSource(_source: string): void {}
  bufferChanged(_state: BufferState): void {}
  setBufferReader(_read: () => BufferState | null): void {}
  newScenario(): Promise<void> {
    return notHere('A new scenario');
  }
  save(_source: string): Promise<SaveResult> {
    return notHere('Saving');
  }
  saveAs(_source: string): Promise<SaveResult> {
    return notHere('Saving');
  }
  saveExport(_file: ExportFile): Promise<SaveResult> {
    return notHere('Exporting');
  }
  onDiskChange(_listener: (change: DiskChange) => void): () => void {
    return noListener();
  }
}
