"""Clients as they are: what SPARQLWrapper, rdflib's SPARQLStore, roqet, Jena's rsparql and Comunica send,
answered as Fuseki or Oxigraph would, against the live server (gunicorn) on a small invented dataset.

- repeated `format`/`output` parameters are taken when they name the same format;
- a format of the other family (a results type for a CONSTRUCT, an RDF type for a SELECT) gets the form's
  default (Turtle, SPARQL JSON), as from Fuseki, rather than a 406; `application/json` is JSON-LD for a
  graph and `text/n3` is Turtle;
- an undefined prefix or an unknown function is a 400 that names it;
- the query form POSTs, and result pages link our identifiers to the server that shows them.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import urllib.parse
import warnings
from collections.abc import Iterator
from pathlib import Path
from xml.dom.minidom import Document

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDF, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from tests import jena
from tests.servers import BASE, PERSONS, SCHEMA, LiveServer, live_server, person_iri, write_diplomacy_fixture

PERSON = f"<{SCHEMA}Person>"
SELECT = f"SELECT ?p WHERE {{ ?p a {PERSON} }} ORDER BY ?p LIMIT 3"
ASK = f"ASK {{ <{person_iri(1)}> a {PERSON} }}"
CONSTRUCT = f"CONSTRUCT {{ ?p a {PERSON} }} WHERE {{ ?p a {PERSON} }}"
DESCRIBE = f"DESCRIBE <{person_iri(1)}>"
FORMS = {"SELECT": SELECT, "ASK": ASK, "CONSTRUCT": CONSTRUCT, "DESCRIBE": DESCRIBE}
RETURN_FORMATS = {"JSON": JSON, "XML": XML, "TURTLE": TURTLE, "N3": N3, "RDF": RDF, "RDFXML": RDFXML, "CSV": CSV,
                  "TSV": TSV, "JSONLD": JSONLD}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("clients-as-they-are")
    write_diplomacy_fixture(folder / "dataset.nq")
    with live_server([folder / "dataset.nq"], folder / "store", workers=2, extra=["--base-uri", BASE]) as live:
        yield live


def _get(server: LiveServer, pairs: list[tuple[str, str]], accept: str | None = None) -> tuple[int, dict, bytes]:
    headers = {"Accept": accept} if accept else {}
    return server.request("GET", "/sparql?" + urllib.parse.urlencode(pairs), headers=headers)


# ------------------------------------------------------------------------------------------ protocol


def test_repeated_format_parameters_that_agree_are_taken(server: LiveServer) -> None:
    status, headers, body = _get(server, [("query", CONSTRUCT), ("format", "json-ld"),
                                          ("format", "application/ld+json,application/x-json+ld"),
                                          ("output", "json-ld"), ("format", "")])
    assert status == 200 and headers["content-type"].startswith("application/ld+json")
    assert len(rdflib.Graph().parse(data=body, format="json-ld")) == PERSONS
    status, headers, _ = _get(server, [("query", SELECT), ("format", "tsv"), ("format", "text/tab-separated-values")])
    assert status == 200 and headers["content-type"].startswith("text/tab-separated-values")


def test_repeated_format_parameters_that_disagree_are_refused_by_name(server: LiveServer) -> None:
    status, _, body = _get(server, [("query", SELECT), ("format", "csv"), ("format", "turtle")])
    assert status == 400
    assert b"'csv'" in body and b"'turtle'" in body


@pytest.mark.parametrize("accept", ["application/sparql-results+xml", "application/sparql-results+json", "text/csv"])
def test_a_graph_asked_with_a_results_type_comes_in_turtle(server: LiveServer, accept: str) -> None:
    status, headers, body = _get(server, [("query", CONSTRUCT)], accept)
    assert status == 200 and headers["content-type"] == "text/turtle; charset=utf-8"
    assert len(rdflib.Graph().parse(data=body, format="turtle")) == PERSONS


def test_results_asked_in_an_rdf_format_come_as_sparql_json(server: LiveServer) -> None:
    status, headers, body = _get(server, [("query", SELECT), ("format", "turtle")])
    assert status == 200 and headers["content-type"].startswith("application/sparql-results+json")
    assert len(json.loads(body)["results"]["bindings"]) == 3
    assert _get(server, [("query", CONSTRUCT)], "image/png")[0] == 406  # nothing SPARQL at all: still 406


def test_application_json_and_text_n3_as_common_servers_take_them(server: LiveServer) -> None:
    status, headers, body = _get(server, [("query", CONSTRUCT)], "application/json")
    assert status == 200 and headers["content-type"].startswith("application/ld+json")
    assert len(rdflib.Graph().parse(data=body, format="json-ld")) == PERSONS
    status, headers, body = _get(server, [("query", SELECT)], "application/json")
    assert status == 200 and headers["content-type"].startswith("application/sparql-results+json")
    status, headers, body = _get(server, [("query", CONSTRUCT)], "text/n3")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    status, headers, _ = server.request("GET", "/id/person/p1", headers={"Accept": "application/json"})
    assert status == 303 and headers["location"].endswith(".jsonld")
    status, headers, _ = server.request("GET", "/id/person/p1", headers={"Accept": "text/n3"})
    assert status == 303 and headers["location"].endswith(".ttl")


@pytest.mark.parametrize(("query", "named"), [
    ("SELECT * WHERE { ?s ex:knows ?o }", "'ex:'"),
    ("PREFIX schema: <https://schema.org/>\nSELECT * WHERE { ?s a schema:Person ; dip:participant ?o }", "'dip:'"),
    ('SELECT * WHERE { ?s ?p ?o . ?o bif:contains "minister" }', "'bif:'"),
])
def test_an_undefined_prefix_is_named(server: LiveServer, query: str, named: str) -> None:
    status, _, body = _get(server, [("query", query)], "text/plain")
    assert status == 400
    text = body.decode()
    assert f"undefined prefix {named}" in text
    assert "expected one of" not in text  # not the parser's list of every token it could have read
    if named == "'dip:'":
        assert "PREFIX dip: <https://w3id.org/linkeddata-diplomacy/ontology#>" in text


@pytest.mark.parametrize(("query", "named"), [
    ("SELECT (<urn:fn>(1) AS ?x) WHERE {}", "<urn:fn>"),
    ('PREFIX bif: <bif:>\nSELECT * WHERE { ?s ?p ?o FILTER (bif:contains(?o, "minister")) }', "<bif:contains>"),
])
def test_an_unknown_function_is_a_400_that_names_it(server: LiveServer, query: str, named: str) -> None:
    status, _, body = _get(server, [("query", query)], "text/plain")
    assert status == 400, body
    assert f"Unknown function {named}" in body.decode()
    status, _, _ = _get(server, [("query", SELECT)])
    assert status == 200  # and the server goes on


def test_the_query_form_posts_and_a_long_query_runs(server: LiveServer) -> None:
    status, _, page = server.request("GET", "/sparql", headers={"Accept": "text/html"})
    assert status == 200 and b'<form method="post"' in page
    padding = "\n".join(f"# a comment line {n:04d} that makes the query long" for n in range(150))
    long_query = f"{padding}\n{SELECT}"
    assert len(long_query.encode()) > 6000
    body = urllib.parse.urlencode({"query": long_query, "format": "html"}).encode()
    status, headers, page = server.request("POST", "/sparql", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"})
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b'<form method="post"' in page  # run again, by POST too


def test_result_pages_link_our_identifiers_to_this_server(server: LiveServer) -> None:
    status, _, page = _get(server, [("query", SELECT)], "text/html")
    assert status == 200
    text = page.decode()
    assert f'href="/id/person/p{sorted(range(PERSONS), key=str)[0]}"' in text
    assert f'href="{BASE}id/' not in text  # never to the build's base URI, which may not be this server
    assert f">{BASE}id/person/" in text  # the identifier itself is what the cell shows


# ------------------------------------------------------------------------------------- SPARQLWrapper


def _check_converted(form: str, converted: object, content_type: str) -> None:
    if form == "SELECT":
        if isinstance(converted, dict):
            assert len(converted["results"]["bindings"]) == 3
        elif isinstance(converted, Document):
            assert len(converted.getElementsByTagName("result")) == 3
        else:
            assert isinstance(converted, bytes)
            assert len(list(csv.reader(io.StringIO(converted.decode()), delimiter="\t" if "tab" in content_type
                                       else ","))) == 4
    elif form == "ASK":
        if isinstance(converted, dict):
            assert converted["boolean"] is True
        elif isinstance(converted, Document):
            assert converted.getElementsByTagName("boolean")[0].firstChild.data == "true"
        else:
            assert isinstance(converted, bytes) and b"true" in converted
    else:
        graph = converted if isinstance(converted, rdflib.Graph) else rdflib.Graph().parse(
            data=converted if isinstance(converted, bytes) else json.dumps(converted),
            format={"text/turtle": "turtle", "application/ld+json": "json-ld"}[content_type])
        assert len(graph) == (PERSONS if form == "CONSTRUCT" else len(graph)) and len(graph) > 0
        assert any(s == rdflib.URIRef(person_iri(1)) for s in graph.subjects())


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("return_format", sorted(RETURN_FORMATS))
@pytest.mark.parametrize("form", sorted(FORMS))
def test_sparqlwrapper_every_return_format_for_every_form(server: LiveServer, form: str, return_format: str,
                                                         method: str) -> None:
    client = SPARQLWrapper(server.endpoint)
    client.setQuery(FORMS[form])
    client.setReturnFormat(RETURN_FORMATS[return_format])
    client.setMethod(method)
    with warnings.catch_warnings():
        # SPARQLWrapper warns when asked for a format the query form has not (TURTLE for a SELECT).
        warnings.simplefilter("ignore", RuntimeWarning)
        result = client.query()
        content_type = result.response.headers["Content-Type"].split(";")[0]
        converted = result.convert()
    _check_converted(form, converted, content_type)


# --------------------------------------------------------------------------------- rdflib SPARQLStore


@pytest.mark.parametrize("return_format", ["json", "xml", "csv"])
def test_rdflib_sparqlstore_every_form(server: LiveServer, return_format: str) -> None:
    graph = rdflib.Graph(store=SPARQLStore(server.endpoint, returnFormat=return_format))
    assert len(list(graph.query(SELECT))) == 3
    if return_format != "csv":  # rdflib reads no boolean from CSV
        assert graph.query(ASK).askAnswer is True
    constructed = graph.query(CONSTRUCT).graph
    assert constructed is not None and len(constructed) == PERSONS
    described = graph.query(DESCRIBE).graph
    assert described is not None and (rdflib.URIRef(person_iri(1)), None, None) in described


# --------------------------------------------------------------------------------------------- roqet

needs_roqet = pytest.mark.skipif(shutil.which("roqet") is None, reason="roqet (rasqal-utils) is not installed")
ROQET_ACCEPT = "application/sparql-results+xml"  # what roqet sends for every query


@needs_roqet
@pytest.mark.parametrize("results", ["simple", "xml", "csv", "tsv", "turtle", "rdfxml"])
def test_roqet_select_in_every_output(server: LiveServer, results: str) -> None:
    run = subprocess.run(["roqet", "-q", "-p", server.endpoint, "-e", SELECT, "-r", results],
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    assert person_iri(0) in run.stdout or person_iri(1) in run.stdout


@needs_roqet
def test_roqets_construct_is_answered_in_turtle(server: LiveServer) -> None:
    # rasqal reads every remote answer as SPARQL XML results, so roqet itself cannot show a remote graph
    # (from any server); what it asks for is answered, not refused: Turtle, as from Fuseki.
    status, headers, body = _get(server, [("query", CONSTRUCT)], ROQET_ACCEPT)
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert len(rdflib.Graph().parse(data=body, format="turtle")) == PERSONS
    run = subprocess.run(["roqet", "-q", "-p", server.endpoint, "-e", CONSTRUCT], capture_output=True, text=True,
                         timeout=60, check=False)
    assert "406" not in run.stderr and "Not Acceptable" not in run.stderr


# ------------------------------------------------------------------------------------- Jena rsparql


@pytest.mark.parametrize(("form", "results", "expected"), [
    ("SELECT", "json", person_iri(0)),
    ("SELECT", "xml", person_iri(0)),
    ("SELECT", "csv", person_iri(0)),
    ("SELECT", "text", person_iri(0)),
    ("ASK", "text", "Yes"),
    ("CONSTRUCT", "ttl", person_iri(1)),
    # Not jsonld: Debian's Jena lacks a JSON-P implementation for its JSON-LD writer (a client-side gap).
    ("CONSTRUCT", "RDF/XML", person_iri(1)),
    ("DESCRIBE", "nt", person_iri(1)),
])
def test_jena_rsparql(server: LiveServer, tmp_path: Path, form: str, results: str, expected: str) -> None:
    run = jena.run(tmp_path, "arq.rsparql", "--service", server.endpoint, "--results", results, FORMS[form])
    assert run.returncode == 0, run.stderr[-2000:]
    assert expected in run.stdout, run.stdout[-2000:]
    if form in ("CONSTRUCT", "DESCRIBE"):
        graph = rdflib.Graph().parse(data=run.stdout, format={"ttl": "turtle", "RDF/XML": "xml", "nt": "nt"}[results])
        assert (rdflib.URIRef(person_iri(1)), rdflib.RDF.type, rdflib.URIRef(f"{SCHEMA}Person")) in graph


# ------------------------------------------------------------------------------------------ Comunica

COMUNICA_PACKAGE = Path("@comunica") / "query-sparql"


def comunica_binary() -> Path:
    """comunica-sparql from `@comunica/query-sparql` as .ci/run installs it (LINKEDDATA_NODE_MODULES, else
    ~/.cache/linkeddata/node/node_modules), on the machine's node; a clean skip where either is missing."""
    modules = Path(os.environ.get("LINKEDDATA_NODE_MODULES")
                   or Path.home() / ".cache" / "linkeddata" / "node" / "node_modules")
    binary = modules / ".bin" / "comunica-sparql"
    if shutil.which("node") is None or not (modules / COMUNICA_PACKAGE).is_dir() or not binary.exists():
        pytest.skip(f"Comunica (@comunica/query-sparql from npm) is not installed under {modules}")
    return binary


@pytest.mark.parametrize("form", sorted(FORMS))
def test_comunica(server: LiveServer, form: str) -> None:
    run = subprocess.run([str(comunica_binary()), f"sparql@{server.endpoint}", FORMS[form]], capture_output=True,
                         text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    if form == "SELECT":
        assert len(json.loads(run.stdout)) == 3
    elif form == "ASK":
        assert run.stdout.strip() == "true"
    else:
        graph = rdflib.Graph().parse(data=run.stdout, format="turtle")  # N-Triples-like Turtle ("a")
        assert (rdflib.URIRef(person_iri(1)), rdflib.RDF.type, rdflib.URIRef(f"{SCHEMA}Person")) in graph
