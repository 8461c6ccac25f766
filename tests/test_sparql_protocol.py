"""The SPARQL 1.1 Protocol of /sparql, through Flask's test client (the live server has its own tests)."""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from flask import Flask
from flask.testing import FlaskClient

from linkeddata.serve.server import app_config, configure_parser
from linkeddata.store import StoreInfo, build_store
from linkeddata.vocab import prologue
from linkeddata.web import create_app
from tests.rdf_documents import parse_rdf
from tests.servers import BASE, HOSTILE_LABEL, MEETINGS, PERSONS, graph_iri, person_iri, write_diplomacy_fixture

JSON = "application/sparql-results+json"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SRX = "{http://www.w3.org/2005/sparql-results#}"
PREFIXES = prologue("dip", "schema", "rdfs")
PERSON_LABELS = PREFIXES + "SELECT ?p ?label WHERE { ?p a schema:Person ; rdfs:label ?label } ORDER BY ?p"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("protocol")
    data = folder / "dataset.nq"
    written = write_diplomacy_fixture(data)
    assert build_store([data], folder / "store") == written
    return folder / "store"


def _app(store_dir: Path, **settings: object) -> Iterator[Flask]:
    app = create_app({"STORE_DIR": store_dir, "BASE_URI": BASE, "QUERY_TIMEOUT": 5, **settings})
    yield app
    app.extensions["linkeddata"].close()


@pytest.fixture(scope="module")
def app(store_dir: Path) -> Iterator[Flask]:
    yield from _app(store_dir)


@pytest.fixture(scope="module")
def capped_app(store_dir: Path) -> Iterator[Flask]:
    yield from _app(store_dir, RESULT_LIMIT=5, MAX_REQUEST_BYTES=2_000)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def bindings(body: bytes) -> list[dict[str, str]]:
    return [{k: v["value"] for k, v in row.items()} for row in json.loads(body)["results"]["bindings"]]


# ------------------------------------------------------------------------------------------ store


def test_store_records_its_dataset(store_dir: Path) -> None:
    info = StoreInfo.read(store_dir)
    assert info.graphs == MEETINGS // 3 + 1
    assert info.union_triples < info.statements  # persons recur across article graphs: the union is a set
    assert len(info.version) == 64


def test_build_store_keeps_turtle_files_in_their_own_graph(tmp_path: Path) -> None:
    turtle = tmp_path / "extra.ttl"
    turtle.write_text('<https://example.org/a> <https://example.org/p> "x" .\n', encoding="utf-8")
    assert build_store([turtle], tmp_path / "store") == 1
    app = create_app({"STORE_DIR": tmp_path / "store"})
    try:
        response = app.test_client().get("/sparql", query_string={"query": "SELECT ?g { GRAPH ?g { ?s ?p ?o } }"})
        assert bindings(response.data) == [{"g": turtle.resolve().as_uri()}]
    finally:
        app.extensions["linkeddata"].close()


def test_build_store_refuses_unknown_extensions(tmp_path: Path) -> None:
    odd = tmp_path / "data.xyz"
    odd.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="extension"):
        build_store([odd], tmp_path / "store")


# ------------------------------------------------------------------------------------- operations


def test_get_post_form_and_post_direct_agree(client: FlaskClient) -> None:
    by_get = client.get("/sparql", query_string={"query": PERSON_LABELS}, headers={"Accept": JSON})
    by_form = client.post("/sparql", data={"query": PERSON_LABELS}, headers={"Accept": JSON})
    by_body = client.post("/sparql", data=PERSON_LABELS.encode(), content_type="application/sparql-query",
                          headers={"Accept": JSON})
    assert by_get.status_code == by_form.status_code == by_body.status_code == 200
    assert bindings(by_get.data) == bindings(by_form.data) == bindings(by_body.data)
    assert len(bindings(by_get.data)) == PERSONS
    assert {"p": person_iri(0), "label": "Person 0"} in bindings(by_get.data)


def test_trailing_slash_is_the_same_endpoint(client: FlaskClient) -> None:
    assert client.get("/sparql/", query_string={"query": "ASK {}"}).status_code == 200


@pytest.mark.parametrize(("content_type", "status"), [
    ("text/plain", 415),
    (None, 415),
    ("application/json", 415),
    ("application/sparql-query; charset=UTF-16", 415),
    ("application/x-www-form-urlencoded; charset=latin1", 415),
    ("application/sparql-update", 403),
])
def test_post_is_dispatched_on_the_exact_content_type(client: FlaskClient, content_type: str | None,
                                                      status: int) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/sparql", data=b"ASK {}", headers=headers)
    assert response.status_code == status
    assert b"Traceback" not in response.data


def test_non_utf8_bodies_are_refused(client: FlaskClient) -> None:
    response = client.post("/sparql", data="ASK { FILTER(\"é\" = \"é\") }".encode("latin-1"),
                           content_type="application/sparql-query")
    assert response.status_code == 400
    assert b"UTF-8" in response.data


@pytest.mark.parametrize("request_kwargs", [
    {"method": "GET", "query_string": [("query", "ASK {}"), ("query", "ASK {}")]},
    {"method": "POST", "query_string": {"query": "ASK {}"}, "data": {"query": "ASK {}"}},
    {"method": "POST", "query_string": {"query": "ASK {}"}, "data": b"ASK {}",
     "content_type": "application/sparql-query"},
    {"method": "POST", "data": "query=ASK%20%7B%7D&query=ASK%20%7B%7D",
     "content_type": "application/x-www-form-urlencoded"},
    {"method": "GET", "query_string": [("query", "ASK {}"), ("format", "json"), ("format", "xml")]},
])
def test_a_repeated_parameter_is_refused(client: FlaskClient, request_kwargs: dict) -> None:
    response = client.open("/sparql", **request_kwargs)
    assert response.status_code == 400
    assert b"given 2 times" in response.data


def test_post_without_query_is_a_bad_request(client: FlaskClient) -> None:
    assert client.post("/sparql", data={"format": "json"}).status_code == 400


def test_other_methods_are_not_allowed(client: FlaskClient) -> None:
    response = client.put("/sparql", query_string={"query": "ASK {}"})
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


def test_a_malformed_query_gets_the_parsers_message_and_position(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p "})
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert re.search(rb"error at 1:\d+", response.data)


def test_a_malformed_dataset_iri_is_a_bad_request(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "ASK {}", "default-graph-uri": "not an iri"})
    assert response.status_code == 400


# ---------------------------------------------------------------------------------------- dataset


def test_default_graph_is_the_union_of_the_named_graphs(client: FlaskClient) -> None:
    union = client.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    distinct = client.get("/sparql", query_string={
        "query": "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } } }"})
    assert bindings(union.data) == bindings(distinct.data)


def test_default_graph_uri_restricts_the_default_graph(client: FlaskClient) -> None:
    query = "SELECT DISTINCT ?m { ?m a <https://w3id.org/linkeddata-diplomacy/ontology#Meeting> }"
    response = client.get("/sparql", query_string={"query": query, "default-graph-uri": graph_iri(0)})
    assert {row["m"] for row in bindings(response.data)} == {f"{BASE}id/event/m{i}" for i in range(3)}
    two = client.get("/sparql", query_string=[("query", query), ("default-graph-uri", graph_iri(0)),
                                               ("default-graph-uri", graph_iri(1))])
    assert len(bindings(two.data)) == 6


def test_named_graph_uri_restricts_graph_patterns(client: FlaskClient) -> None:
    query = "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }"
    response = client.get("/sparql", query_string=[("query", query), ("named-graph-uri", graph_iri(1)),
                                                    ("named-graph-uri", f"{BASE}graph/absent")])
    assert bindings(response.data) == [{"g": graph_iri(1)}]
    # the protocol's dataset has no default graph then: it replaces the query's whole dataset
    empty = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }", "named-graph-uri": graph_iri(1)})
    assert json.loads(empty.data)["boolean"] is False


def test_from_in_the_query_is_honoured(client: FlaskClient) -> None:
    query = (f"SELECT (COUNT(DISTINCT ?m) AS ?n) FROM <{graph_iri(2)}> "
             "{ ?m a <https://w3id.org/linkeddata-diplomacy/ontology#Meeting> }")
    assert bindings(client.get("/sparql", query_string={"query": query}).data) == [{"n": "3"}]


def test_protocol_dataset_overrides_from(client: FlaskClient) -> None:
    query = f"SELECT DISTINCT ?g FROM NAMED <{graph_iri(2)}> {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    response = client.get("/sparql", query_string={"query": query, "named-graph-uri": graph_iri(3)})
    assert bindings(response.data) == [{"g": graph_iri(3)}]


def test_relative_iris_resolve_against_the_base_uri(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "ASK { <id/person/p1> ?p ?o }"})
    assert json.loads(response.data)["boolean"] is True


# ------------------------------------------------------------------------------------ answer formats

SELECT_ONE = PREFIXES + f"SELECT ?label WHERE {{ <{person_iri(3)}> rdfs:label ?label }}"
CONSTRUCT = PREFIXES + "CONSTRUCT { ?p rdfs:label ?label } WHERE { ?p a schema:Person ; rdfs:label ?label }"


def test_select_as_json(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": SELECT_ONE}, headers={"Accept": JSON})
    assert response.content_type == "application/sparql-results+json; charset=utf-8"
    assert json.loads(response.data)["results"]["bindings"] == [
        {"label": {"type": "literal", "value": "Person 3", "xml:lang": "en"}}]


def test_select_as_xml(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": SELECT_ONE},
                          headers={"Accept": "application/sparql-results+xml"})
    assert response.mimetype == "application/sparql-results+xml"
    literal = ET.fromstring(response.data).find(f"{SRX}results/{SRX}result/{SRX}binding/{SRX}literal")
    assert literal is not None and literal.text == "Person 3"
    assert literal.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_select_as_csv_and_tsv(client: FlaskClient) -> None:
    as_csv = client.get("/sparql", query_string={"query": PERSON_LABELS}, headers={"Accept": "text/csv"})
    rows = list(csv.reader(io.StringIO(as_csv.data.decode())))
    assert rows[0] == ["p", "label"] and len(rows) == PERSONS + 1
    as_tsv = client.get("/sparql", query_string={"query": SELECT_ONE},
                        headers={"Accept": "text/tab-separated-values"})
    assert as_tsv.data.decode().splitlines() == ["?label", '"Person 3"@en']


def test_csv_quotes_what_needs_quoting(client: FlaskClient) -> None:
    query = 'SELECT ?x { BIND("a, \\"b\\"\\nc" AS ?x) }'
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": "text/csv"})
    assert list(csv.reader(io.StringIO(response.data.decode(), newline=""))) == [["x"], ['a, "b"\nc']]


@pytest.mark.parametrize(("accept", "expected"), [
    (JSON, b'"boolean":true'),
    ("application/sparql-results+xml", b"<boolean>true</boolean>"),
])
def test_ask(client: FlaskClient, accept: str, expected: bytes) -> None:
    response = client.get("/sparql", query_string={"query": PREFIXES + "ASK { ?p a schema:Person }"},
                          headers={"Accept": accept})
    assert response.status_code == 200
    assert expected in response.data.replace(b" ", b"")


@pytest.mark.parametrize(("accept", "rdflib_format", "quads"), [
    ("text/turtle", "turtle", False),
    ("application/n-triples", "nt", False),
    ("application/ld+json", "json-ld", False),
    ("application/rdf+xml", "xml", False),
    ("application/trig", "trig", True),
    ("application/n-quads", "nquads", True),
])
def test_construct_in_every_rdf_format(client: FlaskClient, accept: str, rdflib_format: str, quads: bool) -> None:
    response = client.get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == accept
    graph = rdflib.Dataset() if quads else rdflib.Graph()
    parse_rdf(client, response.data, rdflib_format, graph)
    assert len(graph) == PERSONS
    assert (rdflib.URIRef(person_iri(3)), rdflib.RDFS.label, rdflib.Literal("Person 3", lang="en")) in (
        graph.default_graph if isinstance(graph, rdflib.Dataset) else graph)


def test_describe(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": f"DESCRIBE <{BASE}id/event/m4>"})
    assert response.mimetype == "text/turtle"
    graph = rdflib.Graph().parse(data=response.data, format="turtle")
    assert len(graph) == 5


@pytest.mark.parametrize(("query", "format_value", "mimetype"), [
    (SELECT_ONE, "csv", "text/csv"),
    (SELECT_ONE, "json", "application/sparql-results+json"),
    (SELECT_ONE, "application/sparql-results+xml", "application/sparql-results+xml"),
    (CONSTRUCT, "xml", "application/rdf+xml"),
    (CONSTRUCT, "json", "application/ld+json"),
    (CONSTRUCT, "ttl", "text/turtle"),
    (CONSTRUCT, "nquads", "application/n-quads"),
])
def test_format_parameter_overrides_accept(client: FlaskClient, query: str, format_value: str,
                                           mimetype: str) -> None:
    response = client.get("/sparql", query_string={"query": query, "format": format_value},
                          headers={"Accept": "image/png"})
    assert response.status_code == 200
    assert response.mimetype == mimetype


def test_unknown_or_unsuitable_format_parameter(client: FlaskClient) -> None:
    assert client.get("/sparql", query_string={"query": SELECT_ONE, "format": "pdf"}).status_code == 400
    # A results format for a graph (SPARQLWrapper's CONSTRUCT with CSV): the graph's default, as from Fuseki.
    other_family = client.get("/sparql", query_string={"query": CONSTRUCT, "format": "csv"})
    assert other_family.status_code == 200 and other_family.mimetype == "text/turtle"


def test_not_acceptable_lists_the_offered_types(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": SELECT_ONE}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    for offered in (b"application/sparql-results+json", b"application/sparql-results+xml", b"text/csv",
                    b"text/tab-separated-values"):
        assert offered in response.data
    construct = client.get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": "image/png"})
    assert construct.status_code == 406 and b"text/turtle" in construct.data


def test_errors_follow_accept(client: FlaskClient) -> None:
    as_json = client.get("/sparql", query_string={"query": "SELEC"}, headers={"Accept": "application/json"})
    assert as_json.status_code == 400 and json.loads(as_json.data)["error"]["status"] == 400
    as_html = client.get("/sparql", query_string={"query": "SELEC"}, headers={"Accept": BROWSER})
    assert as_html.mimetype == "text/html" and b"Malformed query" in as_html.data


# ------------------------------------------------------------------------------------------ browsers


def test_a_browser_gets_an_escaped_html_table(client: FlaskClient) -> None:
    query = f"SELECT ?s ?p ?o {{ ?s ?p ?o FILTER(?s = <{BASE}id/person/hostile>) }}"
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": BROWSER})
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.data.decode()
    assert HOSTILE_LABEL not in page
    assert "&lt;script&gt;alert(" in page
    assert 'href="javascript:' not in page
    assert "<table>" in page


def test_a_browser_sees_the_query_page_with_examples_that_run(client: FlaskClient) -> None:
    page = client.get("/sparql", headers={"Accept": BROWSER})
    assert page.status_code == 200 and page.mimetype == "text/html"
    links = re.findall(r'<a href="(/sparql\?query=[^"]+)"', page.data.decode())
    assert len(links) >= 5
    for link in links:
        result = client.get(link.replace("&amp;", "&"), headers={"Accept": BROWSER})
        assert result.status_code == 200, urllib.parse.unquote(link)
        assert b"<table>" in result.data


# ------------------------------------------------------------------------------ service description

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")


@pytest.mark.parametrize(("accept", "rdflib_format"), [
    (None, "turtle"), ("text/turtle", "turtle"), ("application/rdf+xml", "xml"),
    ("application/ld+json", "json-ld"), ("application/n-triples", "nt"),
])
def test_service_description(client: FlaskClient, store_dir: Path, accept: str | None, rdflib_format: str) -> None:
    response = client.get("/sparql", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.data, format=rdflib_format)
    service = rdflib.URIRef("http://localhost/sparql")
    assert (service, rdflib.RDF.type, SD.Service) in graph
    assert (service, SD.endpoint, service) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    assert (service, SD.resultFormat, rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON")) in graph
    dataset = graph.value(service, SD.defaultDataset)
    default_graph = graph.value(dataset, SD.defaultGraph)
    info = StoreInfo.read(store_dir)
    assert graph.value(dataset, VOID.triples).toPython() == info.statements
    assert graph.value(default_graph, VOID.triples).toPython() == info.union_triples
    assert "union" in str(graph.value(default_graph, rdflib.RDFS.comment))


# ------------------------------------------------------------------------------------------ limits


def test_a_capped_answer_says_so(capped_app: Flask) -> None:
    client = capped_app.test_client()
    response = client.get("/sparql", query_string={"query": PERSON_LABELS})
    assert len(bindings(response.data)) == 5
    assert response.headers["X-Result-Truncated"] == "true"
    assert response.headers["X-Result-Limit"] == "5"
    whole = client.get("/sparql", query_string={"query": PERSON_LABELS + " LIMIT 5"})
    assert "X-Result-Truncated" not in whole.headers
    page = client.get("/sparql", query_string={"query": PERSON_LABELS}, headers={"Accept": BROWSER})
    assert b"Only the first 5" in page.data
    graph = client.get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": "application/n-triples"})
    assert graph.headers["X-Result-Truncated"] == "true" and len(graph.data.splitlines()) == 5


def test_request_size_is_limited(capped_app: Flask) -> None:
    client = capped_app.test_client()
    padded = "ASK {}" + " " * 5_000
    assert client.post("/sparql", data=padded, content_type="application/sparql-query").status_code == 413
    assert client.get("/sparql", query_string={"query": padded}).status_code == 414


# -------------------------------------------------------------------------------------- HTTP niceties


def test_cors_is_open_for_reads(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Origin": "https://elsewhere.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/sparql", headers={"Origin": "https://elsewhere.example",
                                                   "Access-Control-Request-Method": "POST",
                                                   "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]


def test_gzip_when_asked(client: FlaskClient) -> None:
    plain = client.get("/sparql", query_string={"query": PERSON_LABELS})
    zipped = client.get("/sparql", query_string={"query": PERSON_LABELS}, headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    assert "Accept-Encoding" in zipped.headers["Vary"]


def test_etag_on_results_of_the_unchanged_dataset(client: FlaskClient) -> None:
    first = client.get("/sparql", query_string={"query": PERSON_LABELS})
    etag = first.headers["ETag"]
    again = client.get("/sparql", query_string={"query": PERSON_LABELS}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.data
    other_format = client.get("/sparql", query_string={"query": PERSON_LABELS},
                              headers={"Accept": "text/csv", "If-None-Match": etag})
    assert other_format.status_code == 200 and other_format.headers["ETag"] != etag
    zipped = client.get("/sparql", query_string={"query": PERSON_LABELS}, headers={"Accept-Encoding": "gzip"})
    revalidated = client.get("/sparql", query_string={"query": PERSON_LABELS},
                             headers={"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["ETag"]})
    assert revalidated.status_code == 304


# ------------------------------------------------------------------------------------ serve arguments


def _serve_arguments(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    configure_parser(parser)
    return parser.parse_args(list(argv))


def test_serve_a_build_folder_builds_its_store_once(tmp_path: Path) -> None:
    build = tmp_path / "build"
    build.mkdir()
    write_diplomacy_fixture(build / "dataset.nq")
    (build / "manifest.json").write_text(json.dumps({"base_uri": BASE}), encoding="utf-8")
    config = app_config(_serve_arguments("--data", str(build), "--timeout", "3"))
    assert config["STORE_DIR"] == build / "store" and config["DATA_DIR"] == build
    assert config["QUERY_TIMEOUT"] == 3
    built = StoreInfo.read(build / "store").built
    (build / "store" / "marker").write_text("still here", encoding="utf-8")
    app_config(_serve_arguments("--data", str(build)))
    assert (build / "store" / "marker").exists() and StoreInfo.read(build / "store").built == built
    app = create_app(config)
    try:
        assert app.extensions["linkeddata"].base_uri == BASE
    finally:
        app.extensions["linkeddata"].close()


def test_serve_loose_files(tmp_path: Path) -> None:
    quads, turtle = tmp_path / "a.nq", tmp_path / "b.ttl"
    write_diplomacy_fixture(quads)
    turtle.write_text("<https://example.org/x> <https://example.org/p> 1 .\n", encoding="utf-8")
    config = app_config(_serve_arguments("--data", str(quads), str(turtle), "--store", str(tmp_path / "s")))
    assert config["STORE_DIR"] == tmp_path / "s"
    assert StoreInfo.read(tmp_path / "s").sources == (str(quads), str(turtle))
    with pytest.raises(SystemExit):
        app_config(_serve_arguments("--data", str(tmp_path / "missing.nq")))
    with pytest.raises(SystemExit):
        app_config(_serve_arguments("--data", str(tmp_path)))  # a folder with neither dataset.nq nor a store
