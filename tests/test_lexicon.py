"""The lexicon of the event finders (`linkeddata/extract/rules/lexicon.toml`): every entry carries examples, every
example gives what the entry says through the real extractor, and docs/extraction.md lists the data as it is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from linkeddata.articles import Article
from linkeddata.extract.rules import lexicon
from linkeddata.extract.rules.lexicon import (
    DOC_BEGIN,
    DOC_END,
    Entry,
    Example,
    LexiconError,
    doc_section,
    load_lexicon,
    parse_lexicon,
)
from linkeddata.facts import EventType, Status

PROJECT = Path(__file__).resolve().parent.parent
DOC = PROJECT / "docs" / "extraction.md"
PUBLISHED = dt.date(2025, 3, 4)
EVENT_TYPES = {t.value for t in EventType}

ENTRIES = list(load_lexicon().values())
EXAMPLES = [(entry, example) for entry in ENTRIES for example in entry.examples]


@pytest.fixture(scope="module")
def extractor():
    from linkeddata.extract.extractor import Extractor

    return Extractor()


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_entry_is_complete(entry: Entry):
    assert entry.examples, f"{entry.id} has no example sentence"
    assert entry.event in EVENT_TYPES | {"any"}, entry.event
    if entry.kind == "trigger":
        assert entry.event in EVENT_TYPES, f"trigger {entry.id} names no event type"
        assert any(x.yields == entry.event for x in entry.examples), f"no example of {entry.id} gives {entry.event}"
    for example in entry.examples:
        assert example.yields in EVENT_TYPES | {"nothing"}, example.yields


def test_every_entry_is_exposed_under_its_name():
    for entry in ENTRIES:
        assert getattr(lexicon, entry.name) == entry.words, entry.name
        assert isinstance(getattr(lexicon, entry.name), frozenset)


def test_included_words_are_part_of_the_set():
    remote = next(e for e in ENTRIES if e.id == "remote-media")
    phone = next(e for e in ENTRIES if e.id == "phone-media")
    assert phone.words < remote.words


@pytest.mark.parametrize(("entry", "example"), EXAMPLES,
                         ids=[f"{e.id}-{n}" for e in ENTRIES for n, _ in enumerate(e.examples, 1)])
def test_example_gives_its_event(extractor, entry: Entry, example: Example):
    article = Article(id="lexicon-example", source="lexicon-example.txt", text=example.text, published=PUBLISHED)
    facts = extractor.extract(article)
    found = [e for e in facts.events if e.type.value == (entry.event if example.yields == "nothing" else
                                                          example.yields)]
    if example.yields == "nothing":
        assert not found if entry.event != "any" else not facts.events, [e.type for e in facts.events]
        return
    assert found, f"{example.text!r} gives {[e.type.value for e in facts.events]}, not {example.yields}"
    if example.status is not None:
        wanted = Status.PLANNED if example.status == "planned" else Status.OCCURRED
        assert any(e.status == wanted for e in found), [e.status for e in found]
    for topic in example.topics:
        assert any(topic in e.topics for e in found), [e.topics for e in found]


def test_malformed_lexicon_is_refused_with_the_entry_named():
    with pytest.raises(LexiconError, match=r"entry 1 \(x\).*kind"):
        parse_lexicon('[[entry]]\nid = "x"\nname = "X"\nkind = "wish"\nevent = "Meeting"\nrole = "r"\nwords = []\n')
    with pytest.raises(LexiconError, match="unknown entry 'y'"):
        parse_lexicon('[[entry]]\nid = "x"\nname = "X"\nkind = "trigger"\nevent = "Meeting"\nrole = "r"\n'
                      'words = ["a"]\nincludes = ["y"]\n')
    with pytest.raises(LexiconError, match=r"lexicon\.toml"):
        parse_lexicon("[[entry]\n")


def test_documentation_lists_the_lexicon_as_it_is():
    if not DOC.exists():
        pytest.skip("docs/extraction.md is not in this checkout")
    text = DOC.read_text(encoding="utf-8")
    assert DOC_BEGIN in text and DOC_END in text, "docs/extraction.md has no generated lexicon section"
    current = text[text.index(DOC_BEGIN):text.index(DOC_END) + len(DOC_END)]
    assert current == doc_section(), "docs/extraction.md is out of date: run python bench/lexicon_doc.py"
