// @ts-nocheck
import { startBrowser, newContext } from '/work/wt/scale/tests/browser/support.ts';
const file = process.argv[2]!;
const mode = process.argv[3] ?? 'open';
const fixture = await startBrowser();
try {
  const context = await newContext(fixture);
  const page = await context.newPage();
  await page.goto(fixture.url);
  await page.getByRole('heading', { name: /Open a scenario/ }).waitFor();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  if (mode === 'open') await cdp.send('Profiler.start');
  await page.setInputFiles('input[type=file]', file);
  await page.waitForFunction((name) => document.documentElement.dataset['drawn'] === name, file.split('/').pop(), { timeout: 300000, polling: 250 });
  if (mode === 'step') {
    await page.keyboard.press('=');await page.keyboard.press('=');
    await cdp.send('Profiler.start');
    for (let i = 0; i < 60; i++) await page.keyboard.press(i % 8 === 7 ? 'ArrowLeft' : 'ArrowRight');
  }
  const { profile } = (await cdp.send('Profiler.stop')) as any;
  const self = new Map<string, number>();
  const dt = profile.timeDeltas as number[];
  const byId = new Map<number, any>(profile.nodes.map((n: any) => [n.id, n]));
  profile.samples.forEach((id: number, i: number) => {
    const n = byId.get(id);
    const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  // The longest busy stretch (no idle sample), and what ran in it.
  let best = { from: 0, to: 0, ms: 0 }; let start = 0; let acc = 0;
  profile.samples.forEach((id: number, i: number) => {
    const n = byId.get(id);
    if (n.callFrame.functionName === '(idle)') { if (acc > best.ms) best = { from: start, to: i, ms: acc }; start = i + 1; acc = 0; }
    else acc += (dt[i] ?? 0) / 1000;
  });
  const inBusy = new Map<string, number>();
  for (let i = best.from; i < best.to; i++) {
    let n = byId.get(profile.samples[i]);
    const key = `${n.callFrame.functionName || '(anon)'}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
    inBusy.set(key, (inBusy.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  }
  console.log('longest busy', best.ms.toFixed(0), [...inBusy].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${v.toFixed(0)} ${k}`).join(' | '));
  console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v.toFixed(0).padStart(7)} ms  ${k}`).join('\n'));
  await context.close();
} finally {
  await fixture.close();
}
