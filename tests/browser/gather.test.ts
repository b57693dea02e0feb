/**
 * The gather example (02-three-coroutines-gathered.py) in Chromium against the web build, stepped
 * with the buttons and with the keys. At every step the page must show what the trace says, as
 * computed here by the scheduler itself: the cursor and status line, each lane's state, the ready
 * queue in order, the timers in firing order, the marked code lines and the output so far.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ROOT, openFromGallery, screenshot, skipReason } from './support.ts';
import { appPages } from './app-pages.ts';
import { Expected, readUi } from './ui.ts';
import { cursorOf, expectPageAt } from './expect-page.ts';

const NAME = '02-three-coroutines-gathered.py';
const TITLE = 'Three coroutines, one second';
const SOURCE = readFileSync(join(ROOT, 'scenarios', NAME), 'utf8');

if (skipReason !== null) console.log(`tests/browser/gather.test.ts ${skipReason}`);

describe.skipIf(skipReason !== null)('the gather example, stepped in the browser', () => {
  const expected = new Expected(SOURCE, `scenarios/${NAME}`);
  const pages = appPages();

  async function open(): Promise<Page> {
    const page = await pages.fresh();
    await openFromGallery(page, TITLE, NAME);
    return page;
  }

  const expectStep = (page: Page, step: number) => expectPageAt(page, expected, step);

  it('shows the trace at every step, stepping forward with the button and the → key, and back with ← and Step back', async () => {
    const page = await open();
    // The code view holds the scenario, line for line (so a marked line's index is its number).
    expect((await readUi(page)).codeText).toEqual(SOURCE.split('\n'));
    // The trace is interesting enough to test: timers pending, several tasks ready, lines printed.
    expect(expected.steps).toBeGreaterThan(10);
    expect(expected.at(3).timers.length).toBe(2);

    await expectStep(page, 0);
    for (let step = 1; step <= expected.steps; step++) {
      if (step % 2 === 1) await page.getByRole('button', { name: 'Step forward', exact: true }).click();
      else await page.keyboard.press('ArrowRight');
      await expectStep(page, step);
      if (step === 4) await screenshot(page, 'gather-step-4');
    }
    // At the end, forward does nothing.
    await page.keyboard.press('ArrowRight');
    await expectStep(page, expected.steps);
    await screenshot(page, 'gather-end');

    for (let step = expected.steps - 1; step >= expected.steps - 8; step--) {
      if (step % 2 === 0) await page.getByRole('button', { name: 'Step back', exact: true }).click();
      else await page.keyboard.press('ArrowLeft');
      await expectStep(page, step);
    }
    expect(pages.current?.problems).toEqual([]);
  });

  it('jumps to the end and the start, and steps one tick at a time both ways', async () => {
    const page = await open();
    await page.getByRole('button', { name: 'Jump to end' }).click();
    await expectStep(page, expected.steps);
    await page.getByRole('button', { name: 'Jump to start' }).click();
    await expectStep(page, 0);
    await page.keyboard.press('End');
    await expectStep(page, expected.steps);
    await page.keyboard.press('Home');
    await expectStep(page, 0);

    // Tick forward to the end, alternating the button and Shift+→.
    const forward: number[] = [];
    for (let step = 0, i = 0; step < expected.steps; i++) {
      step = expected.tickForward(step);
      forward.push(step);
      if (i % 2 === 0) await page.getByRole('button', { name: 'Step tick forward' }).click();
      else await page.keyboard.press('Shift+ArrowRight');
      await expectStep(page, step);
      if (step === 7) await screenshot(page, 'gather-tick-forward-7');
    }
    // Whole ticks at a time: fewer moves than steps, and the gather tick (three starts) in one move.
    expect(forward.length).toBeLessThan(expected.steps);
    expect(forward).toContain(1);
    expect(forward).toContain(4);

    // Tick back from the middle of a tick: first to its start, then to the tick before.
    await page.keyboard.press('Home');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await expectStep(page, 5);
    const back: number[] = [];
    for (let step = 5, i = 0; step > 0; i++) {
      step = expected.tickBack(step);
      back.push(step);
      if (i % 2 === 0) await page.getByRole('button', { name: 'Step tick back' }).click();
      else await page.keyboard.press('Shift+ArrowLeft');
      await expectStep(page, step);
    }
    expect(back).toEqual([4, 1, 0]);
    expect(pages.current?.problems).toEqual([]);
  });

  it('switches between the tick axis and the time axis, and plays and pauses', async () => {
    const page = await open();
    const tickAxis = page.getByRole('button', { name: 'Tick axis' });
    const timeAxis = page.getByRole('button', { name: 'Time axis' });
    await expect.poll(() => tickAxis.getAttribute('aria-pressed')).toBe('true');
    expect(await timeAxis.getAttribute('aria-pressed')).toBe('false');

    await timeAxis.click();
    await expect.poll(() => timeAxis.getAttribute('aria-pressed')).toBe('true');
    expect(await tickAxis.getAttribute('aria-pressed')).toBe('false');
    await page.getByText('Virtual time', { exact: true }).waitFor();
    // The axis changes the picture, not the state: the cursor stays where it was.
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await expectStep(page, 4);
    await screenshot(page, 'gather-time-axis');

    await page.keyboard.press('t');
    await expect.poll(() => tickAxis.getAttribute('aria-pressed')).toBe('true');
    expect(await timeAxis.getAttribute('aria-pressed')).toBe('false');
    await page.getByText('Loop ticks', { exact: true }).waitFor();
    await expectStep(page, 4);

    // Space plays (the button becomes Pause) and pauses again; the cursor moved forward.
    await page.keyboard.press(' ');
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await expect.poll(() => cursorOf(page), { timeout: 5000 }).toBeGreaterThan(5);
    await page.keyboard.press(' ');
    await page.getByRole('button', { name: 'Play' }).waitFor();
    const stopped = await cursorOf(page);
    await page.waitForTimeout(300);
    await expectStep(page, stopped);

    // Play from the end starts over; the Play button works too.
    await page.keyboard.press('End');
    await page.getByRole('button', { name: 'Play' }).click();
    await page.getByRole('button', { name: 'Pause' }).click();
    expect(await cursorOf(page)).toBeLessThan(expected.steps);
    expect(pages.current?.problems).toEqual([]);
  });
  it('keeps a pan that takes the cursor off screen (zoomed in, the view does not snap back)', async () => {
    const page = await open();
    await page.keyboard.press('End');
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Zoom in' }).click();
    const lanes = (await page.getByRole('region', { name: 'Task lanes' }).boundingBox())!;
    const cursorLine = page.getByRole('region', { name: 'Task lanes' }).locator('.cursor-line').first();
    const cursorX = async () => Number(await cursorLine.getAttribute('x1'));
    const nextFrames = () => page.waitForTimeout(50);
    await page.mouse.move(lanes.x + lanes.width * 0.6, lanes.y + 50);
    await page.keyboard.down('Shift');
    const seen: number[] = [await cursorX()];
    for (let i = 0; i < 8; i++) {
      await page.mouse.wheel(0, -100);
      await nextFrames();
      seen.push(await cursorX());
    }
    await page.keyboard.up('Shift');
    // Every wheel notch moves the picture the same way; the cursor ends beyond the plot's edge.
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1] as number);
    expect(seen.at(-1) as number).toBeGreaterThan(lanes.width);
    // Stepping brings the cursor back into view.
    await page.keyboard.press('ArrowLeft');
    await nextFrames();
    expect(await cursorX()).toBeLessThan(lanes.width);
  });
});
