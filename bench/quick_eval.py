"""Score extraction against the dev gold without building RDF: the scorer's own matching, fed from
`ArticleFacts` directly.

    python bench/quick_eval.py [--gold ../shared/eval/gold/dev] [--articles ../shared/eval/dev] [--json] [-v]

The figures equal the real scorer's (`../shared/eval/score.py`) when the mapping publishes, for every entity,
the label used here (the name; for a listed organisation, the label its list gives).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linkeddata.articles import Article, read_articles  # noqa: E402
from linkeddata.extract import gazetteer  # noqa: E402
from linkeddata.extract.extractor import Extractor  # noqa: E402
from linkeddata.facts import ArticleFacts, EntityKind, Ref  # noqa: E402
from linkeddata.thesaurus import topic_label  # noqa: E402
from linkeddata.topic_scheme import scheme as topic_scheme  # noqa: E402

SHARED = ROOT.parent / "shared"


def load_scorer(path: Path = SHARED / "eval" / "score.py"):
    spec = importlib.util.spec_from_file_location("score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def labels(facts: ArticleFacts, ref: Ref) -> list[str]:
    """The label the build publishes: a listed organisation's own (the resolver gives it), else the name."""
    entity = facts.entity(ref)
    if ref.kind == EntityKind.ORGANIZATION:
        listed = gazetteer.organizations_by_name().get(gazetteer.fold(entity.name)) or (
            gazetteer.organizations_by_acronym().get(entity.acronym) if entity.acronym else None)
        if listed is not None and gazetteer.fold(listed.name) == gazetteer.fold(entity.name):
            return [listed.label]
    return [entity.name]


def topic_labels(topics: list[str]) -> list[str]:
    """The labels the build publishes for an event's topics: a country's name, a scheme concept's preferred
    label, else the phrase."""
    out = []
    for written in topics:
        label = topic_label(written)
        country = gazetteer.country_by_name(label)
        concept = topic_scheme().concept_of(label) if country is None else None
        out.append(gazetteer.countries()[country].name if country else concept.label if concept else label)
    return out


class FactsView:
    """What the scorer reads from a dataset, read from `ArticleFacts` instead."""

    def __init__(self, facts: dict[str, ArticleFacts]) -> None:
        self.facts = facts
        self.articles = {key: key for key in facts}

    def events(self, article: str) -> list[dict]:
        facts = self.facts[article]
        out = []
        for n, event in enumerate(facts.events):
            out.append({
                "uri": f"{article}#{n}", "types": {event.type.value},
                "participants": [lab for r in event.participants for lab in labels(facts, r)],
                "dates": [event.date.isoformat()] if event.date else [],
                "status": [event.status.value.lower()],
                "topics": topic_labels(event.topics),
                "evidence": [s.text for s in event.evidence],
            })
        return out

    def persons(self, article: str) -> list[dict]:
        facts = self.facts[article]
        return [{"labels": [p.name], "posts": [post.label or post.title for post in p.posts],
                 "represents": labels(facts, p.represents) if p.represents else []} for p in facts.persons]


def extract_dev(articles_dir: Path, extractor: Extractor | None = None) -> dict[str, ArticleFacts]:
    extractor = extractor or Extractor()
    articles = [a for a in read_articles([articles_dir]) if isinstance(a, Article)]
    # Keyed by the file's stem, which is what the gold names (an article id may be a shortened stem).
    stems = {a.id: Path(a.source).stem for a in articles}
    return {stems[facts.article_id]: facts for facts in extractor.extract_many(articles)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=SHARED / "eval" / "gold" / "dev")
    parser.add_argument("--articles", type=Path, default=SHARED / "eval" / "dev")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every article's misses")
    args = parser.parse_args()
    scorer = load_scorer()
    facts = extract_dev(args.articles)
    result = scorer.score(FactsView(facts), args.gold)
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    if args.verbose:
        for a in result["articles"]:
            if a["missed"] or a["spurious"]:
                print(f'{a["article"][:70]}: gold {a["gold"]} predicted {a["predicted"]} matched {a["matched"]}')
                for miss in a["missed"]:
                    print(f"   missed   {miss}")
                for extra in a["spurious"]:
                    print(f"   spurious {extra}")
    for kind, v in result["per_type"].items():
        print(f"{kind:17} gold {v['gold']:3}  predicted {v['predicted']:3}  matched {v['matched']:3}")
    keys = ["event_precision", "event_recall", "event_f1", "date_accuracy", "status_accuracy", "evidence_accuracy",
            "person_precision", "person_recall", "post_accuracy", "topic_recall"]
    print(" ".join(f"{k}={result[k]}" for k in keys))
    return 0


if __name__ == "__main__":
    sys.exit(main())
