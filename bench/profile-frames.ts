/**
 * Where a frame's main-thread work goes while stepping, panning and zooming the 1 M trace: a CPU
 * profile (Chrome DevTools Protocol, Profiler domain) of the page while the same inputs as
 * bench/renderer.ts's frame costs are dispatched, summed by function (self time), plus the split of
 * each frame into script (input to microtasks done) and rendering (style, layout, paint).
 *
 *   node --import tsx bench/profile-frames.ts [step|pan|zoom] [scenario.py]
 *   WARM=N: N inputs first, not profiled (the steady state, not the first steps after opening).
 *
 * A tool to find costs, not a figure for the README (that is `npm run bench`).
 */
import { basename } from 'node:path';
import { openApp, startBrowser, waitForDrawn } from '../tests/browser/support.ts';
import { MIXED, benchScenario } from './traces.ts';
import { frameWork } from './renderer.ts';
import { frameLabel, type Profile, type ProfileNode } from './cpu-profile.ts';


const kind = (process.argv[2] ?? 'step') as 'step' | 'pan' | 'zoom';
const mixed = MIXED[0];
const file = process.argv[3] ?? benchScenario(mixed.name, mixed.rounds);
const count = Number(process.env.FRAMES ?? 120);

const fixture = await startBrowser();
try {
  const { context, page } = await openApp(fixture);
  await page.getByRole('heading', { name: /Open a scenario/ }).waitFor();
  await page.setInputFiles('input[type=file]', file);
  await waitForDrawn(page, basename(file), 300_000, 250);
  await page.keyboard.press('=');
  await page.keyboard.press('=');
  if (process.env.WARM) await frameWork(page, kind, Number(process.env.WARM));
  const session = await context.newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 200 });
  await session.send('Profiler.start');
  // The renderer's own phases (style, layout, paint…) on the page's main thread, from a trace.
  const traceEvents: { name: string; ph: string; dur?: number; tid: number; pid: number; args?: { name?: string } }[] = [];
  session.on('Tracing.dataCollected', (data) => void traceEvents.push(...(data.value as unknown as typeof traceEvents)));
  const traced = new Promise<void>((done) => session.once('Tracing.tracingComplete', () => done()));
  await session.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc'] }, transferMode: 'ReportEvents' });
  const split = await frameWork(page, kind, count);
  const { profile } = (await session.send('Profiler.stop')) as { profile: Profile };
  await session.send('Tracing.end');
  await traced;
  const mainThread = traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const phases = new Map<string, number>();
  for (const e of traceEvents) {
    if (mainThread === undefined || e.tid !== mainThread.tid || e.pid !== mainThread.pid || e.ph !== 'X' || e.dur === undefined) continue;
    phases.set(e.name, (phases.get(e.name) ?? 0) + e.dur / 1000);
  }
  console.log('  main-thread trace events (ms, inclusive, summed):');
  for (const [name, t] of [...phases].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`    ${t.toFixed(1).padStart(8)}  ${name}`);
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const q = (xs: number[], p: number) => sorted(xs)[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)] ?? NaN;
  const total = split.script.map((s, i) => s + (split.rendering[i] ?? 0));
  console.log(`${kind} × ${count} on ${basename(file)}`);
  for (const [name, xs] of [['script', split.script], ['rendering', split.rendering], ['total', total]] as const) {
    console.log(`  ${name.padEnd(10)} median ${q(xs, 0.5).toFixed(1)}  p95 ${q(xs, 0.95).toFixed(1)}  max ${Math.max(...xs).toFixed(1)} ms`);
  }
  // Self time per function, and total (inclusive) time per function.
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const label = frameLabel;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(id);
    if (node === undefined) return;
    self.set(label(node), (self.get(label(node)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const l = label(byId.get(at) as ProfileNode);
      if (seen.has(l)) continue;
      seen.add(l);
      inclusive.set(l, (inclusive.get(l) ?? 0) + dt);
    }
  });
  if (process.env.PARENTS) {
    // Who calls the named functions: self time of each, by the caller two frames up.
    const callers = new Map<string, number>();
    profile.samples.forEach((id, i) => {
      const node = byId.get(id);
      if (node === undefined || !process.env.PARENTS!.split(',').includes(node.callFrame.functionName)) return;
      const chain: string[] = [];
      for (let at = parent.get(id); at !== undefined && chain.length < 4; at = parent.get(at)) chain.push(label(byId.get(at) as ProfileNode));
      const k = `${node.callFrame.functionName} <- ${chain.join(' <- ')}`;
      callers.set(k, (callers.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    });
    for (const [k, t] of [...callers].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`    ${t.toFixed(1).padStart(8)}  ${k}`);
  }
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  console.log('  self time (ms, whole profile):');
  for (const [l, t] of top(self, 30)) console.log(`    ${t.toFixed(1).padStart(8)}  ${l}`);
  console.log('  inclusive time (ms):');
  for (const [l, t] of top(inclusive, 40)) console.log(`    ${t.toFixed(1).padStart(8)}  ${l}`);
  await context.close();
} finally {
  await fixture.close();
}
