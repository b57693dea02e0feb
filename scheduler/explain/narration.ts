/**
 * Narration: one sentence for each step, in plain words, about the step that has just run.
 *
 * At boundary N (the cursor, just before step N runs) the narration tells step N - 1: what ran
 * (a task resuming, a timer firing, gather's bookkeeping...), why (the cause the index gives it),
 * what it did (printed, created tasks, released a lock and woke a waiter, cancelled...) and how it
 * ended (it awaits something, gives way, returns, fails). The first step of a tick opens with the
 * tick and the clock, and with the wait for a timer when the clock jumped. Boundary 0 says how the
 * run starts and the last boundary adds how it ended.
 *
 * The beginner form names tasks, lines and objects; the detailed form adds the handles and
 * futures involved (#ids as the trace numbers them). The sentence is a list of pieces, so that
 * the page can define the glossary's words (tick, handle, ready queue, wake-up, future, timer)
 * where they first appear.
 */
import { forEachEvent, type TraceEvent, type WaitInfo } from '../trace/decode.ts';
import type { Trace } from '../trace/format.ts';
import type { Term } from './glossary.ts';
import { causeOfStep, stepKindOf, taskName, timerOf, waitKindOf, type Cause, type ExplainIndex } from './index.ts';
import { causeWords } from './causes.ts';
import { taskInfoAt } from './task-table.ts';
import { and, clippedCode, clock, count, delayArgument, duration, quoted, shortIo } from './words.ts';

export interface Piece {
  text: string;
  /** A glossary word, defined where it first appears in the sentence. */
  term?: Term;
  /** Code (a call, a line of the scenario), set in a monospace face. */
  code?: boolean;
}

export interface Narration {
  boundary: number;
  /** The step told (boundary - 1), or -1 at the start. */
  step: number;
  pieces: Piece[];
  /** The same sentence as plain text (for the aria-live region and tests). */
  text: string;
}

export interface NarrateOptions {
  /** The detailed form: handles and futures by id. */
  detail?: boolean;
}

/** A sentence being written: words, glossary terms (marked the first time) and code. */
class Sentence {
  readonly pieces: Piece[] = [];
  private readonly defined = new Set<Term>();

  say(text: string): this {
    if (text === '') return this;
    const last = this.pieces[this.pieces.length - 1];
    if (last !== undefined && last.term === undefined && last.code !== true) last.text += text;
    else this.pieces.push({ text });
    return this;
  }

  term(term: Term, text: string = term): this {
    if (this.defined.has(term)) return this.say(text);
    this.defined.add(term);
    this.pieces.push({ text, term });
    return this;
  }

  code(text: string): this {
    this.pieces.push({ text: clippedCode(text), code: true });
    return this;
  }

  /** Start the sentence with a capital, when it starts with one of our words (never a task's name or code). */
  capitalize(): void {
    const first = this.pieces[0];
    if (first !== undefined && first.code !== true && /^(the|its|a|an|nothing|asyncio)\b/.test(first.text)) first.text = capitalize(first.text);
  }

  get text(): string {
    return this.pieces.map((piece) => piece.text).join('');
  }
}

/** The events of one step: from its Run to the next Run (or tick), decoded from a slice of the stream. */
export function eventsOfStep(index: ExplainIndex, step: number): TraceEvent[] {
  const trace = index.trace;
  const from = index.stepPos[step] as number;
  const to = step + 1 < index.steps ? (index.stepPos[step + 1] as number) : trace.events.length;
  const slice: Trace = { ...trace, events: trace.events.subarray(from, to), floats: trace.floats.subarray(index.stepFloat[step] as number) };
  const out: TraceEvent[] = [];
  let ended = false;
  forEachEvent(slice, (event) => {
    if (event.op === 'tick') ended = true;
    if (!ended && event.op !== 'run') out.push(event);
  });
  return out;
}

const capitalize = (text: string): string => (text === '' ? text : text[0]!.toUpperCase() + text.slice(1));

/** The narration at boundary `boundary` (0 ≤ boundary ≤ steps). */
export function narrate(index: ExplainIndex, boundary: number, options: NarrateOptions = {}): Narration {
  const detail = options.detail === true;
  const s = new Sentence();
  if (boundary <= 0 || index.steps === 0) {
    start(index, s);
    if (index.steps === 0) ending(index, s);
    return { boundary, step: -1, pieces: s.pieces, text: s.text };
  }
  const step = Math.min(boundary, index.steps) - 1;
  tickOpening(index, step, s);
  const opened = s.pieces.length > 0;
  stepSentence(index, step, s, detail);
  if (!opened) s.capitalize();
  if (boundary >= index.steps) ending(index, s);
  return { boundary, step, pieces: s.pieces, text: s.text };
}

// ----- the start and the end of a run -----

function start(index: ExplainIndex, s: Sentence): void {
  const blockedBefore = index.mainThread.filter((span) => span.kind === 'blocked' && span.to <= (index.tickBefore[0] ?? Infinity));
  if (index.steps === 0) {
    const blocks = index.mainThread.filter((span) => span.kind === 'blocked');
    const total = blocks.reduce((sum, span) => sum + span.to - span.from, 0);
    s.say('This program never starts an event loop: its module-level code runs on the main thread, one line after the other');
    if (blocks.length > 0) s.say(`, and blocks it for ${duration(total)} in ${count(blocks.length, 'call')} of `).code('time.sleep').say(', during which nothing else can happen');
    s.say('. ');
    return;
  }
  if (blockedBefore.length > 0) {
    const total = blockedBefore.reduce((sum, span) => sum + span.to - span.from, 0);
    s.say(`Before the loop starts, the module-level code blocks the main thread for ${duration(total)} in `).code('time.sleep').say('. ');
  }
  const main = taskInfoAt(index, 0);
  // Older code makes the first task itself: loop.run_until_complete(main()), loop.create_task(...).
  const starter = main !== undefined && (main.via.startsWith('loop.') || main.via === 'Runner.run') ? main.via : 'asyncio.run';
  s.say('Nothing has run yet: ').code(starter).say(` has created ${main?.name ?? 'the main task'} for `).code(`${main?.coro ?? 'main'}()`).say(' and put its first step in the ').term('ready queue').say('. The first ').term('tick').say(' will run it.');
}

function ending(index: ExplainIndex, s: Sentence): void {
  const end = index.end;
  if (end === null) return;
  const sep = s.text === '' || s.text.endsWith(' ') ? '' : ' ';
  switch (end.kind) {
    case 'ok':
      if (index.steps === 0) s.say(`The program ends at t = ${clock(end.time)}.`);
      else s.say(`${sep}The run is over at t = ${clock(end.time)}: every task has finished and the loop is closed.`);
      break;
    case 'error':
      s.say(`${sep}The run ends with ${end.exception}, which nothing caught.`);
      break;
    case 'deadlock':
      s.say(`${sep}Now the `).term('ready queue').say(' is empty and no ').term('timer').say(` is pending: nothing can wake ${and(end.graph.blocked.map((b) => b.task))} again, so the program hangs forever (a deadlock).`);
      break;
    case 'limit':
      s.say(`${sep}The run was stopped here: ${end.message}.`);
      break;
  }
}

// ----- the opening of a tick -----

function tickOpening(index: ExplainIndex, step: number, s: Sentence): void {
  const tick = index.stepTick[step] as number;
  if (tick < 0 || (index.tickFirstStep[tick] as number) !== step) return;
  const before = index.tickBefore[tick] as number;
  const after = index.tickAfter[tick] as number;
  if (after > before) {
    s.say('Nothing is ready, so the loop waits ').say(duration(after - before)).say(' for the next ').term('timer').say('. ');
  }
  s.say(`Tick ${index.tickIndex[tick]}, t = ${clock(after)}: `);
}

// ----- one step -----

interface StepFacts {
  events: TraceEvent[];
  suspend: Extract<TraceEvent, { op: 'suspend' }> | null;
  yielded: boolean;
  done: Extract<TraceEvent, { op: 'task-done' }> | null;
  raiseLine: number;
  outputs: Extract<TraceEvent, { op: 'output' }>[];
  created: Extract<TraceEvent, { op: 'task-new' }>[];
  wakes: { cause: Extract<TraceEvent, { op: 'wake' }>; woken: number }[];
  cancels: Extract<TraceEvent, { op: 'task-cancel' }>[];
  blocks: Extract<TraceEvent, { op: 'block' }>[];
  logs: Extract<TraceEvent, { op: 'log' }>[];
  /** Futures completed in the step (not tasks), in order. */
  completed: Extract<TraceEvent, { op: 'future-done' }>[];
  /** Wake-ups queued in the step: task and future. */
  wakeups: Extract<TraceEvent, { op: 'queue-wakeup' }>[];
  io: Extract<TraceEvent, { op: 'io' }> | null;
}

function factsOf(index: ExplainIndex, step: number): StepFacts {
  const events = eventsOfStep(index, step);
  const facts: StepFacts = {
    events,
    suspend: null,
    yielded: false,
    done: null,
    raiseLine: 0,
    outputs: [],
    created: [],
    wakes: [],
    cancels: [],
    blocks: [],
    logs: [],
    completed: [],
    wakeups: [],
    io: null,
  };
  const task = index.stepTask[step] as number;
  const pendingWakes = new Map<number, Extract<TraceEvent, { op: 'wake' }>>();
  for (const event of events) {
    switch (event.op) {
      case 'suspend':
        if (event.task === task) facts.suspend = event;
        break;
      case 'yield':
        if (event.task === task) facts.yielded = true;
        break;
      case 'task-done':
        if (event.task === task) facts.done = event;
        break;
      case 'task-raise':
        if (event.task === task) facts.raiseLine = event.line;
        break;
      case 'output':
        facts.outputs.push(event);
        break;
      case 'task-new':
        facts.created.push(event);
        break;
      case 'wake':
        pendingWakes.set(event.future, event);
        break;
      case 'future-done':
        facts.completed.push(event);
        break;
      case 'queue-wakeup': {
        facts.wakeups.push(event);
        const wake = pendingWakes.get(event.future);
        if (wake !== undefined) facts.wakes.push({ cause: wake, woken: event.task });
        break;
      }
      case 'task-cancel':
        facts.cancels.push(event);
        break;
      case 'block':
        facts.blocks.push(event);
        break;
      case 'log':
        facts.logs.push(event);
        break;
      case 'io':
        facts.io = event;
        break;
      default:
        break;
    }
  }
  return facts;
}

function stepSentence(index: ExplainIndex, step: number, s: Sentence, detail: boolean): void {
  const kind = stepKindOf(index, step);
  const facts = factsOf(index, step);
  const handle = index.stepHandle[step] as number;
  if (detail) {
    const label = kind === 'step' ? 'Task.__step' : kind === 'wakeup' ? 'Task.__wakeup' : (index.strings[index.handleLabel[handle] as number] as string);
    const task = index.stepTask[step] as number;
    s.say(`[`).term('handle').say(` #${handle}, ${label}${task >= 0 ? ` of ${taskName(index, task)}` : ''}] `);
  }
  if (kind === 'timer') timerStep(index, step, facts, s, detail);
  else if (kind === 'callback') callbackStep(index, step, facts, s, detail);
  else taskStep(index, step, facts, s, detail);
  warningsOf(facts, s);
}

const name = (index: ExplainIndex, task: number): string => (task >= 0 ? taskName(index, task) : 'a callback');

/** The timer handles: a sleep's, an I/O answer's, a timeout's, or a call_later callback. */
function timerStep(index: ExplainIndex, step: number, facts: StepFacts, s: Sentence, detail: boolean): void {
  const handle = index.stepHandle[step] as number;
  const timer = timerOf(index, handle);
  const owner = timer?.owner ?? -1;
  const label = timer?.label ?? '';
  const completed = facts.completed[0];
  const woken = facts.wakeups.map((w) => w.task);
  const future = completed === undefined ? -1 : completed.future;
  const futureId = detail && future >= 0 ? ` (#${future})` : '';
  if (label === 'sleep') {
    const io = future >= 0 && waitKindOf(index, future) === 'io';
    if (io) {
      const description = index.strings[index.futureLabel[future] as number] as string;
      const outcome = index.strings[index.futureOutcome[future] as number] as string;
      s.say(`the simulated server answers ${name(index, owner)}'s `).code(shortIo(description)).say(` after ${duration(timer?.delay ?? 0)}${outcome !== '' ? ` (${outcome})` : ''}: the `).term('timer').say(' finishes the request’s ').term('future').say(futureId).say(', which queues ');
    } else {
      s.say('the ').term('timer').say(` of ${name(index, owner)}'s `).code(`asyncio.sleep(${delayArgument(timer?.delay ?? 0)})`).say(' fires. Its callback finishes the sleep’s ').term('future').say(futureId).say(', which queues ');
    }
    if (woken.length > 0) {
      s.say(`${and(woken.map((t) => taskName(index, t)))}’s `).term('wake-up');
      if (detail) s.say(` (handle #${facts.wakeups.map((w) => w.handle).join(', #')})`);
      s.say(' for the next tick.');
    }
    else s.say('nothing: nobody awaits it any more.');
    return;
  }
  if (label === 'Timeout._on_timeout') {
    const target = facts.cancels[0]?.task ?? owner;
    s.say(`the deadline of ${name(index, target)}'s `).code('asyncio.timeout()').say(' passes: its ').term('timer').say(` cancels ${name(index, target)}, which will receive CancelledError at its await.`);
    return;
  }
  if (label === '_release_waiter' || label === 'as_completed._on_timeout') {
    const what = label === 'as_completed._on_timeout' ? 'as_completed' : future >= 0 && waitKindOf(index, future) === 'wait' ? 'asyncio.wait' : 'wait_for';
    s.say(`the timeout of ${name(index, owner)}'s `).code(what).say(' fires: its ').term('timer');
    if (woken.length > 0) s.say(` queues ${and(woken.map((t) => taskName(index, t)))}'s `).term('wake-up').say(', and it will give up waiting.');
    else s.say(' finds nothing left to do.');
    return;
  }
  s.say('the ').term('timer').say(` armed with `).code(`call_later(${delayArgument(timer?.delay ?? 0)}, …)`).say(` fires and runs `).code(callText(label));
  s.say(facts.outputs.length > 0 ? `, which prints ${outputsText(facts)}.` : '.');
}

/** Plain callbacks: gather's, wait_for's, a TaskGroup's, asyncio.run's, call_soon's. */
function callbackStep(index: ExplainIndex, step: number, facts: StepFacts, s: Sentence, detail: boolean): void {
  const handle = index.stepHandle[step] as number;
  const label = index.strings[index.handleLabel[handle] as number] as string;
  const cause = causeOfStep(index, step);
  const child = cause !== null && (cause.kind === 'task-done' || cause.kind === 'task-failed' || cause.kind === 'task-cancelled') ? cause.fromTask : -1;
  const ended = child >= 0 ? endedWords(index, cause as Cause) : 'a child finished';
  const woken = facts.wakeups.map((w) => taskName(index, w.task));
  const completedOuter = facts.completed.length > 0;
  const outerId = detail && facts.completed[0] !== undefined ? ` #${facts.completed[0].future}` : '';
  switch (label) {
    case 'gather._done_callback':
      s.code('gather').say(`’s bookkeeping sees that ${ended}`);
      if (completedOuter && woken.length > 0) {
        const failed = facts.completed[0]?.outcome === 'exception';
        s.say(failed ? ': the first exception ends the gather, whose ' : ': that was the last child, so the gather’s ').term('future').say(outerId).say(` is done and ${and(woken)}’s `).term('wake-up').say(' is queued.');
      } else if (completedOuter) s.say(': the gather’s ').term('future').say(outerId).say(' is done.');
      else s.say(cause?.kind === 'task-failed' ? '; the gather has already ended, so this exception is only marked as retrieved.' : ' and goes on waiting for the others.');
      return;
    case '_release_waiter':
      s.code('wait_for').say(` sees that ${ended}`);
      if (woken.length > 0) s.say(` and queues ${and(woken)}’s `).term('wake-up').say('.');
      else s.say('.');
      return;
    case 'TaskGroup._on_task_done': {
      s.say(`the TaskGroup sees that ${ended}`);
      // Version 1 has no TaskCancel: the futures it cancelled, and the wake-ups that follow, tell it.
      const cancelled = facts.cancels.length > 0 ? facts.cancels.map((c) => c.task) : facts.completed.some((f) => f.outcome === 'cancelled') ? facts.wakeups.map((w) => w.task) : [];
      if (cancelled.length > 0) {
        s.say(`, so it cancels the other children and its body: ${and(cancelled.map((t) => taskName(index, t)))}.`);
      } else if (woken.length > 0) s.say(`: it was the last child, so ${and(woken)}’s `).term('wake-up').say(' is queued to leave the async with.');
      else s.say('.');
      return;
    }
    case '_run_until_complete_cb': {
      // asyncio.run's, unless the program runs its loop itself (its first task says how it began).
      const via = taskInfoAt(index, child >= 0 ? child : 0)?.via ?? '';
      const runner = via.startsWith('loop.') ? 'loop.run_until_complete' : via === 'Runner.run' ? 'Runner.run' : 'asyncio.run';
      s.say(`${child >= 0 ? taskName(index, child) : 'The awaited task'} has finished, so this callback of `).code(runner).say(' stops the loop at the end of this tick.');
      return;
    }
    case '_wait._on_completion':
    case 'as_completed._on_completion':
      s.code(label.startsWith('_wait') ? 'asyncio.wait' : 'as_completed').say(` sees that ${ended}`);
      if (woken.length > 0) s.say(` and queues ${and(woken)}’s `).term('wake-up').say('.');
      else s.say('.');
      return;
    case 'shield._inner_done_callback':
    case 'shield._outer_done_callback':
      s.code('shield').say(` passes on that ${ended}.`);
      return;
    case 'BaseEventLoop.create_task':
      s.say('the loop starts a task to close an abandoned async generator.');
      return;
    default:
      s.say('the callback ').code(callText(label)).say(cause !== null && cause.kind === 'call-soon' && cause.fromTask >= 0 ? `, queued with call_soon by ${taskName(index, cause.fromTask)},` : '').say(' runs');
      s.say(facts.outputs.length > 0 ? ` and prints ${outputsText(facts)}.` : '.');
  }
}

/** A callback's label as a call: `ring()`, or `print('soon')` when the label already shows the arguments. */
function callText(label: string): string {
  return label.includes('(') ? label : `${label}()`;
}

/** "Task-3 finished", "Task-3 failed with ValueError: boom", "Task-3 was cancelled". */
function endedWords(index: ExplainIndex, cause: Cause): string {
  const who = taskName(index, cause.fromTask);
  if (cause.kind === 'task-failed') return `${who} failed with ${cause.text}`;
  if (cause.kind === 'task-cancelled') return `${who} was cancelled`;
  return `${who} finished`;
}

function outputsText(facts: StepFacts): string {
  const n = facts.outputs.length;
  if (n === 1) return quoted((facts.outputs[0] as { text: string }).text);
  return `${n} lines, the last ${quoted((facts.outputs[n - 1] as { text: string }).text, 40)}`;
}

/** A task's step: how it starts or resumes, what it does, and how the step ends. */
function taskStep(index: ExplainIndex, step: number, facts: StepFacts, s: Sentence, detail: boolean): void {
  const task = index.stepTask[step] as number;
  const who = taskName(index, task);
  const info = taskInfoAt(index, task);
  const cause = causeOfStep(index, step);
  const kind = stepKindOf(index, step);
  const lands = (index.stepLands[step] as number) === 1;
  const firstRun = (index.stepPrevRun[step] as number) < 0;
  const at = firstRun ? 0 : (index.stepLine[step] as number);

  // How it starts, and why.
  if (lands) {
    const by = cause === null ? '' : causeWords(index, cause, task);
    if (firstRun) {
      s.say(`${who} was cancelled before it ever ran (${by}): CancelledError is raised at its start, so none of `).code(`${info?.coro ?? 'its'}()`).say(' runs');
    } else {
      s.say(`CancelledError lands in ${who} at its await${at > 0 ? ` on line ${at}` : ''} (${by})`);
    }
  } else if (firstRun) {
    s.say(`${who} starts running `).code(`${info?.coro ?? 'its coroutine'}()`);
  } else if (kind === 'step' && cause?.kind === 'yield') {
    s.say(`${who} continues after `).code('asyncio.sleep(0)').say(at > 0 ? ` at line ${at}` : '');
  } else {
    const why = cause === null ? '' : resumeReason(index, cause, task);
    s.say(why === '' ? `${who} resumes` : `${why}, so ${why.startsWith(who) ? 'it' : who} resumes`).say(at > 0 ? ` at line ${at}` : '');
    if (detail) {
      const handle = index.stepHandle[step] as number;
      const future = handle < index.handleFuture.length ? (index.handleFuture[handle] as number) : -1;
      s.say(' (the ').term('future').say(`${future >= 0 ? ` #${future}` : ''} it awaited is done)`);
    }
  }

  // What it does, in the order it did it, then how the step ends.
  const clauses = doingClauses(index, task, facts);
  const ending = endingClause(index, facts, who, detail);
  if (ending !== null && lands && firstRun && clauses.length === 0) ending.join = ': it ';
  clauses.forEach((clause, i) => {
    s.say(i === clauses.length - 1 && ending === null ? ' and ' : ', ');
    clause(s);
  });
  if (ending !== null) {
    s.say(ending.join);
    ending.say(s);
  }
  s.say('.');
}

/** Why a waiting task resumes, as the start of a sentence: "Task-4 released lock". */
function resumeReason(index: ExplainIndex, cause: Cause, task: number): string {
  if (cause.kind === 'timer') return `${cause.fromTask === task || cause.fromTask < 0 ? `${taskName(index, task)}’s` : `${taskName(index, cause.fromTask)}’s`} sleep is over`;
  return causeWords(index, cause, task);
}

type Clause = (s: Sentence) => void;

/** The things a task's step did, in order: prints, tasks created, wake-ups, cancels, blocking calls. */
function doingClauses(index: ExplainIndex, task: number, facts: StepFacts): Clause[] {
  const clauses: Clause[] = [];
  let printed: string[] = [];
  const flushPrints = (): void => {
    if (printed.length === 0) return;
    const lines = printed;
    clauses.push((s) => s.say(lines.length === 1 ? `prints ${quoted(lines[0] as string)}` : `prints ${lines.length} lines, the last ${quoted(lines[lines.length - 1] as string, 40)}`));
    printed = [];
  };
  const created: string[] = [];
  const pendingWakes = new Map<number, Extract<TraceEvent, { op: 'wake' }>>();
  const woken = new Map<string, { verb: string; label: string; tasks: string[] }>();
  const cancelled: string[] = [];
  for (const event of facts.events) {
    switch (event.op) {
      case 'output':
        printed.push(event.text);
        break;
      case 'task-new':
        if (event.creator === task) {
          flushPrints();
          if (created.length === 0) clauses.push((s) => s.say(`creates ${and(created)}`));
          created.push(event.name);
        }
        break;
      case 'wake':
        pendingWakes.set(event.future, event);
        break;
      case 'queue-wakeup': {
        const wake = pendingWakes.get(event.future);
        if (wake === undefined) break;
        const key = `${wake.cause}:${wake.label}`;
        let entry = woken.get(key);
        if (entry === undefined) {
          flushPrints();
          const made = { verb: WAKE_VERB[wake.cause] ?? 'wakes %', label: wake.label, tasks: [] as string[] };
          woken.set(key, (entry = made));
          clauses.push((s) => {
            const [before, after] = made.verb.split('%') as [string, string];
            s.say(before).code(made.label).say(`${after} (waking ${and(made.tasks)})`);
          });
        }
        entry.tasks.push(taskName(index, event.task));
        break;
      }
      case 'task-cancel':
        if (event.by === task && event.task !== task) {
          flushPrints();
          if (cancelled.length === 0) clauses.push((s) => s.say(`cancels ${and(cancelled)}`));
          cancelled.push(taskName(index, event.task));
        }
        break;
      case 'block':
        flushPrints();
        clauses.push((s) => s.say(`blocks the whole loop for ${duration(event.seconds)} in `).code('time.sleep').say(event.line > 0 ? ` (line ${event.line})` : '').say(', so nothing else can run'));
        break;
      default:
        break;
    }
  }
  flushPrints();
  return clauses;
}

/** How a task's step ends: it returns, fails, is cancelled, gives way or awaits something. */
function endingClause(index: ExplainIndex, facts: StepFacts, who: string, detail: boolean): { join: string; readonly say: Clause } | null {
  const done = facts.done;
  if (done !== null) {
    if (done.outcome === 'done') return { join: ' and ', say: (s) => s.say(`returns: ${who} is done`) };
    if (done.outcome === 'failed') {
      return { join: ' and ', say: (s) => s.say(`fails with ${done.exception ?? 'an exception'}${facts.raiseLine > 0 ? ` (raised at line ${facts.raiseLine})` : ''}`) };
    }
    return { join: ' and ', say: (s) => s.say('ends cancelled') };
  }
  if (facts.yielded) return { join: ', then ', say: (s) => s.say('gives way with ').code('asyncio.sleep(0)').say(': its step goes to the back of the ').term('ready queue') };
  const suspend = facts.suspend;
  if (suspend !== null) return { join: ', then ', say: (s) => waitWords(index, suspend, s, detail) };
  return null;
}

const WAKE_VERB: Readonly<Record<string, string>> = {
  'lock-release': 'releases %',
  'lock-handoff': 'passes % on',
  'event-set': 'sets %',
  'condition-notify': 'notifies %',
  'semaphore-release': 'releases %',
  'semaphore-handoff': 'passes a unit of % on',
  'queue-put': 'puts an item in %',
  'queue-get': 'takes an item from %',
  'queue-handoff': 'passes % on',
};

/** What a suspended task waits for, in words. */
function waitWords(index: ExplainIndex, suspend: Extract<TraceEvent, { op: 'suspend' }>, s: Sentence, detail: boolean): void {
  const wait: WaitInfo = suspend.wait;
  const at = suspend.line > 0 ? ` at line ${suspend.line}` : '';
  const futureId = detail ? ` (#${suspend.future})` : '';
  const blockers = wait.blockers.map((b) => taskName(index, b));
  switch (wait.kind) {
    case 'sleep': {
      const timer = timerOf(index, wait.objectId);
      s.say(`pauses${at} in `).code(`asyncio.sleep(${delayArgument(timer?.delay ?? 0)})`).say(': a ').term('timer').say(' will finish its ').term('future').say(futureId).say(timer === null ? '' : ` at t = ${clock(timer.when)}`);
      return;
    }
    case 'io': {
      const timer = timerOf(index, wait.objectId);
      s.say(`sends `).code(shortIo(wait.label)).say(`${at} and waits for the simulated answer, due ${timer === null ? 'later' : `at t = ${clock(timer.when)} (${duration(timer.delay)} of latency)`}`);
      return;
    }
    case 'lock':
      s.say(`waits${at} for the lock ${lockName(wait.label)}${blockers.length > 0 ? `, held by ${and(blockers)}` : ''}`);
      break;
    case 'semaphore':
      s.say(`waits${at} for a free slot of ${lockName(wait.label)}${blockers.length > 0 ? ` (held by ${and(blockers)})` : ''}`);
      break;
    case 'event':
      s.say(`waits${at} until ${wait.label.endsWith('.join()') ? `every item of ${wait.label.slice(0, -'.join()'.length)} is done` : `${wait.label} is set`}`);
      break;
    case 'condition':
      s.say(`waits${at} on ${wait.label.replace(/\.wait\(\)$/, '')} until it is notified (the lock is released meanwhile)`);
      break;
    case 'queue-get':
      s.say(`waits${at} for an item in ${wait.label.replace(/\.get\(\)$/, '')}`);
      break;
    case 'queue-put':
      s.say(`waits${at} for room in ${wait.label.replace(/\.put\(\)$/, '')}`);
      break;
    case 'task':
      s.say(`waits${at} for ${wait.label} to finish`);
      break;
    case 'gather':
      s.say(`waits${at} for `).code(wait.label);
      break;
    case 'taskgroup':
      s.say(`waits${at}, at the end of its `).code('async with TaskGroup()').say(`, for ${blockers.length > 0 ? and(blockers) : 'its children'}`);
      break;
    case 'wait':
      s.say(`waits${at} in `).code('asyncio.wait').say(` for ${blockers.length > 0 ? and(blockers) : 'its futures'}`);
      break;
    case 'wait_for':
    case 'shield':
      s.say(`waits${at} for `).code(wait.label);
      break;
    default:
      s.say(`waits${at} for a `).term('future').say(futureId === '' ? '' : futureId);
      return;
  }
  if (detail) s.say(' (').term('future').say(` #${suspend.future})`);
}

/** A lock's label without the holder the suspension's label adds: "vault (held by bob)" → "vault". */
function lockName(label: string): string {
  return label.replace(/ \(held by [^)]*\)$/, '');
}

function warningsOf(facts: StepFacts, s: Sentence): void {
  for (const log of facts.logs) {
    const at = log.line > 0 ? ` (line ${log.line})` : '';
    const text =
      log.kind === 'never-retrieved'
        ? `At the end of the tick asyncio logs “Task exception was never retrieved”${logTask(log.text)}${at}.`
        : log.kind === 'never-awaited'
          ? `Python warns${at}: ${log.text.replace(/^RuntimeWarning: /, '')}.`
          : `asyncio logs: ${log.text}.`;
    s.say(` ${capitalize(text)}`);
  }
}

function logTask(text: string): string {
  const match = /; task=([^;]*)/.exec(text);
  return match === null ? '' : ` for ${match[1] as string}`;
}

