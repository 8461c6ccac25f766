"""Shared fixtures: where the project and ../shared are, builds made once per test session, the handmade build
and the app serving it (from `live_pages`), and Debian's chromium for the browser tests; readable test ids."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live_pages import app, client, handmade_build
from tests.servers import debian_chromium

# The fixtures of `live_pages`, for every module that reads the handmade build.
__all__ = ["app", "client", "handmade_build"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED = PROJECT_ROOT.parent / "shared"
SEED = PROJECT_ROOT / "seeds" / "000_6eace4120258b034.txt"


_PROLOGUE = re.compile(r"^(\s*(PREFIX|BASE)\s+[^<]*<[^>]*>)+\s*", re.IGNORECASE)
ID_CHARACTERS = 40


def pytest_make_parametrize_id(config: pytest.Config, val: object, argname: str) -> str | None:
    """Parameters named so a person can read them: text on one line, cut after its first words and without
    its SPARQL prologue; bytes that are no text by their size."""
    if isinstance(val, bytes):
        try:
            val = val.decode("utf-8")
        except UnicodeDecodeError:
            return f"{len(val)} bytes"
    if not isinstance(val, str):
        return None
    text = " ".join(_PROLOGUE.sub("", val).split())
    if not text.isprintable():
        return f"{len(val)} characters"
    return text if len(text) <= ID_CHARACTERS else text[:ID_CHARACTERS].rstrip() + "..."


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
