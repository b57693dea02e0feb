/**
 * The renderer's part of `npm run bench`: the web build (out/web, built if stale) served on
 * 127.0.0.1 and driven in headless Chromium (/usr/bin/chromium) with playwright-core.
 *
 *   - Cold start: a fresh browser context navigates to the app, which opens a gallery scenario the
 *     moment its button exists (an init script clicks it, so no round trip to this process is
 *     counted); measured from navigation start to the app's 'loopscope:scenario-drawn' mark.
 *   - A 10,000-task trace (bench/scenarios/many-tasks.py, about 70,000 steps), opened through the
 *     page's file input: time from choosing the file to its first drawn frame (the scheduler runs
 *     in the page's Web Worker), then frame times while stepping (one → or Shift+→ per frame, as a
 *     held key would), while panning (shift+wheel and a mouse drag on the lanes, zoomed in) and
 *     while scrolling the rows. Frame time = the interval between requestAnimationFrame
 *     callbacks, recorded in the page; at 60 Hz an unloaded frame is 16.7 ms.
 *
 *   - Edits (bench/edit-latency.ts): edit to redraw for a 50-line scenario, phase by phase, and
 *     how long a runaway typed into the editor takes to be diagnosed on screen.
 *
 * Figures are printed, not asserted. Without Chromium the section says it was skipped and why.
 *
 *   node --import tsx bench/renderer.ts      (this section alone)
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { ROOT, VIEWPORT, newContext, skipReason, startBrowser, type BrowserFixture } from '../tests/browser/support.ts';
import { MIXED, benchScenario, benchTrace } from './traces.ts';
import { benchEditLatency } from './edit-latency.ts';
import { recordTasks } from './main-thread-tasks.ts';

const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const COLD_RUNS = Math.max(5, REPEAT);
const COLD_SCENARIO = { title: 'Three coroutines, one second', name: '02-three-coroutines-gathered.py' };
const MANY_TASKS = join(ROOT, 'bench', 'scenarios', 'many-tasks.py');
const FRAMES = 300;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 === 1 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};
const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : (s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] as number);
};
const ms = (x: number): string => `${x.toFixed(1)} ms`;

/** The page's view of the globals the scripts below use (this file has Node's types only). */
interface PageGlobals {
  document: {
    documentElement: { dataset: Record<string, string | undefined> };
    body: { dispatchEvent(event: unknown): boolean };
    querySelector(selector: string): { addEventListener(type: string, listener: () => void, capture?: boolean): void; value: string; dispatchEvent(event: unknown): boolean } | null;
  };
  performance: { now(): number; mark(name: string): void; getEntriesByName(name: string): { startTime: number }[] };
  requestAnimationFrame(callback: (time: number) => void): number;
  KeyboardEvent: new (type: string, init: Record<string, unknown>) => unknown;
  Event: new (type: string, init: Record<string, unknown>) => unknown;
  __clickedAt?: number;
  __chosenAt?: number;
  __frames?: { deltas: number[]; running: boolean };
}

// ----- cold start -----

/** Runs in the page before its own scripts: click the gallery entry as soon as it is there. */
function clickWhenListed(title: string): void {
  const w = globalThis as unknown as PageGlobals & { MutationObserver: new (cb: () => void) => { observe(target: unknown, options: unknown): void; disconnect(): void } };
  const doc = w.document as unknown as { querySelectorAll(s: string): Iterable<{ textContent: string | null; click(): void }> };
  const tryClick = (): boolean => {
    for (const button of doc.querySelectorAll('section[aria-label="Gallery"] button')) {
      if (button.textContent?.trim() === title) {
        w.__clickedAt = w.performance.now();
        button.click();
        return true;
      }
    }
    return false;
  };
  const observer = new w.MutationObserver(() => {
    if (tryClick()) observer.disconnect();
  });
  observer.observe(w.document, { childList: true, subtree: true });
}

async function coldStart(fixture: BrowserFixture): Promise<void> {
  const drawn: number[] = [];
  const listed: number[] = [];
  for (let run = 0; run < COLD_RUNS; run++) {
    const context = await newContext(fixture);
    try {
      await context.addInitScript(clickWhenListed, COLD_SCENARIO.title);
      const page = await context.newPage();
      await page.goto(fixture.url);
      await page.waitForFunction((name) => (globalThis as unknown as PageGlobals).document.documentElement.dataset['drawn'] === name, COLD_SCENARIO.name, { timeout: 60_000 });
      const times = await page.evaluate(() => {
        const w = globalThis as unknown as PageGlobals;
        return { drawn: w.performance.getEntriesByName('loopscope:scenario-drawn')[0]?.startTime ?? NaN, clicked: w.__clickedAt ?? NaN };
      });
      drawn.push(times.drawn);
      listed.push(times.clicked);
    } finally {
      await context.close();
    }
  }
  console.log(`  cold start to the first drawn scenario (${COLD_SCENARIO.name}, median of ${COLD_RUNS} fresh pages)`);
  console.log(`    navigation start → gallery listed       ${ms(median(listed)).padStart(10)}`);
  console.log(`    navigation start → scenario drawn       ${ms(median(drawn)).padStart(10)}   (runs: ${drawn.map((x) => x.toFixed(0)).join(', ')} ms)`);
}

// ----- the 10,000-task trace -----

async function openManyTasks(fixture: BrowserFixture): Promise<{ page: Page; close: () => Promise<void>; firstDraw: number }> {
  const context = await newContext(fixture);
  const page = await context.newPage();
  await page.goto(fixture.url);
  await page.getByRole('heading', { name: /Open a scenario/ }).waitFor();
  await page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    w.document.querySelector('input[type=file]')?.addEventListener('change', () => (w.__chosenAt = w.performance.now()), true);
  });
  await page.setInputFiles('input[type=file]', MANY_TASKS);
  await page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.documentElement.dataset['drawn'] === 'many-tasks.py', undefined, { timeout: 180_000 });
  const firstDraw = await page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    const marks = w.performance.getEntriesByName('loopscope:scenario-drawn');
    return (marks[marks.length - 1]?.startTime ?? NaN) - (w.__chosenAt ?? NaN);
  });
  return { page, firstDraw, close: () => context.close() };
}

type Action = 'step' | 'back' | 'tick' | 'wheel-pan' | 'drag-pan' | 'scroll';

interface FrameFigures {
  /** Intervals between animation frames. */
  intervals: number[];
  /** Per frame: from the input event to the end of that frame's rendering (script, style, layout, paint). */
  work: number[];
  /** Frames after which the picture had moved (the cursor, the view or the rows): a check that the input did something. */
  moved: number;
}

/**
 * One input per animation frame, `frames` times, dispatched in the page (as a held key, a steady
 * wheel or a drag deliver them, without this process's round trips in between). A frame's work
 * ends where a message posted from its requestAnimationFrame callback arrives: after the frame
 * has been rendered.
 */
async function driveFrames(page: Page, action: Action, frames: number, at: { x: number; y: number }): Promise<FrameFigures> {
  return page.evaluate(
    ({ action, frames, at }) =>
      new Promise<FrameFigures>((done) => {
        interface Target {
          dispatchEvent(event: unknown): boolean;
          scrollTop: number;
          getAttribute(name: string): string | null;
        }
        interface Win {
          document: { body: Target; querySelector(selector: string): Target | null };
          performance: { now(): number };
          requestAnimationFrame(callback: (time: number) => void): number;
          KeyboardEvent: new (type: string, init: Record<string, unknown>) => unknown;
          WheelEvent: new (type: string, init: Record<string, unknown>) => unknown;
          MouseEvent: new (type: string, init: Record<string, unknown>) => unknown;
          MessageChannel: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(message: unknown): void } };
        }
        const w = globalThis as unknown as Win;
        const scroller = w.document.querySelector('section[aria-label="Task lanes"] .scroller');
        const slider = w.document.querySelector('input[type=range][aria-label="Cursor"]');
        const cursorLine = w.document.querySelector('section[aria-label="Task lanes"] .cursor-line');
        if (scroller === null || slider === null || cursorLine === null) throw new Error('no lanes, cursor line or slider');
        // What moves: the cursor when stepping, the view (so the cursor line) when panning, the rows when scrolling.
        const position = (): string => (action === 'scroll' ? String(scroller.scrollTop) : action.endsWith('pan') ? (cursorLine.getAttribute('x1') ?? '') : (slider.getAttribute('aria-valuenow') ?? ''));
        const key = (name: string, shiftKey: boolean) => w.document.body.dispatchEvent(new w.KeyboardEvent('keydown', { key: name, shiftKey, bubbles: true, cancelable: true }));
        const mouse = (type: string, target: Target, x: number) =>
          target.dispatchEvent(new w.MouseEvent(type, { clientX: x, clientY: at.y, button: 0, buttons: type === 'mouseup' ? 0 : 1, bubbles: true, cancelable: true, view: w }));
        const input = (i: number): void => {
          // Pans swing back and forth by 240 px (8 frames of 30 px each way), so that the cursor, which
          // the view follows, stays in sight; scrolling goes down the rows for half the frames, then up.
          const swing = Math.floor(i / 8) % 2 === 0 ? 1 : -1;
          const first = i < frames / 2;
          switch (action) {
            case 'step':
              key('ArrowRight', false);
              break;
            case 'back':
              key('ArrowLeft', false);
              break;
            case 'tick':
              key('ArrowRight', true);
              break;
            case 'wheel-pan':
              scroller.dispatchEvent(new w.WheelEvent('wheel', { deltaY: 30 * swing, shiftKey: true, clientX: at.x, clientY: at.y, bubbles: true, cancelable: true, view: w }));
              break;
            case 'drag-pan':
              if (i === 0) mouse('mousedown', scroller, at.x);
              else mouse('mousemove', w as unknown as Target, at.x + 30 * ((i % 16 < 8 ? i % 16 : 16 - (i % 16)) - 4));
              break;
            case 'scroll':
              scroller.scrollTop += first ? 120 : -120;
              break;
          }
        };
        const intervals: number[] = [];
        const work: number[] = [];
        const channel = new w.MessageChannel();
        let started = 0;
        let moved = 0;
        let before = position();
        channel.port1.onmessage = () => {
          work.push(w.performance.now() - started);
          const now = position();
          if (now !== before) moved++;
          before = now;
        };
        let last = 0;
        let i = 0;
        const frame = (time: number): void => {
          if (last !== 0) intervals.push(time - last);
          last = time;
          if (i >= frames) {
            if (action === 'drag-pan') mouse('mouseup', w as unknown as Target, at.x);
            w.requestAnimationFrame(() => done({ intervals, work, moved }));
            return;
          }
          started = w.performance.now();
          input(i++);
          channel.port2.postMessage(0);
          w.requestAnimationFrame(frame);
        };
        w.requestAnimationFrame(frame);
      }),
    { action, frames, at },
  );
}

/** Move the cursor as the slider does when dragged. */
async function setCursor(page: Page, step: number): Promise<void> {
  await page.evaluate((step) => {
    const w = globalThis as unknown as PageGlobals;
    const slider = w.document.querySelector('input[type=range][aria-label="Cursor"]');
    if (slider === null) throw new Error('no cursor slider');
    slider.value = String(step);
    slider.dispatchEvent(new w.Event('input', { bubbles: true }));
  }, step);
}

const stats = (xs: number[]): string => `median ${ms(median(xs)).padStart(8)}  p95 ${ms(quantile(xs, 0.95)).padStart(8)}  max ${ms(Math.max(...xs)).padStart(8)}`;

function row(what: string, figures: FrameFigures): void {
  console.log(`    ${what.padEnd(28)} frame ${stats(figures.intervals)}   work ${stats(figures.work)}   moved ${figures.moved}/${figures.work.length}`);
}

async function manyTasks(fixture: BrowserFixture): Promise<void> {
  const firstDraws: number[] = [];
  let opened: Awaited<ReturnType<typeof openManyTasks>> | null = null;
  for (let run = 0; run < REPEAT; run++) {
    await opened?.close();
    opened = await openManyTasks(fixture);
    firstDraws.push(opened.firstDraw);
  }
  const page = (opened as NonNullable<typeof opened>).page;
  try {
    const steps = Number(await page.getByRole('slider', { name: 'Cursor' }).getAttribute('aria-valuemax'));
    const lanes = await page.getByRole('region', { name: 'Task lanes' }).boundingBox();
    if (lanes === null) throw new Error('no Task lanes region');
    console.log(`  10,000-task trace (bench/scenarios/many-tasks.py: ${steps.toLocaleString('en-US')} steps)`);
    console.log(`    file chosen → first draw      ${ms(median(firstDraws))}  (median of ${REPEAT}: ${firstDraws.map((x) => x.toFixed(0)).join(', ')} ms; run in the page's worker, laid out, drawn)`);
    console.log(`    ${FRAMES} frames each, one input per frame. frame: interval between animation frames (16.7 ms = 60 Hz);`);
    console.log(`    work: from the input to the end of that frame's rendering (script, layout, canvas, paint).`);
    const at = { x: lanes.x + lanes.width * 0.6, y: lanes.y + lanes.height / 2 };
    row('step → from the start', await driveFrames(page, 'step', FRAMES, at));
    await setCursor(page, Math.floor(steps / 2));
    row('step → from the middle', await driveFrames(page, 'step', FRAMES, at));
    await setCursor(page, Math.floor(steps / 2));
    row('step ← from the middle', await driveFrames(page, 'back', FRAMES, at));
    await setCursor(page, 0);
    row('tick Shift+→ from the start', await driveFrames(page, 'tick', FRAMES, at));
    // Pan: zoom in first (at zoom 1 the whole run fits: there is nothing to pan to).
    await setCursor(page, Math.floor(steps / 2));
    for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Zoom in' }).click();
    row('pan: shift+wheel, zoom 32x', await driveFrames(page, 'wheel-pan', FRAMES, at));
    row('pan: drag, zoom 32x', await driveFrames(page, 'drag-pan', FRAMES, at));
    // Every cause-and-effect arrow in view drawn (the arrows at the cursor are always drawn, with
    // the narration, in every row above): stepping and panning with all of them on.
    await page.getByRole('button', { name: 'All arrows' }).click();
    await setCursor(page, Math.floor(steps / 2));
    row('step →, all arrows, zoom 32x', await driveFrames(page, 'step', FRAMES, at));
    row('pan: drag, all arrows', await driveFrames(page, 'drag-pan', FRAMES, at));
    await page.getByRole('button', { name: 'Zoom out' }).click();
    for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Show the whole run' }).click();
    await setCursor(page, Math.floor(steps / 2));
    row('step →, all arrows, whole run', await driveFrames(page, 'step', FRAMES, at));
    await page.getByRole('button', { name: 'All arrows' }).click();
    row('scroll the 10,000 rows', await driveFrames(page, 'scroll', FRAMES, at));
  } finally {
    await opened?.close();
  }
}

// ----- the large traces: opening them, with the page's long tasks and memory -----

/** Runs in the page before its scripts: record long tasks (over 50 ms) and animation-frame gaps. */
function recordMainThread(): void {
  const w = globalThis as unknown as {
    PerformanceObserver: new (cb: (list: { getEntries(): { startTime: number; duration: number }[] }) => void) => { observe(options: unknown): void };
    requestAnimationFrame(cb: (time: number) => void): number;
    performance: { now(): number };
    __longTasks: { start: number; duration: number }[];
    __frameGaps: { at: number; gap: number }[];
  };
  w.__longTasks = [];
  w.__frameGaps = [];
  new w.PerformanceObserver((list) => {
    for (const entry of list.getEntries()) w.__longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  let last = 0;
  const frame = (time: number): void => {
    if (last !== 0 && time - last > 50) w.__frameGaps.push({ at: last, gap: time - last });
    last = time;
    w.requestAnimationFrame(frame);
  };
  w.requestAnimationFrame(frame);
}

interface Opened {
  /** File chosen → first drawn frame (a partial model of a run still going, or the whole). */
  firstDraw: number;
  /** File chosen → the whole trace drawn. */
  wholeDraw: number;
  /** The worker's result arrived (run and model done, or the file read and laid out) → the whole trace drawn: the page's own share. */
  beyondRun: number;
  /** The longest main-thread task, and the longest gap between animation frames, while it opened. */
  longestTask: number;
  /** The largest CPU time of a main-thread task while it opened (main-thread-tasks.ts: wall time counts the machine's load). */
  longestTaskCpu: number;
  longestGap: number;
  /**
   * The page's JavaScript heap after opening; the renderer process's memory (workers included) a
   * second after it was drawn: resident, private (what Chrome's task manager calls its memory
   * footprint: resident anonymous memory and swap, without the browser's own files mapped in every
   * process), and the resident peak.
   */
  heapMb: number;
  rssMb: number;
  privateMb: number;
  peakRssMb: number;
  /** The renderer's private memory SETTLE_MS after the last input (after drawing, or after the frames measured). */
  settledPrivateMb: number;
  steps: number;
  /** Main-thread work per frame while stepping, panning and zooming. */
  frames: { step: FrameCost; pan: FrameCost; zoom: FrameCost } | null;
}

/** The renderer processes' memory (Linux /proc), by process id, from the browser's own list. */
export async function rendererMemory(fixture: BrowserFixture): Promise<{ rssMb: number; privateMb: number; peakRssMb: number }> {
  const session = await fixture.browser.newBrowserCDPSession();
  try {
    const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    let rssMb = 0;
    let privateMb = 0;
    let peakRssMb = 0;
    for (const process of processInfo.filter((p) => p.type === 'renderer')) {
      try {
        const status = readFileSync(`/proc/${process.id}/status`, 'utf8');
        const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
        rssMb = Math.max(rssMb, kb('VmRSS') / 1024);
        privateMb = Math.max(privateMb, (kb('RssAnon') + kb('VmSwap')) / 1024);
        peakRssMb = Math.max(peakRssMb, kb('VmHWM') / 1024);
      } catch {
        // The process ended meanwhile.
      }
    }
    return { rssMb, privateMb, peakRssMb };
  } finally {
    await session.detach();
  }
}

async function heapMb(context: BrowserContext, page: Page): Promise<number> {
  const session = await context.newCDPSession(page);
  try {
    await session.send('HeapProfiler.collectGarbage');
    await session.send('Performance.enable');
    const { metrics } = (await session.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN) / 1e6;
  } finally {
    await session.detach();
  }
}

/**
 * How long after the last input the settled memory is read. The renderer's freed memory (the
 * replaced worker's heap pages, freed array buffers' partition pages) went back to the system
 * 17-23 s after the 1 M trace was drawn, run or saved trace alike, all at once, on Chromium's own
 * timer (`bench/memory-settle.ts` samples it every second); until then the figure barely moves.
 */
const SETTLE_MS = 30_000;

/** Open a scenario file through the page's file input, as a person choosing it does. */
async function openLarge(fixture: BrowserFixture, file: string, timeout: number, measureFrames: boolean): Promise<Opened | string> {
  const context = await newContext(fixture);
  try {
    await context.addInitScript(recordMainThread);
    const page = await context.newPage();
    let crashed = false;
    page.on('crash', () => (crashed = true));
    await page.goto(fixture.url);
    await page.getByRole('heading', { name: /Open a scenario/ }).waitFor();
    await page.evaluate(() => {
      const w = globalThis as unknown as PageGlobals;
      w.document.querySelector('input[type=file]')?.addEventListener(
        'change',
        () => {
          w.__chosenAt = w.performance.now();
          w.performance.mark('bench:chosen');
        },
        true,
      );
    });
    const tasks = await recordTasks(context, page);
    await page.setInputFiles('input[type=file]', file);
    try {
      await page.waitForFunction((name) => (globalThis as unknown as PageGlobals).document.documentElement.dataset['drawn'] === name, basename(file), { timeout, polling: 250 });
    } catch {
      return crashed ? 'the tab crashed' : `not drawn within ${(timeout / 1000).toFixed(0)} s`;
    }
    const longestTaskCpu = Math.max(0, ...(await tasks.stop('bench:chosen', 'loopscope:scenario-drawn')).map((t) => t.cpu));
    const figures = await page.evaluate(() => {
      const w = globalThis as unknown as Omit<PageGlobals, 'performance'> & {
        __longTasks: { start: number; duration: number }[];
        __frameGaps: { at: number; gap: number }[];
        performance: { now(): number; getEntriesByName(name: string): { startTime: number; duration: number }[] };
      };
      const last = (name: string): { startTime: number; duration: number } | undefined => {
        const entries = w.performance.getEntriesByName(name);
        return entries[entries.length - 1];
      };
      const drawn = last('loopscope:scenario-drawn')?.startTime ?? NaN;
      const partial = w.performance.getEntriesByName('loopscope:partial-drawn')[0]?.startTime ?? Infinity;
      const run = last('loopscope:run');
      const arrived = run === undefined ? NaN : run.startTime + run.duration;
      const chosen = w.__chosenAt ?? NaN;
      const during = (start: number, length: number): boolean => start + length >= chosen && start <= drawn;
      return {
        firstDraw: Math.min(partial, drawn) - chosen,
        wholeDraw: drawn - chosen,
        beyondRun: drawn - arrived,
        longestTask: Math.max(0, ...w.__longTasks.filter((t) => during(t.start, t.duration)).map((t) => t.duration)),
        longestGap: Math.max(0, ...w.__frameGaps.filter((g) => during(g.at, g.gap)).map((g) => g.gap)),
      };
    });
    const steps = Number(await page.getByRole('slider', { name: 'Cursor' }).getAttribute('aria-valuemax'));
    // Memory after opening: once the replaced partial models are let go (release-buffers.ts, 500 ms).
    await page.waitForTimeout(1000);
    const memory = await rendererMemory(fixture);
    // The frames right away, as a person steps a trace just opened (and as the figures of earlier
    // runs were taken: after a long idle the browser's collections have thrown away compiled code,
    // and the first steps cost more).
    const frames = measureFrames ? await frameCosts(context, page) : null;
    // And the memory once it has settled. The worker that ran the scenario is replaced when its
    // result is in, but its heap's pages stay in the process until they are given back (SETTLE_MS
    // says when): the figure a second after drawing still counts them.
    await page.waitForTimeout(SETTLE_MS);
    const settledPrivateMb = (await rendererMemory(fixture)).privateMb;
    return { ...figures, longestTaskCpu, heapMb: await heapMb(context, page), ...memory, settledPrivateMb, steps, frames };
  } finally {
    await context.close();
  }
}

/**
 * Main-thread work of one frame after an input, in the page: from the input's dispatch until its
 * handlers and the microtasks they queued are done (Svelte's flush, the canvases' redraw), plus
 * the frame's own rendering (every animation-frame callback, the code editor's among them, then
 * style, layout, paint: from the frame's first callback to a task queued in its last, which runs
 * once the frame is committed). The idle wait for the next vsync is not counted.
 * Per frame: `script` (the input's share) and `rendering`. bench/profile-frames.ts uses it too.
 */
export function frameWork(page: Page, kind: 'step' | 'pan' | 'zoom', count: number): Promise<{ script: number[]; rendering: number[] }> {
  return page.evaluate(
    async ({ kind, count }) => {
      const w = globalThis as unknown as {
        document: { querySelector(selector: string): { dispatchEvent(event: unknown): boolean } | null; body: { dispatchEvent(event: unknown): boolean } };
        window: { dispatchEvent(event: unknown): boolean };
        performance: { now(): number; mark(name: string): void };
        requestAnimationFrame(cb: () => void): number;
        MessageChannel: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(value: unknown): void } };
        KeyboardEvent: new (type: string, init: Record<string, unknown>) => unknown;
        WheelEvent: new (type: string, init: Record<string, unknown>) => unknown;
      };
      const scroller = w.document.querySelector('.scroller');
      const script: number[] = [];
      const rendering: number[] = [];
      for (let i = 0; i < count; i++) {
        // The frame's start: this callback is queued before the input's, so it runs first among the
        // next frame's animation-frame callbacks, and the app's own (the code's marks) are counted.
        let frameStart = NaN;
        w.requestAnimationFrame(() => (frameStart = w.performance.now()));
        const t0 = w.performance.now();
        w.performance.mark('bench:frame');
        if (kind === 'step') w.window.dispatchEvent(new w.KeyboardEvent('keydown', { key: i % 8 === 7 ? 'ArrowLeft' : 'ArrowRight', bubbles: true }));
        else if (kind === 'zoom') w.window.dispatchEvent(new w.KeyboardEvent('keydown', { key: i % 2 === 0 ? '=' : '-', bubbles: true }));
        else scroller?.dispatchEvent(new w.WheelEvent('wheel', { deltaY: i % 2 === 0 ? 40 : -40, shiftKey: true, bubbles: true, cancelable: true }));
        await new Promise<void>((resolve) => queueMicrotask(resolve));
        script.push(w.performance.now() - t0);
        rendering.push(
          await new Promise<number>((resolve) =>
            w.requestAnimationFrame(() => {
              const channel = new w.MessageChannel();
              channel.port1.onmessage = () => {
                w.performance.mark('bench:frame-end');
                resolve(w.performance.now() - frameStart);
              };
              channel.port2.postMessage(null);
            }),
          ),
        );
      }
      return { script, rendering };
    },
    { kind, count },
  );
}

/** A kind of frame's main-thread work, p95 and largest (ms): in wall time, and in the main thread's CPU time. */
interface FrameCost {
  wall: [number, number];
  cpu: [number, number];
}

async function frameCosts(context: BrowserContext, page: Page): Promise<NonNullable<Opened['frames']>> {
  const summary = (xs: number[]): [number, number] => [quantile(xs, 0.95), Math.max(...xs)];
  const measure = async (kind: 'step' | 'pan' | 'zoom', count: number): Promise<FrameCost> => {
    // CPU time beside wall time, as for the opening's longest task (main-thread-tasks.ts says why).
    const tasks = await recordTasks(context, page);
    const { script, rendering } = await frameWork(page, kind, count);
    const cpu = await tasks.stopPerSpan('bench:frame', 'bench:frame-end');
    return { wall: summary(script.map((s, i) => s + (rendering[i] as number))), cpu: summary(cpu) };
  };
  // Zoomed in first, so panning moves something (and zooming stays in range).
  await page.keyboard.press('=');
  await page.keyboard.press('=');
  const step = await measure('step', 120);
  const pan = await measure('pan', 60);
  const zoom = await measure('zoom', 40);
  return { step, pan, zoom };
}

/** Read a file's bytes in the page (File.arrayBuffer): the floor under opening it. */
async function readBytesMs(fixture: BrowserFixture, file: string): Promise<number> {
  const context = await newContext(fixture);
  try {
    const page = await context.newPage();
    await page.goto(fixture.url);
    await page.setContent('<input type="file">');
    await page.setInputFiles('input[type=file]', file);
    return await page.evaluate(async () => {
      const w = globalThis as unknown as { document: { querySelector(s: string): { files: { arrayBuffer(): Promise<ArrayBuffer> }[] } }; performance: { now(): number } };
      const input = w.document.querySelector('input');
      const started = w.performance.now();
      const bytes = await input.files[0]!.arrayBuffer();
      return bytes.byteLength > 0 ? w.performance.now() - started : NaN;
    });
  } finally {
    await context.close();
  }
}

const frameText = ({ wall: [p95, max], cpu: [cpuP95, cpuMax] }: FrameCost): string => `${p95.toFixed(1)} / ${max.toFixed(1)} ms (CPU ${cpuP95.toFixed(1)} / ${cpuMax.toFixed(1)})`;

async function largeTraces(fixture: BrowserFixture, only: readonly string[] = []): Promise<void> {
  console.log('  large traces (bench/scenarios/mixed.py: 10,000 tasks; sleeps, sleep(0), locks, queues):');
  console.log('    chosen as       first frame   whole drawn   result → drawn   longest task (CPU)    longest gap   JS heap   renderer RSS · private (peak)   private, settled');
  const framesOf: string[] = [];
  for (const { label, name, rounds } of MIXED.filter((m) => only.length === 0 || only.includes(m.name))) {
    const timeout = name === 'mixed-10m' ? 600_000 : 300_000;
    const scenario = benchScenario(name, rounds);
    const saved = benchTrace(label, name, rounds);
    for (const [how, file] of [['.py', scenario], ['.json', saved.file]] as const) {
      const opened = await openLarge(fixture, file, timeout, name === 'mixed-1m' && how === '.py');
      const row = `    ${`${label} ${how}`.padEnd(13)}`;
      if (typeof opened === 'string') {
        console.log(`${row}  ${opened}`);
        continue;
      }
      console.log(
        `${row}  ${ms(opened.firstDraw).padStart(10)}   ${ms(opened.wholeDraw).padStart(10)}   ${ms(opened.beyondRun).padStart(10)}       ${ms(opened.longestTask).padStart(9)} (${ms(opened.longestTaskCpu)})   ${ms(opened.longestGap).padStart(9)}   ${`${opened.heapMb.toFixed(0)} MB`.padStart(7)}   ${opened.rssMb.toFixed(0)} · ${opened.privateMb.toFixed(0)} MB (${opened.peakRssMb.toFixed(0)} MB)   ${`${opened.settledPrivateMb.toFixed(0)} MB`.padStart(8)}   ${opened.steps.toLocaleString('en-US')} steps`,
      );
      if (opened.frames !== null) framesOf.push(`    ${label}: step ${frameText(opened.frames.step)}, pan ${frameText(opened.frames.pan)}, zoom ${frameText(opened.frames.zoom)} (p95 / largest, main-thread work per frame)`);
    }
    console.log(`    ${label} baseline: read the .json's ${(saved.bytes / 1e6).toFixed(0)} MB in the page (File.arrayBuffer) ${ms(await readBytesMs(fixture, saved.file))}`);
  }
  for (const line of framesOf) console.log(line);
}

export async function benchRenderer(only: readonly string[] = []): Promise<void> {
  console.log('Renderer: the web build in headless Chromium');
  if (skipReason !== null) {
    console.log(`  renderer bench ${skipReason}`);
    console.log('');
    return;
  }
  const fixture = await startBrowser();
  try {
    console.log(`  Chromium ${fixture.browser.version()}, viewport ${VIEWPORT.width}x${VIEWPORT.height}${fixture.buildSeconds > 0 ? `, web build rebuilt in ${fixture.buildSeconds.toFixed(1)} s` : ''}`);
    if (only.length === 0) {
      await coldStart(fixture);
      await manyTasks(fixture);
      await benchEditLatency(fixture);
    }
    await largeTraces(fixture, only);
  } finally {
    await fixture.close();
  }
  console.log('');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  // `node --import tsx bench/renderer.ts mixed-1m` measures only the large traces named.
  benchRenderer(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
}
