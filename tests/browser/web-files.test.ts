/**
 * The web build's files, in Chromium: the text survives a reload and a closed tab (browser
 * storage), the address bar is a share link that opens the same scenario at the same step in a
 * fresh browser, Back and Forward move between scenarios, a text too long for a link says so and
 * offers the download, bad files and a megabyte paste get a clear message, and replacing unsaved
 * text asks first.
 */
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEW_SCENARIO_NAME, NEW_SCENARIO_SOURCE } from '../../main/common/scenario-template.ts';
import { MAX_FRAGMENT, decodeLink } from '../../renderer/app/share-link.ts';
import { ROOT, forgetDrawn, newContext, openApp, openFromGallery, skipReason, startBrowser, tempScenario, waitForDrawn, type BrowserFixture } from './support.ts';
import { Expected } from './ui.ts';
import { expectPageAt } from './expect-page.ts';
import { editorContent, editorLines, leaveEditor, mod, redrawnAfter, replaceText } from './editor-ui.ts';

if (skipReason !== null) console.log(`tests/browser/web-files.test.ts ${skipReason}`);

const GATHERED = { name: '02-three-coroutines-gathered.py', title: 'Three coroutines, one second' };
const COUNTER = { name: '01-counter-sequential-vs-gathered.py', title: 'Counter: sequential vs gathered' };
const source = (name: string) => readFileSync(join(ROOT, 'scenarios', name), 'utf8');

describe.skipIf(skipReason !== null)('files in the web build', () => {
  let fixture: BrowserFixture;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    fixture = await startBrowser();
  }, 180_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await fixture?.close();
  });

  async function open(): Promise<{ page: Page; context: BrowserContext; problems: string[] }> {
    const opened = await openApp(fixture);
    contexts.push(opened.context);
    await opened.page.getByRole('heading', { name: /Open a scenario/ }).waitFor();
    return opened;
  }

  async function newScenario(page: Page): Promise<void> {
    await redrawnAfter(page, NEW_SCENARIO_NAME, () => page.getByRole('button', { name: 'New', exact: true }).click());
  }

  it('an edit survives a reload, even one made just before it, and a closed tab', async () => {
    const { page, context, problems } = await open();
    await openFromGallery(page, GATHERED.title, GATHERED.name);
    const edited = source(GATHERED.name).replace('await asyncio.sleep(1)', 'await asyncio.sleep(2)');
    expect(edited).not.toBe(source(GATHERED.name));
    await replaceText(page, 'asyncio.sleep(1)', 'asyncio.sleep(2)');
    // No pause: the page keeps the last keystrokes as it goes away.
    await forgetDrawn(page);
    await page.reload();
    await waitForDrawn(page, GATHERED.name);
    expect(await editorLines(page)).toEqual(edited.split('\n'));
    expect(await page.title()).toBe(`• ${GATHERED.name} — Loopscope`);
    const expected = new Expected(edited, `scenarios/${GATHERED.name}`);
    await page.keyboard.press('End');
    await expectPageAt(page, expected, expected.steps);

    // The tab closed, the app opened again at its bare address: the text is still there.
    await page.close();
    const again = await context.newPage();
    await again.goto(fixture.url);
    await waitForDrawn(again, GATHERED.name);
    expect(await editorLines(again)).toEqual(edited.split('\n'));
    expect(await again.title()).toBe(`• ${GATHERED.name} — Loopscope`);
    expect(problems).toEqual([]);
  });

  it('a share link opens the same edited text at the same step in a fresh browser', async () => {
    const { page, context } = await open();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(fixture.url).origin });
    await newScenario(page);
    const edited = NEW_SCENARIO_SOURCE.replace('greet("bob", 2)', 'greet("bob", 2), greet("carol", 0.5)');
    await redrawnAfter(page, NEW_SCENARIO_NAME, () => replaceText(page, 'greet("bob", 2)', 'greet("bob", 2), greet("carol", 0.5)'));
    await leaveEditor(page);
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByText('Link copied').waitFor();
    const link = await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
    expect(link.startsWith(fixture.url)).toBe(true);
    expect(await decodeLink(new URL(link).hash)).toEqual({ kind: 'code', name: NEW_SCENARIO_NAME, source: edited, step: 5, marks: [] });
    // The address bar says the same.
    await expect.poll(() => page.url()).toBe(link);

    // Another browser: nothing stored, only the link.
    const fresh = await newContext(fixture);
    contexts.push(fresh);
    const other = await fresh.newPage();
    await other.goto(link);
    await waitForDrawn(other, NEW_SCENARIO_NAME);
    expect(await editorLines(other)).toEqual(edited.split('\n'));
    const expected = new Expected(edited, NEW_SCENARIO_NAME);
    await expectPageAt(other, expected, 5);
    // Opened from a link, it is not unsaved work of this browser's.
    expect(await other.title()).toBe(`${NEW_SCENARIO_NAME} — Loopscope`);
  });

  it('a gallery scenario travels by name, with its step', async () => {
    const { page } = await open();
    await openFromGallery(page, GATHERED.title, GATHERED.name);
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.url()).toBe(`${fixture.url}#gallery=${GATHERED.name}&step=3`);
    const fresh = await newContext(fixture);
    contexts.push(fresh);
    const other = await fresh.newPage();
    await other.goto(page.url());
    await waitForDrawn(other, GATHERED.name);
    await expectPageAt(other, new Expected(source(GATHERED.name), `scenarios/${GATHERED.name}`), 3);
    expect(await other.getByRole('region', { name: 'Gallery' }).getByRole('button', { name: GATHERED.title }).getAttribute('aria-current')).toBe('true');
  });

  it('Back and Forward move between scenarios, each at its step; edits add no history entries', async () => {
    const { page } = await open();
    await openFromGallery(page, COUNTER.title, COUNTER.name);
    for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.url()).toContain('step=2');
    await openFromGallery(page, GATHERED.title, GATHERED.name);
    await expect.poll(() => page.url()).toContain(`gallery=${GATHERED.name}`);
    const length = await page.evaluate(() => (globalThis as unknown as { history: { length: number } }).history.length);

    await forgetDrawn(page);
    await page.goBack();
    await waitForDrawn(page, COUNTER.name);
    await expectPageAt(page, new Expected(source(COUNTER.name), `scenarios/${COUNTER.name}`), 2);

    await forgetDrawn(page);
    await page.goForward();
    await waitForDrawn(page, GATHERED.name);
    await expectPageAt(page, new Expected(source(GATHERED.name), `scenarios/${GATHERED.name}`), 0);

    // Typing replaces the current entry: the history is as long as before.
    await redrawnAfter(page, GATHERED.name, () => replaceText(page, 'asyncio.sleep(1)', 'asyncio.sleep(3)'));
    await expect.poll(() => page.url()).toContain('code=');
    expect(await page.evaluate(() => (globalThis as unknown as { history: { length: number } }).history.length)).toBe(length);
  });

  it(`a text too long for a link (over ${MAX_FRAGMENT} characters) says so and offers the download`, async () => {
    const { page } = await open();
    await newScenario(page);
    // Text deflate cannot shrink: pseudo-random digits in comments.
    let seed = 7;
    const noise = Array.from({ length: 300 }, () =>
      `# ${Array.from({ length: 60 }, () => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return String(seed % 10);
      }).join('')}`,
    ).join('\n');
    await editorContent(page).click();
    await page.keyboard.press(`${mod}+End`);
    await page.keyboard.insertText(`${noise}\n`);
    await page.getByRole('button', { name: 'Copy link' }).click();
    const message = page.getByRole('status').filter({ hasText: 'too long to share as a link' });
    await message.waitFor();
    expect(await message.textContent()).toContain('links hold up to 8.0 KB');
    const download = page.waitForEvent('download');
    await message.getByRole('button', { name: 'Download .py' }).click();
    expect(await readFile(await (await download).path(), 'utf8')).toBe(`${NEW_SCENARIO_SOURCE}${noise}\n`);
    // The address bar keeps the name and the step, not the text.
    await expect.poll(() => new URL(page.url()).hash).toBe(`#name=${NEW_SCENARIO_NAME}`);
  });

  it('a binary file, invalid UTF-8 or another kind of file gets a message naming it; the app keeps working', async () => {
    const { page } = await open();
    const cases = [
      { name: 'picture.py', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00]), says: '“picture.py” looks like a binary file' },
      { name: 'latin.py', bytes: Buffer.concat([Buffer.from('print("caf'), Buffer.from([0xe9]), Buffer.from('")\n')]), says: '“latin.py” is not UTF-8 text: byte 0xE9 on line 1' },
      { name: 'notes.txt', bytes: Buffer.from('hello'), says: 'Loopscope opens Python scenario files (.py); “notes.txt” is not one.' },
    ];
    for (const { name, bytes, says } of cases) {
      await page.setInputFiles('input[type=file]', { name, mimeType: 'application/octet-stream', buffer: bytes });
      await page.getByRole('status').filter({ hasText: says }).waitFor();
    }
    // Dropped on the window, the same.
    const transfer = await page.evaluateHandle(() => {
      const w = globalThis as unknown as { DataTransfer: new () => { items: { add(file: unknown): void } }; File: new (parts: unknown[], name: string) => unknown; Uint8Array: typeof Uint8Array };
      const data = new w.DataTransfer();
      data.items.add(new w.File([new w.Uint8Array([0, 1, 2, 3])], 'dropped.py'));
      return data;
    });
    await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
    await page.getByRole('status').filter({ hasText: '“dropped.py” looks like a binary file' }).waitFor();
    // Still working: a good file opens.
    const good = tempScenario('good.py', NEW_SCENARIO_SOURCE);
    await forgetDrawn(page);
    await page.setInputFiles('input[type=file]', good);
    await waitForDrawn(page, 'good.py');
  });

  it('a megabyte pasted in is held, not played: the page says why and stays responsive', async () => {
    const { page, context } = await open();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(fixture.url).origin });
    await newScenario(page);
    const slider = page.getByRole('slider', { name: 'Cursor' });
    const drawnSteps = await slider.getAttribute('aria-valuemax');
    const big = `${'# a line of padding to make the text very long\n'.repeat(22_000)}`;
    expect(big.length).toBeGreaterThan(1_000_000);
    // Pasted as a person does: the text on the clipboard, then Ctrl/Cmd+V.
    await page.evaluate((text) => (globalThis as unknown as { navigator: { clipboard: { writeText(t: string): Promise<void> } } }).navigator.clipboard.writeText(text), big);
    await editorContent(page).click();
    await page.keyboard.press(`${mod}+End`);
    await page.keyboard.press(`${mod}+v`);
    const note = page.getByRole('status').filter({ hasText: 'characters long' });
    await note.waitFor();
    expect((await note.textContent())?.replace(/\s+/g, ' ')).toContain(`This text is ${(NEW_SCENARIO_SOURCE.length + big.length).toLocaleString('en-US')} characters long`);
    // Typing still works at once, and nothing was re-played (the drawing is the template's).
    await page.keyboard.type('x');
    await expect.poll(async () => (await editorLines(page)).includes('x')).toBe(true);
    await page.waitForTimeout(800);
    expect(await slider.getAttribute('aria-valuemax')).toBe(drawnSteps);
    expect(await page.getByRole('region', { name: 'Problems' }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Code' }).locator('.cm-lintRange-error').count()).toBe(0);
    // Undo takes it out again, and the scenario plays as before.
    await page.keyboard.press(`${mod}+z`);
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(() => note.count()).toBe(0);
  });

  it('replacing unsaved text asks first: Cancel keeps it, Download saves it, Discard drops it', async () => {
    const { page } = await open();
    await openFromGallery(page, GATHERED.title, GATHERED.name);
    await replaceText(page, 'asyncio.sleep(1)', 'asyncio.sleep(4)');
    const edited = source(GATHERED.name).replace('asyncio.sleep(1)', 'asyncio.sleep(4)');
    const gallery = page.getByRole('region', { name: 'Gallery' });
    const dialog = page.getByRole('dialog', { name: `Keep your changes to ${GATHERED.name}?` });

    await gallery.getByRole('button', { name: COUNTER.title }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await editorLines(page)).toEqual(edited.split('\n'));

    await gallery.getByRole('button', { name: COUNTER.title }).click();
    const download = page.waitForEvent('download');
    await forgetDrawn(page);
    await dialog.getByRole('button', { name: 'Download, then open' }).click();
    expect(await readFile(await (await download).path(), 'utf8')).toBe(edited);
    await waitForDrawn(page, COUNTER.name);

    await replaceText(page, 'asyncio.sleep(1)', 'asyncio.sleep(5)');
    await gallery.getByRole('button', { name: GATHERED.title }).click();
    await forgetDrawn(page);
    await page.getByRole('dialog').getByRole('button', { name: 'Discard my changes' }).click();
    await waitForDrawn(page, GATHERED.name);
    expect(await editorLines(page)).toEqual(source(GATHERED.name).split('\n'));
    expect(await page.title()).toBe(`${GATHERED.name} — Loopscope`);
  });
});
