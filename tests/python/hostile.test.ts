/**
 * Hostile and pathological scenarios (issue 14): each ends quickly with what CPython 3.11 does,
 * or, where CPython would exhaust the machine, with a clear diagnosis at the offending line.
 * Never an InternalError, a hang or a crash of the host.
 *
 * Where CPython's answer is the reference, the expected lines below were printed by python3
 * 3.11.7 (tools/cpython_reference.py), and are checked against the live interpreter when it is
 * there.
 */
import { describe, expect, test } from 'vitest';
import { cpython } from '../support/python.ts';
import { cpythonLines, loopscopeLines } from '../support/reference.ts';
import { runScenario } from '../../scheduler/python/scenario.ts';
import { transcriptLines } from '../../scheduler/trace/transcript.ts';
import { traceFromJSON, traceToJSON, writeTraceJSON } from '../../scheduler/trace/json.ts';

const python = cpython();
const withCPython = python.ok ? '' : ` (CPython check skipped: ${python.why})`;

/** A scenario whose transcript must be exactly `expected`, which is CPython's. */
function likeCPython(name: string, source: string, expected: string[], timeout?: number): void {
  test(`${name}${withCPython}`, () => {
    expect(loopscopeLines(source)).toEqual(expected);
    if (python.ok) expect(cpythonLines(source)).toEqual(expected);
  }, timeout);
}

describe('asyncio: arguments that are not awaitables fail as in CPython', () => {
  likeCPython(
    'await asyncio.wait([None]) is the AttributeError of _wait, not an internal error',
    `import asyncio

async def main():
    await asyncio.wait([None])

asyncio.run(main())
`,
    ["END\t0.000\terror\tAttributeError: 'NoneType' object has no attribute 'add_done_callback'"],
  );

  likeCPython(
    'wait(), wait_for(), gather(), shield(), as_completed() and friends with non-awaitables',
    `import asyncio

async def main():
    done = asyncio.ensure_future(asyncio.sleep(0))
    checks = [
        ("wait([1])", lambda: asyncio.wait([1])),
        ("wait(['x'])", lambda: asyncio.wait(['x'])),
        ("wait([len])", lambda: asyncio.wait([len])),
        ("wait([[]])", lambda: asyncio.wait([[]])),
        ("wait([done, None])", lambda: asyncio.wait([done, None])),
        ("wait([1], timeout=1)", lambda: asyncio.wait([1], timeout=1)),
        ("wait({})", lambda: asyncio.wait({})),
        ("wait(5)", lambda: asyncio.wait(5)),
        ("wait(done)", lambda: asyncio.wait(done)),
        ("wait([done], timeout='x')", lambda: asyncio.wait([done], timeout='x')),
        ("wait(['x'], return_when='bad')", lambda: asyncio.wait(['x'], return_when='bad')),
        ("wait_for(None, 1)", lambda: asyncio.wait_for(None, 1)),
        ("wait_for(done, 'x')", lambda: asyncio.wait_for(done, 'x')),
        ("gather(None)", lambda: asyncio.gather(None)),
        ("shield(3)", lambda: asyncio.shield(3)),
        ("ensure_future(None)", lambda: asyncio.ensure_future(None)),
        ("create_task(None)", lambda: asyncio.create_task(None)),
    ]
    for name, make in checks:
        try:
            await make()
            print(name, "ok")
        except Exception as e:
            print(name, type(e).__name__, e)
    try:
        for f in asyncio.as_completed([None]):
            await f
    except TypeError as e:
        print("as_completed([None])", e)
    try:
        async with asyncio.timeout('x'):
            pass
    except TypeError as e:
        print("timeout('x')", e)
    await asyncio.sleep(2)
    print("the timer of wait([1], timeout=1) fired harmlessly")

asyncio.run(main())
`,
    [
      "0.000\tTask-1\twait([1]) AttributeError 'int' object has no attribute 'add_done_callback'",
      "0.000\tTask-1\twait(['x']) AttributeError 'str' object has no attribute 'add_done_callback'",
      "0.000\tTask-1\twait([len]) AttributeError 'builtin_function_or_method' object has no attribute 'add_done_callback'",
      "0.000\tTask-1\twait([[]]) TypeError unhashable type: 'list'",
      "0.000\tTask-1\twait([done, None]) AttributeError 'NoneType' object has no attribute 'add_done_callback'",
      "0.000\tTask-1\twait([1], timeout=1) AttributeError 'int' object has no attribute 'add_done_callback'",
      '0.000\tTask-1\twait({}) ValueError Set of Tasks/Futures is empty.',
      "0.000\tTask-1\twait(5) TypeError 'int' object is not iterable",
      '0.000\tTask-1\twait(done) TypeError expect a list of futures, not Task',
      "0.000\tTask-1\twait([done], timeout='x') TypeError unsupported operand type(s) for +: 'float' and 'str'",
      "0.000\tTask-1\twait(['x'], return_when='bad') ValueError Invalid return_when value: bad",
      '0.000\tTask-1\twait_for(None, 1) TypeError An asyncio.Future, a coroutine or an awaitable is required',
      "0.000\tTask-1\twait_for(done, 'x') TypeError '<=' not supported between instances of 'str' and 'int'",
      '0.000\tTask-1\tgather(None) TypeError An asyncio.Future, a coroutine or an awaitable is required',
      '0.000\tTask-1\tshield(3) TypeError An asyncio.Future, a coroutine or an awaitable is required',
      '0.000\tTask-1\tensure_future(None) TypeError An asyncio.Future, a coroutine or an awaitable is required',
      '0.000\tTask-1\tcreate_task(None) TypeError a coroutine was expected, got None',
      '0.000\tTask-1\tas_completed([None]) An asyncio.Future, a coroutine or an awaitable is required',
      "0.000\tTask-1\ttimeout('x') unsupported operand type(s) for +: 'float' and 'str'",
      '2.000\tTask-1\tthe timer of wait([1], timeout=1) fired harmlessly',
      'END\t2.000\tok',
    ],
  );
});

describe('random and big ints: linear where CPython is', () => {
  // Quadratic, 4e6 bits took over a minute; CPython takes milliseconds. The test's timeout is
  // the guard (no timed assertion): a quadratic getrandbits cannot finish inside it.
  likeCPython(
    'random.getrandbits(4_000_000) gives CPython’s bits, in time',
    `import random

random.seed(2024)
x = random.getrandbits(4_000_000)
print(x.bit_length(), x % 1_000_003, hex(x)[-24:], hex(x)[:24])
random.seed(3 ** 200_000)
print(random.getrandbits(70), random.random())
print(int("f" * 400_000, 16) % 1_000_003, int("1" * 300_000, 2) % 1_000_003)
`,
    [
      '0.000\t-\t4000000 901092 ba6f875c2e84496e7857dd86 0xebaf56ed6c20445453ccf3',
      '0.000\t-\t337732287409253156232 0.8912728729317954',
      '0.000\t-\t563616 802717',
      'END\t0.000\tok',
    ],
    20_000,
  );

  likeCPython(
    'int ↔ str beyond 4300 decimal digits is CPython’s ValueError (sys.get_int_max_str_digits)',
    `x = 10 ** 5000
for name, f in (("str", lambda: str(x)), ("repr", lambda: repr(-x)), ("format", lambda: f"{x:,}"),
                ("percent", lambda: "%d" % x), ("int", lambda: int("1" * 4301)),
                ("underscores", lambda: len(str(int("1_" * 4299 + "1")))), ("hex", lambda: len(hex(x)))):
    try:
        print(name, f())
    except ValueError as e:
        print(name, e)
print(x)
`,
    [
      '0.000\t-\tstr Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit',
      '0.000\t-\trepr Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit',
      '0.000\t-\tformat Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit',
      '0.000\t-\tpercent Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit',
      '0.000\t-\tint Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit',
      '0.000\t-\tunderscores 4300',
      '0.000\t-\thex 4155',
      'END\t0.000\terror\tValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit',
    ],
  );
});

describe('found by the fuzzer', () => {
  test('a timer due at infinity or NaN (sleep(float("inf")), as CPython allows) keeps the trace valid JSON', () => {
    const result = runScenario(
      `import asyncio

async def nap(delay, name):
    await asyncio.sleep(delay)
    print(name, "woke")

async def main():
    asyncio.create_task(nap(float("nan"), "nan"))
    try:
        await asyncio.wait_for(asyncio.sleep(float("inf")), 2)
    except TimeoutError:
        print("timeout")

asyncio.run(main())
`,
      { file: 'case.py' },
    );
    // As CPython 3.11.7 plays it (tools/cpython_reference.py): the NaN timer pops with the next one.
    expect(transcriptLines(result.trace, { logs: false })).toEqual(['2.000\tTask-2\tnan woke', '2.000\tTask-1\ttimeout', 'END\t2.000\tok']);
    const floats = Array.from(result.trace.floats);
    expect(floats).toContain(Infinity);
    expect(floats.some(Number.isNaN)).toBe(true);
    const json = traceToJSON(result.trace);
    const parsed = JSON.parse(json) as { floats: unknown[] };
    expect(parsed.floats).toContain('Infinity');
    expect(parsed.floats).toContain('NaN');
    const back = traceFromJSON(json);
    expect(Array.from(back.floats).map(String)).toEqual(floats.map(String));
    // The CLI's streamed writer spells them the same way.
    let streamed = '';
    writeTraceJSON(result.trace, (bytes) => (streamed += new TextDecoder().decode(bytes)));
    expect(streamed).toBe(json);
  });
});
