"""A build fed a corpus of bad articles: each is published correctly or refused with its name and reason,
and the good articles beside them come out exactly as they do alone."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from linkeddata.pipeline import Builder
from tests.conftest import PROJECT_ROOT, SEED

BAD = PROJECT_ROOT / "tests" / "data" / "bad"
GOOD = PROJECT_ROOT / "tests" / "data" / "articles" / "pipeline"
BODY = "Foreign ministers of two countries met in the capital today and discussed trade and energy. "


def write_generated(folder: Path) -> dict[str, str]:
    """The bad files that are binary or too large to keep in the repository; name -> expected reason."""
    cases = {
        "empty.txt": (b"", "empty"),
        "no-date.txt": (BODY.encode(), "no 'date YYYY-MM-DD' header"),
        "impossible-date.txt": (f"date 2025-02-30 {BODY}".encode(), "not a real date"),
        "wordy-date.md": (f"---\ndate: 3 February 2025\n---\n{BODY}".encode(), "YYYY-MM-DD"),
        "slashed-date.txt": (f"date 2025/02/03 {BODY}".encode(), "YYYY-MM-DD"),
        "no-body.md": (b"---\ndate: '2025-02-03'\ntitle: Empty\n---\n", "no body"),
        "five-megabytes.txt": (f"date 2025-02-03 {BODY * 55_000}".encode(), "too large"),
        "garbage.txt": (bytes(range(256)) * 64, "binary"),
        "latin-1.txt": (f"date 2025-02-03 {BODY}Erdo\xf0an".encode("latin-1"), "not UTF-8"),
        "broken-front-matter.md": (f"---\ndate: '2025-02-03'\ntitle: [oops\n---\n{BODY}".encode(), "YAML"),
        "list-for-title.md": (f"---\ndate: '2025-02-03'\ntitle: [a, b]\n---\n{BODY}".encode(), "holds a list"),
        "twice-a.txt": (f"date 2025-02-03 Twice: {BODY}".encode(), ""),
        "twice-b.txt": (f"date 2025-02-03 Twice: {BODY}".encode(), "duplicate"),
    }
    readable = {
        "utf-16.txt": f"date 2025-02-03 {BODY}Erdoğan met Zelenskyy.".encode("utf-16"),
        "utf-8-bom.txt": f"date 2025-02-03 {BODY}It starts with a byte order mark.".encode("utf-8-sig"),
    }
    for name, (content, _) in cases.items():
        (folder / name).write_bytes(content)
    for name, content in readable.items():
        (folder / name).write_bytes(content)
    lines = [json.dumps({"id": "feed-1", "date": "2025-02-03", "title": "T", "text": BODY, "url": "u"}),
             "{broken", json.dumps({"id": "feed-2", "date": "2025-02-31", "text": BODY})]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n")
    expected = {name: reason for name, (_, reason) in cases.items() if reason}
    expected["feed.jsonl:2"] = "not valid JSON"
    expected["feed.jsonl:3"] = "not a real date"
    return expected


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object, dict[str, str]]:
    root = tmp_path_factory.mktemp("bad")
    articles = root / "articles"
    shutil.copytree(BAD, articles)
    shutil.copy(SEED, articles / SEED.name)
    for path in GOOD.iterdir():
        shutil.copy(path, articles / path.name)
    expected = write_generated(articles)
    report = Builder(root / "out", progress=False).build([articles])
    return root / "out", report, expected


def test_every_bad_file_is_refused_with_its_name_and_reason(bad_build) -> None:
    _, report, expected = bad_build
    refusals = {Path(r.source).name: r.reason for r in report.refused}
    for name, reason in expected.items():
        assert name in refusals, (name, sorted(refusals))
        assert reason in refusals[name], (name, refusals[name])
    assert not report.ok


def test_readable_odd_files_are_published(bad_build) -> None:
    out, report, _ = bad_build
    published = {item.article_id for item in report.published}
    for name in ("utf-16", "utf-8-bom", "windows-endings", "names-in-many-scripts", "markup-and-script",
                 "iri-breaking-text", "feed-1", "twice-a", SEED.stem):
        assert name in published, (name, [str(r) for r in report.refused])
    for path in (out / "graphs").iterdir():
        Graph().parse(path, format="turtle")
        if shutil.which("rapper"):
            checked = subprocess.run(["rapper", "-q", "-i", "turtle", "-c", str(path)], capture_output=True, text=True)
            assert checked.returncode == 0, (path.name, checked.stderr)


def test_good_articles_come_out_as_they_do_alone(bad_build, seed_build: Path) -> None:
    out, _, _ = bad_build
    name = f"{SEED.stem}.ttl"
    assert (out / "graphs" / name).read_bytes() == (seed_build / "graphs" / name).read_bytes()


IRI_FORBIDDEN = set(' <>"{}|\\^`')


def published_graph(out: Path, article_id: str) -> Graph:
    return Graph().parse(out / "graphs" / f"{article_id}.ttl", format="turtle")


@pytest.mark.parametrize("article_id", ["names-in-many-scripts", "iri-breaking-text", "markup-and-script"])
def test_text_never_makes_an_invalid_iri(bad_build, article_id: str) -> None:
    graph = published_graph(bad_build[0], article_id)
    bad = [node for node in graph.all_nodes() if isinstance(node, URIRef) and set(str(node)) & IRI_FORBIDDEN]
    assert not bad


def test_names_in_any_script_keep_their_letters(bad_build) -> None:
    labels = {str(label) for label in published_graph(bad_build[0], "names-in-many-scripts").objects(None, RDFS.label)}
    assert any("Erdoğan" in label for label in labels), labels


def test_markup_is_kept_as_text_not_interpreted(bad_build) -> None:
    graph = published_graph(bad_build[0], "markup-and-script")
    texts = [str(o) for o in graph.objects() if "<script>" in str(o)]
    assert texts, "the markup is text of the article and is published as such, for pages to escape"


def test_an_article_that_changes_between_builds_is_replaced_whole(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    shutil.copytree(GOOD, articles)
    out = tmp_path / "out"
    Builder(out, progress=False).build([articles])
    call = articles / "2025-04-02-phone-call.md"
    call.write_text(call.read_text().replace("Foreign Minister Alberto van Klaveren of Chile",
                                             "Foreign Minister Elena Ruiz of Peru"))
    Builder(out, progress=False).build([articles])
    text = (out / "graphs" / "2025-04-02-phone-call.ttl").read_text()
    assert "Klaveren" not in text and "Peru" in text
    assert "Klaveren" not in (out / "dataset.nq").read_text()
