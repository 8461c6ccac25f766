"""The backends the web layer reads through: the embedded store, or a remote one over the SPARQL 1.1 Protocol."""

from __future__ import annotations

import io
import itertools
import logging
import os
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterator, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from linkeddata.formats import FORMATS, Kind
from linkeddata.store.diagnosis import explain_syntax_error, undefined_prefixes
from linkeddata.store.in_process import InProcessQueries
from linkeddata.store.loading import open_read_only
from linkeddata.store.processes import QueryPool, QueryTimeout
from linkeddata.store.queries import (
    Outcome,
    QueryForm,
    QueryReply,
    QueryRequest,
    reply_to,
)
from linkeddata.store.refusal import refusal

log = logging.getLogger(__name__)

# The web layer reads through one backend: the endpoint's queries (`run`, with the time limit, the result
# cap and the refusals) and the resource pages' lookups (`triples`, `select`, the graphs). The embedded
# store answers in this process (see `in_process`) or its query processes; a remote store over the SPARQL 1.1 Protocol,
# holding no state between requests, so that any number of web workers or app instances share it.

Term = ox.NamedNode | ox.BlankNode | ox.Literal
TermPattern = Term | Collection[Term] | None  # one term, any of several, or anything


class StoreUnavailable(Exception):
    """The store could not be reached or would not answer; the message is safe to show (no credentials)."""


class QueryBackend(ABC):
    """Where the web layer reads."""

    @abstractmethod
    def start(self) -> None:
        """Get ready for requests (a server worker calls this once it is forked)."""

    @abstractmethod
    def close(self) -> None:
        """Let go of processes and connections."""

    @abstractmethod
    def run(self, request: QueryRequest, timeout: float | None = None) -> QueryReply:
        """A query of the endpoint; raises QueryTimeout, QueryProcessFailed or StoreUnavailable."""

    @abstractmethod
    def select(self, query: str, *, prefixes: Mapping[str, str] | None = None,
               bindings: Mapping[str, Term] | None = None) -> list[ox.QuerySolution]:
        """A fixed SELECT of the pages; `bindings` fix projected variables, values never go into the text."""

    @abstractmethod
    def triples(self, subject: TermPattern = None, predicate: TermPattern = None, obj: TermPattern = None, *,
                limit: int | None = None) -> Iterator[ox.Triple]:
        """Triples of the default graph (the union of the article graphs) matching the pattern."""

    @abstractmethod
    def graphs_of(self, subject: ox.NamedNode) -> list[str]:
        """The named graphs holding triples about `subject`, sorted."""

    @abstractmethod
    def contains_named_graph(self, graph: ox.NamedNode) -> bool: ...

    @abstractmethod
    def graph_triples(self, graph: ox.NamedNode) -> list[ox.Triple]: ...


def _alternatives(pattern: TermPattern) -> list[Term] | None:
    if pattern is None:
        return None
    if isinstance(pattern, ox.NamedNode | ox.BlankNode | ox.Literal):
        return [pattern]
    return list(pattern)


def matching(store: ox.Store, subject: TermPattern = None, predicate: TermPattern = None, obj: TermPattern = None,
             ) -> Iterator[ox.Triple]:
    """Triples of a pyoxigraph store's default graph matching a pattern of alternatives."""
    choices = [_alternatives(pattern) for pattern in (subject, predicate, obj)]
    for s, p, o in itertools.product(*([None] if terms is None else terms for terms in choices)):
        for quad in store.quads_for_pattern(s, p, o, ox.DefaultGraph()):
            yield quad.triple


class EmbeddedBackend(QueryBackend):
    """The pyoxigraph store of a build: pages on a read-only handle here; the endpoint's queries in the
    `QueryPool`'s processes, or, `in_process`, on this process's evaluator (see `InProcessQueries`)."""

    def __init__(self, store_dir: Path, *, size: int = 1, timeout: float = 10.0, in_process: bool = False) -> None:
        self.store_dir = Path(store_dir)
        self.pool = QueryPool(self.store_dir, size=size, timeout=timeout)
        self.queries: QueryPool | InProcessQueries = (
            InProcessQueries(self.store_dir, self.pool) if in_process else self.pool
        )
        self._store: ox.Store | None = None
        self._store_pid: int | None = None

    @property
    def store(self) -> ox.Store:
        # Opened on first use in each process: a server that forks its workers gives each its own handle.
        if self._store is None or self._store_pid != os.getpid():
            self._store = open_read_only(self.store_dir)
            self._store_pid = os.getpid()
        return self._store

    def start(self) -> None:
        # In-process, the query processes start only if a query needs one.
        self.queries.start()

    def close(self) -> None:
        self.queries.close()

    def run(self, request: QueryRequest, timeout: float | None = None) -> QueryReply:
        return self.queries.run(request, timeout)

    def when_abandoned(self, callback: Callable[[], None]) -> None:
        """Call `callback` when a query evaluated in this process runs past its limit (it cannot be stopped)."""
        if isinstance(self.queries, InProcessQueries):
            self.queries.on_abandon = callback

    @property
    def abandoned(self) -> bool:
        """Whether a query abandoned at its time limit still runs in this process."""
        return isinstance(self.queries, InProcessQueries) and self.queries.abandoned

    def select(self, query: str, *, prefixes: Mapping[str, str] | None = None,
               bindings: Mapping[str, Term] | None = None) -> list[ox.QuerySolution]:
        substitutions = {ox.Variable(name): value for name, value in (bindings or {}).items()}
        return list(self.store.query(query, prefixes=dict(prefixes or {}), substitutions=substitutions))

    def triples(self, subject: TermPattern = None, predicate: TermPattern = None, obj: TermPattern = None, *,
                limit: int | None = None) -> Iterator[ox.Triple]:
        yield from itertools.islice(matching(self.store, subject, predicate, obj), limit)

    def graphs_of(self, subject: ox.NamedNode) -> list[str]:
        return sorted({quad.graph_name.value for quad in self.store.quads_for_pattern(subject, None, None)
                       if isinstance(quad.graph_name, ox.NamedNode)})

    def contains_named_graph(self, graph: ox.NamedNode) -> bool:
        return bool(self.store.contains_named_graph(graph))

    def graph_triples(self, graph: ox.NamedNode) -> list[ox.Triple]:
        return [quad.triple for quad in self.store.quads_for_pattern(None, None, None, graph)]


# What a remote store is asked for: formats read back losslessly and as a stream, so that the cap, the
# negotiation and the serialisation are this module's, and the answers the same bytes as the embedded store's.
_REMOTE_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.5"


class _DeadlineReader(io.RawIOBase):
    """The body of a store's answer, read within a deadline (the same time limit as the embedded store)."""

    def __init__(self, answer: Any, deadline: float) -> None:
        self.answer = answer
        self.deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise QueryTimeout
        self.answer.wait_at_most(remaining)
        try:
            return int(self.answer.response.readinto(buffer))
        except TimeoutError:
            raise QueryTimeout from None


def _sparql_term(term: Term) -> str:
    """A term in SPARQL syntax: pyoxigraph's N-Triples form, which escapes whatever a value holds."""
    return str(term)


class RemoteBackend(QueryBackend):
    """A SPARQL 1.1 endpoint elsewhere (`linkeddata.store.remote.RemoteStore`); nothing kept between requests.

    Blank nodes cannot be named in a query to another server, so the pages follow none there (the
    builds mint IRIs for everything they publish).
    """

    def __init__(self, remote: Any, *, timeout: float = 10.0) -> None:
        from linkeddata.store.remote import redact

        self.remote = remote
        self.timeout = timeout
        self.where = redact(remote.query_url)

    def start(self) -> None:
        """Nothing to start: every request opens its own connection."""

    def close(self) -> None:
        """Nothing held between requests."""

    def _open(self, parameters: list[tuple[str, str]], accept: str, deadline: float) -> Any:
        from linkeddata.store.remote import StoreError

        try:
            return self.remote.open_query(parameters, accept, deadline - time.monotonic())
        except TimeoutError:
            raise QueryTimeout from None
        except StoreError as error:
            if error.status is None:
                raise StoreUnavailable(f"The triple store at {self.where} cannot be reached.") from None
            if error.status == 400:
                raise _StoreRefused(error.detail or "The store found the query malformed.") from None
            log.error("the store at %s answered %s: %s", self.where, error.status, error.detail[:500])
            if error.status in (401, 403, 407):
                raise StoreUnavailable(f"The triple store at {self.where} refused access (HTTP {error.status}): "
                                       "check the credentials this server was started with.") from None
            raise StoreUnavailable(f"The triple store at {self.where} failed (HTTP {error.status}).") from None

    # ---- the endpoint

    def run(self, request: QueryRequest, timeout: float | None = None) -> QueryReply:
        reason = refusal(request.text)
        if reason:
            return QueryReply(Outcome.REFUSED, reason)
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        parameters = [("query", request.text)]
        parameters += [("default-graph-uri", iri) for iri in request.default_graph_uris]
        parameters += [("named-graph-uri", iri) for iri in request.named_graph_uris]
        try:
            answer = self._open(parameters, _REMOTE_ACCEPT, deadline)
        except _StoreRefused as refused:
            if undefined_prefixes(request.text):
                return QueryReply(Outcome.MALFORMED, explain_syntax_error(request.text, f"(the store) {refused}"))
            return QueryReply(Outcome.MALFORMED, f"Malformed query (the store says): {refused}")
        try:
            return self._reply(request, answer, deadline)
        finally:
            answer.close()

    def _reply(self, request: QueryRequest, answer: Any, deadline: float) -> QueryReply:
        sent = next((f for f in FORMATS if f.media_type == answer.mimetype and f.oxigraph), None)
        if sent is None:
            raise StoreUnavailable(f"The triple store at {self.where} answered in a format this server does not "
                                   f"read ({answer.mimetype or 'no Content-Type'}).")
        body = io.BufferedReader(_DeadlineReader(answer, deadline), 1 << 16)
        result: Any
        if Kind.RESULTS in sent.kinds:
            result = ox.parse_query_results(body, format=getattr(ox.QueryResultsFormat, sent.oxigraph or "JSON"))
            form = QueryForm.ASK if isinstance(result, ox.QueryBoolean) else QueryForm.SELECT
        else:
            result = (quad.triple for quad in ox.parse(body, format=getattr(ox.RdfFormat, sent.oxigraph or "")))
            form = QueryForm.GRAPH
        try:
            return reply_to(request, result, form)
        except SyntaxError as error:
            log.error("the store at %s sent an unreadable answer: %s", self.where, error)
            raise StoreUnavailable(f"The triple store at {self.where} sent an answer that could not be read."
                                   ) from None
        except OSError as error:
            raise StoreUnavailable(f"The connection to the triple store at {self.where} failed: "
                                   f"{error.__class__.__name__}.") from None

    # ---- the pages

    def _solutions(self, query: str) -> list[ox.QuerySolution]:
        deadline = time.monotonic() + self.timeout
        try:
            answer = self._open([("query", query)], "application/sparql-results+json", deadline)
        except _StoreRefused as refused:  # our own fixed queries: a bug, or a store that reads SPARQL otherwise
            raise StoreUnavailable(f"The triple store at {self.where} refused a query of this server: {refused}"
                                   ) from None
        try:
            body = io.BufferedReader(_DeadlineReader(answer, deadline), 1 << 16)
            result = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            if isinstance(result, ox.QueryBoolean):
                return []
            return list(result)
        except (SyntaxError, OSError) as error:
            raise StoreUnavailable(f"The triple store at {self.where} sent an answer that could not be read "
                                   f"({error.__class__.__name__}).") from None
        finally:
            answer.close()

    def select(self, query: str, *, prefixes: Mapping[str, str] | None = None,
               bindings: Mapping[str, Term] | None = None) -> list[ox.QuerySolution]:
        prologue = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in (prefixes or {}).items())
        # A trailing VALUES clause fixes the projected variables as pyoxigraph's substitutions do.
        values = "".join(f"\nVALUES ?{ox.Variable(name).value} {{ {_sparql_term(term)} }}"
                         for name, term in (bindings or {}).items())
        return self._solutions(prologue + query + values)

    def triples(self, subject: TermPattern = None, predicate: TermPattern = None, obj: TermPattern = None, *,
                limit: int | None = None) -> Iterator[ox.Triple]:
        clauses = []
        for variable, pattern in (("s", subject), ("p", predicate), ("o", obj)):
            terms = _alternatives(pattern)
            if terms is None:
                continue
            terms = [t for t in terms if not isinstance(t, ox.BlankNode)]
            if not terms:
                return
            clauses.append(f"VALUES ?{variable} {{ {' '.join(_sparql_term(t) for t in terms)} }}")
        query = f"SELECT ?s ?p ?o WHERE {{ {' '.join(clauses)} ?s ?p ?o }}"
        if limit is not None:
            query += f" LIMIT {int(limit)}"
        for row in self._solutions(query):
            yield ox.Triple(row["s"], row["p"], row["o"])

    def default_graph_is_union(self, samples: int = 3) -> bool:
        """Whether a query without GRAPH sees the named graphs' triples, as the web layer assumes: a few
        triples of a named graph are looked for in the default graph (cheap on any store). A store
        without named graphs has nothing to miss."""
        rows = self._solutions("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER (!isBlank(?s) && !isBlank(?o)) } "
                               f"LIMIT {int(samples)}")
        for row in rows:
            triple = f"{_sparql_term(row['s'])} {_sparql_term(row['p'])} {_sparql_term(row['o'])}"
            if not self._solutions(f"SELECT (1 AS ?found) WHERE {{ {triple} }} LIMIT 1"):
                return False
        return True

    def graphs_of(self, subject: ox.NamedNode) -> list[str]:
        rows = self._solutions(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {_sparql_term(subject)} ?p ?o }} }}")
        return sorted(row["g"].value for row in rows if isinstance(row["g"], ox.NamedNode))

    def contains_named_graph(self, graph: ox.NamedNode) -> bool:
        return bool(self._solutions(f"SELECT ?s WHERE {{ GRAPH {_sparql_term(graph)} {{ ?s ?p ?o }} }} LIMIT 1"))

    def graph_triples(self, graph: ox.NamedNode) -> list[ox.Triple]:
        rows = self._solutions(f"SELECT ?s ?p ?o WHERE {{ GRAPH {_sparql_term(graph)} {{ ?s ?p ?o }} }}")
        return [ox.Triple(row["s"], row["p"], row["o"]) for row in rows]


class _StoreRefused(Exception):
    """The store answered 400: the query is malformed in its eyes; the message is the store's."""
