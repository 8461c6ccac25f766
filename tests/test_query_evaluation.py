"""Where queries are evaluated: in the web worker (`InProcessQueries`) or in a query process (`QueryPool`).

Both give the same replies; the worker hands what it should not evaluate to the processes, and a query
past its limit is abandoned there (the worker asks to be replaced) or killed with its process here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from linkeddata.store import QueryPool, QueryRequest, QueryTimeout, build_store
from linkeddata.store.in_process import IN_PROCESS_MAX_CHARS, InProcessQueries
from tests.servers import PERSONS, person_iri, query_processes, write_diplomacy_fixture

JSON = "application/sparql-results+json"
ENDLESS = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
QUERIES = [
    f"SELECT ?label WHERE {{ <{person_iri(3)}> <http://www.w3.org/2000/01/rdf-schema#label> ?label }}",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g LIMIT 5",
    f"DESCRIBE <{person_iri(5)}>",
    "ASK { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p }",  # malformed: the same message from both
    "SELECT * { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",  # refused by both
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("evaluation")
    write_diplomacy_fixture(folder / "dataset.nq")
    build_store([folder / "dataset.nq"], folder / "store")
    return folder / "store"


@pytest.fixture
def in_process(store: Path) -> Iterator[tuple[InProcessQueries, list[str]]]:
    abandons: list[str] = []
    queries = InProcessQueries(store, QueryPool(store, timeout=2),
                               on_abandon=lambda: abandons.append("asked to be replaced"))
    queries.start()
    yield queries, abandons
    queries.close()


def _request(text: str, accept: str = JSON) -> QueryRequest:
    return QueryRequest(text=text, accept=accept, base_iri="https://example.org/")


@pytest.mark.parametrize("text", QUERIES)
def test_the_worker_and_the_processes_reply_alike(store: Path, in_process: tuple[InProcessQueries, list[str]],
                                                   text: str) -> None:
    queries, _ = in_process
    pool = QueryPool(store, timeout=5)
    try:
        for accept in (JSON, "text/turtle", "text/csv", "text/html"):
            assert queries.run(_request(text, accept)) == pool.run(_request(text, accept))
    finally:
        pool.close()


def test_the_worker_evaluates_small_queries_itself(store: Path,
                                                    in_process: tuple[InProcessQueries, list[str]]) -> None:
    queries, _ = in_process
    for i in range(PERSONS):
        assert queries.run(_request(QUERIES[0].replace(person_iri(3), person_iri(i)))).count == 1
    assert queries.evaluates_here(_request(QUERIES[0]))
    assert not query_processes(store)  # no process was started for them


def test_long_texts_and_any_spelling_of_service_go_to_a_query_process(
        in_process: tuple[InProcessQueries, list[str]]) -> None:
    queries, _ = in_process
    padded = QUERIES[0].replace("SELECT", "SELECT" + " " * IN_PROCESS_MAX_CHARS, 1)
    hidden = "SELECT * { ?s ?p ?o \\u0053ERVICE <http://127.0.0.1:1/sparql> { } }"
    for text in (padded, hidden, "SELECT ?service { ?service ?p ?o } LIMIT 1"):
        assert not queries.evaluates_here(_request(text))
    reply = queries.run(_request(padded))
    assert reply.count == 1
    assert queries.pool.run(_request(padded)) == reply


def test_a_query_past_its_limit_is_abandoned_and_the_pool_takes_over(
        store: Path, in_process: tuple[InProcessQueries, list[str]]) -> None:
    queries, abandons = in_process
    with pytest.raises(QueryTimeout):
        queries.run(_request(ENDLESS), timeout=0.5)
    assert queries.abandoned
    assert abandons == ["asked to be replaced"]
    # Until the server replaces this process, queries are still answered, in a query process.
    assert queries.run(_request(QUERIES[0])).count == 1
    assert len(query_processes(store)) == 1
    with pytest.raises(QueryTimeout):
        queries.run(_request(ENDLESS), timeout=0.5)
    assert abandons == ["asked to be replaced"]  # the pool kills its own: nothing more to abandon


def test_a_deeply_nested_query_is_answered_in_the_worker(in_process: tuple[InProcessQueries, list[str]]) -> None:
    queries, _ = in_process
    depth = IN_PROCESS_MAX_CHARS // 2 - 20  # as deep as the longest text evaluated here can nest
    text = "ASK { FILTER(" + "(" * depth + "true" + ")" * depth + ") }"
    assert len(text) <= IN_PROCESS_MAX_CHARS
    assert queries.evaluates_here(_request(text))
    reply = queries.run(_request(text), timeout=30)
    assert reply.boolean is True
