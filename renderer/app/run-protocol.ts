/** Messages between the web host and its scenario worker. */
import type { LoadedScenario } from '../../main/common/contract.ts';

export interface RunRequest {
  id: number;
  file: string;
  name: string;
  source: string;
}

export type RunReply = { id: number; kind: 'progress'; ticks: number; time: number } | { id: number; kind: 'done'; loaded: LoadedScenario };
