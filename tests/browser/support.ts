/**
 * Browser tests' shared fixture (and the renderer bench's): the web build served on 127.0.0.1:0
 * and Debian's Chromium driven by playwright-core. Plain Node, no vitest, so `npm run bench` can use
 * it too.
 *
 *   - The web bundle (vite.web.config.ts → out/web) is built only when it is older than its sources
 *     (renderer/, scheduler/, scenarios/, main/common/, the Vite and Svelte configs). Test files run
 *     in parallel, so the check and the build happen under a lock, and each caller serves its own
 *     copy of out/web: a rebuild for another file never pulls the page from under a running test.
 *   - Chromium: /usr/bin/chromium (`apt-get install -y chromium`; CI does it in .ci/run), or the
 *     binary LOOPSCOPE_CHROMIUM names. Without it `skipReason` says so, and the tests and the bench
 *     skip with that reason printed.
 *   - Screenshots go to out/screenshots/ (ignored by git); look at them after a run.
 *
 * Page functions (page.evaluate, evaluateAll) run in the browser. The tests are type-checked with
 * Node's types only, so page functions reach the DOM through small local interfaces (PageGlobals).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildWeb, serveWeb, WEB_DIR } from '../../main/web/serve.ts';

export const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
/** Debian's Chromium; LOOPSCOPE_CHROMIUM points elsewhere (another Chromium or Chrome binary). */
export const CHROMIUM = process.env['LOOPSCOPE_CHROMIUM'] || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Where the tests write their screenshots (out/ is ignored by git). */
export const SCREENSHOTS = join(ROOT, 'out', 'screenshots');
export const VIEWPORT = { width: 1440, height: 900 };

/** Why the browser tests cannot run here, or null when they can. */
export const skipReason: string | null = existsSync(CHROMIUM)
  ? null
  : `skipped: no Chromium at ${CHROMIUM} (install Debian's: apt-get install -y chromium, as .ci/run does; or set LOOPSCOPE_CHROMIUM)`;

// ----- the web build -----

const SOURCES = ['renderer', 'scheduler', 'scenarios', join('main', 'common'), 'vite.web.config.ts', 'vite-player-asset.ts', join('out', 'player', 'player.html'), 'svelte.config.js', 'package.json'];

export function newestMtime(path: string): number {
  const info = statSync(path, { throwIfNoEntry: false });
  if (info === undefined) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** True when out/web exists and is newer than everything it is built from. */
export function webBuildIsFresh(): boolean {
  const built = statSync(join(WEB_DIR, 'index.html'), { throwIfNoEntry: false });
  if (built === undefined) return false;
  return SOURCES.every((source) => newestMtime(join(ROOT, source)) < built.mtimeMs);
}

const LOCK = join(ROOT, 'out', '.web-build.lock');
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export async function withBuildLock<T>(work: () => T): Promise<T> {
  mkdirSync(join(ROOT, 'out'), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock left by a killed run: older than any build takes.
      const age = Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`timed out waiting for ${LOCK} (another web build)`);
      else await sleep(100);
    }
  }
  try {
    return work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * Build out/web if it is stale, then copy it to a fresh temporary folder and return that folder.
 * `built` says whether this call ran Vite.
 */
export async function preparedWebBuild(): Promise<{ dir: string; built: boolean }> {
  return withBuildLock(() => {
    let built = false;
    if (!webBuildIsFresh()) {
      buildWeb();
      built = true;
    }
    const dir = mkdtempSync(join(tmpdir(), 'loopscope-web-'));
    cpSync(WEB_DIR, dir, { recursive: true });
    return { dir, built };
  });
}

// ----- server and browser -----

export interface BrowserFixture {
  browser: Browser;
  /** The served page, ending in '/'. */
  url: string;
  /** Seconds spent building (0 when out/web was fresh). */
  buildSeconds: number;
  close(): Promise<void>;
}

/** Build (if stale), serve a copy of out/web on 127.0.0.1:0 and launch Chromium. */
export async function startBrowser(): Promise<BrowserFixture> {
  const started = performance.now();
  const { dir, built } = await preparedWebBuild();
  const buildSeconds = built ? (performance.now() - started) / 1000 : 0;
  let server: Server | null = null;
  try {
    const served = await serveWeb({ dir, port: 0 });
    server = served.server;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
    return {
      browser,
      url: served.url,
      buildSeconds,
      async close() {
        await browser.close();
        await new Promise<void>((done) => server?.close(() => done()));
        rmSync(dir, { recursive: true, force: true });
        removeTempDirs();
      },
    };
  } catch (error) {
    server?.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors, console errors and warnings (CSP violations among them). */
  problems: string[];
}

/**
 * A fresh browser context (no stored theme, axis or speed): 1440x900, light theme unless asked.
 * Page functions are serialised from this process's transpiled code; under tsx (esbuild with
 * keepNames) they can call esbuild's `__name` helper, which the page then needs too.
 */
export async function newContext(
  fixture: BrowserFixture,
  options: { colorScheme?: 'light' | 'dark'; deviceScaleFactor?: number; viewport?: { width: number; height: number } } = {},
): Promise<BrowserContext> {
  const context = await fixture.browser.newContext({ viewport: options.viewport ?? VIEWPORT, colorScheme: options.colorScheme ?? 'light', deviceScaleFactor: options.deviceScaleFactor ?? 1 });
  await context.addInitScript({ content: 'globalThis.__name ??= (target) => target;' });
  return context;
}

/** A fresh context and page at the app. */
export async function openApp(fixture: BrowserFixture, options: { colorScheme?: 'light' | 'dark' } = {}): Promise<OpenedPage> {
  const context = await newContext(fixture, options);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console.${message.type()}: ${message.text()}`);
  });
  await page.goto(fixture.url);
  return { context, page, problems };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

const tempDirs: string[] = [];
function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
process.on('exit', removeTempDirs);

/** Write a scenario file into a fresh temporary folder (removed by the fixture's close, or at exit); returns its path. */
export function tempScenario(name: string, source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'loopscope-scenario-'));
  tempDirs.push(dir);
  const path = join(dir, name);
  writeFileSync(path, source);
  return path;
}

// ----- the page -----

interface PageGlobals {
  document: { documentElement: { dataset: Record<string, string | undefined> } };
}

/** Forget which scenario was drawn last, so that waitForDrawn waits for the next one. */
export async function forgetDrawn(page: Page): Promise<void> {
  await page.evaluate(() => {
    delete (globalThis as unknown as PageGlobals).document.documentElement.dataset['drawn'];
  });
}

/**
 * Wait until the page has drawn the scenario `name` (App.svelte sets data-drawn after the first
 * frame). Checked every animation frame, or every `polling` ms (the profiles' benches: fewer checks
 * in the page they measure).
 */
export async function waitForDrawn(page: Page, name: string, timeout = 60_000, polling: number | 'raf' = 'raf'): Promise<void> {
  await page.waitForFunction((expected) => (globalThis as unknown as PageGlobals).document.documentElement.dataset['drawn'] === expected, name, { timeout, polling });
}

/** Click a gallery entry by its title and wait until that scenario is drawn. */
export async function openFromGallery(page: Page, title: string, name: string): Promise<void> {
  await forgetDrawn(page);
  await page.getByRole('region', { name: 'Gallery' }).getByRole('button', { name: title, exact: true }).click();
  await waitForDrawn(page, name);
}
