/**
 * THE conformance test of the interpreter: every scenario of the gallery, played by
 * runScenario, prints exactly CPython's transcript (tests/reference/expected/*.txt, produced by
 * tools/cpython_reference.py). LOG lines are optional in the transcript format, so the main
 * comparison leaves them out; a second test checks that they match too, as they do today.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { runScenario } from '../../../scheduler/python/scenario.ts';
import { referenceEndLine, transcriptLines } from '../../../scheduler/trace/transcript.ts';
import { forEachEvent, forEachTextEvent } from '../../../scheduler/trace/decode.ts';
import type { Trace } from '../../../scheduler/trace/format.ts';

const root = new URL('../../../', import.meta.url);
const scenarios = readdirSync(new URL('scenarios/', root))
  .filter((f) => f.endsWith('.py'))
  .sort();

function expected(name: string): string[] {
  return readFileSync(new URL(`tests/reference/expected/${name}.txt`, root), 'utf8')
    .split('\n')
    .filter((l) => l !== '');
}

const noLog = (lines: string[]) => lines.filter((l) => !l.startsWith('LOG\t'));

describe('gallery: runScenario equals CPython, line for line', () => {
  test('the gallery has scenarios', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(25);
  });

  for (const file of scenarios) {
    const name = file.replace(/\.py$/, '');
    test(name, () => {
      const source = readFileSync(new URL(`scenarios/${file}`, root), 'utf8');
      const result = runScenario(source, { file });
      expect(result.error).toBeNull();
      // The reference's END line of a limit stops at `limit` (ours adds the reason).
      const lines = transcriptLines(result.trace).map(referenceEndLine);
      expect(noLog(lines)).toEqual(noLog(expected(name)));
      // The optional LOG lines (loop warnings) match CPython's too.
      expect(lines).toEqual(expected(name));
    });
  }
});

/** The task names, prints and warnings of a trace, as the full decoder reads them. */
function textEventsDecoded(trace: Trace): string[] {
  const out: string[] = [];
  forEachEvent(trace, (event) => {
    if (event.op === 'task-new' || event.op === 'task-rename') out.push(`name ${event.task} ${event.name}`);
    else if (event.op === 'output') out.push(`output ${event.task} ${event.time} ${event.text}`);
    else if (event.op === 'log') out.push(`log ${event.time} ${event.text}`);
  });
  return out;
}

/** The same, as the transcript's quick walker reads them. */
function textEventsWalked(trace: Trace): string[] {
  const out: string[] = [];
  forEachTextEvent(trace, {
    taskName: (task, name) => out.push(`name ${task} ${name}`),
    output: (task, text, time) => out.push(`output ${task} ${time} ${text}`),
    log: (text, time) => out.push(`log ${time} ${text}`),
  });
  return out;
}

describe("the transcript's quick walker steps over events exactly as the full decoder reads them", () => {
  // Between them the gallery's traces hold every opcode: timers, blocking sleeps, suspends with
  // blockers, renames, warnings.
  for (const file of scenarios) {
    test(file, () => {
      const source = readFileSync(new URL(`scenarios/${file}`, root), 'utf8');
      const { trace } = runScenario(source, { file });
      const decoded = textEventsDecoded(trace);
      expect(decoded.length).toBeGreaterThan(0);
      expect(textEventsWalked(trace)).toEqual(decoded);
    });
  }

  test('a renamed task, a blocking sleep, a warning and a waiter with blockers', () => {
    const source = [
      'import asyncio, time',
      'async def boom():',
      '    raise ValueError("lost")',
      'async def main():',
      '    asyncio.current_task().set_name("renamed")',
      '    lock = asyncio.Lock()',
      '    await lock.acquire()',
      '    async def waiter():',
      '        async with lock:',
      '            print("got it")',
      '    w = asyncio.create_task(waiter())',
      '    await asyncio.sleep(0.5)',
      '    time.sleep(0.25)',
      '    print("blocked")',
      '    lock.release()',
      '    await w',
      '    asyncio.create_task(boom())',
      '    await asyncio.sleep(0)',
      'asyncio.run(main())',
    ].join('\n');
    const { trace } = runScenario(source, { file: 'inline.py' });
    const decoded = textEventsDecoded(trace);
    expect(decoded.some((line) => line.endsWith(' renamed'))).toBe(true);
    expect(decoded.some((line) => line.startsWith('log '))).toBe(true);
    expect(decoded).toContain('output 0 0.75 blocked');
    expect(textEventsWalked(trace)).toEqual(decoded);
  });
});
