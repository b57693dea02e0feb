/**
 * The standalone HTML player, as `loopscope run FILE --format html` writes it, opened from file://
 * in Chromium with no server at all, and played to the end. At chosen steps the page must show
 * what the trace says (the same check as the app's browser tests), and nothing may break the page's
 * Content-Security-Policy or throw.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli/cli.ts';
import { CHROMIUM, CHROMIUM_ARGS, ROOT, screenshot, skipReason, waitForDrawn } from './support.ts';
import { playerTemplate } from './player-build.ts';
import { Expected } from './ui.ts';
import { cursorOf, expectPageAt } from './expect-page.ts';

const NAME = '02-three-coroutines-gathered.py';
const SOURCE = readFileSync(join(ROOT, 'scenarios', NAME), 'utf8');

if (skipReason !== null) console.log(`tests/browser/player.test.ts ${skipReason}`);

describe.skipIf(skipReason !== null)('the standalone HTML player, from file://', () => {
  const expected = new Expected(SOURCE, NAME);
  let browser: Browser;
  let dir: string;
  let page: string;

  beforeAll(async () => {
    const template = await playerTemplate();
    let html = '';
    const status = runCli(['run', NAME, '--format', 'html'], {
      stdout: (text) => (html += typeof text === 'string' ? text : new TextDecoder().decode(text)),
      stderr: (text) => {
        throw new Error(text);
      },
      readFile: () => SOURCE,
      stderrIsTTY: false,
      now: () => 0,
      playerTemplate: () => template,
    });
    expect(status).toBe(0);
    dir = mkdtempSync(join(tmpdir(), 'loopscope-player-'));
    page = join(dir, 'gather.html');
    writeFileSync(page, html);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(options: { width: number; height: number; colorScheme: 'light' | 'dark' }): Promise<{ page: Page; problems: string[]; close: () => Promise<void> }> {
    const context = await browser.newContext({ viewport: { width: options.width, height: options.height }, colorScheme: options.colorScheme });
    await context.addInitScript({ content: 'globalThis.__name ??= (target) => target;' });
    const tab = await context.newPage();
    const problems: string[] = [];
    tab.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    tab.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console.${message.type()}: ${message.text()}`);
    });
    // No server and no network: anything the page tried to fetch would fail here.
    tab.on('request', (request) => {
      if (!request.url().startsWith('file://') && !request.url().startsWith('data:')) problems.push(`request: ${request.url()}`);
    });
    await tab.goto(pathToFileURL(page).href);
    await waitForDrawn(tab, NAME, 30_000);
    return { page: tab, problems, close: () => context.close() };
  }

  it('opens with no server, shows the trace, and plays to the end', async () => {
    const { page: tab, problems, close } = await open({ width: 1440, height: 900, colorScheme: 'light' });
    expect(await tab.title()).toBe(`${NAME} — Loopscope`);
    await expectPageAt(tab, expected, 0);
    await tab.keyboard.press('ArrowRight');
    await tab.keyboard.press('ArrowRight');
    await tab.keyboard.press('ArrowRight');
    await expectPageAt(tab, expected, 3);
    // Play at the fastest speed, from the start, to the end.
    await tab.keyboard.press('Home');
    await tab.getByRole('radio', { name: '4×' }).click();
    await tab.getByRole('button', { name: 'Play', exact: true }).click();
    await expect.poll(() => cursorOf(tab), { timeout: 30_000, interval: 250 }).toBe(expected.steps);
    await expect(tab.getByRole('button', { name: 'Play', exact: true }).isVisible()).resolves.toBe(true);
    await expectPageAt(tab, expected, expected.steps);
    await screenshot(tab, 'player-end-1440x900-light');
    expect(problems).toEqual([]);
    await close();
  });

  for (const [width, height, colorScheme] of [
    [1280, 720, 'dark'],
    [1920, 1080, 'light'],
  ] as const) {
    it(`is legible at ${width}×${height} (${colorScheme})`, async () => {
      const { page: tab, problems, close } = await open({ width, height, colorScheme });
      await tab.keyboard.press('ArrowRight');
      await tab.keyboard.press('ArrowRight');
      await screenshot(tab, `player-${width}x${height}-${colorScheme}`);
      expect(problems).toEqual([]);
      await close();
    });
  }
});
