/**
 * Learner lints: mistakes asyncio lets a program make, found in its trace (after tokio-console's
 * lints, but for asyncio's own pitfalls). Each has a stable id, a one-line explanation, a longer
 * one with the fix, and the source lines involved.
 *
 *   blocking-call              a step kept the loop busy for 0.1 s or more (asyncio debug mode's
 *                              slow_callback_duration): time.sleep, or CPU-bound work
 *   never-awaited              a coroutine object was created and dropped
 *   exception-never-retrieved  a task failed and nobody looked at its exception
 *   fire-and-forget            create_task's result was dropped: nothing keeps the task
 *   lock-held-across-sleep     a lock was held through an `await asyncio.sleep` that was the last
 *                              thing the lock protected
 *   sequential-awaits          the same call awaited again and again, each waiting for the one
 *                              before, where gathering them would overlap the waits
 *   gather-abandoned-siblings  gather raised its first exception while other children kept
 *                              running, and nobody looked at them again
 *
 * They are read from the trace's facts only; a version-1 trace, which lacks some of them, gives
 * the lints it can.
 */
import { forEachEvent, type TraceEvent } from '../trace/decode.ts';
import type { Trace } from '../trace/format.ts';
import { buildExplainIndex, type ExplainIndex } from './index.ts';
import { taskInfoAt, type TaskInfo } from './task-table.ts';
import { and, clock, count, duration } from './words.ts';

export const LINT_IDS = [
  'blocking-call',
  'never-awaited',
  'exception-never-retrieved',
  'fire-and-forget',
  'lock-held-across-sleep',
  'sequential-awaits',
  'gather-abandoned-siblings',
] as const;
export type LintId = (typeof LINT_IDS)[number];

export interface Lint {
  id: LintId;
  /** One line: what happened, with the figures. */
  title: string;
  /** Why it matters and how to fix it. */
  detail: string;
  /** The source lines involved, the main one first (1-based; never 0). */
  lines: number[];
  /** The task it is about, or -1. */
  task: number;
  /** The boundary from which it is known: it happened during step boundary - 1. */
  boundary: number;
}

/** asyncio's debug mode warns about a callback or task step that runs this long (BaseEventLoop.slow_callback_duration). */
export const SLOW_CALLBACK_DURATION = 0.1;

interface Suspension {
  step: number;
  time: number;
  kind: string;
  line: number;
  future: number;
  /** The await stack (lines and frames), outermost first, when there is one. */
  lines: number[];
  frames: number[];
  /** When the task resumed (its next run), or NaN. */
  resumedAt: number;
  resumedStep: number;
}

/** Every lint of a trace, in the order they happened (`index`: the trace's, when already built). */
export function findLints(trace: Trace, index: ExplainIndex = buildExplainIndex(trace)): Lint[] {
  // Lints read most tasks' records (in the worker, once): unpacked from the columns up front.
  const tasks: readonly (TaskInfo | undefined)[] = Array.from({ length: index.tasks.count }, (_, serial) => taskInfoAt(index, serial));
  const lints: Lint[] = [];
  const name = (task: number): string => tasks[task]?.name ?? `task #${task}`;
  let step = -1;
  let time = 0;
  let inLoop = false;
  let sawLoopEnter = false;
  let ticks = 0;
  const handleTask = new Map<number, number>();
  let runningTask = -1;

  // blocking-call: the blocks of the current step.
  let stepBlocks: { seconds: number; line: number }[] = [];
  let stepBlockTask = -1;
  const blocking = new Map<number, { task: number; steps: number; longest: number; total: number; boundary: number; lines: Set<number> }>();
  const closeStep = (): void => {
    const total = stepBlocks.reduce((sum, b) => sum + b.seconds, 0);
    if (stepBlocks.length > 0 && total >= SLOW_CALLBACK_DURATION - 1e-9) {
      const line = (stepBlocks[0] as { line: number }).line;
      let entry = blocking.get(line);
      if (entry === undefined) blocking.set(line, (entry = { task: stepBlockTask, steps: 0, longest: 0, total: 0, boundary: step + 1, lines: new Set() }));
      entry.steps++;
      entry.longest = Math.max(entry.longest, total);
      entry.total += total;
      for (const b of stepBlocks) if (b.line > 0) entry.lines.add(b.line);
    }
    stepBlocks = [];
  };

  // lock-held-across-sleep: locks held per task, and sleeps taken while holding one.
  const held = new Map<number, Map<number, { label: string; line: number }>>();
  const sleepingWith = new Map<number, { lock: number; label: string; acquireLine: number; sleepLine: number; start: number; resumeStep: number }>();
  const lockWaiters = new Map<number, Set<number>>();
  const lockLints = new Set<string>();

  // sequential-awaits: each task's last suspension (complete once the task suspends again: it has
  // resumed and its stack has arrived), fed then to the task's run of awaits. Only the last is
  // kept: all of them, with their stacks, were most of the worker's heap for a million events.
  const lastSuspension = new Map<number, Suspension>();
  const awaitRuns = new Map<number, AwaitRun>();
  const complete = (task: number, s: Suspension): void => {
    let run = awaitRuns.get(task);
    if (run === undefined) awaitRuns.set(task, (run = new AwaitRun(task)));
    run.add(s, lints, name);
  };
  const suspended = (task: number, s: Suspension): void => {
    const before = lastSuspension.get(task);
    if (before !== undefined) complete(task, before);
    lastSuspension.set(task, s);
  };

  // gather-abandoned-siblings: gathers awaited, by future id.
  const gathers = new Map<number, { task: number; line: number; children: number[]; boundary: number }>();
  const taskDone = new Set<number>();
  const abandoned: { gather: number; task: number; line: number; failed: number; siblings: number[]; boundary: number; time: number; error: string }[] = [];
  /** The last step at which each task was awaited or cancelled by another. */
  const observedAt = new Map<number, number>();
  const dropped = new Map<number, { tasks: number[]; boundary: number }>();
  let lastFailure: { task: number; error: string; step: number } | null = null;
  const raiseLine = new Map<number, number>();

  forEachEvent(trace, (event: TraceEvent) => {
    switch (event.op) {
      case 'tick':
        closeStep();
        ticks++;
        time = event.timeAfter;
        break;
      case 'queue-step':
      case 'queue-wakeup':
        handleTask.set(event.handle, event.task);
        break;
      case 'run': {
        closeStep();
        step = event.step;
        runningTask = handleTask.get(event.handle) ?? -1;
        handleTask.delete(event.handle);
        stepBlockTask = runningTask;
        if (runningTask >= 0) {
          const last = lastSuspension.get(runningTask);
          if (last !== undefined && Number.isNaN(last.resumedAt)) {
            last.resumedAt = time;
            last.resumedStep = step;
          }
        }
        break;
      }
      case 'block':
        time = event.timeAfter;
        if (sawLoopEnter ? inLoop : ticks > 0) stepBlocks.push({ seconds: event.seconds, line: event.line });
        break;
      case 'loop-enter':
        inLoop = true;
        sawLoopEnter = true;
        break;
      case 'loop-exit':
        closeStep();
        inLoop = false;
        break;
      case 'suspend': {
        suspended(event.task, { step, time, kind: event.wait.kind, line: event.line, future: event.future, lines: NO_LINES, frames: NO_LINES, resumedAt: NaN, resumedStep: -1 });
        if (event.wait.kind === 'sleep') {
          const locks = held.get(event.task);
          if (locks !== undefined) {
            for (const [lock, info] of locks) {
              sleepingWith.set(event.task, { lock, label: info.label, acquireLine: info.line, sleepLine: event.line, start: time, resumeStep: -1 });
            }
          }
        }
        if (event.wait.kind === 'lock') {
          let waiters = lockWaiters.get(event.wait.objectId);
          if (waiters === undefined) lockWaiters.set(event.wait.objectId, (waiters = new Set()));
          waiters.add(event.task);
        }
        if (event.wait.kind === 'gather') gathers.set(event.future, { task: event.task, line: event.line, children: event.wait.blockers, boundary: step + 1 });
        for (const blocker of event.wait.blockers) observedAt.set(blocker, step);
        if (event.wait.kind === 'task') observedAt.set(event.wait.objectId, step);
        break;
      }
      case 'yield': {
        suspended(event.task, { step, time, kind: 'yield', line: event.line, future: -1, lines: NO_LINES, frames: NO_LINES, resumedAt: NaN, resumedStep: -1 });
        break;
      }
      case 'stack': {
        const last = lastSuspension.get(event.task);
        if (last !== undefined) {
          last.lines = event.lines;
          last.frames = event.frames;
        }
        break;
      }
      case 'lock-acquire': {
        let locks = held.get(event.task);
        if (locks === undefined) held.set(event.task, (locks = new Map()));
        locks.set(event.lock, { label: event.label, line: event.line });
        break;
      }
      case 'lock-release': {
        held.get(event.task)?.delete(event.lock);
        const sleeping = sleepingWith.get(event.task);
        if (sleeping !== undefined && sleeping.lock === event.lock) {
          sleepingWith.delete(event.task);
          // Released in the step that resumed from the sleep, before any other statement ran.
          const resumed = lastSuspension.get(event.task);
          const rightAfter = event.statements === 0 && resumed !== undefined && resumed.kind === 'sleep' && resumed.resumedStep === step;
          const key = `${event.lock}:${sleeping.sleepLine}`;
          if (rightAfter && !lockLints.has(key)) {
            lockLints.add(key);
            const waited = [...(lockWaiters.get(event.lock) ?? [])].filter((t) => t !== event.task).map(name);
            const seconds = time - sleeping.start;
            lints.push({
              id: 'lock-held-across-sleep',
              title: `${name(event.task)} held the lock ${sleeping.label} through asyncio.sleep at line ${sleeping.sleepLine} (${duration(seconds)}) and released it right after`,
              detail:
                `The sleep was the last thing inside \`async with ${sleeping.label}\`, so the lock protected nothing but the pause` +
                (waited.length > 0 ? `, while ${and(waited)} waited for it` : '') +
                `. A task that needs the lock cannot run until the sleep is over. Move the \`await asyncio.sleep(...)\` after the \`async with\` block, and keep inside it only the work that needs the lock.`,
              lines: [sleeping.sleepLine, sleeping.acquireLine].filter((l) => l > 0),
              task: event.task,
              boundary: step + 1,
            });
          }
        } else if (sleeping !== undefined) sleepingWith.delete(event.task);
        break;
      }
      case 'task-raise':
        raiseLine.set(event.task, event.line);
        break;
      case 'task-done':
        taskDone.add(event.task);
        if (event.outcome === 'failed') lastFailure = { task: event.task, error: event.exception ?? '', step };
        sleepingWith.delete(event.task);
        held.delete(event.task);
        break;
      case 'future-done': {
        const gather = gathers.get(event.future);
        if (gather !== undefined && event.outcome === 'exception') {
          gathers.delete(event.future);
          // The child whose exception it is: the last task that failed before this callback.
          const failed = lastFailure?.task ?? -1;
          const siblings = gather.children.filter((c) => c !== failed && !taskDone.has(c));
          if (siblings.length > 0) {
            abandoned.push({ gather: event.future, task: gather.task, line: gather.line, failed, siblings, boundary: step + 1, time, error: lastFailure?.error ?? '' });
          }
        }
        break;
      }
      case 'task-cancel':
        if (event.by !== event.task) observedAt.set(event.task, step);
        break;
      case 'log':
        logLint(event, lints, name, tasks, raiseLine, step);
        break;
      case 'task-dropped': {
        const entry = dropped.get(event.line);
        if (entry === undefined) dropped.set(event.line, { tasks: [event.task], boundary: step + 1 });
        else entry.tasks.push(event.task);
        break;
      }
      default:
        break;
    }
  });
  closeStep();

  for (const [line, entry] of blocking) {
    const who = entry.task >= 0 ? name(entry.task) : 'a callback';
    const lines = [line, ...[...entry.lines].filter((l) => l !== line)].filter((l) => l > 0);
    lints.push({
      id: 'blocking-call',
      title:
        entry.steps === 1
          ? `The loop was blocked for ${duration(entry.longest)} at line ${line}: ${who} ran without awaiting, and every other task waited`
          : `The loop was blocked ${entry.steps} times at line ${line}, up to ${duration(entry.longest)} at once (${duration(entry.total)} in all): every other task waited`,
      detail:
        `A step of ${who} kept the event loop busy for ${duration(entry.longest)}, at least asyncio's slow_callback_duration (${duration(SLOW_CALLBACK_DURATION)}), ` +
        `in a blocking call (time.sleep) or CPU-bound work. While a step runs, no other task, callback or timer can: they all wait for it. ` +
        `Use \`await asyncio.sleep(...)\` for a pause, and run blocking or CPU-bound work in a thread with \`await asyncio.to_thread(...)\`.`,
      lines,
      task: entry.task,
      boundary: entry.boundary,
    });
  }

  for (const [line, entry] of dropped) {
    const names = entry.tasks.map(name);
    lints.push({
      id: 'fire-and-forget',
      title: `${and(names)} ${names.length === 1 ? 'was' : 'were'} created at line ${line} without keeping a reference`,
      detail:
        'The result of create_task was dropped. The event loop keeps only a weak reference to its tasks, so a task nothing else refers to can disappear before it finishes, ' +
        'and its exception is lost. Keep a reference (for example in a set, removing it with a done callback), await the task later, or create it in an `async with asyncio.TaskGroup()`.',
      lines: [line],
      task: entry.tasks[0] as number,
      boundary: entry.boundary,
    });
  }

  for (const [task, last] of lastSuspension) complete(task, last);
  for (const run of awaitRuns.values()) run.flush(lints, name);

  for (const entry of abandoned) {
    const failedAt = entry.boundary - 1;
    const unobserved = entry.siblings.filter((t) => (observedAt.get(t) ?? -1) < failedAt);
    if (unobserved.length === 0) continue;
    const failedLine = raiseLine.get(entry.failed) ?? 0;
    lints.push({
      id: 'gather-abandoned-siblings',
      title: `gather at line ${entry.line} raised ${entry.error || 'the first exception'} at t = ${clock(entry.time)} while ${and(unobserved.map(name))} kept running unobserved`,
      detail:
        `When a child fails, gather (without return_exceptions=True) passes the first exception to ${name(entry.task)} at once, but does not stop the other children: ` +
        `${and(unobserved.map(name))} ${unobserved.length === 1 ? 'went' : 'went'} on running, and nobody awaited ${unobserved.length === 1 ? 'it' : 'them'} afterwards, so ${unobserved.length === 1 ? 'its' : 'their'} results and errors were lost. ` +
        `Use \`asyncio.gather(..., return_exceptions=True)\` to collect every outcome, or an \`async with asyncio.TaskGroup()\`, which cancels the others and reports every error.`,
      lines: [entry.line, failedLine].filter((l) => l > 0),
      task: entry.task,
      boundary: entry.boundary,
    });
  }

  return lints.sort((a, b) => a.boundary - b.boundary || LINT_IDS.indexOf(a.id) - LINT_IDS.indexOf(b.id));
}

function logLint(event: Extract<TraceEvent, { op: 'log' }>, lints: Lint[], name: (t: number) => string, tasks: readonly (TaskInfo | undefined)[], raiseLine: Map<number, number>, step: number): void {
  if (event.kind === 'never-awaited') {
    const coroutine = /coroutine '([^']*)'/.exec(event.text)?.[1] ?? 'coroutine';
    const isSleep = coroutine === 'sleep';
    lints.push({
      id: 'never-awaited',
      title: `coroutine '${coroutine}' was never awaited${event.line > 0 ? ` (line ${event.line})` : ''}`,
      detail: isSleep
        ? 'Calling asyncio.sleep(...) without await only creates a coroutine object and drops it: there is no pause at all. Write `await asyncio.sleep(...)`.'
        : `Calling ${coroutine}(...) only creates a coroutine object: none of its code runs until it is awaited. Write \`await ${coroutine}(...)\`, or \`asyncio.create_task(${coroutine}(...))\` to run it alongside the caller.`,
      lines: event.line > 0 ? [event.line] : [],
      task: event.task,
      boundary: step + 1,
    });
    return;
  }
  if (event.kind === 'never-retrieved') {
    const task = event.task;
    const info = tasks[task];
    const raised = raiseLine.get(task) ?? event.line;
    const error = /exception=(.*)$/.exec(event.text)?.[1] ?? 'an exception';
    lints.push({
      id: 'exception-never-retrieved',
      title: `${task >= 0 ? name(task) : 'A task'} failed with ${error}${raised > 0 ? ` (line ${raised})` : ''} and nobody retrieved the exception`,
      detail:
        `The task ended with an exception, but nothing awaited it or asked for its result, so the error went nowhere: asyncio can only log it when the task object is thrown away. ` +
        `Keep the task and \`await\` it (or gather it, or run it in a TaskGroup) so that the exception reaches your code.`,
      lines: [raised, info?.createdLine ?? 0].filter((l, i, all) => l > 0 && all.indexOf(l) === i),
      task,
      boundary: step + 1,
    });
  }
}

/** A suspension's stack before its Stack event arrives (never written to). */
const NO_LINES: number[] = [];

/**
 * sequential-awaits: at least two calls awaited one after the other from the same line of the
 * same frame (a loop), each call a new coroutine frame that waited on a timer (a sleep or I/O),
 * with no other await of the task in between. Gathered, their waits would overlap. One task's
 * suspensions are added in order, each once it is complete.
 */
class AwaitRun {
  /** The current run of calls from one line of one frame: callee frame → its first wait and its end. */
  private caller = -1;
  private line = 0;
  private calls = new Map<number, { start: number; end: number }>();
  private first: Suspension | null = null;
  private last: Suspension | null = null;

  constructor(private readonly task: number) {}

  add(s: Suspension, lints: Lint[], name: (t: number) => string): void {
    const depth = s.frames.length;
    if (!(s.kind === 'sleep' || s.kind === 'io') || depth < 2) {
      this.flush(lints, name);
      return;
    }
    const frame = s.frames[depth - 2] as number;
    const at = s.lines[depth - 2] as number;
    const callee = s.frames[depth - 1] as number;
    const end = Number.isNaN(s.resumedAt) ? s.time : s.resumedAt;
    if (this.first !== null && (frame !== this.caller || at !== this.line)) this.flush(lints, name);
    if (this.first === null) {
      this.caller = frame;
      this.line = at;
      this.first = s;
    }
    const call = this.calls.get(callee);
    if (call === undefined) this.calls.set(callee, { start: s.time, end });
    else call.end = end;
    this.last = s;
  }

  flush(lints: Lint[], name: (t: number) => string): void {
    const { first, last, line, task } = this;
    if (first !== null && last !== null && this.calls.size >= 2) {
      const spans = [...this.calls.values()];
      const took = (Number.isNaN(last.resumedAt) ? last.time : last.resumedAt) - first.time;
      const longest = Math.max(...spans.map((c) => c.end - c.start));
      if (took > longest + 1e-9) {
        const inner = first.lines[first.lines.length - 1] ?? 0;
        lints.push({
          id: 'sequential-awaits',
          title: `These ${spans.length} awaits at line ${line} took ${duration(took)} one after another; gathered they would take ${duration(longest)}`,
          detail:
            `${name(task)} awaited the call at line ${line} ${count(spans.length, 'time')}, and each waited for the one before to finish before it started. ` +
            `If they do not depend on each other, start them together so that their waits overlap: \`await asyncio.gather(*(f(x) for x in items))\`, or create them as tasks in an \`async with asyncio.TaskGroup()\`.`,
          lines: [line, inner].filter((l, i, all) => l > 0 && all.indexOf(l) === i),
          task,
          boundary: last.resumedStep >= 0 ? last.resumedStep + 1 : last.step + 1,
        });
      }
    }
    this.caller = -1;
    this.line = 0;
    if (this.calls.size > 0) this.calls = new Map();
    this.first = null;
    this.last = null;
  }
}
