"""Query processes: pyoxigraph cannot cancel a query, so each runs in a child process that is killed at
the time limit, which frees the web worker at once. The children also have no network (their own network
namespace where the kernel allows it), on top of the refusal of SERVICE before evaluation.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import queue
import select
import signal
import struct
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from linkeddata.store.loading import open_read_only
from linkeddata.store.queries import Outcome, QueryReply, QueryRequest, run_query


class QueryTimeout(Exception):
    """The query ran past its time limit and its process was stopped."""


class QueryProcessFailed(Exception):
    """A query process ended or answered nonsense; the query was not answered."""


class QueryCrashed(QueryProcessFailed):
    """The query process died of a signal while evaluating the query: the query is beyond the evaluator,
    in practice nested or chained so deeply that the parser's recursion overflows even `QUERY_STACK_BYTES`."""


# The parser and the evaluator recurse once per level of nesting (and per link of a UNION, OPTIONAL,
# FILTER or || chain): at the 8 MB of a main thread, 10,000 levels crash the process. Queries run on a
# thread with this much stack instead; only what a query uses is ever touched.
QUERY_STACK_BYTES = 256 << 20


_HEADER = struct.Struct(">Q")
_CHILD_COMMAND = "import sys; from linkeddata.store.processes import child_main; sys.exit(child_main(sys.argv[1:]))"


def _signal_name(number: int) -> str:
    return signal.strsignal(number) or f"signal {number}"


def _send(stream: IO[bytes], message: object) -> None:
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(payload)) + payload)
    stream.flush()


def _receive_blocking(stream: IO[bytes]) -> Any:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(header)
    return pickle.loads(stream.read(size))  # our own parent wrote it, never a client


class QueryProcess:
    """One child process holding the store open read-only, answering one query at a time."""

    def __init__(self, store_dir: Path, *, start_timeout: float = 120.0) -> None:
        self.store_dir = Path(store_dir)
        self.start_timeout = start_timeout
        self._child: subprocess.Popen[bytes] | None = None
        self._owner = os.getpid()

    @property
    def running(self) -> bool:
        return self._child is not None and self._child.poll() is None and self._owner == os.getpid()

    def start(self) -> None:
        if self._owner != os.getpid():
            # Inherited through fork (gunicorn forks its workers): the child is the parent's to manage.
            self._child, self._owner = None, os.getpid()
        if self.running:
            return
        self._child = subprocess.Popen(
            # Imported by name (not run as __main__) so that pickled replies name linkeddata.store's classes.
            [sys.executable, "-c", _CHILD_COMMAND, "--serve-queries", str(self.store_dir)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True,
        )
        try:
            ready = self._read(time.monotonic() + self.start_timeout)
        except QueryTimeout:
            ready = f"no answer within {self.start_timeout:g} s"
        if ready != "ready":
            self.stop()
            raise QueryProcessFailed(f"the query process could not open the store at {self.store_dir}: {ready}")

    def stop(self) -> int | None:
        """Kill the child (if it still runs) and return its exit status (negative: the signal it died of)."""
        child, self._child = self._child, None
        if child is None or self._owner != os.getpid():
            return None
        child.kill()  # a child that already died keeps the status it died with
        status = child.wait()
        for stream in (child.stdin, child.stdout):
            if stream:
                stream.close()
        return status

    def run(self, request: QueryRequest, deadline: float) -> QueryReply:
        """The reply, or QueryTimeout once `deadline` (a `time.monotonic()` value) has passed."""
        self.start()
        assert self._child is not None and self._child.stdin is not None
        try:
            _send(self._child.stdin, request)
        except BrokenPipeError as error:
            self.stop()
            raise QueryProcessFailed("the query process had ended") from error
        reply = self._read(deadline)
        if not isinstance(reply, QueryReply):
            self.stop()
            raise QueryProcessFailed(f"the query process answered {reply!r}")
        return reply

    def _read(self, deadline: float) -> Any:
        assert self._child is not None and self._child.stdout is not None
        fd = self._child.stdout.fileno()
        header = self._read_exactly(fd, _HEADER.size, deadline)
        (size,) = _HEADER.unpack(header)
        return pickle.loads(self._read_exactly(fd, size, deadline))  # our own child wrote it, never a client

    def _read_exactly(self, fd: int, size: int, deadline: float) -> bytes:
        chunks: list[bytes] = []
        remaining = size
        while remaining:
            wait = deadline - time.monotonic()
            ready = select.select([fd], [], [], max(wait, 0))[0] if wait > 0 else []
            if not ready:
                self.stop()  # the only way to stop a running pyoxigraph query
                raise QueryTimeout
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                status = self.stop()
                if status is not None and status < 0:
                    # Not our kill (that comes after the end of its output): the query made it crash.
                    raise QueryCrashed(f"the query process died while answering: {_signal_name(-status)}")
                raise QueryProcessFailed("the query process ended while answering")
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)


class QueryPool:
    """`size` query processes; a query waits for a free one, within its own time limit."""

    def __init__(self, store_dir: Path, *, size: int = 1, timeout: float = 10.0) -> None:
        self.store_dir = Path(store_dir)
        self.timeout = timeout
        self._processes = [QueryProcess(self.store_dir) for _ in range(size)]
        self._idle: queue.LifoQueue[QueryProcess] = queue.LifoQueue()
        for process in self._processes:
            self._idle.put(process)
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start every process now rather than at its first query."""
        for process in self._processes:
            process.start()

    def run(self, request: QueryRequest, timeout: float | None = None) -> QueryReply:
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        try:
            process = self._idle.get(timeout=max(deadline - time.monotonic(), 0))
        except queue.Empty:
            raise QueryTimeout from None
        try:
            # Starting a process after a timeout is not the next query's fault: it gets its full time.
            if not process.running:
                process.start()
                deadline = max(deadline, time.monotonic() + (self.timeout if timeout is None else timeout))
            return process.run(request, deadline)
        finally:
            self._idle.put(process)

    def close(self) -> None:
        for process in self._processes:
            process.stop()


def _isolate_from_network() -> bool:
    """Enter an empty network namespace (no interface but a down loopback); False if the kernel says no."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    clone_newnet, clone_newuser = 0x40000000, 0x10000000
    return libc.unshare(clone_newnet) == 0 or libc.unshare(clone_newuser | clone_newnet) == 0


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)


def serve_queries(store_dir: Path, requests: IO[bytes], replies: IO[bytes]) -> None:
    """The loop of a query process: one pickled QueryRequest in, one QueryReply out, until EOF."""
    try:
        store = open_read_only(store_dir)
    except (OSError, RuntimeError) as error:  # RocksDB reports a damaged store as a RuntimeError
        _send(replies, f"{error}")
        return
    _send(replies, "ready")
    while (request := _receive_blocking(requests)) is not None:
        _send(replies, answer_safely(store, request))


def answer_safely(store: ox.Store, request: QueryRequest) -> QueryReply:
    try:
        return run_query(store, request)
    except Exception:  # a bug: logged here, reported as a server fault (500), the process lives on
        traceback.print_exc()
        return QueryReply(Outcome.FAILED, "The query could not be answered because of an internal error.")


def deep_stack_thread(target: Callable[..., None], *args: Any, name: str, daemon: bool = False) -> threading.Thread:
    """A started thread with QUERY_STACK_BYTES of stack (only the pages it uses are ever touched)."""
    previous = threading.stack_size()
    threading.stack_size(QUERY_STACK_BYTES)
    try:
        thread = threading.Thread(target=target, args=args, name=name, daemon=daemon)
        thread.start()
    finally:
        threading.stack_size(previous)
    return thread


def on_deep_stack(function: Callable[[], None]) -> None:
    """`function`, run to its end on a `deep_stack_thread`."""
    try:
        thread = deep_stack_thread(function, name="queries")
    except (RuntimeError, ValueError, MemoryError):  # no room for such a stack here: the main thread's will do
        function()
        return
    thread.join()


def child_main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "--serve-queries":
        print("usage: python -m linkeddata.store.processes --serve-queries STORE_DIR", file=sys.stderr)
        return 2
    _die_with_parent()
    if os.getppid() == 1:  # the parent died before prctl took effect
        return 0
    if not _isolate_from_network():
        print("linkeddata.store: no network namespace available; SERVICE is still refused", file=sys.stderr)
    # Replies own the real stdout; anything printed by accident goes to stderr instead.
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)

    def serve() -> None:
        with contextlib.suppress(BrokenPipeError):
            serve_queries(Path(argv[1]), sys.stdin.buffer, replies)

    with contextlib.suppress(KeyboardInterrupt):
        on_deep_stack(serve)
    return 0




