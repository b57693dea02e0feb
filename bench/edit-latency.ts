/**
 * The editor's part of the renderer bench: how long an edit takes to reach the screen, in the web
 * build in headless Chromium, for a 50-line scenario (bench/scenarios/edit-50-lines.py).
 *
 * Each edit types one digit over another in a sleep's duration, the way a teacher changes a
 * number during a lesson. The page marks its moments (performance marks and measures):
 *
 *   loopscope:edit     the change in the editor (the keystroke's transaction)
 *   loopscope:replay   the pause after typing is over (REPLAY_DELAY_MS): the text goes to the worker
 *   loopscope:load     in the worker: parsing and compiling the scenario (a measure)
 *   loopscope:run      in the worker: running it on the scheduler, trace recorded (a measure)
 *   loopscope:model    on the page: the views' model built from the trace (a measure)
 *   bench:frame        the new frame drawn: the frame after the canvases drew the new trace
 *
 * "messaging" is what is left between replay and the result's arrival once load and run are taken
 * out (posting the text, the worker picking it up, moving the trace back). "draw" runs from the
 * model to the frame: Svelte's update, the canvases, the code marks, layout and paint.
 *
 * Printed next to it: opening the same file (its first frame), the baseline an edit should beat;
 * and how long a runaway typed into the editor takes to be diagnosed on screen: `while True: pass`
 * (the interpreter's statement budget) and a sleep(0) busy-poll (a livelock, like gallery 31).
 *
 *   node --import tsx bench/edit-latency.ts      (this part alone)
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { ROOT, forgetDrawn, newContext, skipReason, startBrowser, waitForDrawn, type BrowserFixture } from '../tests/browser/support.ts';
import { selectText } from '../tests/browser/editor-ui.ts';
import { REPLAY_DELAY_MS } from '../renderer/app/live-limits.ts';

const FILE = join(ROOT, 'bench', 'scenarios', 'edit-50-lines.py');
const NAME = 'edit-50-lines.py';
const EDITS = Number(process.env.BENCH_EDITS ?? 40);
const OPENS = 5;
const RUNAWAYS = 3;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 === 1 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};
const p95 = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : (s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)] as number);
};
const ms = (x: number): string => `${x.toFixed(1)} ms`.padStart(9);

interface Phases {
  total: number;
  afterPause: number;
  pause: number;
  load: number;
  run: number;
  messaging: number;
  model: number;
  draw: number;
}

interface PerfWindow {
  performance: {
    getEntriesByName(name: string): { startTime: number; duration: number }[];
    clearMarks(): void;
    clearMeasures(): void;
    mark(name: string): void;
  };
  requestAnimationFrame(cb: () => void): void;
  MessageChannel: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(m: unknown): void } };
  MutationObserver: new (cb: () => void) => { observe(target: unknown, options: unknown): void };
  document: { documentElement: { dataset: Record<string, string | undefined> } };
}

/** In the page: mark the frame drawn after each new trace (data-drawn set by the app). */
function watchFrames(): void {
  const w = globalThis as unknown as PerfWindow;
  const channel = new w.MessageChannel();
  channel.port1.onmessage = () => w.performance.mark('bench:frame');
  new w.MutationObserver(() => {
    if (w.document.documentElement.dataset['drawn'] !== undefined) w.requestAnimationFrame(() => channel.port2.postMessage(0));
  }).observe(w.document.documentElement, { attributes: true, attributeFilter: ['data-drawn'] });
}

async function clearEntries(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = globalThis as unknown as PerfWindow;
    w.performance.clearMarks();
    w.performance.clearMeasures();
  });
}

async function waitForFrame(page: Page): Promise<void> {
  await page.waitForFunction(() => (globalThis as unknown as PerfWindow).performance.getEntriesByName('bench:frame').length > 0, undefined, { timeout: 120_000 });
}

/** The phases of the last edit, from the page's marks. */
async function phases(page: Page): Promise<Phases> {
  return page.evaluate(() => {
    const p = (globalThis as unknown as PerfWindow).performance;
    const last = (name: string) => {
      const entries = p.getEntriesByName(name);
      const entry = entries[entries.length - 1];
      if (entry === undefined) throw new Error(`no ${name} entry`);
      return entry;
    };
    const edit = last('loopscope:edit').startTime;
    const replay = last('loopscope:replay').startTime;
    const load = last('loopscope:load');
    const run = last('loopscope:run');
    const model = last('loopscope:model');
    const frame = last('bench:frame').startTime;
    const arrived = run.startTime + run.duration;
    const modelEnd = model.startTime + model.duration;
    return {
      total: frame - edit,
      afterPause: frame - replay,
      pause: replay - edit,
      load: load.duration,
      run: run.duration,
      messaging: arrived - replay - load.duration - run.duration,
      model: model.duration,
      draw: frame - modelEnd,
    };
  });
}

async function openPage(fixture: BrowserFixture): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await newContext(fixture);
  const page = await context.newPage();
  await page.goto(fixture.url);
  await page.getByRole('heading', { name: /Open a scenario/ }).waitFor();
  await page.evaluate(watchFrames);
  return { page, close: () => context.close() };
}

/** Open the 50-line file through the page's file input; time from the choice to the first frame. */
async function openFile(page: Page): Promise<number> {
  await forgetDrawn(page);
  await clearEntries(page);
  const started = await page.evaluate(() => (globalThis as unknown as { performance: { now(): number } }).performance.now());
  await page.setInputFiles('input[type=file]', FILE);
  // After edits the page asks about them first.
  const discard = page.getByRole('dialog').getByRole('button', { name: 'Discard my changes' });
  await discard.click({ timeout: 1500 }).catch(() => {});
  await waitForDrawn(page, NAME, 60_000);
  await waitForFrame(page);
  return page.evaluate((t0) => {
    const entries = (globalThis as unknown as PerfWindow).performance.getEntriesByName('bench:frame');
    return (entries[entries.length - 1]?.startTime ?? NaN) - t0;
  }, started);
}

/** Type `text` over the current selection and wait for the new trace's frame. */
async function typeAndWait(page: Page, text: string): Promise<Phases> {
  await forgetDrawn(page);
  await clearEntries(page);
  await page.keyboard.type(text);
  await waitForDrawn(page, NAME, 120_000);
  await waitForFrame(page);
  return phases(page);
}

function row(what: string, xs: number[]): void {
  console.log(`    ${what.padEnd(34)} median ${ms(median(xs))}   p95 ${ms(p95(xs))}`);
}

export async function benchEditLatency(fixture: BrowserFixture): Promise<void> {
  const { page, close } = await openPage(fixture);
  try {
    const opens: number[] = [];
    for (let i = 0; i < OPENS; i++) opens.push(await openFile(page));

    // The caret after the 3 of ("salad", 0.3): each edit selects that digit and types another.
    await selectText(page, '"salad", 0.3');
    await page.keyboard.press('ArrowRight');
    const all: Phases[] = [];
    let digit = 3;
    for (let i = 0; i < EDITS; i++) {
      digit = (digit % 9) + 1;
      await page.keyboard.press('Shift+ArrowLeft');
      all.push(await typeAndWait(page, String(digit)));
    }
    const col = (key: keyof Phases) => all.map((p) => p[key]);
    console.log(`  Edit to redraw (${NAME}, 50 lines; ${EDITS} edits, one digit typed over another each time)`);
    row('file opened → first frame (baseline)', opens);
    row(`edit → new frame, ${REPLAY_DELAY_MS} ms pause included`, col('total'));
    row('end of the pause → new frame', col('afterPause'));
    row('  load: parse + compile (worker)', col('load'));
    row('  run: scheduler + trace (worker)', col('run'));
    row('  messaging: to the worker and back', col('messaging'));
    row('  model: the views\' model (page)', col('model'));
    row('  draw: update, canvases, paint', col('draw'));
    const target = p95(col('afterPause'));
    console.log(`    p95 after the pause: ${target.toFixed(1)} ms (target ≤ 100 ms: ${target <= 100 ? 'met' : 'NOT met'})`);

    // Runaways typed in: from the end of the pause to the diagnosis on screen.
    console.log(`  Runaway typed into the editor: end of the pause → diagnosis drawn (median of ${RUNAWAYS})`);
    for (const [label, code] of [
      ['while True: pass', 'while True: pass'],
      ['sleep(0) busy-poll (livelock)', 'while True: await asyncio.sleep(0)'],
    ] as const) {
      const times: number[] = [];
      let ending = '';
      for (let i = 0; i < RUNAWAYS; i++) {
        await openFile(page);
        await selectText(page, 'await orders.join()');
        const result = await typeAndWait(page, code);
        times.push(result.afterPause);
        ending = ((await page.getByRole('region', { name: 'Run ended' }).locator('h2').textContent().catch(() => '')) ?? '').trim();
      }
      console.log(`    ${label.padEnd(34)} ${ms(median(times))}   (runs: ${times.map((t) => t.toFixed(0)).join(', ')} ms; shown: “${ending}”)`);
    }
  } finally {
    await close();
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (skipReason !== null) {
    console.log(`edit latency bench ${skipReason}`);
  } else {
    const fixture = await startBrowser();
    try {
      console.log(`Chromium ${fixture.browser.version()}`);
      await benchEditLatency(fixture);
    } finally {
      await fixture.close();
    }
  }
}
