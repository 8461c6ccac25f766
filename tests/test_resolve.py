"""Cross-article resolution keeps every key it gave: building an article again gives it the same keys."""

from __future__ import annotations

from pathlib import Path

from linkeddata.facts import ArticleFacts, Person
from linkeddata.resolve import Resolver


def facts(article_id: str, *names: str) -> ArticleFacts:
    return ArticleFacts(article_id, persons=[Person(f"local-{n}", name) for n, name in enumerate(names)])


def keys(resolved: ArticleFacts) -> list[str]:
    return [person.key for person in resolved.persons]


def test_a_full_name_joins_its_known_person_across_articles() -> None:
    resolver = Resolver()
    first = keys(resolver.resolve(facts("a", "Joseph R. Biden Jr.")))
    assert keys(resolver.resolve(facts("b", "Joe Biden"))) == first
    assert keys(resolver.resolve(facts("c", "President Biden"))) == first


def test_an_ambiguous_surname_gets_the_same_key_when_its_article_is_built_again(tmp_path: Path) -> None:
    resolver = Resolver()
    resolver.resolve(facts("a", "Anna Berg", "Olav Berg"))
    alone = keys(resolver.resolve(facts("b", "Berg")))
    assert alone[0] not in keys(resolver.resolve(facts("a", "Anna Berg", "Olav Berg")))
    resolver.save(tmp_path / "registry.json")
    again = Resolver.load(tmp_path / "registry.json")
    for _ in range(3):  # every rebuild, however often: no new key, no other key
        assert keys(again.resolve(facts("b", "Berg"))) == alone
    again.save(tmp_path / "registry-2.json")
    assert (tmp_path / "registry.json").read_bytes() == (tmp_path / "registry-2.json").read_bytes()


def test_the_registry_round_trips(tmp_path: Path) -> None:
    resolver = Resolver()
    resolver.resolve(facts("a", "Anna Berg", "Li Wei"))
    resolver.save(tmp_path / "r.json")
    loaded = Resolver.load(tmp_path / "r.json")
    loaded.save(tmp_path / "s.json")
    assert (tmp_path / "r.json").read_bytes() == (tmp_path / "s.json").read_bytes()
    assert keys(loaded.resolve(facts("z", "Li Wei"))) == keys(resolver.resolve(facts("y", "Li Wei")))
