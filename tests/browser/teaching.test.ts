/**
 * The teaching modes in Chromium (issue 12): compare two runs on one axis, presentation mode,
 * chapters, bookmarks (in the link on the web, with the file's settings on the desktop) and
 * hidden tasks. Screenshots at 1280x720 and 1920x1080, light and dark, go to out/screenshots.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, newContext, screenshot, skipReason, startBrowser, waitForDrawn, type BrowserFixture } from './support.ts';
import { encodeLink } from '../../renderer/app/share-link.ts';
import { calls, emit, loaded, openDesktopPage } from './fake-preload.ts';
import { overlappingPairs, type Box } from './layout.ts';
import { leaveEditor, replaceText } from './editor-ui.ts';
import { chapterSteps, parseChapters, stepLinesOf } from '../../renderer/teach/chapters.ts';
import { playSource } from '../export/gallery.ts';

const LESSON = readFileSync(join(ROOT, 'scenarios', 'compare', 'three-sleeps.py'), 'utf8');
/** A lesson in three chapters, marked inside main() as docs/teaching.md shows. */
const CHAPTERED = `import asyncio


async def nap(name):
    print(f"{name} falls asleep")
    await asyncio.sleep(1)
    print(f"{name} wakes up")


async def main():
    # %% One at a time
    await nap("a")
    await nap("b")
    # %% Together
    await asyncio.gather(nap("c"), nap("d"))
    # %% [markdown] The end
    print("done")


asyncio.run(main())
`;

// What the functions run in the page read of it (this folder's tsconfig has no DOM types; these
// names are the page's own when the functions run there).
interface PageBox {
  x: number;
  y: number;
  width: number;
  height: number;
  right: number;
}
interface PageElement {
  getBoundingClientRect(): PageBox;
  getAttribute(name: string): string | null;
  closest(selector: string): PageElement | null;
  textContent: string | null;
  currentCSSZoom?: number;
  /** A canvas's backing store. */
  width?: number;
  height?: number;
}
declare const devicePixelRatio: number;
declare const document: { querySelector(selector: string): PageElement | null; querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement> };
declare const location: { hash: string; href: string };
declare function getComputedStyle(element: PageElement): { fontSize: string };

if (skipReason !== null) console.log(`tests/browser/teaching.test.ts ${skipReason}`);

describe.skipIf(skipReason !== null)('teaching modes in the browser', () => {
  let fixture: BrowserFixture;
  beforeAll(async () => {
    fixture = await startBrowser();
  }, 180_000);
  afterAll(async () => {
    await fixture?.close();
  });

  /** A page at a link to `source` (web build), drawn. */
  async function openLesson(options: { viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark'; source?: string; name?: string; step?: number; marks?: { step: number; note: string }[] } = {}) {
    const context = await newContext(fixture, { viewport: options.viewport ?? { width: 1280, height: 720 }, colorScheme: options.colorScheme ?? 'light' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
    });
    const name = options.name ?? 'three-sleeps.py';
    const link = await encodeLink({ kind: 'code', name, source: options.source ?? LESSON }, options.step ?? 0, options.marks ?? []);
    await page.goto(`${fixture.url}#${link.fragment}`);
    await waitForDrawn(page, name);
    return { context, page, problems };
  }

  /** The address bar carries the step (web-links), written a little after each move. */
  const waitForStep = (page: Page, step: number) =>
    page.waitForFunction((s) => Number(new URLSearchParams(location.hash.slice(1)).get('step') ?? '0') === s, step, { timeout: 10_000 });
  const laneNames = (page: Page) => page.locator('section[aria-label="Task lanes"] g.lane').evaluateAll((lanes) => lanes.map((lane) => lane.getAttribute('data-task') ?? ''));

  it('compares the classic pair on one time axis: totals in words, and one cursor for both runs', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const viewport of [
        { width: 1280, height: 720 },
        { width: 1920, height: 1080 },
      ]) {
        const { context, page, problems } = await openLesson({ viewport, colorScheme });
        await page.getByRole('button', { name: 'Compare', exact: true }).click();
        const view = page.getByRole('dialog', { name: 'Compare two runs' });
        await expect.poll(() => view.locator('[data-total="b"]').textContent(), { timeout: 30_000 }).toBe('gathered: 1.00 s, 3.0× faster');
        expect(await view.locator('[data-total="a"]').textContent()).toBe('awaited: 3.00 s');
        // Two timelines, each with its own run's tasks.
        const sides = view.locator('section[data-side]');
        expect(await sides.count()).toBe(2);
        await expect.poll(() => view.locator('section[data-side="b"] g.lane').count()).toBeGreaterThanOrEqual(2);
        // One shared axis: the same tick labels above both runs (the longer run's 3 s).
        const axisLabels = (side: string) => view.locator(`section[data-side="${side}"] .tick-label`).allTextContents();
        expect(await axisLabels('a')).toEqual(await axisLabels('b'));
        // One cursor: stepping to the end of the longer run takes both to t = 3.000.
        await page.keyboard.press('End');
        await expect.poll(() => view.locator('.at').textContent()).toBe('t = 3.000 s');
        const cursorX = (side: string) => view.locator(`section[data-side="${side}"] .loop-row line.cursor-line`).getAttribute('x1');
        // gathered ended at 1 s: its cursor waits at its end, left of the other's.
        expect(Number(await cursorX('b'))).toBeLessThan(Number(await cursorX('a')));
        await screenshot(page, `teaching-compare-${viewport.width}-${colorScheme}-end`);
        await page.keyboard.press('Home');
        // While both runs still run, both cursors stand at the same virtual time: the same x.
        let seen = 0;
        for (let i = 0; i < 30; i++) {
          await page.keyboard.press('ArrowRight');
          if ((await view.locator('.at').textContent()) === 't = 1.000 s') {
            expect(Math.abs(Number(await cursorX('a')) - Number(await cursorX('b')))).toBeLessThan(1);
            seen++;
          }
        }
        expect(seen).toBeGreaterThan(0);
        await screenshot(page, `teaching-compare-${viewport.width}-${colorScheme}`);
        // H hides the shutdown tasks in both runs: gathered keeps its own four.
        const lanesOf = (side: string) => view.locator(`section[data-side="${side}"] g.lane`).evaluateAll((lanes) => lanes.map((lane) => lane.getAttribute('aria-label') ?? ''));
        await page.keyboard.press('h');
        await expect.poll(async () => [...(await lanesOf('a')), ...(await lanesOf('b'))].filter((label) => label.includes('shutdown_')).length).toBe(0);
        expect((await lanesOf('a')).length).toBe(1);
        await page.keyboard.press('h');
        await page.keyboard.press('Escape');
        await expect.poll(() => view.count()).toBe(0);
        expect(problems).toEqual([]);
        await context.close();
      }
    }
  }, 240_000);

  it('compares two functions of the open file, or the open file and another; says why when there are not two functions', async () => {
    const { context, page, problems } = await openLesson();
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    const view = page.getByRole('dialog', { name: 'Compare two runs' });
    await view.getByRole('button', { name: 'Two functions' }).click();
    // three-sleeps.py's functions: nap takes an argument, so awaited, gathered and main.
    await expect.poll(() => view.locator('[data-total="b"]').textContent(), { timeout: 30_000 }).toBe('gathered: 1.00 s, 3.0× faster');
    await view.getByLabel('Second').selectOption('main');
    await expect.poll(() => view.locator('[data-total="b"]').textContent(), { timeout: 30_000 }).toBe('main: 4.00 s');
    expect(await view.locator('[data-total="a"]').textContent()).toBe('awaited: 3.00 s, 1.3× faster');
    // Two files: the open one against another picked from disk.
    const other = 'import asyncio\n\nasync def main():\n    await asyncio.sleep(0.5)\n\nasyncio.run(main())\n';
    await view.locator('input[type="file"]').setInputFiles({ name: 'half.py', mimeType: 'text/x-python', buffer: Buffer.from(other) });
    await expect.poll(() => view.locator('[data-total="b"]').textContent(), { timeout: 30_000 }).toBe('half.py: 0.50 s, 8.0× faster');
    expect(await view.locator('[data-total="a"]').textContent()).toBe('three-sleeps.py: 4.00 s');
    expect(await view.locator('section[data-side="b"] h3').textContent()).toBe('half.py');
    await page.keyboard.press('Escape');
    await context.close();

    const plain = await openLesson({ source: 'import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n\nasyncio.run(main())\n', name: 'one.py' });
    await plain.page.getByRole('button', { name: 'Compare', exact: true }).click();
    const second = plain.page.getByRole('dialog', { name: 'Compare two runs' });
    await second.getByRole('button', { name: 'Two functions' }).click();
    await expect.poll(() => second.getByRole('alert').textContent()).toContain('only one top-level async function');
    await second.getByRole('button', { name: 'Saved vs edited' }).click();
    await expect.poll(() => second.getByRole('alert').textContent()).toContain('same as the saved file');
    expect([...problems, ...plain.problems]).toEqual([]);
    await plain.context.close();
  }, 120_000);

  it('presentation mode: F5 hides the chrome, type is at least 20 px at 1920x1080, Page Down/Up step, Esc leaves', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const viewport of [
        { width: 1920, height: 1080 },
        { width: 1280, height: 720 },
      ]) {
        const { context, page, problems } = await openLesson({ viewport, colorScheme });
        await page.keyboard.press('F5');
        await expect.poll(() => page.locator('.app.presenting').count()).toBe(1);
        expect(await page.locator('.topbar').isVisible()).toBe(false);
        expect(await page.getByRole('region', { name: 'Gallery' }).count()).toBe(0);
        // Type on screen: lane names and code, measured as drawn (zoom included).
        // The size as drawn: the computed font size times the CSS zoom the element is under.
        const shownSize = (selector: string) => page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el as unknown as PageElement).fontSize) * ((el as unknown as PageElement).currentCSSZoom ?? 1));
        const laneName = await shownSize('section[aria-label="Task lanes"] .lane-name');
        const code = await shownSize('.cm-content');
        if (viewport.width === 1920) {
          expect(laneName).toBeGreaterThanOrEqual(20);
          expect(code).toBeGreaterThanOrEqual(20);
        } else {
          // 1280x720 is 1920x1080 at 150 %: the same layout, at the browser's own scale.
          expect(laneName).toBeGreaterThanOrEqual(13.5);
          expect(code).toBeGreaterThanOrEqual(14);
        }
        // Nothing overlaps and nothing leaves the window.
        const boxes: Box[] = await page.evaluate(() =>
          ['.transport, [aria-label="Transport"]', '.timeline-area', '.code', '.at', '.out'].flatMap((selector) => {
            const el = document.querySelector(selector);
            if (el === null) return [];
            const r = el.getBoundingClientRect();
            return [{ name: selector, x: r.x, y: r.y, width: r.width, height: r.height }];
          }),
        );
        expect(overlappingPairs(boxes)).toEqual([]);
        for (const box of boxes) expect(box.y + box.height).toBeLessThanOrEqual(viewport.height + 1);
        // The canvases are drawn at the size the zoom shows them, not stretched (blurred) up to it.
        const canvases = await page.evaluate(() =>
          [...document.querySelectorAll('.timeline-area canvas')].map((canvas) => {
            const r = canvas.getBoundingClientRect();
            return { drawn: [canvas.width ?? 0, canvas.height ?? 0], shown: [Math.round(r.width * devicePixelRatio), Math.round(r.height * devicePixelRatio)], zoom: canvas.currentCSSZoom };
          }),
        );
        expect(canvases.length).toBeGreaterThanOrEqual(2);
        for (const canvas of canvases) {
          // (1920×1080 is the 1280×720 layout at 150 %: presentation mode zooms the page by 1.5.)
          expect(canvas.zoom, JSON.stringify(canvas)).toBe(viewport.width === 1920 ? 1.5 : 1);
          expect(Math.abs(canvas.drawn[0]! - canvas.shown[0]!), JSON.stringify(canvas)).toBeLessThanOrEqual(2);
          expect(Math.abs(canvas.drawn[1]! - canvas.shown[1]!), JSON.stringify(canvas)).toBeLessThanOrEqual(2);
        }
        await page.keyboard.press('PageDown');
        await page.keyboard.press('PageDown');
        await page.keyboard.press('PageDown');
        await waitForStep(page, 3);
        await page.keyboard.press('PageUp');
        await waitForStep(page, 2);
        await screenshot(page, `teaching-present-${viewport.width}-${colorScheme}`);
        await page.keyboard.press('Escape');
        await expect.poll(() => page.locator('.app.presenting').count()).toBe(0);
        expect(await page.locator('.topbar').isVisible()).toBe(true);
        expect(problems).toEqual([]);
        await context.close();
      }
    }
  }, 240_000);

  it('chapters: # %% comments become a chapter list; ] and [ jump between them', async () => {
    const { context, page, problems } = await openLesson({ viewport: { width: 1440, height: 900 }, source: CHAPTERED, name: 'chapters.py' });
    const chapters = page.getByRole('navigation', { name: 'Chapters' });
    const current = () => chapters.locator('[aria-current="step"]').textContent();
    expect(await chapters.getByRole('button').allTextContents()).toEqual(['1One at a time', '2Together', '3The end']);
    // The run starts in the first chapter.
    expect(await current()).toBe('1One at a time');
    // Where each chapter starts, as chapters.ts finds it in the run (the page must go there).
    const starts = chapterSteps(parseChapters(CHAPTERED), stepLinesOf(playSource(CHAPTERED))).map((c) => c.firstStep);
    expect(starts[0]).toBe(0);
    const together = starts[1] as number;
    await page.keyboard.press(']');
    await expect.poll(current).toBe('2Together');
    await waitForStep(page, together);
    await page.keyboard.press(']');
    await expect.poll(current).toBe('3The end');
    await waitForStep(page, starts[2] as number);
    await page.keyboard.press(']');
    await expect.poll(() => page.getByRole('toolbar', { name: 'Lesson' }).getByRole('status').textContent()).toBe('This is the last chapter');
    await page.keyboard.press('[');
    await expect.poll(current).toBe('2Together');
    await waitForStep(page, together);
    await page.keyboard.press('[');
    await expect.poll(current).toBe('1One at a time');
    await chapters.getByRole('button', { name: /The end/ }).click();
    await expect.poll(current).toBe('3The end');
    await screenshot(page, 'teaching-chapters-1440');
    // A scenario without markers has no chapter list; the keys say how to make one.
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('bookmarks: B marks the step with a note, { and } jump, and the share link carries them', async () => {
    const { context, page, problems } = await openLesson({ viewport: { width: 1440, height: 900 } });
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('b');
    const dialog = page.getByRole('dialog', { name: 'Bookmark step 5' });
    await dialog.getByRole('textbox').fill('the first nap begins');
    await page.keyboard.press('Enter');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('b');
    await page.keyboard.press('Enter');
    const marks = page.getByRole('navigation', { name: 'Bookmarks' });
    expect(await marks.getByRole('button').allTextContents()).toEqual(['★5the first nap begins', '★9']);
    // The link now carries them.
    await expect.poll(() => page.evaluate(() => new URLSearchParams(location.hash.slice(1)).getAll('mark'))).toEqual(['5:the first nap begins', '9']);
    await page.keyboard.press('Home');
    await waitForStep(page, 0);
    await page.keyboard.press('}');
    await waitForStep(page, 5);
    expect(await page.getByRole('note').filter({ hasText: 'the first nap begins' }).count()).toBe(1);
    await page.keyboard.press('}');
    await waitForStep(page, 9);
    await page.keyboard.press('}');
    await expect.poll(() => page.getByRole('toolbar', { name: 'Lesson' }).getByRole('status').textContent()).toBe('No bookmark after this step');
    await page.keyboard.press('{');
    await waitForStep(page, 5);
    await screenshot(page, 'teaching-bookmarks-1440');
    // Opened from the link, another tab shows the same bookmarks.
    const url = await page.evaluate(() => location.href);
    await context.close();
    const other = await newContext(fixture, { viewport: { width: 1440, height: 900 } });
    const second = await other.newPage();
    await second.goto(url);
    await waitForDrawn(second, 'three-sleeps.py');
    expect(await second.getByRole('navigation', { name: 'Bookmarks' }).getByRole('button').allTextContents()).toEqual(['★5the first nap begins', '★9']);
    // The link's step was 5, a marked one: B there changes or removes its bookmark.
    await expect.poll(() => second.getByRole('note').filter({ hasText: 'the first nap begins' }).count()).toBe(1);
    await second.keyboard.press('b');
    await second.getByRole('button', { name: 'Remove bookmark' }).click();
    expect(await second.getByRole('navigation', { name: 'Bookmarks' }).getByRole('button').allTextContents()).toEqual(['★9']);
    expect(problems).toEqual([]);
    await other.close();
  }, 120_000);

  it('the lesson strip (chapters, bookmarks) fits at 1280x720 and 1920x1080, light and dark: nothing overlaps or leaves the window', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const viewport of [
        { width: 1280, height: 720 },
        { width: 1920, height: 1080 },
      ]) {
        const marks = [
          { step: 2, note: 'the loop waits: nothing is ready' },
          { step: 7, note: '' },
        ];
        const { context, page, problems } = await openLesson({ viewport, colorScheme, source: CHAPTERED, name: 'chapters.py', step: 2, marks });
        await expect.poll(() => page.getByRole('navigation', { name: 'Bookmarks' }).getByRole('button').count()).toBe(2);
        const boxes: Box[] = await page.evaluate(() =>
          ['.topbar', '[role="toolbar"][aria-label="Lesson"]', '.timeline-area', '.code', '.at', '.out'].flatMap((selector) => {
            const el = document.querySelector(selector);
            if (el === null) return [];
            const r = el.getBoundingClientRect();
            return [{ name: selector, x: r.x, y: r.y, width: r.width, height: r.height }];
          }),
        );
        expect(boxes.length).toBe(6);
        expect(overlappingPairs(boxes)).toEqual([]);
        for (const box of boxes) expect(box.y + box.height).toBeLessThanOrEqual(viewport.height + 1);
        // The strip's chips are not cut: each is fully inside the strip.
        const clipped = await page.locator('[role="toolbar"][aria-label="Lesson"] button').evaluateAll((buttons) => {
          const strip = (buttons[0]?.closest('[role="toolbar"]') as PageElement).getBoundingClientRect();
          return buttons.filter((b) => b.getBoundingClientRect().right > strip.right + 0.5).map((b) => b.textContent);
        });
        expect(clipped).toEqual([]);
        await screenshot(page, `teaching-lesson-strip-${viewport.width}-${colorScheme}`);
        expect(problems).toEqual([]);
        await context.close();
      }
    }
  }, 180_000);

  it('hide tasks: H hides the shutdown tasks from the lanes and the ready queue; the filter keeps tasks by name', async () => {
    const { context, page, problems } = await openLesson({ viewport: { width: 1440, height: 900 } });
    const all = await laneNames(page);
    expect(all.length).toBeGreaterThan(2);
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    const shutdown = await page.evaluate(() => [...document.querySelectorAll('section[aria-label="Task lanes"] g.lane')].filter((g) => /shutdown_/.test(g.getAttribute('aria-label') ?? '')).map((g) => g.getAttribute('data-task')));
    expect(shutdown.length).toBe(2);
    await page.keyboard.press('h');
    await expect.poll(() => laneNames(page)).toEqual(all.filter((name) => !shutdown.includes(name)));
    // The ready queue leaves them out too.
    const readyTasks = () => page.locator('section[aria-labelledby="ready-title"] li[data-task]').evaluateAll((items) => items.map((li) => li.getAttribute('data-task')));
    expect((await readyTasks()).filter((name) => shutdown.includes(name))).toEqual([]);
    await page.getByRole('button', { name: 'Tasks shown' }).click();
    await page.getByRole('searchbox').fill('main');
    await expect.poll(() => laneNames(page)).toEqual(['Task-1']);
    await screenshot(page, 'teaching-hide-tasks-1440');
    await page.getByRole('searchbox').fill('');
    await page.getByRole('checkbox').uncheck();
    await expect.poll(() => laneNames(page)).toEqual(all);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('desktop: bookmarks are saved with the file through the host and come back when it opens again; compare runs in the app', async () => {
    const { context, page } = await openDesktopPage(fixture);
    const file = '/home/ada/three-sleeps.py';
    await emit(page, loaded(file, LESSON, { document: 4 }));
    await waitForDrawn(page, 'three-sleeps.py');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('b');
    await page.getByRole('dialog', { name: 'Bookmark step 3' }).getByRole('textbox').fill('two naps ready');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await calls(page)).settingsWritten).toEqual([{ document: 4, settings: { bookmarks: [{ step: 3, note: 'two naps ready' }] } }]);
    // Another file has none; the first one, opened again, has its bookmark back.
    await emit(page, loaded('/home/ada/other.py', 'print(1)\n', { document: 5 }));
    await waitForDrawn(page, 'other.py');
    expect(await page.getByRole('navigation', { name: 'Bookmarks' }).count()).toBe(0);
    await emit(page, loaded(file, LESSON, { document: 4 }));
    await waitForDrawn(page, 'three-sleeps.py');
    await expect.poll(() => page.getByRole('navigation', { name: 'Bookmarks' }).getByRole('button').allTextContents()).toEqual(['★3two naps ready']);

    // Compare in the desktop app: the classic pair, then two versions of the file (the
    // editor's text against the saved file), each played in the page's own worker.
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    const view = page.getByRole('dialog', { name: 'Compare two runs' });
    await expect.poll(() => view.locator('[data-total="b"]').textContent(), { timeout: 30_000 }).toBe('gathered: 1.00 s, 3.0× faster');
    await page.keyboard.press('Escape');
    await replaceText(page, 'asyncio.sleep(1)', 'asyncio.sleep(2)');
    // F5 works from inside the editor too (a browser would reload the page).
    await page.keyboard.press('F5');
    await expect.poll(() => page.locator('.app.presenting').count()).toBe(1);
    await page.getByRole('button', { name: /Leave presentation/ }).click();
    await leaveEditor(page);
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await view.getByRole('button', { name: 'Saved vs edited' }).click();
    // main() runs both: 3 + 1 naps of 1 s saved, of 2 s edited.
    await expect.poll(() => view.locator('[data-total="b"]').textContent(), { timeout: 30_000 }).toBe('edited: 8.00 s');
    expect(await view.locator('[data-total="a"]').textContent()).toBe('saved: 4.00 s, 2.0× faster');
    await screenshot(page, 'teaching-compare-versions-desktop');
    await context.close();
  }, 120_000);
});
