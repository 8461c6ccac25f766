"""Scale: a generated dataset in our shape at 1M and 10M triples, embedded store against a remote Oxigraph.

For each size, in one run:
- bulk load time, peak memory and size on disk: `store.build_store` (our embedded store, which also
  materialises the union default graph) against `oxigraph load` (the remote server's own bulk loader), and
  the Graph Store Protocol rate (one PUT per article graph into `oxigraph serve`, as `build --store` does)
  on the first `--gsp-graphs` graphs;
- the query set of bench/bench_endpoint.py through HTTP on (a) our server on the embedded store, (b)
  `oxigraph serve-read-only --union-default-graph` and (c) our server over (b) (`serve --store URL`), the
  servers taking turns; then how each query's latency grows from the smallest size to the largest.

Build throughput (serial against parallel) and the incremental rebuild fraction are bench/bench_build.py's;
`--build-limit N` runs it here on the first N articles of the corpus.

    python bench/bench_scale.py                                  # 1M and 10M (about 20 minutes on 2 cores)
    python bench/bench_scale.py --triples 100000 300000          # a quick run
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_endpoint import QUERIES, Timing, free_port, generate, time_queries  # noqa: E402
from bench_endpoint import running as server  # noqa: E402

from linkeddata.store.remote import RemoteStore  # noqa: E402


def measured(command: list[str]) -> tuple[float, float]:
    """(seconds, peak resident MB) of a command run to its end."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{command[:3]} failed with {process.returncode}")
    return elapsed, usage.ru_maxrss / 1024


def disk_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def tree_peak_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process and all its descendants, as they are now."""
    total = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1]) / 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                pending.extend(int(child) for child in children)
    return total


def graph_store_rate(data: Path, location: Path, graphs: int, log: Path) -> tuple[float, float]:
    """(graphs/s, triples/s) PUT one article graph at a time into `oxigraph serve`, over the first `graphs`."""
    port = free_port()
    command = ["oxigraph", "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
               "--union-default-graph"]
    remote = RemoteStore.at(f"http://127.0.0.1:{port}", "oxigraph")
    quads = ox.parse(path=str(data), format=ox.RdfFormat.N_QUADS)
    sent = triples = 0
    with server(command, port, "/query", "oxigraph serve", log):
        started = time.perf_counter()
        for graph, group in itertools.groupby(quads, key=lambda quad: quad.graph_name):
            if sent == graphs:
                break
            body = ox.serialize([quad.triple for quad in group], format=ox.RdfFormat.N_TRIPLES)
            remote.put_graph(graph.value, body)
            sent += 1
            triples += body.count(b"\n")
        elapsed = time.perf_counter() - started
    return sent / elapsed, triples / elapsed


def our_server(port: int, *source: str) -> list[str]:
    return [sys.executable, "-m", "linkeddata.serve.server", *source, "--port", str(port), "--workers", "1",
            "--timeout", "600", "--result-limit", "1000000"]


def run_size(triples: int, work: Path, repeat: int, gsp_graphs: int) -> dict[str, dict[str, Timing]]:
    data, store, remote_dir = work / f"data-{triples}.nq", work / f"store-{triples}", work / f"oxigraph-{triples}"
    started = time.perf_counter()
    written = generate(data, triples)
    print(f"\n== {written:,} quads ({data.stat().st_size / 1e6:.0f} MB of N-Quads, generated in "
          f"{time.perf_counter() - started:.0f} s)", flush=True)

    embedded_s, embedded_mb = measured([sys.executable, "-c", "import sys; from pathlib import Path; "
                                        "from linkeddata.store import build_store; "
                                        "build_store([Path(sys.argv[1])], Path(sys.argv[2]))", str(data), str(store)])
    shutil.rmtree(remote_dir, ignore_errors=True)
    remote_s, remote_mb = measured(["oxigraph", "load", "--location", str(remote_dir), "--file", str(data)])
    gsp_graphs_s, gsp_triples_s = graph_store_rate(data, work / f"gsp-{triples}", gsp_graphs, work / "gsp.log")
    shutil.rmtree(work / f"gsp-{triples}", ignore_errors=True)
    print(f"{'bulk load':<40}{'seconds':>9}{'quads/s':>11}{'peak MB':>9}{'disk MB':>9}")
    print(f"{'embedded (store.build_store)':<40}{embedded_s:>9.1f}{written / embedded_s:>11,.0f}"
          f"{embedded_mb:>9.0f}{disk_mb(store):>9.0f}")
    print(f"{'remote (oxigraph load)':<40}{remote_s:>9.1f}{written / remote_s:>11,.0f}"
          f"{remote_mb:>9.0f}{disk_mb(remote_dir):>9.0f}")
    print(f"{'remote (GSP PUT per graph, extrapolated)':<40}{written / gsp_triples_s:>9.1f}{gsp_triples_s:>11,.0f}"
          f"{'':>9}{'':>9}  ({gsp_graphs_s:.0f} graphs/s over {gsp_graphs} graphs)")
    print(f"embedded / oxigraph load time: {embedded_s / remote_s:.2f}x; peak memory: "
          f"{embedded_mb / remote_mb:.2f}x", flush=True)

    ports = {name: free_port() for name in ("ours", "oxigraph", "ours-remote")}
    peaks: dict[str, float] = {}
    with contextlib.ExitStack() as running:
        processes = {
            "ours": running.enter_context(server(our_server(ports["ours"], "--data", str(store)), ports["ours"],
                                                 "/sparql", "our server", work / "ours.log")),
            "oxigraph": running.enter_context(server(
                ["oxigraph", "serve-read-only", "--location", str(remote_dir), "--bind",
                 f"127.0.0.1:{ports['oxigraph']}", "--union-default-graph"],
                ports["oxigraph"], "/query", "oxigraph serve-read-only", work / "oxigraph.log")),
        }
        processes["ours-remote"] = running.enter_context(server(
            our_server(ports["ours-remote"], "--store", f"http://127.0.0.1:{ports['oxigraph']}"),
            ports["ours-remote"], "/sparql", "our server over oxigraph", work / "ours-remote.log"))
        endpoints = {"ours": (ports["ours"], "/sparql"), "oxigraph": (ports["oxigraph"], "/query"),
                     "ours-remote": (ports["ours-remote"], "/sparql")}
        timings = time_queries(endpoints, repeat)
        peaks = {name: tree_peak_mb(process.pid) for name, process in processes.items()}
    print(f"\nmedian latency through HTTP, {written:,} quads (ms)")
    print(f"{'query':<14}{'ours':>10}{'oxigraph':>10}{'ours-remote':>13}{'ours/oxigraph':>15}{'remote/oxigraph':>17}"
          "  rows")
    for name in QUERIES:
        ours, other, relay = (timings[s][name].median for s in ("ours", "oxigraph", "ours-remote"))
        print(f"{name:<14}{ours * 1000:>10.2f}{other * 1000:>10.2f}{relay * 1000:>13.2f}{ours / other:>14.2f}x"
              f"{relay / other:>16.2f}x  {timings['ours'][name].rows}")
    print("peak memory while serving (MB, process tree): "
          + ", ".join(f"{name} {mb:.0f}" for name, mb in peaks.items()), flush=True)
    for path in (data, store, remote_dir):
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, nargs="+", default=[1_000_000, 10_000_000],
                        help="dataset sizes, smallest first (default: 1M and 10M)")
    parser.add_argument("--repeat", type=int, default=11, help="timed runs per query and server")
    parser.add_argument("--gsp-graphs", type=int, default=2000, help="article graphs PUT to measure the GSP rate")
    parser.add_argument("--build-limit", type=int, default=None,
                        help="also run bench/bench_build.py on the first N articles of the corpus")
    parser.add_argument("--workdir", type=Path, help="where to write data and stores (default: a temporary folder)")
    args = parser.parse_args(argv)
    if shutil.which("oxigraph") is None:
        raise SystemExit("the oxigraph server (PyPI package oxigraph) is needed")
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict[int, dict[str, dict[str, Timing]]] = {}
    try:
        for size in sorted(args.triples):
            results[size] = run_size(size, work, args.repeat, args.gsp_graphs)
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    if len(results) > 1:
        small, large = min(results), max(results)
        print(f"\nlatency growth from {small:,} to {large:,} triples ({large / small:.0f}x the data)")
        print(f"{'query':<14}" + "".join(f"{name:>13}" for name in results[small]))
        for query in QUERIES:
            print(f"{query:<14}" + "".join(
                f"{results[large][name][query].median / results[small][name][query].median:>12.1f}x"
                for name in results[small]))
    if args.build_limit:
        print("\nbuild throughput and incremental rebuild (bench/bench_build.py):", flush=True)
        subprocess.run([sys.executable, str(REPO / "bench" / "bench_build.py"), "--limit", str(args.build_limit)],
                       check=False)
    else:
        print("\nbuild throughput (serial vs parallel) and the incremental rebuild fraction: "
              "python bench/bench_build.py (or --build-limit N here)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
