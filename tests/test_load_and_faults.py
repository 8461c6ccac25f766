"""Load and faults on the production server (gunicorn, loopback only): a bounded mixed load with zero errors
and its latency percentiles printed; a worker killed mid-load; a build crashing, then succeeding, while the
previous one is served; a server started on a missing, empty or damaged dataset; a slow client reading the
largest dump while the worker's memory is watched.

Latency is reported (run with -s to see it), never asserted: CI machines vary. `LINKEDDATA_LOAD_REQUESTS`
and `LINKEDDATA_LOAD_CLIENTS` scale the load (default 5,000 requests from 64 clients).
"""

from __future__ import annotations

import gzip
import hashlib
import http.client
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import textwrap
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from linkeddata.store import ensure_store
from tests.hostile import HostileBuild, make_hostile_build, parent_of, rss_bytes, server_processes, settled_workers
from tests.live_pages import BASE, write_articles
from tests.servers import RDFS_LABEL, REPO, LiveServer, free_port, live_server, query_processes

REQUESTS = int(os.environ.get("LINKEDDATA_LOAD_REQUESTS", "5000"))
CLIENTS = int(os.environ.get("LINKEDDATA_LOAD_CLIENTS", "64"))
BIG_DUMP_BYTES = 64 << 20
JSON = "application/sparql-results+json"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def write_big_dump(path: Path, size: int) -> None:
    """Valid N-Triples of about `size` bytes (the largest dump a client may fetch)."""
    with path.open("w", encoding="ascii") as out:
        written, i = 0, 0
        while written < size:
            line = f'<{BASE}id/person/p{i}> <{RDFS_LABEL}> "Person number {i} of a large generated dump" .\n'
            out.write(line)
            written += len(line)
            i += 1
    with path.open("rb") as plain, gzip.open(path.with_name(path.name + ".gz"), "wb", compresslevel=1) as packed:
        shutil.copyfileobj(plain, packed)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> HostileBuild:
    built = make_hostile_build(tmp_path_factory.mktemp("load"))
    write_big_dump(built.folder / "dataset.nt", BIG_DUMP_BYTES)
    return built


@pytest.fixture(scope="module")
def server(hostile: HostileBuild, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server([hostile.folder], tmp_path_factory.mktemp("load-live") / "store", workers=2,
                     timeout=10) as live:
        yield live


# ------------------------------------------------------------------------------------ the load


@dataclass(frozen=True)
class Outcome:
    kind: str
    seconds: float
    error: str | None  # None: the answer was right


def _get(port: int, target: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", target, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def mixed_requests(hostile: HostileBuild, expected_count: int) -> list[tuple[str, Callable[[int], str | None]]]:
    """(kind, check) pairs; a check sends one request to a port and says what was wrong, if anything."""
    graph_file = (hostile.folder / "graphs" / "handmade-1.ttl").read_bytes()
    void = (hostile.folder / "void.ttl").read_bytes()
    big = hostile.folder / "dataset.nt"

    def label_query(port: int) -> str | None:
        query = f'SELECT ?label WHERE {{ <{BASE}id/person/ana-ruiz> <{RDFS_LABEL}> ?label }}'
        status, _, body = _get(port, "/sparql?" + urllib.parse.urlencode({"query": query}), {"Accept": JSON})
        labels = [b["label"]["value"] for b in json.loads(body)["results"]["bindings"]] if status == 200 else []
        return None if labels == ["Ana Ruiz"] else f"{status} {body[:200]!r}"

    def count_query(port: int) -> str | None:
        status, _, body = _get(port, "/sparql?" + urllib.parse.urlencode({"query": COUNT}), {"Accept": JSON})
        count = int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) if status == 200 else None
        return None if count == expected_count else f"{status} {body[:200]!r}"

    def page(port: int) -> str | None:
        status, _, body = _get(port, "/page/id/person/ana-ruiz", {"Accept": "text/html"})
        return None if status == 200 and b"<h1>Ana Ruiz</h1>" in body else f"{status} {body[:200]!r}"

    def article(port: int) -> str | None:
        status, _, body = _get(port, "/page/id/article/hostile-2")
        return None if status == 200 and b"&lt;script&gt;" in body else f"{status} {body[:200]!r}"

    def identifier(port: int) -> str | None:
        status, headers, _ = _get(port, "/id/person/olu-bello", {"Accept": "text/turtle"})
        ok = status == 303 and headers.get("location") == "/data/id/person/olu-bello.ttl"
        return None if ok else f"{status} {headers}"

    def data(port: int) -> str | None:
        status, _, body = _get(port, "/data/id/country/mt.ttl")
        return None if status == 200 and b"Malta" in body else f"{status} {body[:200]!r}"

    def graph_dump(port: int) -> str | None:
        status, _, body = _get(port, "/downloads/graphs/handmade-1.ttl")
        return None if status == 200 and body == graph_file else f"{status} {len(body)} bytes"

    def void_dump(port: int) -> str | None:
        status, _, body = _get(port, "/downloads/void.ttl")
        return None if status == 200 and body == void else f"{status} {len(body)} bytes"

    def dump_range(port: int) -> str | None:
        start = random.randrange(0, BIG_DUMP_BYTES - 70_000)
        status, _, body = _get(port, "/downloads/dataset.nt", {"Range": f"bytes={start}-{start + 65_535}"})
        with big.open("rb") as file:
            file.seek(start)
            expected = file.read(65_536)
        return None if status == 206 and body == expected else f"{status} {len(body)} bytes"

    def home(port: int) -> str | None:
        status, _, body = _get(port, "/")
        return None if status == 200 and b"<h1>" in body else f"{status} {body[:200]!r}"

    weights = [(label_query, 20), (count_query, 10), (page, 15), (article, 5), (identifier, 15), (data, 10),
               (graph_dump, 8), (void_dump, 5), (dump_range, 7), (home, 5)]
    return [(check.__name__, check) for check, weight in weights for _ in range(weight)]


def run_load(port: int, plan: list[tuple[str, Callable[[int], str | None]]], requests: int, clients: int,
             stop: threading.Event | None = None) -> list[Outcome]:
    rng = random.Random(6)
    chosen = [rng.choice(plan) for _ in range(requests)]

    def one(item: tuple[str, Callable[[int], str | None]]) -> Outcome:
        kind, check = item
        if stop is not None and stop.is_set():
            return Outcome(kind, 0.0, "not sent")
        started = time.perf_counter()
        try:
            error = check(port)
        except (OSError, http.client.HTTPException, ValueError, KeyError) as failure:
            error = f"{type(failure).__name__}: {failure}"
        return Outcome(kind, time.perf_counter() - started, error)

    with ThreadPoolExecutor(max_workers=clients) as pool:
        return list(pool.map(one, chosen))


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else ordered * 99
    return (f"p50 {cuts[49] * 1000:7.1f} ms  p90 {cuts[89] * 1000:7.1f} ms  p99 {cuts[98] * 1000:7.1f} ms  "
            f"max {ordered[-1] * 1000:7.1f} ms")


def report(outcomes: list[Outcome], elapsed: float, title: str) -> str:
    by_kind: dict[str, list[float]] = defaultdict(list)
    for outcome in outcomes:
        by_kind[outcome.kind].append(outcome.seconds)
    lines = [f"{title}: {len(outcomes)} requests in {elapsed:.1f} s ({len(outcomes) / elapsed:.0f} req/s)",
             f"  {'all':<12} n={len(outcomes):<5} {percentiles([o.seconds for o in outcomes])}"]
    lines += [f"  {kind:<12} n={len(times):<5} {percentiles(times)}" for kind, times in sorted(by_kind.items())]
    return "\n".join(lines)


def _count(server: LiveServer) -> int:
    status, _, body = server.query(COUNT)
    assert status == 200
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


@pytest.mark.slow
def test_mixed_load_zero_errors(server: LiveServer, hostile: HostileBuild) -> None:
    plan = mixed_requests(hostile, _count(server))
    run_load(server.port, plan, 200, 16)  # warm every worker's caches first
    started = time.perf_counter()
    alone = run_load(server.port, plan, 300, 1)  # the service time, without queueing, for comparison
    print("\n" + report(alone, time.perf_counter() - started, "one client"))
    started = time.perf_counter()
    outcomes = run_load(server.port, plan, REQUESTS, CLIENTS)
    elapsed = time.perf_counter() - started
    print(report(outcomes, elapsed, f"mixed load, {CLIENTS} clients, 2 gunicorn workers"))
    outcomes += alone
    errors = Counter(f"{o.kind}: {o.error}" for o in outcomes if o.error)
    assert not errors, errors.most_common(5)
    log = server.log.read_text(errors="replace")
    assert "Traceback" not in log and "[ERROR]" not in log, log[-3000:]


@pytest.mark.slow
def test_a_worker_killed_mid_load_is_replaced_and_loses_only_its_request(server: LiveServer,
                                                                        hostile: HostileBuild) -> None:
    store = server.log.parent / "store"
    workers = settled_workers(server.port, 2)  # an earlier test may have retired one
    master, _ = server_processes(server.port)
    assert master is not None and len(workers) == 2, (master, workers)
    plan = [item for item in mixed_requests(hostile, _count(server)) if item[0] != "dump_range"]
    stop = threading.Event()
    outcomes: list[Outcome] = []
    loader = threading.Thread(target=lambda: outcomes.extend(run_load(server.port, plan, 3000, 16, stop)))
    loader.start()
    time.sleep(1.5)
    victim = workers[0]
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        _, now = server_processes(server.port)
        if len(now) == 2 and victim not in now:
            break
        time.sleep(0.1)
    time.sleep(1.0)  # the replacement answers while the load goes on
    stop.set()
    loader.join()
    _, replaced = server_processes(server.port)
    assert len(replaced) == 2 and victim not in replaced, replaced
    sent = [o for o in outcomes if o.error != "not sent"]
    failed = [o for o in sent if o.error]
    print(f"\nworker {victim} killed: {len(sent)} requests sent, {len(failed)} failed: "
          f"{[o.error for o in failed]}")
    # A sync worker holds one request at a time: only that one may be lost, and only as a broken connection.
    assert len(failed) <= 1, failed
    assert all(o.error and o.error.startswith(("RemoteDisconnected", "ConnectionResetError", "BadStatusLine",
                                               "IncompleteRead")) for o in failed), failed
    assert len(sent) > 100
    deadline = time.monotonic() + 10
    while orphans(store, replaced) and time.monotonic() < deadline:  # the victim's died with it
        time.sleep(0.1)
    assert not orphans(store, replaced)
    assert _count(server) > 0


def orphans(store: Path, workers: list[int]) -> list[int]:
    """Query processes of `store` whose worker is not one of `workers`."""
    return [pid for pid in query_processes(store) if parent_of(pid) not in workers]


@pytest.mark.slow
def test_memory_stays_bounded_while_a_slow_client_reads_the_largest_dump(
        hostile: HostileBuild, tmp_path: Path) -> None:
    path = hostile.folder / "dataset.nt"
    size = path.stat().st_size
    with live_server([hostile.folder], tmp_path / "store", workers=1) as live:
        _, workers = server_processes(live.port)
        assert len(workers) == 1
        worker = workers[0]
        assert _get(live.port, "/downloads/void.ttl")[0] == 200
        baseline = rss_bytes(worker)
        digest = hashlib.sha256()
        samples = []
        with socket.create_connection(("127.0.0.1", live.port)) as connection:
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32 << 10)
            connection.sendall(b"GET /downloads/dataset.nt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            head = b""
            while b"\r\n\r\n" not in head:
                head += connection.recv(4096)
            head, _, first = head.partition(b"\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 200"), head
            digest.update(first)
            received = len(first)
            slow_until = time.monotonic() + 4
            while time.monotonic() < slow_until:  # about 0.6 MB/s: the dump would take two minutes
                chunk = connection.recv(16 << 10)
                digest.update(chunk)
                received += len(chunk)
                samples.append(rss_bytes(worker))
                time.sleep(0.025)
            slow_part = received
            while chunk := connection.recv(1 << 20):  # then the rest at full speed, to check every byte
                digest.update(chunk)
                received += len(chunk)
        peak = max(samples)
        print(f"\nslow download of a {size / 2**20:.0f} MB dump: {slow_part / 2**20:.1f} MB read slowly; worker RSS "
              f"{baseline / 2**20:.1f} MB before, at most {peak / 2**20:.1f} MB during "
              f"(+{(peak - baseline) / 2**20:.1f} MB)")
    assert received == size and digest.hexdigest() == hashlib.sha256(path.read_bytes()).hexdigest()
    assert peak - baseline < 16 << 20, "the worker buffers the file instead of streaming it"


# ------------------------------------------------------------------------------------ builds while serving

CRASHING_BUILD = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    import linkeddata.segments
    from linkeddata.pipeline import Builder
    from tests.live_pages import BASE, HandmadeExtractor

    def crash(*_):  # the machine goes down while the new dumps are being written
        os.kill(os.getpid(), signal.SIGKILL)

    if sys.argv[3] == "crash":
        linkeddata.segments.write_gzip = crash
    Builder(Path(sys.argv[1]), BASE, progress=False, extractor_factory=HandmadeExtractor).build([Path(sys.argv[2])])
""")


def _rebuild(folder: Path, articles: Path, mode: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-c", CRASHING_BUILD, str(folder), str(articles), mode], cwd=REPO,
                          capture_output=True, timeout=300)


@pytest.mark.slow
def test_builds_crashing_or_swapping_in_while_the_previous_one_is_served(hostile: HostileBuild,
                                                                        tmp_path: Path) -> None:
    folder = tmp_path / "build"
    shutil.copytree(hostile.folder, folder, ignore=shutil.ignore_patterns("store", "dataset.nt*"))
    ensure_store([folder / "dataset.nq"], folder / "store")
    shutil.copy(hostile.folder / "dataset.nt", folder / "dataset.nt")  # any dump: this test never reads it
    articles = write_articles(tmp_path / "articles", ["handmade-1", "hostile-2", "visit-3"])
    manifest = (folder / "manifest.json").read_bytes()
    with live_server([folder], folder / "store", workers=2) as live:
        before = _count(live)
        stop = threading.Event()
        seen: list[tuple[str, int]] = []

        def keep_asking() -> None:
            while not stop.is_set():
                for target in ("/sparql?query=" + urllib.parse.quote(COUNT), "/page/id/person/ana-ruiz",
                               "/id/person/ana-ruiz", "/downloads/graphs/handmade-1.ttl", "/"):
                    try:
                        accept = JSON if target.startswith("/sparql") else "text/turtle"
                        seen.append((target, _get(live.port, target, {"Accept": accept})[0]))
                    except OSError as error:
                        seen.append((f"{target}: {error}", 0))

        asker = threading.Thread(target=keep_asking)
        asker.start()
        try:
            crashed = _rebuild(folder, articles, "crash")
            assert crashed.returncode == -signal.SIGKILL, crashed.stderr[-2000:]
            assert (folder / "manifest.json").read_bytes() == manifest  # the served build is untouched
            assert _count(live) == before
            swapped = _rebuild(folder, articles, "finish")  # and a build that completes, swapped in under it
            assert swapped.returncode == 0, swapped.stderr[-2000:]
            assert (folder / "manifest.json").read_bytes() != manifest
            time.sleep(1.0)
        finally:
            stop.set()
            asker.join()
        failures = Counter(target for target, status in seen if status not in (200, 303))
        assert len(seen) > 50 and not failures, failures
        assert _count(live) == before  # the running server keeps the build it opened
    with live_server([folder], folder / "store", workers=1) as restarted:
        assert _count(restarted) > before  # and a restart serves the new one


# ------------------------------------------------------------------------------------ starting on bad data


def _serve(data: Path, timeout: float = 120) -> tuple[int | None, str]:
    """Start `linkeddata serve` on `data`; (exit status or None if it came up and served, its output)."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "linkeddata.serve.server", "--data", str(data), "--port",
                                str(port), "--workers", "1"], cwd=REPO, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                return process.returncode, process.stdout.read().decode(errors="replace")  # type: ignore[union-attr]
            try:
                status, _, _ = _get(port, "/sparql?query=ASK%7B%7D")
            except OSError:
                time.sleep(0.1)
                continue
            return None, f"served: {status}"
        raise AssertionError("the server neither came up nor stopped")
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=20)


def _damage(kind: str, build: Path, root: Path) -> tuple[Path, str]:
    """A damaged copy of `build`: (what to serve, what the message must name)."""
    folder = root / kind
    shutil.copytree(build, folder, ignore=shutil.ignore_patterns("store", "dataset.nt*"))
    if kind == "missing":
        shutil.rmtree(folder)
        return folder, str(folder)
    if kind == "empty":
        shutil.rmtree(folder)
        folder.mkdir()
        return folder, "neither a build folder"
    if kind == "garbage dataset":
        (folder / "dataset.nq").write_bytes(os.urandom(4096))
        return folder, "dataset.nq"
    if kind == "truncated dataset":
        data = (folder / "dataset.nq").read_bytes()
        (folder / "dataset.nq").write_bytes(data[: len(data) // 2 + 7])
        return folder, "dataset.nq"
    if kind == "broken manifest":
        (folder / "manifest.json").write_text('{"base_uri": ', encoding="utf-8")
        return folder, "manifest.json"
    if kind == "broken ontology":
        (folder / "ontology.ttl").write_text("@prefix broken", encoding="utf-8")
        return folder, "ontology.ttl"
    ensure_store([folder / "dataset.nq"], folder / "store")
    if kind == "store without CURRENT":
        (folder / "store" / "CURRENT").unlink()
        return folder, "query store cannot be opened"
    if kind == "store with garbage tables":
        for table in (folder / "store").glob("*.sst"):
            table.write_bytes(os.urandom(100))
        return folder, "query store cannot be opened"
    if kind == "store description broken":
        (folder / "store" / "linkeddata-store.json").write_text("{", encoding="utf-8")
        return folder / "store", "linkeddata-store.json"
    raise ValueError(kind)


DAMAGES = ["missing", "empty", "garbage dataset", "truncated dataset", "broken manifest", "broken ontology",
           "store without CURRENT", "store with garbage tables", "store description broken"]


@pytest.mark.parametrize("kind", DAMAGES)
def test_the_server_refuses_a_damaged_dataset_saying_what_is_wrong(hostile: HostileBuild, tmp_path: Path,
                                                                   kind: str) -> None:
    data, named = _damage(kind, hostile.folder, tmp_path)
    status, output = _serve(data)
    assert status == 1, output
    assert named in output, output
    assert "Traceback" not in output, output


def test_a_store_rebuilt_from_its_dataset_serves(hostile: HostileBuild, tmp_path: Path) -> None:
    # A store description that no longer matches (or parses) is not damage: the store is rebuilt from dataset.nq.
    folder = tmp_path / "build"
    shutil.copytree(hostile.folder, folder, ignore=shutil.ignore_patterns("dataset.nt*"))
    (folder / "store" / "linkeddata-store.json").write_text("{", encoding="utf-8")
    status, output = _serve(folder)
    assert status is None and output == "served: 200", output
