/**
 * Messages between the run manager (runner.ts, in main) and the scheduler worker
 * (run-worker.ts). Every message carries the run's id, so a reply from a run that has since been
 * superseded is recognised and dropped.
 *
 * Types only: main and the worker are separate bundles, and a runtime import shared by both
 * would become a chunk shared by both, which the unpacked worker could not load.
 */
import type { Trace } from '../../scheduler/trace/format.ts';
import type { ScenarioLimits } from '../../scheduler/python/scenario.ts';
import type { ScenarioProblem } from '../common/contract.ts';
import type { ViewModel } from '../../scheduler/view/model.ts';

export interface RunRequest {
  id: number;
  source: string;
  /** The name errors and the trace refer to (a path, or scenarios/NAME). */
  file: string;
  limits?: ScenarioLimits;
  /** Open the saved trace at this path (`loopscope run --format json`) instead of playing `source`. */
  tracePath?: string;
}

export type WorkerReply =
  | { type: 'progress'; id: number; ticks: number; time: number }
  /**
   * The model of a long run (or of a saved trace being read) so far, with the events it was built
   * from (transferred); a saved trace's also brings its scenario's text, read from the file's tail.
   */
  | { type: 'snapshot'; id: number; model: ViewModel; events: Int32Array<ArrayBuffer>; floats: Float64Array<ArrayBuffer>; scenario?: string | null }
  /** The trace's typed arrays travel as transferred buffers: no copy, whatever their size. `view`: its model, built as it ran. */
  | { type: 'done'; id: number; trace: Trace; problem: ScenarioProblem | null; view?: ViewModel; scenario?: string | null }
  /** A saved trace that cannot be opened: why, naming the file, line and column. */
  | { type: 'refused'; id: number; message: string }
  /** The interpreter promises never to throw; this reports it if it does anyway. */
  | { type: 'failed'; id: number; message: string };
