"""Headers of every read, against the live server over a real build: CORS, so that a script on any site can
read the data documents, VoID and the downloads as it can query the endpoint, and Content-Type values
with their parameters once."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import SCHEMA, LiveServer, live_server


@pytest.fixture(scope="module")
def server(seed_build: Path) -> Iterator[LiveServer]:
    with live_server([seed_build], seed_build / "store", workers=1) as live:
        yield live


@pytest.fixture(scope="module")
def data_document(server: LiveServer, seed_build: Path) -> str:
    """The path of the Turtle document about a person of the build, as its identifier's 303 gives it."""
    base = json.loads((seed_build / "manifest.json").read_text(encoding="utf-8"))["base_uri"]
    status, _, body = server.query(f"SELECT ?p WHERE {{ ?p a <{SCHEMA}Person> }} LIMIT 1")
    assert status == 200
    person = json.loads(body)["results"]["bindings"][0]["p"]["value"]
    assert person.startswith(base)
    status, headers, _ = server.request("GET", "/" + person[len(base):], headers={"Accept": "text/turtle"})
    assert status == 303
    return urllib.parse.urlsplit(headers["location"]).path


def _reads(data_document: str) -> list[tuple[str, str]]:
    return [(data_document, "text/turtle"), ("/.well-known/void", "text/turtle"),
            ("/.well-known/void", "application/ld+json"), ("/downloads/dataset.ttl", "*/*"),
            ("/downloads/dataset.nt.gz", "*/*"), ("/downloads/", "text/html"), ("/sparql", "text/turtle")]


def test_every_read_is_open_to_scripts_of_any_site(server: LiveServer, data_document: str) -> None:
    for path, accept in _reads(data_document):
        status, headers, _ = server.request("GET", path, headers={"Accept": accept, "Origin": "https://elsewhere.example"})
        assert status == 200, path
        assert headers.get("access-control-allow-origin") == "*", path
        assert "etag" in headers.get("access-control-expose-headers", "").lower(), path
    missing = server.request("GET", "/downloads/no-such-file.ttl")
    assert missing[0] == 404 and missing[1].get("access-control-allow-origin") == "*"


def test_a_preflight_is_answered(server: LiveServer, data_document: str) -> None:
    status, headers, _ = server.request("OPTIONS", data_document, headers={
        "Origin": "https://elsewhere.example", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "accept"})
    assert status == 200
    assert headers["access-control-allow-origin"] == "*"
    assert "GET" in headers["access-control-allow-methods"]
    assert "accept" in headers["access-control-allow-headers"].lower()


def test_content_type_parameters_come_once(server: LiveServer, data_document: str) -> None:
    for encoding in ("identity", "gzip"):
        status, headers, _ = server.request("GET", "/downloads/dataset.ttl", headers={"Accept-Encoding": encoding})
        assert status == 200
        assert headers["content-type"] == "text/turtle; charset=utf-8", encoding
    for path, accept in _reads(data_document):
        _, headers, _ = server.request("GET", path, headers={"Accept": accept})
        assert headers["content-type"].lower().count("charset") <= 1, (path, headers["content-type"])
