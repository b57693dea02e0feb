/**
 * Live reload in the renderer, through the Electron host: a fake `window.loopscope` (the preload's
 * API) delivers a scenario, the person steps and zooms, then the same file arrives again with
 * `reload: true` after a save. The view must keep its place: same step, same zoom, same axis.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, screenshot, skipReason, startBrowser, type BrowserFixture } from './support.ts';
import { emit, loaded as loadedScenario, menu, openDesktopPage } from './fake-preload.ts';

const loaded = (source: string, reload: boolean) => loadedScenario('/home/teacher/demo.py', source, { reload });

if (skipReason !== null) console.log(`tests/browser/reload.test.ts ${skipReason}`);

describe.skipIf(skipReason !== null)('live reload keeps the view in place', () => {
  let fixture: BrowserFixture;
  beforeAll(async () => {
    fixture = await startBrowser();
  }, 180_000);
  afterAll(async () => {
    await fixture?.close();
  });

  it('keeps the step, the zoom and the axis when the saved file arrives again', async () => {
    const { context, page, problems } = await openDesktopPage(fixture);
    await expect.poll(() => page.getByRole('region', { name: 'Gallery' }).getByRole('button').allTextContents()).toEqual([
      expect.stringContaining('Demo from the fake preload'),
    ]);

    const source = readFileSync(join(ROOT, 'scenarios', '01-counter-sequential-vs-gathered.py'), 'utf8');
    await emit(page, loaded(source, false));
    await page.getByRole('region', { name: 'Task lanes' }).locator('[data-task="Task-1"]').first().waitFor();
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    await menu(page, 'zoom-in');
    await page.waitForTimeout(100);

    const status = page.getByText(/^Step \d+ of \d+/);
    const cursor = page.getByRole('slider', { name: 'Cursor' });
    const cursorLine = page.getByRole('region', { name: 'Task lanes' }).locator('.cursor-line').first();
    const before = { status: await status.textContent(), step: await cursor.getAttribute('aria-valuenow'), x: await cursorLine.getAttribute('x1') };
    expect(before.step).toBe('10');

    // The teacher saves the file with a longer sleep: same shape, other durations.
    const edited = source.replaceAll('asyncio.sleep(1)', 'asyncio.sleep(2)');
    expect(edited).not.toBe(source);
    await emit(page, loaded(edited, true));
    await expect.poll(() => page.getByRole('region', { name: 'Code' }).getByText('asyncio.sleep(2)').count()).toBeGreaterThan(0);
    await page.waitForTimeout(100);

    expect(await cursor.getAttribute('aria-valuenow')).toBe('10');
    expect(await cursorLine.getAttribute('x1')).toBe(before.x); // same zoom and pan on the tick axis
    expect(await page.getByRole('button', { name: 'Tick axis' }).getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'reload-kept-place');

    // A fresh open (reload: false) starts over.
    await emit(page, loaded(source, false));
    await expect.poll(() => cursor.getAttribute('aria-valuenow')).toBe('0');
    expect(problems).toEqual([]);
    await context.close();
  });
});
