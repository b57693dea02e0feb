/**
 * Test support: play a TypeScript coroutine program on the model with a recorder attached, and
 * read the result the way the conformance tests compare it: tick by tick (index, time, the
 * handles that ran), plus printed lines and how the run ended.
 */
import {
  ProcessState,
  TraceIndex,
  TraceRecorder,
  decodeTrace,
  getRunningLoop,
  runMain,
  type CoroutineGen,
  type LoopLimits,
  type RunOutcome,
  type Trace,
  type TraceEvent,
} from '../../scheduler/index.ts';
import { named } from '../../scheduler/asyncio/coroutines.ts';

export interface TickLog {
  index: number;
  time: number;
  /** What each handle did: `step Task-2`, `wakeup Task-2`, a callback label, or `skip <label>`. */
  handles: string[];
}

export interface Played {
  trace: Trace;
  outcome: RunOutcome<unknown>;
  ticks: TickLog[];
  /** `time task text` lines with the time to 3 decimals, like the transcript. */
  lines: string[];
  logs: string[];
  events: TraceEvent[];
  index(): TraceIndex;
}

/** Play `main` under asyncio.run with a recorder. */
export function play(main: () => CoroutineGen<unknown>, limits: Partial<LoopLimits> = {}, process = new ProcessState()): Played {
  const recorder = new TraceRecorder('test');
  const outcome = runMain(named('main', main()), { trace: recorder, limits, process });
  recorder.finish(outcome);
  const trace = recorder.toTrace();
  const events = decodeTrace(trace);
  return { trace, outcome, events, ticks: tickLog(events), lines: printedLines(events), logs: logLines(events), index: () => new TraceIndex(trace) };
}

/** print() for TypeScript test coroutines. */
export function print(...parts: unknown[]): void {
  getRunningLoop().print(parts.map(String).join(' '));
}

export function tickLog(events: readonly TraceEvent[]): TickLog[] {
  const names: string[] = [];
  // A task's name is read when its handle runs, as CPython's log does (it may be renamed meanwhile).
  const handles = new Map<number, string | { verb: string; task: number }>();
  const describe = (id: number): string => {
    const handle = handles.get(id);
    if (handle === undefined) return `?${id}`;
    return typeof handle === 'string' ? handle : `${handle.verb} ${names[handle.task]}`;
  };
  const ticks: TickLog[] = [];
  for (const event of events) {
    switch (event.op) {
      case 'task-new':
        names[event.task] = event.name;
        break;
      case 'task-rename':
        names[event.task] = event.name;
        break;
      case 'queue-step':
        handles.set(event.handle, { verb: 'step', task: event.task });
        break;
      case 'queue-wakeup':
        handles.set(event.handle, { verb: 'wakeup', task: event.task });
        break;
      case 'queue-callback':
      case 'timer':
        handles.set(event.handle, event.label);
        break;
      case 'tick':
        ticks.push({ index: event.index, time: event.timeAfter, handles: [] });
        break;
      case 'run':
        ticks.at(-1)?.handles.push(describe(event.handle));
        break;
      case 'skip':
        ticks.at(-1)?.handles.push(`skip ${describe(event.handle)}`);
        break;
      default:
        break;
    }
  }
  return ticks;
}

function printedLines(events: readonly TraceEvent[]): string[] {
  const names: string[] = [];
  const lines: string[] = [];
  for (const event of events) {
    if (event.op === 'task-new' || event.op === 'task-rename') names[event.task] = event.name;
    if (event.op === 'output') lines.push(`${event.time.toFixed(3)} ${event.task === -1 ? '-' : names[event.task]} ${event.text}`);
  }
  return lines;
}

function logLines(events: readonly TraceEvent[]): string[] {
  return events.flatMap((event) => (event.op === 'log' ? [event.text] : []));
}

/** The ticks in which a handle matching `pattern` ran. */
export function ticksWith(ticks: readonly TickLog[], pattern: string): number[] {
  return ticks.filter((tick) => tick.handles.includes(pattern)).map((tick) => tick.index);
}

/** Ticks as compact strings `index@time: a, b` for readable expectations. */
export function tickLines(ticks: readonly TickLog[], from = 1, to = Infinity): string[] {
  return ticks.filter((t) => t.index >= from && t.index <= to).map((t) => `${t.index}@${t.time.toFixed(3)}: ${t.handles.join(', ')}`);
}
