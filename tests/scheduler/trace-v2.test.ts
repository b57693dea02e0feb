/**
 * Trace version 2: the facts it added (who woke whom and why, who cancelled whom, where blocking
 * calls and warnings are, await stacks, locks held, dropped tasks, the main thread's asyncio.run,
 * simulated I/O), and version-1 traces, saved by `loopscope run --format json` before them,
 * still read, played back and explained.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { decodeTrace, type TraceEvent } from '../../scheduler/trace/decode.ts';
import { TRACE_VERSION } from '../../scheduler/trace/format.ts';
import { traceFromJSON, traceToJSON } from '../../scheduler/trace/json.ts';
import { TraceIndex } from '../../scheduler/trace/state.ts';
import { transcriptLines } from '../../scheduler/trace/transcript.ts';
import { buildExplainIndex } from '../../scheduler/explain/index.ts';
import { narrate } from '../../scheduler/explain/narration.ts';
import { findLints } from '../../scheduler/explain/lints.ts';
import { runScenario } from '../../scheduler/python/scenario.ts';
import { scenarioSource, traceOf } from '../renderer/support.ts';
import { explain } from '../explain/support.ts';

const of = <K extends TraceEvent['op']>(events: readonly TraceEvent[], op: K) => events.filter((e): e is Extract<TraceEvent, { op: K }> => e.op === op);

describe('what version 2 records', () => {
  test('the version', () => {
    expect(TRACE_VERSION).toBe(2);
    expect(traceOf('02-three-coroutines-gathered.py').version).toBe(2);
  });

  test('a primitive says why it wakes a waiter, before the future completes', () => {
    const { trace } = explain(`
      import asyncio

      async def waiter(e):
          await e.wait()

      async def main():
          e = asyncio.Event()
          t = asyncio.create_task(waiter(e))
          await asyncio.sleep(0)
          e.set()
          await t

      asyncio.run(main())
    `);
    const events = decodeTrace(trace);
    const wake = of(events, 'wake')[0]!;
    expect(wake).toMatchObject({ cause: 'event-set', label: 'e' });
    const at = events.indexOf(wake);
    expect(events[at + 1]).toMatchObject({ op: 'future-done', future: wake.future, outcome: 'result', byTask: 0 });
    expect(events[at + 2]).toMatchObject({ op: 'queue-wakeup', task: 1, future: wake.future });
  });

  test('who cancelled whom, with the message; a task’s future id', () => {
    const { trace } = explain(`
      import asyncio

      async def main():
          t = asyncio.create_task(asyncio.sleep(5))
          await asyncio.sleep(0)
          t.cancel("enough")
          try:
              await t
          except asyncio.CancelledError:
              pass

      asyncio.run(main())
    `);
    const events = decodeTrace(trace);
    expect(of(events, 'task-cancel')).toEqual([{ op: 'task-cancel', task: 1, by: 0, message: 'enough' }]);
    const futures = of(events, 'task-future');
    expect(futures.map((f) => f.task)).toEqual([0, 1, 2, 3]);
    expect(new Set(futures.map((f) => f.future)).size).toBe(4);
  });

  test('blocking calls and warnings carry their line and task', () => {
    const events = decodeTrace(traceOf('06-blocking-sleep-stalls-loop.py'));
    expect(of(events, 'block').map((b) => [b.task, b.line, b.seconds])).toEqual([[2, 20, 1]]);
    const logs = of(decodeTrace(traceOf('29-forgotten-await.py')), 'log');
    expect(logs.map((l) => [l.kind, l.task, l.line])).toEqual([
      ['never-awaited', 0, 18],
      ['never-awaited', 0, 20],
    ]);
    const retrieved = of(decodeTrace(traceOf('28-fire-and-forget-exception.py')), 'log');
    expect(retrieved.map((l) => [l.kind, l.task, l.line])).toEqual([['never-retrieved', 1, 12]]);
  });

  test('await stacks name each frame, outermost first; frames tell one call from the next', () => {
    const stacks = of(decodeTrace(traceOf('01-counter-sequential-vs-gathered.py')), 'stack').slice(0, 3);
    expect(stacks.map((s) => s.lines)).toEqual([
      [41, 24, 17],
      [41, 24, 17],
      [41, 24, 17],
    ]);
    expect(stacks.map((s) => s.frames[0])).toEqual([1, 1, 1]);
    expect(new Set(stacks.map((s) => s.frames[2])).size).toBe(3);
    const state = new TraceIndex(traceOf('01-counter-sequential-vs-gathered.py')).stateAt(2);
    expect(state.tasks[0]).toMatchObject({ line: 17, callers: [41, 24] });
  });

  test('locks taken and released, dropped tasks, the main thread’s asyncio.run, I/O, where a task raised', () => {
    const events = decodeTrace(traceOf('13-lock-shared-account.py'));
    expect(of(events, 'lock-acquire').map((e) => [e.task, e.label, e.line])).toEqual([
      [3, 'lock', 25],
      [4, 'lock', 25],
    ]);
    expect(of(events, 'lock-release').map((e) => [e.task, e.statements])).toEqual([
      [3, 3],
      [4, 2],
    ]);
    expect(of(events, 'loop-enter').map((e) => e.line)).toEqual([42]);
    expect(of(events, 'loop-exit')).toHaveLength(1);
    expect(of(decodeTrace(traceOf('30-run-shutdown-cancels-leftovers.py')), 'task-dropped').map((e) => [e.task, e.line])).toEqual([
      [1, 27],
      [2, 27],
      [3, 27],
    ]);
    const io = of(decodeTrace(traceOf('03-fetch-urls-aiohttp.py')), 'io');
    expect(io.map((e) => [e.description, e.outcome])).toEqual([
      ['GET https://www.example.com', '200 OK'],
      ['GET https://www.google.com', '200 OK'],
      ['GET https://www.wikipedia.org', '200 OK'],
    ]);
    const suspends = of(decodeTrace(traceOf('03-fetch-urls-aiohttp.py')), 'suspend').filter((s) => s.wait.kind === 'io');
    expect(suspends.map((s) => s.wait.label)).toEqual(['GET https://www.example.com', 'GET https://www.google.com', 'GET https://www.wikipedia.org']);
    expect(of(decodeTrace(traceOf('09-gather-errors.py')), 'task-raise').map((e) => e.line)).toEqual([13, 13, 13]);
  });

  test('the same scenario gives the same bytes twice (frame numbers restart with each run)', () => {
    const source = scenarioSource('27-async-generator.py');
    const a = traceToJSON(runScenario(source, { file: 'x.py' }).trace);
    const b = traceToJSON(runScenario(source, { file: 'x.py' }).trace);
    expect(a).toBe(b);
  });
});

describe('version-1 traces are still read', () => {
  const folder = new URL('../fixtures/traces-v1/', import.meta.url);
  const files = readdirSync(folder).filter((f) => f.endsWith('.json')).sort();

  test.each(files)('%s: decodes, plays back, and tells the same transcript as a run today', (file) => {
    const trace = traceFromJSON(readFileSync(new URL(file, folder), 'utf8'));
    expect(trace.version).toBe(1);
    const today = traceOf(file.replace(/\.json$/, '.py'));
    // The transcript (prints, warnings, how it ended) is the same: version 2 only added facts.
    expect(transcriptLines(trace)).toEqual(transcriptLines(today));
    const index = new TraceIndex(trace);
    expect(index.steps).toBe(today.steps);
    const explained = buildExplainIndex(trace);
    for (let b = 0; b <= explained.steps; b++) expect(narrate(explained, b).text.length).toBeGreaterThan(10);
  });

  test('a version-1 warning gets its kind and task from its wording; lints still find it', () => {
    const trace = traceFromJSON(readFileSync(new URL('28-fire-and-forget-exception.json', folder), 'utf8'));
    const logs = of(decodeTrace(trace), 'log');
    expect(logs.map((l) => [l.kind, l.task])).toEqual([['never-retrieved', 1]]);
    expect(findLints(trace).map((l) => l.id)).toEqual(['exception-never-retrieved']);
  });

  test('version-1 causes degrade, never break: wake-ups fall back to what the trace has', () => {
    const trace = traceFromJSON(readFileSync(new URL('16-taskgroup.json', folder), 'utf8'));
    const index = buildExplainIndex(trace);
    expect(index.steps).toBeGreaterThan(20);
    const text = narrate(index, 20).text;
    expect(text).toMatch(/Task-6/);
  });
});
