/**
 * The real window: the built app launched in Electron through playwright-core's `_electron`.
 *
 * Runs only where the Electron binary is installed (node_modules/electron/dist; `npm install`
 * fetches it on a connected machine) and, on Linux, where there is a display. Headless Linux CI:
 *
 *   apt-get install -y xvfb xauth
 *   xvfb-run -a -s "-screen 0 1280x800x24" npx vitest run tests/electron
 *
 * Otherwise every test is skipped and the reason is printed plainly.
 *
 * What it shows: the window is served from app://loopscope with the CSP header; the page gets
 * exactly window.loopscope and no Node; navigation and new windows are refused; the gallery
 * lists the scenarios and opens one; a file given on the command line opens, and saving it
 * replays it with reload: true. Editing: typing into the code marks the title unsaved (●),
 * File ▸ Save writes the editor's text and clears the mark, and closing the window with unsaved
 * changes asks Save / Don't Save / Cancel (the native message box is answered from the main
 * process, where the test replaces dialog.showMessageBox).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreloadApi } from '../../main/common/contract.ts';
import { ROOT } from '../main/support.ts';

/**
 * What functions passed to page.evaluate see. They run in the window, where these exist; this
 * file is type-checked with Node's types only, so each page function casts globalThis to this.
 */
interface PageGlobals {
  loopscope: PreloadApi;
  location: { href: string };
  open(url: string): unknown;
  require?: unknown;
  process?: unknown;
  ipcRenderer?: unknown;
  loaded: { name: string; reload: boolean }[];
}

const binaryInstalled = existsSync(join(ROOT, 'node_modules', 'electron', 'dist'));
const displayAvailable = process.platform !== 'linux' || Boolean(process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY']);
const skipReason = !binaryInstalled
  ? 'skipped: the Electron binary is not installed here (node_modules/electron/dist is missing)'
  : !displayAvailable
    ? 'skipped: no display; run under xvfb-run -a (see the top of this file)'
    : null;
if (skipReason !== null) console.log(`tests/electron/app.e2e.test.ts ${skipReason}`);
// The release workflow (.github/workflows/release.yml) sets this: there the window must be tested.
if (skipReason !== null && process.env['LOOPSCOPE_REQUIRE_ELECTRON'] === '1') throw new Error(`LOOPSCOPE_REQUIRE_ELECTRON=1 but the real-window test would be ${skipReason}`);

const run = promisify(execFile);
const outputDir = join(ROOT, 'node_modules', '.cache', 'loopscope-e2e');

describe.skipIf(skipReason !== null)('the Loopscope window (Electron)', () => {
  let app: ElectronApplication;
  let page: Page;
  let scenarioFile = '';

  beforeAll(async () => {
    await run(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT });
    // A folder for the whole suite (profile, scenario, screenshot), kept afterwards for a look.
    rmSync(outputDir, { recursive: true, force: true });
    const dir = outputDir;
    mkdirSync(join(dir, 'profile'), { recursive: true });
    scenarioFile = join(dir, 'counter.py');
    writeFileSync(scenarioFile, '"""Counter"""\nimport asyncio\n\nasync def main():\n    print("v1")\n    await asyncio.sleep(1)\n\nasyncio.run(main())\n');
    app = await electron.launch({
      cwd: ROOT,
      // Chromium refuses to start as root with its sandbox (containers): test infrastructure only.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '.', scenarioFile],
      env: { ...(process.env as Record<string, string>), LOOPSCOPE_USER_DATA_DIR: join(dir, 'profile') },
      timeout: 30_000,
    });
    page = await app.firstWindow();
    await page.waitForLoadState('load');
  }, 90_000);

  afterAll(async () => {
    // The last test closes the window (and on Windows and Linux the app with it).
    await app?.close().catch(() => {});
  });

  it('is one window, served from app://loopscope, titled by the scenario from the command line', async () => {
    expect(page.url()).toBe('app://loopscope/index.html');
    const titles = await app.evaluate(async ({ BrowserWindow }) => {
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && !BrowserWindow.getAllWindows()[0]?.getTitle().startsWith('counter.py')) await new Promise((r) => setTimeout(r, 50));
      return BrowserWindow.getAllWindows().map((window) => window.getTitle());
    });
    expect(titles).toEqual(['counter.py — Loopscope']);
  });

  it('sends the strict CSP with the page', async () => {
    const csp = await page.evaluate(async () => (await fetch((globalThis as unknown as PageGlobals).location.href)).headers.get('content-security-policy'));
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
  });

  it('gives the page window.loopscope and nothing of Node or IPC', async () => {
    const surface = await page.evaluate(() => {
      const page = globalThis as unknown as PageGlobals;
      return { api: Object.keys(page.loopscope).sort(), require: typeof page.require, process: typeof page.process, ipcRenderer: typeof page.ipcRenderer };
    });
    expect(surface).toEqual({
      api: [
        'bufferChanged',
        'bufferFlushed',
        'listGallery',
        'newScenario',
        'onDiskChange',
        'onFlushRequest',
        'onMenuCommand',
        'onRunProgress',
        'onScenarioLoaded',
        'openDialog',
        'openDropped',
        'openGallery',
        'playSource',
        'save',
        'saveAs',
      ],
      require: 'undefined',
      process: 'undefined',
      ipcRenderer: 'undefined',
    });
  });

  it('refuses navigation and new windows', async () => {
    const opened = await page.evaluate(() => (globalThis as unknown as PageGlobals).open('https://example.com/') === null);
    expect(opened).toBe(true);
    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).location.href = 'https://example.com/';
    });
    await page.waitForTimeout(300);
    expect(page.url()).toBe('app://loopscope/index.html');
    expect(app.windows()).toHaveLength(1);
  });

  it('lists the gallery and opens a gallery scenario', async () => {
    const result = await page.evaluate(async () => {
      const api = (globalThis as unknown as PageGlobals).loopscope;
      const gallery = await api.listGallery();
      const loaded = new Promise<{ file: string; kind: string; events: string }>((resolve) => {
        const off = api.onScenarioLoaded((scenario) => {
          off();
          const trace = scenario.outcome.kind === 'trace' ? scenario.outcome.trace : null;
          resolve({ file: scenario.file, kind: scenario.outcome.kind, events: trace === null ? '' : trace.events.constructor.name });
        });
      });
      await api.openGallery('02-three-coroutines-gathered.py');
      return { count: gallery.length, first: gallery[0]?.title, loaded: await loaded };
    });
    expect(result.count).toBeGreaterThan(20);
    expect(result.first).toBe('Counter: sequential vs gathered');
    expect(result.loaded).toEqual({ file: 'scenarios/02-three-coroutines-gathered.py', kind: 'trace', events: 'Int32Array' });
    const screenshot = join(outputDir, 'gallery-scenario.png');
    await page.screenshot({ path: screenshot });
    console.log(`screenshot of the window: ${screenshot}`);
  });

  it('opens a file sent by a second instance, and replays it when it is saved (reload: true)', async () => {
    await page.evaluate(() => {
      const page = globalThis as unknown as PageGlobals;
      page.loaded = [];
      page.loopscope.onScenarioLoaded((scenario) => page.loaded.push({ name: scenario.name, reload: scenario.reload }));
    });
    // What `loopscope counter.py` run a second time does: the first instance opens the file.
    await app.evaluate(({ app: electronApp }, file) => {
      electronApp.emit('second-instance', {}, [process.execPath, '.', file], process.cwd());
    }, scenarioFile);
    await page.waitForFunction(
      () => (globalThis as unknown as PageGlobals).loaded.some((entry) => entry.name === 'counter.py' && !entry.reload),
      null,
      { timeout: 10_000 },
    );
    writeFileSync(scenarioFile, '"""Counter"""\nimport asyncio\n\nasync def main():\n    print("v2")\n    await asyncio.sleep(2)\n\nasyncio.run(main())\n');
    await page.waitForFunction(
      () => (globalThis as unknown as PageGlobals).loaded.some((entry) => entry.name === 'counter.py' && entry.reload),
      null,
      { timeout: 10_000 },
    );
  });

  /** The window's title, once `check` accepts it (polled in the main process). */
  async function titleWhen(check: string): Promise<string> {
    return app.evaluate(async ({ BrowserWindow }, wanted) => {
      const deadline = Date.now() + 10_000;
      const title = () => BrowserWindow.getAllWindows()[0]?.getTitle() ?? '';
      while (Date.now() < deadline && !new RegExp(wanted).test(title())) await new Promise((r) => setTimeout(r, 50));
      return title();
    }, check);
  }

  /** Click File ▸ LABEL in the application menu, as a person would. */
  async function clickFileMenu(label: string): Promise<void> {
    await app.evaluate(({ Menu }, wanted) => {
      const file = Menu.getApplicationMenu()?.items.find((item) => item.label.replace('&', '') === 'File');
      file?.submenu?.items.find((item) => item.label === wanted)?.click();
    }, label);
  }

  it('typing marks the title unsaved; File ▸ Save writes the editor’s text and clears the mark', async () => {
    const code = page.getByRole('textbox', { name: 'Scenario code' });
    await code.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('# typed in the window\n');
    expect(await titleWhen('^● counter\\.py — Loopscope$')).toBe('● counter.py — Loopscope');
    await clickFileMenu('Save');
    expect(await titleWhen('^counter\\.py — Loopscope$')).toBe('counter.py — Loopscope');
    expect(readFileSync(scenarioFile, 'utf8')).toContain('# typed in the window\n');
  });

  it('closing the window with unsaved changes asks Save / Don’t Save / Cancel: Cancel keeps it, Don’t Save closes it', async () => {
    // The native box cannot be clicked from here: main's dialog answers as scripted, and records the question.
    await app.evaluate(({ dialog }) => {
      const scripted = globalThis as unknown as { answers: number[]; asked: string[] };
      scripted.answers = [2, 1];
      scripted.asked = [];
      dialog.showMessageBox = (async (...args: unknown[]) => {
        const options = args.at(-1) as { message: string };
        scripted.asked.push(options.message);
        return { response: scripted.answers.shift() ?? 2, checkboxChecked: false };
      }) as typeof dialog.showMessageBox;
    });
    const code = page.getByRole('textbox', { name: 'Scenario code' });
    await code.click();
    await page.keyboard.type('# not saved\n');
    await titleWhen('^●');
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
    await page.waitForTimeout(500);
    const asked = await app.evaluate(() => (globalThis as unknown as { asked: string[] }).asked);
    expect(asked).toEqual(['Do you want to save the changes you made to counter.py?']);
    expect(app.windows()).toHaveLength(1);
    const closed = app.waitForEvent('close', { timeout: 10_000 }).catch(() => null);
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
    await closed;
    expect(readFileSync(scenarioFile, 'utf8')).not.toContain('# not saved');
  });
});
