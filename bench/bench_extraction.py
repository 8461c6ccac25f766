"""Extraction throughput and quality in one run.

    python bench/bench_extraction.py [--corpus ../shared/corpus] [--limit N] [--no-quality]

Reports articles/s, words/s and peak memory of `Extractor.extract_many` over the corpus (reading excluded),
then the dev-gold figures from `bench/quick_eval.py` (the scorer's matching, without building RDF).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from linkeddata.articles import Article, read_articles  # noqa: E402
from linkeddata.extract.extractor import Extractor  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--limit", type=int, default=None, help="extract only the first N articles")
    parser.add_argument("--no-quality", action="store_true", help="skip the dev-gold figures")
    args = parser.parse_args()
    articles = [a for a in read_articles([args.corpus]) if isinstance(a, Article)][: args.limit]
    words = sum(len(a.text.split()) for a in articles)
    started = time.perf_counter()
    extractor = Extractor()
    loaded = time.perf_counter()
    events = persons = 0
    for facts in extractor.extract_many(articles):
        events += len(facts.events)
        persons += len(facts.persons)
    done = time.perf_counter()
    seconds = done - loaded
    print(f"articles {len(articles)}  words {words}  model load {loaded - started:.1f} s  extraction {seconds:.1f} s")
    print(f"throughput {len(articles) / seconds:.1f} articles/s  {words / seconds:.0f} words/s  "
          f"peak memory {peak_rss_mb():.0f} MB")
    print(f"events {events}  persons {persons}")
    if not args.no_quality:
        import quick_eval

        scorer = quick_eval.load_scorer()
        result = scorer.score(quick_eval.FactsView(quick_eval.extract_dev(quick_eval.SHARED / "eval" / "dev",
                                                                          extractor)),
                              quick_eval.SHARED / "eval" / "gold" / "dev")
        keys = ["event_precision", "event_recall", "event_f1", "date_accuracy", "status_accuracy",
                "evidence_accuracy", "person_precision", "person_recall", "post_accuracy", "topic_recall"]
        print("dev gold: " + " ".join(f"{k}={result[k]}" for k in keys))
    return 0


if __name__ == "__main__":
    sys.exit(main())
