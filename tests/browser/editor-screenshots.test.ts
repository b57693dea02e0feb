/**
 * The editor as a class sees it on a projector: screenshots at 1280×720 and 1920×1080, light and
 * dark, of code pasted from a web page (its problems underlined, listed above the code, and the
 * hover message with the quick fix), and of a runtime error (its line marked, the traceback in the
 * end panel). Written to out/screenshots/ to be looked at; the checks here are that the parts a
 * person must read are on screen and do not cover each other.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEW_SCENARIO_NAME, NEW_SCENARIO_SOURCE } from '../../main/common/scenario-template.ts';
import { forgetDrawn, newContext, screenshot, skipReason, startBrowser, waitForDrawn, type BrowserFixture } from './support.ts';
import { editorContent, leaveEditor, mod, redrawnAfter } from './editor-ui.ts';

if (skipReason !== null) console.log(`tests/browser/editor-screenshots.test.ts ${skipReason}`);

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
];
const SCHEMES = ['light', 'dark'] as const;

/** The template as a blog would show it: curly quotes, a dash, no-break spaces. */
const PASTED = NEW_SCENARIO_SOURCE.replace('greet("alice", 1)', 'greet(“alice”, 1)')
  .replace('greet("bob", 2)', 'greet(‘bob’, 3 – 1)')
  .replace('    await asyncio.sleep(delay)', '\u00a0\u00a0\u00a0\u00a0await asyncio.sleep(delay)');

/** A KeyError raised in a task. */
const RAISES = NEW_SCENARIO_SOURCE.replace('    print(f"{name} is done after {delay} s")', '    print(f"{name} is done after {delay} s")\n    scores = {}\n    print(scores[name])');

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const inside = (box: Box, size: { width: number; height: number }) => box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width + 0.5 && box.y + box.height <= size.height + 0.5;
/** Boxes that share more than a pixel's edge. */
const overlap = (a: Box, b: Box) => a.x + 1 < b.x + b.width && b.x + 1 < a.x + a.width && a.y + 1 < b.y + b.height && b.y + 1 < a.y + a.height;

describe.skipIf(skipReason !== null)('the editor on a projector', () => {
  let fixture: BrowserFixture;
  beforeAll(async () => {
    fixture = await startBrowser();
  }, 180_000);
  afterAll(async () => {
    await fixture?.close();
  });

  async function pageAt(size: { width: number; height: number }, colorScheme: 'light' | 'dark'): Promise<{ page: Page; close: () => Promise<void> }> {
    const context = await newContext(fixture, { viewport: size, colorScheme });
    const page = await context.newPage();
    await page.goto(fixture.url);
    await page.getByRole('heading', { name: /Open a scenario/ }).waitFor();
    await redrawnAfter(page, NEW_SCENARIO_NAME, () => page.getByRole('button', { name: 'New', exact: true }).click());
    return { page, close: () => context.close() };
  }

  for (const size of SIZES) {
    for (const scheme of SCHEMES) {
      it(`${size.width}×${size.height} ${scheme}: pasted typography with its quick fix, and a runtime error`, async () => {
        const { page, close } = await pageAt(size, scheme);
        await editorContent(page).click();
        await page.keyboard.press(`${mod}+a`);
        await page.keyboard.insertText(PASTED);
        const strip = page.getByRole('region', { name: 'Problems' });
        await strip.waitFor({ timeout: 15_000 });
        // The gutter marker of the first problem shows its message and the fix.
        const marker = page.getByRole('region', { name: 'Code' }).locator('.cm-lint-marker-error').first();
        await marker.waitFor();
        await marker.hover();
        const tooltip = page.getByRole('region', { name: 'Code' }).locator('.cm-tooltip-lint');
        await tooltip.waitFor();
        await page.waitForTimeout(150);
        await screenshot(page, `editor-quick-fix-${size.width}x${size.height}-${scheme}`);
        const hovered = page.getByRole('region', { name: 'Code' }).locator('.cm-line').filter({ has: page.locator('.cm-lintRange-error') }).first();
        const [stripBox, tooltipBox, fixBox, headBox, lineBox] = await Promise.all([
          strip.boundingBox(),
          tooltip.boundingBox(),
          tooltip.getByRole('button').first().boundingBox(),
          strip.getByRole('button', { name: /Straighten quotes and dashes/ }).boundingBox(),
          hovered.boundingBox(),
        ]);
        for (const box of [stripBox, tooltipBox, fixBox, headBox, lineBox]) expect(box !== null && inside(box, size), JSON.stringify(box)).toBe(true);
        // The hover message covers neither the line it is about nor the strip's fix button.
        expect(overlap(headBox!, tooltipBox!)).toBe(false);
        expect(overlap(lineBox!, tooltipBox!), JSON.stringify({ lineBox, tooltipBox })).toBe(false);

        // A runtime error: its line marked with the exception, the traceback under the story.
        await page.mouse.move(5, size.height - 5);
        await editorContent(page).click();
        await page.keyboard.press(`${mod}+a`);
        await forgetDrawn(page);
        await page.keyboard.insertText(RAISES);
        await waitForDrawn(page, NEW_SCENARIO_NAME);
        const ended = page.getByRole('region', { name: 'Run ended' });
        await ended.waitFor();
        await leaveEditor(page);
        await page.keyboard.press('End');
        const mark = page.getByRole('region', { name: 'Code' }).locator('.cm-error-message');
        await mark.waitFor();
        expect(await mark.textContent()).toMatch(/^KeyError: 'alice' — raised here, in task Task-2$/);
        expect(await ended.locator('pre').textContent()).toContain("KeyError: 'alice'");
        await page.waitForTimeout(150);
        await screenshot(page, `editor-runtime-error-${size.width}x${size.height}-${scheme}`);
        const endBox = await ended.boundingBox();
        expect(endBox !== null && inside(endBox, size)).toBe(true);
        await close();
      });
    }
  }
});
