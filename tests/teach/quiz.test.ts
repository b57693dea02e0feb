/**
 * The quiz: at every step of every gallery scenario, each question's answer is what the trace
 * says happens next (computed here from the decoded events and TraceIndex, not through the quiz's
 * own reading), its choices come from the real ready queue, waiting tasks, timers and prints, and
 * the score counts as a teacher expects.
 */
import { describe, expect, test } from 'vitest';
import { answer, explanation, NEW_SCORE, nextTaskQuestion, printedQuestion, clockQuestion, questionAt, quizQuestions, quizSourceOf, scoreText, type Question } from '../../renderer/teach/quiz.ts';
import { decodeTrace } from '../../scheduler/trace/decode.ts';
import { TraceIndex } from '../../scheduler/trace/state.ts';
import { formatTime3 } from '../../scheduler/python/format.ts';
import type { Trace } from '../../scheduler/trace/format.ts';
import { GALLERY, galleryTrace } from '../export/gallery.ts';

/** What each step does, read straight from the events: its handle, its task, what it printed. */
function truth(trace: Trace) {
  const steps: { handle: number; printed: string[]; runner: number }[] = [];
  const owner = new Map<number, number>();
  for (const event of decodeTrace(trace)) {
    if (event.op === 'queue-step' || event.op === 'queue-wakeup') owner.set(event.handle, event.task);
    if (event.op === 'run') steps.push({ handle: event.handle, printed: [], runner: owner.get(event.handle) ?? -1 });
    if (event.op === 'tick') steps.push({ handle: -2, printed: [], runner: -2 }); // a tick boundary marker, removed below
    if (event.op === 'output' && steps.length > 0) {
      const last = steps.at(-1) as { handle: number; printed: string[]; runner: number };
      if (last.handle !== -2 && last.runner === event.task) last.printed.push(event.text);
    }
  }
  return steps.filter((s) => s.handle !== -2);
}

function checkQuestion(question: Question, trace: Trace, index: TraceIndex, facts: ReturnType<typeof truth>): void {
  const at = `${trace.source} step ${question.step} (${question.kind})`;
  const ids = question.choices.map((c) => c.id);
  expect(new Set(ids).size, at).toBe(ids.length);
  expect(ids, at).toContain(question.answer);
  expect(question.choices.length, at).toBeGreaterThanOrEqual(2);
  expect(question.choices.length, at).toBeLessThanOrEqual(4);
  const state = index.stateAt(question.step);
  const step = facts[question.step] as { handle: number; printed: string[]; runner: number };
  if (question.kind === 'next-task') {
    expect(question.answer, at).toBe(step.runner >= 0 ? `task:${step.runner}` : `handle:${step.handle}`);
    for (const id of ids) {
      const [kind, n] = id.split(':') as [string, string];
      if (kind === 'task') {
        const inQueue = state.ready.some((entry) => !entry.cancelled && entry.task === Number(n));
        expect(inQueue || state.tasks[Number(n)]?.state === 'waiting', `${at}: ${id} is ready or waiting`).toBe(true);
      } else expect(state.ready.some((entry) => entry.handle === Number(n)), `${at}: ${id} is in the ready queue`).toBe(true);
    }
  } else if (question.kind === 'printed') {
    expect(question.answer, at).toBe(step.printed.length === 0 ? 'nothing' : `print:${step.printed[0]}`);
    const everPrinted = new Set(facts.flatMap((f) => f.printed));
    for (const id of ids) if (id !== 'nothing') expect(everPrinted.has(id.slice('print:'.length)), `${at}: ${id} is printed in the run`).toBe(true);
  } else {
    const now = state.time;
    const next = index.stateAt(question.step + 1).time;
    expect(question.answer, at).toBe(next > now ? `clock:${formatTime3(next)}` : 'clock:stay');
    // Every time offered is a deadline of a timer the loop holds then, or the time it really goes to.
    const deadlines = new Set([...index.stateAt(question.step + 1).timers, ...index.stateAt(question.step + 1).ready.filter((e) => e.when !== null)].map((t) => formatTime3(t.when as number)));
    for (const id of ids) if (id !== 'clock:stay') expect(deadlines.has(id.slice('clock:'.length)) || id === `clock:${formatTime3(next)}`, `${at}: ${id}`).toBe(true);
  }
}

describe('every question of every gallery scenario is true to the trace', () => {
  for (const name of GALLERY.filter((n) => !n.startsWith('31-'))) {
    test(name, () => {
      const trace = galleryTrace(name);
      const index = new TraceIndex(trace);
      const source = quizSourceOf(trace, index);
      const facts = truth(trace);
      expect(facts).toHaveLength(trace.steps);
      for (let step = 0; step < trace.steps; step++) {
        for (const question of [nextTaskQuestion(source, step), printedQuestion(source, step), clockQuestion(source, step)]) {
          if (question !== null) checkQuestion(question, trace, index, facts);
        }
      }
      // A quiz over the run asks at most one question per step, and most steps get one.
      const quiz = quizQuestions(source);
      expect(new Set(quiz.map((q) => q.step)).size).toBe(quiz.length);
      expect(quiz.length).toBeGreaterThanOrEqual(Math.floor(trace.steps / 3));
    });
  }
});

describe('the questions of the gather example', () => {
  const trace = galleryTrace('02-three-coroutines-gathered');
  const source = quizSourceOf(trace);

  test('when the last task of a tick has stopped, the clock jumps to the earliest timer', () => {
    const question = questionAt(source, 3) as Question;
    expect(question.kind).toBe('clock');
    expect(question.choices.map((c) => c.label)).toEqual(['No: it stays at t = 0.000 s', 'Yes: to t = 1.000 s']);
    expect(question.answer).toBe('clock:1.000');
    expect(question.reason).toBe('Nothing was ready, so the loop slept until the earliest timer, due at t = 1.000 s.');
  });

  test('which runs next: the timers that fell due, in the queue, and the waiting tasks', () => {
    const question = nextTaskQuestion(source, 4) as Question;
    expect(question.choices.map((c) => c.label).sort()).toEqual([
      'Task-1 · main()',
      "the timer of Task-2's sleep (due at 1.000 s)",
      "the timer of Task-3's sleep (due at 1.000 s)",
      "the timer of Task-4's sleep (due at 1.000 s)",
    ]);
    expect(question.choices.find((c) => c.id === question.answer)?.label).toBe("the timer of Task-2's sleep (due at 1.000 s)");
  });

  test('what is printed: the line, what the other ready tasks print next, and nothing', () => {
    const question = printedQuestion(source, 1) as Question;
    expect(question.choices.map((c) => c.label).sort()).toEqual(['Nothing', '“Coroutine finished”', '“Coroutine started”']);
    expect(question.answer).toBe('print:Coroutine started');
  });

  test('the right answer is not always in the same place', () => {
    const places = new Set(quizQuestions(source).filter((q) => q.kind !== 'clock').map((q) => q.choices.findIndex((c) => c.id === q.answer)));
    expect(places.size).toBeGreaterThan(1);
  });

  test('a quiz on a range (a chapter) asks about its steps only', () => {
    expect(quizQuestions(source, 4, 9).map((q) => q.step)).toEqual([4, 5, 6, 7, 8]);
  });
});

describe('the score', () => {
  const source = quizSourceOf(galleryTrace('02-three-coroutines-gathered'));
  const [first, second, third] = quizQuestions(source) as [Question, Question, Question];
  const wrong = (q: Question) => (q.choices.find((c) => c.id !== q.answer) as { id: string }).id;

  test('right answers count and make a streak; a wrong one ends it', () => {
    let score = answer(NEW_SCORE, first, first.answer);
    score = answer(score, second, second.answer);
    expect(score).toMatchObject({ right: 2, streak: 2, best: 2 });
    score = answer(score, third, wrong(third));
    expect(score).toMatchObject({ right: 2, streak: 0, best: 2 });
    expect(score.answers.map((a) => a.right)).toEqual([true, true, false]);
    expect(scoreText(score)).toBe('2 of 3 right (67 %)');
    expect(scoreText(NEW_SCORE)).toBe('No answers yet');
  });

  test('a question counts once, and only its own choices are answers', () => {
    const once = answer(NEW_SCORE, first, first.answer);
    expect(answer(once, first, wrong(first))).toBe(once);
    expect(() => answer(NEW_SCORE, first, 'task:99')).toThrow(RangeError);
  });

  test('the explanation is the reason, then the narration of the step', () => {
    expect(explanation(first, null)).toBe(first.reason);
    expect(explanation(first, 'Task-1 starts.')).toBe(`${first.reason} Task-1 starts.`);
  });
});
