/**
 * One fuzz case, checked in every way a host would use its result:
 *   1. runScenario gives a structured result (a trace with an END, or a ScenarioError) and never
 *      throws; no END is an InternalError (a failure of the interpreter itself);
 *   2. `check` agrees with `run`: a file check accepts loads when run, and one it rejects fails
 *      to load at the same place with the same message;
 *   3. the transcript, the JSON (written and read back) and the renderer's view model all build;
 *   4. nothing was added to JavaScript's prototypes.
 * Hangs and crashes cannot be seen from inside the case: the runner's wall-clock guard (run.ts)
 * does that.
 */
import { checkScenario, runScenario, type ScenarioLimits } from '../../scheduler/python/scenario.ts';
import { transcriptLines } from '../../scheduler/trace/transcript.ts';
import { traceFromJSON, traceToJSON } from '../../scheduler/trace/json.ts';
import { buildModel } from '../../renderer/viz/model.ts';

/** Small limits: a case is a few milliseconds, and the limits themselves are exercised. */
export const FUZZ_LIMITS: ScenarioLimits = { maxTicks: 5_000, maxTime: 1e5, statementBudget: 50_000, maxTasks: 2_000, maxMemoryMB: 64, maxTraceMB: 16, maxWallSeconds: 5 };

export type Failure = 'threw' | 'internal-error' | 'check-disagrees' | 'no-transcript' | 'no-json' | 'no-model' | 'pollution';

export interface CaseResult {
  /** How the run ended: 'load-error' for a file that does not load, else the END's kind. */
  end: string;
  failure: Failure | null;
  detail: string;
}

const prototypes: [string, object][] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
  ['Map.prototype', Map.prototype],
];
const pristine = prototypes.map(([, proto]) => Reflect.ownKeys(proto).length);

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
}

export function checkCase(source: string, file = 'fuzz.py', limits: ScenarioLimits = FUZZ_LIMITS): CaseResult {
  const fail = (failure: Failure, end: string, detail: string): CaseResult => ({ end, failure, detail });
  let result;
  try {
    result = runScenario(source, { file, limits, wallClock: () => performance.now() });
  } catch (error) {
    return fail('threw', 'threw', describe(error));
  }
  const trace = result.trace;
  const end = result.error !== null ? 'load-error' : (trace.end?.kind ?? 'none');
  if (trace.end === null) return fail('threw', end, 'the trace has no END');
  if (trace.end.kind === 'error' && trace.end.type === 'InternalError') return fail('internal-error', end, trace.end.message);
  if (trace.end.kind === 'limit' && trace.end.reason === 'internal') return fail('internal-error', end, trace.end.message);

  try {
    const checked = checkScenario(source, file);
    const ran = result.error;
    const same =
      checked === null
        ? ran === null
        : ran !== null && checked.line === ran.line && checked.column === ran.column && checked.message === ran.message;
    if (!same) return fail('check-disagrees', end, `check: ${checked?.format() ?? 'valid'}\nrun: ${ran?.format() ?? 'loaded'}`);
  } catch (error) {
    return fail('threw', end, `checkScenario threw: ${describe(error)}`);
  }

  try {
    const lines = transcriptLines(trace);
    if (!lines.at(-1)?.startsWith('END\t')) return fail('no-transcript', end, `the transcript ends with ${JSON.stringify(lines.at(-1))}`);
  } catch (error) {
    return fail('no-transcript', end, describe(error));
  }
  try {
    const back = traceFromJSON(traceToJSON(trace));
    if (back.events.length !== trace.events.length || JSON.stringify(back.end) !== JSON.stringify(trace.end)) return fail('no-json', end, 'the JSON does not read back as the same trace');
  } catch (error) {
    return fail('no-json', end, describe(error));
  }
  if (result.error === null) {
    try {
      buildModel(trace);
    } catch (error) {
      return fail('no-model', end, describe(error));
    }
  }

  const polluted = prototypes.filter(([, proto], i) => Reflect.ownKeys(proto).length !== pristine[i]).map(([name]) => name);
  if (polluted.length > 0 || ({} as Record<string, unknown>)['polluted'] !== undefined) return fail('pollution', end, `changed: ${polluted.join(', ') || 'polluted'}`);
  return { end, failure: null, detail: '' };
}
