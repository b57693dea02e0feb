/**
 * A trace as Chrome's Trace Event Format (the JSON object form), which ui.perfetto.dev and
 * chrome://tracing open.
 *
 *   - The scenario is one process. The event loop is a thread track of its own, and so is every task.
 *   - Each step (one handle run by the loop) is a complete slice ("X") on its task's track, named by
 *     the lines it ran between, with the step, tick, virtual time and what it then awaited as
 *     args. Plain callbacks (a sleep's timer, gather's done callback) are slices on the loop's
 *     track, inside the slice of the tick that ran them. The clock's jumps are "idle" slices there.
 *   - Cause and effect are flow events ("s" in the step that caused it, "f" bound to the step that
 *     resulted, bp "e"): a timer armed → its callback; a future completed → the task's wake-up;
 *     create_task → the task's first step; a bare yield (sleep(0)) → the next step; call_soon or a
 *     done callback → the callback.
 *   - Printed lines are instant events ("i", thread scope) on the printing task's track; loop
 *     warnings on the loop's track; how the run ended is a global instant.
 *   - Counters: the virtual clock and the number of handles each tick runs.
 *
 * Timestamps are microseconds. On the time axis they are the virtual time, except that a step takes
 * at least STEP_US: steps that take no virtual time are laid one after another, and the clock's next
 * jump takes up the slack (the exact virtual time is in every slice's args). On the tick axis every
 * tick is TICK_US long and its steps share it evenly, as in the app's tick axis.
 */
import { formatTime3 as seconds } from '../python/format.ts';
import { forEachEvent } from './decode.ts';
import type { Trace } from './format.ts';

export type PerfettoAxis = 'time' | 'tick';

export interface PerfettoOptions {
  /** 'time' (default): virtual time; 'tick': every loop iteration the same width. */
  axis?: PerfettoAxis;
  /** Only steps from..to-1 (the flows between them, the ticks that ran them). */
  fromStep?: number;
  toStep?: number;
  /** Tasks to leave out (their tracks, steps, prints and flows). */
  hideTask?: (serial: number) => boolean;
  /** The scenario's text: each step's args then quote its lines, so the trace reads on its own. */
  source?: string;
}

/** One event of the Trace Event Format, as this exporter writes them. */
export interface TraceEventRecord {
  name: string;
  ph: 'X' | 'i' | 's' | 'f' | 'C' | 'M';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  id?: number;
  bp?: 'e';
  s?: 'g' | 'p' | 't';
  args?: Record<string, string | number>;
}

export interface TraceEventJSON {
  traceEvents: TraceEventRecord[];
  displayTimeUnit: 'ms';
  otherData: Record<string, string | number>;
}

/** The shortest step on the time axis, and a tick's width on the tick axis (µs). */
export const STEP_US = 1;
export const TICK_US = 1000;
const PID = 1;
const LOOP_TID = 1;
const taskTid = (serial: number): number => serial + 2;
/** Timestamps to the nanosecond, so the JSON is short and the same every time. */
const ns = (us: number): number => Math.round(us * 1000) / 1000;
/** A slice's start and duration, rounded so that it ends where the next one may start. */
const span = (start: number, dur: number): { ts: number; dur: number } => {
  const ts = ns(start);
  return { ts, dur: ns(ns(start + dur) - ts) };
};

interface StepInfo {
  tick: number;
  handle: number;
  /** -1: a plain callback, on the loop's track. */
  task: number;
  label: string;
  time0: number;
  time1: number;
  /** The line the task resumed at (-1 for its first step), and where it stopped. */
  from: number;
  to: number;
  /** How the step left its task: what it awaits, a yield, or its end. */
  left: string;
  prints: { text: string; line: number; task: number }[];
  logs: string[];
}

interface TickInfo {
  index: number;
  ntodo: number;
  due: number;
  timeBefore: number;
  timeAfter: number;
  firstStep: number;
  steps: number;
}

interface Flow {
  kind: 'timer' | 'wake-up' | 'start' | 'yield' | 'callback';
  from: number;
  to: number;
}

/** What the trace says, step by step (one pass over the events). */
function collect(trace: Trace) {
  const steps: StepInfo[] = [];
  const ticks: TickInfo[] = [];
  const flows: Flow[] = [];
  const names: string[] = [];
  const coros: string[] = [];
  /** For each queued handle: what it will run, and the step that queued it (-1 outside steps). */
  const pending = new Map<number, { task: number; label: string; kind: Flow['kind']; by: number }>();
  const lastLine: number[] = [];
  /** Timer deadlines, to say what a sleep waits for ("sleep until 1.000", as state.ts does). */
  const timerWhen = new Map<number, number>();
  const started = new Set<number>();
  const outside: { prints: StepInfo['prints']; logs: string[] } = { prints: [], logs: [] };
  let current: StepInfo | null = null;
  let time = 0;
  const queue = (handle: number, task: number, label: string, kind: Flow['kind']) =>
    pending.set(handle, { task, label, kind, by: current === null ? -1 : steps.length - 1 });
  const close = () => {
    if (current !== null) current.time1 = time;
    current = null;
  };

  forEachEvent(trace, (event) => {
    switch (event.op) {
      case 'tick':
        close();
        time = event.timeAfter;
        ticks.push({ index: event.index, ntodo: event.ntodo, due: event.due.length, timeBefore: event.timeBefore, timeAfter: event.timeAfter, firstStep: steps.length, steps: 0 });
        break;
      case 'task-new':
        names[event.task] = event.name;
        coros[event.task] = event.coro;
        break;
      case 'task-rename':
        names[event.task] = event.name;
        break;
      case 'queue-step':
        queue(event.handle, event.task, 'Task.__step', started.has(event.task) ? 'yield' : 'start');
        started.add(event.task);
        break;
      case 'queue-wakeup':
        queue(event.handle, event.task, 'Task.__wakeup', 'wake-up');
        break;
      case 'queue-callback':
        queue(event.handle, -1, event.label, 'callback');
        break;
      case 'timer':
        timerWhen.set(event.handle, event.when);
        queue(event.handle, -1, event.label, 'timer');
        break;
      case 'run': {
        close();
        const what = pending.get(event.handle);
        pending.delete(event.handle);
        const task = what?.task ?? -1;
        const tick = Math.max(0, ticks.length - 1);
        if (ticks.length === 0) ticks.push({ index: 0, ntodo: 0, due: 0, timeBefore: time, timeAfter: time, firstStep: 0, steps: 0 });
        (ticks[tick] as TickInfo).steps++;
        if (what !== undefined && what.by >= 0) flows.push({ kind: what.kind, from: what.by, to: steps.length });
        current = {
          tick,
          handle: event.handle,
          task,
          label: what?.label ?? '',
          time0: time,
          time1: time,
          from: task >= 0 ? (lastLine[task] ?? -1) : -1,
          to: -1,
          left: task >= 0 ? '' : 'callback',
          prints: [],
          logs: [],
        };
        steps.push(current);
        break;
      }
      case 'suspend':
        lastLine[event.task] = event.line;
        if (current !== null && current.task === event.task) {
          current.to = event.line;
          const when = event.wait.kind === 'sleep' ? timerWhen.get(event.wait.objectId) : undefined;
          current.left = `awaits ${when === undefined ? event.wait.label : `sleep until ${seconds(when)}`}`;
        }
        break;
      case 'yield':
        lastLine[event.task] = event.line;
        if (current !== null && current.task === event.task) {
          current.to = event.line;
          current.left = 'yields (sleep(0))';
        }
        break;
      case 'task-done':
        if (current !== null && current.task === event.task) {
          current.left = event.outcome === 'failed' ? `raised ${event.exception ?? 'an exception'}` : event.outcome === 'done' ? 'returned' : 'cancelled';
        }
        break;
      case 'output':
        (current ?? outside).prints.push({ text: event.text, line: event.line, task: event.task });
        break;
      case 'log':
        (current ?? outside).logs.push(event.text);
        break;
      case 'block':
        time = event.timeAfter;
        break;
      default:
        break;
    }
  });
  close();
  return { steps, ticks, flows, names, coros, outside };
}

/** Where each step and tick sits, in microseconds, on the chosen axis. */
function layout(steps: readonly StepInfo[], ticks: readonly TickInfo[], axis: PerfettoAxis) {
  const stepStart = new Float64Array(steps.length);
  const stepDur = new Float64Array(steps.length);
  const tickStart = new Float64Array(ticks.length);
  const tickDur = new Float64Array(ticks.length);
  const idle: { tick: number; start: number; dur: number }[] = [];
  let cursor = 0;
  ticks.forEach((tick, k) => {
    if (axis === 'tick') {
      tickStart[k] = k * TICK_US;
      tickDur[k] = TICK_US;
      for (let j = 0; j < tick.steps; j++) {
        stepStart[tick.firstStep + j] = k * TICK_US + (j * TICK_US) / tick.steps;
        stepDur[tick.firstStep + j] = TICK_US / tick.steps;
      }
      return;
    }
    const before = tick.timeBefore * 1e6;
    const after = tick.timeAfter * 1e6;
    if (after > before && after > cursor) idle.push({ tick: k, start: Math.max(cursor, before), dur: after - Math.max(cursor, before) });
    cursor = Math.max(cursor, after);
    tickStart[k] = cursor;
    for (let s = tick.firstStep; s < tick.firstStep + tick.steps; s++) {
      const step = steps[s] as StepInfo;
      const start = Math.max(cursor, step.time0 * 1e6);
      stepStart[s] = start;
      stepDur[s] = Math.max(STEP_US, (step.time1 - step.time0) * 1e6);
      cursor = start + (stepDur[s] as number);
    }
    if (tick.steps === 0) cursor += STEP_US;
    tickDur[k] = cursor - (tickStart[k] as number);
  });
  return { stepStart, stepDur, tickStart, tickDur, idle, end: axis === 'tick' ? ticks.length * TICK_US : cursor };
}

function stepName(step: StepInfo): string {
  if (step.task < 0) return step.label;
  const from = step.from < 0 ? 'start' : `line ${step.from}`;
  if (step.to >= 0 && step.left.startsWith('awaits')) return `${from} → line ${step.to}`;
  if (step.to >= 0 && step.left.startsWith('yields')) return `${from} → yield at line ${step.to}`;
  return `${from} → ${step.left || 'end of step'}`;
}

/** The Trace Event Format form of a trace. */
export function perfettoTrace(trace: Trace, options: PerfettoOptions = {}): TraceEventJSON {
  const axis = options.axis ?? 'time';
  const { steps, ticks, flows, names, coros, outside } = collect(trace);
  const from = Math.max(0, options.fromStep ?? 0);
  const to = Math.min(steps.length, options.toStep ?? steps.length);
  const hidden = (task: number): boolean => task >= 0 && options.hideTask !== undefined && options.hideTask(task);
  const shown = (s: number): boolean => s >= from && s < to && !hidden((steps[s] as StepInfo).task);
  const place = layout(steps, ticks, axis);
  const events: TraceEventRecord[] = [];
  const trackOf = (task: number): number => (task < 0 ? LOOP_TID : taskTid(task));
  const lines = options.source?.split(/\r\n?|\n/);

  // Tracks: the process, the loop first, then the tasks in creation order.
  events.push({ name: 'process_name', ph: 'M', pid: PID, tid: LOOP_TID, args: { name: trace.source || 'scenario' } });
  events.push({ name: 'thread_name', ph: 'M', pid: PID, tid: LOOP_TID, args: { name: 'Event loop' } });
  events.push({ name: 'thread_sort_index', ph: 'M', pid: PID, tid: LOOP_TID, args: { sort_index: 0 } });
  names.forEach((name, serial) => {
    if (hidden(serial)) return;
    events.push({ name: 'thread_name', ph: 'M', pid: PID, tid: taskTid(serial), args: { name: `${name} · ${coros[serial] ?? '?'}()` } });
    events.push({ name: 'thread_sort_index', ph: 'M', pid: PID, tid: taskTid(serial), args: { sort_index: serial + 1 } });
  });

  // The loop: idle waits, ticks, and the counters at each tick.
  const firstTick = from < steps.length ? (steps[from] as StepInfo).tick : ticks.length;
  const lastTick = to > 0 && to <= steps.length ? (steps[to - 1] as StepInfo).tick : ticks.length - 1;
  for (const wait of place.idle) {
    if (wait.tick < firstTick || wait.tick > lastTick) continue;
    const tick = ticks[wait.tick] as TickInfo;
    events.push({
      name: `idle ${seconds(tick.timeAfter - tick.timeBefore)} s`,
      cat: 'loop',
      ph: 'X',
      pid: PID,
      tid: LOOP_TID,
      ...span(wait.start, wait.dur),
      args: { what: 'nothing was ready: the loop slept until the next timer was due', 'from (s)': seconds(tick.timeBefore), 'to (s)': seconds(tick.timeAfter) },
    });
  }
  ticks.forEach((tick, k) => {
    if (k < firstTick || k > lastTick) return;
    const ts = ns(place.tickStart[k] as number);
    events.push({
      name: `tick ${tick.index}`,
      cat: 'loop',
      ph: 'X',
      pid: PID,
      tid: LOOP_TID,
      ...span(place.tickStart[k] as number, place.tickDur[k] as number),
      args: { tick: tick.index, 'virtual time (s)': seconds(tick.timeAfter), 'handles run': tick.steps, 'timers due': tick.due },
    });
    if (k === firstTick || tick.timeAfter !== (ticks[k - 1] as TickInfo).timeAfter) events.push({ name: 'virtual clock', ph: 'C', pid: PID, tid: LOOP_TID, ts, args: { seconds: tick.timeAfter } });
    events.push({ name: 'handles per tick', ph: 'C', pid: PID, tid: LOOP_TID, ts, args: { handles: tick.steps } });
  });

  // Steps, with what they printed. A print outside any task (module code after asyncio.run
  // returned, or a plain callback) goes on the loop's track.
  for (let s = from; s < to; s++) {
    const step = steps[s] as StepInfo;
    const start = place.stepStart[s] as number;
    const dur = place.stepDur[s] as number;
    if (!hidden(step.task)) {
      const args: Record<string, string | number> = { step: s, tick: (ticks[step.tick] as TickInfo).index, 'virtual time (s)': seconds(step.time0) };
      if (step.task >= 0) {
        args['task'] = names[step.task] ?? '?';
        if (step.from >= 0) args['resumed at line'] = step.from;
        if (step.to >= 0) args['paused at line'] = step.to;
        const quote = (line: number): string | undefined => lines?.[line - 1]?.trim();
        if (step.from >= 0 && quote(step.from)) args['resumed at'] = quote(step.from) as string;
        if (step.to >= 0 && quote(step.to)) args['paused at'] = quote(step.to) as string;
        args['then'] = step.left;
      } else args['callback'] = step.label;
      if (step.time1 > step.time0) args['blocked the loop (s)'] = seconds(step.time1 - step.time0);
      events.push({ name: stepName(step), cat: step.task < 0 ? 'callback' : 'step', ph: 'X', pid: PID, tid: trackOf(step.task), ...span(start, dur), args });
    }
    const marks = step.prints.length + step.logs.length;
    let i = 0;
    for (const print of step.prints) {
      const at = ns(start + (dur * ++i) / (marks + 1));
      if (print.task >= 0 && (print.task !== step.task || hidden(print.task))) continue;
      events.push({ name: print.text, cat: 'print', ph: 'i', s: 't', pid: PID, tid: trackOf(print.task), ts: at, args: { line: print.line, 'virtual time (s)': seconds(step.time1) } });
    }
    for (const text of step.logs) {
      const at = ns(start + (dur * ++i) / (marks + 1));
      events.push({ name: text, cat: 'warning', ph: 'i', s: 't', pid: PID, tid: LOOP_TID, ts: at });
    }
  }

  // Cause and effect, from the middle of one step to the middle of the next.
  let flowId = 0;
  for (const flow of flows) {
    if (!shown(flow.from) || !shown(flow.to)) continue;
    const a = steps[flow.from] as StepInfo;
    const b = steps[flow.to] as StepInfo;
    const id = ++flowId;
    events.push({ name: flow.kind, cat: 'cause', ph: 's', id, pid: PID, tid: trackOf(a.task), ts: ns((place.stepStart[flow.from] as number) + (place.stepDur[flow.from] as number) / 2) });
    events.push({ name: flow.kind, cat: 'cause', ph: 'f', bp: 'e', id, pid: PID, tid: trackOf(b.task), ts: ns((place.stepStart[flow.to] as number) + (place.stepDur[flow.to] as number) / 2) });
  }

  // What happened outside any step (module-level prints before the loop ran), then the end.
  for (const print of outside.prints) events.push({ name: print.text, cat: 'print', ph: 'i', s: 't', pid: PID, tid: LOOP_TID, ts: 0, args: { line: print.line } });
  const endTs = ns(to >= steps.length ? place.end : (place.stepStart[to] as number));
  if (trace.end !== null && to >= steps.length) {
    const end = trace.end;
    const what = end.kind === 'ok' ? 'ok' : end.kind === 'error' ? `${end.type}: ${end.message}` : end.kind === 'deadlock' ? `deadlock: ${end.pending.join(', ')}` : `limit: ${end.reason}`;
    events.push({ name: `end: ${what}`, cat: 'end', ph: 'i', s: 'g', pid: PID, tid: LOOP_TID, ts: endTs, args: { 'virtual time (s)': seconds(end.time) } });
  }

  return {
    traceEvents: sortedForViewers(events),
    displayTimeUnit: 'ms',
    otherData: {
      generator: 'Loopscope',
      source: trace.source,
      axis: axis === 'time' ? `virtual time; steps that take none are ${STEP_US} µs wide` : `loop ticks, ${TICK_US} µs each`,
      steps: trace.steps,
      'steps shown': `${from}–${to}`,
    },
  };
}

/**
 * Metadata first, then by time; at one instant a slice before what it encloses (the longer first),
 * so that a viewer that sorts by time alone, stably, nests a tick's first callback inside the tick.
 */
function sortedForViewers(events: TraceEventRecord[]): TraceEventRecord[] {
  const rank = (e: TraceEventRecord): number => (e.ph === 'M' ? 0 : e.ph === 'X' ? 1 : 2);
  return events
    .map((event, order) => ({ event, order }))
    .sort((a, b) => {
      const ra = rank(a.event);
      const rb = rank(b.event);
      if (ra === 0 || rb === 0) return ra - rb || a.order - b.order;
      return (a.event.ts as number) - (b.event.ts as number) || ra - rb || (b.event.dur ?? 0) - (a.event.dur ?? 0) || a.order - b.order;
    })
    .map(({ event }) => event);
}

/** The JSON text (one event a line, so that a diff or a grep reads it). */
export function perfettoJSON(trace: Trace, options: PerfettoOptions = {}): string {
  const { traceEvents, ...rest } = perfettoTrace(trace, options);
  const head = JSON.stringify(rest);
  return `{"traceEvents":[\n${traceEvents.map((event) => JSON.stringify(event)).join(',\n')}\n],${head.slice(1)}\n`;
}
