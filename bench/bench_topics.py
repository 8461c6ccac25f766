"""Topic figures of a corpus, from extraction alone: how many distinct topics its events use, how many of
them are used by two or more events, and how many are concepts of the package's topic scheme.

    python bench/bench_topics.py [--corpus ../shared/corpus/whitehouse] [--save PHRASES.json]
    python bench/bench_topics.py --phrases PHRASES.json

A topic counts as the build publishes it: the country a phrase names, the scheme concept it maps to, or the
phrase itself (narrower than a scheme concept, or free); a country, a scheme concept and a narrower one are
mapped to the scheme. `--save` keeps each event's phrases as extracted, so that `--phrases` can count them again under
a changed scheme without extracting the corpus a second time (several minutes on the White House readouts).
Nothing is timed: these are counts, compared between versions.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT))  # after PYTHONPATH, so that another checkout's package can be measured too

CORPUS = ROOT.parent / "shared" / "corpus" / "whitehouse"


def extract_phrases(corpus: Path) -> list[list[str]]:
    from linkeddata.articles import Article, read_articles
    from linkeddata.extract.extractor import Extractor

    articles = [a for a in read_articles([corpus]) if isinstance(a, Article)]
    return [list(event.topics) for facts in Extractor().extract_many(articles) for event in facts.events]


def published(phrase: str) -> tuple[str, str]:
    """(how the phrase is published, the key it is counted by): 'country', 'scheme', 'narrower' (a concept of
    its own, narrower than a scheme concept) or 'phrase'."""
    from linkeddata.extract import gazetteer
    from linkeddata.thesaurus import topic_label

    label = topic_label(phrase)
    try:
        from linkeddata.topic_scheme import scheme
    except ImportError:  # a version without the scheme: every phrase is its own topic
        scheme = None
    if country := gazetteer.country_by_name(label):
        return "country", "country:" + country
    if scheme is not None and (concept := scheme().concept_of(label)) is not None:
        return "scheme", "scheme:" + concept.key
    if scheme is not None and scheme().broader_of(label) is not None:
        return "narrower", "phrase:" + gazetteer.slug(label)
    return "phrase", "phrase:" + gazetteer.slug(label)


def figures(events: list[list[str]]) -> dict[str, object]:
    uses: Counter[str] = Counter()
    kinds: dict[str, str] = {}
    for phrases in events:
        keys = set()
        for phrase in phrases:
            kind, key = published(phrase)
            kinds[key] = kind
            keys.add(key)
        uses.update(keys)
    kind_counts = Counter(kinds.values())
    return {
        "events": len(events),
        "events_with_topics": sum(1 for phrases in events if phrases),
        "distinct_topics": len(uses),
        "used_once": sum(1 for n in uses.values() if n == 1),
        "used_twice_or_more": sum(1 for n in uses.values() if n >= 2),
        "scheme_concepts": kind_counts["scheme"],
        "countries": kind_counts["country"],
        "narrower_than_a_scheme_concept": kind_counts["narrower"],
        "free_phrases": kind_counts["phrase"],
        "used_twice_or_mapped": sum(1 for key, n in uses.items() if n >= 2 or kinds[key] != "phrase"),
        "most_used_free_phrases": [key.removeprefix("phrase:") for key, _ in
                                   Counter({k: n for k, n in uses.items() if kinds[k] == "phrase"}).most_common(15)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--save", type=Path, help="write each event's extracted phrases to this JSON file")
    parser.add_argument("--phrases", type=Path, help="count the phrases of a file --save wrote, not a corpus")
    args = parser.parse_args()
    if args.phrases:
        events = json.loads(args.phrases.read_text(encoding="utf-8"))
        try:  # phrases saved by an older version: refused as this one refuses them
            from linkeddata.extract.topics import is_fragment
        except ImportError:
            pass
        else:
            events = [[phrase for phrase in phrases if not is_fragment(phrase)] for phrases in events]
    else:
        if not args.corpus.is_dir():
            sys.exit(f"{args.corpus}: no such corpus folder")
        events = extract_phrases(args.corpus)
        if args.save:
            args.save.write_text(json.dumps(events, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(figures(events), indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
