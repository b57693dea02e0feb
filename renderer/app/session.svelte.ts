/**
 * The app's state: the open scenario and its model, the cursor, the view (axis and zoom),
 * playback, and the theme. Components read it and call its methods; only this store and the Host
 * change it. Heavy data is held raw (never proxied) and built once per trace.
 */
import type { DiskChange, GalleryEntry, LoadedScenario, MenuCommand, RunProgress, ScenarioProblem } from '../../main/common/contract.ts';
import type { Trace } from '../../scheduler/trace/format.ts';
import type { StateView } from '../viz/state-cursor.ts';
import { buildModel, printedAt, type TraceModel } from '../viz/model.ts';
import { modelFromView } from '../viz/view-model.ts';
import { keptAfterFailure, stoppedModel } from '../viz/stopped.ts';
import { mergeCheckpoints } from '../../scheduler/view/transfer.ts';
import { releaseReplaced } from './release-buffers.ts';
import type { Checkpoint } from '../../scheduler/view/replay.ts';
import { axisDomain, boundaryAt, type AxisKind } from '../viz/steps.ts';
import { IDENTITY, clampView, viewOnOtherAxis, viewScale, type View } from '../viz/scales.ts';
import { advance, move, SPEEDS, type Move, type Speed } from './playback.ts';
import type { Host } from './host.ts';
import { EditedDocument } from './document.svelte.ts';
import { EditorHandle } from '../editor/editor-handle.ts';
import type { Bookmark } from '../teach/bookmarks.ts';

export type ThemeChoice = 'system' | 'light' | 'dark';

/** Entries of the ready queue and the timer heap listed at the cursor (the rest are counted). */
const QUEUE_ROWS = 60;

const stored = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
  try {
    const value = localStorage.getItem(`loopscope.${key}`);
    return allowed.includes(value as T) ? (value as T) : fallback;
  } catch {
    return fallback;
  }
};
const store = (key: string, value: string): void => {
  try {
    localStorage.setItem(`loopscope.${key}`, value);
  } catch {
    // Storage can be unavailable (private windows); the choice then lasts for the session.
  }
};

/** The theme as an attribute on <html> (the CSS follows the OS when there is none). */
function applyTheme(theme: ThemeChoice): void {
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}

/** The biggest zoom: a step (tick axis) or a millisecond (time axis) fills most of the plot. */
function maxZoom(model: TraceModel | null, axis: AxisKind): number {
  if (model === null) return 1;
  const [, end] = axisDomain(model.axis, axis);
  const smallest = axis === 'tick' ? 1 / 8 : 0.0005;
  return Math.max(8, end / smallest);
}

export class Session {
  gallery = $state.raw<GalleryEntry[]>([]);
  scenario = $state.raw<LoadedScenario | null>(null);
  model = $state.raw<TraceModel | null>(null);
  cursor = $state(0);
  axis = $state<AxisKind>(stored('axis', ['tick', 'time'] as const, 'tick'));
  view = $state.raw<View>(IDENTITY);
  plotWidth = $state(800);
  playing = $state(false);
  speed = $state<Speed>(Number(stored('speed', ['0.5', '1', '2', '4'] as const, '1')) as Speed);
  theme = $state<ThemeChoice>(stored('theme', ['system', 'light', 'dark'] as const, 'system'));
  systemDark = $state(false);
  /** A run under way (the scheduler is busy), with its progress. */
  running = $state.raw<RunProgress | null>(null);
  /** Set while a trace is being laid out. */
  preparing = $state(false);
  galleryOpen = $state(stored('gallery', ['open', 'closed'] as const, 'open') === 'open');
  /** A failure of the app itself (not of the scenario), shown as a notice. */
  notice = $state<string | null>(null);
  /** Narration in its detailed form (handles and futures named), or the beginner's. */
  detail = $state(stored('narration', ['beginner', 'detailed'] as const, 'beginner') === 'detailed');
  /** Cause-and-effect arrows: all those in view, or only those at the cursor. */
  allArrows = $state(stored('arrows', ['cursor', 'all'] as const, 'cursor') === 'all');
  /** The source text of the trace the model shows (older than the editor's text while a replay is due). */
  modelSource = $state.raw('');
  /** The open file changed on disk while the buffer has edits: the bar offering reload, keep mine, compare. */
  diskChange = $state.raw<DiskChange | null>(null);
  /** The disk-change comparison is open. */
  comparing = $state(false);
  /** A question waiting for the person's answer (the web build's "unsaved changes" prompt). */
  question = $state.raw<Question | null>(null);
  /** The run whose partial models are on screen (LoadedScenario.run); its next models replace them in place. */
  private liveRun: number | null = null;
  /** The checkpoints of that run's models so far (its snapshots carry only the new ones). */
  private liveCheckpoints: Checkpoint[] = [];
  /** A trace being opened: its model is built and shows in the next task (openSoon), with what came after it. */
  private opening: Opening | null = null;
  private readonly shownListeners = new Set<(scenario: LoadedScenario) => void>();
  /** The step to show once the scenario being opened arrives (a share link's step). */
  pendingStep: number | null = null;
  // ----- teaching (renderer/teach/teaching.svelte.ts drives these) -----
  /** The steps marked with a note (B): the document's, reset when another one opens. */
  bookmarks = $state.raw<Bookmark[]>([]);
  /** The bookmarks to show once the scenario being opened arrives (a share link's marks). */
  pendingBookmarks: Bookmark[] | null = null;
  /** Task serials the lesson hides from the lanes and the panels (hide-tasks.ts). */
  hiddenTasks = $state.raw<ReadonlySet<number>>(new Set());
  readonly document: EditedDocument;
  readonly editor = new EditorHandle();

  readonly problem: ScenarioProblem | null = $derived(this.scenario?.outcome.kind === 'error' ? this.scenario.outcome.error : null);
  readonly steps: number = $derived(this.model?.axis.steps ?? 0);
  /** The state at the cursor (read it while the cursor stays; don't keep what it returns). */
  readonly state: StateView | null = $derived(this.model === null ? null : this.model.cursor.viewAt(Math.min(this.cursor, this.model.axis.steps), QUEUE_ROWS));
  /** The task whose handle runs next (-1: a plain callback, or the end of the run). */
  readonly nextTask: number = $derived(this.model !== null && this.cursor < this.model.axis.steps ? (this.model.axis.stepTask[this.cursor] as number) : -1);
  readonly printed: number = $derived(this.model === null ? 0 : printedAt(this.model.outputs, this.cursor));
  readonly resolvedTheme: 'light' | 'dark' = $derived(this.theme === 'system' ? (this.systemDark ? 'dark' : 'light') : this.theme);
  readonly domain: [number, number] = $derived(this.model === null ? [0, 1] : axisDomain(this.model.axis, this.axis));
  readonly maxZoom: number = $derived(maxZoom(this.model, this.axis));

  private frame = 0;
  private lastFrame = 0;
  private carry = 0;

  constructor(private readonly host: Host) {
    applyTheme(this.theme);
    this.document = new EditedDocument(host, (message) => (this.notice = message));
  }

  /** Subscribe to the host; returns the unsubscribe. */
  connect(): () => void {
    const offs = [
      this.host.onScenario((scenario) => this.load(scenario)),
      this.host.onProgress((progress) => {
        this.running = progress;
      }),
      this.host.onMenuCommand((command) => this.command(command)),
      this.host.onDiskChange((change) => this.changedOnDisk(change)),
    ];
    this.host.setBufferReader(this.document.read);
    this.host.listGallery().then(
      (entries) => (this.gallery = entries),
      (error: unknown) => (this.notice = `The gallery could not be read: ${String(error)}`),
    );
    return () => {
      for (const off of offs) off();
      this.pause();
    };
  }

  openDialog(): void {
    void this.host.openDialog().catch((error: unknown) => this.report(error));
  }
  openGallery(name: string): void {
    void this.host.openGallery(name).catch((error: unknown) => this.report(error));
  }
  openDropped(file: File): void {
    void this.host.openDropped(file).catch((error: unknown) => this.report(error));
  }
  newScenario(): void {
    void this.host.newScenario().catch((error: unknown) => this.report(error));
  }

  /** Save (or Save As) the editor's text as it is now. */
  async save(as = false): Promise<void> {
    if (this.document.file === '') return;
    const text = this.editor.text() ?? this.document.text;
    try {
      const result = await (as ? this.host.saveAs(text) : this.host.save(text));
      if (result === 'saved') this.document.markSaved(text);
    } catch (error) {
      this.report(error);
    }
  }

  /** Say what went wrong, in the notice bar. */
  report(error: unknown): void {
    this.notice = error instanceof Error ? error.message : String(error);
  }

  load(scenario: LoadedScenario): void {
    if (this.opening !== null) {
      // Behind a trace being opened: shown after it, in the order they came.
      this.opening.queued.push(scenario);
      return;
    }
    if (this.takeIn(scenario)) for (const listener of this.shownListeners) listener(scenario);
  }

  /**
   * Listen for each scenario that has taken its place on screen: at once, or for a trace opened
   * anew a task after it arrived (openSoon). Returns the unsubscribe.
   */
  onShown(listener: (scenario: LoadedScenario) => void): () => void {
    this.shownListeners.add(listener);
    return () => this.shownListeners.delete(listener);
  }

  /** Load a scenario; false when it shows in a task of its own (openSoon). */
  private takeIn(scenario: LoadedScenario): boolean {
    // The worker of a run being drawn as it went failed: what was drawn stays, as after Stop.
    const kept = this.liveRun !== null ? keptAfterFailure(this.model, scenario) : null;
    if (kept !== null) {
      this.running = null;
      this.liveRun = null;
      this.liveCheckpoints = [];
      this.model = kept;
      return true;
    }
    const continuing = scenario.run !== undefined && scenario.run === this.liveRun;
    if (!continuing) this.liveCheckpoints = [];
    const merged = this.withCheckpoints(scenario);
    if (continuing ? merged.edit !== true && merged.outcome.kind === 'trace' : opensAnew(merged)) {
      this.openSoon(merged, scenario, continuing);
      return false;
    }
    this.place(merged, continuing);
    return true;
  }

  /**
   * A trace opened anew, or the next model of a run drawn as it goes: its model is built now and
   * shown in a task of its own just after (a timeout). Building the model (a row per task) and
   * drawing it in one task was one long task of the page (a large trace opening, 10,000 tasks:
   * 70-90 ms of CPU under load; its final model, 50-60 ms with the message's own reading). What
   * arrives meanwhile (the same run's next models, its end) waits and follows in order.
   */
  private openSoon(scenario: LoadedScenario, arrived: LoadedScenario, continuing: boolean): void {
    const model = this.modelOf(scenario);
    const show = (): void => {
      this.place(scenario, continuing, model);
      for (const listener of this.shownListeners) listener(arrived);
    };
    const opening: Opening = {
      queued: [],
      continuing,
      show,
      timer: setTimeout(() => {
        this.opening = null;
        show();
        for (const next of opening.queued) this.load(next);
      }),
    };
    this.opening = opening;
  }

  /** The rest of load: a scenario (its checkpoints merged) takes its place, with its model if already built. */
  private place(scenario: LoadedScenario, continuing: boolean, model?: TraceModel | null): void {
    if (scenario.partial === true) {
      // A long run drawn as it goes: the first model opens it as usual, the next ones replace it
      // in place (the step and the zoom stay), and the run's progress stays on screen.
      const running = this.running;
      if (continuing) this.growModel(scenario, model);
      else {
        this.liveRun = scenario.run ?? null;
        this.loadWhole(scenario, model);
      }
      this.running = running;
      return;
    }
    this.running = null;
    this.liveRun = null;
    this.liveCheckpoints = [];
    if (continuing) {
      if (scenario.edit === true) this.document.replayed(scenario);
      this.growModel(scenario, model);
      return;
    }
    this.loadWhole(scenario, model);
  }

  /** A snapshot's checkpoints, merged with those of the run's snapshots before (see SnapshotCheckpoints). */
  private withCheckpoints(scenario: LoadedScenario): LoadedScenario {
    const { outcome } = scenario;
    if (outcome.kind !== 'trace' || outcome.view?.index.heldSteps === undefined) return scenario;
    const view = mergeCheckpoints(this.liveCheckpoints, outcome.view);
    this.liveCheckpoints = view.index.checkpoints;
    return { ...scenario, outcome: { ...outcome, view } };
  }

  /** The same run, further on: its model (built already, or now) replaces the one on screen, keeping the step and the zoom. */
  private growModel(scenario: LoadedScenario, built?: TraceModel | null): void {
    const replaced = this.scenario;
    this.scenario = scenario;
    const model = built === undefined ? this.modelOf(scenario) : built;
    if (model === null) return;
    // The model it replaces is the same run's, shorter: nothing else shows it, its memory goes now.
    if (replaced !== null && replaced.run === scenario.run) releaseReplaced(replaced.outcome, scenario.outcome);
    this.model = model;
    this.cursor = Math.min(this.cursor, model.axis.steps);
    this.view = clampView({ k: Math.min(this.view.k, this.maxZoom), x: this.view.x }, this.plotWidth);
  }

  /**
   * Stop (the button, Esc): end the run in progress. Its worker is terminated; what it had drawn
   * stays, ended by a note that the person stopped it.
   */
  stop(): void {
    if (this.running === null) return;
    const pending = this.opening;
    this.opening = null;
    if (pending !== null) {
      clearTimeout(pending.timer);
      // The next model of the run on screen, built and waiting for its task (a Stop pressed while
      // its message was read runs before that task): it shows, and is what the run stops at. A run
      // whose first model is not shown yet: nothing of it was drawn, and nothing of it will be.
      if (pending.continuing) pending.show();
    }
    this.running = null;
    const model = this.model;
    if (this.liveRun !== null && model !== null && !model.complete) this.model = stoppedModel(model);
    this.liveRun = null;
    this.liveCheckpoints = [];
    void this.host.stop().catch((error: unknown) => this.report(error));
  }

  private loadWhole(scenario: LoadedScenario, built?: TraceModel | null): void {
    this.running = null;
    if (scenario.edit === true) {
      this.loadEdit(scenario);
      return;
    }
    const sameFile = this.scenario !== null && this.document.file === scenario.file;
    if (scenario.reload && sameFile && this.document.dirty) {
      // The file changed while the buffer has edits: never overwrite them, ask.
      this.changedOnDisk({ file: scenario.file, source: scenario.source });
      return;
    }
    const keepPlace = scenario.reload && sameFile;
    const model = built !== undefined ? built : this.modelOf(scenario);
    this.pause();
    if (keepPlace) this.document.reloaded(scenario);
    else this.document.opened(scenario);
    this.scenario = scenario;
    this.model = model;
    this.modelSource = scenario.source;
    this.diskChange = null;
    this.comparing = false;
    if (keepPlace) {
      // Live reload: the same step where it still exists, the same zoom.
      this.cursor = Math.min(this.cursor, model?.axis.steps ?? 0);
      this.view = clampView(this.view, this.plotWidth);
    } else {
      this.cursor = Math.min(this.pendingStep ?? 0, model?.axis.steps ?? 0);
      this.view = IDENTITY;
      this.bookmarks = this.pendingBookmarks ?? [];
    }
    this.pendingStep = null;
    this.pendingBookmarks = null;
  }

  /**
   * The replay of an edit. A trace replaces the one on screen, keeping the step (the end stays
   * the end) and the zoom where they still make sense; a text that does not load keeps the last
   * trace that ran on screen, while its problems show in the code.
   */
  private loadEdit(scenario: LoadedScenario): void {
    this.document.replayed(scenario);
    this.scenario = scenario;
    if (scenario.outcome.kind !== 'trace') return;
    const model = this.modelOf(scenario);
    if (model === null) return;
    const atEnd = this.model !== null && this.cursor >= this.model.axis.steps;
    this.model = model;
    this.modelSource = scenario.source;
    this.cursor = atEnd ? model.axis.steps : Math.min(this.cursor, model.axis.steps);
    this.view = clampView({ k: Math.min(this.view.k, this.maxZoom), x: this.view.x }, this.plotWidth);
  }

  private modelOf(scenario: LoadedScenario): TraceModel | null {
    if (scenario.outcome.kind !== 'trace') return null;
    const started = performance.now();
    try {
      const { trace, view } = scenario.outcome;
      // Built in the worker as it ran: the page only wraps it. Else (the standalone player), here.
      const model = view !== undefined ? modelFromView(view, trace) : buildModel(trace as unknown as Trace);
      performance.measure('loopscope:model', { start: started, end: performance.now() });
      this.notice = null;
      return model;
    } catch (error) {
      this.notice = `This trace could not be shown: ${error instanceof Error ? error.message : String(error)}`;
      return null;
    }
  }

  // ----- the file on disk -----

  private changedOnDisk(change: DiskChange): void {
    if (change.file !== this.document.file) return;
    if (!this.document.dirty) {
      this.takeDiskVersion(change.source);
      return;
    }
    this.diskChange = change;
    // Save found the file changed and the person chose Compare in its dialog: open the comparison at once.
    this.comparing = change.compare === true;
  }

  /** Reload: the text on disk replaces the buffer, as one edit that Ctrl+Z undoes. */
  reloadFromDisk(): void {
    const change = this.diskChange;
    if (change === null) return;
    this.takeDiskVersion(change.source);
  }

  private takeDiskVersion(source: string): void {
    this.document.setSaved(source);
    this.editor.replaceAll(source);
    this.diskChange = null;
    this.comparing = false;
  }

  /** Keep mine: the buffer stays as it is, still unsaved (Save then decides about the file). */
  keepMine(): void {
    const change = this.diskChange;
    if (change === null) return;
    this.document.setSaved(change.source);
    this.diskChange = null;
    this.comparing = false;
  }

  // ----- questions -----

  /** Ask the person; resolves with the chosen answer's value (the last one when dismissed). */
  ask<T extends string>(question: Omit<Question<T>, 'answer'>): Promise<T> {
    return new Promise((resolve) => {
      this.question = {
        ...question,
        answer: (value: string) => {
          this.question = null;
          resolve(value as T);
        },
      } as Question;
    });
  }

  // ----- cursor and playback -----

  go(how: Move): void {
    if (this.model === null) return;
    this.pause();
    this.cursor = move(this.model.axis, this.cursor, how);
  }

  setCursor(step: number): void {
    if (this.model === null) return;
    this.cursor = Math.max(0, Math.min(this.model.axis.steps, Math.round(step)));
  }

  togglePlay(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  play(): void {
    if (this.model === null || this.playing) return;
    if (this.cursor >= this.model.axis.steps) this.cursor = 0;
    this.playing = true;
    this.lastFrame = performance.now();
    this.carry = 0;
    const tick = (now: number): void => {
      if (!this.playing || this.model === null) return;
      const { steps, carryMs } = advance(now - this.lastFrame, this.speed, this.carry);
      this.lastFrame = now;
      this.carry = carryMs;
      if (steps > 0) {
        this.cursor = Math.min(this.model.axis.steps, this.cursor + steps);
        if (this.cursor >= this.model.axis.steps) {
          this.pause();
          return;
        }
      }
      this.frame = requestAnimationFrame(tick);
    };
    // The first step shows at once, so pressing Play visibly does something.
    this.cursor = Math.min(this.model.axis.steps, this.cursor + 1);
    this.frame = requestAnimationFrame(tick);
  }

  pause(): void {
    this.playing = false;
    cancelAnimationFrame(this.frame);
  }

  setSpeed(speed: Speed): void {
    this.speed = speed;
    store('speed', String(speed));
  }

  // ----- view -----

  setAxis(axis: AxisKind): void {
    if (axis === this.axis) return;
    const from = this.axis;
    if (this.model !== null) {
      const fromDomain = axisDomain(this.model.axis, from);
      const toDomain = axisDomain(this.model.axis, axis);
      this.view = viewOnOtherAxis(this.model.axis, from, axis, this.plotWidth, this.view, fromDomain, toDomain);
    }
    this.axis = axis;
    store('axis', axis);
  }

  setView(view: View): void {
    const next = clampView({ k: Math.min(view.k, this.maxZoom), x: view.x }, this.plotWidth);
    if (next.k !== this.view.k || next.x !== this.view.x) this.view = next;
  }

  /** Zoom by a factor, keeping the cursor where it is on screen (or the centre when it is off). */
  zoomBy(factor: number): void {
    const { k, x } = this.view;
    const nk = Math.max(1, Math.min(this.maxZoom, k * factor));
    let anchor = this.plotWidth / 2;
    if (this.model !== null) {
      const px = viewScale(this.domain, this.plotWidth, this.view)(boundaryAt(this.model.axis, this.axis, this.cursor));
      if (px >= 0 && px <= this.plotWidth) anchor = px;
    }
    this.setView({ k: nk, x: anchor - ((anchor - x) * nk) / k });
  }

  resetZoom(): void {
    this.view = IDENTITY;
  }

  setTheme(theme: ThemeChoice): void {
    // The attribute first: views that read colours from CSS (the canvases) see the new ones.
    applyTheme(theme);
    this.theme = theme;
    store('theme', theme);
  }

  cycleTheme(): void {
    const order: ThemeChoice[] = ['system', 'light', 'dark'];
    this.setTheme(order[(order.indexOf(this.theme) + 1) % order.length] as ThemeChoice);
  }

  toggleDetail(): void {
    this.detail = !this.detail;
    store('narration', this.detail ? 'detailed' : 'beginner');
  }

  toggleArrows(): void {
    this.allArrows = !this.allArrows;
    store('arrows', this.allArrows ? 'all' : 'cursor');
  }

  toggleGallery(): void {
    this.galleryOpen = !this.galleryOpen;
    store('gallery', this.galleryOpen ? 'open' : 'closed');
  }

  command(command: MenuCommand): void {
    switch (command) {
      case 'zoom-in':
        return this.zoomBy(2);
      case 'zoom-out':
        return this.zoomBy(0.5);
      case 'zoom-reset':
        return this.resetZoom();
      case 'axis-ticks':
        return this.setAxis('tick');
      case 'axis-time':
        return this.setAxis('time');
      case 'theme-system':
        return this.setTheme('system');
      case 'theme-light':
        return this.setTheme('light');
      case 'theme-dark':
        return this.setTheme('dark');
      case 'save':
        return void this.save(false);
      case 'save-as':
        return void this.save(true);
    }
  }

  /** The keyboard: true when the key was ours. */
  key(event: KeyboardEvent): boolean {
    if (event.ctrlKey || event.metaKey || event.altKey) return false;
    switch (event.key) {
      case 'Escape':
        if (this.running === null) return false;
        this.stop();
        return true;
      case ' ':
        this.togglePlay();
        return true;
      case 'ArrowRight':
        this.go(event.shiftKey ? 'tick-forward' : 'step-forward');
        return true;
      case 'ArrowLeft':
        this.go(event.shiftKey ? 'tick-back' : 'step-back');
        return true;
      case 'Home':
        this.go('start');
        return true;
      case 'End':
        this.go('end');
        return true;
      case '+':
      case '=':
        this.zoomBy(2);
        return true;
      case '-':
        this.zoomBy(0.5);
        return true;
      case '0':
        this.resetZoom();
        return true;
      case 't':
        this.setAxis(this.axis === 'tick' ? 'time' : 'tick');
        return true;
      case 'a':
        this.toggleArrows();
        return true;
      case 'd':
        this.toggleDetail();
        return true;
      default:
        return false;
    }
  }
}

/** A trace opened anew (not the next model of the run on screen, an edit's replay or a reload). */
function opensAnew(scenario: LoadedScenario): boolean {
  return scenario.outcome.kind === 'trace' && scenario.edit !== true && !scenario.reload;
}

interface Opening {
  /** What arrived after it, to load once it is shown. */
  queued: LoadedScenario[];
  timer: ReturnType<typeof setTimeout>;
  /** The next model of the run on screen (else a trace opened anew). */
  continuing: boolean;
  /** Put it on screen, its model built already. */
  show: () => void;
}

export interface Question<T extends string = string> {
  title: string;
  message: string;
  /** The buttons, in order; the first is the default, the last is what Esc chooses. */
  choices: { value: T; label: string }[];
  answer: (value: T) => void;
}

export { SPEEDS };
