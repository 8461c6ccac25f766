"""Build throughput on the corpus: serial against parallel, a full build against an incremental one.

    python bench/bench_build.py [--limit N] [--jobs 2]

All figures come from one run of this script on one machine, so the ratios hold where the absolute times
(shared, noisy machines) do not: speed-up of `--jobs` over one process (and whether the two outputs are
byte-identical), the incremental rebuild after one article changed as a fraction of the full build, and the
cost of SHACL validation with and without the parsed-once SPARQL constraints.
"""

from __future__ import annotations

import argparse
import contextlib
import filecmp
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linkeddata.pipeline import Builder  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "whitehouse"
COMPARED = ("dataset.nq", "dataset.ttl", "dataset.nt", "void.ttl", "registry.json")


def timed_build(inputs: list[Path], out: Path, jobs: int) -> tuple[float, object]:
    started = time.perf_counter()
    report = Builder(out, progress=False, jobs=jobs).build(inputs)
    return time.perf_counter() - started, report


def validation_ratio(graphs: list[Path], rounds: int = 3) -> tuple[float, float]:
    """Seconds per article graph to validate: (parsed once, parsed on every run)."""
    from rdflib import Graph

    from linkeddata import validate as validation

    validator = validation.Validator()
    loaded = [Graph().parse(path, format="turtle") for path in graphs]
    validator.validate("warm-up", loaded[0])

    def per_graph() -> float:
        started = time.perf_counter()
        for _ in range(rounds):
            for graph in loaded:
                validator.validate("bench", graph)
        return (time.perf_counter() - started) / (rounds * len(loaded))

    cached = per_graph()
    original = validation._sparql_constraints_parsed_once
    validation._sparql_constraints_parsed_once = contextlib.nullcontext  # type: ignore[assignment]
    try:
        uncached = per_graph()
    finally:
        validation._sparql_constraints_parsed_once = original
    return cached, uncached


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles of the corpus")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"{CORPUS} is not present: nothing to measure", file=sys.stderr)
        return 0
    files = sorted(CORPUS.glob("*.md"))[: args.limit]
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        for path in files:
            shutil.copy(path, corpus / path.name)
        words = sum(len(path.read_text(encoding="utf-8").split()) for path in files)

        serial_s, serial = timed_build([corpus], work / "serial", 1)
        parallel_s, _ = timed_build([corpus], work / "parallel", args.jobs)
        identical = all(filecmp.cmp(work / "serial" / n, work / "parallel" / n, shallow=False) for n in COMPARED)

        changed = sorted(corpus.glob("*.md"))[len(files) // 2]
        changed.write_text(changed.read_text(encoding="utf-8") + "\nThe leaders agreed to speak again soon.\n",
                           encoding="utf-8")
        incremental_s, incremental = timed_build([corpus], work / "parallel", args.jobs)
        # What a user runs: the command in a new process, which imports spaCy and the rest again. Three
        # times, another article each time; the median.
        command_runs = []
        for share in (3, 4, 5):
            changed = sorted(corpus.glob("*.md"))[len(files) // share]
            changed.write_text(changed.read_text(encoding="utf-8") + "\nBoth sides stressed the importance of "
                               "trade.\n", encoding="utf-8")
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "linkeddata.cli", "build", str(corpus), "--out",
                            str(work / "parallel"), "--jobs", str(args.jobs)], cwd=ROOT, check=False,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            command_runs.append(time.perf_counter() - started)
        command_s = statistics.median(command_runs)

        graphs = sorted((work / "serial" / "graphs").glob("*.ttl"))[:40]
        cached, uncached = validation_ratio(graphs)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

        print(f"corpus: {len(files)} articles, {words:,} words")
        print(f"{'build':34} {'seconds':>9} {'articles/s':>11} {'words/s':>9}")
        for name, seconds in (("serial (--jobs 1)", serial_s), (f"parallel (--jobs {args.jobs})", parallel_s)):
            print(f"{name:34} {seconds:9.1f} {len(files) / seconds:11.1f} {words / seconds:9.0f}")
        print(f"{'incremental, 1 article changed':34} {incremental_s:9.1f}")
        print(f"{'the same as a command (new process)':34} {command_s:9.1f}  "
              f"(median of {', '.join(f'{run:.1f}' for run in command_runs)})")
        print(f"published {len(serial.published)}, refused {len(serial.refused)}, triples {serial.triples:,}")
        print(f"speed-up of --jobs {args.jobs}: {serial_s / parallel_s:.2f}x; outputs byte-identical: {identical}")
        print(f"incremental rebuild: {incremental_s / parallel_s:.1%} of a full build "
              f"({incremental.reused} reused, {len(incremental.published) - incremental.reused} re-extracted); "
              f"as a command in a new process: {command_s / parallel_s:.1%}")
        print(f"validation per article graph: {cached * 1000:.1f} ms parsed once, {uncached * 1000:.1f} ms "
              f"parsed each time ({uncached / cached:.1f}x)")
        print(f"peak memory: this process {peak_mb:.0f} MB, largest worker {children_mb:.0f} MB")
        refused = sorted({refusal.reason.split(" (")[0] for refusal in serial.refused})
        for reason in refused:
            print(f"  refused: {reason}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
