/** Problems as the editor shows them: the checker's list, with side-by-side repeats joined. */
import type { ScenarioErrorData } from '../../scheduler/python/diagnostics.ts';

/**
 * Problems that repeat side by side (four no-break spaces of one indentation) become one, whose
 * range covers them all: one underline, one entry in lists and tooltips.
 */
export function mergeRepeats(problems: readonly ScenarioErrorData[]): ScenarioErrorData[] {
  const merged: ScenarioErrorData[] = [];
  for (const problem of problems) {
    const last = merged[merged.length - 1];
    if (last !== undefined && last.line === problem.line && last.endLine === problem.endLine && last.message === problem.message && last.hint === problem.hint && last.to === problem.from) {
      merged[merged.length - 1] = { ...last, to: problem.to, endColumn: problem.endColumn };
    } else {
      merged.push(problem);
    }
  }
  return merged;
}
