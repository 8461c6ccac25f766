"""Incremental builds: after a change, the dumps are patched from the earlier ones and the query store from
the earlier store, and the result is what a whole build makes, byte for byte (the store: quad for quad).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from linkeddata import segments
from linkeddata.pipeline import Builder
from linkeddata.store import StoreInfo, is_current, open_read_only
from tests.conftest import PROJECT_ROOT, SEED

EXTRA = PROJECT_ROOT / "tests" / "data" / "articles" / "pipeline"
COMPARED = ("dataset.nq", "dataset.nq.gz", "dataset.ttl", "dataset.ttl.gz", "dataset.nt", "dataset.nt.gz",
            "void.ttl", "registry.json", "manifest.json")


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(EXTRA, folder)
    shutil.copy(SEED, folder / SEED.name)
    return folder


def _change(articles: Path) -> None:
    changed = articles / "2025-04-02-phone-call.md"
    changed.write_text(changed.read_text().replace("in June", "in July"))
    (articles / "2025-05-20-football.md").unlink()
    (articles / "2025-06-01-new.md").write_text(
        "---\ntitle: Ministers meet\ndate: 2025-06-01\n---\n"
        "OTTAWA, June 1 -- Canadian Foreign Minister Anna Lindqvist met Mexican Foreign Minister Tomas Ibarra in "
        "Ottawa on Sunday to discuss trade.\n")


def _whole_build_like(incremental: Path, first: Path, articles: Path, target: Path) -> None:
    """A build of `articles` that reuses nothing but the registry of `first` (so that keys agree)."""
    target.mkdir()
    shutil.copy(first / "registry.json", target / "registry.json")
    report = Builder(target, progress=False).build([articles])
    assert report.reused == 0


def _built_and_kept(articles: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A build of `articles` in out/, and a copy of it in first/, as it was before any change."""
    out, first = tmp_path / "out", tmp_path / "first"
    Builder(out, progress=False).build([articles])
    shutil.copytree(out, first)
    return out, first


def _quads(store_dir: Path) -> set[ox.Quad]:
    return set(open_read_only(store_dir).quads_for_pattern(None, None, None))


def test_an_incremental_build_equals_a_whole_one(articles: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out, first = _built_and_kept(articles, tmp_path)
    _change(articles)
    report = Builder(out, progress=False).build([articles])
    assert (report.reused, len(report.published) - report.reused, report.removed) == (2, 2, 1)
    said = capsys.readouterr().err
    assert "is not reused" not in said and "rebuilt whole" not in said  # patched, not redone
    whole = tmp_path / "whole"
    _whole_build_like(out, first, articles, whole)
    for name in COMPARED:
        assert (out / name).read_bytes() == (whole / name).read_bytes(), name
    # The store was patched from the first build's, and holds what a whole load gives.
    assert _quads(out / "store") == _quads(whole / "store")
    patched, loaded = StoreInfo.read(out / "store"), StoreInfo.read(whole / "store")
    assert (patched.statements, patched.union_triples, patched.graphs, patched.version) == \
        (loaded.statements, loaded.union_triples, loaded.graphs, loaded.version)
    assert StoreInfo.read(first / "store").version != patched.version
    # `serve` finds the store current for the dataset beside it: nothing is loaded again.
    assert is_current(out / "store", [out / "dataset.nq"])


def test_the_earlier_store_is_left_as_it_was(articles: Path, tmp_path: Path) -> None:
    out, _ = _built_and_kept(articles, tmp_path)
    # Links to the very files of the earlier store: were the patch to write into a file it shares with its
    # checkpoint, this copy would change with it.
    linked = tmp_path / "linked-store"
    shutil.copytree(out / "store", linked, copy_function=os.link)
    before = _quads(linked)
    _change(articles)
    Builder(out, progress=False).build([articles])  # patches a checkpoint of out/store, then swaps
    assert _quads(linked) == before
    assert _quads(out / "store") != before


def test_a_damaged_earlier_dump_or_store_is_not_reused(articles: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    out, first = _built_and_kept(articles, tmp_path)
    lines = (out / "dataset.nq").read_text().splitlines(keepends=True)
    (out / "dataset.nq").write_text("".join(reversed(lines)))  # out of order
    (out / "dataset.nt.gz").write_bytes(b"no gzip at all")
    (out / "dataset.ttl").write_bytes((out / "dataset.ttl").read_bytes()[:-100])
    for rocksdb_file in (out / "store").glob("*.sst"):
        rocksdb_file.unlink()
    _change(articles)
    report = Builder(out, progress=False).build([articles])
    assert report.ok, report.summary()
    said = capsys.readouterr().err
    assert "is not reused" in said and "rebuilt whole" in said
    whole = tmp_path / "whole"
    _whole_build_like(out, first, articles, whole)
    for name in COMPARED:
        assert (out / name).read_bytes() == (whole / name).read_bytes(), name
    assert _quads(out / "store") == _quads(whole / "store")


def test_an_incremental_build_encodes_again_only_the_segments_that_changed(
        articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(segments, "CUT_BITS", 3)  # about 8 subjects a segment: many segments in a small build
    out, _ = _built_and_kept(articles, tmp_path)
    changed = articles / "2025-04-02-phone-call.md"
    changed.write_text(changed.read_text().replace("in June", "in July"))
    deflated: list[int] = []
    original = segments._deflated
    monkeypatch.setattr(segments, "_deflated", lambda data: deflated.append(len(data)) or original(data))
    Builder(out, progress=False).build([articles])
    recorded = json.loads((out / "manifest.json").read_text())["dumps"]
    total = sum(len(dump["segments"]) for dump in recorded.values())
    print(f"{len(deflated)} of {total} segments deflated again")
    assert 0 < len(deflated) < total / 3
