/**
 * Where the page's main thread spends its long tasks while the 1 M trace opens: a CPU profile
 * (Chrome DevTools Protocol, Profiler domain) and a timeline trace of the page from choosing the
 * file until the whole trace is drawn. Each main-thread task over 50 ms is listed with the
 * functions that took its time (inclusive, from the profile's samples inside it), then the whole
 * opening's self time by function.
 *
 *   node --import tsx bench/profile-open.ts [py|json] [mixed-1m|mixed-3m]
 *   CPU_ONLY=1: no CPU profile (starting one is itself a long task, and sampling adds to every
 *     task's CPU time): the tasks of over CPU_MS ms (30) of CPU, with their wall and CPU times.
 *
 * A tool to find costs, not a figure for the README (that is `npm run bench`).
 */
import { basename } from 'node:path';
import { openApp, startBrowser, waitForDrawn } from '../tests/browser/support.ts';
import { MIXED, benchScenario, benchTrace } from './traces.ts';
import { frameLabel, type Profile, type ProfileNode } from './cpu-profile.ts';
import type { TraceEvent } from './main-thread-tasks.ts';

const how = (process.argv[2] ?? 'py') as 'py' | 'json';
const which = MIXED.find((m) => m.name === (process.argv[3] ?? 'mixed-1m')) ?? MIXED[0];
const file = how === 'py' ? benchScenario(which.name, which.rounds) : benchTrace(which.label, which.name, which.rounds).file;
const LONG_MS = 50;
const CPU_ONLY = process.env.CPU_ONLY === '1';
const CPU_MS = Number(process.env.CPU_MS ?? 30);
/** The work that starts a task: a message (a worker's), a timer, an animation frame, an idle callback, an input. */
const TASK_KINDS = ['HandlePostMessage', 'TimerFire', 'FireAnimationFrame', 'FireIdleCallback', 'EventDispatch'];

const fixture = await startBrowser();
try {
  const { context, page } = await openApp(fixture);
  await page.getByRole('heading', { name: /Open a scenario/ }).waitFor();
  const session = await context.newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 500 });
  const traceEvents: TraceEvent[] = [];
  session.on('Tracing.dataCollected', (data) => void traceEvents.push(...(data.value as unknown as TraceEvent[])));
  const traced = new Promise<void>((done) => session.once('Tracing.tracingComplete', () => done()));
  await session.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] }, transferMode: 'ReportEvents' });
  // The page's idle warm-up (the first editor, preload.ts) done, as it is when a person has found a file.
  await page.waitForTimeout(3000);
  if (!CPU_ONLY) await session.send('Profiler.start');
  await page.setInputFiles('input[type=file]', file);
  await waitForDrawn(page, basename(file), 300_000, 250);
  const { profile } = CPU_ONLY ? { profile: { nodes: [], samples: [], timeDeltas: [], startTime: 0 } satisfies Profile } : ((await session.send('Profiler.stop')) as { profile: Profile });
  await session.send('Tracing.end');
  await traced;

  const mainThread = traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const onMain = (e: TraceEvent): boolean => mainThread !== undefined && e.tid === mainThread.tid && e.pid === mainThread.pid;
  const long = (e: TraceEvent): boolean => (CPU_ONLY ? (e.tdur ?? 0) > CPU_MS * 1000 : (e.dur ?? 0) > LONG_MS * 1000);
  const tasks = traceEvents.filter((e) => onMain(e) && e.ph === 'X' && e.name === 'RunTask' && long(e)).sort((a, b) => a.ts - b.ts);

  // Each sample's time (µs, the trace's clock) and its stack, leaf first, as labels.
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const label = frameLabel;
  const stacks = new Map<number, string[]>();
  const stackOf = (id: number): string[] => {
    let stack = stacks.get(id);
    if (stack === undefined) {
      stack = [];
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.push(label(byId.get(at) as ProfileNode));
      stacks.set(id, stack);
    }
    return stack;
  };
  const samples: { at: number; dt: number; stack: string[] }[] = [];
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    samples.push({ at, dt: dt / 1000, stack: stackOf(id) });
  });
  const top = (m: Map<string, number>, n: number): [string, number][] => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  const inclusiveOf = (from: number, to: number): Map<string, number> => {
    const inclusive = new Map<string, number>();
    for (const s of samples) {
      if (s.at < from || s.at > to) continue;
      for (const l of new Set(s.stack)) inclusive.set(l, (inclusive.get(l) ?? 0) + s.dt);
    }
    return inclusive;
  };
  /** Self time by function, outside the framework's own plumbing: what a task's time went to. */
  const selfOf = (from: number, to: number): Map<string, number> => {
    const self = new Map<string, number>();
    for (const s of samples) {
      if (s.at < from || s.at > to) continue;
      self.set(s.stack[0] as string, (self.get(s.stack[0] as string) ?? 0) + s.dt);
    }
    return self;
  };

  console.log(`opening ${basename(file)}: ${tasks.length} main-thread tasks over ${CPU_ONLY ? `${CPU_MS} ms of CPU` : `${LONG_MS} ms`}`);
  const first = tasks[0]?.ts ?? 0;
  for (const task of tasks) {
    const end = task.ts + (task.dur ?? 0);
    // Wall time is what the person waits; CPU time is the task's own cost, which load on a shared
    // machine does not inflate.
    console.log(`  task at +${((task.ts - first) / 1000).toFixed(0)} ms: ${((task.dur ?? 0) / 1000).toFixed(1)} ms (CPU ${((task.tdur ?? Number.NaN) / 1000).toFixed(1)} ms)`);
    for (const [l, t] of top(inclusiveOf(task.ts, end), Number(process.env.TOP ?? 18))) console.log(`    ${t.toFixed(1).padStart(8)}  ${l}`);
    // The renderer's own phases inside the task (style, layout, paint, message deserialization...).
    const phases = new Map<string, number>();
    const phasesCpu = new Map<string, number>();
    for (const e of traceEvents) {
      if (!onMain(e) || e.ph !== 'X' || e.name === 'RunTask' || e.ts < task.ts || e.ts > end) continue;
      phases.set(e.name, (phases.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
      phasesCpu.set(e.name, (phasesCpu.get(e.name) ?? 0) + (e.tdur ?? Number.NaN) / 1000);
    }
    console.log(`    phases (wall/CPU ms): ${top(phases, 8).map(([name, t]) => `${name} ${t.toFixed(0)}/${(phasesCpu.get(name) ?? Number.NaN).toFixed(0)}`).join(', ')}`);
    console.log('    self:');
    for (const [l, t] of top(selfOf(task.ts, end), 8)) console.log(`    ${t.toFixed(1).padStart(8)}  ${l}`);
  }
  /** What a task was: the longest of the kinds of work that start one (a frame when none). */
  const kindOf = (task: TraceEvent): string => {
    let kind = 'frame';
    let longest = 0;
    for (const e of traceEvents) {
      if (!onMain(e) || e.ts < task.ts || e.ts > task.ts + (task.dur ?? 0) || !TASK_KINDS.includes(e.name) || (e.dur ?? 0) <= longest) continue;
      longest = e.dur ?? 0;
      kind = e.name;
    }
    return kind;
  };
  console.log(`  in short (wall/CPU ms): ${tasks.map((t) => `${kindOf(t)} ${((t.dur ?? 0) / 1000).toFixed(0)}/${((t.tdur ?? Number.NaN) / 1000).toFixed(0)}`).join(', ')}`);
  const self = new Map<string, number>();
  for (const s of samples) self.set(s.stack[0] as string, (self.get(s.stack[0] as string) ?? 0) + s.dt);
  console.log('  self time (ms, the whole opening):');
  for (const [l, t] of top(self, 30)) console.log(`    ${t.toFixed(1).padStart(8)}  ${l}`);
  await context.close();
} finally {
  await fixture.close();
}
