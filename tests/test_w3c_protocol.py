"""The W3C SPARQL 1.1 Protocol and Service Description tests, against the live production server.

Every query test must pass. This endpoint is read-only, so each update test must instead get the
refusal (403 with its message) for its update request.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import rdflib
from rdflib.collection import Collection

from tests.servers import LiveServer, live_server

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
PROTOCOL = SHARED / "w3c" / "sparql11" / "protocol"
SERVICE_DESCRIPTION = SHARED / "w3c" / "sparql11" / "service-description"

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
HTS = rdflib.Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
SRX = "{http://www.w3.org/2005/sparql-results#}"

TABULAR = {"application/sparql-results+xml", "application/sparql-results+json", "text/csv",
           "text/tab-separated-values"}
BOOLEAN = {"application/sparql-results+xml", "application/sparql-results+json"}
RDF = {"application/rdf+xml", "text/turtle", "application/n-triples", "text/html", "application/xhtml+xml"}
READ_ONLY = b"read-only"

pytestmark = pytest.mark.skipif(not PROTOCOL.is_dir(), reason=f"{PROTOCOL} is not present beside this checkout")


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    expected_status: tuple[str, ...]  # "2xx", "3xx", "4xx"...
    expected_format: str | None
    expected_boolean: bool | None


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    title: str
    requests: tuple[HttpRequest, ...]

    @property
    def is_update(self) -> bool:
        first = self.requests[0]
        content_type = first.headers.get("content-type", "")
        body = first.body or b""
        return ("sparql-update" in content_type or "update=" in first.path or body.startswith(b"update=")
                or self.name.startswith(("update_", "bad_update")))


def _load_tests() -> list[ProtocolTest]:
    if not PROTOCOL.is_dir():
        return []
    manifest = rdflib.Graph().parse(PROTOCOL / "manifest.ttl", format="turtle")
    entries = Collection(manifest, manifest.value(rdflib.URIRef((PROTOCOL / "manifest.ttl").as_uri()), MF.entries))
    tests = []
    for entry in entries:
        action = manifest.value(entry, MF.action)
        requests = []
        for node in Collection(manifest, manifest.value(action, HT.requests)):
            headers = {}
            header_list = manifest.value(node, HT.headers)
            if header_list is not None:
                for header in Collection(manifest, header_list):
                    name = str(manifest.value(header, HT.fieldName)).lower()
                    headers[name] = str(manifest.value(header, HT.fieldValue))
            body_node = manifest.value(node, HT.body)
            body = None
            if body_node is not None:
                encoding = str(manifest.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = str(manifest.value(body_node, CNT.chars)).encode(encoding.lower())
            response = manifest.value(node, HT.resp)
            statuses = tuple(sorted(str(s).rsplit("StatusCode", 1)[1].lower()
                                    for s in manifest.objects(response, MF.expectedStatus)))
            fmt = manifest.value(response, MF.expectedFormat)
            boolean = manifest.value(response, MF.expectedBoolean)
            requests.append(HttpRequest(
                method=str(manifest.value(node, HT.methodName)),
                path=str(manifest.value(node, HT.absolutePath)),
                headers=headers,
                body=body,
                expected_status=statuses,
                expected_format=str(fmt) if fmt is not None else None,
                expected_boolean=boolean.toPython() if boolean is not None else None,
            ))
        tests.append(ProtocolTest(str(entry).rsplit("#", 1)[1], str(manifest.value(entry, MF.name)), tuple(requests)))
    return tests


TESTS = _load_tests()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The protocol suite's data: data1..3.nt as the named graphs the manifest names."""
    folder = tmp_path_factory.mktemp("w3c")
    quads = []
    for i in (1, 2, 3):
        graph = f"<http://kasei.us/2009/09/sparql/data/data{i}.rdf>"
        for line in (PROTOCOL / f"data{i}.nt").read_text(encoding="utf-8").splitlines():
            if line.strip():
                quads.append(line.rstrip().removesuffix(".").rstrip() + f" {graph} .")
    (folder / "w3c.nq").write_text("\n".join(quads) + "\n", encoding="utf-8")
    with live_server([folder / "w3c.nq"], folder / "store", workers=1) as live:
        yield live


def _status_matches(status: int, expected: tuple[str, ...]) -> bool:
    return any(f"{status // 100}xx" == item for item in expected)


def _boolean(content_type: str, body: bytes) -> bool:
    if content_type == "application/sparql-results+json":
        return bool(json.loads(body)["boolean"])
    element = ET.fromstring(body).find(f"{SRX}boolean")
    assert element is not None and element.text is not None
    return element.text.strip() == "true"


def _send(server: LiveServer, request: HttpRequest) -> tuple[int, dict[str, str], bytes]:
    path = "/sparql" + request.path.removeprefix("/sparql/").removeprefix("/sparql")
    if not path.startswith("/sparql?") and path != "/sparql":
        path = "/sparql"
    return server.request(request.method, path, body=request.body, headers=request.headers)


@pytest.mark.parametrize("test", [t for t in TESTS if not t.is_update], ids=lambda t: t.name)
def test_query(server: LiveServer, test: ProtocolTest) -> None:
    for request in test.requests:
        status, headers, body = _send(server, request)
        assert _status_matches(status, request.expected_status), (test.title, status, body[:300])
        content_type = headers.get("content-type", "").split(";")[0].strip()
        if request.expected_format == "boolean":
            assert content_type in BOOLEAN
            if request.expected_boolean is not None:
                assert _boolean(content_type, body) is request.expected_boolean, test.title
        elif request.expected_format == "tabular":
            assert content_type in TABULAR
        elif request.expected_format == "RDF":
            assert content_type in RDF
            rdflib.Graph().parse(data=body, format={"application/rdf+xml": "xml", "text/turtle": "turtle",
                                                    "application/n-triples": "nt"}[content_type])


@pytest.mark.parametrize("test", [t for t in TESTS if t.is_update], ids=lambda t: t.name)
def test_update_is_refused(server: LiveServer, test: ProtocolTest) -> None:
    status, _, body = _send(server, test.requests[0])
    if 400 <= status < 500 and status != 403:
        # malformed before it is an update (no Content-Type, a non-UTF-8 charset...): refused all the same
        assert any(s == "4xx" for s in test.requests[0].expected_status) or status in (415,), (status, body)
        return
    assert status == 403, (test.title, status, body[:300])
    assert READ_ONLY in body


def test_the_suite_was_found() -> None:
    assert len(TESTS) == 34
    assert sum(not t.is_update for t in TESTS) >= 18


# ------------------------------------------------------------------------------ service description


def _description(server: LiveServer, accept: str) -> tuple[str, rdflib.Graph]:
    status, headers, body = server.request("GET", "/sparql", headers={"Accept": accept})
    assert status == 200
    content_type = headers["content-type"].split(";")[0]
    formats = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/ld+json": "json-ld",
               "application/n-triples": "nt"}
    return content_type, rdflib.Graph().parse(data=body, format=formats[content_type])


@pytest.mark.skipif(not SERVICE_DESCRIPTION.is_dir(), reason="no service-description suite")
@pytest.mark.parametrize("accept", ["*/*", "text/turtle", "application/rdf+xml", "application/ld+json"])
def test_service_description_returns_rdf(server: LiveServer, accept: str) -> None:
    content_type, graph = _description(server, accept)
    assert content_type in {"text/turtle", "application/rdf+xml", "application/ld+json"}
    assert len(graph) > 10


@pytest.mark.skipif(not SERVICE_DESCRIPTION.is_dir(), reason="no service-description suite")
def test_service_description_has_a_matching_endpoint_triple(server: LiveServer) -> None:
    _, graph = _description(server, "text/turtle")
    assert (None, SD.endpoint, rdflib.URIRef(server.endpoint)) in graph


# The terms of the SPARQL 1.1 Service Description vocabulary (https://www.w3.org/TR/sparql11-service-description/).
SD_CLASSES = {"Service", "Language", "Function", "Aggregate", "EntailmentRegime", "EntailmentProfile",
              "GraphCollection", "Dataset", "Graph", "NamedGraph", "Feature"}
SD_PROPERTIES = {"endpoint", "feature", "defaultEntailmentRegime", "defaultSupportedEntailmentProfile",
                 "supportedEntailmentProfile", "extensionFunction", "extensionAggregate", "languageExtension",
                 "supportedLanguage", "propertyFeature", "defaultDataset", "availableGraphs", "resultFormat",
                 "inputFormat", "defaultGraph", "namedGraph", "name", "graph", "entailmentRegime"}
SD_INDIVIDUALS = {"SPARQL10Query", "SPARQL11Query", "SPARQL11Update", "DereferencesURIs", "UnionDefaultGraph",
                  "RequiresDataset", "EmptyGraphs", "BasicFederatedQuery"}


@pytest.mark.skipif(not SERVICE_DESCRIPTION.is_dir(), reason="no service-description suite")
def test_service_description_conforms_to_the_vocabulary(server: LiveServer) -> None:
    _, graph = _description(server, "text/turtle")
    for s, p, o in graph:
        for term, allowed in ((p, SD_PROPERTIES), (o, SD_CLASSES | SD_INDIVIDUALS), (s, set())):
            if isinstance(term, rdflib.URIRef) and str(term).startswith(str(SD)):
                assert str(term).removeprefix(str(SD)) in allowed, term
    services = set(graph.subjects(rdflib.RDF.type, SD.Service))
    assert len(services) == 1
    service = services.pop()
    for language in graph.objects(service, SD.supportedLanguage):
        assert language in {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in graph  # it is read-only
    for dataset in graph.objects(service, SD.defaultDataset):
        assert (dataset, rdflib.RDF.type, SD.Dataset) in graph
        for default_graph in graph.objects(dataset, SD.defaultGraph):
            assert (default_graph, rdflib.RDF.type, SD.Graph) in graph
