"""Shared fixtures: where the project and ../shared are, builds made once per test session, and Debian's
chromium for the browser tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import debian_chromium

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED = PROJECT_ROOT.parent / "shared"
SEED = PROJECT_ROOT / "seeds" / "000_6eace4120258b034.txt"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a clean skip where this checkout has none beside it."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not present beside this checkout")
    return path


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed article built once with the real pipeline (spaCy extraction, SHACL validation)."""
    from linkeddata.pipeline import Builder

    out = tmp_path_factory.mktemp("seed") / "build"
    report = Builder(out, progress=False).build([PROJECT_ROOT / "seeds"])
    assert report.ok, report.summary()
    return out


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A folder holding a copy of the seed article, for tests that add or change articles."""
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    return folder


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's chromium driven by Playwright (no browser download); skips where it is missing."""
    with debian_chromium() as launched:
        yield launched
