"""A crawl by format: for every kind of resource of the hand-made build, every RDF format of its data, fetched
by every client (rdflib over HTTP with its own Accept, Debian's rapper, plain HTTP with each media type) from
the live server, and round-tripped: each gives the same graph.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph

from linkeddata.formats import Format, Kind, offers
from tests.servers import LiveServer, live_server

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib on its own ConjunctiveGraph

KINDS = ("person", "post", "country", "organization", "place", "event", "topic", "article")
SINGLE = ("ontology", "shapes", "dataset")
FORMATS: list[Format] = offers(Kind.GRAPH, html=False)
# raptor's parser names (it reads no JSON-LD).
RAPPER = {"turtle": "turtle", "ntriples": "ntriples", "rdfxml": "rdfxml", "trig": "trig", "nquads": "nquads"}


@pytest.fixture(scope="module")
def server(handmade_build: Path) -> Iterator[LiveServer]:
    with live_server([handmade_build], handmade_build / "store", workers=2) as live:
        yield live


@pytest.fixture(scope="module")
def base(handmade_build: Path) -> str:
    return str(json.loads((handmade_build / "manifest.json").read_text(encoding="utf-8"))["base_uri"])


@pytest.fixture(scope="module")
def paths(server: LiveServer, base: str) -> dict[str, str]:
    """One served identifier path per kind of resource, found in the store."""
    status, _, body = server.query("SELECT DISTINCT ?s WHERE { { ?s ?p ?o } UNION { GRAPH ?s { } } "
                                   "FILTER (isIRI(?s)) }")
    assert status == 200
    found: dict[str, str] = {}
    for row in json.loads(body)["results"]["bindings"]:
        iri = row["s"]["value"]
        if iri.startswith(base) and "#" not in iri:
            rest = iri[len(base):]
            parts = rest.split("/")
            kind = parts[1] if parts[0] == "id" and len(parts) >= 3 else "graph" if parts[0] == "graph" else None
            if kind is not None:
                found.setdefault(kind, "/" + rest)
    found.update({name: f"/{name}" for name in SINGLE})
    assert set(KINDS) | {"graph"} <= set(found), sorted(found)
    return found


def _fetch(url: str, accept: str) -> tuple[str, bytes, str]:
    """(final URL, body, media type) of a GET that follows the 303."""
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": accept}), timeout=60) as answer:
        return answer.geturl(), answer.read(), answer.headers.get_content_type()


def isomorphic(first: Graph, second: Graph) -> bool:
    """The same graph but for the names of blank nodes (Oxigraph's canonical form: rdflib's own compare takes
    minutes over the shapes' hundreds of blank nodes)."""
    return _canonical(first) == _canonical(second)


def _canonical(graph: Graph) -> set[str]:
    dataset = ox.Dataset(ox.parse(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(quad) for quad in dataset}


def _about_the_resource(graph: Graph, base: str) -> Graph:
    """The graph less the few triples about the document itself, whose IRI is that of the format's file."""
    documents = base + "data/"
    kept = Graph()
    for triple in graph:
        if not str(triple[0]).startswith(documents):
            kept.add(triple)
    return kept


def _graph(body: bytes, fmt: Format) -> Graph:
    if Kind.DATASET in fmt.kinds and fmt.name != "jsonld":
        dataset = Dataset()
        dataset.parse(data=body, format=fmt.rdflib)
        merged = Graph()
        for graph in dataset.graphs():
            for triple in graph:
                merged.add(triple)
        return merged
    return Graph().parse(data=body, format=fmt.rdflib)


def test_every_kind_in_every_format_with_every_client_gives_one_graph(server: LiveServer, paths: dict[str, str],
                                                                      base: str) -> None:
    root = f"http://127.0.0.1:{server.port}"
    rapper = shutil.which("rapper")
    checked = 0
    for kind, path in sorted(paths.items()):
        reference = None
        for fmt in FORMATS:
            url, body, media_type = _fetch(root + path, fmt.media_type)
            assert media_type == fmt.media_type, (kind, fmt.name, media_type)
            assert url.endswith(f".{fmt.extension}"), (kind, fmt.name, url)
            graph = _about_the_resource(_graph(body, fmt), base)
            assert len(graph) > 0, (kind, fmt.name)
            if reference is None:
                reference = graph
            assert isomorphic(graph, reference), f"{kind} in {fmt.name} is not the graph of the other formats"
            # rdflib as a client: it dereferences the document itself, with its own Accept.
            assert isomorphic(_about_the_resource(_graph_by_rdflib(url, fmt), base), reference), \
                (kind, fmt.name, "rdflib")
            if rapper and fmt.name in RAPPER:
                run = subprocess.run([rapper, "-q", "-i", RAPPER[fmt.name], "-o", "ntriples", url],
                                     capture_output=True, timeout=60, check=False)
                assert run.returncode == 0, (kind, fmt.name, run.stderr[-500:])
                by_rapper = _about_the_resource(Graph().parse(data=run.stdout, format="nt"), base)
                assert isomorphic(by_rapper, reference), (kind, fmt.name, "rapper")
            checked += 1
    assert checked == len(paths) * len(FORMATS)


def _graph_by_rdflib(url: str, fmt: Format) -> Graph:
    if Kind.DATASET in fmt.kinds and fmt.name != "jsonld":
        dataset = Dataset()
        dataset.parse(url, format=fmt.rdflib)
        merged = Graph()
        for graph in dataset.graphs():
            for triple in graph:
                merged.add(triple)
        return merged
    return Graph().parse(url, format=fmt.rdflib)
