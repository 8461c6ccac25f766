"""No client can break the live endpoint: no writes, no network, no endless query, no flood."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from linkeddata.store import refusal
from tests.hostile import settled_workers
from tests.servers import (
    BASE,
    PERSONS,
    LiveServer,
    live_server,
    person_iri,
    query_processes,
    write_diplomacy_fixture,
)

JSON = "application/sparql-results+json"
COUNT_ALL = "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"
# Four unconstrained patterns over ~1,000 triples: 10^12 rows to count; it would run for hours.
ENDLESS = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
LABEL_OF = "SELECT ?label WHERE {{ <{iri}> <http://www.w3.org/2000/01/rdf-schema#label> ?label }}"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("safety")
    write_diplomacy_fixture(folder / "dataset.nq")
    with live_server([folder / "dataset.nq"], folder / "store", workers=2, timeout=4,
                     extra=["--max-request-bytes", "100000"]) as live:
        yield live


def _count(server: LiveServer) -> int:
    status, _, body = server.query(COUNT_ALL)
    assert status == 200
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


# ------------------------------------------------------------------------------------------ writes

UPDATES = [
    "INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "DROP DEFAULT",
    "LOAD <http://127.0.0.1:9/evil.ttl>",
    "PREFIX ex: <https://example.org/>\nWITH ex:g DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "# a comment first\nCREATE GRAPH <https://example.org/g>",
]


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused_however_they_come(server: LiveServer, update: str) -> None:
    before = _count(server)
    attempts = [
        server.request("POST", "/sparql", update.encode(), {"Content-Type": "application/sparql-update"}),
        server.request("POST", "/sparql", urllib.parse.urlencode({"update": update}).encode(),
                       {"Content-Type": "application/x-www-form-urlencoded"}),
        server.request("GET", "/sparql?" + urllib.parse.urlencode({"update": update})),
        server.request("GET", "/sparql?" + urllib.parse.urlencode({"query": update})),
        server.request("POST", "/sparql", update.encode(), {"Content-Type": "application/sparql-query"}),
    ]
    for status, _, body in attempts:
        assert status == 403, body
        assert b"read-only" in body
    assert _count(server) == before


SERVICES = [
    "SELECT * { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "SELECT * { service silent <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "SELECT * { ?s ?p 1SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "SELECT * { ?s ?p true SeRvIcE ?endpoint { ?s ?p ?o } }",
]
# Where our reading of the query and the parser's could differ, the answer must still never be data.
TRICKY = [
    "PREFIX ex: <https://example.org/>\nSELECT * { ?s ?p ex:a.SERVICE <http://127.0.0.1:1/> { } }",
    'SELECT * { ?s ?p """x"""" . SERVICE <http://127.0.0.1:1/> { } FILTER(?o = "") }',
    "SELECT * { ?s ?p ?o \\u0053ERVICE <http://127.0.0.1:1/sparql> { } }",
]


@pytest.mark.parametrize("query", SERVICES)
def test_service_is_refused(server: LiveServer, query: str) -> None:
    status, _, body = server.query(query)
    assert status == 403, body
    assert b"SERVICE" in body


@pytest.mark.parametrize("query", TRICKY)
def test_hidden_service_never_runs(server: LiveServer, query: str) -> None:
    assert server.query(query)[0] in (400, 403)


@pytest.mark.parametrize("query", [
    'SELECT ?service WHERE { ?service ?p "a SERVICE in a string" } # SERVICE in a comment',
    "PREFIX schema: <https://schema.org/>\nSELECT ?x { ?x schema:serviceType <https://example.org/SERVICE> }",
    "SELECT * { ?s ?p ?o FILTER(?o = 'SERVICE''') } LIMIT 1",
])
def test_the_word_service_elsewhere_is_fine(query: str) -> None:
    assert refusal(query) is None


# ------------------------------------------------------------------------------------------ limits


def test_an_endless_query_is_stopped_while_others_are_answered(server: LiveServer) -> None:
    before = settled_workers(server.port, 2)
    with ThreadPoolExecutor(max_workers=1) as pool:
        endless = pool.submit(server.query, ENDLESS)
        for i in range(30):
            status, _, body = server.query(LABEL_OF.format(iri=person_iri(i % PERSONS)))
            assert status == 200
            assert json.loads(body)["results"]["bindings"][0]["label"]["value"] == f"Person {i % PERSONS}"
        assert not endless.done()  # the quick ones were answered meanwhile, by the other worker
        status, _, body = endless.result(timeout=60)
    assert status == 503
    assert b"stopped" in body
    # The worker that gave up on the query left, and gunicorn put a fresh one in its place.
    after = settled_workers(server.port, 2, other_than=before)
    assert len(after) == 2 and len(set(after) - set(before)) == 1, (before, after)
    for _ in range(4):
        assert server.query("ASK {}")[0] == 200


def test_a_stopped_query_leaves_no_process_behind(server: LiveServer) -> None:
    """Long texts go to query processes, which are killed at the limit; the workers stay."""
    store = str(server.log.parent / "store")
    padded = ENDLESS.replace("SELECT", "SELECT" + " " * 70_000, 1)  # longer than a worker evaluates itself
    before = settled_workers(server.port, 2)
    status, _, body = server.request("POST", "/sparql", padded.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 503 and b"stopped" in body
    assert settled_workers(server.port, 2) == before
    assert len(query_processes(store)) <= 2
    assert server.query("ASK {}")[0] == 200


def test_a_huge_request_is_refused(server: LiveServer) -> None:
    query = "ASK {}" + " " * 200_000
    status, _, _ = server.request("POST", "/sparql", query.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 413
    status, _, _ = server.request("GET", "/sparql?query=" + urllib.parse.quote(query))
    assert status in (400, 414)  # gunicorn refuses the request line before the application sees it
    assert server.query("ASK {}")[0] == 200


@pytest.mark.slow
def test_32_parallel_clients_2000_queries_all_correct(server: LiveServer) -> None:
    def one(i: int) -> tuple[int, str]:
        person = (i * 13) % PERSONS
        status, _, body = server.query(LABEL_OF.format(iri=person_iri(person)))
        label = json.loads(body)["results"]["bindings"][0]["label"]["value"] if status == 200 else body.decode()
        return status, label if label != f"Person {person}" else "ok"

    with ThreadPoolExecutor(max_workers=32) as pool:
        outcomes = list(pool.map(one, range(2000)))
    assert outcomes == [(200, "ok")] * 2000


def test_the_base_is_untouched(server: LiveServer) -> None:
    status, _, body = server.query(f"ASK {{ <{BASE}id/person/p1> ?p ?o }}")
    assert status == 200 and json.loads(body)["boolean"] is True
