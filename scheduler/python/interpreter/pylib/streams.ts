/**
 * asyncio's streams on the simulated network, in Python: start_server, open_connection,
 * StreamReader, StreamWriter, StreamReaderProtocol and Server, written to take the same loop steps
 * as CPython 3.11's streams.py, base_events.Server and the selector loop's accept and connect
 * paths, so that task numbers and the tick each line prints in match the reference runner
 * (tools/cpython_reference.py, "simulated TCP"), which runs CPython's own streams over the same
 * model.
 *
 * The network (docs/simulated-network.md, "Streams"): bytes written arrive one STREAM_LATENCY
 * later (0.01 s one way unless the scenario sets it), plus their transmission time when the
 * scenario sets STREAM_BANDWIDTH (bytes per second); a connect takes a round trip, the server
 * accepting after one latency; client ports count from 50000 and descriptors from 6, in order.
 */
export const STREAMS = String.raw`
"""asyncio.streams for scenarios, over a simulated TCP."""

import asyncio

_DEFAULT_LIMIT = 2 ** 16
DEFAULT_STREAM_LATENCY = 0.01
FIRST_EPHEMERAL_PORT = 50000
FIRST_FD = 6


def _stream_latency():
    value = _scenario_setting("STREAM_LATENCY")
    return DEFAULT_STREAM_LATENCY if value is None else value


def _stream_bandwidth():
    return _scenario_setting("STREAM_BANDWIDTH")


class _Network:
    def __init__(self):
        self.listeners = {}
        self.next_port = FIRST_EPHEMERAL_PORT
        self.next_fd = FIRST_FD

    def address(self, host, port):
        if host in (None, "", "localhost", "0.0.0.0"):
            host = "127.0.0.1"
        return (host, port)

    def fd(self):
        fd = self.next_fd
        self.next_fd += 1
        return fd

    def port(self):
        port = self.next_port
        self.next_port += 1
        return port


_NETWORK = _Network()


class IncompleteReadError(EOFError):
    def __init__(self, partial, expected):
        r_expected = "undefined" if expected is None else repr(expected)
        super().__init__(f"{len(partial)} bytes read on a total of {r_expected} expected bytes")
        self.partial = partial
        self.expected = expected


class LimitOverrunError(Exception):
    def __init__(self, message, consumed):
        super().__init__(message)
        self.consumed = consumed


def _set_result_unless_cancelled(fut, result):
    if fut.cancelled():
        return
    fut.set_result(result)


class _SimSocket:
    def __init__(self, sockname, peername=None):
        self.fd = _NETWORK.fd()
        self.sockname = sockname
        self.peername = peername
        self.transport = None
        self.peer = None
        self.inbox = []

    def deliver(self, loop, when, item):
        self.inbox.append((when, item))
        loop.call_at(when, self.readable)

    def readable(self):
        if self.transport is not None and self.transport._reading:
            self.transport._read_ready()


class TransportSocket:
    """What server.sockets and get_extra_info('socket') show of a socket."""

    def __init__(self, sock):
        self._sock = sock

    def fileno(self):
        return self._sock.fd

    def getsockname(self):
        return self._sock.sockname

    def getpeername(self):
        if self._sock.peername is None:
            raise OSError(107, "Transport endpoint is not connected")
        return self._sock.peername

    def __repr__(self):
        s = f"<asyncio.TransportSocket fd={self.fileno()}, family=2, type=1, proto=6"
        if self._sock.fd != -1:
            s = f"{s}, laddr={self.getsockname()}"
            if self._sock.peername is not None:
                s = f"{s}, raddr={self._sock.peername}"
        return s + ">"


class _Link:
    """One direction of a connection: bytes leave in order and arrive a latency later."""

    def __init__(self):
        self.free_at = 0.0

    def arrival(self, now, size):
        bandwidth = _stream_bandwidth()
        start = max(now, self.free_at)
        self.free_at = start + (size / bandwidth if bandwidth else 0.0)
        return self.free_at + _stream_latency()


class _SelectorSocketTransport:
    def __init__(self, loop, sock, protocol, waiter=None, extra=None, server=None):
        self._extra = dict(extra) if extra else {}
        self._extra["socket"] = TransportSocket(sock)
        self._extra["sockname"] = sock.sockname
        if "peername" not in self._extra:
            self._extra["peername"] = sock.peername
        self._loop = loop
        self._sock = sock
        self._sock_fd = sock.fd
        self._protocol = protocol
        self._server = server
        self._closing = False
        self._conn_lost = 0
        self._eof_sent = False
        self._link = _Link()
        self._reading = False
        self._paused_reading = False
        sock.transport = self
        if server is not None:
            server._attach()
        loop.call_soon(self._protocol.connection_made, self)
        loop.call_soon(self._add_reader)
        if waiter is not None:
            loop.call_soon(_set_result_unless_cancelled, waiter, None)

    def __repr__(self):
        if self._sock is None:
            return "<_SelectorSocketTransport closed>"
        if self._closing:
            return f"<_SelectorSocketTransport closing fd={self._sock_fd}>"
        return f"<_SelectorSocketTransport fd={self._sock_fd} read=polling write=<idle, bufsize=0>>"

    def get_extra_info(self, name, default=None):
        return self._extra.get(name, default)

    def _add_reader(self):
        self._reading = True
        if self._sock.inbox:
            first = self._sock.inbox[0][0]
            self._loop.call_at(max(first, self._loop.time()), self._sock.readable)

    def _send(self, item, size):
        when = self._link.arrival(self._loop.time(), size)
        peer = self._sock.peer
        if peer is not None:
            peer.deliver(self._loop, when, item)

    def write(self, data):
        if not isinstance(data, bytes):
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

    def _read_ready(self):
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

    def is_closing(self):
        return self._closing

    def close(self):
        if self._closing:
            return
        self._closing = True
        if not self._eof_sent:
            self._eof_sent = True
            self._send(None, 0)
        self._conn_lost += 1
        self._loop.call_soon(self._call_connection_lost, None)

    def abort(self):
        self.close()

    def _call_connection_lost(self, exc):
        try:
            self._protocol.connection_lost(exc)
        finally:
            self._sock.fd = -1
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


class Server:
    """base_events.Server: the listening sockets and the connections they accepted."""

    def __init__(self, loop, sockets, protocol_factory, backlog):
        self._loop = loop
        self._sockets = sockets
        self._active_count = 0
        self._waiters = []
        self._protocol_factory = protocol_factory
        self._backlog = backlog
        self._serving = False
        self._serving_forever_fut = None

    def __repr__(self):
        return f"<{self.__class__.__name__} sockets={self.sockets!r}>"

    def _attach(self):
        self._active_count += 1

    def _detach(self):
        self._active_count -= 1
        if self._active_count == 0 and self._sockets is None:
            self._wakeup()

    def _wakeup(self):
        waiters = self._waiters
        self._waiters = None
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(waiter)

    def _start_serving(self):
        if self._serving:
            return
        self._serving = True
        for sock in self._sockets:
            _NETWORK.listeners[sock.sockname] = (self._loop, self._protocol_factory, self)

    def get_loop(self):
        return self._loop

    def is_serving(self):
        return self._serving

    @property
    def sockets(self):
        if self._sockets is None:
            return ()
        return tuple(TransportSocket(s) for s in self._sockets)

    def close(self):
        sockets = self._sockets
        if sockets is None:
            return
        self._sockets = None
        for sock in sockets:
            _NETWORK.listeners.pop(sock.sockname, None)
            sock.fd = -1
        self._serving = False
        if self._serving_forever_fut is not None and not self._serving_forever_fut.done():
            self._serving_forever_fut.cancel()
            self._serving_forever_fut = None
        if self._active_count == 0:
            self._wakeup()

    async def start_serving(self):
        self._start_serving()
        await asyncio.sleep(0)

    async def serve_forever(self):
        if self._serving_forever_fut is not None:
            raise RuntimeError(f"server {self!r} is already being awaited on serve_forever()")
        if self._sockets is None:
            raise RuntimeError(f"server {self!r} is closed")
        self._start_serving()
        self._serving_forever_fut = self._loop.create_future()
        try:
            await self._serving_forever_fut
        except asyncio.CancelledError:
            try:
                self.close()
                await self.wait_closed()
            finally:
                raise
        finally:
            self._serving_forever_fut = None

    async def wait_closed(self):
        if self._sockets is None or self._waiters is None:
            return
        waiter = self._loop.create_future()
        self._waiters.append(waiter)
        await waiter

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        self.close()
        await self.wait_closed()


async def _create_server_getaddrinfo(host, port):
    return [(2, 1, 6, "", _NETWORK.address(host, port))]


async def create_server(loop, protocol_factory, host=None, port=None, *, backlog=100, start_serving=True, **kwds):
    """loop.create_server: addresses resolved in a gather (one task), then listening."""
    if kwds.get("ssl") is not None:
        raise NotImplementedError("TLS is not simulated")
    await asyncio.gather(_create_server_getaddrinfo(host, port))
    if not port:
        port = _NETWORK.port()
    address = _NETWORK.address(host, port)
    if address in _NETWORK.listeners:
        raise OSError(98, f"error while attempting to bind on address {address!r}: address already in use")
    server = Server(loop, [_SimSocket(address)], protocol_factory, backlog)
    if start_serving:
        server._start_serving()
        await asyncio.sleep(0)
    return server


async def _accept_connection2(loop, protocol_factory, conn, extra, server):
    """BaseSelectorEventLoop._accept_connection2: the accepted socket's transport, in a task."""
    protocol = protocol_factory()
    waiter = loop.create_future()
    transport = _SelectorSocketTransport(loop, conn, protocol, waiter, extra, server)
    try:
        await waiter
    except BaseException:
        transport.close()
        raise


def _sock_connect_cb(fut, error):
    if fut.cancelled():
        return
    if error is None:
        fut.set_result(None)
    else:
        fut.set_exception(error)


def _accept_connection(loop, fut, client, address, started):
    """The SYN reached the server: its listening socket is readable."""
    latency = _stream_latency()
    listener = _NETWORK.listeners.get(address)
    if listener is None or listener[0] is not loop:
        error = ConnectionRefusedError(111, f"Connect call failed {address!r}")
        loop.call_at(started + 2 * latency, _sock_connect_cb, fut, error)
        return
    factory, server = listener[1], listener[2]
    conn = _SimSocket(address, client.sockname)
    conn.peer = client
    client.peer = conn
    loop.create_task(_accept_connection2(loop, factory, conn, {"peername": conn.peername}, server))
    loop.call_at(started + 2 * latency, _sock_connect_cb, fut, None)


async def create_connection(loop, protocol_factory, host=None, port=None, **kwds):
    """loop.create_connection: a round trip to connect, then the transport."""
    if kwds.get("ssl") is not None:
        raise NotImplementedError("TLS is not simulated")
    address = _NETWORK.address(host, port)
    client = _SimSocket(("127.0.0.1", _NETWORK.port()), address)
    fut = loop.create_future()
    now = loop.time()
    loop.call_at(now + _stream_latency(), _accept_connection, loop, fut, client, address, now)
    await fut
    protocol = protocol_factory()
    waiter = loop.create_future()
    transport = _SelectorSocketTransport(loop, client, protocol, waiter)
    try:
        await waiter
    except BaseException:
        transport.close()
        raise
    return transport, protocol


async def open_connection(host=None, port=None, *, limit=_DEFAULT_LIMIT, **kwds):
    loop = asyncio.get_running_loop()
    reader = StreamReader(limit=limit, loop=loop)
    protocol = StreamReaderProtocol(reader, loop=loop)
    transport, _ = await create_connection(loop, lambda: protocol, host, port, **kwds)
    writer = StreamWriter(transport, protocol, reader, loop)
    return reader, writer


async def start_server(client_connected_cb, host=None, port=None, *, limit=_DEFAULT_LIMIT, **kwds):
    loop = asyncio.get_running_loop()

    def factory():
        reader = StreamReader(limit=limit, loop=loop)
        protocol = StreamReaderProtocol(reader, client_connected_cb, loop=loop)
        return protocol

    return await create_server(loop, factory, host, port, **kwds)


class FlowControlMixin:
    def __init__(self, loop=None):
        self._loop = asyncio.get_running_loop() if loop is None else loop
        self._paused = False
        self._drain_waiters = []
        self._connection_lost = False

    def pause_writing(self):
        self._paused = True

    def resume_writing(self):
        self._paused = False
        for waiter in self._drain_waiters:
            if not waiter.done():
                waiter.set_result(None)

    def connection_lost(self, exc):
        self._connection_lost = True
        if not self._paused:
            return
        for waiter in self._drain_waiters:
            if not waiter.done():
                if exc is None:
                    waiter.set_result(None)
                else:
                    waiter.set_exception(exc)

    async def _drain_helper(self):
        if self._connection_lost:
            raise ConnectionResetError("Connection lost")
        if not self._paused:
            return
        waiter = self._loop.create_future()
        self._drain_waiters.append(waiter)
        try:
            await waiter
        finally:
            self._drain_waiters.remove(waiter)


class StreamReaderProtocol(FlowControlMixin):
    def __init__(self, stream_reader, client_connected_cb=None, loop=None):
        super().__init__(loop=loop)
        self._stream_reader = stream_reader
        self._stream_writer = None
        self._task = None
        self._transport = None
        self._client_connected_cb = client_connected_cb
        self._closed = self._loop.create_future()

    def connection_made(self, transport):
        reader = self._stream_reader
        if reader is not None:
            reader.set_transport(transport)
        if self._client_connected_cb is not None:
            self._stream_writer = StreamWriter(transport, self, reader, self._loop)
            res = self._client_connected_cb(reader, self._stream_writer)
            if asyncio.iscoroutine(res):
                self._task = self._loop.create_task(res)
        self._transport = transport

    def connection_lost(self, exc):
        reader = self._stream_reader
        if reader is not None:
            if exc is None:
                reader.feed_eof()
            else:
                reader.set_exception(exc)
        if not self._closed.done():
            if exc is None:
                self._closed.set_result(None)
            else:
                self._closed.set_exception(exc)
        super().connection_lost(exc)
        self._stream_reader = None
        self._stream_writer = None
        self._task = None
        self._transport = None

    def data_received(self, data):
        reader = self._stream_reader
        if reader is not None:
            reader.feed_data(data)

    def eof_received(self):
        reader = self._stream_reader
        if reader is not None:
            reader.feed_eof()
        return True

    def _get_close_waiter(self, stream):
        return self._closed


class StreamWriter:
    def __init__(self, transport, protocol, reader, loop):
        self._transport = transport
        self._protocol = protocol
        self._reader = reader
        self._loop = loop

    def __repr__(self):
        info = [self.__class__.__name__, f"transport={self._transport!r}"]
        if self._reader is not None:
            info.append(f"reader={self._reader!r}")
        return "<{}>".format(" ".join(info))

    @property
    def transport(self):
        return self._transport

    def write(self, data):
        self._transport.write(data)

    def writelines(self, data):
        self._transport.writelines(data)

    def write_eof(self):
        return self._transport.write_eof()

    def can_write_eof(self):
        return self._transport.can_write_eof()

    def close(self):
        return self._transport.close()

    def is_closing(self):
        return self._transport.is_closing()

    async def wait_closed(self):
        await self._protocol._get_close_waiter(self)

    def get_extra_info(self, name, default=None):
        return self._transport.get_extra_info(name, default)

    async def drain(self):
        if self._reader is not None:
            exc = self._reader.exception()
            if exc is not None:
                raise exc
        if self._transport.is_closing():
            await asyncio.sleep(0)
        await self._protocol._drain_helper()


class StreamReader:
    def __init__(self, limit=_DEFAULT_LIMIT, loop=None):
        if limit <= 0:
            raise ValueError("Limit cannot be <= 0")
        self._limit = limit
        self._loop = asyncio.get_running_loop() if loop is None else loop
        self._buffer = b""
        self._eof = False
        self._waiter = None
        self._exception = None
        self._transport = None
        self._paused = False

    def __repr__(self):
        info = ["StreamReader"]
        if self._buffer:
            info.append(f"{len(self._buffer)} bytes")
        if self._eof:
            info.append("eof")
        if self._limit != _DEFAULT_LIMIT:
            info.append(f"limit={self._limit}")
        if self._waiter:
            info.append(f"waiter={self._waiter!r}")
        if self._exception:
            info.append(f"exception={self._exception!r}")
        if self._transport:
            info.append(f"transport={self._transport!r}")
        if self._paused:
            info.append("paused")
        return "<{}>".format(" ".join(info))

    def exception(self):
        return self._exception

    def set_exception(self, exc):
        self._exception = exc
        waiter = self._waiter
        if waiter is not None:
            self._waiter = None
            if not waiter.cancelled():
                waiter.set_exception(exc)

    def _wakeup_waiter(self):
        waiter = self._waiter
        if waiter is not None:
            self._waiter = None
            if not waiter.cancelled():
                waiter.set_result(None)

    def set_transport(self, transport):
        self._transport = transport

    def _maybe_resume_transport(self):
        if self._paused and len(self._buffer) <= self._limit:
            self._paused = False
            self._transport.resume_reading()

    def feed_eof(self):
        self._eof = True
        self._wakeup_waiter()

    def at_eof(self):
        return self._eof and not self._buffer

    def feed_data(self, data):
        if not data:
            return
        self._buffer = self._buffer + data
        self._wakeup_waiter()
        if self._transport is not None and not self._paused and len(self._buffer) > 2 * self._limit:
            self._transport.pause_reading()
            self._paused = True

    async def _wait_for_data(self, func_name):
        if self._waiter is not None:
            raise RuntimeError(f"{func_name}() called while another coroutine is already waiting for incoming data")
        if self._paused:
            self._paused = False
            self._transport.resume_reading()
        self._waiter = self._loop.create_future()
        try:
            await self._waiter
        finally:
            self._waiter = None

    async def readline(self):
        sep = b"\n"
        seplen = len(sep)
        try:
            line = await self.readuntil(sep)
        except IncompleteReadError as e:
            return e.partial
        except LimitOverrunError as e:
            if self._buffer[e.consumed:].startswith(sep):
                self._buffer = self._buffer[e.consumed + seplen:]
            else:
                self._buffer = b""
            self._maybe_resume_transport()
            raise ValueError(e.args[0])
        return line

    async def readuntil(self, separator=b"\n"):
        seplen = len(separator)
        if seplen == 0:
            raise ValueError("Separator should be at least one-byte string")
        if self._exception is not None:
            raise self._exception
        offset = 0
        while True:
            buflen = len(self._buffer)
            if buflen - offset >= seplen:
                isep = self._buffer[offset:].find(separator)
                if isep != -1:
                    isep += offset
                    break
                offset = buflen + 1 - seplen
                if offset > self._limit:
                    raise LimitOverrunError("Separator is not found, and chunk exceed the limit", offset)
            if self._eof:
                chunk = self._buffer
                self._buffer = b""
                raise IncompleteReadError(chunk, None)
            await self._wait_for_data("readuntil")
        if isep > self._limit:
            raise LimitOverrunError("Separator is found, but chunk is longer than limit", isep)
        chunk = self._buffer[:isep + seplen]
        self._buffer = self._buffer[isep + seplen:]
        self._maybe_resume_transport()
        return chunk

    async def read(self, n=-1):
        if self._exception is not None:
            raise self._exception
        if n == 0:
            return b""
        if n < 0:
            blocks = []
            while True:
                block = await self.read(self._limit)
                if not block:
                    break
                blocks.append(block)
            return b"".join(blocks)
        if not self._buffer and not self._eof:
            await self._wait_for_data("read")
        data = self._buffer[:n]
        self._buffer = self._buffer[n:]
        self._maybe_resume_transport()
        return data

    async def readexactly(self, n):
        if n < 0:
            raise ValueError("readexactly size can not be less than zero")
        if self._exception is not None:
            raise self._exception
        if n == 0:
            return b""
        while len(self._buffer) < n:
            if self._eof:
                incomplete = self._buffer
                self._buffer = b""
                raise IncompleteReadError(incomplete, n)
            await self._wait_for_data("readexactly")
        data = self._buffer[:n]
        self._buffer = self._buffer[n:]
        self._maybe_resume_transport()
        return data

    def __aiter__(self):
        return self

    async def __anext__(self):
        val = await self.readline()
        if val == b"":
            raise StopAsyncIteration
        return val
`;
