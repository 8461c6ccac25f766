"""The city index is kept in the user's cache: the kept copy gives the same answers as a fresh one, and a
damaged or missing copy is made again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from linkeddata.extract import gazetteer


def _forget() -> None:
    gazetteer._city_index = None  # as a new process would start


@pytest.fixture(scope="session")
def city_names() -> gazetteer.CityIndex:
    """The names of the city index, worked out once per test session: the slow part, and the same for every
    test; each test still writes, keeps, damages and reads its own index."""
    return gazetteer._index_cities()


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, city_names: gazetteer.CityIndex) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(gazetteer, "_index_cities", lambda: city_names)
    _forget()
    yield tmp_path
    _forget()


NAMES = ["Bishkek", "Washington", "Ottawa", "the Kremlin", "Nairobi", "Springfield", "Japan", "Qwertyvillezz"]


def test_the_kept_index_answers_as_a_fresh_one(cache_home: Path) -> None:
    (cache_home / "linkeddata").mkdir()
    (cache_home / "linkeddata" / "cities-made-by-older-code.json").write_text("{}")
    fresh = [gazetteer.city_by_name(name) for name in NAMES]
    kept = gazetteer._city_index_file()
    assert kept.is_relative_to(cache_home) and kept.is_file()
    assert sorted(kept.parent.glob("cities-*")) == [kept]
    _forget()
    assert [gazetteer.city_by_name(name) for name in NAMES] == fresh
    assert fresh[0] is not None and (fresh[0].name, fresh[0].country) == ("Bishkek", "kg")
    assert fresh[-2] is None and fresh[-1] is None  # a country is no city; an unknown name neither


@pytest.mark.parametrize("damage", [b"", b"not a database at all" * 100], ids=["empty", "not a database"])
def test_a_damaged_index_is_made_again(cache_home: Path, damage: bytes) -> None:
    expected = gazetteer.city_by_name("Bishkek")
    gazetteer._city_index_file().write_bytes(damage)
    _forget()
    assert gazetteer.city_by_name("Bishkek") == expected
    assert gazetteer._city_index_file().read_bytes()[:15] == b"SQLite format 3"


def test_a_cache_that_cannot_be_written_still_gives_an_index(cache_home: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    not_a_folder = cache_home / "a-file"
    not_a_folder.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(not_a_folder))
    assert gazetteer.city_by_name("Ottawa") is not None


def test_a_us_state_is_the_state_not_a_town_abroad_that_shares_its_name() -> None:
    for name in ("Florida", "Colorado", "Montana", "Virginia", "Arizona"):
        place = gazetteer.city_by_name(name, {"jp"})
        assert place is not None and place.country == "us" and place.division, name
    # A city far larger than the state of its name is what news means by it.
    assert not gazetteer.city_by_name("New York", {"us"}).division  # type: ignore[union-attr]
    assert not gazetteer.city_by_name("Washington", set()).division  # type: ignore[union-attr]


def test_a_small_town_abroad_is_no_place_unless_the_article_is_about_its_country() -> None:
    assert gazetteer.city_by_name("Dome", {"us", "fr"}, place_word=False) is None
    assert gazetteer.city_by_name("Dome", {"gh"}, place_word=False) is not None
    assert gazetteer.city_by_name("Paris", {"us"}).country == "fr"  # type: ignore[union-attr]
    assert gazetteer.city_by_name("Asia", {"ph"}) is None  # a continent, not the town
