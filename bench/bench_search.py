"""Benchmark of `/search` and `/reconcile` against what a user without them writes: a SPARQL label filter.

On a generated store shaped like ours (bench_endpoint's generator), through the Flask application and its
embedded store: (a) the first search of a process, which builds the label index; (b) a search; (c) a
reconciliation batch of ten names, as OpenRefine sends it; each as a ratio to (base) one
`FILTER(CONTAINS(LCASE(STR(?label)), ...))` query over every label, run in the same script on the same store.

    python bench/bench_search.py                    # ~1M triples
    python bench/bench_search.py --triples 100000   # a quick run
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_endpoint import COUNTRIES, generate, median_seconds  # noqa: E402

from linkeddata.store import build_store  # noqa: E402
from linkeddata.web import create_app  # noqa: E402

WORDS = ["trade of kenya", "person 17", "minister", "prime minister of japan", "summit", "person 3 of chile"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data.nq"
        quads = generate(data, args.triples)
        build_store([data], Path(folder) / "store")
        app = create_app({"STORE_DIR": str(Path(folder) / "store"), "QUERY_IN_PROCESS": True, "TESTING": True})
        client = app.test_client()

        def baseline(word: str = "trade of kenya") -> object:
            query = ("SELECT ?thing ?label WHERE { ?thing <http://www.w3.org/2000/01/rdf-schema#label> ?label . "
                     f'FILTER (CONTAINS(LCASE(STR(?label)), "{word}")) }} LIMIT 20')
            response = client.get("/sparql", query_string={"query": query},
                                   headers={"Accept": "application/sparql-results+json"})
            assert response.status_code == 200, response.data
            return response.data

        base = median_seconds(baseline, args.repeat)
        started = time.perf_counter()
        first = client.get("/search?q=trade+of+kenya&format=json")
        index_build = time.perf_counter() - started
        assert first.status_code == 200 and json.loads(first.data)["results"], first.data
        searches = [median_seconds(lambda w=word: client.get(f"/search?format=json&q={w}"), args.repeat)
                    for word in WORDS]
        batch = {f"q{i}": {"query": f"Person {i * 3} of {COUNTRIES[(i * 3) % len(COUNTRIES)]}",
                           "type": "https://schema.org/Person"} for i in range(10)}
        reconcile = median_seconds(lambda: client.post("/reconcile", data={"queries": json.dumps(batch)}),
                                   args.repeat)
        answer = json.loads(client.post("/reconcile", data={"queries": json.dumps(batch)}).data)
        sure = sum(1 for result in answer.values() if result["result"] and result["result"][0]["match"])
    print(f"{quads:,} quads; baseline CONTAINS query {base * 1000:.1f} ms (median of {args.repeat})")
    print(f"(a) first search, building the index: {index_build * 1000:.0f} ms = {index_build / base:.1f}x baseline")
    print(f"(b) a search (median over {len(WORDS)} queries): {statistics.median(searches) * 1000:.1f} ms = "
          f"{statistics.median(searches) / base:.2f}x baseline")
    print(f"(c) a reconciliation batch of 10: {reconcile * 1000:.1f} ms = {reconcile / base:.2f}x baseline; "
          f"{sure}/10 sure matches")


if __name__ == "__main__":
    main()
