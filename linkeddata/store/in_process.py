"""Queries answered inside the web worker, on one long-lived thread with a deep stack.

The hop to a query process costs more than a small query does (about 0.4 ms against 0.05 ms for a
lookup), so a server that can replace a worker lets the worker evaluate. pyoxigraph releases the GIL
while it evaluates, so the request thread waits with the time limit; a query that runs past it is
abandoned, its client gets the 503, and `on_abandon` asks the server to replace this process, the only
way to stop a pyoxigraph query. From then on, and for what a worker should not evaluate, queries go to
the `QueryPool`'s processes instead:
- texts longer than `IN_PROCESS_MAX_CHARS`, whose nesting could overflow even the deep stack (a crash
  there costs a query process, not a worker with its client's connection);
- any text that spells "service" once its escapes are decoded: `refusal` refuses SERVICE before
  evaluation, and the query processes, which have no network, are the second guard.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from linkeddata.store.loading import open_read_only
from linkeddata.store.processes import QueryPool, QueryTimeout, answer_safely, deep_stack_thread
from linkeddata.store.queries import QueryReply, QueryRequest
from linkeddata.store.refusal import unescape_codepoints

log = logging.getLogger(__name__)

# At QUERY_STACK_BYTES the parser survives well over 100,000 levels of nesting; a text this long has
# fewer levels than characters.
IN_PROCESS_MAX_CHARS = 64 * 1024

_Job = tuple[QueryRequest, "queue.SimpleQueue[QueryReply]"]


class InProcessQueries:
    """Evaluates in this process, with `pool` for what it should not evaluate and for after an abandon."""

    def __init__(self, store_dir: Path, pool: QueryPool, *, on_abandon: Callable[[], None] | None = None) -> None:
        self.store_dir = Path(store_dir)
        self.pool = pool  # its time limit is this evaluator's too
        self.on_abandon = on_abandon
        self.abandoned = False  # a query still runs on the evaluator thread, past its time limit
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._evaluator: threading.Thread | None = None
        self._owner: int | None = None
        self._lock = threading.Lock()  # one query at a time on the one evaluator (threaded servers queue here)

    def start(self) -> None:
        """Open the store and start the evaluator in this process (after the server forked it)."""
        if self._owner == os.getpid() and self._evaluator is not None:
            return
        store = open_read_only(self.store_dir)
        self._jobs = queue.SimpleQueue()
        self._evaluator = deep_stack_thread(_evaluate, store, self._jobs, name="query-evaluator", daemon=True)
        self._owner, self.abandoned = os.getpid(), False

    def close(self) -> None:
        if self._evaluator is not None and self._owner == os.getpid() and not self.abandoned:
            self._jobs.put(None)
            self._evaluator.join(timeout=5)
        self._evaluator = None
        self.pool.close()

    def evaluates_here(self, request: QueryRequest) -> bool:
        if self.abandoned or len(request.text) > IN_PROCESS_MAX_CHARS:
            return False
        return "service" not in unescape_codepoints(request.text).lower()

    def run(self, request: QueryRequest, timeout: float | None = None) -> QueryReply:
        limit = self.pool.timeout if timeout is None else timeout
        if not self.evaluates_here(request):
            return self.pool.run(request, limit)
        deadline = time.monotonic() + limit
        if not self._lock.acquire(timeout=limit):
            raise QueryTimeout
        try:
            self.start()
            replies: queue.SimpleQueue[QueryReply] = queue.SimpleQueue()
            self._jobs.put((request, replies))
            try:
                return replies.get(timeout=max(deadline - time.monotonic(), 0.0))
            except queue.Empty:
                self._abandon()
                raise QueryTimeout from None
        finally:
            self._lock.release()

    def _abandon(self) -> None:
        self.abandoned = True
        log.warning("a query ran past its time limit and was abandoned; this process hands queries to query "
                    "processes until it is replaced")
        if self.on_abandon is not None:
            self.on_abandon()


def _evaluate(store: ox.Store, jobs: queue.SimpleQueue[_Job | None]) -> None:
    while (job := jobs.get()) is not None:
        request, replies = job
        replies.put(answer_safely(store, request))
