#!/usr/bin/env python3
"""Loopscope's CPython reference runner: run a scenario on the real asyncio, on a virtual clock.

Usage:
    python3 tools/cpython_reference.py SCENARIO.py [--no-log] [--json] [--watchdog SECONDS]

The scenario runs on CPython's own asyncio, untouched where it matters: the stock
``BaseEventLoop._run_once``, the real Task, Future, gather, locks, queues, TaskGroup,
timeout and cancellation code. Only the edges are replaced, so that a run is a pure
function of the scenario text and can be compared line for line with Loopscope's
TypeScript scheduler (see /work/shared/ASYNCIO-SEMANTICS.md for the contract):

* Time.  ``VirtualEventLoop`` is a ``BaseEventLoop`` subclass whose "selector" never
  waits: when the loop would sleep until the next timer, ``select()`` sets the virtual
  clock to exactly that timer's deadline. ``time.time/monotonic/perf_counter/...``
  return the same clock and ``time.sleep(x)`` adds ``x`` to it, which models a call
  that blocks the whole loop.
* Deadlock.  ``select(None)`` means "no ready callbacks, no timers, not stopping": a
  real program would hang forever, so the run stops on the spot.
* Limits.  Loop iterations, virtual time and real time (a SIGALRM watchdog) are
  bounded, so a runaway scenario still ends with a transcript.
* Canonical order.  A few asyncio code paths iterate *sets* of tasks, whose order
  depends on memory addresses. Those sets are replaced by sets that iterate in task
  creation order (one of the orders CPython can produce), and the interpreter is
  re-executed with PYTHONHASHSEED=0.
* Output.  ``print`` to stdout becomes transcript lines ``{time:.3f}\\t{task}\\t{text}``;
  the loop's default exception handler and Python warnings become ``LOG`` lines; the
  run ends with exactly one ``END`` line (ok / error / deadlock / limit).
  A LOG line for an exception-handler call is ``message; task=NAME; exception=Type: msg``
  (the task and exception fields only when the context has them); a warning is
  ``Category: message``. Text is sanitized (scenario directory, stdlib directory,
  ``at 0x..``) and escaped (backslash, newline, CR, TAB) as the semantics document says.
* End of script.  After the script returns (or raises), its globals are released in
  definition order and cycles are collected, so that objects kept alive until then
  (a failed task held in a global, say) log before END, as they would at exit.
  A deadlock or limit stops the run on the spot instead: ``asyncio.run``'s cleanup is
  not executed, and the process leaves with ``os._exit`` so that finalizers of the
  stuck coroutines cannot print either.
* Network.  A simulated ``aiohttp`` module (docs/simulated-network.md) is installed,
  so scenarios that fetch URLs run offline and deterministically.

``--json`` prints ``{"lines": [...], "end": {"kind", "reason", "time", "detail", "line"}}``
where ``lines`` are the transcript lines without END, ``kind`` is ok / error / deadlock /
limit and ``reason`` is "finished", "exception", "deadlock", or for limits "iterations",
"time-jump", "time-past" or "watchdog".

Standard library only. The process always exits with status 0 once a transcript has
been produced (the END line carries the outcome); status 2 means the runner itself
could not start (bad arguments, unreadable scenario file).
"""

import sys

# The pure-Python datetime reads the (virtual) time module; the C one reads the real clock.
sys.modules['_datetime'] = None

import argparse
import asyncio
import asyncio.base_events
import asyncio.events
import asyncio.selector_events
import asyncio.trsock
import asyncio.taskgroups
import asyncio.tasks
import builtins
import gc
import itertools
import json
import os
import re
import signal
import socket
import time
import threading
import tokenize
import types
import warnings
import weakref

# ---------------------------------------------------------------------------
# Constants from the semantics document
# ---------------------------------------------------------------------------

MAX_ITERATIONS = 1_000_000        # END limit when iteration 1,000,001 would start
WALL_CLOCK_EPOCH = 1704099600     # time.time() at virtual time 0: 2024-01-01 09:00:00 UTC
MAX_VIRTUAL_TIME = 1e6            # END limit when the clock would pass this (seconds)
DEFAULT_WATCHDOG = 20.0           # real seconds before a spinning scenario is stopped
WATCHDOG_GRACE = 2.0              # real seconds between the soft and the hard stop
SCRUBBED_ENV = ("PYTHONASYNCIODEBUG", "PYTHONDEVMODE", "PYTHONWARNINGS")
REEXEC_MARKER = "_LOOPSCOPE_REFERENCE_REEXEC"


# ---------------------------------------------------------------------------
# Canonical interpreter: PYTHONHASHSEED=0, no asyncio debug, no dev mode, no -W
# ---------------------------------------------------------------------------

def _interpreter_is_canonical():
    if os.environ.get("PYTHONHASHSEED") != "0" or os.environ.get("TZ") != "UTC":
        return False
    if any(name in os.environ for name in SCRUBBED_ENV):
        return False
    # Command-line switches (-X dev, -W ..., -E) are not visible in the environment.
    return not sys.flags.dev_mode and not sys.warnoptions and not sys.flags.ignore_environment


def ensure_canonical_interpreter():
    """Re-execute this script with the canonical environment unless already in it.

    String hashing decides the iteration order of sets of strings, so it must be fixed
    before the interpreter starts; that is only possible by starting a new one.
    """
    if _interpreter_is_canonical():
        os.environ.pop(REEXEC_MARKER, None)   # the scenario should not see our marker
        return
    if os.environ.get(REEXEC_MARKER) == "1":
        # We already re-executed once and still are not canonical: carry on rather
        # than loop forever, but say so.
        print("cpython_reference: warning: could not canonicalize the interpreter",
              file=sys.stderr)
        os.environ.pop(REEXEC_MARKER, None)
        return
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
    env["PYTHONHASHSEED"] = "0"
    env["TZ"] = "UTC"   # the scenario's local time zone
    env[REEXEC_MARKER] = "1"
    argv = [sys.executable, os.path.abspath(__file__)] + sys.argv[1:]
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, argv, env)


# ---------------------------------------------------------------------------
# Run state: the virtual clock and the transcript
# ---------------------------------------------------------------------------

class _Halt(SystemExit):
    """Stops the run on the spot (deadlock, limit).

    A SystemExit subclass on purpose: ``Handle._run`` and ``Task.__step`` re-raise
    SystemExit instead of logging it or storing it in a task, so it travels straight
    out of the event loop to ``main()``.
    """


class Run:
    """Everything one scenario run accumulates: clock, counters, transcript."""

    def __init__(self, scenario_path, no_log, as_json):
        self.now = 0.0                    # the virtual clock, in seconds
        self.iterations = 0               # loop iterations started, over all loops
        self.no_log = no_log
        self.as_json = as_json
        self.lines = []                   # transcript lines, without END
        self.stderr = []                  # what the scenario wrote to stderr, one line each
        self.end = None                   # dict once the END line is decided
        self.real_stdout = sys.__stdout__
        self.scenario_dir = os.path.dirname(scenario_path)
        self._prefixes = self._sanitize_prefixes()

    # -- sanitizing and escaping -------------------------------------------------

    def _sanitize_prefixes(self):
        stdlib = os.path.dirname(os.__file__)
        pairs = []
        # The stdlib first: it is the longer, more specific prefix in practice.
        for path in {stdlib, os.path.realpath(stdlib)}:
            pairs.append((path + os.sep, "<stdlib>/"))
        for path in {self.scenario_dir, os.path.realpath(self.scenario_dir)}:
            pairs.append((path + os.sep, ""))
        return pairs

    def sanitize(self, text):
        for prefix, replacement in self._prefixes:
            text = text.replace(prefix, replacement)
        return re.sub(r"at 0x[0-9a-fA-F]+", "at 0x?", text)

    @staticmethod
    def escape(text):
        return (text.replace("\\", "\\\\").replace("\n", "\\n")
                .replace("\r", "\\r").replace("\t", "\\t"))

    def clean(self, text):
        return self.escape(self.sanitize(text))

    # -- emitting lines ----------------------------------------------------------

    @property
    def frozen(self):
        # Once END is decided nothing else may enter the transcript, whatever code
        # still runs while the interpreter unwinds (finally blocks, GC finalizers).
        return self.end is not None

    def _emit(self, line):
        self.lines.append(line)
        if not self.as_json:
            self._write(line + "\n")

    def _write(self, text):
        # Lines are streamed, so a reader that stops early (| head) must not turn
        # into an exception inside the scenario's event loop.
        try:
            self.real_stdout.write(text)
        except BrokenPipeError:
            self.real_stdout = open(os.devnull, "w")

    def output(self, text):
        """One transcript line for one print() call (or one completed stdout line)."""
        if self.frozen:
            return
        self._emit(f"{self.now:.3f}\t{self.clean(current_task_name())}\t{self.clean(text)}")

    def error_output(self, text):
        """One completed line written to stderr (logging, print(file=sys.stderr))."""
        if self.frozen:
            return
        self.stderr.append(f"{self.now:.3f}\t{self.clean(current_task_name())}\t{self.clean(text)}")

    def log(self, text):
        if self.frozen or self.no_log:
            return
        self._emit(f"LOG\t{self.now:.3f}\t{self.clean(text)}")

    def finish(self, kind, reason=None, detail=None):
        """Decide the END line. The first decision wins."""
        if self.frozen:
            return
        line = f"END\t{self.now:.3f}\t{kind}"
        if detail is not None:
            line += "\t" + self.clean(detail)
        self.end = {"kind": kind, "reason": reason, "time": self.now,
                    "detail": detail if detail is None else self.clean(detail),
                    "line": line}

    def halt(self, kind, reason, detail=None):
        """Decide the END line and unwind the whole run."""
        self.finish(kind, reason, detail)
        raise _Halt()

    def write_final_output(self):
        if self.as_json:
            payload = {"lines": self.lines, "stderr": self.stderr, "end": self.end}
            self._write(json.dumps(payload, indent=2) + "\n")
        else:
            self._write(self.end["line"] + "\n")
        try:
            self.real_stdout.flush()
        except BrokenPipeError:
            pass


RUN = None   # the single Run of this process, set in main()


def current_task_name():
    thread = threading.current_thread()
    if thread is not threading.main_thread():
        return thread.name        # a worker thread of an executor: asyncio_0, ...
    try:
        task = asyncio.tasks.current_task()
    except RuntimeError:          # no running event loop: plain top-level code
        return "-"
    return "-" if task is None else task.get_name()


class RealTimeRun(Run):
    """--real-time: the stock event loop, real threads, and the real clock since the start.

    For what virtual time cannot settle (worker threads): the order of the lines and, within a
    tolerance, their times are compared with Loopscope's. time.time() still counts from the
    wall-clock epoch, so formatted times read the same.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._start = _REAL_MONOTONIC()
        self._lock = threading.Lock()

    @property
    def now(self):
        return _REAL_MONOTONIC() - self._start

    @now.setter
    def now(self, value):
        pass

    def _emit(self, line):
        with self._lock:
            super()._emit(line)


_REAL_MONOTONIC = time.monotonic


# ---------------------------------------------------------------------------
# Virtual time: the time module
# ---------------------------------------------------------------------------

def _virtual_now():
    return RUN.now


def _virtual_now_ns():
    return round(RUN.now * 1_000_000_000)


def _virtual_sleep(seconds):
    """time.sleep(x): the whole process (and so the loop) is blocked for x seconds."""
    if not isinstance(seconds, (int, float)) or isinstance(seconds, bool):
        raise TypeError(f"'{type(seconds).__name__}' object cannot be interpreted as a float")
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    RUN.now += seconds


def _wall_clock():
    return WALL_CLOCK_EPOCH + RUN.now


def _wall_clock_ns():
    return WALL_CLOCK_EPOCH * 1_000_000_000 + _virtual_now_ns()


def patch_wall_clock_only():
    """--real-time: only time.time() and the calendar functions move to the wall-clock epoch."""
    time.time = _wall_clock
    time.time_ns = _wall_clock_ns
    gmtime, localtime, strftime, asctime = time.gmtime, time.localtime, time.strftime, time.asctime
    time.gmtime = lambda secs=None: gmtime(_wall_clock() if secs is None else secs)
    time.localtime = lambda secs=None: localtime(_wall_clock() if secs is None else secs)
    time.strftime = lambda format, t=None: strftime(format, time.localtime() if t is None else t)
    time.asctime = lambda t=None: asctime(time.localtime() if t is None else t)
    time.ctime = lambda secs=None: asctime(time.localtime(secs))


def patch_time_module():
    for name in ("monotonic", "perf_counter", "process_time", "thread_time"):
        setattr(time, name, _virtual_now)
        setattr(time, name + "_ns", _virtual_now_ns)
    time.time = _wall_clock
    time.time_ns = _wall_clock_ns
    time.sleep = builtin_function_or_method(_virtual_sleep, "sleep")
    # The calendar functions read the C clock when given no time: give them the wall clock.
    gmtime, localtime, strftime, asctime = time.gmtime, time.localtime, time.strftime, time.asctime
    time.gmtime = lambda secs=None: gmtime(_wall_clock() if secs is None else secs)
    time.localtime = lambda secs=None: localtime(_wall_clock() if secs is None else secs)
    time.strftime = lambda format, t=None: strftime(format, time.localtime() if t is None else t)
    time.asctime = lambda t=None: asctime(time.localtime() if t is None else t)
    time.ctime = lambda secs=None: asctime(time.localtime(secs))


# ---------------------------------------------------------------------------
# Creation order of tasks, and sets that iterate in it
# ---------------------------------------------------------------------------

class _CreationOrder:
    """Remembers the order in which tasks were created, without keeping them alive."""

    def __init__(self):
        self._seq = weakref.WeakKeyDictionary()
        self._counter = itertools.count()

    def note(self, task):
        if task not in self._seq:
            self._seq[task] = next(self._counter)

    def key(self, task):
        # A task built with asyncio.Task(...) directly bypasses loop.create_task; it is
        # numbered the first time we see it (the only case left address-dependent).
        self.note(task)
        return self._seq[task]


CREATION_ORDER = _CreationOrder()


class CreationOrderedSet(set):
    """A set of tasks or futures whose iteration order is task creation order."""

    def _ordered(self):
        return sorted(set.__iter__(self), key=CREATION_ORDER.key)

    def __iter__(self):
        return iter(self._ordered())

    def pop(self):
        # set.pop() returns the first element in iteration order; keep that true.
        if not self:
            raise KeyError("pop from an empty set")
        first = self._ordered()[0]
        self.discard(first)
        return first

    def __repr__(self):
        return "{" + ", ".join(repr(x) for x in self) + "}" if self else "set()"


# Look like a plain set to scenario code that prints type(x).__name__ or repr(x).
CreationOrderedSet.__name__ = CreationOrderedSet.__qualname__ = "set"


class InsertionOrderedWeakSet:
    """The subset of weakref.WeakSet used for loop._asyncgens, in insertion order."""

    def __init__(self):
        self._refs = {}   # weakref -> None; a dict keeps insertion order

    def _remove(self, ref):
        self._refs.pop(ref, None)

    def add(self, item):
        ref = weakref.ref(item, self._remove)
        if ref not in self._refs:
            self._refs[ref] = None

    def discard(self, item):
        self._refs.pop(weakref.ref(item), None)

    def clear(self):
        self._refs.clear()

    def __iter__(self):
        for ref in list(self._refs):
            item = ref()
            if item is not None:
                yield item

    def __len__(self):
        return sum(1 for ref in list(self._refs) if ref() is not None)

    def __contains__(self, item):
        try:
            return weakref.ref(item) in self._refs
        except TypeError:
            return False


def patch_set_orders():
    """Pin the iteration order of the task sets asyncio itself iterates."""
    original_all_tasks = asyncio.tasks.all_tasks
    original_wait = asyncio.tasks.wait
    original_as_completed = asyncio.tasks.as_completed
    original_taskgroup_init = asyncio.taskgroups.TaskGroup.__init__

    def all_tasks(loop=None):
        return CreationOrderedSet(original_all_tasks(loop))

    async def wait(fs, *, timeout=None, return_when=asyncio.ALL_COMPLETED):
        # Awaiting an inner coroutine costs no tick, so the timing is unchanged.
        done, pending = await original_wait(fs, timeout=timeout, return_when=return_when)
        return CreationOrderedSet(done), CreationOrderedSet(pending)

    def _as_completed_in_argument_order(fs, timeout):
        # Runs at the first iteration, like the original: wrap coroutines into tasks in
        # argument order (the original uses set order), then let it do the rest.
        loop = asyncio.events._get_event_loop()
        unique, seen = [], set()
        for f in fs:
            if id(f) not in seen:
                seen.add(id(f))
                unique.append(f)
        todo = [asyncio.tasks.ensure_future(f, loop=loop) for f in unique]
        return (yield from original_as_completed(todo, timeout=timeout))

    def as_completed(fs, *, timeout=None):
        if asyncio.isfuture(fs) or asyncio.iscoroutine(fs):
            return original_as_completed(fs, timeout=timeout)   # raises its TypeError
        return _as_completed_in_argument_order(fs, timeout)

    def taskgroup_init(self):
        original_taskgroup_init(self)
        self._tasks = CreationOrderedSet()

    # Keep the public names, so that reprs and "never awaited" warnings look stock.
    for replacement, original in ((all_tasks, original_all_tasks), (wait, original_wait),
                                  (as_completed, original_as_completed)):
        replacement.__name__ = original.__name__
        replacement.__qualname__ = original.__qualname__
        replacement.__module__ = original.__module__
        replacement.__doc__ = original.__doc__
        setattr(asyncio.tasks, original.__name__, replacement)
        setattr(asyncio, original.__name__, replacement)
    asyncio.taskgroups.TaskGroup.__init__ = taskgroup_init


# ---------------------------------------------------------------------------
# The simulated network for streams (docs/simulated-network.md, "Streams")
# ---------------------------------------------------------------------------
#
# asyncio's own StreamReader, StreamWriter, StreamReaderProtocol and Server run untouched over a
# simulated TCP: sockets are fake, bytes sent arrive one latency later (plus their transmission
# time when a bandwidth is set), and the selector's part (accepting a connection, completing a
# connect, reading what arrived) are timers at the times those events happen.

DEFAULT_STREAM_LATENCY = 0.01     # seconds, one way
FIRST_EPHEMERAL_PORT = 50000      # the clients' ports, in connection order
FIRST_FD = 6                      # the sockets' file descriptors, in creation order


def stream_latency():
    value = getattr(sys.modules.get("__main__"), "STREAM_LATENCY", None)
    return DEFAULT_STREAM_LATENCY if value is None else value


def stream_bandwidth():
    """Bytes per second, or None for no transmission time."""
    return getattr(sys.modules.get("__main__"), "STREAM_BANDWIDTH", None)


class _Network:
    def __init__(self):
        self.listeners = {}           # (host, port) -> (loop, factory, server)
        self.next_port = FIRST_EPHEMERAL_PORT
        self.next_fd = FIRST_FD

    @staticmethod
    def address(host, port):
        host = "127.0.0.1" if host in (None, "", "localhost", "0.0.0.0") else host
        return host, port

    def fd(self):
        fd = self.next_fd
        self.next_fd += 1
        return fd

    def port(self):
        port = self.next_port
        self.next_port += 1
        return port


NETWORK = _Network()


class _SimSocket:
    """What asyncio needs of a socket: its descriptor, addresses and family."""

    family = socket.AF_INET
    type = socket.SOCK_STREAM
    proto = 6

    def __init__(self, sockname, peername=None):
        self._fd = NETWORK.fd()
        self._sockname = sockname
        self._peername = peername
        self.transport = None         # the transport reading this socket, once it has one
        self.peer = None              # the socket at the other end of the connection
        self.inbox = []               # [arrival time, bytes or None for the FIN], not yet read

    def deliver(self, loop, when, item):
        """Bytes (or the FIN) from the peer, readable at `when`."""
        self.inbox.append((when, item))
        loop.call_at(when, self.readable)

    def readable(self):
        """The selector reports the socket readable: its transport reads, if it reads yet."""
        if self.transport is not None and self.transport._reading:
            self.transport._read_ready()

    def fileno(self):
        return self._fd

    def getsockname(self):
        return self._sockname

    def getpeername(self):
        if self._peername is None:
            raise OSError(107, "Transport endpoint is not connected")
        return self._peername

    def listen(self, backlog=100):
        pass

    def close(self):
        self._fd = -1

    def setblocking(self, flag):
        pass

    def gettimeout(self):
        return 0.0


class _Link:
    """One direction of a connection: bytes leave in order and arrive a latency later."""

    def __init__(self):
        self.free_at = 0.0

    def arrival(self, now, size):
        bandwidth = stream_bandwidth()
        start = max(now, self.free_at)
        self.free_at = start + (size / bandwidth if bandwidth else 0.0)
        return self.free_at + stream_latency()


class _SelectorSocketTransport(asyncio.Transport):
    """A socket transport over the simulated network (the real one's public behaviour)."""

    def __init__(self, loop, sock, protocol, waiter=None, extra=None, server=None):
        super().__init__(extra)
        self._extra["socket"] = asyncio.trsock.TransportSocket(sock)
        self._extra["sockname"] = sock.getsockname()
        if "peername" not in self._extra:
            self._extra["peername"] = sock.getpeername()
        self._loop = loop
        self._sock = sock
        self._sock_fd = sock.fileno()
        self._protocol = protocol
        self._server = server
        self._closing = False
        self._conn_lost = 0
        self._eof_sent = False
        self._link = _Link()
        self._reading = False         # registered with the selector (after connection_made)
        self._paused_reading = False
        sock.transport = self
        if server is not None:
            server._attach()
        loop.call_soon(self._protocol.connection_made, self)
        loop.call_soon(self._add_reader)
        if waiter is not None:
            loop.call_soon(asyncio.futures._set_result_unless_cancelled, waiter, None)

    def __repr__(self):
        if self._sock is None:
            return "<_SelectorSocketTransport closed>"
        if self._closing:
            return f"<_SelectorSocketTransport closing fd={self._sock_fd}>"
        return f"<_SelectorSocketTransport fd={self._sock_fd} read=polling write=<idle, bufsize=0>>"

    def _add_reader(self):
        """Reading starts once connection_made has run; what arrived before is readable at once."""
        self._reading = True
        if self._sock.inbox:
            first = self._sock.inbox[0][0]
            self._loop.call_at(max(first, self._loop.time()), self._sock.readable)

    # -- sending ------------------------------------------------------------------

    def _send(self, item, size):
        when = self._link.arrival(self._loop.time(), size)
        peer = self._sock.peer
        if peer is not None:
            peer.deliver(self._loop, when, item)

    def write(self, data):
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"data argument must be a bytes-like object, not {type(data).__name__!r}")
        if self._eof_sent and not self._closing:
            raise RuntimeError("Cannot call write() after write_eof()")
        if not data:
            return
        if self._conn_lost:
            self._conn_lost += 1
            return
        self._send(bytes(data), len(data))

    def writelines(self, list_of_data):
        self.write(b"".join(list_of_data))

    def write_eof(self):
        if self._closing or self._eof_sent:
            return
        self._eof_sent = True
        self._send(None, 0)

    def can_write_eof(self):
        return True

    def get_write_buffer_size(self):
        return 0

    def get_write_buffer_limits(self):
        return (16384, 65536)

    def set_write_buffer_limits(self, high=None, low=None):
        pass

    # -- receiving ----------------------------------------------------------------

    def _read_ready(self):
        """The socket became readable: what has arrived is read in one go; then the EOF."""
        if self._conn_lost or self._paused_reading or self._protocol is None:
            return
        now = self._loop.time()
        inbox = self._sock.inbox
        chunks = []
        while inbox and inbox[0][0] <= now and inbox[0][1] is not None:
            chunks.append(inbox.pop(0)[1])
        if chunks:
            self._protocol.data_received(b"".join(chunks))
            return
        if inbox and inbox[0][0] <= now:
            inbox.pop(0)
            keep_open = self._protocol.eof_received()
            if not keep_open:
                self.close()

    def pause_reading(self):
        self._paused_reading = True

    def resume_reading(self):
        if self._paused_reading:
            self._paused_reading = False
            inbox = self._sock.inbox
            if inbox and inbox[0][0] <= self._loop.time():
                self._loop.call_at(self._loop.time(), self._sock.readable)

    def is_reading(self):
        return self._reading and not self._paused_reading and not self._closing

    # -- closing ------------------------------------------------------------------

    def is_closing(self):
        return self._closing

    def close(self):
        if self._closing:
            return
        self._closing = True
        if not self._eof_sent:
            self._eof_sent = True
            self._send(None, 0)      # the FIN
        self._conn_lost += 1
        self._loop.call_soon(self._call_connection_lost, None)

    def abort(self):
        self.close()

    def _call_connection_lost(self, exc):
        try:
            self._protocol.connection_lost(exc)
        finally:
            self._sock.close()
            self._sock = None
            self._protocol = None
            server = self._server
            if server is not None:
                server._detach()
                self._server = None

    def get_protocol(self):
        return self._protocol

    def set_protocol(self, protocol):
        self._protocol = protocol


def _sock_connect_cb(fut, error):
    """The connect finished (or was refused): BaseSelectorEventLoop._sock_connect_cb."""
    if fut.cancelled():
        return
    if error is None:
        fut.set_result(None)
    else:
        fut.set_exception(error)


_sock_connect_cb.__qualname__ = "BaseSelectorEventLoop._sock_connect_cb"


class _NetworkLoopMixin:
    """create_server, create_connection and the selector's part of them, on the simulated network."""

    async def create_server(self, protocol_factory, host=None, port=None, *, family=0, flags=0,
                            sock=None, backlog=100, ssl=None, reuse_address=None, reuse_port=None,
                            ssl_handshake_timeout=None, ssl_shutdown_timeout=None, start_serving=True):
        if ssl is not None:
            raise NotImplementedError("TLS is not simulated")
        # The addresses are resolved in a gather of _create_server_getaddrinfo (one task).
        await asyncio.tasks.gather(self._create_server_getaddrinfo(host, port, family, flags))
        if not port:
            port = NETWORK.port()
        address = NETWORK.address(host, port)
        if address in NETWORK.listeners:
            raise OSError(98, f"error while attempting to bind on address {address!r}: address already in use")
        listener = _SimSocket(address)
        server = asyncio.base_events.Server(self, [listener], protocol_factory, None, backlog, None, None)
        if start_serving:
            server._start_serving()
            await asyncio.tasks.sleep(0)
        return server

    async def _create_server_getaddrinfo(self, host, port, family, flags):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", NETWORK.address(host, port))]

    def _start_serving(self, protocol_factory, sock, sslcontext=None, server=None, backlog=100,
                       ssl_handshake_timeout=None, ssl_shutdown_timeout=None):
        NETWORK.listeners[sock.getsockname()] = (self, protocol_factory, server)

    def _stop_serving(self, sock):
        NETWORK.listeners.pop(sock.getsockname(), None)
        sock.close()

    _accept_connection2 = asyncio.selector_events.BaseSelectorEventLoop._accept_connection2

    def _make_socket_transport(self, sock, protocol, waiter=None, *, extra=None, server=None):
        return _SelectorSocketTransport(self, sock, protocol, waiter, extra, server)

    async def create_connection(self, protocol_factory, host=None, port=None, *, ssl=None, family=0,
                                proto=0, flags=0, sock=None, local_addr=None, server_hostname=None,
                                ssl_handshake_timeout=None, ssl_shutdown_timeout=None,
                                happy_eyeballs_delay=None, interleave=None):
        if ssl is not None:
            raise NotImplementedError("TLS is not simulated")
        address = NETWORK.address(host, port)
        client = _SimSocket(("127.0.0.1", NETWORK.port()), address)
        fut = self.create_future()
        latency = stream_latency()
        now = self.time()
        loop = self

        class BaseSelectorEventLoop:
            @staticmethod
            def _accept_connection():
                """The SYN reached the server: its listening socket is readable."""
                listener = NETWORK.listeners.get(address)
                if listener is None or listener[0] is not loop:
                    error = ConnectionRefusedError(111, f"Connect call failed {address!r}")
                    loop.call_at(now + 2 * latency, _sock_connect_cb, fut, error)
                    return
                _, factory, server = listener
                conn = _SimSocket(address, client.getsockname())
                conn.peer, client.peer = client, conn
                extra = {"peername": conn.getpeername()}
                loop.create_task(loop._accept_connection2(factory, conn, extra, None, server))
                loop.call_at(now + 2 * latency, _sock_connect_cb, fut, None)

        self.call_at(now + latency, BaseSelectorEventLoop._accept_connection)
        await fut
        protocol = protocol_factory()
        waiter = self.create_future()
        transport = self._make_socket_transport(client, protocol, waiter)
        try:
            await waiter
        except BaseException:
            transport.close()
            raise
        return transport, protocol


# ---------------------------------------------------------------------------
# The event loop
# ---------------------------------------------------------------------------

class _VirtualSelector:
    """Stands in for the selector: instead of waiting, it moves the clock."""

    def __init__(self, loop):
        self._loop = loop

    def select(self, timeout):
        if timeout is None:
            # No ready handles, no timers, no stop request: nothing can ever happen.
            names = sorted(t.get_name() for t in asyncio.tasks.all_tasks(self._loop))
            RUN.halt("deadlock", "deadlock", ",".join(names))
        if timeout > 0:
            deadline = self._loop._scheduled[0]._when
            if deadline - RUN.now > asyncio.base_events.MAXIMUM_SELECT_TIMEOUT:
                target = RUN.now + asyncio.base_events.MAXIMUM_SELECT_TIMEOUT
            else:
                target = deadline   # exactly, so equal deadlines stay exactly equal
            if target > MAX_VIRTUAL_TIME:
                RUN.halt("limit", "time-jump")   # the clock stays before the jump
            RUN.now = target
        return []

    def close(self):
        pass


class VirtualEventLoop(_NetworkLoopMixin, asyncio.BaseEventLoop):
    """BaseEventLoop with the stock _run_once, a virtual clock and no I/O."""

    def __init__(self):
        super().__init__()
        self._selector = _VirtualSelector(self)
        self._asyncgens = InsertionOrderedWeakSet()

    def time(self):
        return RUN.now

    def _run_once(self):
        # Checks happen before the stock iteration starts; the iteration itself is
        # CPython's own code.
        if RUN.frozen:
            raise _Halt()   # asyncio.run's cleanup after a halt must not run anything
        if RUN.iterations >= MAX_ITERATIONS:
            RUN.halt("limit", "iterations")
        if RUN.now > MAX_VIRTUAL_TIME:
            RUN.halt("limit", "time-past")
        RUN.iterations += 1
        super()._run_once()

    def _process_events(self, event_list):
        pass   # there is no I/O

    def _write_to_self(self):
        pass   # call_soon_threadsafe from the loop thread: nothing to wake up

    def create_task(self, coro, *, name=None, context=None):
        task = super().create_task(coro, name=name, context=context)
        CREATION_ORDER.note(task)
        # Debug mode: where the task was made is the frame that called create_task, not this one.
        traceback = getattr(task, "_source_traceback", None)
        if traceback:
            del traceback[-1]
        return task

    def default_exception_handler(self, context):
        RUN.log(format_exception_context(context))

    def run_in_executor(self, executor, func, *args):
        raise NotImplementedError("run_in_executor/to_thread are not supported under virtual time")

    def add_signal_handler(self, sig, callback, *args):
        raise NotImplementedError("signal handlers are not supported under virtual time")

    def remove_signal_handler(self, sig):
        raise NotImplementedError("signal handlers are not supported under virtual time")


# Scenarios see the class of the loop asyncio.run makes on Linux (type(loop), repr(loop), error
# messages), not the runner's own name.
VirtualEventLoop.__name__ = VirtualEventLoop.__qualname__ = "_UnixSelectorEventLoop"
VirtualEventLoop.__module__ = "asyncio.unix_events"


class VirtualEventLoopPolicy(asyncio.events.BaseDefaultEventLoopPolicy):
    _loop_factory = VirtualEventLoop


def format_exception_context(context):
    """One LOG line for an exception-handler call: message; task=NAME; exception=T: m."""
    fields = [str(context.get("message") or "Unhandled exception in event loop")]
    task = context.get("task")
    if task is None and isinstance(context.get("future"), asyncio.Task):
        task = context["future"]
    if task is not None:
        fields.append(f"task={task.get_name()}")
    exc = context.get("exception")
    if exc is not None:
        fields.append(f"exception={type(exc).__name__}: {exc}")
    return "; ".join(fields)


# ---------------------------------------------------------------------------
# Output capture: print, sys.stdout, warnings
# ---------------------------------------------------------------------------

class _StdoutCapture:
    """sys.stdout for the scenario: direct writes become one line per completed '\\n'.

    Text after the last newline is held back and, if never completed, never appears
    (the semantics document counts completed lines only).
    """

    encoding = "utf-8"
    errors = "strict"
    name = "<stdout>"

    def __init__(self):
        self._pending = ""

    def _emit(self, line):
        RUN.output(line)

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._pending += text
        while "\n" in self._pending:
            line, self._pending = self._pending.split("\n", 1)
            self._emit(line)
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def isatty(self):
        return False

    def writable(self):
        return True

    def readable(self):
        return False


class _StderrCapture(_StdoutCapture):
    """sys.stderr for the scenario: lines kept apart from the stdout transcript (--json's stderr)."""

    name = "<stderr>"

    def _emit(self, line):
        RUN.error_output(line)


_ORIGINAL_PRINT = builtins.print


def _capturing_print(*args, sep=" ", end="\n", file=None, flush=False):
    """print(): to stdout it is one transcript line per call; elsewhere it is stock."""
    if file is None:
        file = sys.stdout
    if not isinstance(file, _StdoutCapture) or isinstance(file, _StderrCapture):
        # stderr's lines (print(..., file=sys.stderr)) are kept apart from the transcript.
        return _ORIGINAL_PRINT(*args, sep=sep, end=end, file=file, flush=flush)
    if sep is None:
        sep = " "
    if end is None:
        end = "\n"
    if not isinstance(sep, str):
        raise TypeError(f"sep must be None or a string, not {type(sep).__name__}")
    if not isinstance(end, str):
        raise TypeError(f"end must be None or a string, not {type(end).__name__}")
    text = sep.join(str(arg) for arg in args) + end
    if text.endswith("\n"):
        text = text[:-1]
    RUN.output(text)
    return None


class builtin_function_or_method:
    """Wraps the capturing print so that it looks like the builtin where asyncio shows it.

    A future's repr names its callbacks with their source (`cb() at file.py:3`); the builtin
    print has no Python source, and shows as `print()`.
    """

    def __init__(self, function, name):
        self._function = function
        self.__name__ = self.__qualname__ = name
        self.__module__ = "builtins"

    def __call__(self, *args, **kwargs):
        return self._function(*args, **kwargs)

    def __repr__(self):
        return f"<built-in function {self.__name__}>"


def _showwarning(message, category, filename, lineno, file=None, line=None):
    RUN.log(f"{category.__name__}: {message}")


VIRTUAL_PID = 4242     # os.getpid() in scenarios
VIRTUAL_CPU_COUNT = 4  # os.cpu_count() in scenarios: the default thread pool has 8 workers


def patch_os_module():
    """The process as scenarios see it: a fixed pid and CPU count, an empty environment."""
    os.getpid = lambda: VIRTUAL_PID
    os.cpu_count = lambda: VIRTUAL_CPU_COUNT
    os.environ.clear()


def install_output_capture():
    sys.stdout = _StdoutCapture()
    sys.stderr = _StderrCapture()
    builtins.print = builtin_function_or_method(_capturing_print, "print")
    warnings.showwarning = _showwarning


# ---------------------------------------------------------------------------
# The simulated aiohttp (docs/simulated-network.md is the normative description)
# ---------------------------------------------------------------------------

def simulated_host(url):
    """The text after the first '://' up to the first '/', '?' or '#'; '' without '://'."""
    if "://" not in url:
        return ""
    rest = url.split("://", 1)[1]
    for i, ch in enumerate(rest):
        if ch in "/?#":
            return rest[:i]
    return rest


def simulated_latency(url):
    table = getattr(sys.modules.get("__main__"), "LATENCY", None)
    if isinstance(table, dict) and url in table:
        return table[url]
    return 0.1 + (sum(map(ord, url)) % 400) / 1000


def simulated_body(url):
    host = simulated_host(url)
    return (f"<!doctype html><html><head><title>{host}</title></head>"
            f"<body><h1>{host}</h1><p>Simulated response for {url}</p></body></html>")


class ClientError(Exception):
    """Exported for scenarios that catch it; the simulation never raises it."""


class ClientResponse:
    def __init__(self, method, url):
        self.method = method
        self.url = url
        self.status = 200
        self.reason = "OK"
        self.ok = True
        self._body = simulated_body(url)

    async def text(self):
        return self._body

    async def read(self):
        return self._body.encode("utf-8")

    async def json(self):
        return {"url": self.url, "status": self.status}

    def release(self):
        pass

    def close(self):
        pass

    def raise_for_status(self):
        pass

    async def __aenter__(self):
        return self

    async def __aexit__(self, exc_type, exc, tb):
        self.release()

    def __repr__(self):
        return f"<ClientResponse({self.url}) [{self.status} {self.reason}]>"


class _RequestContextManager:
    """What session.get() returns: awaitable once, or usable with 'async with'."""

    def __init__(self, method, url):
        self._method = method
        self._url = url
        self._response = None

    async def _send(self):
        # Exactly one asyncio.sleep: the request costs the same two ticks as a sleep.
        await asyncio.sleep(simulated_latency(self._url))
        return ClientResponse(self._method, self._url)

    def __await__(self):
        return self._send().__await__()

    async def __aenter__(self):
        self._response = await self._send()
        return self._response

    async def __aexit__(self, exc_type, exc, tb):
        if self._response is not None:
            self._response.release()


class ClientSession:
    def __init__(self, *args, **kwargs):
        self.closed = False   # constructor arguments are accepted and ignored

    def request(self, method, url, **kwargs):
        return _RequestContextManager(method.upper(), str(url))

    def get(self, url, **kwargs):
        return self.request("GET", url)

    def post(self, url, **kwargs):
        return self.request("POST", url)

    def put(self, url, **kwargs):
        return self.request("PUT", url)

    def delete(self, url, **kwargs):
        return self.request("DELETE", url)

    async def close(self):
        self.closed = True

    async def __aenter__(self):
        return self

    async def __aexit__(self, exc_type, exc, tb):
        pass


def install_simulated_aiohttp():
    module = types.ModuleType("aiohttp", "Loopscope's simulated aiohttp (no real network).")
    for obj in (ClientSession, ClientResponse, ClientError):
        obj.__module__ = "aiohttp"
        setattr(module, obj.__name__, obj)
    _RequestContextManager.__module__ = "aiohttp"
    module.__version__ = "0.0-simulated"
    sys.modules["aiohttp"] = module


# ---------------------------------------------------------------------------
# Watchdog: real time, for scenarios that spin without ever reaching the loop
# ---------------------------------------------------------------------------

def _on_watchdog(signum, frame):
    if RUN.frozen:
        # The soft stop did not unwind the run (scenario code swallowed it): stop hard.
        _exit_now()
    signal.setitimer(signal.ITIMER_REAL, WATCHDOG_GRACE)
    RUN.halt("limit", "watchdog")


def arm_watchdog(seconds):
    if seconds and seconds > 0:
        signal.signal(signal.SIGALRM, _on_watchdog)
        signal.setitimer(signal.ITIMER_REAL, seconds)


def disarm_watchdog():
    signal.setitimer(signal.ITIMER_REAL, 0)


def _exit_now():
    """Print END and leave without interpreter shutdown (whose finalizers could print)."""
    disarm_watchdog()
    RUN.write_final_output()
    try:
        sys.__stderr__.flush()
    finally:
        os._exit(0)


# ---------------------------------------------------------------------------
# Running the scenario
# ---------------------------------------------------------------------------

def _release_globals(namespace):
    """Drop the scenario's globals in definition order, then collect cycles.

    This is where objects that lived to the end of the script are destroyed, so their
    'Task exception was never retrieved'-style LOG lines land before END.
    """
    for name in list(namespace):
        if name != "__builtins__":
            namespace[name] = None
    namespace.clear()
    gc.collect()


def run_scenario(path):
    with open(path, "rb") as raw:
        encoding, _ = tokenize.detect_encoding(raw.readline)
    with open(path, encoding=encoding) as source_file:
        source = source_file.read()

    module = types.ModuleType("__main__")
    module.__file__ = path
    module.__spec__ = None
    module.__loader__ = None
    namespace = module.__dict__
    namespace["__builtins__"] = builtins
    sys.modules["__main__"] = module       # so the simulated aiohttp finds LATENCY
    sys.argv = [path]
    sys.path[0] = os.path.dirname(path)

    try:
        code = compile(source, path, "exec", dont_inherit=True)
        exec(code, namespace)
    except _Halt:
        pass
    except SystemExit as exc:
        if exc.code not in (None, 0):
            RUN.finish("error", "exception", f"SystemExit: {exc.code}")
    except BaseException as exc:   # noqa: BLE001 - any escaping exception ends the run
        RUN.finish("error", "exception", f"{type(exc).__name__}: {exc}")
    if not RUN.frozen:
        _release_globals(namespace)
    RUN.finish("ok", "finished")


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="cpython_reference.py",
        description="Run an asyncio scenario on CPython under a virtual clock and "
                    "print its Loopscope transcript.")
    parser.add_argument("scenario", help="path of the scenario .py file")
    parser.add_argument("--no-log", action="store_true", help="omit LOG lines")
    parser.add_argument("--json", action="store_true",
                        help="print a JSON object {lines, end} instead of the transcript")
    parser.add_argument("--watchdog", type=float, default=DEFAULT_WATCHDOG, metavar="S",
                        help=f"real-time limit in seconds (default {DEFAULT_WATCHDOG:g}; 0 = off)")
    parser.add_argument("--real-time", action="store_true",
                        help="run on the stock event loop and the real clock, with real threads "
                             "(for comparing worker threads, whose timing virtual time cannot settle)")
    return parser.parse_args(argv)


def main():
    ensure_canonical_interpreter()
    args = parse_args(sys.argv[1:])
    path = os.path.abspath(args.scenario)
    if not os.path.isfile(path):
        print(f"cpython_reference: no such file: {args.scenario}", file=sys.stderr)
        sys.exit(2)

    global RUN
    if args.real_time:
        RUN = RealTimeRun(path, no_log=args.no_log, as_json=args.json)
        patch_wall_clock_only()
    else:
        RUN = Run(path, no_log=args.no_log, as_json=args.json)
        patch_time_module()
    patch_os_module()
    patch_set_orders()
    if not args.real_time:
        asyncio.set_event_loop_policy(VirtualEventLoopPolicy())
    install_simulated_aiohttp()
    install_output_capture()
    arm_watchdog(args.watchdog)
    try:
        run_scenario(path)
    except _Halt:
        pass   # the watchdog fired in the runner's own code
    _exit_now()


if __name__ == "__main__":
    main()
