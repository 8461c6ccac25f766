"""Downloads: the listing (size, triples, time, checksum), conditional and ranged GETs, gzip, no escape
from the build folder; `/.well-known/void`; rapper parsing every download of a live server."""

from __future__ import annotations

import gzip
import hashlib
import html
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from flask.testing import FlaskClient
from rdflib import RDF, URIRef
from rdflib.namespace import DCAT, VOID

from linkeddata.output import DUMP_FILES
from linkeddata.vocab import SPDX
from tests.live_pages import BASE, parse_page
from tests.rdf_documents import parse_rdf
from tests.servers import LiveServer, live_server


def listed(client: FlaskClient) -> list[str]:
    body = client.get("/downloads").get_data(as_text=True)
    return [link.removeprefix("/downloads/") for link in parse_page(body).links if link.startswith("/downloads/")]


def test_listing_names_every_file(client: FlaskClient, handmade_build: Path) -> None:
    names = listed(client)
    for dump in DUMP_FILES:
        assert dump in names and f"{dump}.gz" in names
    assert {"ontology.ttl", "shapes.ttl", "void.ttl", "graphs/handmade-1.ttl", "graphs/hostile-2.ttl"} <= set(names)
    assert not [n for n in names if n.startswith("store") or n in ("manifest.json", "registry.json")]


def test_listing_gives_size_triples_time_and_checksum(client: FlaskClient, handmade_build: Path) -> None:
    body = client.get("/downloads").get_data(as_text=True)
    rows = re.findall(r"<tr>\s*<td><a href=\"/downloads/([^\"]+)\".*?</tr>", body, re.DOTALL)
    assert len(rows) >= 11
    for name in ("dataset.nt", "graphs/handmade-1.ttl", "ontology.ttl", "dataset.nq.gz"):
        path = handmade_build / name
        row = re.search(rf"<tr>\s*<td><a href=\"/downloads/{re.escape(name)}\".*?</tr>", body, re.DOTALL)
        assert row is not None
        cells = [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
                 for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.DOTALL)]
        assert cells[3] == f"{path.stat().st_size:,}"
        data = gzip.decompress(path.read_bytes()) if name.endswith(".gz") else path.read_bytes()
        syntax = "nquads" if ".nq" in name else "nt" if ".nt" in name else "turtle"
        if syntax == "nquads":
            count = len(set(rdflib.Dataset().parse(data=data, format=syntax).quads()))
        else:
            count = len(rdflib.Graph().parse(data=data, format=syntax))
        assert cells[4] == f"{count:,}", name
        assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", cells[5])
        assert cells[6] == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", ["dataset.ttl", "dataset.nt", "dataset.nq", "graphs/handmade-1.ttl", "void.ttl"])
def test_files_are_served_as_they_are_with_their_media_type(client: FlaskClient, handmade_build: Path,
                                                            name: str) -> None:
    response = client.get(f"/downloads/{name}")
    assert response.status_code == 200
    assert response.get_data() == (handmade_build / name).read_bytes()
    expected = {"ttl": "text/turtle", "nt": "application/n-triples", "nq": "application/n-quads"}
    assert response.mimetype == expected[name.rsplit(".", 1)[-1]]
    assert response.headers["ETag"] and response.headers["Last-Modified"]
    assert response.headers["Accept-Ranges"] == "bytes"


def test_conditional_get(client: FlaskClient) -> None:
    first = client.get("/downloads/dataset.nt")
    by_tag = client.get("/downloads/dataset.nt", headers={"If-None-Match": first.headers["ETag"]})
    assert by_tag.status_code == 304 and by_tag.get_data() == b""
    by_date = client.get("/downloads/dataset.nt", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert by_date.status_code == 304


def test_range(client: FlaskClient, handmade_build: Path) -> None:
    response = client.get("/downloads/dataset.nq", headers={"Range": "bytes=10-109"})
    assert response.status_code == 206
    assert response.get_data() == (handmade_build / "dataset.nq").read_bytes()[10:110]
    assert response.headers["Content-Range"].startswith("bytes 10-109/")


def test_gzip_for_clients_that_accept_it(client: FlaskClient, handmade_build: Path) -> None:
    plain = client.get("/downloads/dataset.ttl")
    packed = client.get("/downloads/dataset.ttl", headers={"Accept-Encoding": "gzip, deflate"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    assert packed.headers["ETag"] != plain.headers["ETag"]  # another representation, another tag
    copy = client.get("/downloads/dataset.ttl.gz")
    assert copy.mimetype == "application/gzip" and "Content-Encoding" not in copy.headers
    assert copy.get_data() == (handmade_build / "dataset.ttl.gz").read_bytes()


@pytest.mark.parametrize("path", ["/downloads/../manifest.json", "/downloads/%2e%2e/manifest.json",
                                  "/downloads/manifest.json", "/downloads/registry.json", "/downloads/store/CURRENT",
                                  "/downloads//etc/passwd", "/downloads/graphs/../../manifest.json",
                                  "/downloads/graphs/nope.ttl", "/downloads/report.txt"])
def test_nothing_outside_the_listing_is_served(client: FlaskClient, path: str) -> None:
    # Werkzeug merges doubled slashes with a 308 first: follow it.
    response = client.get(path, follow_redirects=True)
    assert response.status_code == 404


def void_graph(client: FlaskClient, accept: str = "text/turtle") -> rdflib.Graph:
    response = client.get("/.well-known/void", headers={"Accept": accept})
    assert response.status_code == 200
    assert "Accept" in response.headers["Vary"]
    syntax = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt",
              "application/rdf+xml": "xml"}[accept]
    return parse_rdf(client, response.get_data(), syntax)


@pytest.mark.parametrize("accept", ["text/turtle", "application/ld+json", "application/n-triples",
                                    "application/rdf+xml"])
def test_well_known_void_is_negotiated(client: FlaskClient, accept: str) -> None:
    graph = void_graph(client, accept)
    dataset = URIRef(f"{BASE}dataset")
    assert (dataset, RDF.type, VOID.Dataset) in graph
    assert (dataset, VOID.sparqlEndpoint, URIRef(f"{BASE}sparql")) in graph


def test_void_describes_endpoint_dumps_licence_partitions_and_linksets(client: FlaskClient) -> None:
    graph = void_graph(client)
    dataset = URIRef(f"{BASE}dataset")
    assert graph.value(dataset, URIRef("http://purl.org/dc/terms/license")) is not None
    assert graph.value(dataset, URIRef("http://purl.org/dc/terms/publisher")) is not None
    assert graph.value(dataset, VOID.uriSpace) is not None
    assert int(graph.value(dataset, VOID.triples)) > 0 and int(graph.value(dataset, VOID.entities)) > 0
    dumps = {str(d) for d in graph.objects(dataset, VOID.dataDump)}
    assert {f"{BASE}downloads/{name}" for name in DUMP_FILES} <= dumps
    downloads = [d for d in graph.objects(dataset, DCAT.distribution) if (d, DCAT.downloadURL, None) in graph]
    assert len(downloads) == 2 * len(DUMP_FILES)  # each dump and its .gz copy; the services are accessed
    for distribution in downloads:
        checksum = graph.value(distribution, SPDX.checksum)
        assert checksum is not None and graph.value(checksum, SPDX.checksumValue) is not None
    assert len(list(graph.objects(dataset, VOID.classPartition))) > 3
    linksets = [s for s in graph.subjects(RDF.type, VOID.Linkset)]
    targets = {str(graph.value(s, VOID.objectsTarget)) for s in linksets}
    assert {"http://www.wikidata.org/", "https://www.geonames.org/"} <= targets
    # Every dump the description names is served, with the checksum it states.
    for distribution in downloads:
        url = str(graph.value(distribution, DCAT.downloadURL))
        body = client.get("/" + url.removeprefix(BASE)).get_data()
        stated = str(graph.value(graph.value(distribution, SPDX.checksum), SPDX.checksumValue))
        assert hashlib.sha256(body).hexdigest() == stated


def test_void_page_for_browsers(client: FlaskClient) -> None:
    response = client.get("/.well-known/void", headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert response.headers["Content-Location"] == "/page/dataset"


# ------------------------------------------------------------------------------------ rapper, live server


@pytest.fixture(scope="module")
def server(handmade_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server([handmade_build], tmp_path_factory.mktemp("dumps") / "store", workers=1) as live:
        yield live


def test_rapper_parses_every_download(server: LiveServer, client: FlaskClient, tmp_path: Path) -> None:
    if shutil.which("rapper") is None:
        pytest.skip("rapper (raptor2-utils) is not installed")
    syntaxes = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads"}
    for name in listed(client):
        url = f"http://127.0.0.1:{server.port}/downloads/{name}"
        if name.endswith(".gz"):
            status, _, body = server.request("GET", f"/downloads/{name}")
            assert status == 200
            target = tmp_path / name.replace("/", "_").removesuffix(".gz")
            target.write_bytes(gzip.decompress(body))
            source, syntax = str(target), syntaxes[name.removesuffix(".gz").rsplit(".", 1)[-1]]
        else:
            source, syntax = url, syntaxes[name.rsplit(".", 1)[-1]]
        completed = subprocess.run(["rapper", "-q", "-i", syntax, "-c", source], capture_output=True, text=True,
                                   timeout=120)
        assert completed.returncode == 0, (name, completed.stderr)
