/**
 * Teaching in the app (issue 12): the "?" sheet lists every shortcut of the one table; the speed
 * keys; the quiz (Q) asks what the real ready queue and timers say, scores, explains with the
 * narration, veils the future, and runs on a chapter; Export (E) makes each format from the run on
 * screen: downloads on the web, the host's save on the desktop (the faked preload records it).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../scheduler/python/scenario.ts';
import { narrate } from '../../scheduler/explain/narration.ts';
import { buildExplainIndex } from '../../scheduler/explain/index.ts';
import { SHORTCUTS } from '../../renderer/teach/shortcuts.ts';
import { explanation, nextQuestion, quizSourceOf } from '../../renderer/teach/quiz.ts';
import { chapterSteps, parseChapters, stepLinesOf } from '../../renderer/teach/chapters.ts';
import { ROOT, forgetDrawn, newContext, openApp, openFromGallery, screenshot, skipReason, startBrowser, waitForDrawn, type BrowserFixture, type OpenedPage } from './support.ts';
import { cursorOf } from './expect-page.ts';
import { calls, emit, loaded, openDesktopPage } from './fake-preload.ts';
import { editorContent, leaveEditor, mod } from './editor-ui.ts';
import { checkTraceEventFormat } from '../export/trace-event-format.ts';

const NAME = '02-three-coroutines-gathered.py';
const TITLE = 'Three coroutines, one second';
const SOURCE = readFileSync(join(ROOT, 'scenarios', NAME), 'utf8');

const CHAPTERED = `import asyncio


async def work(name, delay):
    print(f"{name} starts")
    await asyncio.sleep(delay)
    print(f"{name} done")


async def main():
    # %% Sequential
    await work("a", 1)
    await work("b", 1)
    # %% Gathered
    await asyncio.gather(work("c", 1), work("d", 1))


asyncio.run(main())
`;

if (skipReason !== null) console.log(`tests/browser/teach.test.ts ${skipReason}`);

describe.skipIf(skipReason !== null)('teaching in the app', () => {
  let fixture: BrowserFixture;
  const opened: OpenedPage[] = [];
  beforeAll(async () => {
    fixture = await startBrowser();
  }, 180_000);
  afterAll(async () => {
    for (const app of opened) await app.context.close();
    await fixture?.close();
  });

  async function gather(options: { viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark' } = {}): Promise<OpenedPage> {
    const app = options.viewport === undefined ? await openApp(fixture, options) : await openSized(options.viewport, options.colorScheme ?? 'light');
    opened.push(app);
    await openFromGallery(app.page, TITLE, NAME);
    return app;
  }
  async function openSized(viewport: { width: number; height: number }, colorScheme: 'light' | 'dark'): Promise<OpenedPage> {
    const context = await newContext(fixture, { viewport, colorScheme });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    await page.goto(fixture.url);
    return { context, page, problems };
  }

  it('"?" opens a sheet with every shortcut of the table; Esc closes it; the keyboard button opens it too', async () => {
    const { page, problems } = await gather({ viewport: { width: 1280, height: 720 } });
    await page.keyboard.press('?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await sheet.waitFor();
    const rows = sheet.locator('.row');
    expect(await rows.count()).toBe(SHORTCUTS.length);
    const text = (await sheet.textContent()) ?? '';
    for (const shortcut of SHORTCUTS) expect(text).toContain(shortcut.does);
    for (const key of ['Space', 'Shift + →', 'Page Down', 'Esc', 'Ctrl + Shift + S']) expect(text).toContain(key);
    await screenshot(page, 'teach-shortcuts-1280x720-light');
    // The whole sheet is on screen at a projector's 1280×720.
    const box = await sheet.boundingBox();
    expect(box !== null && box.y >= 0 && box.y + box.height <= 720).toBe(true);
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'hidden' });
    // The page's keys work again once it is closed.
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => cursorOf(page)).toBe(1);
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await sheet.waitFor();
    await page.keyboard.press('?');
    await sheet.waitFor({ state: 'hidden' });
    expect(problems).toEqual([]);
  });

  it('a key pressed right after Esc closes the sheet or the export dialog reaches the page', async () => {
    // Esc fires the dialog's "cancel" at once and its "close" a task later; a page that waited for
    // "close" dropped an arrow pressed in between (7 times in these 24 rounds, here).
    const { page, problems } = await gather();
    const overlays = [
      { key: '?', dialog: page.getByRole('dialog', { name: 'Keyboard shortcuts' }) },
      { key: 'e', dialog: page.getByRole('dialog', { name: 'Export' }) },
    ];
    const dropped: string[] = [];
    for (let round = 0; round < 12; round++) {
      for (const { key, dialog } of overlays) {
        await page.keyboard.press('Home');
        await expect.poll(() => cursorOf(page)).toBe(0);
        await page.keyboard.press(key);
        await dialog.waitFor();
        await page.keyboard.press('Escape');
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('ArrowRight');
        await page.waitForTimeout(50);
        const cursor = await cursorOf(page);
        if (cursor !== 2) dropped.push(`${key} round ${round}: cursor ${cursor}`);
      }
    }
    expect(dropped).toEqual([]);
    expect(problems).toEqual([]);
  }, 60_000);

  it('> and < change the speed, one step of 0.5× 1× 2× 4× at a time', async () => {
    const { page } = await gather();
    const checked = () => page.getByRole('radiogroup', { name: 'Speed' }).locator('[aria-checked="true"]').textContent();
    expect(await checked()).toBe('1×');
    await page.keyboard.press('>');
    expect(await checked()).toBe('2×');
    await page.keyboard.press('>');
    await page.keyboard.press('>');
    expect(await checked()).toBe('4×');
    for (let i = 0; i < 4; i++) await page.keyboard.press('<');
    expect(await checked()).toBe('0.5×');
  });

  it('the quiz asks what the ready queue and timers say, scores the answers, explains them with the narration, and veils the future', async () => {
    const { page, problems } = await gather({ viewport: { width: 1280, height: 720 } });
    const { trace } = runScenario(SOURCE, { file: `scenarios/${NAME}` });
    const source = quizSourceOf(trace);
    const explain = buildExplainIndex(trace);
    const quiz = page.getByRole('region', { name: 'Quiz' });

    await page.keyboard.press('q');
    await quiz.waitFor();
    const first = nextQuestion(source, 0);
    expect(first).not.toBeNull();
    await expect.poll(() => cursorOf(page)).toBe(first!.step);
    expect(await quiz.locator('.prompt').textContent()).toBe(`Step ${first!.step + 1}: ${first!.prompt}`);
    expect(await quiz.locator('.choice span').allTextContents()).toEqual(first!.choices.map((c) => c.label));
    // The future is veiled (loop lane and task lanes), and no "next" hint gives the answer away.
    expect(await page.locator('.veil').count()).toBe(2);
    expect(await page.getByRole('region', { name: 'Task lanes' }).locator('.lane-state').allTextContents()).not.toContain('▶ next');
    await screenshot(page, 'teach-quiz-question-1280x720-light');

    // The right answer, clicked.
    const right = first!.choices.findIndex((c) => c.id === first!.answer);
    await quiz.locator('.choice').nth(right).click();
    await expect.poll(() => quiz.locator('.score-text').textContent()).toBe('1 of 1 right (100 %)');
    expect(await cursorOf(page)).toBe(first!.step + 1);
    expect(await quiz.locator('.verdict strong').textContent()).toBe('✓ Right!');
    expect(await quiz.locator('.why').textContent()).toBe(explanation(first!, narrate(explain, first!.step + 1).text));
    await screenshot(page, 'teach-quiz-answered-1280x720-light');

    // Enter: the next question; a wrong answer by its number key.
    await page.keyboard.press('Enter');
    const second = nextQuestion(source, first!.step + 1);
    expect(second).not.toBeNull();
    await expect.poll(() => cursorOf(page)).toBe(second!.step);
    const wrong = second!.choices.findIndex((c) => c.id !== second!.answer);
    await page.keyboard.press(String(wrong + 1));
    await expect.poll(() => quiz.locator('.score-text').textContent()).toBe('1 of 2 right (50 %)');
    expect(await quiz.locator('.verdict').textContent()).toContain('Not this time');
    expect(await quiz.locator('.verdict').textContent()).toContain(second!.choices.find((c) => c.id === second!.answer)!.label);

    // Esc closes the quiz: the veil goes.
    await page.keyboard.press('Escape');
    await quiz.waitFor({ state: 'hidden' });
    expect(await page.locator('.veil').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('the quiz in the dark at 1920×1080', async () => {
    const { page } = await gather({ viewport: { width: 1920, height: 1080 }, colorScheme: 'dark' });
    await page.getByRole('button', { name: 'Quiz' }).click();
    await page.getByRole('region', { name: 'Quiz' }).locator('.choice').first().waitFor();
    await screenshot(page, 'teach-quiz-question-1920x1080-dark');
  });

  it('the quiz runs on a chapter: its questions stay inside the chapter, to the last one', async () => {
    const app = await openApp(fixture);
    opened.push(app);
    const { page } = app;
    await page.getByRole('heading', { name: /Open a scenario/ }).waitFor();
    await forgetDrawn(page);
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await waitForDrawn(page, 'untitled.py');
    await editorContent(page).click();
    await page.keyboard.press(`${mod}+a`);
    await forgetDrawn(page);
    await page.keyboard.insertText(CHAPTERED);
    await waitForDrawn(page, 'untitled.py');
    await leaveEditor(page);

    const { trace } = runScenario(CHAPTERED, { file: 'untitled.py' });
    const chapters = chapterSteps(parseChapters(CHAPTERED), stepLinesOf(trace));
    const gathered = chapters.find((c) => c.title === 'Gathered')!;
    expect(gathered.firstStep).toBeGreaterThan(0);
    const source = quizSourceOf(trace);

    await page.keyboard.press('q');
    const quiz = page.getByRole('region', { name: 'Quiz' });
    await quiz.getByRole('combobox', { name: 'What the quiz runs on' }).selectOption({ label: 'chapter: Gathered' });
    const asked: number[] = [];
    for (let i = 0; i < 60; i++) {
      if (await quiz.locator('.done').isVisible()) break;
      await quiz.locator('.choice').first().waitFor();
      const step = await cursorOf(page);
      const question = nextQuestion(source, step, step + 1)!;
      asked.push(step);
      await page.keyboard.press(String(question.choices.findIndex((c) => c.id === question.answer) + 1));
      await quiz.locator('.result').waitFor();
      if (!(await quiz.getByRole('button', { name: /Next question/ }).isVisible())) break;
      await page.keyboard.press('Enter');
    }
    expect(asked.length).toBeGreaterThan(1);
    expect(asked[0]).toBe(nextQuestion(source, gathered.firstStep, gathered.endStep)!.step);
    for (const step of asked) expect(step >= gathered.firstStep && step < gathered.endStep, `step ${step}`).toBe(true);
    expect(await quiz.locator('.score-text').textContent()).toBe(`${asked.length} of ${asked.length} right (100 %)`);
  });

  it('Export on the web downloads each format, made from the run on screen', async () => {
    const { page, problems } = await gather();
    const dir = mkdtempSync(join(tmpdir(), 'loopscope-export-'));
    try {
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('e');
      const dialog = page.getByRole('dialog', { name: 'Export' });
      await dialog.waitFor();
      await screenshot(page, 'teach-export-1440x900-light');
      const save = async (label: string): Promise<{ name: string; bytes: Buffer }> => {
        await dialog.getByRole('radio', { name: new RegExp(label) }).check();
        const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), dialog.getByRole('button', { name: 'Download' }).click()]);
        const path = join(dir, download.suggestedFilename());
        await download.saveAs(path);
        await dialog.getByRole('status').filter({ hasText: 'Downloaded' }).waitFor();
        return { name: download.suggestedFilename(), bytes: readFileSync(path) };
      };

      const svg = await save('Picture \\(SVG\\)');
      expect(svg.name).toBe('02-three-coroutines-gathered.svg');
      const svgText = svg.bytes.toString('utf8');
      expect(svgText).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      for (const part of ['Event loop', 'Task-1', 'running', 'waiting']) expect(svgText).toContain(part);

      const png = await save('Picture \\(PNG\\)');
      expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(png.bytes.readUInt32BE(16)).toBe(2 * 1280);

      await dialog.getByRole('radio', { name: /Animated GIF/ }).check();
      await dialog.getByLabel('From step').fill('0');
      await dialog.getByLabel('to step').fill('5');
      const gif = await save('Animated GIF');
      expect(gif.name).toBe('02-three-coroutines-gathered-steps-0-5.gif');
      expect(gif.bytes.subarray(0, 6).toString('latin1')).toBe('GIF89a');
      // One image descriptor per frame: steps 0..5.
      expect(gif.bytes.readUInt16LE(6)).toBe(960);

      await dialog.getByRole('radio', { name: /PNG frames/ }).check();
      await dialog.getByLabel('From step').fill('2');
      await dialog.getByLabel('to step').fill('4');
      const zip = await save('PNG frames');
      const files = Object.keys(unzipSync(new Uint8Array(zip.bytes))).sort();
      expect(files).toEqual(['02-three-coroutines-gathered-step-002.png', '02-three-coroutines-gathered-step-003.png', '02-three-coroutines-gathered-step-004.png']);

      const perfetto = await save('Perfetto');
      const json = JSON.parse(perfetto.bytes.toString('utf8'));
      expect(checkTraceEventFormat(json)).toEqual([]);
      expect(json.traceEvents.length).toBeGreaterThan(10);

      const html = await save('HTML player');
      expect(html.name).toBe('02-three-coroutines-gathered.html');
      // The player opens from file:// with no server and shows the run.
      const context = await newContext(fixture);
      const player = await context.newPage();
      const playerProblems: string[] = [];
      player.on('pageerror', (error) => playerProblems.push(error.message));
      await player.goto(pathToFileURL(join(dir, html.name)).href);
      await waitForDrawn(player, NAME, 30_000);
      await player.keyboard.press('End');
      await expect.poll(() => cursorOf(player)).toBe(runScenario(SOURCE, { file: NAME }).trace.steps);
      expect(playerProblems).toEqual([]);
      await context.close();
      expect(problems).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Export on the desktop hands the bytes to the host, which asks where to save them', async () => {
    const { context, page, problems } = await openDesktopPage(fixture);
    try {
      await emit(page, loaded('/home/ada/gather.py', SOURCE));
      await waitForDrawn(page, 'gather.py');
      await page.keyboard.press('e');
      const dialog = page.getByRole('dialog', { name: 'Export' });
      await dialog.getByRole('radio', { name: /Perfetto/ }).check();
      await dialog.getByRole('button', { name: 'Save…' }).click();
      await dialog.getByRole('status').filter({ hasText: 'Saved gather.perfetto.json' }).waitFor();
      await dialog.getByRole('radio', { name: /Picture \(SVG\)/ }).check();
      await dialog.getByRole('button', { name: 'Save…' }).click();
      await dialog.getByRole('status').filter({ hasText: 'Saved gather.svg' }).waitFor();
      const exported = (await calls(page)).exported;
      expect(exported.map((e) => [e.name, e.kind])).toEqual([
        ['gather.perfetto.json', 'json'],
        ['gather.svg', 'svg'],
      ]);
      expect(String.fromCharCode(...(exported[1]?.head ?? []))).toBe('<svg xml');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
