/** Messages between the editor and its checker worker (check-worker.ts). */
import type { ScenarioErrorData } from '../../scheduler/python/diagnostics.ts';

export interface CheckRequest {
  id: number;
  source: string;
  file: string;
}

export interface CheckReply {
  id: number;
  problems: ScenarioErrorData[];
  /** How long the check took in the worker, ms. */
  ms: number;
}
