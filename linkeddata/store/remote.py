"""An existing triple store, reached only through the standard protocols.

Queries go to its SPARQL 1.1 endpoint, whole article graphs are replaced with the SPARQL 1.1 Graph Store
HTTP Protocol (one PUT per graph: the store swaps the graph as one unit) and withdrawn with DELETE.
Nothing here is specific to one server but the table of paths in `FLAVOURS`.

Credentials come from the environment (`LINKEDDATA_STORE_TOKEN`, or `LINKEDDATA_STORE_USER` and
`LINKEDDATA_STORE_PASSWORD`) or from a JSON file named by `LINKEDDATA_STORE_CONFIG`, never from the command
line; they are sent as an Authorization header and never appear in messages, logs or pages.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

TIMEOUT_SECONDS = 60.0


@dataclass(frozen=True)
class Flavour:
    """Where a server keeps its query endpoint, update endpoint and graph store, under its dataset URL."""

    name: str
    query: str
    update: str
    graph_store: str
    union_default_graph: str  # what the operator does so that a plain query sees every graph
    note: str = ""


FLAVOURS: dict[str, Flavour] = {
    flavour.name: flavour for flavour in (
        Flavour("oxigraph", "/query", "/update", "/store", "start it with `oxigraph serve --union-default-graph`"),
        Flavour("fuseki", "/sparql", "/update", "/data",
                "set `tdb2:unionDefaultGraph true` on the dataset",
                "the URL is the dataset's, e.g. http://host:3030/news"),
        Flavour("virtuoso", "/sparql", "/sparql-auth", "/sparql-graph-crud-auth",
                "add `define input:default-graph-uri` or query with FROM; Virtuoso unions by default",
                "updates need a user with SPARQL_UPDATE; the URL is the server's, e.g. http://host:8890"),
        Flavour("graphdb", "", "/statements", "/rdf-graphs/service",
                "GraphDB's default graph is the union of all graphs unless configured otherwise",
                "the URL is the repository's, e.g. http://host:7200/repositories/news"),
        Flavour("qlever", "", "", "",
                "QLever's default graph is the union of all graphs",
                "updates and the graph store need QLever's access token and a version with SPARQL Update"),
    )
}


class StoreError(RuntimeError):
    """The remote store answered with an error (`status`, and its own message in `detail`), or could not be
    reached (`status` None)."""

    def __init__(self, message: str, status: int | None = None, detail: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.detail = detail


class Answer:
    """A response of the store, not yet read: a reader sets the time it may still wait before each read."""

    def __init__(self, connection: http.client.HTTPConnection, sock: socket.socket,
                 response: http.client.HTTPResponse) -> None:
        self._connection = connection
        self._sock = sock
        self.response = response
        self.mimetype = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()

    def wait_at_most(self, seconds: float) -> None:
        self._sock.settimeout(max(seconds, 0.001))

    def close(self) -> None:
        # Closing before the end drops the connection, which is how a query the client no longer wants stops.
        self.response.close()
        self._connection.close()


def is_store_url(value: str) -> bool:
    """Whether a --store value names a remote store (an http(s) URL) rather than a folder."""
    return re.match(r"^https?://", value, re.IGNORECASE) is not None


def redact(url: str) -> str:
    """The URL without any user:password@ part, for messages."""
    return re.sub(r"//[^/@\s]*@", "//", url)


def credentials_from_environment(environ: Mapping[str, str] | None = None) -> str | None:
    """The Authorization header value for the store, from the environment or its config file."""
    env = os.environ if environ is None else environ
    settings: dict[str, str] = {}
    config = env.get("LINKEDDATA_STORE_CONFIG")
    if config:
        try:
            loaded = json.loads(Path(config).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise StoreError(f"LINKEDDATA_STORE_CONFIG={config}: cannot read it as JSON ({error.__class__.__name__})"
                             ) from None
        settings = {str(k): str(v) for k, v in loaded.items() if v is not None}
    token = env.get("LINKEDDATA_STORE_TOKEN") or settings.get("token")
    if token:
        return f"Bearer {token}"
    user = env.get("LINKEDDATA_STORE_USER") or settings.get("user")
    password = env.get("LINKEDDATA_STORE_PASSWORD") or settings.get("password")
    if user and password is not None:
        return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return None


@dataclass
class RemoteStore:
    """A SPARQL 1.1 query + update endpoint and a Graph Store Protocol endpoint."""

    query_url: str
    update_url: str
    graph_store_url: str
    authorization: str | None = field(default=None, repr=False)

    @classmethod
    def at(cls, url: str, flavour: str = "oxigraph", authorization: str | None = None) -> RemoteStore:
        if flavour not in FLAVOURS:
            raise StoreError(f"--store-flavour {flavour!r} is not one of {', '.join(FLAVOURS)}")
        if not re.match(r"^https?://", url):
            raise StoreError(f"--store {redact(url)!r} is not an http(s) URL")
        paths = FLAVOURS[flavour]
        root = url.rstrip("/")
        return cls(root + paths.query, root + paths.update, root + paths.graph_store, authorization)

    # ------------------------------------------------------------------ HTTP

    def _request(self, method: str, url: str, body: bytes | None = None, headers: Mapping[str, str] | None = None
                 ) -> bytes:
        request = urllib.request.Request(url, data=body, method=method, headers=dict(headers or {}))
        if self.authorization:
            request.add_header("Authorization", self.authorization)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            detail = error.read(2000).decode("utf-8", "replace").strip()
            raise StoreError(f"{method} {redact(url)} answered {error.code} {error.reason}: {detail}",
                             error.code, detail) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise StoreError(f"{method} {redact(url)} failed: {reason}") from None

    def _graph_url(self, graph: str) -> str:
        return f"{self.graph_store_url}?{urllib.parse.urlencode({'graph': graph})}"

    # ------------------------------------------------------------------ protocol operations

    def query(self, query: str, accept: str = "application/sparql-results+json") -> bytes:
        return self._request("POST", self.query_url, query.encode("utf-8"),
                             {"Content-Type": "application/sparql-query", "Accept": accept})

    def open_query(self, parameters: Sequence[tuple[str, str]], accept: str, timeout: float) -> Answer:
        """POST a query as a form (so that the protocol's dataset parameters go with it); the 200 answer is
        returned unread, anything else raises StoreError with the store's status and message."""
        parts = urllib.parse.urlsplit(self.query_url)
        connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        connection = connection_class(parts.hostname or "", parts.port, timeout=max(timeout, 0.001))
        target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
        if self.authorization:
            headers["Authorization"] = self.authorization
        try:
            connection.connect()
        except OSError as error:  # refused, unknown host, no route, no answer in time: unreachable
            connection.close()
            raise StoreError(f"POST {redact(self.query_url)} failed: {error}") from None
        sock = connection.sock
        try:
            connection.request("POST", target, urllib.parse.urlencode(parameters).encode("utf-8"), headers)
            response = connection.getresponse()
        except TimeoutError:  # connected, but the store is still working on it: the caller's time limit
            connection.close()
            raise
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            raise StoreError(f"POST {redact(self.query_url)} failed: {error}") from None
        if response.status != 200:
            detail = response.read(2000).decode("utf-8", "replace").strip()
            connection.close()
            raise StoreError(f"POST {redact(self.query_url)} answered {response.status} {response.reason}: {detail}",
                             response.status, detail)
        assert sock is not None
        return Answer(connection, sock, response)

    def select(self, query: str) -> list[dict[str, str]]:
        answer = json.loads(self.query(query))
        return [{name: cell["value"] for name, cell in row.items()} for row in answer["results"]["bindings"]]

    def update(self, update: str) -> None:
        self._request("POST", self.update_url, update.encode("utf-8"),
                      {"Content-Type": "application/sparql-update"})

    def put_graph(self, graph: str, turtle: bytes) -> None:
        """Replace one named graph as a unit (Graph Store Protocol PUT)."""
        self._request("PUT", self._graph_url(graph), turtle, {"Content-Type": "text/turtle; charset=utf-8"})

    def delete_graph(self, graph: str) -> None:
        try:
            self._request("DELETE", self._graph_url(graph))
        except StoreError as error:
            if " 404 " not in str(error):  # already gone is what we wanted
                raise

    def get_graph(self, graph: str) -> bytes:
        return self._request("GET", self._graph_url(graph), headers={"Accept": "application/n-triples"})

    def graphs(self, prefix: str) -> set[str]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return {row["g"] for row in rows if row.get("g", "").startswith(prefix)}


@dataclass
class PublishReport:
    replaced: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"store: {len(self.replaced)} graph(s) replaced, {len(self.kept)} unchanged, "
                f"{len(self.withdrawn)} withdrawn")


def publish(store: RemoteStore, graph_prefix: str, graphs: Iterable[tuple[str, Path, bool]]) -> PublishReport:
    """Bring the store's graphs under `graph_prefix` to those given as (graph IRI, Turtle file, changed).

    A changed graph, or one the store lacks, is PUT whole; a graph under the prefix that is no longer
    published is deleted; the rest is left alone.
    """
    report = PublishReport()
    present = store.graphs(graph_prefix)
    wanted: set[str] = set()
    for graph, turtle_file, changed in graphs:
        wanted.add(graph)
        if changed or graph not in present:
            store.put_graph(graph, turtle_file.read_bytes())
            report.replaced.append(graph)
        else:
            report.kept.append(graph)
    for graph in sorted(present - wanted):
        store.delete_graph(graph)
        report.withdrawn.append(graph)
    return report
