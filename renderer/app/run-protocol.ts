/** Messages between the web host and its scenario worker. */
import type { LoadedScenario } from '../../main/common/contract.ts';
import type { ViewModel } from '../../scheduler/view/model.ts';

/** Play a scenario's text. */
export interface ScenarioRun {
  kind: 'run';
  file: string;
  name: string;
  source: string;
  /** Copied into the LoadedScenario: the replay of the editor's text (Host.playSource). */
  edit?: boolean;
  /** Copied into the LoadedScenario: text that is not what was opened or saved (a restored draft). */
  unsaved?: boolean;
}

/** Open a saved trace (`loopscope run --format json`): the worker reads the file as a stream. */
export interface TraceOpen {
  kind: 'open-trace';
  /** The file's name, as errors and the title bar show it. */
  name: string;
  blob: Blob;
}

export type RunWork = ScenarioRun | TraceOpen;
export type RunRequest = RunWork & { id: number };

/** How long the worker spent, in ms: loading the scenario (parse and compile), then running it (and building its model). */
export interface RunTiming {
  load: number;
  run: number;
}

export type RunReply =
  | { id: number; kind: 'progress'; ticks: number; time: number }
  /** Opening a saved trace: bytes read so far (of `total`), then events laid out. */
  | { id: number; kind: 'open-progress'; phase: 'read' | 'build'; done: number; total: number | null }
  /**
   * The model of the run (or of the saved trace read) so far, with the events it was built from
   * (all transferred); a saved trace's also brings the text it opens with (its scenario's, read
   * from the file's tail first).
   */
  | { id: number; kind: 'snapshot'; model: ViewModel; events: Int32Array<ArrayBuffer>; floats: Float64Array<ArrayBuffer>; source?: string }
  | { id: number; kind: 'done'; loaded: LoadedScenario; timing: RunTiming }
  /** A saved trace that cannot be opened: why, naming the file, line and column. */
  | { id: number; kind: 'refused'; message: string };
