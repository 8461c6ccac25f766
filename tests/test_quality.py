"""The issue-3 quality bars, measured by the real scorer (../shared/eval/score.py) on a build of the dev set.

Slow (a build of 39 articles, under a minute here); skipped where ../shared is not beside the checkout.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"
BARS = {"event_f1": 0.85, "event_precision": 0.8, "event_recall": 0.8, "person_recall": 0.95,
        "person_precision": 0.9, "post_accuracy": 0.85, "date_accuracy": 0.9, "status_accuracy": 0.9,
        "evidence_accuracy": 0.95, "topic_recall": 0.25}


# General news on diplomacy (issue 12): floors just under what extraction reaches, so that a gain is kept.
NEWS_FLOORS = {"event_f1": 0.8, "event_precision": 0.93, "event_recall": 0.7, "person_recall": 0.82}


# Agency news (wire copy in the house styles of news agencies, invented people, written with its gold by hand in
# tests/data/agency): held out from the rules' tuning at first, kept as a floor just under what extraction reaches.
AGENCY = PROJECT / "tests" / "data" / "agency"
AGENCY_FLOORS = {"event_f1": 0.93, "event_precision": 0.95, "event_recall": 0.9, "person_recall": 0.95,
                 "date_accuracy": 0.9, "status_accuracy": 0.95}


def _scores(tmp_path_factory, name: str, articles: list[Path] | None = None, gold: Path | None = None) -> dict:
    articles = articles or [SHARED / "eval" / name]
    gold = gold or SHARED / "eval" / "gold" / name
    if not (SHARED / "eval" / "score.py").exists() or not all(a.exists() for a in articles):
        pytest.skip(f"../shared/eval/score.py or {articles[0]} is not beside this checkout")
    from linkeddata.pipeline import Builder

    out = tmp_path_factory.mktemp(name) / "build"
    Builder(out, progress=False).build(articles)
    done = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "--data", str(out), "--ontology",
                           str(PROJECT / "ontology"), "--gold", str(gold), "--json"],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def dev_scores(tmp_path_factory) -> dict:
    return _scores(tmp_path_factory, "dev")


@pytest.fixture(scope="module")
def news_scores(tmp_path_factory) -> dict:
    return _scores(tmp_path_factory, "dev-news")


@pytest.fixture(scope="module")
def agency_scores(tmp_path_factory) -> dict:
    # The articles only: the gold beside them is no article.
    articles = sorted(p for p in AGENCY.iterdir() if p.suffix in (".txt", ".md"))
    return _scores(tmp_path_factory, "agency", articles, AGENCY / "gold")


@pytest.mark.slow
@pytest.mark.parametrize("measure", sorted(AGENCY_FLOORS))
def test_agency_scores_keep_their_floors(agency_scores, measure):
    assert (agency_scores[measure] or 0) >= AGENCY_FLOORS[measure], f"agency {measure} = {agency_scores[measure]}"


@pytest.mark.slow
@pytest.mark.parametrize("measure", sorted(NEWS_FLOORS))
def test_news_scores_keep_their_floors(news_scores, measure):
    assert (news_scores[measure] or 0) >= NEWS_FLOORS[measure], f"dev-news {measure} = {news_scores[measure]}"


@pytest.mark.slow
@pytest.mark.parametrize("measure", sorted(BARS))
def test_dev_scores_reach_the_bars(dev_scores, measure):
    assert (dev_scores[measure] or 0) >= BARS[measure], f"{measure} = {dev_scores[measure]}"


@pytest.mark.slow
def test_per_type_precision_and_recall(dev_scores):
    for kind, counts in dev_scores["per_type"].items():
        if counts["gold"] < 5:
            continue
        precision = counts["matched"] / counts["predicted"] if counts["predicted"] else 0.0
        recall = counts["matched"] / counts["gold"]
        assert precision >= 0.8 and recall >= 0.8, f"{kind}: {counts}"
