import { describe, expect, it } from 'vitest';
import { describeScenario, galleryFrom } from '../../renderer/app/gallery.ts';
import { explainEnd } from '../../renderer/viz/deadlock.ts';
import { lineMarks, offsetOf } from '../../renderer/editor/code-markers.ts';
import { buildModel } from '../../renderer/viz/model.ts';
import { stateViewOf } from '../../renderer/viz/state-cursor.ts';
import { axisTicks, clampView, formatDuration, viewScale, viewShowing } from '../../renderer/viz/scales.ts';
import { SCENARIOS, scenarioSource, traceOf } from './support.ts';

describe('gallery entries', () => {
  it.each([
    { source: '"""Title here\nMore words\nand more.\n"""\nimport asyncio\n', title: 'Title here', description: 'More words and more.' },
    { source: "# comment\n'''Only a title'''\n", title: 'Only a title', description: '' },
    { source: 'import asyncio\n', title: 'My scenario', description: '' },
  ])('$title', ({ source, title, description }) => {
    expect(describeScenario('07-my-scenario.py', source)).toEqual({ name: '07-my-scenario.py', title, description });
  });

  it('every gallery scenario has a title and a description', () => {
    const { entries } = galleryFrom(Object.fromEntries(SCENARIOS.map((n) => [`../../scenarios/${n}`, scenarioSource(n)])));
    expect(entries.map((e) => e.name)).toEqual(SCENARIOS);
    for (const e of entries) {
      expect(e.title.length).toBeGreaterThan(3);
      expect(e.description.length).toBeGreaterThan(10);
    }
  });
});

describe('how a run ended, in words', () => {
  it('two locks taken crosswise: who waits for what, and the cycle', () => {
    const story = explainEnd(traceOf('17-deadlock-two-locks.py').end!);
    expect(story.title).toBe('Deadlock at t = 0.100 s');
    expect(story.blocked.map((b) => b.text)).toEqual(['Task-1 waits for gather(alice, bob)', 'alice waits for vault (held by bob)', 'bob waits for ledger (held by alice)']);
    expect(story.cycleText).toBe('Cycle: alice → bob → alice');
    expect(story.explanation).toContain('alice and bob wait for each other');
  });

  it('an event nobody sets: no cycle, and why nothing wakes the tasks', () => {
    const story = explainEnd(traceOf('18-deadlock-event-never-set.py').end!);
    expect(story.cycle).toBeNull();
    expect(story.explanation).toContain('nobody will call loaded.set()');
  });

  it.each([
    [{ kind: 'ok', time: 4 } as const, 'Finished at t = 4.000 s'],
    [{ kind: 'limit', time: 0, reason: 'ticks', message: 'the run reached 10 ticks' } as const, 'Stopped at the tick limit at t = 0.000 s'],
    [{ kind: 'limit', time: 0, reason: 'statement-budget', message: 'Task-1 never yielded to the event loop (line 5)' } as const, 'Runaway code at t = 0.000 s: the event loop never gets control back'],
    [{ kind: 'limit', time: 0.5, reason: 'livelock', message: 'the loop spins' } as const, 'Livelock at t = 0.500 s: busy, but time never passes'],
    [{ kind: 'limit', time: 9, reason: 'virtual-time', message: 'the next timer is past 1000000 s' } as const, 'Stopped at the time limit at t = 9.000 s'],
    [{ kind: 'error', time: 1.5, exception: 'ValueError: boom', type: 'ValueError', message: 'boom' } as const, 'Stopped by ValueError at t = 1.500 s'],
  ])('%o', (end, title) => {
    expect(explainEnd(end).title).toBe(title);
    if (end.kind === 'limit') expect(explainEnd(end).explanation).toContain(end.message.slice(1));
  });
});

describe('code line marks', () => {
  it('marks the task about to run, greys waiting tasks at their await, groups tasks sharing a line', () => {
    const model = buildModel(traceOf('02-three-coroutines-gathered.py'));
    const step = 4;
    const state = model.cursor.stateAt(step);
    const marks = lineMarks(model.cursor.viewAt(step), model.axis.stepTask[step]!);
    const next = state.tasks.find((t) => t.serial === model.axis.stepTask[step]);
    expect(marks.find((m) => m.kind === 'next')?.tasks[0]?.task).toBe(next?.serial);
    for (const m of marks) for (const t of m.tasks) expect(state.tasks[t.task]?.line).toBe(m.line);
    const waiting = marks.flatMap((m) => m.tasks).filter((t) => t.kind === 'waiting');
    for (const t of waiting) expect(state.tasks[t.task]?.state).toBe('waiting');
  });

  it('caps the tasks listed per line', () => {
    const tasks = Array.from({ length: 10 }, (_, i) => ({ serial: i, name: `T${i}`, coro: 'w', creator: -1, createdAtLine: 1, via: '', state: 'waiting' as const, waitingFor: null, line: 3, exception: null }));
    const [mark] = lineMarks(stateViewOf({ step: 0, tick: 0, time: 0, outputs: 0, tasks, ready: [], readyCount: 0, timers: [], timerCount: 0 }), 4, 3);
    expect(mark?.tasks.map((t) => t.name)).toEqual(['T4', 'T0', 'T1']);
    expect(mark?.more).toBe(7);
  });

  it.each([
    ['ab\ncd\n', 2, 2, 4],
    ['ab\ncd\n', 1, 1, 0],
    ['a😀b\nx', 1, 3, 3],
    ['ab', 5, 1, 2],
  ])('offsetOf(%j, line %i, col %i) = %i', (source, line, column, offset) => {
    expect(offsetOf(source, line, column)).toBe(offset);
  });
});

describe('scales and views', () => {
  it('a view showing a range maps it onto the width', () => {
    const view = viewShowing([0, 10], 500, 2, 4);
    const scale = viewScale([0, 10], 500, view);
    expect(scale(2)).toBeCloseTo(0);
    expect(scale(4)).toBeCloseTo(500);
  });

  it('never pans past either end', () => {
    expect(clampView({ k: 2, x: 100 }, 500)).toEqual({ k: 2, x: 0 });
    expect(clampView({ k: 2, x: -900 }, 500)).toEqual({ k: 2, x: -500 });
    expect(clampView({ k: 0.5, x: -10 }, 500)).toEqual({ k: 1, x: 0 });
  });

  it('labels tick-axis ticks with the trace tick index, time ticks in seconds', () => {
    const model = buildModel(traceOf('01-counter-sequential-vs-gathered.py'));
    const ticks = axisTicks('tick', model.axis, viewScale([0, model.axis.ticks], 800, { k: 1, x: 0 }), 800);
    expect(ticks[0]?.label).toBe(String(model.axis.tickIndex[ticks[0]!.value]));
    const times = axisTicks('time', model.axis, viewScale([0, model.axis.endTime], 800, { k: 1, x: 0 }), 800);
    expect(times.map((t) => t.label)).toContain('1.0 s');
  });

  it.each([
    [1, '1 s'],
    [0.25, '250 ms'],
    [2.5, '2.5 s'],
  ])('formatDuration(%d) = %s', (s, text) => expect(formatDuration(s)).toBe(text));
});
