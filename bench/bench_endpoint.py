"""Benchmark of the SPARQL endpoint, through HTTP, in one run.

(a) our server (gunicorn + Flask, pyoxigraph evaluating in the worker), (b) the same Flask layer answering from
rdflib's in-memory graph (what most Python endpoints do), (c) `oxigraph serve-read-only` on the same
store. Typical queries are timed on each (medians), then the throughput of our server with 1 and 2
workers. Targets: (a) at least 20x faster than (b), within 1.5x of (c) on every query, and 2 workers at
least 1.7x one.

    python bench/bench_endpoint.py                      # ~1M triples (rdflib takes minutes there)
    python bench/bench_endpoint.py --triples 50000      # a quick run
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from linkeddata import vocab  # noqa: E402
from linkeddata.store import Outcome, QueryForm, QueryReply, QueryRequest, build_store  # noqa: E402

DIP, SCHEMA, ORG, XSD = (str(vocab.DIP), str(vocab.SCHEMA), str(vocab.ORG), str(vocab.XSD))
RDF_TYPE, RDFS_LABEL = str(vocab.RDF.type), str(vocab.RDFS.label)
BASE = "https://w3id.org/linkeddata-diplomacy/id/"
COUNTRIES = ["Japan", "France", "Kenya", "Brazil", "India", "Canada", "Chile", "Egypt", "Norway", "Vietnam",
             "Mexico", "Ghana", "Peru", "Spain", "Korea", "Turkey", "Italy", "Qatar", "Nepal", "Poland"]
OFFICES = ["Prime Minister", "Foreign Minister", "Minister of Trade", "President", "Ambassador",
           "Minister of Defence", "Secretary of State", "Deputy Foreign Minister"]
EVENTS = ["Meeting", "Meeting", "Meeting", "PhoneCall", "Visit", "Summit", "AgreementSigning"]
QUADS_PER_ARTICLE = 40  # what the generator below writes, on average


# ------------------------------------------------------------------------------------------ the data


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    """The median wall time of `repeat` calls of `run`, for the benches that time one call at a time."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def generate(path: Path, triples: int, seed: int = 7) -> int:
    """About `triples` quads shaped like ours: one named graph per article, persons recurring across them."""
    rng = random.Random(seed)
    articles = max(1, triples // QUADS_PER_ARTICLE)
    persons = max(20, triples // 100)
    written = 0
    with path.open("w", encoding="utf-8") as out:
        for a in range(articles):
            graph = f"<{BASE}graph/article-{a}>"
            article = f"<{BASE}article/{a}>"
            day = f"20{rng.randint(22, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            lines = [
                f"{article} <{RDF_TYPE}> <{SCHEMA}NewsArticle>",
                f'{article} <{SCHEMA}headline> "Talks between leaders, report {a}"@en',
                f'{article} <{SCHEMA}datePublished> "{day}"^^<{XSD}date>',
            ]
            people = rng.sample(range(persons), 4)
            for p in people:
                person, post = f"<{BASE}person/p{p}>", f"<{BASE}post/p{p}>"
                country = COUNTRIES[p % len(COUNTRIES)]
                office = OFFICES[p % len(OFFICES)]
                lines += [
                    f"{person} <{RDF_TYPE}> <{SCHEMA}Person>",
                    f'{person} <{RDFS_LABEL}> "Person {p} of {country}"@en',
                    f"{person} <{ORG}holds> {post}",
                    f"{post} <{RDF_TYPE}> <{ORG}Post>",
                    f'{post} <{RDFS_LABEL}> "{office} of {country}"@en',
                ]
            for e in range(3):
                event = f"<{BASE}event/{a}-{e}>"
                kind = rng.choice(EVENTS)
                lines += [
                    f"{event} <{RDF_TYPE}> <{DIP}{kind}>",
                    f'{event} <{RDFS_LABEL}> "{kind} {a}-{e}"@en',
                    f'{event} <{DIP}date> "{day}"^^<{XSD}date>',
                    f"{event} <{DIP}reportedIn> {article}",
                    f"{event} <{DIP}status> <{DIP}Occurred>",
                ]
                lines += [f"{event} <{DIP}participant> <{BASE}person/p{p}>" for p in rng.sample(people, 2)]
            out.write("".join(f"{line} {graph} .\n" for line in lines))
            written += len(lines)
    return written


QUERIES: dict[str, tuple[str, str]] = {
    # name: (query, Accept)
    "lookup": (f"""SELECT ?label ?office WHERE {{
  <{BASE}person/p7> <{RDFS_LABEL}> ?label ; <{ORG}holds> ?post . ?post <{RDFS_LABEL}> ?office }}""",
               "application/sparql-results+json"),
    "join+date": (f"""SELECT ?event ?date ?name WHERE {{
  ?event <{DIP}participant> ?person ; <{DIP}date> ?date . ?person <{RDFS_LABEL}> ?name .
  FILTER (?date >= "2024-03-01"^^<{XSD}date> && ?date < "2024-03-03"^^<{XSD}date>) }}""",
                  "application/sparql-results+json"),
    "group-count": (f"""SELECT ?type (COUNT(?event) AS ?events) WHERE {{
  ?event <{DIP}reportedIn> ?article ; <{RDF_TYPE}> ?type }} GROUP BY ?type ORDER BY DESC(?events)""",
                    "application/sparql-results+json"),
    "label-search": (f"""SELECT ?thing ?label WHERE {{
  ?thing <{RDFS_LABEL}> ?label . FILTER (CONTAINS(?label, "Minister of Trade of Kenya")) }} LIMIT 20""",
                     "application/sparql-results+json"),
    "describe": (f"DESCRIBE <{BASE}event/11-1>", "text/turtle"),
}
# Not a target: what a round trip costs on each server when the query asks for nothing.
FLOOR = ("ASK {}", "application/sparql-results+json")


# --------------------------------------------------------------------------------- (b): rdflib behind Flask


class RdflibQueries:
    """Answers QueryRequests from an rdflib Dataset, for the same Flask layer as our server."""

    def __init__(self, nquads: Path) -> None:
        import rdflib

        self.dataset = rdflib.Dataset(default_union=True)
        self.dataset.parse(nquads, format="nquads")

    def start(self) -> None:
        pass

    def close(self) -> None:
        pass

    def run(self, request: QueryRequest, timeout: float | None = None) -> QueryReply:
        from linkeddata.formats import BY_NAME, Kind, NotAcceptable, negotiate, offers

        result = self.dataset.query(request.text)
        form = {"SELECT": QueryForm.SELECT, "ASK": QueryForm.ASK}.get(result.type, QueryForm.GRAPH)
        kind = Kind.GRAPH if form is QueryForm.GRAPH else Kind.RESULTS
        try:
            fmt = negotiate(request.accept, offers(kind, html=False))
        except NotAcceptable as refused:
            return QueryReply(Outcome.NOT_ACCEPTABLE, str(refused))
        if form is QueryForm.GRAPH:
            body = result.graph.serialize(format=BY_NAME[fmt.name].rdflib or "turtle", encoding="utf-8")
        else:
            body = result.serialize(format=fmt.name)
        return QueryReply(Outcome.OK, form=form, format_name=fmt.name, body=body,
                          count=len(result) if form is QueryForm.SELECT else 0)


def rdflib_app(store_dir: str, nquads: str) -> Any:
    """The Flask app of (b): our application with its query processes swapped for rdflib."""
    from linkeddata.web import create_app

    app = create_app({"STORE_DIR": store_dir, "QUERY_TIMEOUT": 3600})
    app.extensions["linkeddata"].queries = RdflibQueries(Path(nquads))
    return app


def serve_rdflib(store_dir: str, nquads: str, port: int) -> None:
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in {"bind": f"127.0.0.1:{port}", "workers": 1, "timeout": 3600,
                               "control_socket_disable": True, "errorlog": "-"}.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return rdflib_app(store_dir, nquads)

    Server().run()


# ------------------------------------------------------------------------------------------ HTTP


def http_query(port: int, path: str, query: str, accept: str, timeout: float = 3600) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        target = f"{path}?{urllib.parse.urlencode({'query': query})}"
        connection.request("GET", target, headers={"Accept": accept, "Connection": "close"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_for(port: int, path: str, process: subprocess.Popen[bytes], what: str, limit: float = 1800) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{what} exited with {process.returncode}")
        try:
            if http_query(port, path, "ASK {}", "application/sparql-results+json", timeout=5)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{what} did not come up")


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def running(command: list[str], port: int, path: str, what: str, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A server started in a session of its own, answering on `path`; stopped with its children."""
    with log.open("wb") as stream:
        process = subprocess.Popen(command, cwd=REPO, stdout=stream, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        wait_for(port, path, process, what)
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def ours(store: Path, port: int, workers: int) -> list[str]:
    return [sys.executable, "-m", "linkeddata.serve.server", "--data", str(store), "--port", str(port),
            "--workers", str(workers), "--timeout", "600", "--result-limit", "1000000"]


@dataclass
class Timing:
    median: float
    rows: int


def _answer_size(body: bytes, accept: str) -> int:
    if not accept.endswith("json"):
        return body.count(b"\n")
    answer = json.loads(body)
    return 1 if "boolean" in answer else len(answer["results"]["bindings"])


def time_queries(servers: dict[str, tuple[int, str]], repeat: int,
                 queries: dict[str, tuple[str, str]] | None = None) -> dict[str, dict[str, Timing]]:
    """Median latency of each query on each server; the servers take turns, so that noise from
    elsewhere on the machine falls on all of them alike."""
    timings: dict[str, dict[str, Timing]] = {name: {} for name in servers}
    for query_name, (query, accept) in (QUERIES if queries is None else queries).items():
        samples: dict[str, list[float]] = {name: [] for name in servers}
        rows = {}
        for name, (port, path) in servers.items():
            status, body = http_query(port, path, query, accept)  # warm-up, and the answer's size
            if status != 200:
                raise SystemExit(f"{name}, {query_name}: HTTP {status}: {body[:300]!r}")
            rows[name] = _answer_size(body, accept)
        for _ in range(repeat):
            for name, (port, path) in servers.items():
                started = time.perf_counter()
                http_query(port, path, query, accept)
                samples[name].append(time.perf_counter() - started)
        for name in servers:
            timings[name][query_name] = Timing(statistics.median(samples[name]), rows[name])
    return timings


def throughput(port: int, query: str, accept: str, clients: int, seconds: float) -> float:
    done = [0] * clients
    stop = time.monotonic() + seconds

    def client(i: int) -> None:
        while time.monotonic() < stop:
            status, _ = http_query(port, "/sparql", query, accept)
            assert status == 200
            done[i] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.monotonic() - started)


# ------------------------------------------------------------------------------------------ the run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000, help="size of the generated dataset")
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per query on (a) and (c)")
    parser.add_argument("--rdflib-repeat", type=int, default=1, help="timed runs per query on (b)")
    parser.add_argument("--skip-rdflib", action="store_true", help="leave (b) out")
    parser.add_argument("--throughput-seconds", type=float, default=8.0)
    parser.add_argument("--throughput-query", default="label-search", choices=sorted(QUERIES))
    parser.add_argument("--workdir", type=Path, help="keep the data and stores here (default: a temporary folder)")
    args = parser.parse_args(argv)

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-endpoint-"))
    workdir.mkdir(parents=True, exist_ok=True)
    data, store = workdir / f"data-{args.triples}.nq", workdir / f"store-{args.triples}"
    if not data.exists():
        started = time.perf_counter()
        written = generate(data, args.triples)
        print(f"generated {written:,} quads in {time.perf_counter() - started:.1f} s", flush=True)
    if not (store / "linkeddata-store.json").exists():
        started = time.perf_counter()
        statements = build_store([data], store)
        print(f"loaded {statements:,} statements into pyoxigraph in {time.perf_counter() - started:.1f} s",
              flush=True)

    results: dict[str, dict[str, Timing]] = {}
    with contextlib.ExitStack() as servers:
        ports = {"ours": free_port(), "oxigraph": free_port()}
        servers.enter_context(running(ours(store, ports["ours"], 1), ports["ours"], "/sparql", "our server",
                                      workdir / "ours.log"))
        endpoints = {"ours": (ports["ours"], "/sparql")}
        oxigraph = shutil.which("oxigraph")
        if oxigraph:
            command = [oxigraph, "serve-read-only", "--location", str(store),
                       "--bind", f"127.0.0.1:{ports['oxigraph']}"]
            servers.enter_context(running(command, ports["oxigraph"], "/query", "oxigraph serve-read-only",
                                          workdir / "oxigraph.log"))
            endpoints["oxigraph"] = (ports["oxigraph"], "/query")
        results.update(time_queries(endpoints, args.repeat))
        floor = time_queries(endpoints, args.repeat * 4, {"floor": FLOOR})
    if not args.skip_rdflib:
        port = free_port()
        command = [sys.executable, __file__, "--serve-rdflib", str(store), str(data), str(port)]
        started = time.perf_counter()
        with running(command, port, "/sparql", "rdflib behind Flask", workdir / "rdflib.log"):
            print(f"rdflib loaded the data in {time.perf_counter() - started:.1f} s", flush=True)
            results.update(time_queries({"rdflib": (port, "/sparql")}, args.rdflib_repeat))

    print(f"\nMedian latency through HTTP, {args.triples:,} triples (ms; rows in the answer)")
    header = f"{'query':<14}{'ours':>10}{'oxigraph':>10}{'rdflib':>12}{'rdflib/ours':>13}{'ours/oxigraph':>15}  rows"
    print(header)
    print("-" * len(header))
    for name in QUERIES:
        mine = results["ours"][name]
        other = results.get("oxigraph", {}).get(name)
        slow = results.get("rdflib", {}).get(name)
        print(f"{name:<14}{mine.median * 1000:>10.2f}"
              f"{other.median * 1000 if other else float('nan'):>10.2f}"
              f"{slow.median * 1000 if slow else float('nan'):>12.1f}"
              f"{slow.median / mine.median if slow else float('nan'):>12.1f}x"
              f"{mine.median / other.median if other else float('nan'):>14.2f}x  {mine.rows}")
    print("\nThe floor, ASK {} (a round trip that asks for nothing): "
          + ", ".join(f"{name} {timings['floor'].median * 1000:.2f} ms" for name, timings in floor.items()))

    query, accept = QUERIES[args.throughput_query]
    rates: dict[int, list[float]] = {1: [], 2: []}
    with contextlib.ExitStack() as servers:
        ports = {workers: free_port() for workers in rates}
        for workers, port in ports.items():
            servers.enter_context(running(ours(store, port, workers), port, "/sparql",
                                          f"our server, {workers} workers", workdir / f"ours-{workers}.log"))
            throughput(port, query, accept, 4, 1.0)  # warm-up
        # Short rounds, taking turns, so that a burst of other work on the machine does not decide.
        rounds = 5
        for _ in range(rounds):
            for workers, port in ports.items():
                rates[workers].append(throughput(port, query, accept, 8, args.throughput_seconds / rounds))
    one, two = statistics.median(rates[1]), statistics.median(rates[2])
    print(f"\nThroughput, {args.throughput_query}, 8 clients (median of {rounds} rounds): "
          f"1 worker {one:.1f} req/s, 2 workers {two:.1f} req/s ({two / one:.2f}x)")
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--serve-rdflib":
        serve_rdflib(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        sys.exit(0)
    sys.exit(main())
