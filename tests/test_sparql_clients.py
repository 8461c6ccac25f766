"""Real SPARQL clients against the live server: SPARQLWrapper, rdflib's SPARQLStore, roqet and curl.

roqet is only asked SELECT queries: rasqal prints an empty table for any remote ASK answer (it does
the same against `oxigraph serve-read-only`).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
import subprocess
from collections.abc import Iterator

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

from linkeddata.vocab import prologue
from tests.servers import PERSONS, LiveServer, live_server, person_iri, write_diplomacy_fixture

LABELS = prologue("schema", "rdfs") + "SELECT ?p ?label WHERE { ?p a schema:Person ; rdfs:label ?label } ORDER BY ?p"
CONSTRUCT = prologue("schema", "rdfs") + (
    "CONSTRUCT { ?p rdfs:label ?label } WHERE { ?p a schema:Person ; rdfs:label ?label }")
ASK = f"ASK {{ <{person_iri(1)}> ?p ?o }}"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("clients")
    write_diplomacy_fixture(folder / "dataset.nq")
    with live_server([folder / "dataset.nq"], folder / "store", workers=2) as live:
        yield live


# -------------------------------------------------------------------------------------- SPARQLWrapper


@pytest.mark.parametrize("method", ["GET", POST])
def test_sparqlwrapper_select_json(server: LiveServer, method: str) -> None:
    client = SPARQLWrapper(server.endpoint)
    client.setMethod(method)
    client.setQuery(LABELS)
    client.setReturnFormat(JSON)
    rows = client.queryAndConvert()["results"]["bindings"]
    assert len(rows) == PERSONS
    assert {"p": {"type": "uri", "value": person_iri(0)},
            "label": {"type": "literal", "value": "Person 0", "xml:lang": "en"}} in rows


def test_sparqlwrapper_select_xml_and_csv(server: LiveServer) -> None:
    client = SPARQLWrapper(server.endpoint)
    client.setQuery(LABELS)
    client.setReturnFormat(XML)
    document = client.queryAndConvert()
    assert len(document.getElementsByTagName("result")) == PERSONS
    client.setReturnFormat(CSV)
    rows = list(csv.reader(io.StringIO(client.queryAndConvert().decode())))
    assert rows[0] == ["p", "label"] and len(rows) == PERSONS + 1


def test_sparqlwrapper_ask(server: LiveServer) -> None:
    client = SPARQLWrapper(server.endpoint)
    client.setQuery(ASK)
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is True


@pytest.mark.parametrize("return_format", [TURTLE, XML, JSON])
def test_sparqlwrapper_construct(server: LiveServer, return_format: str) -> None:
    client = SPARQLWrapper(server.endpoint)
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(return_format)
    result = client.queryAndConvert()
    if isinstance(result, rdflib.Graph):
        graph = result
    elif isinstance(result, bytes):
        graph = rdflib.Graph().parse(data=result, format="turtle")
    else:  # JSON-LD, decoded
        graph = rdflib.Graph().parse(data=json.dumps(result), format="json-ld")
    assert len(graph) == PERSONS
    assert (rdflib.URIRef(person_iri(2)), rdflib.RDFS.label, rdflib.Literal("Person 2", lang="en")) in graph


# ------------------------------------------------------------------------------------- rdflib's store


def test_rdflib_sparqlstore(server: LiveServer) -> None:
    graph = rdflib.Graph(store=SPARQLStore(server.endpoint, returnFormat="json"))
    rows = list(graph.query(LABELS))
    assert len(rows) == PERSONS
    assert (rdflib.URIRef(person_iri(0)), rdflib.Literal("Person 0", lang="en")) in [tuple(r) for r in rows]
    assert graph.query(ASK).askAnswer is True
    labels = set(graph.objects(rdflib.URIRef(person_iri(5)), rdflib.RDFS.label))
    assert labels == {rdflib.Literal("Person 5", lang="en")}


def test_rdflib_sparqlstore_with_xml_results(server: LiveServer) -> None:
    # returnFormat="xml" is the one that accepts RDF/XML too, as CONSTRUCT needs (with "json" it only
    # accepts SPARQL JSON, and a CONSTRUCT gets 406 from any strict endpoint).
    graph = rdflib.Graph(store=SPARQLStore(server.endpoint, returnFormat="xml", method="POST"))
    assert len(list(graph.query(LABELS))) == PERSONS
    constructed = graph.query(CONSTRUCT).graph
    assert constructed is not None and len(constructed) == PERSONS


# ---------------------------------------------------------------------------------------------- roqet

needs_roqet = pytest.mark.skipif(shutil.which("roqet") is None, reason="roqet (rasqal-utils) is not installed")


@needs_roqet
@pytest.mark.parametrize("results", ["csv", "tsv", "xml"])
def test_roqet(server: LiveServer, results: str) -> None:
    run = subprocess.run(["roqet", "-q", "-p", server.endpoint, "-e", LABELS, "-r", results],
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    assert "Person 0" in run.stdout
    assert person_iri(0) in run.stdout


# ----------------------------------------------------------------------------------------------- curl

needs_curl = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")


def _curl(*arguments: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["curl", "--silent", "--show-error", *arguments], capture_output=True, timeout=60,
                          check=False)


@needs_curl
def test_curl_get_and_post(server: LiveServer) -> None:
    by_get = _curl("--get", server.endpoint, "--data-urlencode", f"query={LABELS}",
                   "-H", "Accept: application/sparql-results+json")
    by_post = _curl(server.endpoint, "--data-urlencode", f"query={LABELS}",
                    "-H", "Accept: application/sparql-results+json")
    direct = _curl(server.endpoint, "--data-binary", LABELS, "-H", "Content-Type: application/sparql-query",
                   "-H", "Accept: application/sparql-results+json")
    answers = [json.loads(run.stdout)["results"]["bindings"] for run in (by_get, by_post, direct)]
    assert answers[0] == answers[1] == answers[2]
    assert len(answers[0]) == PERSONS


@needs_curl
def test_curl_compressed_turtle(server: LiveServer) -> None:
    raw = _curl("--get", server.endpoint, "--data-urlencode", f"query={CONSTRUCT}", "-H", "Accept: text/turtle",
                "-H", "Accept-Encoding: gzip")
    graph = rdflib.Graph().parse(data=gzip.decompress(raw.stdout), format="turtle")
    assert len(graph) == PERSONS
    decoded = _curl("--compressed", "--get", server.endpoint, "--data-urlencode", f"query={CONSTRUCT}",
                    "-H", "Accept: text/turtle")
    assert len(rdflib.Graph().parse(data=decoded.stdout, format="turtle")) == PERSONS


@needs_curl
def test_curl_sees_status_and_headers(server: LiveServer) -> None:
    run = _curl("--include", "--get", server.endpoint, "--data-urlencode", "query=SELECT * {",
                "-H", "Accept: application/sparql-results+json")
    head = run.stdout.split(b"\r\n\r\n", 1)[0].decode().lower()
    assert head.startswith("http/1.1 400")
    assert "access-control-allow-origin: *" in head
    service = _curl("--include", server.endpoint, "-H", "Accept: text/turtle")
    assert b"sd:Service" in service.stdout or b"sparql-service-description#Service" in service.stdout
