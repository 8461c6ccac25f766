"""Article text with its evidence highlighted and the entities it names linked.

Everything that came from an article reaches the templates as plain strings and is escaped by Jinja;
highlighting is done by cutting the text into pieces, never by writing markup into it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from linkeddata.vocab import DIP, NIF, RDF, SCHEMA, SKOS, compact
from linkeddata.web.pages.terms import Term, link_of, term
from linkeddata.web.state import LABEL_PREDICATES, Description, Published


@dataclass
class Piece:
    text: str
    href: str | None = None
    title: str = ""
    evidence: bool = False
    anchors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Mark:
    begin: int
    end: int
    href: str | None = None
    title: str = ""
    anchor: str = ""


def pieces(text: str, evidence: list[Mark], mentions: list[Mark]) -> list[Piece]:
    """The text cut where a highlight starts or ends; each piece knows what covers it."""
    chosen: list[Mark] = []
    for mark in sorted(mentions, key=lambda m: (m.begin, m.begin - m.end)):
        if all(mark.begin >= other.end or mark.end <= other.begin for other in chosen):
            chosen.append(mark)
    cuts = {0, len(text)}
    for mark in (*evidence, *chosen):
        cuts.update((max(0, min(mark.begin, len(text))), max(0, min(mark.end, len(text)))))
    ordered = sorted(cuts)
    result = []
    for start, stop in itertools.pairwise(ordered):
        mention = next((m for m in chosen if m.begin <= start and stop <= m.end), None)
        result.append(Piece(
            text[start:stop],
            href=mention.href if mention else None,
            title=mention.title if mention else "",
            evidence=any(e.begin <= start and stop <= e.end for e in evidence),
            anchors=sorted({e.anchor for e in evidence if e.begin == start and e.anchor}),
        ))
    if not result:
        result.append(Piece(text))
    return result


_SENTENCE_END = re.compile(r"[.!?]\s+|\n")


def sentence_around(text: str, begin: int, end: int) -> tuple[int, int]:
    """The sentence (roughly: from the previous full stop or line break to the next) holding begin..end."""
    start = 0
    for match in _SENTENCE_END.finditer(text, 0, begin):
        start = match.end()
    found = _SENTENCE_END.search(text, end)
    stop = found.start() + 1 if found else len(text)
    return start, min(stop, len(text))


@dataclass
class Quote:
    """A sentence of an article with one span highlighted."""

    article: Term
    date: str
    pieces: list[Piece]
    href: str | None = None  # the evidence span's own IRI, as a link


def quote(text: str, begin: int, end: int, article: Term, date: str, href: str | None = None) -> Quote:
    start, stop = sentence_around(text, begin, end)
    local = Mark(begin - start, end - start)
    return Quote(article, date, pieces(text[start:stop], [local], []), href)


def context_of(pub: Published, article: ox.NamedNode) -> str | None:
    """The nif:Context holding an article's text."""
    found = pub.values(article, str(DIP.text))
    return found[0].value if found else None


def evidence_marks(description: Description, events: list[ox.NamedNode]) -> list[Mark]:
    """Where the text states each event, anchored by the fragment of the evidence span's IRI."""
    marks = []
    for event in events:
        for span in description.values(event, str(DIP.evidence)):
            begin = description.first(span, str(NIF.beginIndex))
            end = description.first(span, str(NIF.endIndex))
            if begin is not None and end is not None:
                marks.append(Mark(int(begin.value), int(end.value), anchor=span.value.partition("#")[2]))
    return marks


def mention_marks(pub: Published, description: Description, article: ox.NamedNode, text: str) -> list[Mark]:
    """Where the text names each entity the article mentions.

    NIF mention spans (`itsrdf:taIdentRef`) are used where the data has them; otherwise each label
    of each mentioned entity, and a person's surname, is found in the text as a whole word.
    """
    marks = []
    context = context_of(pub, article)
    if context is not None and pub.has_mention_spans():
        for row in pub.select("SELECT ?context ?begin ?end ?entity WHERE { ?span nif:referenceContext ?context ; "
                              "nif:beginIndex ?begin ; nif:endIndex ?end ; itsrdf:taIdentRef ?entity }",
                              context=ox.NamedNode(context)):
            href, _ = link_of(row["entity"].value)
            marks.append(Mark(int(row["begin"].value), int(row["end"].value), href, compact(row["entity"].value)))
    if marks:
        return marks
    names: dict[str, str] = {}
    for entity in description.values(article, str(SCHEMA.mentions)):
        labels = {v.value for p in (*LABEL_PREDICATES, str(SKOS.altLabel))
                  for v in pub.values(entity, p) if isinstance(v, ox.Literal)}
        if str(SCHEMA.Person) in {t.value for t in pub.values(entity, str(RDF.type))}:
            labels |= {label.split()[-1] for label in list(labels) if len(label.split()) > 1}
        labels |= {label.upper() for label in labels}  # datelines are written in capitals
        for label in labels:
            if len(label) >= 2:
                # A surname shared by two people links to neither.
                names[label] = entity.value if names.get(label, entity.value) == entity.value else ""
    for name, iri in names.items():
        if not iri:
            continue
        href, _ = link_of(iri)
        for found in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            marks.append(Mark(found.start(), found.end(), href, name))
    return marks


def evidence_quotes(pub: Published, description: Description, events: list[ox.NamedNode]) -> list[Quote]:
    """The sentence stating each event, its evidence highlighted."""
    quotes = []
    texts: dict[str, str | None] = {}
    for event in events:
        for span in description.values(event, str(DIP.evidence)):
            context = description.first(span, str(NIF.referenceContext))
            begin = description.first(span, str(NIF.beginIndex))
            end = description.first(span, str(NIF.endIndex))
            article = description.first(event, str(DIP.reportedIn))
            if context is None or begin is None or end is None or article is None:
                continue
            if context.value not in texts:
                texts[context.value] = pub.text_of(context.value)
            text = texts[context.value]
            if text is None:
                continue
            href, _ = link_of(span.value)
            quotes.append(quote(text, int(begin.value), int(end.value), term(description, article),
                                _published_on(description, article), href))
    return quotes


def name_quotes(pub: Published, description: Description, article: ox.NamedNode) -> list[Quote]:
    """For an article that mentions the entity in no event: the first sentence naming it."""
    context = context_of(pub, article)
    text = pub.text_of(context) if context else None
    label = description.label(description.node)
    if not text or not label:
        return []
    found = re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text) or re.search(
        rf"(?<!\w){re.escape(label.split()[-1])}(?!\w)", text)
    date = _published_on(description, article)
    article_term = term(description, article)
    if found is None:
        return [Quote(article_term, date, [])]
    return [quote(text, found.start(), found.end(), article_term, date)]


def _published_on(description: Description, article: Any) -> str:
    date = description.first(article, str(SCHEMA.datePublished))
    return date.value if date is not None else ""
