/**
 * Live reload in the renderer, through the Electron host: a fake `window.loopscope` (the preload's
 * API) delivers a scenario, the person steps and zooms, then the same file arrives again with
 * `reload: true` after a save. The view must keep its place: same step, same zoom, same axis.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../scheduler/python/scenario.ts';
import { ROOT, newContext, screenshot, skipReason, startBrowser, type BrowserFixture } from './support.ts';

if (skipReason !== null) console.log(`tests/browser/reload.test.ts ${skipReason}`);

/** The preload's API, faked in the page, with a way for the test to emit events. */
const FAKE_PRELOAD = `
  const listeners = { scenario: [], progress: [], menu: [] };
  globalThis.loopscope = {
    listGallery: async () => [{ name: '01-demo.py', title: 'Demo from the fake preload', description: 'Only here.' }],
    openDialog: async () => true,
    openGallery: async () => true,
    openDropped: async () => true,
    onScenarioLoaded: (l) => { listeners.scenario.push(l); return () => {}; },
    onRunProgress: (l) => { listeners.progress.push(l); return () => {}; },
    onMenuCommand: (l) => { listeners.menu.push(l); return () => {}; },
    newScenario: async () => true,
    playSource: async () => true,
    bufferChanged: async () => null,
    bufferFlushed: async () => null,
    save: async () => 'saved',
    saveAs: async () => 'saved',
    onDiskChange: () => () => {},
    onFlushRequest: () => () => {},
  };
  globalThis.__emit = (s) => {
    if (s.outcome.kind === 'trace') {
      s.outcome.trace.events = Int32Array.from(s.outcome.trace.events);
      s.outcome.trace.floats = Float64Array.from(s.outcome.trace.floats);
    }
    for (const l of listeners.scenario) l(s);
  };
  globalThis.__menu = (c) => { for (const l of listeners.menu) l(c); };
`;

interface FakeGlobals {
  __emit(scenario: unknown): void;
  __menu(command: string): void;
}

function loaded(source: string, reload: boolean) {
  const { trace } = runScenario(source, { file: '/home/teacher/demo.py' });
  // Playwright passes plain JSON to the page; the fake preload turns the arrays back into typed ones.
  return {
    file: '/home/teacher/demo.py',
    name: 'demo.py',
    source,
    reload,
    outcome: { kind: 'trace', trace: { ...trace, events: Array.from(trace.events), floats: Array.from(trace.floats) } },
  };
}

describe.skipIf(skipReason !== null)('live reload keeps the view in place', () => {
  let fixture: BrowserFixture;
  beforeAll(async () => {
    fixture = await startBrowser();
  }, 180_000);
  afterAll(async () => {
    await fixture?.close();
  });

  it('keeps the step, the zoom and the axis when the saved file arrives again', async () => {
    const context = await newContext(fixture);
    await context.addInitScript({ content: FAKE_PRELOAD });
    const page: Page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(fixture.url);
    await expect.poll(() => page.getByRole('region', { name: 'Gallery' }).getByRole('button').allTextContents()).toEqual([
      expect.stringContaining('Demo from the fake preload'),
    ]);

    const source = readFileSync(join(ROOT, 'scenarios', '01-counter-sequential-vs-gathered.py'), 'utf8');
    await page.evaluate((s) => (globalThis as unknown as FakeGlobals).__emit(s), loaded(source, false));
    await page.getByRole('region', { name: 'Task lanes' }).locator('[data-task="Task-1"]').first().waitFor();
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    await page.evaluate(() => (globalThis as unknown as FakeGlobals).__menu('zoom-in'));
    await page.waitForTimeout(100);

    const status = page.getByText(/^Step \d+ of \d+/);
    const cursor = page.getByRole('slider', { name: 'Cursor' });
    const cursorLine = page.getByRole('region', { name: 'Task lanes' }).locator('.cursor-line').first();
    const before = { status: await status.textContent(), step: await cursor.getAttribute('aria-valuenow'), x: await cursorLine.getAttribute('x1') };
    expect(before.step).toBe('10');

    // The teacher saves the file with a longer sleep: same shape, other durations.
    const edited = source.replaceAll('asyncio.sleep(1)', 'asyncio.sleep(2)');
    expect(edited).not.toBe(source);
    await page.evaluate((s) => (globalThis as unknown as FakeGlobals).__emit(s), loaded(edited, true));
    await expect.poll(() => page.getByRole('region', { name: 'Code' }).getByText('asyncio.sleep(2)').count()).toBeGreaterThan(0);
    await page.waitForTimeout(100);

    expect(await cursor.getAttribute('aria-valuenow')).toBe('10');
    expect(await cursorLine.getAttribute('x1')).toBe(before.x); // same zoom and pan on the tick axis
    expect(await page.getByRole('button', { name: 'Tick axis' }).getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'reload-kept-place');

    // A fresh open (reload: false) starts over.
    await page.evaluate((s) => (globalThis as unknown as FakeGlobals).__emit(s), loaded(source, false));
    await expect.poll(() => cursor.getAttribute('aria-valuenow')).toBe('0');
    expect(problems).toEqual([]);
    await context.close();
  });
});
