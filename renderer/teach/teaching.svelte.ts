/**
 * The teaching modes in the page: presentation mode, chapters, bookmarks and hidden tasks. It
 * reads the session (the run on screen, the cursor) and drives the few teaching fields the
 * session keeps (bookmarks, hidden tasks); what each key does is teaching-keys.ts's, the chapters
 * chapters.ts's, the bookmarks' limits bookmarks.ts's, hiding hide-tasks.ts's.
 *
 * Bookmarks travel with the document: on the desktop they are saved with the file's settings in
 * main (through the host's file-settings calls, keyed by the document's path); on the web they
 * go into the share link, which web-links.svelte.ts writes.
 */
import type { Host } from '../app/host.ts';
import type { Session } from '../app/session.svelte.ts';
import { normalized, removeBookmark, setBookmark, type Bookmark } from './bookmarks.ts';
import { chapterAt, chapterSteps, parseChapters, stepLinesOf, type ChapterSteps } from './chapters.ts';
import { hiddenSerials, isShutdownTask, type HideRule } from './hide-tasks.ts';
import { chordOf } from './shortcuts.ts';
import { teachingCommand } from './teaching-keys.ts';

/** The host's per-file settings (the desktop app's; the web build carries bookmarks in its link). */
export interface FileSettingsHost {
  readFileSettings(): Promise<{ bookmarks: Bookmark[] }>;
  writeFileSettings(settings: { bookmarks: Bookmark[] }): Promise<boolean>;
}

export const hasFileSettings = (host: Host): host is Host & FileSettingsHost =>
  typeof (host as Partial<FileSettingsHost>).readFileSettings === 'function' && typeof (host as Partial<FileSettingsHost>).writeFileSettings === 'function';

const HIDE_KEY = 'loopscope.hide-shutdown';
const readHide = (): boolean => {
  try {
    return localStorage.getItem(HIDE_KEY) === 'yes';
  } catch {
    return false;
  }
};

export class Teaching {
  /** Presentation mode: large type, no chrome (F5; Esc leaves). */
  presenting = $state(false);
  /** Hide asyncio.run's shutdown tasks (H). */
  hideShutdown = $state(readHide());
  /** The filter by task name (hide-tasks.ts parseFilter). */
  filter = $state('');
  /** The step whose note is being written (B), or null. */
  marking = $state.raw<{ step: number; note: string } | null>(null);
  /** Why a teaching key did nothing ("This is the last chapter"), shown for a moment. */
  hint = $state<string | null>(null);
  /** The compare view is open. */
  comparing = $state(false);
  /** The compare view's keys, while it is open (it takes every key then). */
  compareKeys: ((event: KeyboardEvent) => boolean) | null = null;

  /**
   * The chapter markers in the text that ran: parsed when that text changes, not again for each
   * model of the same run (a long run sends a model per snapshot, each of which re-parsed it).
   */
  private readonly markers = $derived.by(() => parseChapters(this.session.modelSource));
  /** The chapters of the scenario on screen, with their steps in its run. */
  readonly chapters: ChapterSteps[] = $derived.by(() => {
    const model = this.session.model;
    if (model === null) return [];
    const chapters = this.markers;
    return chapters.length === 0 ? [] : chapterSteps(chapters, stepLinesOf(model.trace));
  });
  /** The chapter the cursor is in (-1: before the first). */
  readonly chapter: number = $derived.by(() => chapterAt(this.chapters, this.session.cursor));
  /** The tasks the rule hides, in the run on screen. */
  readonly hidden: ReadonlySet<number> = $derived.by(() => hiddenSerials(this.session.model?.lanes.tasks ?? [], this.rule));
  /** How many shutdown tasks the run has (the toggle says so). */
  readonly shutdownTasks: number = $derived.by(() => (this.session.model?.lanes.tasks ?? []).filter(isShutdownTask).length);

  private hintTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly session: Session,
    private readonly host: Host,
  ) {}

  get rule(): HideRule {
    return { shutdown: this.hideShutdown, filter: this.filter };
  }

  /** Keep the session's hidden tasks in step, and load a file's bookmarks as it opens; returns the unsubscribe. */
  connect(): () => void {
    const stop = $effect.root(() => {
      $effect(() => {
        const hidden = this.hidden;
        const before = this.session.hiddenTasks;
        if (hidden.size !== before.size || [...hidden].some((serial) => !before.has(serial))) this.session.hiddenTasks = hidden;
      });
    });
    // Once the scenario is on screen (Session.onShown): opening it has reset the bookmarks by then.
    const off = this.session.onShown((scenario) => {
      if (scenario.edit === true || scenario.reload || !hasFileSettings(this.host)) return;
      const file = scenario.file;
      this.host.readFileSettings().then(
        (settings) => {
          if (this.session.document.file === file && this.session.bookmarks.length === 0) this.session.bookmarks = normalized(settings.bookmarks);
        },
        (error: unknown) => console.error(`Loopscope: the file's settings could not be read: ${String(error)}`),
      );
    });
    return () => {
      stop();
      off();
      if (this.hintTimer !== null) clearTimeout(this.hintTimer);
    };
  }

  // ----- the keys -----

  /**
   * A teaching key (shortcuts.ts, teaching-keys.ts): true when it was ours. The "?" sheet and the
   * speed keys belong to the shortcuts sheet and the transport; they are left to them.
   */
  key(event: KeyboardEvent): boolean {
    if (event.ctrlKey || event.metaKey || event.altKey) return false;
    if (this.comparing) {
      this.compareKeys?.(event);
      return true;
    }
    if (event.key === 'Escape') {
      if (!this.presenting) return false;
      this.presenting = false;
      return true;
    }
    const model = this.session.model;
    const command = teachingCommand(chordOf(event), {
      cursor: this.session.cursor,
      steps: this.session.steps,
      chapters: this.chapters,
      bookmarks: this.session.bookmarks,
    });
    if (command === null) return false;
    switch (command.kind) {
      case 'present':
        // Nothing to present before a run is on screen (F5 is still taken: it would reload the page).
        if (model !== null || this.presenting) this.togglePresenting();
        return true;
      case 'step':
        this.session.go(command.by === 1 ? 'step-forward' : 'step-back');
        return true;
      case 'move':
        this.session.pause();
        this.session.setCursor(command.to);
        return true;
      case 'bookmark':
        if (model === null) return false;
        this.mark(command.step);
        return true;
      case 'hide-shutdown':
        this.toggleShutdown();
        return true;
      case 'nothing':
        this.say(command.why);
        return true;
      default:
        return false;
    }
  }

  togglePresenting(): void {
    this.presenting = !this.presenting;
  }

  toggleShutdown(): void {
    this.hideShutdown = !this.hideShutdown;
    try {
      localStorage.setItem(HIDE_KEY, this.hideShutdown ? 'yes' : 'no');
    } catch {
      // Storage can be unavailable; the choice then lasts for the session.
    }
  }

  private say(text: string): void {
    this.hint = text;
    if (this.hintTimer !== null) clearTimeout(this.hintTimer);
    this.hintTimer = setTimeout(() => (this.hint = null), 2600);
  }

  // ----- chapters -----

  goToChapter(index: number): void {
    const chapter = this.chapters.find((c) => c.index === index);
    if (chapter === undefined || chapter.firstStep < 0) return;
    this.session.pause();
    this.session.setCursor(chapter.firstStep);
  }

  // ----- bookmarks -----

  /** Ask for the note of a bookmark at `step` (the note it has, if marked already). */
  mark(step: number): void {
    this.session.pause();
    const existing = this.session.bookmarks.find((b) => b.step === step);
    this.marking = { step, note: existing?.note ?? '' };
  }

  saveMark(step: number, note: string): void {
    this.marking = null;
    this.setBookmarks(setBookmark(this.session.bookmarks, step, note));
  }

  removeMark(step: number): void {
    if (this.marking?.step === step) this.marking = null;
    this.setBookmarks(removeBookmark(this.session.bookmarks, step));
  }

  goToMark(step: number): void {
    this.session.pause();
    this.session.setCursor(step);
  }

  private setBookmarks(bookmarks: Bookmark[]): void {
    this.session.bookmarks = bookmarks;
    if (!hasFileSettings(this.host)) return;
    this.host.writeFileSettings({ bookmarks }).then(
      (saved) => {
        if (!saved && this.session.document.file !== '') this.say('Bookmarks are kept with a saved file: save this scenario to keep them');
      },
      (error: unknown) => this.session.report(new Error(`The bookmarks could not be saved: ${error instanceof Error ? error.message : String(error)}`)),
    );
  }
}
