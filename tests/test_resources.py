"""Dereferencing: 303 from every identifier to its page or its data, by Accept; the data itself; 404s;
real linked-data clients (rdflib, curl, rapper) against the live server; URIs that survive a rebuild."""

from __future__ import annotations

import shutil
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from flask.testing import FlaskClient
from rdflib import RDFS, Literal, URIRef

from linkeddata.iris import VOCABULARY_SPACE, Documents
from linkeddata.vocab import DIP, NIF, ORG, SCHEMA
from tests.live_pages import BASE, build_fixture
from tests.rdf_documents import parse_rdf
from tests.servers import LiveServer, live_server

ANA = f"{BASE}id/person/ana-ruiz"

# A resource of every kind the build mints, as served paths.
EVERY_KIND = [
    "/id/person/ana-ruiz",
    "/id/post/prime-minister-of-malta",
    "/id/country/mt",
    "/id/organization/example-news",
    "/id/place/2562305",
    "/id/topic/trade",
    "/id/topic",
    "/id/article/handmade-1",
    "/id/article/handmade-1/text",
    "/graph/handmade-1",
    "/dataset",
    "/ontology",
    "/shapes",
    "/id/publisher",
]

# The negotiation checklist: Accept header -> where the 303 goes (an extension, or "page"), or 406.
NEGOTIATION = [
    (None, "ttl"),
    ("*/*", "ttl"),
    ("text/html", "page"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "page"),  # a browser
    ("application/xhtml+xml", "page"),
    ("text/turtle", "ttl"),
    ("text/turtle; charset=utf-8", "ttl"),
    ("application/x-turtle", "ttl"),
    ("application/ld+json", "jsonld"),
    ('application/ld+json; profile="http://www.w3.org/ns/json-ld#expanded"', "jsonld"),
    ("application/n-triples", "nt"),
    ("text/plain", "nt"),
    ("application/rdf+xml", "rdf"),
    ("application/trig", "trig"),
    ("application/n-quads", "nq"),
    ("text/*", "ttl"),  # turtle and html tie: turtle is offered first
    ("text/turtle;q=0.1, application/ld+json;q=0.9", "jsonld"),
    ("text/html;q=0.5, text/turtle", "ttl"),
    ("text/html, */*;q=0.1", "page"),
    ("*/*;q=0.1, text/turtle;q=0", "nt"),  # an explicit q=0 excludes turtle
    ("application/rdf+xml;q=0.5, text/n3;q=1", "ttl"),  # N3 as Turtle, its subset, as Fuseki takes it
    ("image/png", 406),
    ("application/json", "jsonld"),  # JSON-LD is the JSON of a graph, as Oxigraph and Fuseki take it
]


@pytest.mark.parametrize(("accept", "expected"), NEGOTIATION)
def test_negotiation_checklist(client: FlaskClient, accept: str | None, expected: str | int) -> None:
    response = client.get("/id/person/ana-ruiz", headers={"Accept": accept} if accept is not None else {})
    if isinstance(expected, int):
        assert response.status_code == expected
        return
    assert response.status_code == 303
    assert "Accept" in response.headers["Vary"]
    wanted = "/page/id/person/ana-ruiz" if expected == "page" else f"/data/id/person/ana-ruiz.{expected}"
    assert response.headers["Location"] == wanted


@pytest.mark.parametrize("path", EVERY_KIND)
@pytest.mark.parametrize("accept", ["text/html", "text/turtle", "application/ld+json", "application/n-triples",
                                    "application/rdf+xml"])
def test_every_kind_of_identifier_dereferences(client: FlaskClient, path: str, accept: str) -> None:
    response = client.get(path, headers={"Accept": accept})
    assert response.status_code == 303, (path, accept)
    links = response.headers["Link"]
    assert 'rel="alternate"' in links and "text/html" in links and "application/ld+json" in links
    document = client.get(response.headers["Location"])
    assert document.status_code == 200, (path, accept, response.headers["Location"])
    assert document.mimetype == accept
    if accept != "text/html":
        graph = parse_rdf(client, document.get_data(), {
            "text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt",
            "application/rdf+xml": "xml"}[accept])
        assert len(graph) > 0
        iri = Documents(BASE).iri_of(path.lstrip("/"))
        if not path.startswith("/graph/"):
            assert (None, None, URIRef(iri)) in graph or (URIRef(iri), None, None) in graph


def event_paths(client: FlaskClient) -> list[str]:
    graph = rdflib.Graph().parse(data=client.get("/data/id/article/handmade-1.ttl").get_data(), format="turtle")
    article = URIRef(f"{BASE}id/article/handmade-1")
    return sorted(str(s)[len(BASE) - 1:] for s in graph.subjects(DIP.reportedIn, article))


def test_events_dereference(client: FlaskClient) -> None:
    paths = event_paths(client)
    assert len(paths) == 3
    for path in paths:
        response = client.get(path, headers={"Accept": "text/turtle"})
        assert response.status_code == 303
        assert client.get(response.headers["Location"]).status_code == 200


def test_resource_data_holds_triples_incoming_links_labels_and_provenance(client: FlaskClient) -> None:
    graph = rdflib.Graph().parse(data=client.get("/data/id/person/ana-ruiz.ttl").get_data(), format="turtle")
    ana = URIRef(ANA)
    assert (ana, RDFS.label, Literal("Ana Ruiz", lang="en")) in graph
    post = URIRef(f"{BASE}id/post/prime-minister-of-malta")
    assert (ana, ORG.holds, post) in graph
    assert (post, RDFS.label, Literal("Prime Minister of Malta", lang="en")) in graph  # the label of what it points to
    events = set(graph.subjects(DIP.participant, ana))  # incoming links
    assert len(events) >= 3
    for event in events:
        article = graph.value(event, DIP.reportedIn)
        assert article is not None and graph.value(article, SCHEMA.datePublished) is not None
        span = graph.value(event, DIP.evidence)
        assert span is not None and graph.value(span, NIF.anchorOf) is not None  # the evidence text
        assert graph.value(span, NIF.referenceContext) is not None
    assert (None, URIRef("http://xmlns.com/foaf/0.1/primaryTopic"), ana) in graph
    assert (URIRef(DIP.Meeting), RDFS.label, None) in graph  # class labels from the ontology


ITSRDF_TA_IDENT_REF = URIRef("http://www.w3.org/2005/11/its/rdf#taIdentRef")


def test_the_text_document_holds_its_evidence_spans(client: FlaskClient) -> None:
    graph = rdflib.Graph().parse(data=client.get("/data/id/article/handmade-1/text.nt").get_data(), format="nt")
    spans = [s for s in graph.subjects(NIF.referenceContext, URIRef(f"{BASE}id/article/handmade-1/text"))]
    assert all("#char=" in str(s) for s in spans)
    mentions = [s for s in spans if (s, ITSRDF_TA_IDENT_REF, None) in graph]
    assert len(spans) - len(mentions) >= 3 and mentions  # the three evidence spans, and the named entities
    assert graph.value(URIRef(f"{BASE}id/article/handmade-1/text"), NIF.isString) is not None


def test_ontology_terms_dereference_at_their_namespace(client: FlaskClient) -> None:
    response = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert response.headers["Location"] == "/data/ontology.ttl"
    graph = rdflib.Graph().parse(data=client.get("/data/ontology.ttl").get_data(), format="turtle")
    for term in ("Meeting", "PhoneCall", "Visit", "Summit", "Invitation", "AgreementSigning", "participant"):
        assert (URIRef(f"{VOCABULARY_SPACE}ontology#{term}"), RDFS.label, None) in graph
    shapes = rdflib.Graph().parse(data=client.get("/data/shapes.ttl").get_data(), format="turtle")
    assert len(shapes) > 50  # the node shapes and, through their blank nodes, every property constraint


def test_named_graph_data_is_the_article_graph(client: FlaskClient, handmade_build: Path) -> None:
    served = rdflib.Graph().parse(data=client.get("/data/graph/handmade-1.nt").get_data(), format="nt")
    on_disk = rdflib.Graph().parse(handmade_build / "graphs" / "handmade-1.ttl", format="turtle")
    # Oxigraph keeps derived integer types as xsd:integer (oxigraph#1413): compare lexical forms.
    document = URIRef(f"{BASE}data/graph/handmade-1.nt")
    assert (document, URIRef("http://xmlns.com/foaf/0.1/primaryTopic"), URIRef(f"{BASE}graph/handmade-1")) in served
    served.remove((document, None, None))
    assert {(s, p, str(o)) for s, p, o in served} == {(s, p, str(o)) for s, p, o in on_disk}


@pytest.mark.parametrize("path", ["/id/person/nobody", "/id/article/nope/text", "/graph/nope", "/id/event/x/y-1",
                                  "/data/id/person/nobody.ttl", "/data/id/person/ana-ruiz.exe",
                                  "/data/id/person/ana-ruiz", "/page/id/person/nobody", "/data/sparql.ttl",
                                  "/id/person/%3E%20%7D%20DROP%20ALL%20%23", "/page/not-an-identifier"])
@pytest.mark.parametrize("accept", ["text/html", "text/turtle"])
def test_unknown_addresses_are_404(client: FlaskClient, path: str, accept: str) -> None:
    response = client.get(path, headers={"Accept": accept})
    assert response.status_code == 404
    assert "Traceback" not in response.get_data(as_text=True)


def test_head_answers_like_get(client: FlaskClient) -> None:
    head = client.head("/id/person/ana-ruiz", headers={"Accept": "text/turtle"})
    assert head.status_code == 303 and head.headers["Location"].endswith(".ttl")
    get = client.get("/data/id/person/ana-ruiz.ttl")
    head = client.head("/data/id/person/ana-ruiz.ttl")
    assert head.status_code == 200 and head.data == b""
    assert head.headers["ETag"] == get.headers["ETag"]
    assert client.head("/id/person/nobody").status_code == 404
    assert client.head("/page/id/person/ana-ruiz").status_code == 200


def test_data_is_conditional(client: FlaskClient) -> None:
    first = client.get("/data/id/person/ana-ruiz.jsonld")
    again = client.get("/data/id/person/ana-ruiz.jsonld", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    other = client.get("/data/id/person/ana-ruiz.ttl")
    assert other.headers["ETag"] != first.headers["ETag"]


def test_documents_map_iris_and_paths_both_ways() -> None:
    documents = Documents("https://data.example.org/")
    assert documents.path_of("https://data.example.org/id/person/x") == "/id/person/x"
    assert documents.page("https://data.example.org/id/article/a/text#char=1,2") == "/page/id/article/a/text#char=1,2"
    assert documents.data("https://data.example.org/id/article/a/text#char=1,2", "ttl") == "/data/id/article/a/text.ttl"
    assert documents.path_of(f"{VOCABULARY_SPACE}ontology#Meeting") == "/ontology#Meeting"
    assert documents.path_of("https://data.example.org/sparql") is None
    assert documents.href("https://data.example.org/sparql") == "/sparql"
    assert documents.href("https://schema.org/Person") == "https://schema.org/Person"
    assert documents.iri_of("id/person/ab c") == "https://data.example.org/id/person/ab%20c"
    assert documents.iri_of("ontology") == f"{VOCABULARY_SPACE}ontology"


# ------------------------------------------------------------------------------------ real clients, live server


@pytest.fixture(scope="module")
def server(handmade_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server([handmade_build], tmp_path_factory.mktemp("live") / "store", workers=2) as live:
        yield live


def test_rdflib_follows_the_303(server: LiveServer) -> None:
    url = f"http://127.0.0.1:{server.port}/id/person/ana-ruiz"
    graph = rdflib.Graph().parse(url)
    assert (URIRef(ANA), RDFS.label, Literal("Ana Ruiz", lang="en")) in graph
    event = next(iter(graph.subjects(DIP.participant, URIRef(ANA))))
    assert event is not None
    ontology = rdflib.Graph().parse(f"http://127.0.0.1:{server.port}/ontology")
    assert (URIRef(DIP.Meeting), RDFS.subClassOf, URIRef(DIP.DiplomaticEvent)) in ontology


@pytest.mark.parametrize(("accept", "media_type"), [
    ("text/turtle", "text/turtle"), ("application/ld+json", "application/ld+json"),
    ("application/n-triples", "application/n-triples"), ("application/rdf+xml", "application/rdf+xml"),
    ("text/html", "text/html"), ("*/*", "text/turtle")])
def test_curl_with_each_accept_type(server: LiveServer, accept: str, media_type: str) -> None:
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    url = f"http://127.0.0.1:{server.port}/id/country/mt"
    completed = subprocess.run(["curl", "-sSL", "-H", f"Accept: {accept}", "-o", "/dev/null", "-w",
                                "%{http_code}|%{content_type}|%{num_redirects}", url],
                               capture_output=True, text=True, timeout=30, check=True)
    status, content_type, redirects = completed.stdout.split("|")
    assert status == "200" and content_type.startswith(media_type) and redirects == "1"


@pytest.mark.parametrize("path", ["/id/person/ana-ruiz", "/id/country/gh", "/id/article/handmade-1/text",
                                  "/graph/hostile-2", "/dataset", "/ontology", "/shapes"])
def test_rapper_parses_a_sample_of_resources(server: LiveServer, path: str) -> None:
    if shutil.which("rapper") is None:
        pytest.skip("rapper (raptor2-utils) is not installed")
    for extension, syntax in (("ttl", "turtle"), ("nt", "ntriples"), ("rdf", "rdfxml")):
        url = f"http://127.0.0.1:{server.port}/data{path}.{extension}"
        completed = subprocess.run(["rapper", "-q", "-i", syntax, "-c", url], capture_output=True, text=True,
                                   timeout=60)
        assert completed.returncode == 0, (url, completed.stderr)


def test_live_404_and_head(server: LiveServer) -> None:
    status, _, _ = server.request("GET", "/id/person/nobody", headers={"Accept": "text/turtle"})
    assert status == 404
    status, headers, body = server.request("HEAD", "/id/person/ana-ruiz", headers={"Accept": "text/html"})
    assert status == 303 and headers["location"] == "/page/id/person/ana-ruiz" and body == b""
    request = urllib.request.Request(f"http://127.0.0.1:{server.port}/id/person/nobody",
                                     headers={"Accept": "text/html"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 404


# ------------------------------------------------------------------------------------ stability


def served_identifiers(web: FlaskClient) -> dict[str, set[tuple[str, str, str]]]:
    """Every identifier the build serves (the subjects of the dump), with its own triples."""
    dump = rdflib.Graph().parse(data=web.get("/downloads/dataset.nt").get_data(), format="nt")
    found: dict[str, set[tuple[str, str, str]]] = {}
    for subject in set(dump.subjects()):
        if isinstance(subject, URIRef) and str(subject).startswith(BASE):
            found[str(subject)] = {(str(s), str(p), str(o)) for s, p, o in dump.triples((subject, None, None))}
    return found


def test_uris_survive_a_rebuild_with_another_article(tmp_path: Path) -> None:
    from tests.live_pages import make_app

    before_build = build_fixture(tmp_path / "before", ("handmade-1", "hostile-2"))
    before_app = make_app(before_build)
    before = served_identifiers(before_app.test_client())
    after_build = build_fixture(tmp_path / "after", ("handmade-1", "hostile-2", "visit-3"))
    after_app = make_app(after_build)
    web = after_app.test_client()
    documents = Documents(BASE)
    assert len(before) > 20
    for iri, own in before.items():
        path = documents.path_of(iri)
        assert path is not None, iri
        bare = path.split("#", 1)[0]
        response = web.get(bare, headers={"Accept": "application/n-triples"})
        assert response.status_code == 303, iri
        graph = rdflib.Graph().parse(data=web.get(response.headers["Location"]).get_data(), format="nt")
        now = {(str(s), str(p), str(o)) for s, p, o in graph.triples((URIRef(iri), None, None))}
        # The same resource: everything said about it before is still said (more may have been added).
        assert own <= now, iri
    before_app.extensions["linkeddata"].close()
    after_app.extensions["linkeddata"].close()


def test_a_site_mounted_under_a_prefix_links_under_it(client: FlaskClient) -> None:
    mounted = {"SCRIPT_NAME": "/diplomacy"}
    response = client.get("/id/person/ana-ruiz", headers={"Accept": "text/html"}, environ_overrides=mounted)
    assert response.headers["Location"] == "/diplomacy/page/id/person/ana-ruiz"
    assert "</diplomacy/data/id/person/ana-ruiz.ttl>" in response.headers["Link"]
    page = client.get("/page/id/person/ana-ruiz", environ_overrides=mounted).get_data(as_text=True)
    assert 'href="/diplomacy/id/country/mt"' in page
    data = client.get("/data/id/person/ana-ruiz.nt", environ_overrides=mounted).get_data(as_text=True)
    assert f"<{BASE}data/id/person/ana-ruiz.nt> <http://xmlns.com/foaf/0.1/primaryTopic>" in data
