/**
 * Predict the next step: before a step is revealed, the class picks what happens next. The
 * questions and their choices come from the real state of the loop at the cursor (the ready
 * queue, the timers, what the run prints later), never from a second model of asyncio:
 *
 *   - "Which runs next?": the handles in the ready queue (the loop runs them first in, first out),
 *     with waiting tasks as the tempting wrong answers when the queue holds too few;
 *   - "What does the next step print?": the line it prints, the lines the other ready tasks print
 *     next, and "nothing";
 *   - "Does the clock jump, and to when?", when the step ends a tick: stay at the current time, or
 *     jump to the deadline of one of the pending timers.
 *
 * At cursor N (just before step N runs) a question is about step N and, for the clock, the start
 * of the tick after it: the answer is what the cursor shows at N + 1. The explanation of each
 * answer is the narration's sentence for the step, when the page has it, after a reason of our own.
 */
import { formatTime3 } from '../../scheduler/python/format.ts';
import { forEachEvent } from '../../scheduler/trace/decode.ts';
import type { Trace } from '../../scheduler/trace/format.ts';
import { TraceIndex, type LoopState, type ReadyEntry, type TimerEntry } from '../../scheduler/trace/state.ts';

export type QuestionKind = 'next-task' | 'printed' | 'clock';

export interface Choice {
  id: string;
  label: string;
}

export interface Question {
  /** The cursor the question is asked at; the answer shows at step + 1. */
  step: number;
  kind: QuestionKind;
  prompt: string;
  choices: Choice[];
  /** The id of the right choice. */
  answer: string;
  /** Why the answer is right, in a sentence. */
  reason: string;
}

/** What the quiz reads about a run: the state at a cursor, and what each step printed. */
export interface QuizSource {
  steps: number;
  stateAt(step: number): LoopState;
  /** The lines printed during step `step`, by the task that ran it. */
  printedBy(step: number): string[];
  /** The tick ordinal step `step` runs in. */
  tickOf(step: number): number;
  /** The task step `step` runs (-1: a plain callback). */
  taskOf(step: number): number;
}

const MAX_CHOICES = 4;

/** A small deterministic shuffle, so the right answer is not always in the same place. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = items.slice();
  let state = (seed * 2654435761) >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const taskLabel = (state: LoopState, task: number): string => {
  const view = state.tasks[task];
  return view === undefined ? `task #${task}` : `${view.name} · ${view.coro}()`;
};

/** A ready-queue entry as a choice: the task it steps, or the callback it runs. */
function entryChoice(state: LoopState, entry: ReadyEntry): Choice {
  if (entry.task >= 0) return { id: `task:${entry.task}`, label: taskLabel(state, entry.task) };
  if (entry.when !== null) {
    // A sleep's timer: name the task that sleeps on it.
    const sleeper = state.tasks.find((task) => task.waitingFor?.kind === 'sleep' && task.waitingFor.objectId === entry.handle);
    const whose = sleeper === undefined ? `"${entry.label}"` : `${sleeper.name}'s ${entry.label}`;
    return { id: `handle:${entry.handle}`, label: `the timer of ${whose} (due at ${formatTime3(entry.when)} s)` };
  }
  return { id: `handle:${entry.handle}`, label: `the callback ${entry.label}` };
}

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** "Which runs next?" (null when the state has nothing to choose between). */
export function nextTaskQuestion(source: QuizSource, step: number): Question | null {
  if (step >= source.steps) return null;
  const state = source.stateAt(step);
  const live = state.ready.filter((entry) => !entry.cancelled);
  const head = live[0];
  if (head === undefined) return null;
  const choices: Choice[] = [];
  const add = (choice: Choice): void => {
    if (choices.length < MAX_CHOICES && !choices.some((c) => c.id === choice.id)) choices.push(choice);
  };
  for (const entry of live) add(entryChoice(state, entry));
  // Too few in the queue: tasks that are waiting are the tempting wrong answers.
  for (const task of state.tasks) if (task.state === 'waiting') add({ id: `task:${task.serial}`, label: taskLabel(state, task.serial) });
  if (choices.length < 2) return null;
  const right = entryChoice(state, head);
  const waiting = live.length === 1 ? 'It was the only handle in the ready queue' : `It was first in the ready queue, which the loop runs in order (first in, first out), ahead of ${live.length - 1} more`;
  return {
    step,
    kind: 'next-task',
    prompt: 'Which runs next?',
    choices: shuffled(choices, step * 3 + 1),
    answer: right.id,
    reason: `${capitalized(right.label)} runs next. ${waiting}; waiting tasks run only once something wakes them.`,
  };
}

/** The first line each task prints from step `from` on (what a ready task would print next). */
function nextPrints(source: QuizSource, from: number, tasks: readonly number[]): Map<number, string> {
  const found = new Map<number, string>();
  const wanted = new Set(tasks);
  for (let s = from; s < source.steps && found.size < wanted.size; s++) {
    const task = source.taskOf(s);
    if (!wanted.has(task) || found.has(task)) continue;
    const lines = source.printedBy(s);
    if (lines.length > 0) found.set(task, lines[0] as string);
  }
  return found;
}

const NOTHING: Choice = { id: 'nothing', label: 'Nothing' };
const printChoice = (text: string): Choice => ({ id: `print:${text}`, label: `“${text}”` });

/** "What does the next step print?" (null when no choice but the right one can be offered). */
export function printedQuestion(source: QuizSource, step: number): Question | null {
  if (step >= source.steps) return null;
  const state = source.stateAt(step);
  const live = state.ready.filter((entry) => !entry.cancelled);
  const runner = live[0]?.task ?? -1;
  const printed = source.printedBy(step);
  const right = printed.length === 0 ? NOTHING : printChoice(printed[0] as string);
  const choices: Choice[] = [right];
  const add = (choice: Choice): void => {
    if (choices.length < MAX_CHOICES && !choices.some((c) => c.id === choice.id)) choices.push(choice);
  };
  add(NOTHING);
  // What the other ready tasks print when their turn comes, then what this task prints later.
  const others = live.map((entry) => entry.task).filter((task) => task >= 0 && task !== runner);
  for (const text of nextPrints(source, step + 1, others).values()) add(printChoice(text));
  if (runner >= 0) for (const text of nextPrints(source, step + 1, [runner]).values()) add(printChoice(text));
  if (choices.length < 2) return null;
  const who = runner >= 0 ? (state.tasks[runner]?.name ?? 'The task') : 'The callback';
  const more = printed.length > 1 ? ` (and ${printed.length - 1} more line${printed.length > 2 ? 's' : ''})` : '';
  return {
    step,
    kind: 'printed',
    prompt: printed.length > 1 ? 'What does the next step print first?' : 'What does the next step print?',
    choices: shuffled(choices, step * 3 + 2),
    answer: right.id,
    reason: printed.length === 0 ? `${who} runs next and prints nothing before it stops.` : `${who} runs next and prints “${printed[0] as string}”${more}.`,
  };
}

/** The timers the loop looks at when the next tick starts: still pending, or just due. */
function timersAtTickStart(after: LoopState): TimerEntry[] {
  const due = after.ready.filter((entry) => entry.when !== null && !entry.cancelled).map((entry) => ({ handle: entry.handle, when: entry.when as number, label: entry.label, owner: -1 }));
  return [...due, ...after.timers];
}

const stayId = 'clock:stay';
const jumpId = (when: number): string => `clock:${formatTime3(when)}`;

/** "Does the clock jump, and to when?", asked when step `step` is the last of its tick. */
export function clockQuestion(source: QuizSource, step: number): Question | null {
  if (step + 1 >= source.steps || source.tickOf(step + 1) === source.tickOf(step)) return null;
  const before = source.stateAt(step);
  const after = source.stateAt(step + 1);
  const now = before.time;
  // Deadlines as they will be read (to the millisecond), each once.
  const byText = new Map<string, number>();
  for (const timer of timersAtTickStart(after)) if (timer.when > now && !byText.has(formatTime3(timer.when))) byText.set(formatTime3(timer.when), timer.when);
  const deadlines = [...byText.values()].sort((a, b) => a - b);
  const choices: Choice[] = [{ id: stayId, label: `No: it stays at t = ${formatTime3(now)} s` }];
  const jumped = after.time > now;
  const target = jumped ? after.time : null;
  const options = deadlines.slice(0, MAX_CHOICES - 1);
  if (target !== null && !options.some((when) => formatTime3(when) === formatTime3(target))) options.splice(Math.min(options.length, MAX_CHOICES - 2), 1, target);
  for (const when of options.sort((a, b) => a - b)) choices.push({ id: jumpId(when), label: `Yes: to t = ${formatTime3(when)} s` });
  if (choices.length < 2) return null;
  const earliest = deadlines[0];
  const reason =
    target === null
      ? `Something was still ready when the tick ended, so the loop did not wait: the clock stays at t = ${formatTime3(now)} s.`
      : earliest === target
        ? `Nothing was ready, so the loop slept until the earliest timer, due at t = ${formatTime3(target)} s.`
        : `The step itself blocked the loop (time.sleep, or a long computation), so the clock moved to t = ${formatTime3(target)} s with nothing else able to run.`;
  return {
    step,
    kind: 'clock',
    prompt: 'After this step the loop starts its next tick. Does the clock jump, and to when?',
    choices,
    answer: target === null ? stayId : jumpId(target),
    reason,
  };
}

/**
 * The question for cursor `step`, the most telling kind first: a clock that jumps, a line printed,
 * a choice between ready handles, a clock that stays, a step that prints nothing.
 */
export function questionAt(source: QuizSource, step: number): Question | null {
  const clock = clockQuestion(source, step);
  if (clock !== null && clock.answer !== stayId) return clock;
  const printed = printedQuestion(source, step);
  if (printed !== null && printed.answer !== NOTHING.id) return printed;
  const next = nextTaskQuestion(source, step);
  if (next !== null && source.stateAt(step).ready.filter((entry) => !entry.cancelled).length >= 2) return next;
  return clock ?? next ?? printed;
}

/** One question per step of a range (a whole run, or a chapter's steps); steps with none are skipped. */
export function quizQuestions(source: QuizSource, from = 0, to = source.steps): Question[] {
  const questions: Question[] = [];
  for (let step = Math.max(0, from); step < Math.min(to, source.steps); step++) {
    const question = questionAt(source, step);
    if (question !== null) questions.push(question);
  }
  return questions;
}

/** The first question at or after cursor `from` and before `to` (steps with none are passed over), or null. */
export function nextQuestion(source: QuizSource, from: number, to = source.steps): Question | null {
  for (let step = Math.max(0, from); step < Math.min(to, source.steps); step++) {
    const question = questionAt(source, step);
    if (question !== null) return question;
  }
  return null;
}

// ----- the score -----

export interface Answer {
  step: number;
  kind: QuestionKind;
  chosen: string;
  right: boolean;
}

export interface Score {
  answers: Answer[];
  right: number;
  /** Right answers in a row, and the best such run. */
  streak: number;
  best: number;
}

export const NEW_SCORE: Score = { answers: [], right: 0, streak: 0, best: 0 };

/** The score after answering `question` with choice `chosen` (a question counts once). */
export function answer(score: Score, question: Question, chosen: string): Score {
  if (!question.choices.some((choice) => choice.id === chosen)) throw new RangeError(`${chosen} is not a choice of this question`);
  if (score.answers.some((a) => a.step === question.step && a.kind === question.kind)) return score;
  const right = chosen === question.answer;
  const streak = right ? score.streak + 1 : 0;
  return {
    answers: [...score.answers, { step: question.step, kind: question.kind, chosen, right }],
    right: score.right + (right ? 1 : 0),
    streak,
    best: Math.max(score.best, streak),
  };
}

/** "7 of 9 right (78 %)". */
export function scoreText(score: Score): string {
  const asked = score.answers.length;
  if (asked === 0) return 'No answers yet';
  return `${score.right} of ${asked} right (${Math.round((100 * score.right) / asked)} %)`;
}

/** The explanation shown after an answer: our reason, then the narration of the step, if any. */
export function explanation(question: Question, narration: string | null): string {
  return narration === null || narration === '' ? question.reason : `${question.reason} ${narration}`;
}

/** A run as the quiz reads it, from its trace (states come from TraceIndex.stateAt, remembered). */
export function quizSourceOf(trace: Trace, index: TraceIndex = new TraceIndex(trace)): QuizSource {
  const printed: string[][] = [];
  const tick: number[] = [];
  const task: number[] = [];
  const handleTask = new Map<number, number>();
  let ticks = 0;
  let step = -1;
  forEachEvent(trace, (event) => {
    if (event.op === 'tick') {
      ticks++;
      step = -1;
    } else if (event.op === 'queue-step' || event.op === 'queue-wakeup') handleTask.set(event.handle, event.task);
    else if (event.op === 'run') {
      step = event.step;
      printed[step] = [];
      tick[step] = ticks - 1;
      task[step] = handleTask.get(event.handle) ?? -1;
    } else if (event.op === 'output' && step >= 0 && event.task === task[step]) (printed[step] as string[]).push(event.text);
  });
  const states = new Map<number, LoopState>();
  return {
    steps: index.steps,
    stateAt(at) {
      let state = states.get(at);
      if (state === undefined) {
        state = index.stateAt(at);
        if (states.size > 256) states.clear();
        states.set(at, state);
      }
      return state;
    },
    printedBy: (at) => printed[at] ?? [],
    tickOf: (at) => tick[at] ?? -1,
    taskOf: (at) => task[at] ?? -1,
  };
}
