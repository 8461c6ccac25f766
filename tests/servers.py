"""Live servers and small datasets for the endpoint tests (imported by them, not a conftest).

`live_server()` starts the real production server (`python -m linkeddata.serve.server`, gunicorn) on a
free loopback port and stops it afterwards; `write_diplomacy_fixture()` writes a small N-Quads dataset
in the shape of ours.
"""

from __future__ import annotations

import contextlib
import http.client
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from linkeddata import vocab

REPO = Path(__file__).resolve().parent.parent
# The vocabulary's namespaces as strings, from the one place that declares them.
DIP, SCHEMA, ORG, XSD = (str(vocab.DIP), str(vocab.SCHEMA), str(vocab.ORG), str(vocab.XSD))
RDF_TYPE, RDFS_LABEL = str(vocab.RDF.type), str(vocab.RDFS.label)
BASE = "https://example.org/diplomacy/"

PERSONS = 40
MEETINGS = 120
HOSTILE_LABEL = '<script>alert("x")</script> & co'


def person_iri(i: int) -> str:
    return f"{BASE}id/person/p{i}"


def graph_iri(article: int) -> str:
    return f"{BASE}graph/article-{article}"


def _literal(text: str, *, lang: str | None = None, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if lang:
        return f'"{escaped}"@{lang}'
    return f'"{escaped}"^^<{datatype}>' if datatype else f'"{escaped}"'


def write_diplomacy_fixture(path: Path) -> int:
    """Persons holding posts, meetings between them, one named graph per article; returns the quad count."""
    lines: list[str] = []

    def quad(s: str, p: str, o: str, g: str) -> None:
        lines.append(f"<{s}> <{p}> {o} <{g}> .")

    for m in range(MEETINGS):
        article = m // 3
        g = graph_iri(article)
        meeting = f"{BASE}id/event/m{m}"
        a, b = m % PERSONS, (m * 7 + 1) % PERSONS
        quad(meeting, RDF_TYPE, f"<{DIP}Meeting>", g)
        quad(meeting, f"{DIP}participant", f"<{person_iri(a)}>", g)
        quad(meeting, f"{DIP}participant", f"<{person_iri(b)}>", g)
        quad(meeting, f"{DIP}date", _literal(f"2025-{m % 12 + 1:02d}-{m % 28 + 1:02d}", datatype=f"{XSD}date"), g)
        quad(meeting, f"{DIP}reportedIn", f"<{BASE}id/article/{article}>", g)
        for person in (a, b):
            quad(person_iri(person), RDF_TYPE, f"<{SCHEMA}Person>", g)
            quad(person_iri(person), RDFS_LABEL, _literal(f"Person {person}", lang="en"), g)
            quad(person_iri(person), f"{ORG}holds", f"<{BASE}id/post/post{person}>", g)
            quad(f"{BASE}id/post/post{person}", RDFS_LABEL, _literal(f"Minister number {person}", lang="en"), g)
        quad(f"{BASE}id/article/{article}", RDF_TYPE, f"<{SCHEMA}NewsArticle>", g)
    hostile = graph_iri(10_000)
    quad(f"{BASE}id/person/hostile", RDFS_LABEL, _literal(HOSTILE_LABEL), hostile)
    quad(f"{BASE}id/person/hostile", f"{SCHEMA}url", "<javascript:alert(1)>", hostile)
    unique = sorted(set(lines))
    path.write_text("\n".join(unique) + "\n", encoding="utf-8")
    return len(unique)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class LiveServer:
    endpoint: str  # http://127.0.0.1:PORT/sparql
    port: int
    log: Path

    def request(self, method: str, target: str, body: bytes | None = None,
                headers: dict[str, str] | None = None, timeout: float = 60) -> tuple[int, dict[str, str], bytes]:
        """One HTTP request on a fresh connection; (status, lower-cased headers, body)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, target, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()

    def query(self, query: str, accept: str = "application/sparql-results+json", **params: str | list[str],
              ) -> tuple[int, dict[str, str], bytes]:
        pairs: list[tuple[str, str]] = [("query", query)]
        for name, value in params.items():
            for item in value if isinstance(value, list) else [value]:
                pairs.append((name.replace("_", "-"), item))
        return self.request("GET", "/sparql?" + urllib.parse.urlencode(pairs), headers={"Accept": accept})


@contextlib.contextmanager
def live_server(data: Sequence[Path], store: Path, *, workers: int = 2, timeout: float = 10,
                result_limit: int | None = None, extra: Sequence[str] = ()) -> Iterator[LiveServer]:
    port = free_port()
    log = store.parent / f"server-{port}.log"
    command = [sys.executable, "-m", "linkeddata.serve.server", "--data", *map(str, data), "--store", str(store),
               "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers), "--timeout", str(timeout),
               *extra]
    if result_limit is not None:
        command += ["--result-limit", str(result_limit)]
    with log.open("wb") as log_stream:
        process = subprocess.Popen(command, cwd=REPO, stdout=log_stream, stderr=subprocess.STDOUT)
    server = LiveServer(f"http://127.0.0.1:{port}/sparql", port, log)
    try:
        _wait_until_up(server, process)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(server: LiveServer, process: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode}):\n{server.log.read_text(errors='replace')}")
        try:
            status, _, _ = server.request("GET", "/sparql?query=ASK%7B%7D", timeout=5)
        except OSError:
            time.sleep(0.1)
            continue
        if status == 200:
            return
        time.sleep(0.1)
    raise RuntimeError(f"the server did not come up:\n{server.log.read_text(errors='replace')}")


@contextlib.contextmanager
def oxigraph_server(location: Path, *, data: Path | None = None, timeout_s: int | None = None,
                    union: bool = True) -> Iterator[str]:
    """`oxigraph serve --union-default-graph` (without the flag if not `union`) on a free loopback port (its
    URL), loaded with `data` N-Quads."""
    binary = shutil.which("oxigraph")
    if binary is None:
        pytest.skip("the oxigraph server (PyPI package oxigraph) is not installed")
    port = free_port()
    command = [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    if union:
        command.append("--union-default-graph")
    if timeout_s is not None:
        command += ["--timeout-s", str(timeout_s)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                time.sleep(0.05)
        if data is not None:
            load = urllib.request.Request(f"{url}/store", data=data.read_bytes(), method="POST",
                                          headers={"Content-Type": "application/n-quads"})
            urllib.request.urlopen(load, timeout=30).read()
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGUMENTS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync", "--no-first-run"]


@contextlib.contextmanager
def debian_chromium() -> Iterator[object]:
    """Debian's chromium driven by Playwright (never a downloaded browser), or a clean skip without it."""
    if not CHROMIUM.is_file() or shutil.which(str(CHROMIUM)) is None:
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGUMENTS)
        try:
            yield launched
        finally:
            launched.close()


def query_processes(store: str | Path) -> list[int]:
    """The pids of the query processes serving `store` (read off /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"--serve-queries" in command and str(store).encode() in command:
                found.append(int(entry.name))
    return found
