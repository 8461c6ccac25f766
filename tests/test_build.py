"""The build: byte-identical output for the same input, URIs that never change, every file readable."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef

from linkeddata import pipeline
from linkeddata.pipeline import Builder
from tests.conftest import PROJECT_ROOT, SEED
from tests.live_pages import BASE, HandmadeExtractor, write_articles

EXTRA = PROJECT_ROOT / "tests" / "data" / "articles" / "pipeline"
COMPARED = ("dataset.nq", "dataset.nq.gz", "dataset.ttl", "dataset.ttl.gz", "dataset.nt", "dataset.nt.gz",
            "void.ttl", "ontology.ttl", "shapes.ttl", "registry.json")


def subjects(folder: Path) -> set[str]:
    graph = Graph().parse(folder / "dataset.nt", format="nt")
    return {str(s) for s in graph.subjects() if isinstance(s, URIRef)}


def test_same_input_gives_byte_identical_output(seed_build: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    Builder(again, progress=False).build([PROJECT_ROOT / "seeds"])
    for name in COMPARED:
        assert (seed_build / name).read_bytes() == (again / name).read_bytes(), name
    for graph_file in (seed_build / "graphs").iterdir():
        assert graph_file.read_bytes() == (again / "graphs" / graph_file.name).read_bytes()


def test_more_articles_leave_every_existing_uri_alone(seed_build: Path, tmp_path: Path) -> None:
    grown = tmp_path / "grown"
    shutil.copytree(seed_build, grown)  # a rebuild in place: the registry of the first build carries over
    report = Builder(grown, progress=False).build([SEED, EXTRA])
    assert report.ok, report.summary()
    before, after = subjects(seed_build), subjects(grown)
    assert before <= after
    assert (seed_build / "graphs" / f"{SEED.stem}.ttl").read_bytes() == \
        (grown / "graphs" / f"{SEED.stem}.ttl").read_bytes()
    registry_before = json.loads((seed_build / "registry.json").read_text())
    registry_after = json.loads((grown / "registry.json").read_text())
    assert _flatten(registry_before) <= _flatten(registry_after)


def _flatten(value: object, prefix: str = "") -> set[str]:
    if isinstance(value, dict):
        return {item for key, inner in value.items() for item in _flatten(inner, f"{prefix}/{key}")}
    if isinstance(value, list):
        return {f"{prefix}={json.dumps(item, sort_keys=True)}" for item in value}
    return {f"{prefix}={value}"}


def test_unchanged_articles_are_reused_and_changed_ones_re_extracted(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    shutil.copytree(EXTRA, articles)
    out = tmp_path / "out"
    first = Builder(out, progress=False).build([articles])
    assert first.reused == 0
    changed = articles / "2025-04-02-phone-call.md"
    changed.write_text(changed.read_text().replace("in June", "in July"))
    (articles / "2025-05-20-football.md").unlink()
    second = Builder(out, progress=False).build([articles])
    assert (second.reused, len(second.published) - second.reused, second.removed) == (1, 1, 1)
    assert "unchanged and reused 1, re-extracted 1, withdrawn 1" in second.summary()
    assert not (out / "graphs" / "2025-05-20-football.ttl").exists()


def test_every_turtle_file_passes_rapper_and_round_trips_through_rdflib(seed_build: Path) -> None:
    rapper = shutil.which("rapper")
    files = [*sorted(seed_build.glob("*.ttl")), *sorted((seed_build / "graphs").glob("*.ttl"))]
    for path in files:
        graph = Graph().parse(path, format="turtle")
        again = Graph().parse(data=graph.serialize(format="turtle"), format="turtle")
        assert len(graph) == len(again) and len(graph) > 0, path
        if rapper:
            checked = subprocess.run([rapper, "-q", "-i", "turtle", "-c", str(path)], capture_output=True, text=True)
            assert checked.returncode == 0, (path, checked.stderr)
    if rapper:
        for name, syntax in (("dataset.nq", "nquads"), ("dataset.nt", "ntriples")):
            checked = subprocess.run([rapper, "-q", "-i", syntax, "-c", str(seed_build / name)],
                                     capture_output=True, text=True)
            assert checked.returncode == 0, (name, checked.stderr)
    else:
        pytest.skip("rapper (Debian raptor2-utils) is not installed")


def test_dumps_agree_with_each_other(seed_build: Path) -> None:
    dataset = Dataset()
    dataset.parse(seed_build / "dataset.nq", format="nquads")
    union = Graph().parse(seed_build / "dataset.ttl", format="turtle")
    graph_names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert graph_names == {f"http://127.0.0.1:8080/graph/{SEED.stem}"}
    assert len(union) == len(Graph().parse(seed_build / "dataset.nt", format="nt"))
    assert gzip.decompress((seed_build / "dataset.ttl.gz").read_bytes()) == (seed_build / "dataset.ttl").read_bytes()
    manifest = json.loads((seed_build / "manifest.json").read_text())
    assert manifest["triples"] == len(union)


def test_bad_files_are_refused_and_the_rest_published(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    shutil.copytree(EXTRA, articles)
    (articles / "empty.txt").write_bytes(b"")
    (articles / "nodate.md").write_text("---\ntitle: x\n---\nSome words about nothing in particular at all.\n")
    (articles / "binary.txt").write_bytes(bytes(range(256)) * 10)
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "linkeddata.cli", "build", str(articles), "--out", str(out),
                             "--quiet"], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert result.returncode == 1, result.stdout + result.stderr
    for name, reason in (("empty.txt", "empty"), ("nodate.md", "no date"), ("binary.txt", "binary")):
        assert any(name in line and reason in line for line in result.stdout.splitlines()), (name, result.stdout)
    assert "published 3, refused 3" in result.stdout
    assert sorted(p.name for p in (out / "graphs").iterdir()) == sorted(f"{p.stem}.ttl" for p in EXTRA.iterdir())


def test_a_crash_in_the_middle_leaves_the_previous_dataset(seed_build: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(seed_build, out)
    before = (out / "dataset.nq").read_bytes()

    class Exploding(Builder):
        def _write_dataset(self, report, articles):  # type: ignore[no-untyped-def]
            raise KeyboardInterrupt  # what an operator's Ctrl-C or a kill does mid-build

    with pytest.raises(KeyboardInterrupt):
        Exploding(out, progress=False).build([SEED, EXTRA])
    assert (out / "dataset.nq").read_bytes() == before


def test_validate_command_rechecks_a_build(seed_build: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "linkeddata.cli", "validate", str(seed_build)],
                            capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 article graph(s) checked" in result.stdout and "1 conform, 0 do not" in result.stdout


def test_a_parallel_build_equals_a_serial_one_byte_for_byte(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    shutil.copytree(EXTRA, articles)
    shutil.copy(SEED, articles / SEED.name)
    (articles / "broken.md").write_text("---\ntitle: no date\n---\nSome words of an article without a date.\n")
    serial = Builder(tmp_path / "serial", progress=False, jobs=1).build([articles])
    parallel = Builder(tmp_path / "parallel", progress=False, jobs=2).build([articles])
    assert len(serial.published) == len(parallel.published) == 4
    assert [str(r).split(": ", 1)[1] for r in serial.refused] == [str(r).split(": ", 1)[1] for r in parallel.refused]
    for name in COMPARED:
        assert (tmp_path / "serial" / name).read_bytes() == (tmp_path / "parallel" / name).read_bytes(), name


def _refuses(text: str) -> None:
    raise ValueError(f"refused: {text}")


def test_work_done_in_a_process_apart_gives_its_result_its_error_or_its_death() -> None:
    assert pipeline._apart(sum, [1, 2, 3])() == 6
    with pytest.raises(ValueError, match="refused: this"):
        pipeline._apart(_refuses, "this")()
    with pytest.raises(RuntimeError, match=r"_exit died in its process \(exit 3\)"):
        pipeline._apart(os._exit, 3)()


DYING_BUILD = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from linkeddata.pipeline import Builder
    from tests.live_pages import BASE, HandmadeExtractor

    class DyingExtractor(HandmadeExtractor):
        def extract(self, article):  # the worker is killed under this one article, every time
            if article.id == sys.argv[3]:
                os._exit(9)
            return super().extract(article)

    report = Builder(Path(sys.argv[1]), BASE, progress=False, jobs=2,
                     extractor_factory=DyingExtractor).build([Path(sys.argv[2])])
    print([article.article_id for article in report.published])
    print([str(refusal) for refusal in report.refused])
""")


def test_a_worker_that_dies_under_an_article_refuses_that_article_alone(tmp_path: Path) -> None:
    articles = write_articles(tmp_path / "articles", ["handmade-1", "hostile-2", "visit-3"])
    run = subprocess.run([sys.executable, "-c", DYING_BUILD, str(tmp_path / "out"), str(articles), "hostile-2"],
                         cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    published, refused = run.stdout.splitlines()[-2:]
    assert published == "['handmade-1', 'visit-3']"
    assert "hostile-2.md" in refused and "worker process died while extracting it" in refused
    # The others are what a build without that article makes.
    (tmp_path / "articles" / "hostile-2.md").unlink()
    Builder(tmp_path / "without", BASE, progress=False, extractor_factory=HandmadeExtractor).build([articles])
    for name in ("dataset.nq", "dataset.ttl", "registry.json"):
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "without" / name).read_bytes(), name
