/**
 * Conformance cases: the same program written twice, in Python for CPython and in TypeScript for
 * the model, with the rule of ASYNCIO-SEMANTICS.md it pins. The test compares them tick by tick:
 * tick index, virtual time, and the handles each tick ran, plus the printed lines and how the run
 * ended. CPython's side is stored in cpython-golden.json (regenerate with `npm run golden:cpython`)
 * and re-checked against the live interpreter whenever python3 >= 3.11 is available.
 */
import type { CoroutineGen, LoopLimits } from '../../../scheduler/index.ts';
import { play, type Played } from '../../support/play.ts';

export interface ConformanceCase {
  /** Unique, stable: the key in the golden file. */
  id: string;
  /** The numbered rules of ASYNCIO-SEMANTICS.md this case pins. */
  rules: number[];
  title: string;
  /** A complete Python program ending in asyncio.run(main()). */
  python: string;
  /** The same program for the model. */
  model: () => CoroutineGen<unknown>;
  limits?: Partial<LoopLimits>;
  /** Also compare loop warnings (LOG lines); off where CPython's timing depends on refcounts. */
  compareLogs?: boolean;
  /** Compare the tick each LOG line is written in (causes.test.ts); defaults to compareLogs. */
  compareLogTicks?: boolean;
}

/** What CPython's side looks like (tools/cpython_ticks.py). */
export interface CpythonRun {
  ticks: { index: number; time: number; handles: string[] }[];
  lines: string[];
  end: string;
  logs: string[];
  crash?: string;
}

/** The model's run in the same shape as CPython's, so the two compare with one toEqual. */
export function modelRun(testCase: ConformanceCase): CpythonRun & { played: Played } {
  const played = play(testCase.model, testCase.limits);
  const outcome = played.outcome;
  const end =
    outcome.kind === 'ok'
      ? 'ok'
      : outcome.kind === 'error'
        ? `error ${outcome.exception.pyName}: ${outcome.exception.message}`
        : outcome.kind === 'deadlock'
          ? `deadlock ${outcome.pending.join(',')}`
          : 'limit';
  return {
    // CPython's hook sees the handles that run; cancelled ones the model shows as `skip` are not run.
    ticks: played.ticks.map((tick) => ({ index: tick.index, time: tick.time, handles: tick.handles.filter((h) => !h.startsWith('skip ')) })),
    lines: played.lines,
    end,
    logs: played.logs,
    played,
  };
}

/** Dedent a template literal so Python sources can be indented with the test code. */
export function py(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = String.raw({ raw: strings }, ...values).replace(/^\n/, '');
  const indent = Math.min(...text.split('\n').filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  return text
    .split('\n')
    .map((l) => l.slice(indent))
    .join('\n');
}
