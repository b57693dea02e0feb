/**
 * First load, the gallery, and opening files in Chromium against the web build: the empty state,
 * the gallery of scenarios/ by title, a file with a syntax error (the message at its line and
 * column, in the alert and in the code) after which the app keeps working, and a file of our own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkScenario } from '../../scheduler/python/scenario.ts';
import { ROOT, forgetDrawn, openFromGallery, screenshot, skipReason, tempScenario, waitForDrawn } from './support.ts';
import { appPages } from './app-pages.ts';
import { Expected, readUi, scrollLongLists } from './ui.ts';
import { expectPageAt } from './expect-page.ts';

if (skipReason !== null) console.log(`tests/browser/open-and-errors.test.ts ${skipReason}`);

/** The gallery's titles, in file-name order: the first line of each scenario's docstring. */
const GALLERY = readdirSync(join(ROOT, 'scenarios'))
  .filter((name) => name.endsWith('.py'))
  .sort()
  .map((name) => {
    const title = /^"""(.*)$/m.exec(readFileSync(join(ROOT, 'scenarios', name), 'utf8'))?.[1]?.trim();
    if (title === undefined || title === '') throw new Error(`scenarios/${name} has no docstring title`);
    return { name, title };
  });

const BAD_SYNTAX = `"""Broken on purpose"""
import asyncio


async def main(:
    await asyncio.sleep(1)


asyncio.run(main())
`;

const UNSUPPORTED = `import asyncio

match 1, 2:
    case _:
        pass
`;

const MINE = `"""A file of my own"""
import asyncio


async def hello(name, delay):
    await asyncio.sleep(delay)
    print(f"hello from {name}")


async def main():
    await asyncio.gather(hello("a", 0.5), hello("b", 0.25))


asyncio.run(main())
`;

/** A hundred tasks: longer queues than the panels list. */
const HUNDRED = `import asyncio


async def tick(n):
    await asyncio.sleep(0.001 * (n + 1))


async def main():
    await asyncio.gather(*[tick(n) for n in range(100)])


asyncio.run(main())
`;

describe.skipIf(skipReason !== null)('first load, the gallery and opening files, in the browser', () => {
  const pages = appPages();

  const fresh = (): Promise<Page> => pages.fresh();

  it('opens on an empty state that says what to do, with the gallery listed by title', async () => {
    const page = await fresh();
    await page.getByRole('heading', { name: /Open a scenario/ }).waitFor();
    await expect.poll(() => page.getByRole('region', { name: 'Gallery' }).getByRole('button').count()).toBe(GALLERY.length);
    expect(GALLERY.length).toBeGreaterThanOrEqual(25);
    expect(await page.getByRole('region', { name: 'Gallery' }).getByRole('button').allTextContents()).toEqual(GALLERY.map((entry) => entry.title));
    expect(await page.getByRole('button', { name: 'Open scenario' }).isEnabled()).toBe(true);
    // Nothing to play yet.
    for (const name of ['Play', 'Step forward', 'Jump to end']) expect(await page.getByRole('button', { name, exact: true }).isDisabled(), name).toBe(true);
    expect(await page.getByRole('slider', { name: 'Cursor' }).isDisabled()).toBe(true);
    expect(await page.getByRole('alert').count()).toBe(0);
    await screenshot(page, 'empty-state');
    expect(pages.current?.problems).toEqual([]);
  });

  it('shows a syntax error at its line and column, in the alert and in the code, and keeps working', async () => {
    const page = await fresh();
    const file = tempScenario('broken.py', BAD_SYNTAX);
    const error = checkScenario(BAD_SYNTAX, basename(file));
    expect(error).not.toBeNull();
    expect(error!.kind).toBe('syntax');
    const where = `${basename(file)}:${error!.line}:${error!.column}`;
    expect(where).toBe('broken.py:5:16');

    // Open it as a person would: the Open scenario button, then the browser's file picker.
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open scenario' }).click();
    await (await chooser).setFiles(file);

    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = (await alert.textContent() ?? '').replace(/\s+/g, ' ');
    expect(text).toContain('Syntax error');
    expect(text).toContain(`${where} ${error!.message}`);
    // The code shows the file with the problem underlined where it is, a marker in the gutter,
    // and on hover the message and its hint.
    const code = page.getByRole('region', { name: 'Code' });
    const underline = code.locator('.cm-lintRange-error, .cm-lintPoint-error').first();
    await underline.waitFor();
    const marked = await code.locator('.cm-content .cm-line').evaluateAll((els: { querySelector(s: string): unknown }[]) =>
      els.flatMap((e, i) => (e.querySelector('.cm-lintRange-error, .cm-lintPoint-error') !== null ? [i + 1] : [])),
    );
    expect(marked).toEqual([error!.line]);
    expect(await code.locator('.cm-lint-marker-error').count()).toBe(1);
    await underline.hover();
    const tooltip = code.locator('.cm-tooltip-lint');
    await tooltip.waitFor();
    expect(await tooltip.textContent()).toContain(error!.message);
    // Nothing ran: no lanes, no timeline.
    expect(await page.getByRole('region', { name: 'Task lanes' }).count()).toBe(0);
    await screenshot(page, 'syntax-error');

    // The app keeps working: a gallery scenario opens and plays, and the error is gone.
    await openFromGallery(page, 'Three coroutines, one second', '02-three-coroutines-gathered.py');
    expect(await page.getByRole('alert').count()).toBe(0);
    const gathered = new Expected(readFileSync(join(ROOT, 'scenarios', '02-three-coroutines-gathered.py'), 'utf8'), 'scenarios/02-three-coroutines-gathered.py');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await expectPageAt(page, gathered, 3);
    expect(pages.current?.problems).toEqual([]);
  });

  it('shows an unsupported construct with its hint, then opens a file of our own through the file input', async () => {
    const page = await fresh();
    const unsupported = tempScenario('match.py', UNSUPPORTED);
    const error = checkScenario(UNSUPPORTED, 'match.py');
    expect(error?.kind).toBe('unsupported');
    await page.setInputFiles('input[type=file]', unsupported);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = (await alert.textContent() ?? '').replace(/\s+/g, ' ');
    expect(text).toContain('Not supported');
    expect(text).toContain(`match.py:${error!.line}:${error!.column} ${error!.message}`);
    expect(text).toContain(`Hint: ${error!.hint}`);
    // The panel shows all it holds: the code below gives way (its last line used to be cut).
    expect(await alert.evaluate((panel) => panel.scrollHeight - panel.clientHeight)).toBeLessThanOrEqual(1);
    await screenshot(page, 'unsupported');

    const mine = tempScenario('mine.py', MINE);
    await forgetDrawn(page);
    await page.setInputFiles('input[type=file]', mine);
    await waitForDrawn(page, 'mine.py');
    expect(await page.getByRole('alert').count()).toBe(0);
    const expected = new Expected(MINE, 'mine.py');
    await page.keyboard.press('End');
    await expectPageAt(page, expected, expected.steps);
    // b sleeps less, so it prints first, at 0.250 s.
    expect((await readUi(page)).output).toEqual(['0.250\tTask-3\thello from b', '0.500\tTask-2\thello from a']);
    await screenshot(page, 'own-file');
    expect(pages.current?.problems).toEqual([]);
  });

  it('lists the first 60 entries of a long ready queue or timer heap, in order, then "and N more"', async () => {
    const page = await fresh();
    const file = tempScenario('hundred.py', HUNDRED);
    await forgetDrawn(page);
    await page.setInputFiles('input[type=file]', file);
    await waitForDrawn(page, 'hundred.py');
    const expected = new Expected(HUNDRED, 'hundred.py');
    // Step 1: main has run and queued the hundred tasks' first steps.
    await page.keyboard.press('ArrowRight');
    await expectPageAt(page, expected, 1, { allLanes: false });
    expect(expected.at(1).ready.length).toBe(100);
    const readyItems = page.getByRole('region', { name: 'Ready queue' }).getByRole('listitem');
    // Until it is scrolled, the list holds the rows its panel shows, and counts the rest.
    const shown = (await readyItems.count()) - 1;
    expect(shown).toBeGreaterThan(2);
    expect(shown).toBeLessThan(30);
    expect(await readyItems.last().textContent()).toBe(`and ${100 - shown} more`);
    await scrollLongLists(page, 'down');
    expect(await readyItems.count()).toBe(61);
    expect(await readyItems.last().textContent()).toBe('and 40 more');
    await scrollLongLists(page, 'back');
    await expect.poll(() => readyItems.count()).toBe(shown + 1);
    // What main waits for, 100 tasks long, is named in a line: in the narration, and to a screen reader.
    const mainLane = (await readUi(page)).lanes.find((lane) => lane.task === 'Task-1');
    expect(mainLane?.label).toMatch(/^Task-1, main: gather\(Task-2, Task-3, (Task-\d+, )*… \d+ more\)$/);
    expect(mainLane!.label.length).toBeLessThan(150);
    expect(await page.getByRole('region', { name: 'Narration' }).locator('code', { hasText: 'gather(' }).textContent()).toMatch(/^gather\(Task-2, (Task-\d+, )*… \d+ more\)$/);
    // After the hundred first steps: a hundred sleeps on the timer heap (the earliest of them is
    // already due at step 101, when the loop's next tick has begun), listed earliest first.
    for (let i = 0; i < 99; i++) await page.keyboard.press('ArrowRight');
    await expectPageAt(page, expected, 100, { allLanes: false });
    expect(expected.at(100).timers.length).toBe(99);
    await page.keyboard.press('ArrowRight');
    await expectPageAt(page, expected, 101, { allLanes: false });
    expect(expected.at(101).timers.map((timer) => timer.when)).toEqual(Array.from({ length: 99 }, (_, n) => 0.001 * (n + 2)));
    const timerItems = page.getByRole('region', { name: 'Timers' }).getByRole('listitem');
    await scrollLongLists(page, 'down');
    expect(await timerItems.count()).toBe(61);
    expect(await timerItems.first().getAttribute('data-when')).toBe('0.002');
    expect(await timerItems.last().textContent()).toBe('and 39 more');
    await screenshot(page, 'hundred-timers');
    expect(pages.current?.problems).toEqual([]);
  });
});
