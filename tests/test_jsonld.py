"""JSON-LD: the published `@context`, compacted documents by default and expanded ones on request, for resource
data, the VoID description and the endpoint's CONSTRUCT; every form holds the same triples as the Turtle."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from flask.testing import FlaskClient
from pyld import jsonld
from rdflib.compare import isomorphic

from linkeddata.vocab import prologue
from tests.live_pages import BASE
from tests.servers import LiveServer, live_server

EXPANDED = 'application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"'
FLATTENED = 'application/ld+json; profile="http://www.w3.org/ns/json-ld#flattened"'
COMPACTED = 'application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted"'
PERSON_DATA = "/data/id/person/ana-ruiz"
CONSTRUCT = prologue("schema", "rdfs", "dip") + """
CONSTRUCT { ?p a schema:Person ; rdfs:label ?l . ?e dip:participant ?p ; dip:date ?d }
WHERE { ?p a schema:Person ; rdfs:label ?l . OPTIONAL { ?e dip:participant ?p ; dip:date ?d } }"""


def loader_for(client: FlaskClient):  # type: ignore[no-untyped-def]
    """A PyLD document loader that reads our context from the application under test, nothing else."""
    def load(url: str, options: object = None) -> dict:
        path = urllib.parse.urlsplit(url).path
        assert path == "/context.jsonld", url
        return {"contextUrl": None, "documentUrl": url, "document": json.loads(client.get(path).data)}
    return load


def triples_of_jsonld(client: FlaskClient, body: bytes) -> rdflib.Graph:
    nquads = jsonld.to_rdf(json.loads(body), {"format": "application/n-quads",
                                               "documentLoader": loader_for(client)})
    return rdflib.Graph().parse(data=nquads, format="nt")


def about_the_resource(graph: rdflib.Graph) -> rdflib.Graph:
    """The graph less the triples about the document itself, whose IRI names its format."""
    kept = rdflib.Graph()
    for triple in graph:
        if not str(triple[0]).startswith(f"{BASE}data/"):
            kept.add(triple)
    return kept


def test_the_context_is_published_and_names_our_terms(client: FlaskClient) -> None:
    response = client.get("/context.jsonld")
    assert response.status_code == 200 and response.mimetype == "application/ld+json"
    terms = json.loads(response.data)["@context"]
    assert terms["dip"] == "https://w3id.org/linkeddata-diplomacy/ontology#"
    assert terms["participant"] == {"@id": "https://w3id.org/linkeddata-diplomacy/ontology#participant",
                                    "@type": "@id"}
    assert terms["Meeting"] == "https://w3id.org/linkeddata-diplomacy/ontology#Meeting"
    assert terms["label"]["@language"] == "en"
    again = client.get("/context.jsonld", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    jsonld.expand({"@context": terms, "label": "x"})  # a context PyLD accepts


def test_resource_data_is_compacted_against_the_context_by_default(client: FlaskClient) -> None:
    document = json.loads(client.get(PERSON_DATA + ".jsonld").data)
    assert document["@context"] == "http://localhost/context.jsonld"
    nodes = {node["id"]: node for node in document["@graph"]}
    person = nodes[f"{BASE}id/person/ana-ruiz"]
    assert person["type"] == "Person" and person["label"] == "Ana Ruiz" and person["prefLabel"] == "Ana Ruiz"
    assert isinstance(person["holds"], str) and person["holds"].startswith(BASE)


@pytest.mark.parametrize("accept", [None, COMPACTED, EXPANDED, FLATTENED])
def test_every_profile_holds_the_same_triples_as_the_turtle(client: FlaskClient, accept: str | None) -> None:
    headers = {"Accept": accept} if accept else {}
    body = client.get(PERSON_DATA + ".jsonld", headers=headers).data
    turtle = rdflib.Graph().parse(data=client.get(PERSON_DATA + ".ttl").data, format="turtle")
    assert isomorphic(about_the_resource(triples_of_jsonld(client, body)), about_the_resource(turtle))


def test_expanded_is_what_the_profile_asks_and_it_has_its_own_entity_tag(client: FlaskClient) -> None:
    compacted = client.get(PERSON_DATA + ".jsonld")
    expanded = client.get(PERSON_DATA + ".jsonld", headers={"Accept": EXPANDED})
    document = json.loads(expanded.data)
    assert isinstance(document, list) and all("@context" not in node for node in document)
    assert any("https://schema.org/Person" in node.get("@type", []) for node in document)
    assert compacted.headers["ETag"] != expanded.headers["ETag"]
    stale = client.get(PERSON_DATA + ".jsonld", headers={"Accept": EXPANDED,
                                                          "If-None-Match": compacted.headers["ETag"]})
    assert stale.status_code == 200


def test_the_void_description_in_json_ld(client: FlaskClient) -> None:
    document = json.loads(client.get("/.well-known/void", headers={"Accept": "application/ld+json"}).data)
    assert document["@context"].endswith("/context.jsonld")
    assert any(node["id"] == f"{BASE}dataset" for node in document["@graph"])


def test_construct_is_compacted_unless_expanded_is_asked(client: FlaskClient) -> None:
    compacted = client.get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": "application/ld+json"})
    assert compacted.status_code == 200, compacted.data
    document = json.loads(compacted.data)
    assert document["@context"].endswith("/context.jsonld")
    people = [n for n in document["@graph"] if n.get("type") == "Person"]
    assert {p["label"] for p in people} >= {"Ana Ruiz", "Olu Bello"}
    expanded = client.get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": EXPANDED})
    assert isinstance(json.loads(expanded.data), list)
    assert isomorphic(triples_of_jsonld(client, compacted.data), triples_of_jsonld(client, expanded.data))


# ------------------------------------------------------------------------------------------ real clients


@pytest.fixture(scope="module")
def server(handmade_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server([handmade_build], tmp_path_factory.mktemp("jsonld") / "store", workers=1) as live:
        yield live


def test_rdflib_reads_compacted_data_over_http_dereferencing_the_context(server: LiveServer) -> None:
    origin = f"http://127.0.0.1:{server.port}"
    graph = rdflib.Graph().parse(origin + PERSON_DATA + ".jsonld", format="json-ld")
    turtle = rdflib.Graph().parse(origin + PERSON_DATA + ".ttl", format="turtle")
    assert isomorphic(about_the_resource(graph), about_the_resource(turtle))


def test_construct_over_http_read_by_rdflib_with_the_context_it_names(server: LiveServer) -> None:
    target = "/sparql?" + urllib.parse.urlencode({"query": CONSTRUCT})
    status, headers, body = server.request("GET", target, headers={"Accept": "application/ld+json"})
    assert status == 200 and headers["content-type"].startswith("application/ld+json")
    assert json.loads(body)["@context"] == f"http://127.0.0.1:{server.port}/context.jsonld"
    graph = rdflib.Graph().parse(data=body, format="json-ld")  # rdflib fetches the context from the server
    labels = {str(o) for o in graph.objects(None, rdflib.RDFS.label)}
    assert {"Ana Ruiz", "Olu Bello"} <= labels
