"""Serving from a remote triple store: two app processes (gunicorn) on one `oxigraph serve`, same answers.

The web layer keeps no state over the store, so any number of app instances may share it; the store's
credentials (here a token, which Oxigraph ignores) never reach a log or an error page.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from flask import Flask
from rdflib import Graph

from linkeddata.store import build_store
from linkeddata.web import create_app
from tests.servers import (
    BASE,
    DIP,
    REPO,
    LiveServer,
    free_port,
    oxigraph_server,
    person_iri,
    write_diplomacy_fixture,
)

TOKEN = "s3cret-token-for-the-store"
PASSWORD = "pa55word-in-the-url"
MEETINGS = f"SELECT ?m ?date WHERE {{ ?m a <{DIP}Meeting> ; <{DIP}date> ?date }} ORDER BY ?m"
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
JSON = "application/sparql-results+json"


def oxigraph(location: Path, data: Path) -> contextlib.AbstractContextManager[str]:
    # Its own limit too: our time limit drops the connection, the store's stops the work.
    return oxigraph_server(location, data=data, timeout_s=5)


@contextlib.contextmanager
def app_process(store_url: str, log: Path) -> Iterator[LiveServer]:
    port = free_port()
    command = [sys.executable, "-m", "linkeddata.serve.server", "--store", store_url, "--store-flavour", "oxigraph",
               "--base-uri", BASE, "--port", str(port), "--workers", "2", "--timeout", "2",
               "--result-limit", "50", "--access-log"]
    env = {**os.environ, "LINKEDDATA_STORE_TOKEN": TOKEN}
    with log.open("wb") as stream:
        process = subprocess.Popen(command, cwd=REPO, stdout=stream, stderr=subprocess.STDOUT, env=env)
    server = LiveServer(f"http://127.0.0.1:{port}/sparql", port, log)
    try:
        for _ in range(600):
            if process.poll() is not None:
                raise RuntimeError(f"the server exited:\n{log.read_text(errors='replace')}")
            with contextlib.suppress(OSError):
                if server.request("GET", "/sparql?query=ASK%7B%7D", timeout=5)[0] == 200:
                    break
            time.sleep(0.1)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def fixture_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("remote-data") / "data.nq"
    write_diplomacy_fixture(path)
    return path


@pytest.fixture(scope="module")
def two_apps(fixture_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[LiveServer]]:
    work = tmp_path_factory.mktemp("remote-serve")
    with oxigraph(work / "oxigraph", fixture_data) as url:
        # A user:password in the URL must never be shown either (Oxigraph ignores it).
        url_with_password = url.replace("http://", f"http://reader:{PASSWORD}@")
        with app_process(url_with_password, work / "a.log") as first, app_process(url, work / "b.log") as second:
            yield [first, second]


@pytest.fixture(scope="module")
def embedded(fixture_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    store = tmp_path_factory.mktemp("embedded") / "store"
    build_store([fixture_data], store)
    app = create_app({"STORE_DIR": store, "BASE_URI": BASE, "RESULT_LIMIT": 50})
    yield app
    app.extensions["linkeddata"].close()


def _rows(body: bytes) -> list[dict[str, str]]:
    return [{k: v["value"] for k, v in row.items()} for row in json.loads(body)["results"]["bindings"]]


def test_two_app_processes_give_the_same_answers_as_the_embedded_store(two_apps: list[LiveServer],
                                                                        embedded: Flask) -> None:
    local = embedded.test_client()
    query = MEETINGS + " LIMIT 20"
    answers = [server.query(query, JSON) for server in two_apps]
    expected = local.get("/sparql", query_string={"query": query}, headers={"Accept": JSON})
    assert [status for status, _, _ in answers] == [200, 200]
    assert answers[0][2] == answers[1][2] == expected.data  # the same writers: the same bytes
    assert len(_rows(answers[0][2])) == 20

    construct = f"CONSTRUCT {{ <{person_iri(3)}> ?p ?o }} WHERE {{ <{person_iri(3)}> ?p ?o }}"
    graphs = [Graph().parse(data=server.query(construct, "text/turtle")[2], format="turtle") for server in two_apps]
    assert len(graphs[0]) > 2 and graphs[0].isomorphic(graphs[1])
    assert [server.query("ASK { ?s ?p ?o }", JSON)[2] for server in two_apps] == [b'{"head":{},"boolean":true}'] * 2


def test_resource_pages_and_data_read_the_remote_store(two_apps: list[LiveServer], embedded: Flask) -> None:
    local = embedded.test_client()
    path = "/id/person/p3"
    pages = [server.request("GET", f"/page{path}", headers={"Accept": "text/html"}) for server in two_apps]
    assert [status for status, _, _ in pages] == [200, 200]
    assert pages[0][2] == pages[1][2]
    assert b"Person 3" in pages[0][2]
    data = [server.request("GET", f"/data{path}.nt")[2] for server in two_apps]
    expected = local.get(f"/data{path}.nt").data
    assert data[0] == data[1] == expected
    status, headers, _ = two_apps[0].request("GET", path, headers={"Accept": "text/turtle"})
    assert status == 303 and headers["location"] == f"/data{path}.ttl"
    assert two_apps[1].request("GET", "/id/person/nobody")[0] == 404
    graph = [server.request("GET", "/data/graph/article-2.nt")[2] for server in two_apps]
    assert graph[0] == graph[1] == local.get("/data/graph/article-2.nt").data
    assert [server.request("GET", "/")[0] for server in two_apps] == [200, 200]


def test_search_and_reconciliation_read_the_remote_store(two_apps: list[LiveServer], embedded: Flask) -> None:
    local = embedded.test_client()
    target = "/search?format=json&q=person+3"
    answers = [json.loads(server.request("GET", target)[2])["results"] for server in two_apps]
    expected = json.loads(local.get(target).data)["results"]
    ranked = [[(r["id"], r["score"], r["occurrences"]) for r in answer] for answer in (*answers, expected)]
    assert ranked[0] == ranked[1] == ranked[2]
    assert answers[0][0]["id"] == person_iri(3)
    queries = urllib.parse.urlencode({"queries": json.dumps({"q0": {"query": "Person 3"}})}).encode()
    status, _, body = two_apps[1].request("POST", "/reconcile", queries,
                                          {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and json.loads(body)["q0"]["result"][0]["id"] == person_iri(3)


def test_the_endpoint_rules_hold_over_the_remote_store(two_apps: list[LiveServer]) -> None:
    server = two_apps[0]
    status, headers, body = server.query(MEETINGS, JSON)
    assert status == 200 and headers["x-result-truncated"] == "true" and len(_rows(body)) == 50
    status, _, body = server.query("SELECT ?s WHERE { ?s ?p }", "text/plain")
    assert status == 400 and b"Malformed query" in body
    assert server.query("INSERT DATA { <http://a> <http://b> <http://c> }", JSON)[0] == 403
    assert server.query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", JSON)[0] == 403
    assert server.query(MEETINGS, "image/png")[0] == 406
    started = time.monotonic()
    status, _, body = server.query(ENDLESS, JSON)
    assert status == 503 and b"limit" in body
    assert time.monotonic() - started < 4.5
    assert server.query("ASK { ?s ?p ?o }", JSON)[0] == 200  # the worker is free again


def test_credentials_never_appear_in_logs_or_pages(two_apps: list[LiveServer]) -> None:
    for server in two_apps:
        server.query("SELECT ?s WHERE { ?s ?p }", "text/html")
        server.query(ENDLESS, "text/html")
        server.request("GET", "/page/id/person/p1")
    for server in two_apps:
        log = server.log.read_text(errors="replace")
        assert TOKEN not in log and PASSWORD not in log


class _Recorder(http.server.BaseHTTPRequestHandler):
    """A store that refuses everyone, remembering the Authorization header it was sent."""

    seen: ClassVar[list[str | None]] = []

    def do_POST(self) -> None:
        self.seen.append(self.headers.get("Authorization"))
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = f"no entry for {self.headers.get('Authorization')}".encode()
        self.send_response(401)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.parametrize("accept", ["text/html", "text/plain", "application/json"])
def test_a_refusing_or_absent_store_is_a_503_that_names_no_secret(monkeypatch: pytest.MonkeyPatch,
                                                                  accept: str) -> None:
    monkeypatch.setenv("LINKEDDATA_STORE_TOKEN", TOKEN)
    refusing = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=refusing.serve_forever, daemon=True).start()
    closed = free_port()
    try:
        for url, said in ((f"http://reader:{PASSWORD}@127.0.0.1:{refusing.server_port}", b"refused access"),
                          (f"http://reader:{PASSWORD}@127.0.0.1:{closed}", b"cannot be reached")):
            client = create_app({"STORE_URL": url, "BASE_URI": BASE}).test_client()
            for response in (client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": accept}),
                             client.get("/page/id/person/p1", headers={"Accept": accept}),
                             client.get("/", headers={"Accept": accept})):
                assert response.status_code == 503, response.data
                assert said in response.data
                assert TOKEN.encode() not in response.data and PASSWORD.encode() not in response.data
                assert b"Traceback" not in response.data
    finally:
        refusing.shutdown()
    assert _Recorder.seen and set(_Recorder.seen) == {f"Bearer {TOKEN}"}  # sent to the store, shown nowhere


def test_serve_store_is_a_folder_or_a_url(tmp_path: Path) -> None:
    import argparse

    from linkeddata.serve.server import app_config, configure_parser

    def arguments(*argv: str) -> argparse.Namespace:
        parser = argparse.ArgumentParser()
        configure_parser(parser)
        return parser.parse_args(list(argv))

    build = tmp_path / "build"
    build.mkdir()
    write_diplomacy_fixture(build / "dataset.nq")
    (build / "manifest.json").write_text(json.dumps({"base_uri": BASE}), encoding="utf-8")
    remote = app_config(arguments("--store", "https://store.example.org/news", "--store-flavour", "fuseki",
                                  "--data", str(build)))
    assert remote["STORE_URL"] == "https://store.example.org/news" and remote["STORE_FLAVOUR"] == "fuseki"
    assert remote["DATA_DIR"] == build and "STORE_DIR" not in remote
    assert not (build / "store").exists()  # nothing loaded locally
    local = app_config(arguments("--store", str(tmp_path / "elsewhere"), "--data", str(build)))
    assert local["STORE_DIR"] == tmp_path / "elsewhere" and "STORE_URL" not in local
    with pytest.raises(SystemExit):
        app_config(arguments("--store", "http://127.0.0.1:7878", "--data", str(build / "dataset.nq")))


def test_a_store_whose_default_graph_is_not_the_union_is_refused_at_start(fixture_data: Path, tmp_path: Path) -> None:
    with oxigraph_server(tmp_path / "oxigraph", data=fixture_data, union=False) as url:
        run = subprocess.run([sys.executable, "-m", "linkeddata.serve.server", "--store", url, "--store-flavour",
                              "oxigraph", "--base-uri", BASE, "--port", str(free_port())],
                             cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode != 0
    said = run.stderr
    assert "default graph the union of its named graphs" in said
    assert "oxigraph serve --union-default-graph" in said and "docs/stores.md" in said
    assert "Traceback" not in said
