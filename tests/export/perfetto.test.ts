/**
 * Perfetto / Chrome trace JSON: every gallery scenario's export follows the Trace Event Format's
 * rules (the schema test), and says what the issue asks: each task a track, each step a slice with
 * its source line, wake-ups as flow events, printed lines as instant events.
 */
import { describe, expect, test } from 'vitest';
import { decodeTrace } from '../../scheduler/trace/decode.ts';
import { perfettoJSON, perfettoTrace, STEP_US, TICK_US, type TraceEventRecord } from '../../scheduler/trace/perfetto.ts';
import type { Trace } from '../../scheduler/trace/format.ts';
import { checkTraceEventFormat } from './trace-event-format.ts';
import { GALLERY, gallerySource, galleryTrace, playSource } from './gallery.ts';

/** Scenario 31 spins to the million-tick cap on purpose: too long for a table of exports. */
const EXPORTED = GALLERY.filter((name) => !name.startsWith('31-'));

const of = (events: TraceEventRecord[], ph: string, cat?: string) => events.filter((e) => e.ph === ph && (cat === undefined || e.cat === cat));

/** What the trace itself says: steps, wake-ups that ran, prints, tasks. */
function facts(trace: Trace) {
  const events = decodeTrace(trace);
  const wakeups = new Set<number>();
  const ran = new Set<number>();
  let inStep = false;
  for (const event of events) {
    if (event.op === 'run') {
      ran.add(event.handle);
      inStep = true;
    }
    if (event.op === 'queue-wakeup' && inStep) wakeups.add(event.handle);
  }
  return {
    tasks: events.filter((e) => e.op === 'task-new').length,
    wakeups: [...wakeups].filter((h) => ran.has(h)).length,
    prints: events.flatMap((e) => (e.op === 'output' ? [e.text] : [])),
  };
}

describe('Perfetto export follows the Trace Event Format', () => {
  for (const name of EXPORTED) {
    test(name, () => {
      const trace = galleryTrace(name);
      for (const axis of ['time', 'tick'] as const) {
        const json = JSON.parse(perfettoJSON(trace, { axis }));
        expect(checkTraceEventFormat(json), `${axis} axis`).toEqual([]);
        const events = json.traceEvents as TraceEventRecord[];
        const want = facts(trace);
        // Each task a track (plus the loop's).
        expect(of(events, 'M').filter((e) => e.name === 'thread_name')).toHaveLength(want.tasks + 1);
        // Each step a slice; a task's step says the lines it ran between.
        const steps = events.filter((e) => e.ph === 'X' && (e.cat === 'step' || e.cat === 'callback'));
        expect(steps).toHaveLength(trace.steps);
        expect(steps.map((e) => e.args?.['step'])).toEqual([...Array(trace.steps).keys()]);
        for (const step of steps.filter((e) => e.cat === 'step')) {
          expect(step.args?.['paused at line'] ?? step.args?.['resumed at line'] ?? step.args?.['then'], step.name).toBeDefined();
        }
        // Wake-ups are flows; prints are instants, in order, with their line.
        expect(of(events, 's').filter((e) => e.name === 'wake-up')).toHaveLength(want.wakeups);
        const prints = of(events, 'i', 'print');
        expect(prints.map((e) => e.name)).toEqual(want.prints);
        for (const print of prints) expect(typeof print.args?.['line']).toBe('number');
      }
    });
  }
});

describe('what the export shows', () => {
  const trace = galleryTrace('01-counter-sequential-vs-gathered');
  const events = perfettoTrace(trace).traceEvents;

  test('the time axis is the virtual clock in microseconds: the run ends at 4 s', () => {
    const ticks = events.filter((e) => e.ph === 'X' && e.name.startsWith('tick '));
    const last = ticks.at(-1) as TraceEventRecord;
    expect(last.ts).toBeGreaterThanOrEqual(4_000_000);
    expect(last.ts).toBeLessThan(4_000_000 + 100 * STEP_US);
    // The clock's jumps are idle slices on the loop's track: 1 s each, four of them.
    expect(events.filter((e) => e.ph === 'X' && e.name === 'idle 1.000 s')).toHaveLength(4);
  });

  test('a sleep reads as a chain of causes: timer armed, its callback, the wake-up of the task', () => {
    const first = events.find((e) => e.ph === 'X' && e.args?.['step'] === 0) as TraceEventRecord;
    expect(first.name).toBe('start → line 17');
    expect(first.args?.['then']).toBe('awaits sleep until 1.000');
    const timer = events.find((e) => e.ph === 's' && e.name === 'timer') as TraceEventRecord;
    expect(timer.tid).toBe(first.tid);
    const fired = events.find((e) => e.ph === 'f' && e.id === timer.id) as TraceEventRecord;
    expect(fired.tid).toBe(1); // the loop's track: the timer's callback
    const wakeup = events.find((e) => e.ph === 's' && e.name === 'wake-up' && e.ts === fired.ts) as TraceEventRecord;
    const woken = events.find((e) => e.ph === 'f' && e.id === wakeup.id) as TraceEventRecord;
    expect(woken.tid).toBe(first.tid);
    expect(woken.ts).toBeGreaterThanOrEqual(1_000_000);
  });

  test('with the scenario\'s text, a step quotes the lines it ran between', () => {
    const quoted = perfettoTrace(trace, { source: gallerySource('01-counter-sequential-vs-gathered') }).traceEvents;
    const step = quoted.find((e) => e.ph === 'X' && e.args?.['step'] === 6) as TraceEventRecord;
    expect(step.args).toMatchObject({ 'resumed at line': 17, 'resumed at': 'await asyncio.sleep(1)  # one second of waiting, e.g. for the network', 'paused at line': 35, 'paused at': 'await asyncio.gather(*waits)  # now all three run, each in its own task' });
  });

  test('tasks are named tracks in creation order, after the loop', () => {
    const names = events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => e.args?.['name']);
    expect(names.slice(0, 3)).toEqual(['Event loop', 'Task-1 · main()', 'Task-2 · AsyncCounter.print_and_wait()']);
  });

  test('how the run ended is a global instant', () => {
    expect(events.filter((e) => e.ph === 'i' && e.s === 'g').map((e) => e.name)).toEqual(['end: ok']);
    const deadlock = perfettoTrace(galleryTrace('17-deadlock-two-locks')).traceEvents;
    expect(deadlock.find((e) => e.ph === 'i' && e.s === 'g')?.name).toMatch(/^end: deadlock: /);
  });

  test('on the tick axis each tick is the same width and its steps share it', () => {
    const byTick = perfettoTrace(trace, { axis: 'tick' }).traceEvents;
    const ticks = byTick.filter((e) => e.ph === 'X' && e.name.startsWith('tick '));
    ticks.forEach((tick, k) => {
      expect(tick.ts).toBe(k * TICK_US);
      expect(tick.dur).toBe(TICK_US);
    });
  });

  test('a range of steps: only those steps, the flows between them, the ticks that ran them', () => {
    const part = perfettoTrace(trace, { fromStep: 6, toStep: 12 });
    expect(checkTraceEventFormat(part)).toEqual([]);
    const steps = part.traceEvents.filter((e) => e.ph === 'X' && (e.cat === 'step' || e.cat === 'callback'));
    expect(steps.map((e) => e.args?.['step'])).toEqual([6, 7, 8, 9, 10, 11]);
    expect(part.traceEvents.some((e) => e.ph === 'i' && e.s === 'g')).toBe(false);
  });

  test('hidden tasks leave no track, step, print or flow behind', () => {
    const shutdown = new Set([4, 5]);
    const part = perfettoTrace(trace, { hideTask: (serial) => shutdown.has(serial) });
    expect(checkTraceEventFormat(part)).toEqual([]);
    expect(part.traceEvents.some((e) => e.tid === 6 || e.tid === 7)).toBe(false);
    // The module's own print after asyncio.run returned stays, on the loop's track.
    expect(part.traceEvents.find((e) => e.name === 'Code executed in 4.00 seconds.')?.tid).toBe(1);
  });

  test('a step that blocks the loop with time.sleep lasts as long as it blocked', () => {
    const blocking = perfettoTrace(
      playSource('import asyncio\nimport time\n\nasync def main():\n    time.sleep(0.5)\n    print("late")\n\nasyncio.run(main())\n'),
    ).traceEvents;
    const step = blocking.find((e) => e.ph === 'X' && e.args?.['step'] === 0) as TraceEventRecord;
    expect(step.dur).toBe(500_000);
    expect(step.args?.['blocked the loop (s)']).toBe('0.500');
  });

  test('special characters survive as JSON text', () => {
    const text = perfettoJSON(playSource('import asyncio\n\nasync def main():\n    print("</script> \\"q\\" \\u2028 é")\n\nasyncio.run(main())\n'));
    const events = JSON.parse(text).traceEvents as TraceEventRecord[];
    expect(events.find((e) => e.cat === 'print')?.name).toBe('</script> "q" \u2028 é');
  });
});

describe('the checker can fail', () => {
  const valid = () => perfettoTrace(galleryTrace('02-three-coroutines-gathered'));
  const broken: [string, (file: ReturnType<typeof valid>) => void, RegExp][] = [
    ['a slice that overlaps its parent', (f) => f.traceEvents.push({ name: 'bad', ph: 'X', pid: 1, tid: 1, ts: 0.5, dur: 5e9 }), /overlaps/],
    ['a flow end without a binding point', (f) => delete (f.traceEvents.find((e) => e.ph === 'f') as TraceEventRecord).bp, /without bp/],
    ['a flow with no start', (f) => f.traceEvents.splice(f.traceEvents.findIndex((e) => e.ph === 's'), 1), /no start/],
    ['a flow outside any slice', (f) => ((f.traceEvents.find((e) => e.ph === 's') as TraceEventRecord).ts = 9e12), /inside no slice/],
    ['a negative time', (f) => ((f.traceEvents.find((e) => e.ph === 'X') as TraceEventRecord).ts = -1), /ts/],
    ['an unknown phase', (f) => ((f.traceEvents[5] as { ph: string }).ph = 'Q'), /ph/],
    ['an instant with a bad scope', (f) => ((f.traceEvents.find((e) => e.ph === 'i') as { s: string }).s = 'x'), /s/],
    ['a thread with no name', (f) => f.traceEvents.push({ name: 'x', ph: 'X', pid: 1, tid: 99, ts: 0, dur: 1 }), /no thread_name/],
  ];
  for (const [what, breakIt, message] of broken) {
    test(what, () => {
      const file = valid();
      breakIt(file);
      const problems = checkTraceEventFormat(JSON.parse(JSON.stringify(file)));
      expect(problems.join('\n')).toMatch(message);
    });
  }
});
