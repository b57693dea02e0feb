/** Test support for the explanations: run a scenario's source and build its explanation index. */
import { runScenario } from '../../scheduler/python/scenario.ts';
import type { Trace } from '../../scheduler/trace/format.ts';
import { buildExplainIndex, stepKindOf, taskName, type ExplainIndex } from '../../scheduler/explain/index.ts';
import { narrate } from '../../scheduler/explain/narration.ts';
import { py } from '../renderer/support.ts';

export { py };

export interface Explained {
  trace: Trace;
  index: ExplainIndex;
  /** The narration at a boundary, as plain text. */
  say(boundary: number, detail?: boolean): string;
  /** The first step whose handle matches: a task step or wake-up of `task`, or a callback/timer with `label`. */
  step(what: { task?: string; label?: string; kind?: string; nth?: number }): number;
}

export function explain(source: string, limits: { maxTicks?: number } = {}): Explained {
  const result = runScenario(py(source), { file: 'test.py', limits });
  if (result.error !== null) throw new Error(result.error.format());
  const trace = result.trace;
  const index = buildExplainIndex(trace);
  return {
    trace,
    index,
    say: (boundary, detail = false) => narrate(index, boundary, { detail }).text,
    step: ({ task, label, kind, nth = 0 }) => {
      let seen = 0;
      for (let s = 0; s < index.steps; s++) {
        const t = index.stepTask[s] as number;
        const handleLabel = index.strings[index.handleLabel[index.stepHandle[s] as number] as number];
        if (task !== undefined && (t < 0 || taskName(index, t) !== task)) continue;
        if (label !== undefined && handleLabel !== label) continue;
        if (kind !== undefined && stepKindOf(index, s) !== kind) continue;
        if (seen++ === nth) return s;
      }
      throw new Error(`no step with ${JSON.stringify({ task, label, kind, nth })}`);
    },
  };
}
