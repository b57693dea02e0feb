#!/usr/bin/env python3
"""Tick logs from CPython's own asyncio, for the scheduler's conformance tests.

Usage: python3 tools/cpython_ticks.py < programs.json > logs.json

The input maps case ids to Python sources; each source defines the program and calls
asyncio.run(main()). Every program runs in a fresh interpreter (task names come from a
process-wide counter) on a virtual clock: an event loop whose selector jumps to the next
deadline instead of sleeping, and which reports a deadlock when there is nothing to wait for.
The stock BaseEventLoop._run_once runs untouched; the tool only watches:

  * a tick starts when _run_once calls the selector (after the clock jump);
  * every handle that runs passes through Handle._run, which is wrapped to note what it is:
    "step Task-N", "wakeup Task-N", or the callback's qualified name without ".<locals>".

A program may lower the limits with a comment: `# loopscope: max_ticks=500` (the run stops before
tick 501) or `# loopscope: max_time=100` (the run stops rather than let the clock pass 100 s; a
jump that would pass it leaves the clock where it was), matching the model's LoopLimits. After a
deadlock or a limit nothing else runs: asyncio.run's cleanup is skipped, as a real program would
hang there (ASYNCIO-SEMANTICS.md, END line).

Set iteration over tasks is pinned to creation order, as the project's reference runner does
(ASYNCIO-SEMANTICS.md, "What the reference runner pins down"), so the logs are reproducible.

Output per case: {"ticks": [{"index", "time", "handles"}], "lines": ["0.000 Task-1 text"],
"end": "ok" | "deadlock" | "limit" | "error Type: message", "logs": [...]}.

With --causes the output is, per case, the causes the trace records since its version 2, as
CPython's own objects show them: "TICK wake CAUSE TASK" when Lock.release (or a cancelled waiter
passing the lock on), Event.set, Condition.notify, Semaphore.release (or a hand-off), Queue.put or
Queue.get completes a waiter's future, naming the task that waits on it; and "TICK cancel TASK by
TASK" for every Task.cancel() that is accepted ("-" when no task is running). TICK is the tick
the loop was in (0 before the first). "TICK log MESSAGE TASK" places each message of the loop's
exception handler ("Task exception was never retrieved"...) in the tick CPython writes it.
"""
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

MAX_TICKS = 20000
MAX_TIME = 1e6


def directive(source, name, default):
    """A per-case limit, written in the program as `# loopscope: max_ticks=500` (or max_time=100)."""
    match = re.search(r'#\s*loopscope:.*\b%s\s*=\s*([0-9.e+]+)' % name, source)
    return float(match.group(1)) if match else default


def run_one(source):
    import asyncio
    import asyncio.events
    import asyncio.taskgroups
    import asyncio.tasks
    import builtins
    import itertools
    import time

    clock = [0.0]
    max_ticks = int(directive(source, 'max_ticks', MAX_TICKS))
    max_time = directive(source, 'max_time', MAX_TIME)
    # Once the run halts (deadlock or limit) it stays halted: asyncio.run's cleanup, which would
    # otherwise run the loop again, must not add ticks or output (a real program would hang there).
    halted = [None]
    ticks = []
    lines = []
    logs = []
    causes = []

    class Halt(BaseException):
        def __init__(self, kind):
            self.kind = kind

    # --- creation order for sets of tasks -------------------------------------------------
    serial = itertools.count()

    class Task(asyncio.tasks._CTask):  # named Task: CPython puts the class name in its messages
        def __init__(self, *args, **kwargs):
            self._loopscope_serial = next(serial)
            super().__init__(*args, **kwargs)

        def cancel(self, msg=None):
            # Logged before the cancellation reaches the awaited task (which may be a task too).
            if not self.done():
                causes.append('%d cancel %s by %s' % (len(ticks), self.get_name(), current_name()))
            return super().cancel(msg)

    def creation_key(future):
        return getattr(future, '_loopscope_serial', -1), id(future)

    class CreationOrderSet(set):
        def __iter__(self):
            return iter(sorted(set.__iter__(self), key=creation_key))

    asyncio.tasks.Task = Task
    original_all_tasks = asyncio.tasks.all_tasks
    asyncio.tasks.all_tasks = asyncio.all_tasks = lambda loop=None: CreationOrderSet(original_all_tasks(loop))
    original_tg_init = asyncio.taskgroups.TaskGroup.__init__

    def tg_init(self):
        original_tg_init(self)
        self._tasks = CreationOrderSet()

    asyncio.taskgroups.TaskGroup.__init__ = tg_init
    original_wait = asyncio.tasks._wait

    async def ordered_wait(fs, timeout, return_when, loop):
        done, pending = await original_wait(CreationOrderSet(fs), timeout, return_when, loop)
        return CreationOrderSet(done), CreationOrderSet(pending)

    asyncio.tasks._wait = ordered_wait

    # --- the virtual clock ---------------------------------------------------------------
    class Selector:
        def select(self, timeout):
            if halted[0] is not None:
                raise Halt(halted[0])
            if len(ticks) >= max_ticks or clock[0] > max_time:
                halted[0] = 'limit'
                raise Halt('limit')
            if timeout is None:
                halted[0] = 'deadlock'
                raise Halt('deadlock')
            if timeout > 0:
                target = loop_ref[0]._scheduled[0]._when if timeout < 86400 else clock[0] + 86400
                if target > max_time:  # leave the clock before the jump
                    halted[0] = 'limit'
                    raise Halt('limit')
                clock[0] = target
            ticks.append({'index': len(ticks) + 1, 'time': clock[0], 'handles': []})
            return []

    loop_ref = [None]

    class VirtualLoop(asyncio.BaseEventLoop):
        def __init__(self):
            super().__init__()
            self._selector = Selector()
            self._clock_resolution = 1e-9
            loop_ref[0] = self

        def time(self):
            return clock[0]

        def _process_events(self, event_list):
            pass

        def _write_to_self(self):
            pass

    class Policy(asyncio.DefaultEventLoopPolicy):
        def new_event_loop(self):
            return VirtualLoop()

    asyncio.set_event_loop_policy(Policy())
    import asyncio.runners
    original_cancel_all = asyncio.runners._cancel_all_tasks

    def cancel_all_unless_halted(loop):
        if halted[0] is not None:  # no cleanup after a halt: not even the cancel() calls
            raise Halt(halted[0])
        original_cancel_all(loop)

    asyncio.runners._cancel_all_tasks = cancel_all_unless_halted
    time.sleep = lambda seconds: clock.__setitem__(0, clock[0] + seconds)
    time.monotonic = time.perf_counter = time.time = lambda: clock[0]

    # --- what each handle is -------------------------------------------------------------
    def describe(handle):
        callback = handle._callback
        owner = getattr(callback, '__self__', None)
        if isinstance(owner, asyncio.Task):
            name = getattr(callback, '__name__', '')
            return ('wakeup ' if 'wakeup' in name else 'step ') + owner.get_name()
        while hasattr(callback, 'func'):
            callback = callback.func
        qualname = getattr(callback, '__qualname__', repr(callback)).replace('.<locals>', '')
        return 'sleep' if qualname == '_set_result_unless_cancelled' else qualname

    original_run = asyncio.events.Handle._run

    def traced_run(handle):
        if ticks:
            ticks[-1]['handles'].append(describe(handle))
        return original_run(handle)

    asyncio.events.Handle._run = traced_run

    def current_name():
        try:
            task = asyncio.current_task()
        except RuntimeError:
            task = None
        return task.get_name() if task is not None else '-'

    def fake_print(*args, sep=' ', end='\n', file=None):
        lines.append('%.3f %s %s' % (clock[0], current_name(), (sep.join(map(str, args)) + end).rstrip('\n')))

    def exception_handler(loop, context):
        parts = [context['message']]
        task = context.get('task', context.get('future'))
        if isinstance(task, asyncio.Task):
            parts.append('task=' + task.get_name())
        if 'exception' in context:
            exc = context['exception']
            parts.append('exception=%s: %s' % (type(exc).__name__, exc))
        logs.append('; '.join(parts))
        causes.append('%d log %s %s' % (len(ticks), context['message'], task.get_name() if isinstance(task, asyncio.Task) else '-'))

    original_new = VirtualLoop.__init__

    def init_with_handler(self):
        original_new(self)
        self.set_exception_handler(exception_handler)

    VirtualLoop.__init__ = init_with_handler
    builtins.print = fake_print
    install_cause_log(asyncio, causes, ticks)
    end = 'ok'
    try:
        exec(compile(source, '<case>', 'exec'), {'__name__': '__main__'})
    except Halt as halt:
        end = halt.kind
        if halt.kind == 'deadlock':
            pending = sorted(t.get_name() for t in original_all_tasks(loop_ref[0]))
            end = 'deadlock ' + ','.join(pending)
    except BaseException as error:  # the program's own exception, re-raised by asyncio.run
        end = 'error %s: %s' % (type(error).__name__, error)
    return {'ticks': ticks, 'lines': lines, 'end': end, 'logs': logs, 'causes': causes}


def install_cause_log(asyncio, causes, ticks):
    """Log which waiter each primitive wakes, and why, by wrapping asyncio.locks and queues."""
    import asyncio.locks
    import asyncio.queues
    why = [None]  # the public method running now: release(), put_nowait()...

    def waiter_task(future):
        for callback, _context in (future._callbacks or []):
            owner = getattr(callback, '__self__', None)
            if isinstance(owner, asyncio.Task):
                return owner.get_name()
        return '?'

    def logging_wakes(method, cause_of):
        def wrapper(self, *args, **kwargs):
            waiters = args[0] if args and not isinstance(args[0], int) else getattr(self, '_waiters', None)
            pending = [(w, waiter_task(w)) for w in (waiters or []) if not w.done()]
            result = method(self, *args, **kwargs)
            for waiter, name in pending:
                if waiter.done() and not waiter.cancelled():
                    causes.append('%d wake %s %s' % (len(ticks), cause_of(self, args), name))
            return result
        return wrapper

    def marking(method, cause):
        def wrapper(self, *args, **kwargs):
            before = why[0]
            why[0] = cause
            try:
                return method(self, *args, **kwargs)
            finally:
                why[0] = before
        return wrapper

    locks, queues = asyncio.locks, asyncio.queues
    locks.Lock.release = marking(locks.Lock.release, 'lock-release')
    locks.Lock._wake_up_first = logging_wakes(locks.Lock._wake_up_first, lambda self, args: why[0] if why[0] == 'lock-release' else 'lock-handoff')
    locks.Event.set = logging_wakes(locks.Event.set, lambda self, args: 'event-set')
    locks.Condition.notify = logging_wakes(locks.Condition.notify, lambda self, args: 'condition-notify')
    locks.Semaphore.release = marking(locks.Semaphore.release, 'semaphore-release')
    locks.Semaphore._wake_up_next = logging_wakes(locks.Semaphore._wake_up_next, lambda self, args: why[0] if why[0] == 'semaphore-release' else 'semaphore-handoff')
    queues.Queue.put_nowait = marking(queues.Queue.put_nowait, 'queue-put')
    queues.Queue.get_nowait = marking(queues.Queue.get_nowait, 'queue-get')

    def queue_cause(self, args):
        if why[0] == 'queue-put' and args[0] is self._getters:
            return 'queue-put'
        if why[0] == 'queue-get' and args[0] is self._putters:
            return 'queue-get'
        return 'queue-handoff'
    queues.Queue._wakeup_next = logging_wakes(queues.Queue._wakeup_next, queue_cause)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == '--one':
        result = run_one(sys.stdin.read())
        sys.__stdout__.write(json.dumps(result))
        return
    # --causes: only the causes; otherwise everything but them (the tick-by-tick golden file's form).
    want_causes = '--causes' in sys.argv[1:]
    programs = json.load(sys.stdin)
    env = dict(os.environ, PYTHONHASHSEED='0')
    for key in ('PYTHONASYNCIODEBUG', 'PYTHONDEVMODE', 'PYTHONWARNINGS'):
        env.pop(key, None)

    def run(item):
        case_id, source = item
        done = subprocess.run([sys.executable, __file__, '--one'], input=source, capture_output=True, text=True, env=env, timeout=60)
        if done.returncode != 0:
            return case_id, {'crash': done.stderr[-2000:]}
        result = json.loads(done.stdout)
        causes = result.pop('causes')
        return case_id, causes if want_causes else result

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = dict(pool.map(run, sorted(programs.items())))
    json.dump(results, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
