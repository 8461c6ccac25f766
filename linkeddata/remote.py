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
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
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
    """The remote store answered with an error, or could not be reached."""


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
            raise StoreError(f"{method} {redact(url)} answered {error.code} {error.reason}: {detail}") from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise StoreError(f"{method} {redact(url)} failed: {reason}") from None

    def _graph_url(self, graph: str) -> str:
        return f"{self.graph_store_url}?{urllib.parse.urlencode({'graph': graph})}"

    # ------------------------------------------------------------------ protocol operations

    def query(self, query: str, accept: str = "application/sparql-results+json") -> bytes:
        return self._request("POST", self.query_url, query.encode("utf-8"),
                             {"Content-Type": "application/sparql-query", "Accept": accept})

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
