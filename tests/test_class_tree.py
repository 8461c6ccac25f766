"""The class tree in the endpoint: the ontology and the shapes in named graphs of their own, and every type a
thing has through rdfs:subClassOf written out in the data, so that a query by any superclass finds it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from linkeddata.iris import VOCABULARY_SPACE, Minter
from linkeddata.mapping import map_article, superclasses_of
from linkeddata.validate import Validator
from linkeddata.vocab import DIP, SCHEMA, prologue
from tests import handmade
from tests.servers import LiveServer, live_server

ONTOLOGY_GRAPH = VOCABULARY_SPACE + "ontology"
SHAPES_GRAPH = VOCABULARY_SPACE + "shapes"


def test_superclasses_follow_the_tree_transitively() -> None:
    closure = superclasses_of(Validator().ontology)
    assert {DIP.DiplomaticEvent, SCHEMA.Event} <= closure[DIP.Meeting]
    below_visit = [cls for cls, above in closure.items() if DIP.Visit in above]
    assert below_visit, "the ontology has classes under dip:Visit"
    for cls in below_visit:
        assert {DIP.Visit, DIP.DiplomaticEvent, SCHEMA.Event} <= closure[cls]


def test_the_mapping_writes_out_every_superclass() -> None:
    validator = Validator()
    article = handmade.article()
    graph = map_article(Minter("https://data.example.org/"), article, handmade.facts(article), validator.superclasses)
    typed = list(graph.subject_objects(RDF.type))
    assert any(cls == DIP.Meeting for _, cls in typed)
    for node, cls in typed:
        for parent in validator.superclasses.get(cls, ()):  # type: ignore[call-overload]
            assert (node, RDF.type, parent) in graph, f"{node} is a {cls} but not a {parent}"
    assert validator.validate(article.id, graph).conforms


@pytest.fixture(scope="module")
def server(seed_build: Path) -> Iterator[LiveServer]:
    with live_server([seed_build], seed_build / "store", workers=1) as live:
        yield live


def _rows(server: LiveServer, query: str) -> list[dict[str, dict[str, str]]]:
    status, _, body = server.query(query)
    assert status == 200, body
    return json.loads(body)["results"]["bindings"]


def test_every_superclass_of_a_used_class_is_queryable(server: LiveServer, seed_build: Path) -> None:
    ontology = Graph().parse(seed_build / "ontology.ttl")
    closure = superclasses_of(ontology)
    used = {URIRef(row["type"]["value"]) for row in _rows(server, "SELECT DISTINCT ?type { ?x a ?type }")}
    asked = {parent for cls in used for parent in closure.get(cls, ())}
    assert DIP.DiplomaticEvent in asked and SCHEMA.Event in asked
    for cls in sorted(used & closure.keys()):
        for parent in sorted(closure[cls]):
            # Every instance of the class is an instance of each class above it, with no reasoning.
            missing = _rows(server, f"SELECT (COUNT(?x) AS ?n) {{ ?x a <{cls}> "
                                    f"FILTER NOT EXISTS {{ ?x a <{parent}> }} }}")
            assert missing[0]["n"]["value"] == "0", f"instances of {cls} that are not {parent}"
            assert _rows(server, f"SELECT ?x {{ ?x a <{parent}> }} LIMIT 1"), parent


def test_the_ontology_and_the_shapes_are_named_graphs(server: LiveServer) -> None:
    graphs = {row["g"]["value"] for row in _rows(server, "SELECT DISTINCT ?g { GRAPH ?g { } }")}
    assert {ONTOLOGY_GRAPH, SHAPES_GRAPH} <= graphs
    tree = _rows(server, prologue("rdfs") + f"""
        SELECT ?sub {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?sub rdfs:subClassOf+ <{DIP.DiplomaticEvent}> }} }}""")
    assert {URIRef(row["sub"]["value"]) for row in tree} >= {DIP.Meeting, DIP.Visit}
    # The default graph is the union: the tree is there without GRAPH, and the shapes too.
    union = _rows(server, prologue("rdfs") + f"""
        SELECT ?super {{ <{DIP.Meeting}> rdfs:subClassOf ?super }}""")
    assert {row["super"]["value"] for row in union} == {str(DIP.DiplomaticEvent)}
    shapes = _rows(server, prologue("sh") + "SELECT ?shape { ?shape a sh:NodeShape }")
    assert shapes
    # A query by the superclass and its subclasses (what a reasoner would do) meets the written-out types.
    by_path = _rows(server, prologue("rdfs") + f"""
        SELECT (COUNT(DISTINCT ?e) AS ?n) {{ ?e a/rdfs:subClassOf* <{DIP.DiplomaticEvent}> }}""")
    direct = _rows(server, f"SELECT (COUNT(DISTINCT ?e) AS ?n) {{ ?e a <{DIP.DiplomaticEvent}> }}")
    assert by_path[0]["n"]["value"] == direct[0]["n"]["value"] != "0"


def test_pages_show_the_most_specific_type(server: LiveServer, seed_build: Path) -> None:
    rows = _rows(server, f"SELECT ?e WHERE {{ ?e a <{DIP.DiplomaticEvent}> }} LIMIT 1")
    assert rows, "the seed article has a diplomatic event"
    event = rows[0]["e"]["value"]
    base = event[:event.index("/id/")]
    status, _, page = server.request("GET", "/page" + event[len(base):], headers={"Accept": "text/html"})
    assert status == 200
    text = page.decode()
    # The data says every class above (schema:Event, sem:Event); the page names the event's own class.
    assert "sem:Event" not in text and "schema:Event" not in text
