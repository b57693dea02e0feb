/** The assertion the browser tests share: the page at the cursor equals the trace at `step`. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { readUi, type Expected } from './ui.ts';

export async function cursorOf(page: Page): Promise<number> {
  return Number(await page.getByRole('slider', { name: 'Cursor' }).getAttribute('aria-valuenow'));
}

/**
 * The cursor and status line, every lane's state (or, with allLanes false, the lanes in view), the ready queue in order, the timers in firing
 * order, the marked code lines (number, most important task, all tasks) and the output so far,
 * with the last printed line current.
 */
export async function expectPageAt(page: Page, expected: Expected, step: number, options: { allLanes?: boolean } = {}): Promise<void> {
  await expect.poll(() => cursorOf(page), { timeout: 5000 }).toBe(step);
  // The code's marks follow the cursor in the next frame, or within a quarter of a second when the
  // steps come faster than that (CodeView.svelte): wait for them, then read the page whole.
  await expect.poll(async () => (await readUi(page)).code, { timeout: 5000 }).toEqual(expected.code(step));
  const ui = await readUi(page);
  const at = `at step ${step}`;
  expect(ui.max, at).toBe(expected.steps);
  expect(ui.status, at).toBe(expected.status(step));
  const lanes = ui.lanes.map(({ task, state }) => ({ task, state }));
  if (options.allLanes ?? true) {
    expect(lanes, at).toEqual(expected.lanes(step));
  } else {
    // Only the rows in view are in the page: they are a run of consecutive lanes.
    const all = expected.lanes(step);
    const first = all.findIndex((lane) => lane.task === lanes[0]?.task);
    expect(lanes.length, at).toBeGreaterThan(0);
    expect(lanes, at).toEqual(all.slice(first, first + lanes.length));
  }
  expect(ui.ready, at).toEqual(expected.ready(step));
  expect(ui.timers, at).toEqual(expected.timers(step));
  expect(ui.code, at).toEqual(expected.code(step));
  const printed = expected.output(step);
  expect(ui.output, at).toEqual(printed);
  expect(ui.currentOutput, at).toEqual(printed.length === 0 ? [] : [printed.length - 1]);
}
