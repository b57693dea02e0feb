/**
 * The Electron preload's API (main/common/contract.ts PreloadApi), faked in the page, so the
 * renderer runs with its Electron host against a script: the test emits what main would send
 * (scenarios, menu commands, disk changes, flush requests) and reads what the page asked of main
 * (plays, buffers, saves). Scenarios are played in the test process (runScenario) and emitted.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { runScenario } from '../../scheduler/python/scenario.ts';
import { newContext, type BrowserFixture } from './support.ts';

export const FAKE_PRELOAD = `
  const listeners = { scenario: [], progress: [], menu: [], disk: [], flush: [] };
  const calls = { played: [], buffers: [], saved: [], savedAs: [], flushed: [], exported: [], news: 0, settingsWritten: [] };
  // Main's per-file settings, keyed by document here (main keys them by the document's path).
  const fileSettings = new Map();
  globalThis.__calls = calls;
  globalThis.loopscope = {
    listGallery: async () => [{ name: '01-demo.py', title: 'Demo from the fake preload', description: 'Only here.' }],
    openDialog: async () => true,
    openGallery: async () => true,
    openDropped: async () => true,
    onScenarioLoaded: (l) => { listeners.scenario.push(l); return () => {}; },
    onRunProgress: (l) => { listeners.progress.push(l); return () => {}; },
    onMenuCommand: (l) => { listeners.menu.push(l); return () => {}; },
    newScenario: async () => { calls.news++; return true; },
    playSource: async (document, source) => { calls.played.push({ document, source }); return true; },
    bufferChanged: async (document, buffer) => { calls.buffers.push({ document, ...buffer }); return null; },
    bufferFlushed: async (flush, document, buffer) => { calls.flushed.push({ flush, document, buffer }); return null; },
    save: async (document, source) => { calls.saved.push({ document, source }); return 'saved'; },
    saveAs: async (document, source) => { calls.savedAs.push({ document, source }); return 'saved'; },
    onDiskChange: (l) => { listeners.disk.push(l); return () => {}; },
    onFlushRequest: (l) => { listeners.flush.push(l); return () => {}; },
    stopRun: async () => false,
    saveExport: async (file) => { calls.exported.push({ name: file.name, kind: file.kind, size: file.bytes.length, head: Array.from(file.bytes.slice(0, 8)) }); return 'saved'; },
    readFileSettings: async (document) => fileSettings.get(document) ?? { bookmarks: [] },
    writeFileSettings: async (document, settings) => { calls.settingsWritten.push({ document, settings }); fileSettings.set(document, settings); return true; },
  };
  globalThis.__emit = (s) => {
    if (s.outcome.kind === 'trace') {
      s.outcome.trace.events = Int32Array.from(s.outcome.trace.events);
      s.outcome.trace.floats = Float64Array.from(s.outcome.trace.floats);
    }
    for (const l of listeners.scenario) l(s);
  };
  globalThis.__progress = (p) => { for (const l of listeners.progress) l(p); };
  globalThis.__menu = (c) => { for (const l of listeners.menu) l(c); };
  globalThis.__disk = (c) => { for (const l of listeners.disk) l(c); };
  globalThis.__flush = (n) => { for (const l of listeners.flush) l({ flush: n }); };
`;

export interface FakeCalls {
  played: { document: number; source: string }[];
  buffers: { document: number; source: string; dirty: boolean }[];
  saved: { document: number; source: string }[];
  savedAs: { document: number; source: string }[];
  flushed: { flush: number; document: number | null; buffer: { source: string; dirty: boolean } | null }[];
  /** Exports the page asked main to save: name, kind, size and first bytes. */
  exported: { name: string; kind: string; size: number; head: number[] }[];
  news: number;
  settingsWritten: { document: number; settings: { bookmarks: { step: number; note: string }[] } }[];
}

interface FakeGlobals {
  __emit(scenario: unknown): void;
  __progress(progress: unknown): void;
  __menu(command: string): void;
  __disk(change: unknown): void;
  __flush(n: number): void;
  __calls: FakeCalls;
}

/** A LoadedScenario as main sends it, played here; typed arrays travel as plain arrays. */
export function loaded(file: string, source: string, extra: { reload?: boolean; edit?: boolean; unsaved?: boolean; document?: number } = {}) {
  const name = file.slice(file.lastIndexOf('/') + 1);
  const result = runScenario(source, { file });
  const outcome =
    result.error === null
      ? { kind: 'trace', trace: { ...result.trace, events: Array.from(result.trace.events), floats: Array.from(result.trace.floats) } }
      : { kind: 'error', error: { kind: result.error.kind, file, line: result.error.line, column: result.error.column, endLine: result.error.endLine, endColumn: result.error.endColumn, message: result.error.message } };
  return { file, name, source, reload: extra.reload ?? false, ...(extra.edit ? { edit: true } : {}), ...(extra.unsaved ? { unsaved: true } : {}), document: extra.document ?? 1, outcome };
}

export const emit = (page: Page, scenario: unknown) => page.evaluate((s) => (globalThis as unknown as FakeGlobals).__emit(s), scenario);
/** A run's progress, as main reports it while the run goes on (the page shows "Running" and Stop). */
export const progress = (page: Page, file: string) => page.evaluate((f) => (globalThis as unknown as FakeGlobals).__progress({ file: f, ticks: 4096, time: 1 }), file);
export const menu = (page: Page, command: string) => page.evaluate((c) => (globalThis as unknown as FakeGlobals).__menu(c), command);
export const diskChanged = (page: Page, file: string, source: string, compare = false) =>
  page.evaluate((c) => (globalThis as unknown as FakeGlobals).__disk(c), { file, source, ...(compare ? { compare: true } : {}) });
export const flushRequest = (page: Page, n: number) => page.evaluate((x) => (globalThis as unknown as FakeGlobals).__flush(x), n);
export const calls = (page: Page): Promise<FakeCalls> => page.evaluate(() => (globalThis as unknown as FakeGlobals).__calls);

/** A fresh context whose page runs with the faked preload (the Electron host), at the app. */
export async function openDesktopPage(fixture: BrowserFixture): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await newContext(fixture);
  await context.addInitScript({ content: FAKE_PRELOAD });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(fixture.url);
  return { context, page, problems };
}
