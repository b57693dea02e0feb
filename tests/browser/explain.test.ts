/**
 * The explanations in Chromium against the web build: at chosen steps of the gather, lock, event,
 * queue, TaskGroup and deadlock scenarios the page narrates exactly what scheduler/explain says
 * and draws exactly its cause-and-effect arrows; the fire-and-forget and forgotten-await
 * scenarios show their warnings on the code line and in the output at the step that writes
 * them; the glossary's definitions appear on focus; the accessibility tree holds the narration
 * and the legend; the summary closes the run. Screenshots at 1440x900, 1920x1080 and 1280x720,
 * light and dark.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, newContext, openFromGallery, screenshot, skipReason, startBrowser, type BrowserFixture } from './support.ts';
import { cursorOf } from './expect-page.ts';
import { runScenario } from '../../scheduler/python/scenario.ts';
import { buildExplainIndex, taskName, type ExplainIndex } from '../../scheduler/explain/index.ts';
import { narrate } from '../../scheduler/explain/narration.ts';
import { arrowsAt, arrowsBetween } from '../../scheduler/explain/causes.ts';
import { findLints } from '../../scheduler/explain/lints.ts';

if (skipReason !== null) console.log(`tests/browser/explain.test.ts ${skipReason}`);

interface Scenario {
  name: string;
  title: string;
  index: ExplainIndex;
}

function scenario(name: string, title: string): Scenario {
  const source = readFileSync(join(ROOT, 'scenarios', name), 'utf8');
  const { trace } = runScenario(source, { file: `scenarios/${name}` });
  return { name, title, index: buildExplainIndex(trace) };
}

/** The first step after which the arrows at the cursor include one of `kind`. */
function stepWith(s: Scenario, kind: string, nth = 0): number {
  let seen = 0;
  for (let b = 1; b <= s.index.steps; b++) {
    if (arrowsAt(s.index, b).some((a) => a.kind === kind && a.toStep === b - 1) && seen++ === nth) return b;
  }
  throw new Error(`${s.name}: no step with a ${kind} arrow`);
}

interface PageArrow {
  family: string;
  from: string;
  to: string;
  step: number;
}

async function arrowsOnPage(page: Page): Promise<PageArrow[]> {
  return page
    .getByRole('region', { name: 'Task lanes' })
    .locator('[data-arrow]')
    .evaluateAll((els: { getAttribute(name: string): string | null }[]) =>
      els.map((e) => ({ family: e.getAttribute('data-arrow') ?? '', from: e.getAttribute('data-from') ?? '', to: e.getAttribute('data-to') ?? '', step: Number(e.getAttribute('data-step')) })),
    );
}

function expectedArrows(s: Scenario, boundary: number): PageArrow[] {
  return arrowsAt(s.index, boundary).map((a) => ({ family: a.family, from: a.fromTask >= 0 ? taskName(s.index, a.fromTask) : '', to: taskName(s.index, a.toTask), step: a.toStep }));
}

async function goTo(page: Page, boundary: number): Promise<void> {
  await page.keyboard.press('Home');
  for (let i = 0; i < boundary; i++) await page.keyboard.press('ArrowRight');
  await expect.poll(() => cursorOf(page), { timeout: 5000 }).toBe(boundary);
}

const narrationOf = (page: Page) => page.getByRole('region', { name: 'Narration' }).locator('p');

/** The sentence as a person reads it: the glossary's definitions (tooltips) left out. */
async function sentenceOf(page: Page): Promise<string> {
  return narrationOf(page).evaluate((p: { cloneNode(deep: boolean): { querySelectorAll(s: string): Iterable<{ remove(): void }>; textContent: string | null } }) => {
    const copy = p.cloneNode(true);
    for (const tip of copy.querySelectorAll('[role=tooltip]')) tip.remove();
    return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
  });
}

describe.skipIf(skipReason !== null)('the explanations, in the browser', () => {
  let fixture: BrowserFixture;

  beforeAll(async () => {
    fixture = await startBrowser();
  }, 180_000);
  afterAll(async () => {
    await fixture?.close();
  });

  async function open(s: Scenario, colorScheme: 'light' | 'dark' = 'light'): Promise<{ page: Page; problems: string[]; close: () => Promise<void> }> {
    const context = await newContext(fixture, { colorScheme });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console.${message.type()}: ${message.text()}`);
    });
    await page.goto(fixture.url);
    await openFromGallery(page, s.title, s.name);
    return { page, problems, close: () => context.close() };
  }

  const CASES: { s: Scenario; kind: string; words: RegExp; nth?: number }[] = [
    { s: scenario('02-three-coroutines-gathered.py', 'Three coroutines, one second'), kind: 'task-done', words: /finished and gather is done, so Task-1 resumes at line \d+/ },
    { s: scenario('13-lock-shared-account.py', 'A lock around shared state'), kind: 'lock-release', words: /Task-4 released lock, so Task-5 resumes at line 25/ },
    { s: scenario('15-event-start-signal.py', 'An event as a starting pistol'), kind: 'event-set', words: /set pistol, so Task-2 resumes at line 10/ },
    { s: scenario('05-producer-consumer-bounded-queue.py', 'Producer and consumers with a bounded queue'), kind: 'queue-put', words: /Task-1 put an item in queue, so packer-2 resumes at line 25/ },
    { s: scenario('16-taskgroup.py', 'TaskGroup: all or nothing'), kind: 'group-cancel', words: /CancelledError lands in Task-5 at its await on line 10 \(its TaskGroup cancelled it after Task-6 failed\)/ },
  ];

  for (const { s, kind, words, nth } of CASES) {
    it(`${s.name}: the ${kind} step is narrated and its arrows drawn as scheduler/explain gives them`, async () => {
      const boundary = stepWith(s, kind, nth);
      const { page, problems, close } = await open(s);
      try {
        await goTo(page, boundary);
        const expected = narrate(s.index, boundary).text;
        expect(expected).toMatch(words);
        await expect.poll(() => sentenceOf(page)).toBe(expected);
        const arrows = await arrowsOnPage(page);
        expect(arrows).toEqual(expectedArrows(s, boundary));
        expect(arrows.some((a) => a.step === boundary - 1)).toBe(true);
        // The accessible list names the same causes.
        const names = await page.getByRole('list', { name: 'Causes at the cursor' }).getByRole('listitem').allTextContents();
        expect(names).toEqual(arrowsAt(s.index, boundary).map((a) => `${a.fromTask >= 0 ? taskName(s.index, a.fromTask) : 'the loop'} → ${taskName(s.index, a.toTask)}: ${a.label}`));
        // The detailed form names handles; the toggle remembers itself across steps.
        await page.getByRole('button', { name: 'Detailed' }).click();
        await expect.poll(() => sentenceOf(page)).toBe(narrate(s.index, boundary, { detail: true }).text);
        await page.keyboard.press('ArrowLeft');
        await expect.poll(() => sentenceOf(page)).toBe(narrate(s.index, boundary - 1, { detail: true }).text);
        await page.getByRole('button', { name: 'Detailed' }).click();
        await page.keyboard.press('ArrowRight');
        await screenshot(page, `explain-${s.name.replace(/\.py$/, '')}-${kind}`);
        expect(problems).toEqual([]);
      } finally {
        await close();
      }
    });
  }

  it('TaskGroup: one cancel arrow from the failing child to each sibling and to the body', async () => {
    const s = CASES[4]!.s;
    const { page, close } = await open(s);
    try {
      // All arrows in view: the three cancellations leave Task-6's failure.
      await page.getByRole('button', { name: 'All arrows' }).click();
      const arrows = await arrowsOnPage(page);
      const cancels = arrows.filter((a) => a.from === 'Task-6' && a.family === 'cancel').map((a) => a.to);
      expect(cancels).toEqual(['Task-5', 'Task-7', 'Task-1']);
      const expected = arrowsBetween(s.index, 0, s.index.steps, 400).length;
      expect(arrows.length).toBeLessThanOrEqual(expected);
      expect(arrows.length).toBeGreaterThan(6);
      await screenshot(page, 'explain-taskgroup-all-arrows');
    } finally {
      await close();
    }
  });

  it('the deadlock: narrated at its end, the stuck lanes and their cycle', async () => {
    const s = scenario('17-deadlock-two-locks.py', 'Deadlock: two locks, opposite order');
    const { page, problems, close } = await open(s);
    try {
      await page.keyboard.press('End');
      await expect.poll(() => sentenceOf(page)).toBe(narrate(s.index, s.index.steps).text);
      expect(await sentenceOf(page)).toContain('nothing can wake Task-1, alice and bob again, so the program hangs forever (a deadlock).');
      expect(await arrowsOnPage(page)).toEqual(expectedArrows(s, s.index.steps));
      // The summary closes the run: where the time went, no lint (a deadlock is not a lint).
      const summary = page.getByRole('region', { name: 'Summary' });
      await expect.poll(() => summary.getByText(/^The loop ran 7 steps in 4 ticks/).count()).toBe(1);
      expect(await summary.getByRole('list', { name: 'Time per task' }).getByRole('listitem').count()).toBe(3);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('fire and forget: the never-retrieved warning on the lane’s line, in the output, from the step CPython writes it', async () => {
    const s = scenario('28-fire-and-forget-exception.py', 'An exception in a fire-and-forget task');
    const warning = s.index.warnings[0]!;
    expect(warning.kind).toBe('never-retrieved');
    const { page, problems, close } = await open(s);
    try {
      const output = page.getByRole('region', { name: 'Output' });
      const notes = () => output.locator('li[data-kind=warning]').allTextContents();
      const codeNotes = () => page.getByRole('region', { name: 'Code' }).locator('[data-widget=note][data-kind=warning]').allTextContents();
      // Just before: nothing.
      await goTo(page, warning.boundary - 1);
      expect(await notes()).toEqual([]);
      // At the end of the tick the task failed in, as CPython logs it.
      await page.keyboard.press('ArrowRight');
      await expect.poll(notes).toEqual([`⚠ warning ${warning.text} · line ${warning.line}`]);
      await expect.poll(codeNotes).toEqual(['⚠ Task-2: exception never retrieved']);
      const line = await page.getByRole('region', { name: 'Code' }).locator('.cm-line').nth(warning.line - 1).textContent();
      expect(line).toContain('raise ConnectionError("mail server refused the connection")');
      // The lints arrive in the output too, and fill the summary at the end.
      expect(await output.locator('li[data-kind=lint]').evaluateAll((els: { getAttribute(n: string): string | null }[]) => els.map((e) => e.getAttribute('data-id')))).toEqual(['fire-and-forget', 'exception-never-retrieved']);
      await page.keyboard.press('End');
      const lints = page.getByRole('list', { name: 'Lints' }).getByRole('listitem');
      await expect.poll(() => lints.count()).toBe(2);
      expect(await lints.first().textContent()).toContain('fire-and-forget');
      await lints.first().locator('summary').click();
      expect(await lints.first().textContent()).toContain('Keep a reference');
      await screenshot(page, 'explain-fire-and-forget-end');
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('the forgotten await: both warnings, on their lines and in the output, after main’s first step', async () => {
    const s = scenario('29-forgotten-await.py', 'The forgotten await');
    const { page, problems, close } = await open(s);
    try {
      const output = page.getByRole('region', { name: 'Output' });
      await goTo(page, 0);
      expect(await output.locator('li[data-kind=warning]').count()).toBe(0);
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => output.locator('li[data-kind=warning]').allTextContents()).toEqual([
        "⚠ warning RuntimeWarning: coroutine 'greet' was never awaited · line 18",
        "⚠ warning RuntimeWarning: coroutine 'sleep' was never awaited · line 20",
      ]);
      const code = page.getByRole('region', { name: 'Code' });
      await expect.poll(() => code.locator('[data-widget=note][data-kind=warning]').allTextContents()).toEqual(["⚠ coroutine 'greet' was never awaited", "⚠ coroutine 'sleep' was never awaited"]);
      expect(await code.locator('.cm-line').nth(17).textContent()).toContain('greet("ada")');
      expect(await sentenceOf(page)).toContain("Python warns (line 18): coroutine 'greet' was never awaited.");
      await screenshot(page, 'explain-forgotten-await');
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('a glossary word shows its definition on keyboard focus', async () => {
    const s = CASES[0]!.s;
    const { page, close } = await open(s);
    try {
      const term = page.getByRole('region', { name: 'Narration' }).getByRole('button', { name: 'ready queue' });
      const tip = page.getByRole('tooltip');
      expect(await tip.isVisible()).toBe(false);
      await term.focus();
      await expect.poll(() => tip.isVisible()).toBe(true);
      expect(await tip.textContent()).toContain('first-in, first-out list of handles');
      await screenshot(page, 'explain-glossary-focus');
    } finally {
      await close();
    }
  });

  it('the accessibility tree holds the narration (a live region) and the legend', async () => {
    const s = CASES[1]!.s;
    const { page, close } = await open(s);
    try {
      await goTo(page, 3);
      expect(await narrationOf(page).getAttribute('aria-live')).toBe('polite');
      const narration = await page.getByRole('region', { name: 'Narration' }).ariaSnapshot();
      // The sentence, with its code and its glossary words (buttons whose definitions show on focus).
      expect(narration).toContain('- text: Task-3 starts running\n    - code: Account.withdraw()');
      expect(narration).toContain('- button "timer"');
      expect(narration).toContain('- button "future"');
      expect(narration).toContain('button "Detailed"');
      expect(narration).toContain('button "All arrows"');
      const legend = await page.getByRole('region', { name: 'Legend' }).ariaSnapshot();
      for (const item of ['running', 'ready', 'waiting', 'done', 'cancelled', 'failed', 'clock jump (waited for a timer)', 'woke', 'exception', 'cancel']) expect(legend).toContain(`listitem: ${item}`);
      expect(legend).toContain('list "Task lanes"');
      expect(legend).toContain('list "Event loop"');
    } finally {
      await close();
    }
  });

  it('the synchronous counter: a main-thread lane with its blocking time, no empty timeline', async () => {
    const s = scenario('00-counter-synchronous.py', 'Counter without asyncio');
    const { page, problems, close } = await open(s);
    try {
      const main = page.getByRole('region', { name: 'Main thread' });
      await main.waitFor();
      expect(await main.getByText('blocked 3 s').count()).toBe(1);
      expect(await main.getByRole('listitem').allTextContents()).toEqual([
        'blocked in time.sleep at line 17 from t = 0.000 s to 1.000 s',
        'blocked in time.sleep at line 17 from t = 1.000 s to 2.000 s',
        'blocked in time.sleep at line 17 from t = 2.000 s to 3.000 s',
      ]);
      expect(await sentenceOf(page)).toContain('This program never starts an event loop');
      expect(await page.getByText('Virtual time', { exact: true }).count()).toBe(1);
      await screenshot(page, 'explain-synchronous-counter');
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('the lints of the gallery are the page’s too', async () => {
    const s = scenario('01-counter-sequential-vs-gathered.py', 'Counter: sequential vs gathered');
    const { page, close } = await open(s);
    try {
      await page.keyboard.press('End');
      const lints = page.getByRole('list', { name: 'Lints' }).getByRole('listitem');
      await expect.poll(() => lints.allTextContents()).toEqual(findLints(s.index.trace).map((l) => `${l.id} ${l.title} · line${l.lines.length === 1 ? '' : 's'} ${l.lines.join(', ')} ${l.detail}`));
    } finally {
      await close();
    }
  });

  describe('screenshots to look at', () => {
    const SHOTS: [string, string, number][] = [
      ['16-taskgroup.py', 'TaskGroup: all or nothing', 21],
      ['13-lock-shared-account.py', 'A lock around shared state', 15],
      ['17-deadlock-two-locks.py', 'Deadlock: two locks, opposite order', -1],
      ['03-fetch-urls-aiohttp.py', 'Fetching three URLs with aiohttp', 5],
    ];
    for (const [width, height] of [
      [1440, 900],
      [1920, 1080],
      [1280, 720],
    ] as const) {
      for (const scheme of ['light', 'dark'] as const) {
        it(`${width}x${height} ${scheme}`, async () => {
          const context = await newContext(fixture, { colorScheme: scheme });
          try {
            const page = await context.newPage();
            await page.setViewportSize({ width, height });
            await page.goto(fixture.url);
            for (const [name, title, steps] of SHOTS) {
              await openFromGallery(page, title, name);
              if (steps < 0) await page.keyboard.press('End');
              else for (let i = 0; i < steps; i++) await page.keyboard.press('ArrowRight');
              await page.waitForTimeout(150);
              await screenshot(page, `explain-${name.replace(/\.py$/, '')}-${width}x${height}-${scheme}`);
            }
            // Nothing spills out of its panel: the narration bar and the panels fit the window's width.
            const overflow = await page.evaluate(() => {
              const doc = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
              return doc.scrollWidth - doc.clientWidth;
            });
            expect(overflow).toBe(0);
          } finally {
            await context.close();
          }
        }, 120_000);
      }
    }
  });
});
