/**
 * Runtime errors carry where they were raised: the end of the run names the line and the task of
 * the frame that raised, and holds the traceback, whose frames are CPython's (compared with the
 * frames CPython 3.11 gives for the same file, asyncio's own left out). Exceptions the loop logs
 * (one in a callback) come with theirs too. The end survives the trace's JSON.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { runScenario, type ScenarioResult } from '../../scheduler/python/scenario.ts';
import { traceFromJSON, traceToJSON } from '../../scheduler/trace/json.ts';
import { forEachTextEvent } from '../../scheduler/trace/decode.ts';
import type { Trace } from '../../scheduler/trace/format.ts';
import { cpython, runPythonJson } from '../support/python.ts';

interface CPythonException {
  type: string;
  message: string;
  frames: [number, string, string][];
}
interface CPythonRun {
  end: CPythonException | null;
  /** With the log message of the loop's exception handler. */
  logged: (CPythonException & { log: string })[];
}

/** Programs, the line that raises, and the name of the task it runs in ('-' for none). */
const PROGRAMS: Record<string, { source: string; line: number; task: string }> = {
  key_error: {
    source: 'import asyncio\n\nasync def main():\n    d = {}\n    print("start")\n    return d["missing"]\n\nasyncio.run(main())\n',
    line: 6,
    task: 'Task-1',
  },
  name_error: {
    source: 'import asyncio\n\nasync def main():\n    print(undefined_name)\n\nasyncio.run(main())\n',
    line: 4,
    task: 'Task-1',
  },
  recursion_error: {
    source: 'import asyncio\n\ndef f(n):\n    return f(n + 1)\n\nasync def main():\n    f(0)\n\nasyncio.run(main())\n',
    line: 4,
    task: 'Task-1',
  },
  zero_division_in_a_gathered_task: {
    source: [
      'import asyncio',
      '',
      'async def work(x):',
      '    await asyncio.sleep(0.5)',
      '    return 10 / x',
      '',
      'async def main():',
      '    results = await asyncio.gather(work(1), work(0))',
      '    print(results)',
      '',
      'asyncio.run(main())',
      '',
    ].join('\n'),
    line: 5,
    task: 'Task-3',
  },
  attribute_error_in_a_method: {
    source: [
      'import asyncio',
      '',
      'class Account:',
      '    def deposit(self, amount):',
      '        self.balance += amount',
      '',
      'async def main():',
      '    Account().deposit(5)',
      '',
      'asyncio.run(main())',
      '',
    ].join('\n'),
    line: 5,
    task: 'Task-1',
  },
  module_level_key_error: {
    source: 'prices = {"apple": 1}\nprint(prices["pear"])\n',
    line: 2,
    task: '-',
  },
};

/** An exception in a loop callback is logged, not raised: the run goes on. */
const CALLBACK = [
  'import asyncio',
  '',
  'def on_tick(d):',
  '    print("tick", d["k"])',
  '',
  'async def main():',
  '    asyncio.get_running_loop().call_soon(on_tick, {})',
  '    await asyncio.sleep(1)',
  '    print("done")',
  '',
  'asyncio.run(main())',
  '',
].join('\n');

const dir = mkdtempSync(join(tmpdir(), 'loopscope-tracebacks-'));
const path = (name: string) => join(dir, `${name}.py`);
for (const [name, p] of Object.entries(PROGRAMS)) writeFileSync(path(name), p.source);
writeFileSync(path('callback'), CALLBACK);

const python = cpython();
let reference: Record<string, CPythonRun> = {};
beforeAll(() => {
  if (!python.ok) return;
  reference = runPythonJson<Record<string, CPythonRun>>('tests/python/fixtures/tracebacks/cpython_frames.py', {
    files: [...Object.keys(PROGRAMS), 'callback'].map(path),
  });
}, 120_000);

function run(name: string, source: string): ScenarioResult {
  return runScenario(source, { file: path(name) });
}

function taskNames(trace: Trace): string[] {
  const names: string[] = [];
  forEachTextEvent(trace, { taskName: (task, n) => (names[task] = n), output: () => {}, log: () => {} });
  return names;
}

/** Our traceback's frames, as [line, function, source] (what CPython's extract_tb gives). */
function ourFrames(traceback: string): [number, string, string][] {
  const lines = traceback.split('\n');
  const frames: [number, string, string][] = [];
  lines.forEach((line, i) => {
    const m = /^ {2}File "[^"]*", line (\d+), in (.*)$/.exec(line);
    if (m) frames.push([Number(m[1]), m[2]!, (lines[i + 1] ?? '').startsWith('    ') ? lines[i + 1]!.trim() : '']);
  });
  return frames;
}

describe('the end of a run that raised names the line, the task and the traceback', () => {
  test.each(Object.entries(PROGRAMS))('%s', (name, program) => {
    const result = run(name, program.source);
    const end = result.trace.end!;
    expect(end.kind).toBe('error');
    if (end.kind !== 'error') return;
    expect(end.line).toBe(program.line);
    expect(end.task === -1 ? '-' : taskNames(result.trace)[end.task!]).toBe(program.task);
    expect(end.traceback).toBe(result.traceback);
    expect(end.traceback!.split('\n').pop()).toBe(end.exception);
  });
});

describe.skipIf(!python.ok)("the traceback's frames are CPython's", () => {
  test.each(Object.keys(PROGRAMS))('%s', (name) => {
    const result = run(name, PROGRAMS[name]!.source);
    const end = result.trace.end!;
    if (end.kind !== 'error') throw new Error(`ended ${end.kind}`);
    const theirs = reference[path(name)]!.end!;
    expect(`${end.type}: ${end.message}`).toBe(`${theirs.type}: ${theirs.message}`);
    const ours = ourFrames(end.traceback!);
    if (name === 'recursion_error') {
      // The same frames down to the recursion, cut short the same way (the number of repeats
      // depends on the frames of asyncio's own code under the scenario's).
      expect(ours.slice(0, 5)).toEqual(theirs.frames.slice(0, 5));
      expect(end.traceback).toMatch(/\n {2}\[Previous line repeated \d+ more times\]\nRecursionError: maximum recursion depth exceeded$/);
    } else {
      expect(ours).toEqual(theirs.frames);
    }
  });

  test('an exception in a callback: logged, with its traceback, and the run goes on', () => {
    const result = run('callback', CALLBACK);
    expect(result.trace.end).toMatchObject({ kind: 'ok', time: 1 });
    const theirs = reference[path('callback')]!.logged;
    expect(result.logged.map((l) => l.message)).toEqual(theirs.map((l) => l.log.replace(`${dir}/`, '')));
    const logged = result.logged[0]!;
    expect(logged.line).toBe(4);
    expect(logged.task).toBe(-1);
    expect(ourFrames(logged.traceback)).toEqual(theirs[0]!.frames);
    expect(logged.traceback.split('\n').pop()).toBe("KeyError: 'k'");
  });
});

describe('the trace JSON keeps where the error was raised', () => {
  test('line, task and traceback survive a round trip', () => {
    const result = run('zero_division_in_a_gathered_task', PROGRAMS.zero_division_in_a_gathered_task!.source);
    const back = traceFromJSON(traceToJSON(result.trace));
    expect(back.end).toEqual(result.trace.end);
    expect(back.end).toMatchObject({ kind: 'error', line: 5, task: 2 });
  });

  test('an older trace, without them, still reads', () => {
    const result = run('key_error', PROGRAMS.key_error!.source);
    const json = JSON.parse(traceToJSON(result.trace)) as { end: Record<string, unknown> };
    delete json.end.line;
    delete json.end.task;
    delete json.end.traceback;
    const back = traceFromJSON(JSON.stringify(json));
    expect(back.end).toEqual({ kind: 'error', time: 0, exception: "KeyError: 'missing'", type: 'KeyError', message: "'missing'" });
  });

  test('an end of an unknown kind is refused, not passed on', () => {
    const result = run('key_error', PROGRAMS.key_error!.source);
    const json = JSON.parse(traceToJSON(result.trace)) as { end: Record<string, unknown> };
    json.end.kind = 'exploded';
    expect(() => traceFromJSON(JSON.stringify(json))).toThrow(/unknown end of run/);
  });
});
