#!/usr/bin/env python3
"""Self-check for the CPython reference runner and the scenario gallery.

    python3 tests/reference/check_reference.py            # check everything
    python3 tests/reference/check_reference.py --update   # rewrite expected/*.txt first

What it checks:

* every scenario in scenarios/ runs, ends with exactly one END line, produces the
  same transcript twice, matches its golden file tests/reference/expected/NAME.txt,
  has a gallery docstring, stays inside the Python subset Loopscope interprets, and
  prints no time that sits on a %.3f rounding tie;
* key facts of particular scenarios (3.00 s vs 1.00 s, deadlock task lists, ...);
* small inline programs pinning down the runner itself: the equal-deadline timer
  orders quoted in ASYNCIO-SEMANTICS.md, time.sleep, every END kind and limit
  reason, output capture and escaping, sanitizing, task numbering, the
  creation-order canonicalization, --no-log, --json, the simulated aiohttp and the
  canonical interpreter environment.

Standard library only. The last line is "N passed, N failed"; the exit status is 1
if anything failed.
"""

import ast
import builtins
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "tools" / "cpython_reference.py"
SCENARIO_DIR = ROOT / "scenarios"
EXPECTED_DIR = Path(__file__).resolve().parent / "expected"

PASSED = []
FAILED = []


def check(name, condition, detail=""):
    if condition:
        PASSED.append(name)
    else:
        FAILED.append(name)
        print(f"FAIL {name}" + (f": {detail}" if detail else ""))


def run_file(path, *flags, env=None, timeout=120):
    """Run the reference runner; return (stdout, stderr, returncode)."""
    proc = subprocess.run([sys.executable, str(RUNNER), str(path), *flags],
                          capture_output=True, text=True, timeout=timeout, env=env)
    return proc.stdout, proc.stderr, proc.returncode


def lines_of(stdout):
    return stdout.rstrip("\n").split("\n") if stdout else []


def end_line(stdout):
    lines = lines_of(stdout)
    return lines[-1] if lines else ""


def out_lines(stdout):
    """(time, task, text) for the ordinary transcript lines."""
    result = []
    for line in lines_of(stdout):
        if line.startswith(("LOG\t", "END\t")):
            continue
        t, task, text = line.split("\t", 2)
        result.append((t, task, text))
    return result


def texts(stdout):
    return [text for _, _, text in out_lines(stdout)]


# ---------------------------------------------------------------------------
# The gallery
# ---------------------------------------------------------------------------

ALLOWED_IMPORTS = {"asyncio", "time", "random", "aiohttp"}
ALLOWED_BUILTINS = {
    "print", "len", "range", "str", "int", "float", "bool", "list", "dict", "set", "tuple",
    "enumerate", "zip", "sum", "min", "max", "sorted", "abs", "round", "isinstance", "repr",
    "type", "None", "True", "False", "__name__",
}
FORBIDDEN_NODES = {
    ast.With: "sync with", ast.NamedExpr: "walrus", ast.Match: "match", ast.IfExp: "conditional expression",
    ast.GeneratorExp: "generator expression", ast.YieldFrom: "yield from", ast.Assert: "assert",
    ast.Delete: "del", ast.ImportFrom: "from-import",
}
# %.3f ties print as these fractions (odd multiples of 1/16 s).
TIE_FRACTIONS = {"062", "188", "312", "438", "562", "688", "812", "938"}


def lint_subset(path):
    """Problems with respect to the Python subset Loopscope's interpreter supports."""
    tree = ast.parse(path.read_text(), str(path))
    problems = []
    for node in ast.walk(tree):
        label = FORBIDDEN_NODES.get(type(node))
        if label:
            problems.append(f"line {node.lineno}: {label}")
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name not in ALLOWED_IMPORTS or alias.asname:
                    problems.append(f"line {node.lineno}: import {alias.name}")
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if node.decorator_list:
                problems.append(f"line {node.lineno}: decorator")
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            if node.args.vararg or node.args.kwarg or node.args.kwonlyargs or node.args.posonlyargs:
                problems.append(f"line {node.lineno}: *args/**kwargs/keyword-only parameters")
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
            if isinstance(node.left, (ast.Constant, ast.JoinedStr)) and isinstance(
                    getattr(node.left, "value", ""), str):
                problems.append(f"line {node.lineno}: % string formatting")
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            value = getattr(builtins, node.id, None)
            is_exception = isinstance(value, type) and issubclass(value, BaseException)
            if hasattr(builtins, node.id) and node.id not in ALLOWED_BUILTINS and not is_exception:
                problems.append(f"line {node.lineno}: builtin {node.id}")
        if isinstance(node, ast.FormattedValue) and node.conversion != -1:
            problems.append(f"line {node.lineno}: f-string !r/!s/!a conversion")
    return problems


def check_docstring(path):
    tree = ast.parse(path.read_text())
    doc = ast.get_docstring(tree, clean=False)
    name = f"{path.name}: gallery docstring"
    if not doc:
        check(name, False, "missing module docstring")
        return
    lines = doc.strip("\n").split("\n")
    title, description = lines[0].strip(), " ".join(l.strip() for l in lines[1:]).strip()
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", description) if s]
    check(name, 0 < len(title) <= 60 and not title.endswith(".") and 1 <= len(sentences) <= 3,
          f"title={title!r}, {len(sentences)} sentences")


def check_scenarios(update):
    scenarios = sorted(SCENARIO_DIR.glob("*.py"))
    check("gallery has at least 27 scenarios", len(scenarios) >= 27, str(len(scenarios)))
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        first = dict(zip(scenarios, pool.map(run_file, scenarios)))
        second = dict(zip(scenarios, pool.map(run_file, scenarios)))
    EXPECTED_DIR.mkdir(exist_ok=True)
    for path in scenarios:
        out, err, rc = first[path]
        lines = lines_of(out)
        check(f"{path.name}: exit status 0", rc == 0, f"rc={rc} stderr={err[-300:]}")
        check(f"{path.name}: exactly one END, last",
              lines and lines[-1].startswith("END\t") and sum(l.startswith("END\t") for l in lines) == 1,
              lines[-1] if lines else "no output")
        check(f"{path.name}: deterministic across two runs", out == second[path][0])
        check(f"{path.name}: nothing on stderr", err == "", err[-300:])
        ties = [l for l in lines if re.match(r"^(?:LOG\t|END\t)?\d+\.(\d{3})\t", l)
                and re.match(r"^(?:LOG\t|END\t)?\d+\.(\d{3})\t", l).group(1) in TIE_FRACTIONS]
        check(f"{path.name}: no time on a %.3f tie", not ties, "; ".join(ties[:3]))
        problems = lint_subset(path)
        check(f"{path.name}: inside the Python subset", not problems, "; ".join(problems))
        check_docstring(path)
        golden = EXPECTED_DIR / (path.stem + ".txt")
        if update:
            golden.write_text(out)
        check(f"{path.name}: matches expected/{golden.name}",
              golden.exists() and golden.read_text() == out,
              "missing golden file (run with --update)" if not golden.exists() else "transcript changed")
    return {path.name: first[path][0] for path in scenarios}


def find(outputs, prefix):
    for name, out in outputs.items():
        if name.startswith(prefix):
            return out
    return ""


def check_scenario_facts(outputs):
    counter = out_lines(find(outputs, "01-"))
    check("01: sequential part ends at 3.000 after 3.00 s",
          ("3.000", "Task-1", "sequential: finished in 3.00 seconds") in counter, str(counter))
    check("01: gathered part takes 1.00 s (ends at 4.000)",
          ("4.000", "Task-1", "gathered: finished in 1.00 seconds") in counter, str(counter))
    check("02: three coroutines finish at 1.000",
          [t for t, _, x in out_lines(find(outputs, "02-")) if x == "Coroutine finished"] == ["1.000"] * 3)
    check("03: aiohttp fetch ends after the slowest LATENCY", end_line(find(outputs, "03-")) == "END\t0.450\tok")
    check("17: two-lock deadlock", end_line(find(outputs, "17-")) == "END\t0.100\tdeadlock\tTask-1,alice,bob",
          end_line(find(outputs, "17-")))
    check("18: event deadlock",
          end_line(find(outputs, "18-")) == "END\t0.400\tdeadlock\tTask-1,worker-1,worker-2",
          end_line(find(outputs, "18-")))
    check("19: circular gather deadlock",
          end_line(find(outputs, "19-")) == "END\t0.200\tdeadlock\tTask-1,ping,pong",
          end_line(find(outputs, "19-")))
    timers = [x.split()[1] for x in texts(find(outputs, "20-")) if x.startswith("timer ")]
    check("20: equal-deadline timers fire 0,2,6,5,7,1,3,4", timers == list("02657134"), str(timers))
    check("28: fire-and-forget LOG line",
          "LOG\t0.100\tTask exception was never retrieved; task=Task-2; "
          "exception=ConnectionError: mail server refused the connection" in lines_of(find(outputs, "28-")))
    check("29: forgotten-await LOG line",
          "LOG\t0.000\tRuntimeWarning: coroutine 'greet' was never awaited" in lines_of(find(outputs, "29-")))
    check("31: runaway loop hits the limit", end_line(find(outputs, "31-")) == "END\t0.000\tlimit")
    for name, out in outputs.items():
        if not name.startswith(("17-", "18-", "19-", "31-")):
            check(f"{name}: ends ok", end_line(out).split("\t")[2:3] == ["ok"], end_line(out))


# ---------------------------------------------------------------------------
# Inline programs
# ---------------------------------------------------------------------------

INLINE = {
    "equal_deadlines": """
import asyncio
async def main():
    loop = asyncio.get_running_loop()
    for i in range(8):
        loop.call_later(1, print, i)
    await asyncio.sleep(1.5)
asyncio.run(main())
""",
    "heap_ties": """
import asyncio
async def main():
    loop = asyncio.get_running_loop()
    for name, delay in [("C", 0.2), ("A", 0.1), ("B", 0.1), ("D", 0), ("E", -1)]:
        loop.call_later(delay, print, name)
    await asyncio.sleep(0.5)
asyncio.run(main())
""",
    "near_equal_deadlines": """
import asyncio
async def three():
    for _ in range(3):
        await asyncio.sleep(0.1)
    print("three sleeps")
async def one():
    await asyncio.sleep(0.3)
    print("one sleep")
async def main():
    await asyncio.gather(three(), one())
asyncio.run(main())
""",
    "time_sleep": """
import asyncio, time
time.sleep(2.5)
print(time.perf_counter(), time.time(), time.monotonic(), time.process_time(), time.thread_time())
print(time.monotonic_ns())
async def main():
    loop = asyncio.get_running_loop()
    time.sleep(0.25)
    print(loop.time())
asyncio.run(main())
""",
    "spin": """
print("spinning")
while True:
    pass
""",
    "spin_in_task": """
import asyncio
async def main():
    print("spinning in a task")
    while True:
        pass
asyncio.run(main())
""",
    "long_sleeps": """
import asyncio
async def main():
    while True:
        await asyncio.sleep(3600)
asyncio.run(main())
""",
    "deadlock_no_cleanup": """
import asyncio
async def main():
    try:
        await asyncio.Event().wait()
    finally:
        print("must not print")
try:
    asyncio.run(main())
finally:
    print("must not print either")
""",
    "error_value": """
import asyncio
async def main():
    await asyncio.sleep(0.5)
    raise ValueError("bad value")
asyncio.run(main())
""",
    "error_cancelled": """
import asyncio
async def main():
    raise asyncio.CancelledError()
asyncio.run(main())
""",
    "error_syntax": "import asyncio\nx = (\n",
    "capture": """
import asyncio, sys
print("a", end="")
print("x\\\\y", "tab\\there", sep="|", end="\\r\\n")
sys.stdout.write("one ")
sys.stdout.write("two\\nthree\\n")
print("hidden", file=sys.stderr)
print()
class Thing:
    pass
async def w():
    await asyncio.sleep(1)
async def main():
    t = asyncio.create_task(w())
    await asyncio.sleep(0)
    print(repr(t))
    print(repr(Thing()))
    t.cancel()
asyncio.run(main())
""",
    "names": """
import asyncio
async def nop():
    pass
async def main():
    print(asyncio.current_task().get_name())
    a = asyncio.create_task(nop(), name="named")
    b = asyncio.create_task(nop())
    c = asyncio.get_running_loop().create_task(nop(), name="loop-named")
    d = asyncio.create_task(nop())
    print(b.get_name(), d.get_name())
    await asyncio.gather(a, b, c, d)
asyncio.run(main())
asyncio.run(main())
""",
    "shutdown_order": """
import asyncio
async def child(i):
    try:
        await asyncio.sleep(100)
    finally:
        print(i)
async def main():
    for i in range(400):
        asyncio.create_task(child(i))
    await asyncio.sleep(1)
asyncio.run(main())
""",
    "taskgroup_order": """
import asyncio
async def child(i):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print(i)
        raise
async def bad():
    await asyncio.sleep(1)
    raise ValueError("x")
async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            for i in range(300):
                tg.create_task(child(i))
            tg.create_task(bad())
    except* ValueError:
        print("group failed")
asyncio.run(main())
""",
    "wait_and_as_completed_order": """
import asyncio
async def job(i):
    await asyncio.sleep(1)
    return i
async def named(i):
    print(i, asyncio.current_task().get_name())
    return i
async def main():
    tasks = [asyncio.create_task(job(i)) for i in range(200)]
    done, pending = await asyncio.wait(tasks)
    print([t.result() for t in done] == list(range(200)))
    sleepers = [asyncio.create_task(asyncio.sleep(5)) for i in range(100)]
    print(list(asyncio.all_tasks()) == [asyncio.current_task()] + sleepers)
    for f in asyncio.as_completed([named(i) for i in range(5)]):
        await f
asyncio.run(main())
""",
    "logs": """
import asyncio
async def boom():
    raise KeyError("k")
async def greet():
    pass
async def main():
    asyncio.create_task(boom())
    await asyncio.sleep(0.5)
    greet()
    print("main done")
asyncio.run(main())
""",
    "aiohttp": """
import asyncio
import aiohttp
LATENCY = {"https://slow.example.com/x": 2}
async def main():
    async with aiohttp.ClientSession() as session:
        response = await session.get("https://example.org/")
        print(response.status, response.url, await response.json())
        print(await response.text())
        async with session.post("https://slow.example.com/x", json={"a": 1}) as r2:
            print(r2.method, (await r2.text())[:60])
asyncio.run(main())
""",
    "hash_order": """
print(list({"apple", "banana", "cherry", "damson", "elder", "fig", "grape"}))
""",
    "debug_env": """
import asyncio
async def main():
    await asyncio.sleep(0.1)
    print(asyncio.get_running_loop().get_debug())
asyncio.run(main())
""",
}


def check_inline(tmp):
    paths = {}
    for name, source in INLINE.items():
        paths[name] = Path(tmp) / f"{name}.py"
        paths[name].write_text(source.lstrip("\n"))

    jobs = {name: (paths[name],) for name in INLINE}
    jobs["spin"] = (paths["spin"], "--watchdog", "1", "--json")
    jobs["spin_in_task"] = (paths["spin_in_task"], "--watchdog", "1", "--json")
    jobs["long_sleeps"] = (paths["long_sleeps"], "--json")
    jobs["logs_nolog"] = (paths["logs"], "--no-log")
    jobs["capture_json"] = (paths["capture"], "--json")
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        futures = {name: pool.submit(run_file, *args) for name, args in jobs.items()}
        result = {name: f.result()[0] for name, f in futures.items()}

    got = texts(result["equal_deadlines"])
    check("inline: 8 equal call_later fire 0,2,6,5,7,1,3,4", got == list("02657134"), str(got))
    got = texts(result["heap_ties"])
    check("inline: pushes C,A,B,D,E pop as E,D,B,A,C", got == list("EDBAC"), str(got))
    got = out_lines(result["near_equal_deadlines"])
    check("inline: 3 x sleep(0.1) and sleep(0.3) end in the same tick",
          # 0.1+0.1+0.1 = 0.30000000000000004 is later than 0.3 but within 1e-9: same tick,
          # heap order by deadline.
          got == [("0.300", "Task-3", "one sleep"), ("0.300", "Task-2", "three sleeps")], str(got))

    got = lines_of(result["time_sleep"])
    check("inline: time.sleep advances the clock and all clocks read it (time.time() from 2024-01-01 09:00 UTC)",
          got == ["2.500\t-\t2.5 1704099602.5 2.5 2.5 2.5", "2.500\t-\t2500000000", "2.750\tTask-1\t2.75",
                  "END\t2.750\tok"], str(got))

    for name in ("spin", "spin_in_task"):
        data = json.loads(result[name])
        check(f"inline: {name} ends in END limit via the watchdog",
              data["end"]["kind"] == "limit" and data["end"]["reason"] == "watchdog"
              and data["end"]["line"] == "END\t0.000\tlimit", str(data["end"]))
    data = json.loads(result["long_sleeps"])
    check("inline: long sleeps stop before the jump past 1e6 s",
          data["end"]["reason"] == "time-jump" and data["end"]["line"] == "END\t997200.000\tlimit",
          str(data["end"]))

    check("inline: deadlock stops on the spot, no cleanup",
          lines_of(result["deadlock_no_cleanup"]) == ["END\t0.000\tdeadlock\tTask-1"],
          result["deadlock_no_cleanup"])
    check("inline: END error with the exception",
          end_line(result["error_value"]) == "END\t0.500\terror\tValueError: bad value", result["error_value"])
    check("inline: CancelledError has an empty message",
          end_line(result["error_cancelled"]) == "END\t0.000\terror\tCancelledError: ", result["error_cancelled"])
    check("inline: SyntaxError is an END error",
          end_line(result["error_syntax"]).startswith("END\t0.000\terror\tSyntaxError: ")
          and "(error_syntax.py, line 2)" in result["error_syntax"], result["error_syntax"])

    got = lines_of(result["capture"])
    expected = [
        "0.000\t-\ta",
        "0.000\t-\tx\\\\y|tab\\there\\r",
        "0.000\t-\tone two",
        "0.000\t-\tthree",
        "0.000\t-\t",
        "0.000\tTask-1\t<Task pending name='Task-2' coro=<w() running at capture.py:11> "
        "wait_for=<Future pending cb=[Task.task_wakeup()]>>",
        "0.000\tTask-1\t<__main__.Thing object at 0x?>",
        "END\t0.000\tok",
    ]
    check("inline: print/stdout capture, escaping and sanitizing", got == expected,
          "\n" + "\n".join(got))
    data = json.loads(result["capture_json"])
    check("inline: --json gives the same lines", data["lines"] == expected[:-1]
          and data["end"]["kind"] == "ok" and data["end"]["line"] == expected[-1], str(data)[:300])

    got = texts(result["names"])
    check("inline: task numbering (name= still consumes a number; loop.create_task does not)",
          got == ["Task-1", "Task-3 Task-4", "Task-7", "Task-9 Task-10"], str(got))

    got = texts(result["shutdown_order"])
    check("inline: asyncio.run cancels 400 leftovers in creation order",
          got == [str(i) for i in range(400)], str(got[:10]))
    got = texts(result["taskgroup_order"])
    check("inline: TaskGroup cancels 300 siblings in creation order",
          got == [str(i) for i in range(300)] + ["group failed"], str(got[:10]))
    got = texts(result["wait_and_as_completed_order"])
    check("inline: wait() sets iterate in creation order; as_completed wraps in argument order",
          got == ["True", "True"] + [f"{i} Task-{302 + i}" for i in range(5)], str(got))

    log_lines = [l for l in lines_of(result["logs"]) if l.startswith("LOG")]
    check("inline: LOG lines for a lost exception and a forgotten await", log_lines == [
        "LOG\t0.000\tTask exception was never retrieved; task=Task-2; exception=KeyError: 'k'",
        "LOG\t0.500\tRuntimeWarning: coroutine 'greet' was never awaited",
    ], str(log_lines))
    check("inline: --no-log drops LOG lines only",
          lines_of(result["logs_nolog"]) == ["0.500\tTask-1\tmain done", "END\t0.500\tok"],
          result["logs_nolog"])

    got = lines_of(result["aiohttp"])
    check("inline: simulated aiohttp (default latency, body, json, post, LATENCY table)", got == [
        "0.384\tTask-1\t200 https://example.org/ {'url': 'https://example.org/', 'status': 200}",
        "0.384\tTask-1\t<!doctype html><html><head><title>example.org</title></head><body><h1>example.org"
        "</h1><p>Simulated response for https://example.org/</p></body></html>",
        "2.384\tTask-1\tPOST <!doctype html><html><head><title>slow.example.com</title></",
        "END\t2.384\tok",
    ], "\n".join(got))

    env = dict(os.environ, PYTHONHASHSEED="0")
    direct = subprocess.run([sys.executable, str(paths["hash_order"])], capture_output=True,
                            text=True, env=env).stdout.strip()
    noisy = dict(os.environ, PYTHONHASHSEED="random", PYTHONASYNCIODEBUG="1", PYTHONDEVMODE="1")
    via_runner = texts(run_file(paths["hash_order"], env=noisy)[0])
    check("inline: re-exec with PYTHONHASHSEED=0", via_runner == [direct], f"{via_runner} vs {direct}")
    got = lines_of(run_file(paths["debug_env"], env=noisy)[0])
    check("inline: PYTHONASYNCIODEBUG/PYTHONDEVMODE are scrubbed",
          got == ["0.100\tTask-1\tFalse", "END\t0.100\tok"], str(got))


def main():
    update = "--update" in sys.argv[1:]
    outputs = check_scenarios(update)
    check_scenario_facts(outputs)
    with tempfile.TemporaryDirectory() as tmp:
        check_inline(tmp)
    json_limit = json.loads(run_file(SCENARIO_DIR / "31-runaway-loop-hits-limit.py", "--json")[0])
    check("31: --json reports the iteration limit", json_limit["end"]["reason"] == "iterations",
          str(json_limit["end"]))
    print(f"{len(PASSED)} passed, {len(FAILED)} failed")
    sys.exit(1 if FAILED else 0)


if __name__ == "__main__":
    main()
