/**
 * Our gap, not the user's bug: a name CPython has and Loopscope does not model stops the run with
 * "Loopscope does not model X yet" and its line (or is a problem of the file when it can be seen
 * before the run), never a Python error on an internal class name; a name CPython lacks too stays
 * CPython's own error. Internal class names never reach what a scenario prints or sees.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkScenarioProblems, runScenario } from '../../scheduler/python/scenario.ts';
import { referenceEndLine, transcriptLines } from '../../scheduler/trace/transcript.ts';
import { cpython } from '../support/python.ts';

const program = (...lines: string[]): string => `${lines.join('\n')}\n`;
const endOf = (source: string) => runScenario(source, { file: 'gap.py' }).trace.end!;

describe('a name Loopscope does not model stops the run, naming it and its line', () => {
  test.each([
    [
      'setting an attribute the loop has in CPython',
      program('import asyncio', 'async def main():', '    loop = asyncio.get_running_loop()', '    loop.call_exception_handler = print', 'asyncio.run(main())'),
      'Loopscope does not model setting loop.call_exception_handler yet (line 4)',
      4,
    ],
    [
      'reading a method of the loop',
      program('import asyncio', 'async def main():', '    asyncio.get_running_loop().add_reader', 'asyncio.run(main())'),
      'Loopscope does not model loop.add_reader yet (line 3)',
      3,
    ],
    [
      'a module attribute only a run can see (getattr)',
      program('import asyncio', 'async def main():', '    name = "wrap_" + "future"', '    getattr(asyncio, name)(2)', 'asyncio.run(main())'),
      'Loopscope does not model asyncio.wrap_future yet (line 4)',
      4,
    ],
    [
      'hasattr answers True, as CPython does, without stopping the run (only a use of the name does)',
      program('import asyncio', 'print(hasattr(asyncio, "start_unix_server"))'),
      null,
      0,
    ],
    [
      'in a function called from a task: the line of the function',
      program('import asyncio', 'def setup(loop):', '    loop.add_reader(0, print)', 'async def main():', '    setup(asyncio.get_running_loop())', 'asyncio.run(main())'),
      'Loopscope does not model loop.add_reader yet (line 3)',
      3,
    ],
    [
      'in a callback',
      program('import asyncio', 'def cb(q):', '    q.shutdown_immediately', 'async def main():', '    asyncio.get_running_loop().call_soon(cb, "text")', '    await asyncio.sleep(1)', 'asyncio.run(main())'),
      null,
      0,
    ],
    [
      'a method of str Loopscope lacks',
      program('print("abc".translate({97: "x"}))'),
      'Loopscope does not model str.translate yet (line 1)',
      1,
    ],
    [
      'a builtin that would reach the machine',
      program('data = open("notes.txt").read()'),
      'Loopscope does not model the builtin open(): a scenario runs without files, input or other code (line 1)',
      1,
    ],
    [
      'a new attribute on a Lock (a Python object in CPython)',
      program('import asyncio', 'lock = asyncio.Lock()', 'lock.owner = "me"'),
      'Loopscope does not model new attributes on asyncio.Lock objects yet (line 3)',
      3,
    ],
  ])('%s', (_label, source, message, line) => {
    const end = endOf(source);
    if (message === null) {
      // 'str' has no shutdown_immediately in CPython either: the scenario's own AttributeError,
      // logged for a callback as CPython does.
      expect(end.kind).toBe('ok');
      return;
    }
    expect(end).toMatchObject({ kind: 'limit', reason: 'not-modelled', message, line });
  });

  test('no except clause catches it: it is not a Python exception', () => {
    const source = program(
      'import asyncio',
      'async def main():',
      '    try:',
      '        asyncio.get_running_loop().call_exception_handler = print',
      '    except Exception:',
      '        print("caught")',
      '    finally:',
      '        print("finally")',
      'asyncio.run(main())',
    );
    const result = runScenario(source, { file: 'gap.py' });
    expect(transcriptLines(result.trace)).toEqual(['END\t0.000\tlimit\tnot-modelled: Loopscope does not model setting loop.call_exception_handler yet (line 4)']);
    expect(result.trace.end).toMatchObject({ task: 0 });
  });

  test('a name CPython lacks too is the scenario\'s own error, as CPython raises it', () => {
    expect(endOf(program('import asyncio', 'asyncio.sleeep(1)'))).toMatchObject({ kind: 'error', exception: "AttributeError: module 'asyncio' has no attribute 'sleeep'" });
    expect(endOf(program('import asyncio', 'q = asyncio.Queue()', 'q.shutdown()'))).toMatchObject({
      kind: 'error',
      exception: "AttributeError: 'Queue' object has no attribute 'shutdown'",
    });
    expect(endOf(program('print(undefined_thing)'))).toMatchObject({ kind: 'error', exception: "NameError: name 'undefined_thing' is not defined" });
    expect(endOf(program('[].append = 1'))).toMatchObject({ kind: 'error', type: 'AttributeError' });
  });
});

describe('uses the checker can see are problems of the file', () => {
  test('module attributes CPython has and Loopscope lacks, each at its place', () => {
    const source = program('import asyncio', 'import time', 'async def main():', '    print(asyncio.open_unix_connection)', '    p = asyncio.create_subprocess_exec("ls")', '    await asyncio.sleep(1)', 'asyncio.run(main())');
    const problems = checkScenarioProblems(source, 'gap.py');
    expect(problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [4, 11, 'Loopscope does not model asyncio.open_unix_connection yet'],
      [5, 9, 'Loopscope does not model asyncio.create_subprocess_exec yet'],
    ]);
    // A run stops at load with the first, as check reports it.
    expect(runScenario(source, { file: 'gap.py' }).error?.message).toBe('Loopscope does not model asyncio.open_unix_connection yet');
  });

  test('not when the name could be something else than the module', () => {
    const shadowed = program('import asyncio', 'def f(asyncio):', '    return asyncio.Barrier', 'asyncio.sleep');
    expect(checkScenarioProblems(shadowed, 'gap.py')).toEqual([]);
    expect(checkScenarioProblems(program('import asyncio', 'asyncio.sleeep'), 'gap.py')).toEqual([]);
  });
});

describe('internal class names never reach the user', () => {
  /** Everything a scenario can print about the objects it gets, and the errors naming their types. */
  const SHOW = program(
    'import asyncio',
    'def show(label, obj):',
    '    t = type(obj)',
    '    print(label, t.__name__, t.__module__, repr(t))',
    'async def child():',
    '    return 1',
    'async def main():',
    '    loop = asyncio.get_running_loop()',
    '    print(repr(loop))',
    '    for label, obj in [("loop", loop), ("task", asyncio.current_task()), ("future", loop.create_future()),',
    '                       ("handle", loop.call_soon(print)), ("lock", asyncio.Lock()), ("event", asyncio.Event()),',
    '                       ("queue", asyncio.Queue()), ("taskgroup", asyncio.TaskGroup()), ("timeout", asyncio.timeout(1)),',
    '                       ("gather", asyncio.gather(child())), ("sleep", asyncio.sleep), ("function", child)]:',
    '        show(label, obj)',
    '    for bad in [lambda: loop + 1, lambda: len(loop), lambda: loop[0], lambda: loop.no_such_thing]:',
    '        try:',
    '            bad()',
    '        except Exception as e:',
    '            print(type(e).__name__, e)',
    '    await asyncio.sleep(0)',
    'asyncio.run(main())',
  );

  test('types, modules, reprs and error messages use CPython\'s names', () => {
    const result = runScenario(SHOW, { file: 'show.py' });
    const text = transcriptLines(result.trace).join('\n');
    expect(text).toContain("loop _UnixSelectorEventLoop asyncio.unix_events <class 'asyncio.unix_events._UnixSelectorEventLoop'>");
    expect(text).toContain('<_UnixSelectorEventLoop running=True closed=False debug=False>');
    expect(text).toContain("TypeError unsupported operand type(s) for +: '_UnixSelectorEventLoop' and 'int'");
    expect(text).toContain("function function builtins <class 'function'>");
    for (const internal of [/VirtualEventLoop/, /\bEventLoop\b/, /PyInstance/, /PyModule/, /\bGatheringFuture/, /JsIter/, /NotModelled/, /LoopHalted/, /ScenarioHalt/, /property object/, /__main__\./]) {
      expect(text).not.toMatch(internal);
    }
  });

  test.skipIf(!cpython().ok)('the same lines as CPython (addresses aside)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loopscope-names-'));
    const path = join(dir, 'show.py');
    writeFileSync(path, SHOW);
    const theirs = execFileSync('python3', ['tools/cpython_reference.py', path, '--no-log'], { encoding: 'utf8' }).trimEnd().split('\n');
    const ours = transcriptLines(runScenario(SHOW, { file: path }).trace, { logs: false }).map(referenceEndLine);
    // The lines that name the loop's class, and the errors about it, are CPython's exactly.
    const aboutTheLoop = (lines: string[]) => lines.filter((l) => /EventLoop|unsupported|has no len|not subscriptable/.test(l));
    expect(aboutTheLoop(ours)).toEqual(aboutTheLoop(theirs));
  });
});
