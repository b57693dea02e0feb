/**
 * The explanations' views as pure functions: where the arrows are drawn, the code's notes at the
 * cursor (callers of suspended tasks, warnings, lints, a landing CancelledError), the marks on the
 * lanes, and a simulated request's label on its lane.
 */
import { describe, expect, it } from 'vitest';
import { scaleLinear } from 'd3-scale';
import { arrowPaths } from '../../renderer/viz/arrows.ts';
import { buildModel } from '../../renderer/viz/model.ts';
import { segmentsOf } from '../../renderer/viz/lanes.ts';
import { codeNotes } from '../../renderer/app/code-notes-at.ts';
import { callerMarks } from '../../renderer/editor/await-stacks.ts';
import { arrowsAt } from '../../scheduler/explain/causes.ts';
import { traceOf } from './support.ts';

describe('arrow paths', () => {
  const model = buildModel(traceOf('13-lock-shared-account.py'));
  const scale = scaleLinear().domain([0, model.axis.tickDomainEnd]).range([0, 1000]);
  const rows = new Map([
    [3, 100],
    [4, 140],
  ]);
  const layout = { axis: model.axis, kind: 'tick' as const, scale, rowY: (t: number) => rows.get(t) ?? null, rowHeight: 40, top: 0, bottom: 400 };

  it('a wake-up leaves the releasing task where its step ended and reaches the woken task where its step starts', () => {
    const lock = arrowsAt(model.explain, 15).find((a) => a.kind === 'lock-release')!;
    const [path] = arrowPaths([lock], layout);
    const from = scale(model.axis.tickEnd[lock.fromStep]!);
    const to = scale(model.axis.tickStart[lock.toStep]!);
    expect(path!.d.startsWith(`M ${from} ${100 + 12}`)).toBe(true);
    expect(path!.d.endsWith(`${to - 1} ${140 - 10}`)).toBe(true);
    expect(path!).toMatchObject({ family: 'wake', short: 'release lock', fromTask: 3, toTask: 4, showLabel: true });
  });

  it('a timer arches over its own task’s lane; an arrow whose lanes are both off screen is left out', () => {
    const timer = arrowsAt(model.explain, 14).find((a) => a.kind === 'timer')!;
    const [arch] = arrowPaths([timer], layout);
    expect(arch!.family).toBe('timer');
    expect(arch!.d).toMatch(/^M [\d.]+ 91 C /);
    expect(arrowPaths([timer], { ...layout, rowY: () => null })).toEqual([]);
  });
});

describe('the code’s notes at the cursor', () => {
  it('callers: the lines of the frames a suspended task is inside, greyed', () => {
    const model = buildModel(traceOf('01-counter-sequential-vs-gathered.py'));
    const state = model.cursor.stateAt(2);
    expect(state.tasks[0]).toMatchObject({ line: 17, callers: [41, 24] });
    expect(callerMarks(state)).toEqual([
      { line: 24, tasks: [{ task: 0, name: 'Task-1' }], more: 0 },
      { line: 41, tasks: [{ task: 0, name: 'Task-1' }], more: 0 },
    ]);
  });

  it('warnings and lints from the step they happen, on their lines', () => {
    const model = buildModel(traceOf('29-forgotten-await.py'));
    expect(codeNotes(model, model.cursor.stateAt(0), 0).notes).toEqual([]);
    expect(codeNotes(model, model.cursor.stateAt(1), 1).notes).toEqual([
      { line: 18, kind: 'warning', text: "coroutine 'greet' was never awaited" },
      { line: 20, kind: 'warning', text: "coroutine 'sleep' was never awaited" },
      { line: 18, kind: 'lint', text: "never-awaited: coroutine 'greet' was never awaited (line 18)" },
      { line: 20, kind: 'lint', text: "never-awaited: coroutine 'sleep' was never awaited (line 20)" },
    ]);
  });

  it('where a CancelledError has just landed', () => {
    const model = buildModel(traceOf('10-cancellation-cleanup.py'));
    const landing = model.laneMarks.find((m) => m.kind === 'lands')!;
    const notes = codeNotes(model, model.cursor.stateAt(landing.step + 1), landing.step + 1).notes;
    expect(notes).toContainEqual({ line: 13, kind: 'lands', text: 'CancelledError lands in Task-2' });
  });
});

describe('marks on the lanes and labels', () => {
  it('CancelledError landings, blocking steps and warnings, by task then step', () => {
    expect(buildModel(traceOf('16-taskgroup.py')).laneMarks.map((m) => `${m.task}@${m.step} ${m.kind}`)).toEqual(['0@22 lands', '4@20 lands', '6@21 lands']);
    expect(buildModel(traceOf('06-blocking-sleep-stalls-loop.py')).laneMarks.map((m) => `${m.task} ${m.kind} ${m.text}`)).toEqual(['2 blocked blocks the loop 1 s']);
    expect(buildModel(traceOf('28-fire-and-forget-exception.py')).laneMarks.map((m) => `${m.task}@${m.step} ${m.kind} ${m.text}`)).toEqual(['1@4 warning exception never retrieved']);
  });

  it('a simulated request on its lane: what it asks, its latency and its answer', () => {
    const model = buildModel(traceOf('03-fetch-urls-aiohttp.py'));
    expect(segmentsOf(model.lanes, model.axis, 1).filter((s) => s.state === 'waiting').map((s) => s.label)).toEqual(['GET www.example.com · 300 ms → 200 OK']);
    expect(model.cursor.stateAt(4).tasks[1]?.waitingFor?.label).toBe('GET www.example.com · 300 ms → 200 OK');
  });
});
