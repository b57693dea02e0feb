/**
 * What keeps a frame cheap, in Chromium against the web build:
 *   - the code editor (CodeMirror) loads apart from the first frame: the run is drawn while its
 *     module is still on the way, the code shows read-only with its marks meanwhile, and no text is
 *     lost: what was opened before the editor arrived is in it, what is typed after stays;
 *   - the cursor is on a layer of its own: stepping moves it without drawing the lanes' canvas again;
 *   - a step's frame runs style, layout and paint once (a row a step inserts into the ready queue
 *     was `content-visibility: auto`, and finding it on screen ran them a second time);
 *   - what the lanes' first drawing needs that is costly the first time (a canvas per task colour
 *     for the hatching of "ready") is made while the page waits for a file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ROOT, openFromGallery, screenshot, skipReason } from './support.ts';
import { appPages } from './app-pages.ts';
import { editorContent, editorLines } from './editor-ui.ts';

if (skipReason !== null) console.log(`tests/browser/cheap-frames.test.ts ${skipReason}`);

const source = (name: string): string => readFileSync(join(ROOT, 'scenarios', name), 'utf8');
const THREE = { title: 'Three coroutines, one second', name: '02-three-coroutines-gathered.py' };
const COUNTER = { title: 'Counter: sequential vs gathered', name: '01-counter-sequential-vs-gathered.py' };
const ROUND_ROBIN = { title: 'Round robin with sleep(0)', name: '21-sleep0-round-robin.py' };

describe.skipIf(skipReason !== null)('cheap frames', () => {
  const pages = appPages();

  const fresh = (): Promise<Page> => pages.fresh();

  const slider = (page: Page) => page.getByRole('slider', { name: 'Cursor' });

  it('the editor loads after the first frame; the code is shown read-only meanwhile; no text is lost', async () => {
    await pages.replace(null);
    // Hold the editor's module (CodeMirror) until the test lets it through.
    const context = await pages.fixture.browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript({ content: 'globalThis.__name ??= (target) => target;' });
    let requested = 0;
    let release: () => void = () => {};
    const released = new Promise<void>((done) => (release = done));
    await context.route(/\/code-editor-[^/]*\.js$/, async (route: Route) => {
      requested++;
      await released;
      await route.continue();
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await pages.replace({ context, page, problems });
    await page.goto(pages.fixture.url);

    // The run is drawn while the editor's module is held: the first frame does not wait for it.
    await openFromGallery(page, THREE.title, THREE.name);
    await expect.poll(() => requested).toBe(1);
    const code = page.getByRole('region', { name: 'Code' });
    const fallback = code.locator('pre.code-fallback');
    await fallback.waitFor();
    expect(await editorContent(page).count()).toBe(0);
    expect(await code.locator('[contenteditable]').count()).toBe(0);
    const shownLines = async () => await fallback.locator('.line .text').allTextContents();
    expect(await shownLines()).toEqual(source(THREE.name).split('\n'));
    // Its marks follow the cursor as the editor's would: step into the run, where tasks wait.
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => slider(page).getAttribute('aria-valuenow')).toBe('4');
    expect(await fallback.locator('.line.task-line').count()).toBeGreaterThan(0);
    await screenshot(page, 'editor-loading');

    // Another scenario opened before the editor has arrived: its text is the one the editor gets.
    await openFromGallery(page, COUNTER.title, COUNTER.name);
    expect(await shownLines()).toEqual(source(COUNTER.name).split('\n'));
    release();
    // CodeMirror draws the lines near its viewport: those are the file's first lines.
    const counter = source(COUNTER.name).split('\n');
    const drawn = await editorLines(page);
    expect(drawn.length).toBeGreaterThan(10);
    expect(drawn).toEqual(counter.slice(0, drawn.length));
    expect(await fallback.count()).toBe(0);
    expect(await page.title()).toBe(`${COUNTER.name} — Loopscope`);

    // Typed once it is there: kept, and the page knows (the title marks unsaved changes).
    const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
    await editorContent(page).click();
    await page.keyboard.press(`${mod}+Home`);
    await page.keyboard.type('# typed after the editor loaded\n');
    await expect.poll(async () => (await editorLines(page))[0]).toBe('# typed after the editor loaded');
    expect((await editorLines(page)).slice(1, 11)).toEqual(counter.slice(0, 10));
    await expect.poll(() => page.title()).toBe(`• ${COUNTER.name} — Loopscope`);
    // Undone: the text is the file's again, exactly (the document is clean only when it is).
    for (let undo = 0; undo < 4 && (await page.title()).startsWith('•'); undo++) {
      await page.keyboard.press(`${mod}+z`);
      await page.waitForTimeout(100);
    }
    await expect.poll(() => page.title()).toBe(`${COUNTER.name} — Loopscope`);
    await expect.poll(() => editorLines(page), { timeout: 10_000 }).toEqual(drawn);
    expect(problems).toEqual([]);
  });

  it('stepping moves the cursor on its own layer and does not draw the lanes again', async () => {
    const page = await fresh();
    await openFromGallery(page, THREE.title, THREE.name);
    const lanes = page.getByRole('region', { name: 'Task lanes' });
    const canvas = lanes.locator('canvas.lanes-canvas');
    const line = lanes.locator('.cursor-layer .cursor-line');
    await expect.poll(() => canvas.getAttribute('data-draws')).not.toBeNull();
    // Let any drawing that follows the first frame (sizes settling) finish.
    await page.evaluate(() => new Promise<void>((done) => (globalThis as unknown as { requestAnimationFrame(cb: () => void): void }).requestAnimationFrame(() => done())));
    const draws = await canvas.getAttribute('data-draws');
    const before = await line.getAttribute('x1');
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => slider(page).getAttribute('aria-valuenow')).toBe('10');
    await expect.poll(() => line.getAttribute('x1')).not.toBe(before);
    expect(await canvas.getAttribute('data-draws')).toBe(draws);
    // A change of view does draw them (the check above can see a draw).
    await page.keyboard.press('=');
    await expect.poll(() => canvas.getAttribute('data-draws')).not.toBe(draws);
    expect(pages.current?.problems).toEqual([]);
  });

  it('the hatching of every task colour is made while the page waits: drawing a run makes no canvas', async () => {
    await pages.replace(null);
    const context = await pages.fixture.browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript({
      content: `globalThis.__name ??= (target) => target;
        globalThis.__canvases = [];
        const make = Document.prototype.createElement;
        Document.prototype.createElement = function (name, options) {
          if (String(name).toLowerCase() === 'canvas') globalThis.__canvases.push(performance.now());
          return make.call(this, name, options);
        };`,
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await pages.replace({ context, page, problems });
    await page.goto(pages.fixture.url);
    await page.getByRole('heading', { name: /Open a scenario/ }).waitFor();
    // Eight colours' tiles, the context that makes their patterns, and the one that loads the fonts.
    const made = () => page.evaluate(() => (globalThis as unknown as { __canvases: number[] }).__canvases.length);
    await expect.poll(made, { timeout: 10_000 }).toBeGreaterThanOrEqual(10);
    const before = await made();
    await openFromGallery(page, ROUND_ROBIN.title, ROUND_ROBIN.name);
    const lanes = page.getByRole('region', { name: 'Task lanes' }).locator('canvas.lanes-canvas');
    await expect.poll(() => lanes.getAttribute('data-draws')).not.toBeNull();
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('=');
    await expect.poll(() => slider(page).getAttribute('aria-valuenow')).toBe('6');
    expect(await made()).toBe(before);
    expect(problems).toEqual([]);
  });

  it("a step's frame runs the rendering lifecycle once, with the ready queue's rows moving", async () => {
    const page = await fresh();
    await openFromGallery(page, ROUND_ROBIN.title, ROUND_ROBIN.name);
    const queue = page.getByRole('region', { name: 'Ready queue' });
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => queue.locator('li.item').count()).toBeGreaterThan(1);
    const session = await page.context().newCDPSession(page);
    const events: { name: string; ph: string; tid: number }[] = [];
    session.on('Tracing.dataCollected', (data) => void events.push(...(data.value as unknown as typeof events)));
    const complete = new Promise<void>((done) => session.once('Tracing.tracingComplete', () => done()));
    await session.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] }, transferMode: 'ReportEvents' });
    const steps = 12;
    const moved = await page.evaluate(async (steps) => {
      const w = globalThis as unknown as { dispatchEvent(event: unknown): boolean; KeyboardEvent: new (type: string, init: object) => unknown; requestAnimationFrame(cb: () => void): void; document: { querySelectorAll(s: string): { length: number } } };
      let rows = 0;
      for (let i = 0; i < steps; i++) {
        w.dispatchEvent(new w.KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
        await new Promise<void>((done) => w.requestAnimationFrame(() => setTimeout(done)));
        rows += w.document.querySelectorAll('section[aria-labelledby="ready-title"] li.item').length;
      }
      return rows;
    }, steps);
    await session.send('Tracing.end');
    await complete;
    await session.detach();
    expect(moved).toBeGreaterThan(steps);
    const prePaints = events.filter((e) => e.name === 'PrePaint' && e.ph === 'X').length;
    // One pre-paint per frame: the step's, and at most one more for the code editor following it
    // (its marks show in the frame after the step's). Rows that ran the lifecycle again made it 44.
    expect(prePaints).toBeGreaterThanOrEqual(steps);
    expect(prePaints).toBeLessThanOrEqual(2 * steps + 4);
    expect(pages.current?.problems).toEqual([]);
  });
});
