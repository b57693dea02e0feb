/**
 * Moving the cursor: by one handle, by one tick, to either end, and playing at a speed. Pure
 * functions of the step axis, so the keyboard, the buttons and the player all agree.
 */
import type { StepAxis } from '../viz/steps.ts';

export type Move = 'step-forward' | 'step-back' | 'tick-forward' | 'tick-back' | 'start' | 'end';

export const SPEEDS = [0.5, 1, 2, 4] as const;
export type Speed = (typeof SPEEDS)[number];
/** The next speed up or down the list (the > and < keys), staying at the ends. */
export function nextSpeed(speed: number, by: 1 | -1): Speed {
  const at = SPEEDS.indexOf(speed as Speed);
  return SPEEDS[clampIndex((at < 0 ? 1 : at) + by)] as Speed;
}
const clampIndex = (index: number): number => Math.max(0, Math.min(SPEEDS.length - 1, index));

/** Handles per second at 1×: slow enough to follow on a projector. */
export const STEPS_PER_SECOND = 2;

const clamp = (value: number, max: number): number => Math.max(0, Math.min(max, value));

/** The first step of the tick the cursor is in (the cursor at `steps` is past every tick). */
function tickStartOf(axis: StepAxis, step: number): number {
  if (step >= axis.steps) return axis.steps;
  return axis.tickFirstStep[axis.stepTick[step] as number] as number;
}

export function move(axis: StepAxis, cursor: number, how: Move): number {
  const steps = axis.steps;
  switch (how) {
    case 'step-forward':
      return clamp(cursor + 1, steps);
    case 'step-back':
      return clamp(cursor - 1, steps);
    case 'start':
      return 0;
    case 'end':
      return steps;
    case 'tick-forward': {
      if (cursor >= steps) return steps;
      // The first step of the next tick that runs anything, or the end.
      let k = (axis.stepTick[cursor] as number) + 1;
      while (k < axis.ticks && (axis.tickRuns[k] as number) === 0) k++;
      return k < axis.ticks ? (axis.tickFirstStep[k] as number) : steps;
    }
    case 'tick-back': {
      if (cursor <= 0) return 0;
      const start = tickStartOf(axis, cursor);
      if (start < cursor) return start;
      // Already at a tick's first step: go to the first step of the tick before.
      return tickStartOf(axis, cursor - 1);
    }
  }
}

/**
 * Playback as a function of elapsed time: how many whole steps to advance after `elapsedMs`
 * at `speed`, and the milliseconds carried over to the next frame.
 */
export function advance(elapsedMs: number, speed: number, carryMs = 0): { steps: number; carryMs: number } {
  const msPerStep = 1000 / (STEPS_PER_SECOND * speed);
  const total = elapsedMs + carryMs;
  const steps = Math.floor(total / msPerStep);
  return { steps, carryMs: total - steps * msPerStep };
}
