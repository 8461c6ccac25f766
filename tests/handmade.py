"""A small article and its facts written by hand, to test mapping and shapes apart from extraction."""

from __future__ import annotations

import datetime as dt

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
    Place,
    Post,
    Ref,
    Span,
    Status,
)

TEXT = ("VALLETTA, Malta, March 4. Prime Minister Ana Ruiz of Malta met today with Foreign Minister Olu Bello "
        "of Ghana, Example News reports. Ruiz invited Bello to visit Malta in 2026. They discussed trade.")


def article(article_id: str = "handmade-1", text: str = TEXT) -> Article:
    return Article(id=article_id, source=f"{article_id}.txt", text=text, published=dt.date(2025, 3, 4),
                   title="Malta and Ghana meet", url="https://example.org/news/1")


def span(text: str, phrase: str) -> Span:
    begin = text.index(phrase)
    return Span(begin, begin + len(phrase), phrase)


def facts(source: Article) -> ArticleFacts:
    text = source.text
    ruiz, bello = Ref(EntityKind.PERSON, "ana-ruiz"), Ref(EntityKind.PERSON, "olu-bello")
    malta, ghana = Ref(EntityKind.COUNTRY, "mt"), Ref(EntityKind.COUNTRY, "gh")
    valletta = Ref(EntityKind.PLACE, "2562305")
    agency = Ref(EntityKind.ORGANIZATION, "example-news")
    return ArticleFacts(
        article_id=source.id,
        publisher=agency,
        dateline=valletta,
        persons=[
            Person("ana-ruiz", "Ana Ruiz", [Post("Prime Minister", malta, "Prime Minister of Malta")], malta,
                   [span(text, "Ana Ruiz")]),
            Person("olu-bello", "Olu Bello", [Post("Foreign Minister", ghana, "Foreign Minister of Ghana")], ghana,
                   [span(text, "Olu Bello")]),
        ],
        countries=[Country("mt", "Malta", "Q233", 2562770, [span(text, "Malta")]),
                   Country("gh", "Ghana", "Q117", 2300660, [span(text, "Ghana")])],
        organizations=[Organization("example-news", "Example News")],
        places=[Place("2562305", "Valletta", "mt", 2562305, None, [span(text, "VALLETTA")])],
        events=[
            Event(EventType.MEETING, [ruiz, bello], Status.OCCURRED,
                  [span(text, "Prime Minister Ana Ruiz of Malta met today with Foreign Minister Olu Bello of Ghana")],
                  FuzzyDate(2025, 3, 4), valletta, ["trade"]),
            Event(EventType.INVITATION, [ruiz, bello], Status.OCCURRED,
                  [span(text, "Ruiz invited Bello to visit Malta in 2026")], FuzzyDate(2025, 3, 4),
                  inviters=[ruiz], invitees=[bello], invited_to=2),
            Event(EventType.VISIT, [bello], Status.PLANNED, [span(text, "to visit Malta in 2026")], FuzzyDate(2026),
                  malta, visitors=[bello], destination=malta),
        ],
    )
