import { describe, expect, it } from 'vitest';
import { TraceIndex } from '../../scheduler/trace/state.ts';
import { buildStepAxis, boundaryNear } from '../../renderer/viz/steps.ts';
import { buildLanes, segmentsOf, segmentIndexAt, STATES } from '../../renderer/viz/lanes.ts';
import { SCENARIOS, py, traceOf, traceOfSource } from './support.ts';

const GATHER = py(`
  import asyncio

  async def work(n):
      await asyncio.sleep(n)
      print("done", n)

  async def main():
      await asyncio.gather(work(1), work(2))

  asyncio.run(main())
`);

/** A lane as compact text: `state[from,to)` or `state[from,to) "label"`. */
function laneText(source: string, task: number): string[] {
  const trace = traceOfSource(source);
  const axis = buildStepAxis(trace);
  const lanes = buildLanes(trace, axis);
  return segmentsOf(lanes, axis, task).map((s) => `${s.state}[${s.fromStep},${s.toStep})${s.state === 'waiting' ? ` ${s.label}` : ''}`);
}

describe('task lanes from a trace', () => {
  it.each([
    {
      what: 'the main task of a gather: runs, waits for the gather, runs again, done',
      task: 0,
      lane: ['running[0,1)', 'waiting[1,9) gather(Task-2, Task-3)', 'running[9,10)', 'done[10,16)'],
    },
    {
      what: 'a child: runs at once, sleeps until its deadline, is woken and runs, done',
      task: 1,
      lane: ['running[1,2)', 'waiting[2,4) sleep until 1.000', 'running[4,5)', 'done[5,16)'],
    },
    {
      what: 'the second child: ready while the first one runs, then sleeps longer',
      task: 2,
      lane: ['ready[1,2)', 'running[2,3)', 'waiting[3,7) sleep until 2.000', 'running[7,8)', 'done[8,16)'],
    },
  ])('$what', ({ task, lane }) => {
    expect(laneText(GATHER, task)).toEqual(lane);
  });

  it('places segments on both axes: running inside its step, waits from the end of the step that began them', () => {
    const trace = traceOfSource(GATHER);
    const axis = buildStepAxis(trace);
    const lanes = buildLanes(trace, axis);
    const [ready, running, waiting] = segmentsOf(lanes, axis, 2);
    expect(running?.tick).toEqual([axis.tickStart[2], axis.tickEnd[2]]);
    expect(ready?.tick[1]).toBe(running?.tick[0]);
    expect(waiting?.tick[0]).toBe(running?.tick[1]);
    expect(waiting?.time).toEqual([0, 2]);
  });

  it('the step axis: every tick one unit wide, its steps share it evenly, the clock jumps between ticks', () => {
    const trace = traceOfSource(GATHER);
    const axis = buildStepAxis(trace);
    expect(axis.ticks).toBeGreaterThan(3);
    for (let s = 0; s < axis.steps; s++) {
      const k = axis.stepTick[s] as number;
      expect(axis.tickStart[s]).toBeGreaterThanOrEqual(k);
      expect(axis.tickEnd[s]).toBeLessThanOrEqual(k + 1);
      expect(axis.tickEnd[s]! - axis.tickStart[s]!).toBeCloseTo(1 / axis.tickRuns[k]!);
    }
    const jumps = Array.from(axis.tickTimeAfter).map((after, k) => after - axis.tickTimeBefore[k]!).filter((d) => d > 0);
    expect(jumps).toEqual([1, 1]);
    expect(axis.endTime).toBe(2);
  });

  it('finds the nearest boundary to a position, the first of several at the same instant', () => {
    const trace = traceOfSource(GATHER);
    const axis = buildStepAxis(trace);
    expect(boundaryNear(axis, 'tick', 0)).toBe(0);
    expect(boundaryNear(axis, 'tick', axis.ticks)).toBe(axis.steps);
    expect(boundaryNear(axis, 'time', 0.1)).toBe(0);
    const atOne = boundaryNear(axis, 'time', 1);
    expect(axis.timeStart[atOne]).toBe(1);
    expect(axis.timeStart[atOne - 1]).toBeLessThan(1);
  });

  it('a deadlocked task stays waiting to the end, with what it waits for', () => {
    const trace = traceOf('17-deadlock-two-locks.py');
    const axis = buildStepAxis(trace);
    const lanes = buildLanes(trace, axis);
    const alice = lanes.tasks.find((t) => t.name === 'alice')!;
    const last = segmentsOf(lanes, axis, alice.serial).at(-1)!;
    expect(last).toMatchObject({ state: 'waiting', label: 'vault (held by bob)', toStep: trace.steps + 1 });
  });

  // The lanes must agree with the trace replay at every cursor position, for every gallery scenario.
  it.each(SCENARIOS)('%s: every lane agrees with TraceIndex.stateAt at every step', (name) => {
    const trace = traceOf(name, 400);
    const axis = buildStepAxis(trace);
    const lanes = buildLanes(trace, axis);
    const index = new TraceIndex(trace);
    for (let step = 0; step <= trace.steps; step++) {
      const state = index.stateAt(step);
      for (const task of state.tasks) {
        const i = segmentIndexAt(lanes, task.serial, step);
        expect(i, `${task.name} at ${step}`).toBeGreaterThanOrEqual(0);
        const segment = STATES[lanes.state[i]!];
        // The task about to run is 'ready' in the replay; its lane shows the step it runs.
        const expected = segment === 'running' ? 'ready' : segment;
        expect(task.state, `${task.name} at ${step}`).toBe(expected);
        if (segment === 'waiting') expect(lanes.labels[lanes.label[i]!]).toBe(task.waitingFor?.label);
      }
      if (step < trace.steps) {
        const runner = axis.stepTask[step]!;
        if (runner >= 0) expect(STATES[lanes.state[segmentIndexAt(lanes, runner, step)]!]).toBe('running');
      }
    }
  });
});
