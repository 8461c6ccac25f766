"""Topics as a small controlled scheme: free phrases mapped to the package's concepts (preferred and alternative
labels, heads, frames), fragments of sentences refused as topics, and the concepts published with their
broader ones while the phrase as found stays on the event. Names and sentences are invented."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from linkeddata.articles import Article
from linkeddata.extract.gazetteer import slug
from linkeddata.extract.topics import is_fragment
from linkeddata.facts import ArticleFacts, Event, EventType, Status
from linkeddata.iris import Minter
from linkeddata.resolve import Resolver
from linkeddata.topic_scheme import SchemeError, TopicScheme, scheme
from linkeddata.vocab import DIP


def _label(phrase: str) -> str | None:
    concept = scheme().concept_of(phrase)
    return concept.label if concept else None


def test_the_scheme_is_small_with_broader_concepts_that_exist() -> None:
    concepts = scheme().concepts
    assert 50 <= len(concepts) <= 400
    for concept in concepts.values():
        assert concept.key == slug(concept.label)
        seen = {concept.key}
        parent = scheme().broader(concept)
        while parent is not None:  # no cycle: each chain ends at a top concept
            assert parent.key not in seen
            seen.add(parent.key)
            parent = scheme().broader(parent)
    pipelines = concepts["gas-pipelines"]
    chain = [pipelines.label]
    while (parent := scheme().broader(scheme().concepts[slug(chain[-1])])) is not None:
        chain.append(parent.label)
    assert chain == ["gas pipelines", "oil and gas", "energy"]
    assert pipelines in scheme().narrower(concepts["oil-and-gas"])


@pytest.mark.parametrize(("phrase", "concept"), [
    ("climate change", "climate change"),
    ("the climate", "climate change"),               # an alternative label
    ("Gas Pipeline", "gas pipelines"),               # case and number
    ("cooperation on clean energy", "clean energy"),  # the subject of a frame
    ("energy ties", "energy"),
    ("respect for human rights", "human rights"),
    ("maritime border security", "border security"),  # the head, a modifier dropped
    ("economic growth in Valdoria", "economic growth"),
    ("defence", "defense"),
    ("delivery of humanitarian assistance", "humanitarian assistance"),
])
def test_a_phrase_maps_to_its_concept(phrase: str, concept: str) -> None:
    assert _label(phrase) == concept


@pytest.mark.parametrize("phrase", [
    "security of undersea cables near the Orvane islands",  # much narrower than "security"
    "ferry timetables",
    "",
])
def test_a_phrase_no_concept_fits_closely_stays_a_phrase(phrase: str) -> None:
    assert _label(phrase) is None


@pytest.mark.parametrize(("phrase", "broader"), [
    ("security of undersea cables near the Orvane islands", "security"),
    ("the security situation in the northern provinces", "security"),
    ("cooperation between Estoria and Norland", "bilateral cooperation"),
    ("ties with Norland", "bilateral relations"),
    ("global warming", "climate change"),  # a phrasing of the concept that shares none of its label's words
])
def test_a_narrower_phrase_stays_a_topic_under_its_concept(phrase: str, broader: str) -> None:
    found = scheme().broader_of(phrase)
    assert found is not None and found.label == broader
    assert scheme().broader_of("ferry timetables") is None
    assert scheme().broader_of("maritime security") is None  # a concept of its own


def test_a_scheme_with_a_label_of_two_concepts_or_an_unknown_broader_is_refused() -> None:
    with pytest.raises(SchemeError, match="label of two concepts"):
        TopicScheme.from_toml('["fishing"]\nalt = ["angling"]\n["sport"]\nalt = ["angling"]\n')
    with pytest.raises(SchemeError, match="no concept"):
        TopicScheme.from_toml('["fishing"]\nbroader = "maritime trades"\n')
    with pytest.raises(SchemeError, match=r"topics\.toml"):
        TopicScheme.from_toml('["fishing"\n')


@pytest.mark.parametrize("phrase", [
    "president toval's unprecedented support",
    "dorin abescu's visit",
    "margins of the quarn summit",
    "sidelines of the forum",
    "his proposals",
    "next steps", "joint efforts", "urgent need", "critical issues",
    "economic and trade cooperation between the two neighbouring island states of the south",
])
def test_a_fragment_of_a_sentence_is_no_topic(phrase: str) -> None:
    assert is_fragment(phrase)


@pytest.mark.parametrize("phrase", [
    "maritime security", "russia's war against ukraine", "the democratic people's republic of korea",
    "women's participation in the workforce", "two-state solution", "international cooperation",
])
def test_a_subject_is_a_topic(phrase: str) -> None:
    assert not is_fragment(phrase)


@pytest.fixture(scope="module")
def extractor():
    from linkeddata.extract.extractor import Extractor

    return Extractor()


def test_extraction_keeps_subjects_and_drops_fragments(extractor) -> None:
    text = ("VELDANA, Estoria, May 2. President Kesh Toval of Estoria met Prime Minister Aldo Verrani of Norland "
            "on the margins of the Quarn Summit in Veldana on Tuesday. The leaders discussed President Toval's "
            "unprecedented support, maritime security and the climate crisis. They also discussed next steps "
            "and joint efforts on political and regional issues.\n")
    article = Article(id="estoria-1", source="estoria-1.txt", text=text, published=dt.date(2025, 5, 2),
                      title="Estoria and Norland meet", url="https://example.org/news/estoria-1")
    topics = {t for event in extractor.extract(article).events for t in event.topics}
    assert {"maritime security", "climate crisis"} <= topics
    assert not any("toval" in t or "margins" in t or "steps" in t or "efforts" in t for t in topics), topics


def test_a_mapped_topic_is_the_scheme_concept_with_the_phrase_as_evidence() -> None:
    from linkeddata.mapping import map_article
    from tests.handmade import article

    event = Event(EventType.MEETING, [], Status.OCCURRED, [], topics=["the climate", "Gas pipelines",
                                                                       "ferry timetables", "offshore gas supplies"])
    facts = Resolver().resolve(ArticleFacts("handmade-1", events=[event]))
    assert facts.topic_concepts == {"the climate": "climate-change", "gas pipelines": "gas-pipelines"}
    assert facts.topic_broader == {"offshore gas supplies": "oil-and-gas"}
    graph = map_article(Minter(), article(), facts)
    base = Minter().base + "id/topic/"
    topics = set(graph.objects(None, DIP.topic))
    assert topics == {URIRef(base + "climate-change"), URIRef(base + "gas-pipelines"),
                      URIRef(base + "ferry-timetables"), URIRef(base + "offshore-gas-supplies")}
    phrases = set(graph.objects(None, DIP.topicPhrase))
    assert {Literal("the climate", lang="en"), Literal("gas pipelines", lang="en")} <= phrases
    routes = URIRef(base + "offshore-gas-supplies")
    assert list(graph.objects(routes, SKOS.prefLabel)) == [Literal("offshore gas supplies", lang="en")]
    assert (routes, SKOS.broader, URIRef(base + "oil-and-gas")) in graph
    assert not list(graph.objects(URIRef(base + "ferry-timetables"), SKOS.broader))
    climate = URIRef(base + "climate-change")
    assert list(graph.objects(climate, SKOS.prefLabel)) == [Literal("climate change", lang="en")]
    assert Literal("climate crisis", lang="en") in set(graph.objects(climate, SKOS.altLabel))
    pipelines, oil, energy = (URIRef(base + key) for key in ("gas-pipelines", "oil-and-gas", "energy"))
    assert (pipelines, SKOS.broader, oil) in graph and (oil, SKOS.broader, energy) in graph
    assert (energy, SKOS.narrower, oil) in graph
    assert (energy, SKOS.topConceptOf, URIRef(Minter().base + "id/topic")) in graph
    assert len(list(graph.objects(energy, SKOS.prefLabel))) == 1
