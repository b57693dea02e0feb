/**
 * Layout for real screens (issue 12): at 1280×720, 1280×800, 1440×900 and 1920×1080, with and
 * without the gallery, in a busy state of the server scenario (many ready handles and timers), no
 * two panels overlap (from their bounding boxes), nothing sticks out of the window, the ready
 * queue's and the timers' cards stay inside their column, and no badge covers the OUTPUT heading.
 * Narrow middle panels collapse into tabs; a lane label cut short shows in full on hover and on
 * focus; the timeline, code, ready queue, timers and output are reached with Tab alone.
 * Screenshots go to out/screenshots/layout-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../scheduler/python/scenario.ts';
import { TraceIndex } from '../../scheduler/trace/state.ts';
import { NEW_SCENARIO_NAME } from '../../main/common/scenario-template.ts';
import { ROOT, forgetDrawn, newContext, openFromGallery, screenshot, skipReason, startBrowser, waitForDrawn, type BrowserFixture } from './support.ts';
import { editorContent, leaveEditor, mod, redrawnAfter } from './editor-ui.ts';
import { cursorOf } from './expect-page.ts';
import { outsideViewport, overlappingPairs, type Box } from './layout.ts';

const NAME = '04-server-many-clients.py';
const TITLE = 'A server juggling many clients';
const SOURCE = readFileSync(join(ROOT, 'scenarios', NAME), 'utf8');

/** A coroutine whose name is longer than the label column holds. */
const LONG_NAMES = `import asyncio


async def fetch_everything_from_the_slow_server():
    await asyncio.sleep(1)


async def main():
    await asyncio.create_task(fetch_everything_from_the_slow_server())


asyncio.run(main())
`;

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
];

/** The busiest step: the most ready handles and timers on screen at once. */
function busiestStep(): number {
  const { trace } = runScenario(SOURCE, { file: `scenarios/${NAME}` });
  const index = new TraceIndex(trace);
  let best = 0;
  let most = -1;
  for (let step = 0; step <= index.steps; step += 1) {
    const state = index.stateAt(step);
    const count = Math.min(state.ready.length, 5) + Math.min(state.timers.length, 5);
    if (count > most) {
      most = count;
      best = step;
    }
  }
  return best;
}

interface Measured {
  panels: Box[];
  /** Cards of the ready queue and the timers, and the column they belong to. */
  cards: Box[];
  at: Box | null;
  outputHeading: Box | null;
  /** Badges, tags and counts anywhere in the middle panels. */
  badges: Box[];
  tabsVisible: boolean;
  /** The file's name in the top bar, and whether it is cut short. */
  fileName: { text: string; cut: boolean } | null;
  barButtons: Box[];
  canvases: { name: string; drawn: number[]; shown: number[] }[];
}

async function measure(page: Page): Promise<Measured> {
  return page.evaluate(() => {
    interface R {
      x: number;
      y: number;
      width: number;
      height: number;
    }
    interface E {
      getBoundingClientRect(): R;
      checkVisibility(): boolean;
    }
    const d = (globalThis as unknown as { document: { querySelector(s: string): E | null; querySelectorAll(s: string): Iterable<E> } }).document;
    const box = (name: string, el: E | null) => {
      if (el === null || !el.checkVisibility()) return null;
      const r = el.getBoundingClientRect();
      return { name, x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const named: [string, string][] = [
      ['top bar', '.topbar'],
      ['playback', '[aria-label="Playback"]'],
      ['narration', '[aria-label="Narration"]'],
      ['quiz', 'section[aria-label="Quiz"]'],
      ['gallery', '.side'],
      ['timeline', '.timeline-area'],
      ['end', '[aria-label="Run ended"]'],
      ['code', 'section.code'],
      ['tabs', '.panel-tabs'],
      ['at the cursor', '.panels > .at'],
      ['output', '.panels > .out'],
    ];
    const panels = named.map(([name, selector]) => box(name, d.querySelector(selector))).filter((b) => b !== null);
    // Each canvas's pixels against its size on screen (device pixel ratio 1 here).
    const canvases = [...(d.querySelectorAll('canvas') as Iterable<E & { className: string; width: number; height: number }>)].map((c) => {
      const r = c.getBoundingClientRect();
      return { name: c.className.split(' ')[0] ?? 'canvas', drawn: [c.width, c.height], shown: [Math.round(r.width), Math.round(r.height)] };
    });
    const cards = [...d.querySelectorAll('.at-cursor .item')].map((el, i) => box(`card ${i}`, el)).filter((b) => b !== null);
    const badges = [...d.querySelectorAll('.panels .tag, .panels .chip, .panels .count, .panels .badge-small')].map((el, i) => box(`badge ${i}`, el)).filter((b) => b !== null);
    const nameEl = d.querySelector('.topbar .file-name') as (E & { textContent: string; scrollWidth: number; clientWidth: number }) | null;
    const barButtons = [...(d.querySelectorAll('.topbar button') as Iterable<E & { title: string }>)].map((el) => box(el.title, el)).filter((b) => b !== null);
    return {
      panels,
      fileName: nameEl === null ? null : { text: nameEl.textContent, cut: nameEl.scrollWidth > nameEl.clientWidth + 1 },
      barButtons,
      cards,
      at: box('at', d.querySelector('.panels > .at')),
      outputHeading: box('OUTPUT', d.querySelector('#output-title')),
      badges,
      tabsVisible: box('tabs', d.querySelector('.panel-tabs')) !== null,
      canvases,
    };
  });
}

const within = (inner: Box, outer: Box) => inner.x >= outer.x - 0.5 && inner.x + inner.width <= outer.x + outer.width + 0.5;

if (skipReason !== null) console.log(`tests/browser/layout.test.ts ${skipReason}`);

describe.skipIf(skipReason !== null)('layout for real screens', () => {
  let fixture: BrowserFixture;
  const busy = busiestStep();
  beforeAll(async () => {
    fixture = await startBrowser();
  }, 180_000);
  afterAll(async () => {
    await fixture?.close();
  });

  async function openAt(size: { width: number; height: number }, colorScheme: 'light' | 'dark') {
    const context = await newContext(fixture, { viewport: size, colorScheme });
    const page = await context.newPage();
    await page.goto(fixture.url);
    await openFromGallery(page, TITLE, NAME);
    await page.getByRole('slider', { name: 'Cursor' }).evaluate((el, step) => {
      const input = el as unknown as { value: string; dispatchEvent(e: unknown): void };
      input.value = String(step);
      input.dispatchEvent(new (globalThis as unknown as { Event: new (t: string, o: object) => unknown }).Event('input', { bubbles: true }));
    }, busy);
    await expect.poll(() => cursorOf(page)).toBe(busy);
    return { page, close: () => context.close() };
  }

  async function gallery(page: Page, open: boolean): Promise<void> {
    const button = page.getByRole('button', { name: 'Gallery' });
    if ((await button.getAttribute('aria-pressed')) !== String(open)) await button.click();
    await page.waitForTimeout(120);
  }

  for (const size of SIZES) {
    for (const withGallery of [true, false]) {
      const schemes = size.width === 1440 || size.height === 800 ? (['light'] as const) : (['light', 'dark'] as const);
      for (const scheme of schemes) {
        it(`${size.width}×${size.height}, ${withGallery ? 'with' : 'without'} the gallery, ${scheme}: no panel overlaps another, nothing spills or covers a heading`, async () => {
          const { page, close } = await openAt(size, scheme);
          await gallery(page, withGallery);
          const m = await measure(page);
          await screenshot(page, `layout-${size.width}x${size.height}-${withGallery ? 'gallery' : 'no-gallery'}-${scheme}`);
          expect(m.panels.map((p) => p.name)).toEqual(expect.arrayContaining(['top bar', 'playback', 'narration', 'timeline', 'code', 'at the cursor']));
          expect(overlappingPairs(m.panels)).toEqual([]);
          expect(outsideViewport(m.panels, size)).toEqual([]);
          // The lanes and the loop lane are drawn at the size they are shown: never stretched (blurred, enlarged).
          expect(m.canvases.length).toBeGreaterThanOrEqual(2);
          for (const canvas of m.canvases) {
            expect(Math.abs(canvas.drawn[0]! - canvas.shown[0]!), JSON.stringify(canvas)).toBeLessThanOrEqual(1);
            expect(Math.abs(canvas.drawn[1]! - canvas.shown[1]!), JSON.stringify(canvas)).toBeLessThanOrEqual(1);
          }
          // The busy state has cards to show, and each stays inside its column.
          expect(m.cards.length).toBeGreaterThan(3);
          for (const card of m.cards) expect(within(card, m.at!), `${card.name} ${JSON.stringify(card)} in ${JSON.stringify(m.at)}`).toBe(true);
          // The OUTPUT heading: visible (a tab away when narrow) and covered by no badge.
          // The top bar names the open file in full, and every button in it is one line high.
          expect(m.fileName).toEqual({ text: NAME, cut: false });
          for (const button of m.barButtons) expect(button.height, button.name).toBeLessThan(40);
          if (m.outputHeading !== null) expect(overlappingPairs([m.outputHeading, ...m.badges]).filter((pair) => pair.includes('OUTPUT'))).toEqual([]);
          // Narrow middle panels (a 1280 px window with the gallery) are tabs; wide ones are columns.
          expect(m.tabsVisible).toBe(withGallery && size.width <= 1280);
          if (m.tabsVisible) {
            // A strip of tabs above a column wide enough for the cards.
            const tabs = m.panels.find((p) => p.name === 'tabs')!;
            expect(tabs.height).toBeLessThan(48);
            expect(m.at!.width).toBeGreaterThan(360);
            expect(m.at!.y).toBeGreaterThanOrEqual(tabs.y + tabs.height - 1);
          }
          await close();
        });
      }
    }
  }

  it('narrow: the state at the cursor and the output are two tabs, switched by click and by the arrow keys', async () => {
    const { page, close } = await openAt({ width: 1280, height: 800 }, 'light');
    await gallery(page, true);
    const tabs = page.getByRole('tablist', { name: 'At the cursor and output' });
    const outputTab = tabs.getByRole('tab', { name: 'Output' });
    const atTab = tabs.getByRole('tab', { name: 'Ready queue & timers' });
    expect(await atTab.getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#output-title').isVisible()).toBe(false);
    await outputTab.click();
    expect(await page.locator('#output-title').isVisible()).toBe(true);
    expect(await page.locator('#ready-title').isVisible()).toBe(false);
    await screenshot(page, 'layout-1280x800-gallery-output-tab-light');
    // ← / → move between the tabs (and do not step the run).
    const before = await cursorOf(page);
    await page.keyboard.press('ArrowLeft');
    expect(await atTab.getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#ready-title').isVisible()).toBe(true);
    expect(await cursorOf(page)).toBe(before);
    await close();
  });

  it('a lane label cut short shows in full on hover and on keyboard focus', async () => {
    const context = await newContext(fixture, { viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(fixture.url);
    await page.getByRole('heading', { name: /Open a scenario/ }).waitFor();
    await redrawnAfter(page, NEW_SCENARIO_NAME, () => page.getByRole('button', { name: 'New', exact: true }).click());
    await editorContent(page).click();
    await page.keyboard.press(`${mod}+a`);
    await forgetDrawn(page);
    await page.keyboard.insertText(LONG_NAMES);
    await waitForDrawn(page, NEW_SCENARIO_NAME);
    await leaveEditor(page);
    const lanes = page.getByRole('region', { name: 'Task lanes' });
    const cut = lanes.locator('.lane').filter({ hasText: '…' }).first();
    await cut.waitFor();
    const tip = lanes.locator('.label-tip');
    expect(await tip.count()).toBe(0);
    await cut.hover();
    await tip.waitFor();
    const tipText = (await tip.textContent())!;
    expect(tipText).toContain('fetch_everything_from_the_slow_server()');
    expect(tipText).not.toContain('…');
    await screenshot(page, 'layout-lane-label-hover-1280x720-light');
    // The tip is drawn over the plot, inside the window.
    const tipBox = (await tip.boundingBox())!;
    expect(tipBox.width).toBeGreaterThan(236);
    expect(outsideViewport([{ name: 'tip', ...tipBox }], { width: 1280, height: 720 })).toEqual([]);
    await page.mouse.move(5, 5);
    await tip.waitFor({ state: 'detached' });
    await cut.focus();
    await tip.waitFor();
    // A label that fits has no tip.
    await lanes.locator('.lane').filter({ hasNotText: '…' }).first().focus();
    await tip.waitFor({ state: 'detached' });
    // With the lesson hiding the task above it, the long label is on the first row: its tip still
    // shows, on that row (the tip was found by task, and looked for in the rows by task number).
    await page.getByRole('button', { name: 'Tasks shown' }).click();
    await page.getByRole('searchbox').fill('fetch');
    await expect.poll(() => lanes.locator('.lane').count()).toBe(1);
    await page.keyboard.press('Escape');
    await cut.hover();
    await tip.waitFor();
    const [laneBox, shownBox] = [(await cut.boundingBox())!, (await tip.boundingBox())!];
    expect(Math.abs(shownBox.y - laneBox.y)).toBeLessThan(4);
    // The plot beside it names that task's segment under the pointer, hidden rows or not.
    await page.mouse.move(laneBox.x + 236 + (1280 - 236) / 2, laneBox.y + laneBox.height / 2);
    const card = lanes.locator('.tip-title');
    await card.waitFor();
    expect(await card.textContent()).toMatch(/^Task-2 · /);
    await context.close();
  });

  it('Tab alone reaches the timeline, the code, the ready queue, the timers and the output, in the order they are on screen', async () => {
    const { page, close } = await openAt({ width: 1440, height: 900 }, 'light');
    await gallery(page, false);
    const reached: string[] = [];
    for (let i = 0; i < 80 && reached.length < 5; i++) {
      await page.keyboard.press('Tab');
      const where = await page.evaluate(() => {
        interface El {
          closest(s: string): El | null;
          matches(s: string): boolean;
        }
        const d = (globalThis as unknown as { document: { activeElement: El | null } }).document;
        const active = d.activeElement;
        if (active === null) return '';
        if (active.closest('[aria-label="Task lanes"]') !== null) return 'timeline';
        // The editor lives in a shadow root: the page sees its host.
        if (active.closest('section.code') !== null) return 'code';
        if (active.matches('[aria-labelledby="ready-title"]')) return 'ready queue';
        if (active.matches('[aria-labelledby="timers-title"]')) return 'timers';
        if (active.matches('[aria-labelledby="output-title"]')) return 'output';
        return '';
      });
      if (where !== '' && !reached.includes(where)) reached.push(where);
      // In the code, Tab is typed (indents); Esc then Tab moves on, as in every CodeMirror editor.
      if (where === 'code') await page.keyboard.press('Escape');
    }
    expect(reached).toEqual(['timeline', 'code', 'ready queue', 'timers', 'output']);
    // Operable from there: in the timers, ← and → still step the run.
    const before = await cursorOf(page);
    await page.keyboard.press('ArrowRight');
    expect(await cursorOf(page)).toBe(before + 1);
    await close();
  });
});
