/** Messages between the web host and its scenario worker. */
import type { LoadedScenario } from '../../main/common/contract.ts';

export interface RunRequest {
  id: number;
  file: string;
  name: string;
  source: string;
  /** Copied into the LoadedScenario: the replay of the editor's text (Host.playSource). */
  edit?: boolean;
  /** Copied into the LoadedScenario: text that is not what was opened or saved (a restored draft). */
  unsaved?: boolean;
}

/** How long the worker spent, in ms: loading the scenario (parse and compile), then running it. */
export interface RunTiming {
  load: number;
  run: number;
}

export type RunReply = { id: number; kind: 'progress'; ticks: number; time: number } | { id: number; kind: 'done'; loaded: LoadedScenario; timing: RunTiming };
