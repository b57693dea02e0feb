/**
 * Causes in words and as arrows.
 *
 * An arrow runs from where a cause happened (the task that released the lock, set the event,
 * ended, cancelled; for a timer, the moment it fired) to the step of the task it woke: its next
 * run. Every task step has a cause in the index; the arrows are those causes drawn.
 */
import { CAUSE_KINDS, causeAt, causeOfStep, taskName, type Cause, type CauseKind, type ExplainIndex } from './index.ts';
import { shortIo } from './words.ts';

/** How an arrow is drawn: its family decides the colour and dash in the legend. */
export type ArrowFamily = 'wake' | 'timer' | 'done' | 'exception' | 'cancel';

export interface Arrow {
  /** The step where the effect shows: the woken task's next run. */
  toStep: number;
  toTask: number;
  /** Where the cause happened: a task and a step (fromTask -1: the loop; fromStep -1: before the first step). */
  fromStep: number;
  fromTask: number;
  kind: CauseKind;
  family: ArrowFamily;
  /** The cause in words, for the arrow's title and accessible name: "Task-3 released vault". */
  label: string;
  /** A word or two drawn on the arrow: "release vault", "timer", "ValueError". */
  short: string;
}

const FAMILY: Readonly<Record<CauseKind, ArrowFamily | null>> = {
  none: null,
  loop: null,
  created: null,
  yield: null,
  timer: 'timer',
  io: 'timer',
  'lock-release': 'wake',
  'lock-handoff': 'wake',
  'event-set': 'wake',
  'condition-notify': 'wake',
  'semaphore-release': 'wake',
  'semaphore-handoff': 'wake',
  'queue-put': 'wake',
  'queue-get': 'wake',
  'queue-handoff': 'wake',
  'task-done': 'done',
  'task-failed': 'exception',
  'task-cancelled': 'cancel',
  timeout: 'timer',
  cancel: 'cancel',
  'group-cancel': 'cancel',
  'timeout-cancel': 'cancel',
  'shutdown-cancel': 'cancel',
  future: 'wake',
  'call-soon': null,
  'call-later': null,
};

/** The causes that are drawn as arrows (creation and sleep(0) re-queues are not wake-ups). */
export function arrowFamily(kind: CauseKind): ArrowFamily | null {
  return FAMILY[kind];
}

const name = (index: ExplainIndex, task: number): string => (task >= 0 ? taskName(index, task) : 'the loop');

/**
 * A cause in a few words, for arrows and the ready queue: "Task-3 released vault", "its sleep(1)
 * is over", "Task-6 failed: ValueError: boom (through gather)". `woken` is the task it woke.
 */
export function causeWords(index: ExplainIndex, cause: Cause, woken = -1): string {
  const by = name(index, cause.fromTask);
  const via = cause.via !== '' && cause.via !== cause.label ? cause.via : '';
  switch (cause.kind) {
    case 'none':
      return '';
    case 'loop':
      return cause.label === 'asyncio.run' || cause.label === 'Runner.run' ? `${cause.label} started it` : 'queued by the loop';
    case 'created':
      return cause.fromTask >= 0 ? `created by ${by}` : 'created by the loop';
    case 'yield':
      return 'it gave way with sleep(0)';
    case 'timer':
      return cause.fromTask === woken || woken < 0 ? 'its sleep is over' : `${by}'s sleep is over`;
    case 'io':
      return `the answer to ${shortIo(cause.label)} arrived`;
    case 'lock-release':
      return `${by} released ${cause.label}`;
    case 'lock-handoff':
      return `${cause.label} passed on by ${by}, a cancelled waiter`;
    case 'event-set':
      return /\.join\(\)$/.test(cause.label) ? `${by} finished the last item of ${cause.label.replace(/\.join\(\)$/, '')}` : `${by} set ${cause.label}`;
    case 'condition-notify':
      return `${by} notified ${cause.label}`;
    case 'semaphore-release':
      return `${by} released ${cause.label}`;
    case 'semaphore-handoff':
      return `${cause.label} had a free slot`;
    case 'queue-put':
      return `${by} put an item in ${cause.label}`;
    case 'queue-get':
      return `${by} took an item from ${cause.label}`;
    case 'queue-handoff':
      return `${cause.label} passed on by ${by}, a cancelled waiter`;
    case 'task-done':
      if (via === 'as_completed') return `${by} finished and as_completed hands it over`;
      return via === '' ? `${by} finished` : `${by} finished and ${via} is done`;
    case 'task-failed':
      return via === '' ? `${by} failed with ${cause.text}` : `${by} failed with ${cause.text} and ${via} passes it on`;
    case 'task-cancelled':
      return via === '' ? `${by} was cancelled` : `${by} was cancelled and ${via} is done`;
    case 'timeout':
      return `the timeout of ${cause.via || 'a wait'} fired`;
    case 'cancel':
      return cause.fromTask >= 0 ? `${by} cancelled it` : 'cancelled';
    case 'group-cancel':
      return `its TaskGroup cancelled it${cause.fromTask >= 0 ? ` after ${by} failed` : ''}`;
    case 'timeout-cancel':
      return 'its asyncio.timeout() deadline passed';
    case 'shutdown-cancel':
      return 'asyncio.run cancelled the tasks left over';
    case 'future':
      return `${by} set its future's result`;
    case 'call-soon':
      return cause.fromTask >= 0 ? `queued with call_soon by ${by}` : 'queued with call_soon';
    case 'call-later':
      return 'its call_later timer fired';
  }
}

function arrowOfStep(index: ExplainIndex, step: number): Arrow | null {
  const toTask = index.stepTask[step] as number;
  if (toTask < 0) return null;
  const cause = causeOfStep(index, step);
  if (cause === null) return null;
  const family = FAMILY[cause.kind];
  if (family === null) return null;
  // A timer's arrow starts where it fired (fromStep), on the lane of the task it wakes.
  const fromTask = family === 'timer' ? toTask : cause.fromTask;
  return { toStep: step, toTask, fromStep: cause.fromStep, fromTask, kind: cause.kind, family, label: causeWords(index, cause, toTask), short: shortWords(cause) };
}

/** The label drawn on an arrow: a verb and its object, as short as a glance needs. */
export function shortWords(cause: Cause): string {
  const via = cause.via !== '' && cause.via !== cause.label ? ` · ${cause.via}` : '';
  switch (cause.kind) {
    case 'timer':
      return 'timer';
    case 'io':
      return 'response';
    case 'lock-release':
    case 'semaphore-release':
      return `release ${cause.label}`;
    case 'lock-handoff':
    case 'semaphore-handoff':
    case 'queue-handoff':
      return `hand-off ${cause.label}`;
    case 'event-set':
      return `set ${cause.label}`;
    case 'condition-notify':
      return `notify ${cause.label}`;
    case 'queue-put':
      return `put ${cause.label}`;
    case 'queue-get':
      return `get ${cause.label}`;
    case 'task-done':
      return `done${via}`;
    case 'task-failed':
      return `${cause.text.split(':')[0] || 'exception'}${via}`;
    case 'task-cancelled':
      return `cancelled${via}`;
    case 'timeout':
      return 'timeout';
    case 'cancel':
      return 'cancel()';
    case 'group-cancel':
      return 'TaskGroup cancels';
    case 'timeout-cancel':
      return 'deadline';
    case 'shutdown-cancel':
      return 'asyncio.run cancels';
    case 'future':
      return 'set_result';
    default:
      return '';
  }
}

/**
 * The arrows at the cursor (boundary `boundary`): why the step just run ran, what it woke or
 * cancelled (its effects), and why the task about to run was woken (the cause of the next step).
 */
export function arrowsAt(index: ExplainIndex, boundary: number): readonly Arrow[] {
  // The last few boundaries asked for are kept: the page asks for the next one while it is idle
  // (a step that creates 10,000 tasks has 10,000 arrows to find, 13 ms of the first step's frame).
  let known = arrowsKnown.get(index);
  if (known === undefined) arrowsKnown.set(index, (known = new Map()));
  const kept = known.get(boundary);
  if (kept !== undefined) return kept;
  const out = findArrowsAt(index, boundary);
  if (known.size >= 4) known.delete(known.keys().next().value as number);
  known.set(boundary, out);
  return out;
}

/** Arrows found by arrowsAt, by index and boundary (the last four boundaries of each index). */
const arrowsKnown = new WeakMap<ExplainIndex, Map<number, readonly Arrow[]>>();

function findArrowsAt(index: ExplainIndex, boundary: number): Arrow[] {
  const out: Arrow[] = [];
  // One arrow per step it points to. A set, not a search of `out`: a step that creates 10,000
  // tasks has 10,000 effects, and searching made the first step of such a run quadratic.
  const seen = new Set<number>();
  const add = (arrow: Arrow | null): void => {
    if (arrow === null || seen.has(arrow.toStep)) return;
    seen.add(arrow.toStep);
    out.push(arrow);
  };
  const last = boundary - 1;
  if (last >= 0 && last < index.steps) {
    add(arrowOfStep(index, last));
    for (const arrow of effectsOf(index, last)) add(arrow);
  }
  if (boundary < index.steps) add(arrowOfStep(index, boundary));
  return out;
}

/** The arrows that start at step `step` (its effects), found through the effect index. */
export function effectsOf(index: ExplainIndex, step: number): Arrow[] {
  const effects = effectIndex(index);
  const out: Arrow[] = [];
  for (let i = effects.start[step] as number; i < (effects.start[step + 1] as number); i++) {
    const arrow = arrowOfStep(index, effects.steps[i] as number);
    if (arrow !== null) out.push(arrow);
  }
  return out;
}

/**
 * Every arrow whose two ends are steps in [fromStep, toStep) or that crosses that window, at most
 * `limit` of them (evenly spread when there are more), for "all arrows in view".
 */
export function arrowsBetween(index: ExplainIndex, fromStep: number, toStep: number, limit = 400): Arrow[] {
  const first = Math.max(0, fromStep);
  const last = Math.min(index.steps, toStep);
  const drawn = (s: number): boolean => {
    const id = index.stepCause[s] as number;
    return (index.stepTask[s] as number) >= 0 && id >= 0 && FAMILY[CAUSE_KINDS[index.causeKind[id] as number] as CauseKind] !== null;
  };
  const candidates: number[] = [];
  for (let s = first; s < last; s++) if (drawn(s)) candidates.push(s);
  // Arrows that start in the window and end after it are found from their effect side.
  const effects = effectIndex(index);
  for (let s = first; s < last; s++) {
    for (let i = effects.start[s] as number; i < (effects.start[s + 1] as number); i++) {
      const target = effects.steps[i] as number;
      if (target >= last && drawn(target)) candidates.push(target);
    }
  }
  const out: Arrow[] = [];
  const stride = Math.max(1, Math.ceil(candidates.length / limit));
  for (let i = 0; i < candidates.length; i += stride) {
    const arrow = arrowOfStep(index, candidates[i] as number);
    if (arrow !== null) out.push(arrow);
  }
  return out;
}

interface EffectIndex {
  /** For step s, effects are steps[start[s] .. start[s+1]). */
  start: Int32Array;
  steps: Int32Array;
}

const effectIndexes = new WeakMap<ExplainIndex, EffectIndex>();

/**
 * Build the effect index now rather than on first use: a pass over every step (40-100 ms for a
 * million-event trace), which the page runs in an idle moment after a trace is drawn instead of
 * in the frame of its first step.
 */
export function prepareEffects(index: ExplainIndex): void {
  effectIndex(index);
}

/** The steps each step caused, as a CSR table (one pass, made on first use and kept). */
function effectIndex(index: ExplainIndex): EffectIndex {
  let effects = effectIndexes.get(index);
  if (effects !== undefined) return effects;
  const n = index.steps;
  const start = new Int32Array(n + 2);
  const from = new Int32Array(n).fill(-1);
  for (let s = 0; s < n; s++) {
    const id = index.stepCause[s] as number;
    if (id < 0 || (index.stepTask[s] as number) < 0) continue;
    const source = index.causeFromStep[id] as number;
    if (source >= 0 && source < n) {
      from[s] = source;
      start[source + 1]++;
    }
  }
  for (let s = 0; s <= n; s++) start[s + 1] = (start[s + 1] as number) + (start[s] as number);
  const fill = start.slice(0, n + 1);
  const steps = new Int32Array(start[n] as number);
  for (let s = 0; s < n; s++) {
    const source = from[s] as number;
    if (source >= 0) steps[fill[source]++] = s;
  }
  effects = { start, steps };
  effectIndexes.set(index, effects);
  return effects;
}

/** The cause record of a queued handle in words, for the ready queue ("Task-3 released vault"). */
export function handleCauseWords(index: ExplainIndex, handle: number, woken: number): string {
  const id = handle >= 0 && handle < index.handleCause.length ? (index.handleCause[handle] as number) : -1;
  const cause = causeAt(index, id);
  return cause === null ? '' : causeWords(index, cause, woken);
}
