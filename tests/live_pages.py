"""A small build made by the real pipeline from hand-written facts, for the tests of the pages.

The extraction is replaced by `HandmadeExtractor` (facts written by hand, in tests/handmade.py and
below), so these tests depend on the mapping, validation, output and store code, not on how well
spaCy reads. The build is minted under `BASE` and served at localhost: every page must link to
local paths all the same.
"""

from __future__ import annotations

import datetime as dt
import html.parser
import urllib.parse
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from linkeddata.articles import Article
from linkeddata.facts import (
    ArticleFacts,
    Country,
    EntityKind,
    Event,
    EventType,
    FuzzyDate,
    Organization,
    Person,
    Post,
    Ref,
    Span,
    Status,
)
from tests import handmade

BASE = "https://data.example.org/"
HOSTILE_NAME = '<img src=x onerror="alert(1)">Zed & Co'
HOSTILE_TEXT = ('ACCRA, Ghana, April 2. President Kofi Mensah of Ghana held a phone call with Prime Minister '
                'Ana Ruiz of Malta, <script>alert("pwned")</script> the office said. They discussed energy '
                'and the "<b>bold</b>" plan of ' + HOSTILE_NAME + '.')
VISIT_TEXT = ("VALLETTA, Malta, June 10. Foreign Minister Olu Bello of Ghana arrived in Malta on an official visit "
              "and met Prime Minister Ana Ruiz.")

ARTICLES: dict[str, tuple[str, dt.date, str]] = {
    "handmade-1": (handmade.TEXT, dt.date(2025, 3, 4), "Malta and Ghana meet"),
    "hostile-2": (HOSTILE_TEXT, dt.date(2025, 4, 2), 'Call <i>about</i> energy & "plans"'),
    "visit-3": (VISIT_TEXT, dt.date(2025, 6, 10), "Bello visits Malta"),
}


def _span(text: str, phrase: str) -> Span:
    return handmade.span(text, phrase)


def hostile_facts(article: Article) -> ArticleFacts:
    text = article.text
    mensah, ruiz = Ref(EntityKind.PERSON, "kofi-mensah"), Ref(EntityKind.PERSON, "ana-ruiz")
    ghana, malta = Ref(EntityKind.COUNTRY, "gh"), Ref(EntityKind.COUNTRY, "mt")
    zed = Ref(EntityKind.ORGANIZATION, "zed-co")
    return ArticleFacts(
        article_id=article.id,
        publisher=zed,
        persons=[
            Person("kofi-mensah", "Kofi Mensah", [Post("President", ghana, "President of Ghana")], ghana,
                   [_span(text, "Kofi Mensah")]),
            Person("ana-ruiz", "Ana Ruiz", [Post("Prime Minister", malta, "Prime Minister of Malta")], malta,
                   [_span(text, "Ana Ruiz")]),
        ],
        countries=[Country("gh", "Ghana", "Q117", 2300660, [_span(text, "Ghana")]),
                   Country("mt", "Malta", "Q233", 2562770, [_span(text, "Malta")])],
        organizations=[Organization("zed-co", HOSTILE_NAME, mentions=[_span(text, HOSTILE_NAME)])],
        events=[
            Event(EventType.PHONE_CALL, [mensah, ruiz], Status.OCCURRED,
                  [_span(text, "President Kofi Mensah of Ghana held a phone call with Prime Minister Ana Ruiz of "
                               'Malta, <script>alert("pwned")</script>')],
                  FuzzyDate(2025, 4, 2), topics=["energy"]),
        ],
    )


def visit_facts(article: Article) -> ArticleFacts:
    text = article.text
    bello, ruiz = Ref(EntityKind.PERSON, "olu-bello"), Ref(EntityKind.PERSON, "ana-ruiz")
    ghana, malta = Ref(EntityKind.COUNTRY, "gh"), Ref(EntityKind.COUNTRY, "mt")
    return ArticleFacts(
        article_id=article.id,
        persons=[
            Person("olu-bello", "Olu Bello", [Post("Foreign Minister", ghana, "Foreign Minister of Ghana")], ghana,
                   [_span(text, "Olu Bello")]),
            Person("ana-ruiz", "Ana Ruiz", [Post("Prime Minister", malta, "Prime Minister of Malta")], malta,
                   [_span(text, "Ana Ruiz")]),
        ],
        countries=[Country("gh", "Ghana", "Q117", 2300660, [_span(text, "Ghana")]),
                   Country("mt", "Malta", "Q233", 2562770, [_span(text, "Malta")])],
        events=[
            Event(EventType.VISIT, [bello], Status.OCCURRED,
                  [_span(text, "Foreign Minister Olu Bello of Ghana arrived in Malta on an official visit")],
                  FuzzyDate(2025, 6, 10), malta, visitors=[bello], destination=malta),
            Event(EventType.MEETING, [bello, ruiz], Status.OCCURRED,
                  [_span(text, "met Prime Minister Ana Ruiz")], FuzzyDate(2025, 6, 10), malta),
        ],
    )


FACTS = {"handmade-1": handmade.facts, "hostile-2": hostile_facts, "visit-3": visit_facts}


class HandmadeExtractor:
    """Stands in for the spaCy extraction: the facts of each article, written by hand."""

    def extract(self, article: Article) -> ArticleFacts:
        return FACTS[article.id](article)


def write_articles(folder: Path, names: Iterable[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        text, published, title = ARTICLES[name]
        (folder / f"{name}.md").write_text(
            f"---\ndate: {published.isoformat()}\ntitle: '{title.replace(chr(39), chr(39) * 2)}'\n---\n{text}",
            encoding="utf-8")
    return folder


def build_fixture(root: Path, names: Iterable[str] = ("handmade-1", "hostile-2"), out: Path | None = None) -> Path:
    """A build folder of the named articles, made by `linkeddata.pipeline.Builder`."""
    from linkeddata.pipeline import Builder

    articles = write_articles(root / "articles", names)
    target = out or root / "build"
    report = Builder(target, BASE, progress=False, extractor_factory=HandmadeExtractor).build([articles])
    assert report.ok and not report.violations, report.summary()
    return target


def make_app(build: Path) -> Flask:
    from linkeddata.web import create_app

    return create_app({"DATA_DIR": str(build), "TESTING": True})


@pytest.fixture(scope="module")
def handmade_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture(tmp_path_factory.mktemp("pages"))


@pytest.fixture(scope="module")
def app(handmade_build: Path) -> Iterator[Flask]:
    application = make_app(handmade_build)
    yield application
    application.extensions["linkeddata"].close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


# ------------------------------------------------------------------------------------ reading pages


class LinkParser(html.parser.HTMLParser):
    """Every href and src of a page, and the ids its fragments can land on."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts += 1
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src"):
                self.links.append(value)
            elif name == "id":
                self.ids.add(value)


def parse_page(body: str) -> LinkParser:
    parser = LinkParser()
    parser.feed(body)
    return parser


def local_target(link: str, page: str) -> str | None:
    """The local path a link goes to (query kept, fragment dropped), or None when it leaves the site."""
    absolute = urllib.parse.urljoin("http://localhost" + page, link)
    parts = urllib.parse.urlsplit(absolute)
    if parts.scheme != "http" or parts.netloc != "localhost":
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")
