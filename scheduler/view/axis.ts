/**
 * The step axis, built as the events go by (model.ts describes it). Ticks and steps are appended to
 * columns; the positions on the tick axis need each tick's number of steps, so they are laid out
 * when the axis is taken (axis()), which may happen mid-run for a snapshot.
 */
import { FloatColumn, IntColumn } from './columns.ts';
import type { StepAxis } from './model.ts';

export class AxisBuilder {
  private readonly tickIndex = new IntColumn();
  private readonly tickNtodo = new IntColumn();
  private readonly tickDue = new IntColumn();
  private readonly tickFirstStep = new IntColumn();
  private readonly tickTimeBefore = new FloatColumn();
  private readonly tickTimeAfter = new FloatColumn();
  private readonly stepTick = new IntColumn(1024);
  private readonly stepHandle = new IntColumn(1024);
  private readonly stepTask = new IntColumn(1024);
  private readonly stepLabel = new IntColumn(1024);
  private readonly timeStart = new FloatColumn(1024);
  private readonly timeEnd = new FloatColumn(1024);
  /** The clock: a tick's time after its wait, moved on by blocking calls. */
  time = 0;
  steps = 0;
  private inStep = false;

  private closeStep(): void {
    if (this.inStep) this.timeEnd.push(this.time);
    this.inStep = false;
  }

  private newTick(index: number, ntodo: number, due: number, before: number, after: number): void {
    this.tickIndex.push(index);
    this.tickNtodo.push(ntodo);
    this.tickDue.push(due);
    this.tickFirstStep.push(this.steps);
    this.tickTimeBefore.push(before);
    this.tickTimeAfter.push(after);
  }

  tick(index: number, ntodo: number, due: number, before: number, after: number): void {
    this.closeStep();
    this.newTick(index, ntodo, due, before, after);
    this.time = after;
  }

  /** Step `steps` runs `handle`, of `task` (-1: a callback), labelled `label` (model.ts's stepLabel). */
  run(handle: number, task: number, label: number): void {
    this.closeStep();
    // A run before any tick would be a malformed trace; give it a tick of its own anyway.
    if (this.tickIndex.length === 0) this.newTick(0, 0, 0, this.time, this.time);
    this.stepTick.push(this.tickIndex.length - 1);
    this.stepHandle.push(handle);
    this.stepTask.push(task);
    this.stepLabel.push(label);
    this.timeStart.push(this.time);
    this.steps++;
    this.inStep = true;
  }

  block(timeAfter: number): void {
    this.time = timeAfter;
  }

  /**
   * The axis of everything so far. `endTime` is the time the trace's end reports (if any) and
   * `hangs` says the run ended in a deadlock (its domain then runs on past the end).
   */
  axis(endTime: number | undefined, hangs: boolean): StepAxis {
    const steps = this.steps;
    const ticks = this.tickIndex.length;
    const time = this.time;
    const end = Math.max(time, endTime ?? 0);
    const firstStep = this.tickFirstStep.copy();
    const runs = new Int32Array(ticks);
    for (let k = 0; k < ticks; k++) runs[k] = (k + 1 < ticks ? (firstStep[k + 1] as number) : steps) - (firstStep[k] as number);

    const stepTick = this.stepTick.copy();
    const tickStart = new Float64Array(steps + 1);
    const tickEnd = new Float64Array(steps);
    for (let s = 0; s < steps; s++) {
      const k = stepTick[s] as number;
      const n = runs[k] as number;
      const j = s - (firstStep[k] as number);
      tickStart[s] = k + j / n;
      tickEnd[s] = k + (j + 1) / n;
    }
    tickStart[steps] = ticks;
    const timeStart = new Float64Array(steps + 1);
    timeStart.set(this.timeStart.view());
    timeStart[steps] = end;
    // The step still open ends now (closeStep, without changing the builder).
    const timeEnd = new Float64Array(steps);
    timeEnd.set(this.timeEnd.view());
    if (this.inStep) timeEnd[steps - 1] = time;

    return {
      steps,
      ticks,
      tickIndex: this.tickIndex.copy(),
      tickNtodo: this.tickNtodo.copy(),
      tickDue: this.tickDue.copy(),
      tickFirstStep: firstStep,
      tickRuns: runs,
      tickTimeBefore: this.tickTimeBefore.copy(),
      tickTimeAfter: this.tickTimeAfter.copy(),
      stepTick,
      stepHandle: this.stepHandle.copy(),
      stepTask: this.stepTask.copy(),
      stepLabel: this.stepLabel.copy(),
      tickStart,
      timeStart,
      tickEnd,
      timeEnd,
      endTime: end,
      tickDomainEnd: ticks === 0 ? 1 : ticks + (hangs ? Math.max(1.5, ticks * 0.15) : Math.max(0.4, ticks * 0.025)),
      timeDomainEnd: end === 0 ? 1 : end * (hangs ? 1.18 : 1.03),
    };
  }
}
