/**
 * Where the renderer's memory is while the web build shows a large trace: the renderer process's
 * resident memory (as bench/renderer.ts reports it) on the idle app page (the floor), then after
 * opening a trace, before and after a full garbage collection, with each live worker's JS heap
 * (CDP, through the page's auto-attached targets) and the page's own.
 *
 *   node --import tsx bench/memory-where.ts [mixed-1m] [.py|.json]
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { newContext, startBrowser, type BrowserFixture } from '../tests/browser/support.ts';
import { MIXED, benchScenario, benchTrace } from './traces.ts';
import { frameWork } from './renderer.ts';

const name = process.argv[2] ?? 'mixed-1m';
const how = process.argv[3] ?? '.py';

async function processMemory(fixture: BrowserFixture): Promise<string> {
  const session = await fixture.browser.newBrowserCDPSession();
  try {
    const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    const rows: string[] = [];
    for (const p of processInfo.filter((p) => p.type === 'renderer')) {
      try {
        const status = readFileSync(`/proc/${p.id}/status`, 'utf8');
        const rollup = readFileSync(`/proc/${p.id}/smaps_rollup`, 'utf8');
        const kb = (text: string, field: string): number => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(text)?.[1] ?? 0) / 1024;
        rows.push(`pid ${p.id}: RSS ${kb(status, 'VmRSS').toFixed(0)} MB (peak ${kb(status, 'VmHWM').toFixed(0)}), anon ${kb(rollup, 'Anonymous').toFixed(0)} MB, file ${kb(status, 'RssFile').toFixed(0)} MB, shmem ${kb(status, 'RssShmem').toFixed(0)} MB`);
      } catch {
        // ended meanwhile
      }
    }
    return rows.join('; ');
  } finally {
    await session.detach();
  }
}

/** The page's workers, through Target.setAutoAttach (non-flat sessions: messages wrapped in Target.sendMessageToTarget). */
class Workers {
  private nextId = 1;
  private readonly pending = new Map<number, (result: unknown) => void>();
  readonly targets = new Map<string, string>();
  constructor(private readonly session: CDPSession) {
    session.on('Target.attachedToTarget', (event: { sessionId: string; targetInfo: { type: string; url: string } }) => {
      this.targets.set(event.sessionId, `${event.targetInfo.type} ${basename(event.targetInfo.url)}`);
    });
    session.on('Target.detachedFromTarget', (event: { sessionId: string }) => this.targets.delete(event.sessionId));
    session.on('Target.receivedMessageFromTarget', (event: { message: string }) => {
      const message = JSON.parse(event.message) as { id?: number; result?: unknown; error?: unknown };
      if (message.id !== undefined) this.pending.get(message.id)?.(message.result ?? message.error);
    });
  }
  static async attach(session: CDPSession): Promise<Workers> {
    const workers = new Workers(session);
    await session.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    return workers;
  }
  send(sessionId: string, method: string, params: object = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      void this.session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
      setTimeout(() => resolve('timeout'), 10_000);
    });
  }
  async heaps(gc: boolean): Promise<string> {
    const rows: string[] = [];
    for (const [sessionId, what] of this.targets) {
      if (gc) await this.send(sessionId, 'HeapProfiler.collectGarbage');
      const usage = (await this.send(sessionId, 'Runtime.getHeapUsage')) as { usedSize?: number; totalSize?: number; embedderHeapUsedSize?: number; backingStorageSize?: number };
      rows.push(`${what}: used ${((usage.usedSize ?? NaN) / 1e6).toFixed(1)} MB of ${((usage.totalSize ?? NaN) / 1e6).toFixed(1)}, backing stores ${((usage.backingStorageSize ?? NaN) / 1e6).toFixed(1)} MB`);
    }
    return rows.length === 0 ? 'no workers' : rows.join('; ');
  }
}

async function pageHeap(session: CDPSession, gc: boolean): Promise<string> {
  if (gc) await session.send('HeapProfiler.collectGarbage');
  const usage = (await session.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number; backingStorageSize?: number };
  return `page: used ${(usage.usedSize / 1e6).toFixed(1)} MB of ${(usage.totalSize / 1e6).toFixed(1)}, backing stores ${((usage.backingStorageSize ?? NaN) / 1e6).toFixed(1)} MB`;
}

/** Chromium's own accounting (memory-infra): the renderer's allocators, by name, in MB. */
async function allocatorDump(fixture: BrowserFixture): Promise<string> {
  const session = await fixture.browser.newBrowserCDPSession();
  try {
    await session.send('Tracing.start', { traceConfig: { includedCategories: ['disabled-by-default-memory-infra'], memoryDumpConfig: { triggers: [] } as never }, transferMode: 'ReturnAsStream' });
    await session.send('Tracing.requestMemoryDump', { levelOfDetail: 'detailed' });
    const complete = new Promise<{ stream: string }>((resolve) => session.once('Tracing.tracingComplete', (event) => resolve({ stream: event.stream ?? '' })));
    await session.send('Tracing.end');
    const { stream } = await complete;
    let text = '';
    for (;;) {
      const chunk = (await session.send('IO.read', { handle: stream })) as { data: string; eof: boolean; base64Encoded?: boolean };
      text += chunk.base64Encoded === true ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data;
      if (chunk.eof) break;
    }
    await session.send('IO.close', { handle: stream });
    const events = (JSON.parse(text) as { traceEvents: { ph: string; pid: number; args?: { dumps?: { allocators?: Record<string, { attrs?: { size?: { value: string } } }>; process_totals?: Record<string, string> } } }[] }).traceEvents;
    const rows: string[] = [];
    for (const event of events) {
      const allocators = event.ph === 'v' ? event.args?.dumps?.allocators : undefined;
      if (allocators === undefined) continue;
      const size = (name: string): number => parseInt(allocators[name]?.attrs?.size?.value ?? '0', 16) / 1048576;
      const top = Object.keys(allocators).filter((name) => name.split('/').length <= 2 && size(name) >= 2).sort((a, b) => size(b) - size(a));
      rows.push(`pid ${event.pid}: ${top.map((name) => `${name} ${size(name).toFixed(0)}`).join(', ')}`);
    }
    return rows.join('\n  ');
  } finally {
    await session.detach();
  }
}

async function report(label: string, fixture: BrowserFixture, session: CDPSession, workers: Workers, gc: boolean): Promise<void> {
  console.log(`${label}${gc ? ' (after GC)' : ''}`);
  if (process.env['DUMP'] === '1') console.log(`  ${await allocatorDump(fixture)}`);
  console.log(`  ${await pageHeap(session, gc)}`);
  console.log(`  workers: ${await workers.heaps(gc)}`);
  console.log(`  ${await processMemory(fixture)}`);
}

async function main(): Promise<void> {
  const mixed = MIXED.find((m) => m.name === name);
  if (mixed === undefined) throw new Error(`no trace ${name}`);
  const file = how === '.py' ? benchScenario(name, mixed.rounds) : benchTrace(mixed.label, name, mixed.rounds).file;
  const fixture = await startBrowser();
  try {
    const context = await newContext(fixture);
    const page: Page = await context.newPage();
    const session = await context.newCDPSession(page);
    await session.send('Runtime.enable');
    const workers = await Workers.attach(session);
    await page.goto(fixture.url);
    await page.getByRole('heading', { name: /Open a scenario/ }).waitFor();
    await page.waitForTimeout(2000);
    await report('idle app page', fixture, session, workers, false);
    await report('idle app page', fixture, session, workers, true);
    await page.setInputFiles('input[type=file]', file);
    const started = Date.now();
    await page.waitForFunction((n) => (globalThis as unknown as { document: { documentElement: { dataset: Record<string, string> } } }).document.documentElement.dataset['drawn'] === n, basename(file), { timeout: 600_000, polling: 250 });
    console.log(`drawn in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await report(`${name} ${how} drawn`, fixture, session, workers, false);
    // As bench/renderer.ts does before it reads the memory: step, pan and zoom.
    await page.keyboard.press('=');
    await page.keyboard.press('=');
    await frameWork(page, 'step', 120);
    await frameWork(page, 'pan', 60);
    await frameWork(page, 'zoom', 40);
    await report(`${name} ${how} after stepping, panning, zooming`, fixture, session, workers, false);
    await page.waitForTimeout(3000);
    await report(`${name} ${how} 3 s later`, fixture, session, workers, false);
    await report(`${name} ${how}`, fixture, session, workers, true);
    await page.waitForTimeout(3000);
    await report(`${name} ${how} 3 s after GC`, fixture, session, workers, false);
    await context.close();
  } finally {
    await fixture.close();
  }
}

await main();
