"""Benchmark of the JSON-LD answers: compacted and expanded documents of a CONSTRUCT-sized graph, each as a ratio
to pyoxigraph writing the same triples as JSON-LD itself (expanded, ungrouped), timed in the same script.

    python bench/bench_jsonld.py                   # 10,000 triples, the endpoint's default result limit
    python bench/bench_jsonld.py --triples 2000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_endpoint import generate, median_seconds  # noqa: E402

from linkeddata import package_data  # noqa: E402
from linkeddata.jsonld import COMPACTED, EXPANDED, Shaper, context_from_files  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.nq"
        generate(path, args.triples)
        triples = [quad.triple for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)]
    shaper = Shaper(context_from_files(sorted(package_data.ontology_dir().glob("*.ttl"))), "http://x/context.jsonld")
    base = median_seconds(lambda: ox.serialize(triples, format=ox.RdfFormat.JSON_LD), args.repeat)
    print(f"{len(triples):,} triples; pyoxigraph's own JSON-LD {base * 1000:.1f} ms (median of {args.repeat})")
    for name, profile in (("expanded", EXPANDED), ("compacted", COMPACTED)):
        seconds = median_seconds(lambda p=profile: shaper.shape(triples, p), args.repeat)
        print(f"{name}: {seconds * 1000:.0f} ms = {seconds / base:.0f}x pyoxigraph")


if __name__ == "__main__":
    main()
