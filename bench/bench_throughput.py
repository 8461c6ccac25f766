"""Extraction throughput of this checkout as a ratio to an earlier revision, both measured in this run.

    python bench/bench_throughput.py [--baseline REV] [--corpus ../shared/corpus] [--every N] [--rounds R]

The machine is shared and noisy, so absolute words per second say little: the earlier revision is checked out
into a temporary git worktree and both extract the same articles (every Nth article of every corpus folder),
in alternating rounds, each in a fresh process that loads the model before its clock starts. Prints each
round's words per second and the median ratio (this checkout / baseline); the extraction issue asks for at
least 0.8.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Run in a child process whose PYTHONPATH points at one of the two trees.
MEASURE = """
import json, sys, time
from pathlib import Path
from linkeddata.articles import Article, read_articles
from linkeddata.extract.extractor import Extractor

folders, every = [Path(p) for p in sys.argv[1].split(",")], int(sys.argv[2])
articles = []
for folder in folders:
    articles += [a for a in read_articles([folder]) if isinstance(a, Article)][::every]
extractor = Extractor()
list(extractor.extract_many(articles[:2]))
started = time.perf_counter()
events = sum(len(facts.events) for facts in extractor.extract_many(articles))
seconds = time.perf_counter() - started
print(json.dumps({"words": sum(len(a.text.split()) for a in articles), "seconds": seconds, "events": events}))
"""


def measure(tree: Path, folders: list[Path], every: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run([sys.executable, "-c", MEASURE, ",".join(map(str, folders)), str(every)], env=env,
                         cwd=tree, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", default="970aa8e", help="the git revision to compare with")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--every", type=int, default=10, help="take every Nth article of each folder")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    folders = sorted(p.resolve() for p in args.corpus.iterdir() if p.is_dir()) if args.corpus.exists() else []
    if not folders:
        print(f"{args.corpus} is not present beside this checkout")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        baseline = Path(scratch) / "baseline"
        subprocess.run(["git", "worktree", "add", "--detach", str(baseline), args.baseline], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            ratios = []
            for n in range(args.rounds):
                old = measure(baseline, folders, args.every)
                new = measure(ROOT, folders, args.every)
                old_rate, new_rate = old["words"] / old["seconds"], new["words"] / new["seconds"]
                ratios.append(new_rate / old_rate)
                print(f"round {n + 1}: {args.baseline} {old_rate:.0f} words/s ({old['events']} events), "
                      f"this checkout {new_rate:.0f} words/s ({new['events']} events), ratio {ratios[-1]:.2f}")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(baseline)], cwd=ROOT, check=False,
                           capture_output=True)
    print(f"median ratio {statistics.median(ratios):.2f} over {old['words']} words a round (target >= 0.8)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
