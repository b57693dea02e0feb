/**
 * The desktop app's page, with its Electron host over a faked preload (fake-preload.ts): what the
 * page asks of main while a person edits (play the text, the buffer for the title and the backup,
 * Save from the menu, the buffer on a flush request), and the bar shown when the open file
 * changes on disk while the buffer has edits: Reload (undoable), Keep mine, Compare.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, forgetDrawn, screenshot, skipReason, startBrowser, waitForDrawn, type BrowserFixture } from './support.ts';
import { calls, diskChanged, emit, flushRequest, loaded, menu, openDesktopPage } from './fake-preload.ts';
import { editorContent, editorLines, leaveEditor, mod, replaceText } from './editor-ui.ts';
import { Expected } from './ui.ts';
import { expectPageAt } from './expect-page.ts';

if (skipReason !== null) console.log(`tests/browser/desktop-editing.test.ts ${skipReason}`);

const FILE = '/home/teacher/talk/demo.py';
const NAME = 'demo.py';
const SOURCE = readFileSync(join(ROOT, 'scenarios', '02-three-coroutines-gathered.py'), 'utf8');

describe.skipIf(skipReason !== null)('editing in the desktop app, through its host', () => {
  let fixture: BrowserFixture;
  beforeAll(async () => {
    fixture = await startBrowser();
  }, 180_000);
  afterAll(async () => {
    await fixture?.close();
  });

  async function desktopPage(): Promise<{ page: Page; problems: string[]; close: () => Promise<void> }> {
    const { context, page, problems } = await openDesktopPage(fixture);
    await page.getByRole('heading', { name: /Open a scenario/ }).waitFor();
    await forgetDrawn(page);
    await emit(page, loaded(FILE, SOURCE));
    await waitForDrawn(page, NAME);
    return { page, problems, close: () => context.close() };
  }

  it('an edit is played by main, reported for the title and backup, and saved from the menu', async () => {
    const { page, problems, close } = await desktopPage();
    // The desktop's own buttons: Save, not Download; no Copy link.
    expect(await page.getByRole('button', { name: 'Save', exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Copy link' }).count()).toBe(0);

    const edited = SOURCE.replace('asyncio.sleep(1)', 'asyncio.sleep(2)');
    await replaceText(page, 'asyncio.sleep(1)', 'asyncio.sleep(2)');
    // Once typing pauses, the page asks main to play the text of document 1, and reports the buffer.
    await expect.poll(async () => (await calls(page)).played.at(-1)).toEqual({ document: 1, source: edited });
    await expect.poll(async () => (await calls(page)).buffers.at(-1)).toEqual({ document: 1, source: edited, dirty: true });
    expect(await page.title()).toBe(`• ${NAME} — Loopscope`);

    // Main answers with the edit's replay: the lanes are the new run's.
    await forgetDrawn(page);
    await emit(page, loaded(FILE, edited, { edit: true }));
    await waitForDrawn(page, NAME);
    const expected = new Expected(edited, FILE);
    await leaveEditor(page);
    await page.keyboard.press('End');
    await expectPageAt(page, expected, expected.steps);

    // A flush request (closing the window) gets the buffer as it is now, not as last reported.
    await editorContent(page).click();
    await page.keyboard.press(`${mod}+End`);
    await page.keyboard.type('# last words');
    await flushRequest(page, 7);
    await expect.poll(async () => (await calls(page)).flushed.at(-1)).toEqual({ flush: 7, document: 1, buffer: { source: `${edited}# last words`, dirty: true } });

    // File ▸ Save (the menu's Ctrl/Cmd+S) saves the text as it is now; the title loses its dot.
    await menu(page, 'save');
    await expect.poll(async () => (await calls(page)).saved.at(-1)).toEqual({ document: 1, source: `${edited}# last words` });
    await expect.poll(() => page.title()).toBe(`${NAME} — Loopscope`);
    await menu(page, 'save-as');
    await expect.poll(async () => (await calls(page)).savedAs.length).toBe(1);
    // The page does not bind Ctrl+S itself in Electron: the menu has it.
    const saves = (await calls(page)).saved.length;
    await page.keyboard.press(`${mod}+s`);
    await page.waitForTimeout(300);
    expect((await calls(page)).saved.length).toBe(saves);
    // New goes to main (which asks about unsaved changes itself).
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await expect.poll(async () => (await calls(page)).news).toBe(1);
    expect(problems).toEqual([]);
    await close();
  });

  it('the file changed on disk while edited: the bar offers Reload, Keep mine and Compare', async () => {
    const { page, problems, close } = await desktopPage();
    const mine = SOURCE.replace('asyncio.sleep(1)', 'asyncio.sleep(5)');
    const onDisk = SOURCE.replace('print("Coroutine finished")', 'print("Coroutine done")');
    await replaceText(page, 'asyncio.sleep(1)', 'asyncio.sleep(5)');
    await expect.poll(() => page.title()).toBe(`• ${NAME} — Loopscope`);

    await diskChanged(page, FILE, onDisk);
    const bar = page.getByRole('alert', { name: 'File changed on disk' });
    await bar.waitFor();
    expect((await bar.textContent())?.replace(/\s+/g, ' ')).toContain(`${NAME} changed on disk, and you have unsaved changes in the editor.`);
    await expect.poll(() => editorLines(page), { timeout: 10_000 }).toEqual(mine.split('\n'));

    // Compare: the two texts side by side, the differing lines marked on both sides.
    await bar.getByRole('button', { name: 'Compare' }).click();
    const compare = page.getByRole('dialog', { name: 'Compare with the file on disk' });
    await compare.waitFor();
    const sides = compare.locator('.cm-mergeViewEditor');
    await expect.poll(() => sides.count()).toBe(2);
    expect(await sides.nth(0).locator('.cm-changedLine').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('asyncio.sleep(1)'), expect.stringContaining('Coroutine done')]));
    expect(await sides.nth(1).locator('.cm-changedLine').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('asyncio.sleep(5)'), expect.stringContaining('Coroutine finished')]));
    await screenshot(page, 'disk-change-compare');
    await compare.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => compare.count()).toBe(0);
    await screenshot(page, 'disk-change-bar');

    // Reload: the disk's text replaces mine, as one edit that Ctrl+Z undoes.
    await bar.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => bar.count()).toBe(0);
    await expect.poll(() => editorLines(page), { timeout: 10_000 }).toEqual(onDisk.split('\n'));
    await expect.poll(() => page.title()).toBe(`${NAME} — Loopscope`);
    await editorContent(page).click();
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(() => editorLines(page), { timeout: 10_000 }).toEqual(mine.split('\n'));
    await expect.poll(() => page.title()).toBe(`• ${NAME} — Loopscope`);

    // Save found the file changed and the person chose Compare in its dialog: the comparison opens
    // at once, over the bar.
    await diskChanged(page, FILE, onDisk, true);
    await compare.waitFor();
    expect(await bar.count()).toBe(1);
    await compare.getByRole('button', { name: 'Close' }).click();
    await bar.getByRole('button', { name: 'Keep mine' }).click();
    await expect.poll(() => bar.count()).toBe(0);
    await expect.poll(() => editorLines(page), { timeout: 10_000 }).toEqual(mine.split('\n'));

    // Changed again: Keep mine leaves the text alone, still unsaved (the file is newer than it).
    const newer = onDisk.replace('Coroutine done', 'Coroutine over');
    await diskChanged(page, FILE, newer);
    await bar.waitFor();
    await bar.getByRole('button', { name: 'Keep mine' }).click();
    await expect.poll(() => bar.count()).toBe(0);
    await expect.poll(() => editorLines(page), { timeout: 10_000 }).toEqual(mine.split('\n'));
    expect(await page.title()).toBe(`• ${NAME} — Loopscope`);

    // A change on disk while the buffer is clean is simply taken, no bar.
    await menu(page, 'save');
    await expect.poll(() => page.title()).toBe(`${NAME} — Loopscope`);
    await diskChanged(page, FILE, onDisk);
    await expect.poll(async () => (await editorLines(page)).join('\n')).toBe(onDisk);
    expect(await bar.count()).toBe(0);
    // Another file's change is not this document's business.
    await diskChanged(page, '/elsewhere/other.py', 'x = 1\n');
    await page.waitForTimeout(200);
    expect(await bar.count()).toBe(0);
    expect(problems).toEqual([]);
    await close();
  });
});
