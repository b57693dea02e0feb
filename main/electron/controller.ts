/**
 * What happens when a scenario is opened: read it, watch it, play it, deliver the result, and
 * replay it when it is saved. Every way in (Open dialog, drop, command line, Open Recent, the
 * gallery, the Reload menu item, a save in an editor) ends here, so they behave alike.
 *
 * Ordering: opens, replays and plays are numbered separately. An open whose read finishes after
 * a newer open started is dropped; a replay is dropped when a newer replay started or another
 * file has been opened meanwhile; a run's result is delivered only if no newer run started (the
 * runner cancels superseded runs anyway). So the screen ends on the newest request, whatever
 * order the disk and the worker answer in, and a save never cancels an open in progress.
 */
import { basename } from 'node:path';
import type { LoadedScenario } from '../common/contract.ts';
import { watchFile, type FileWatch } from './file-watcher.ts';
import type { RunJob } from './runner.ts';
import { readScenarioFile, resolveGalleryFile, ScenarioFileError, type ScenarioFile } from './scenario-files.ts';

export type OpenOrigin = 'dialog' | 'drop' | 'argv' | 'recent' | 'gallery';

export interface OpenScenario {
  /** Absolute path on disk. */
  path: string;
  /** What the title bar and errors show: the path, or scenarios/NAME for the gallery. */
  display: string;
  name: string;
  fromGallery: boolean;
}

export interface ControllerDeps {
  run(job: RunJob): Promise<LoadedScenario | null>;
  deliver(scenario: LoadedScenario): void;
  galleryDir: string;
  /** A file the person chose could not be opened or played: say so (a native message box). */
  reportError(title: string, message: string): void;
  /** A scenario was opened (not reloaded): update the title, the recent list, the menu. */
  opened?(scenario: OpenScenario, origin: OpenOrigin): void;
  /** A recent file that no longer opens: drop it from the list. */
  forgetRecent?(path: string): void;
  watch?: (path: string, onChange: () => void) => FileWatch;
  cwd?: string;
}

export class ScenarioController {
  private current: OpenScenario | null = null;
  private lastSource: string | null = null;
  private watcher: FileWatch | null = null;
  private openSeq = 0;
  private replaySeq = 0;
  private playSeq = 0;
  private readonly watch: (path: string, onChange: () => void) => FileWatch;

  constructor(private readonly deps: ControllerDeps) {
    this.watch = deps.watch ?? ((path, onChange) => watchFile(path, onChange));
  }

  get scenario(): OpenScenario | null {
    return this.current;
  }

  /** Open a file chosen in the dialog, dropped, given on the command line, or from Open Recent. */
  async openPath(path: string, origin: Exclude<OpenOrigin, 'gallery'>): Promise<boolean> {
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
    return this.start({ path: file.path, display: file.path, name: basename(file.path), fromGallery: false }, file.source, origin);
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
    return this.start({ path: file.path, display: `scenarios/${name}`, name, fromGallery: true }, file.source, 'gallery');
  }

  /** File ▸ Reload: read the open file again and replay it, changed or not. */
  reload(): Promise<boolean> {
    return this.replay(true);
  }

  /** Stop watching and forget the open scenario (window closed). */
  close(): void {
    this.openSeq++;
    this.replaySeq++;
    this.playSeq++;
    this.watcher?.close();
    this.watcher = null;
    this.current = null;
    this.lastSource = null;
  }

  private async start(scenario: OpenScenario, source: string, origin: OpenOrigin): Promise<boolean> {
    this.watcher?.close();
    this.current = scenario;
    this.lastSource = source;
    this.watcher = this.watch(scenario.path, () => void this.replay(false));
    this.deps.opened?.(scenario, origin);
    await this.play(scenario, source, false);
    return true;
  }

  /** A save (force=false: only if the text changed) or File ▸ Reload (force=true). */
  private async replay(force: boolean): Promise<boolean> {
    const scenario = this.current;
    if (scenario === null) return false;
    const seq = ++this.replaySeq;
    let source: string;
    try {
      source = (await readScenarioFile(scenario.path)).source;
    } catch (error) {
      // Mid-save (the file briefly missing) the next event brings the new text; only an
      // explicit Reload deserves a message.
      if (force) this.deps.reportError('Cannot reload the scenario', messageOf(error));
      return false;
    }
    if (seq !== this.replaySeq || this.current !== scenario) return false;
    // Editors touch files without changing them (and folder events are not all for our file).
    if (!force && source === this.lastSource) return false;
    this.lastSource = source;
    await this.play(scenario, source, true);
    return true;
  }

  private async play(scenario: OpenScenario, source: string, reload: boolean): Promise<void> {
    const seq = ++this.playSeq;
    let loaded: LoadedScenario | null;
    try {
      loaded = await this.deps.run({ file: scenario.display, name: scenario.name, source, reload });
    } catch (error) {
      if (seq === this.playSeq) this.deps.reportError('The scenario could not be played', messageOf(error));
      return;
    }
    // null: superseded by a newer run, whose result is the one to show.
    if (loaded !== null && seq === this.playSeq) this.deps.deliver(loaded);
  }
}

function messageOf(error: unknown): string {
  if (error instanceof ScenarioFileError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
