/**
 * The document in the editor: its name, its text as typed, the text last opened or saved (what
 * "unsaved" is measured against), the problems found in it, and what happens after each edit:
 * once typing pauses the text is played again (Host.playSource) and reported to the host
 * (Host.bufferChanged: the title's unsaved marker, the backup, the web build's storage).
 */
import type { BufferState, Host, LoadedScenario } from './host.ts';
import type { EditorProblem } from '../editor/problems.ts';
import { Debounced } from './debounce.ts';
import { BUFFER_DELAY_MS, LIVE_LIMIT, REPLAY_DELAY_MS } from './live-limits.ts';

export { LIVE_LIMIT, REPLAY_DELAY_MS };

export class EditedDocument {
  /** As the host names it: a path, `scenarios/NAME` for the gallery; '' before any document. */
  file = $state('');
  name = $state('');
  text = $state.raw('');
  /** The text as last opened or saved; null for text never saved (a restored backup). */
  saved = $state.raw<string | null>('');
  /** Bumped when another document replaces this one (the editor then starts a fresh history). */
  generation = $state(0);
  /** Problems the checker found in the text, where they are now. */
  problems = $state.raw<EditorProblem[]>([]);
  /** An edit is waiting to be played, or playing. */
  replaying = $state(false);

  readonly dirty: boolean = $derived(this.file !== '' && (this.saved === null || this.text !== this.saved));
  readonly tooLong: boolean = $derived(this.text.length > LIVE_LIMIT);

  private lastPlayed: string | null = null;
  private readonly replay: Debounced<string>;
  private readonly report: Debounced<null>;

  constructor(
    private readonly host: Host,
    private readonly notify: (message: string) => void,
  ) {
    this.replay = new Debounced(REPLAY_DELAY_MS, (text) => this.play(text));
    this.report = new Debounced(BUFFER_DELAY_MS, () => this.tellHost());
  }

  /** What the host reads when it needs the buffer now (closing, quitting, a page being hidden). */
  readonly read = (): BufferState | null => (this.file === '' ? null : { source: this.text, dirty: this.dirty });

  /** Another document arrived (opened, new, restored): the editor starts over with it. */
  opened(scenario: LoadedScenario): void {
    this.replay.cancel();
    this.report.cancel();
    this.file = scenario.file;
    this.name = scenario.name;
    this.text = scenario.source;
    this.saved = scenario.unsaved === true ? null : scenario.source;
    this.lastPlayed = scenario.source;
    this.problems = [];
    this.replaying = false;
    this.generation++;
  }

  /** The same document's file changed while the buffer was clean: its new text, as saved. */
  reloaded(scenario: LoadedScenario): void {
    this.saved = scenario.source;
    this.text = scenario.source;
    this.lastPlayed = scenario.source;
  }

  /** The result of playing an edit arrived (with the document's name: Save As may rename it). */
  replayed(scenario: LoadedScenario): void {
    this.file = scenario.file;
    this.name = scenario.name;
    this.replaying = this.replay.pending || scenario.source !== this.lastPlayed;
  }

  /** The editor's text changed. */
  edited(text: string): void {
    performance.mark('loopscope:edit');
    this.text = text;
    this.report.push(null);
    if (text === this.lastPlayed || text.length > LIVE_LIMIT) {
      // Undone back to what is on screen, or too long to play live (the page says so).
      this.replay.cancel();
      this.replaying = false;
      return;
    }
    this.replaying = true;
    this.replay.push(text);
  }

  /** The text was saved as `text` (it may have changed since the save began). */
  markSaved(text: string): void {
    this.saved = text;
    this.report.cancel();
    this.tellHost();
  }

  /** The text on disk changed and the person took it: it becomes the saved text. */
  setSaved(text: string): void {
    this.saved = text;
  }

  /** Report the buffer now rather than after the pause (the page is being hidden). */
  flush(): void {
    this.report.flush();
  }

  private play(text: string): void {
    performance.mark('loopscope:replay');
    this.lastPlayed = text;
    this.host.playSource(text);
  }

  private tellHost(): void {
    const buffer = this.read();
    if (buffer === null) return;
    try {
      this.host.bufferChanged(buffer);
    } catch (error) {
      this.notify(error instanceof Error ? error.message : String(error));
    }
  }
}
