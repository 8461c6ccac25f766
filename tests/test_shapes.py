"""The shapes: a correct article graph conforms, and each constraint fails on data broken for it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from linkeddata.iris import Minter
from linkeddata.mapping import map_article
from linkeddata.validate import Validator
from linkeddata.vocab import DIP, NIF, ORG, SCHEMA, SKOS
from tests import handmade

MINTER = Minter("https://data.example.org/")


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator()


def valid_graph() -> Graph:
    article = handmade.article()
    return map_article(MINTER, article, handmade.facts(article))


def first(graph: Graph, cls: URIRef) -> URIRef:
    return sorted(graph.subjects(RDF.type, cls))[0]


def test_the_handmade_graph_conforms(validator: Validator) -> None:
    result = validator.validate("handmade-1", valid_graph())
    assert result.conforms, "\n".join(map(str, result.violations))


def drop(predicate: URIRef, cls: URIRef) -> Callable[[Graph], None]:
    def breaker(graph: Graph) -> None:
        graph.remove((first(graph, cls), predicate, None))
    return breaker


def replace(predicate: URIRef, cls: URIRef, value: Literal | URIRef) -> Callable[[Graph], None]:
    def breaker(graph: Graph) -> None:
        node = first(graph, cls)
        graph.remove((node, predicate, None))
        graph.add((node, predicate, value))
    return breaker


def add(predicate: URIRef, cls: URIRef, value: Literal | URIRef) -> Callable[[Graph], None]:
    def breaker(graph: Graph) -> None:
        graph.add((first(graph, cls), predicate, value))
    return breaker


def shift_evidence(graph: Graph) -> None:
    span = first(graph, NIF.String)
    begin = int(graph.value(span, NIF.beginIndex))
    graph.set((span, NIF.beginIndex, Literal(begin + 1, datatype=XSD.nonNegativeInteger)))


def evidence_past_the_end(graph: Graph) -> None:
    span = first(graph, NIF.String)
    graph.set((span, NIF.endIndex, Literal(10_000, datatype=XSD.nonNegativeInteger)))


def participant_not_a_person(graph: Graph) -> None:
    meeting = first(graph, DIP.Meeting)
    graph.add((meeting, DIP.participant, URIRef("https://data.example.org/id/topic/trade")))


def inviter_only_in_role(graph: Graph) -> None:
    invitation = first(graph, DIP.Invitation)
    inviter = graph.value(invitation, DIP.inviter)
    graph.remove((invitation, DIP.participant, inviter))


def happening_without_evidence(graph: Graph) -> None:
    happening = URIRef("https://data.example.org/id/happening/handmade-1/gratitude-1")
    graph.add((happening, RDF.type, DIP.Gratitude))
    graph.add((happening, RDFS.label, Literal("Ruiz thanked Ghana")))
    graph.add((happening, DIP.reportedIn, first(graph, SCHEMA.NewsArticle)))


def both_date_and_unknown(graph: Graph) -> None:
    graph.add((first(graph, DIP.Meeting), DIP.dateUnknown, Literal(True)))


BREAKERS: dict[str, tuple[Callable[[Graph], None], str]] = {
    "article without identifier": (drop(SCHEMA.identifier, SCHEMA.NewsArticle), "NewsArticleShape"),
    "article date as a string": (replace(SCHEMA.datePublished, SCHEMA.NewsArticle, Literal("2025-03-04")),
                                 "NewsArticleShape"),
    "article without text": (drop(DIP.text, SCHEMA.NewsArticle), "NewsArticleShape"),
    "text length wrong": (replace(NIF.endIndex, NIF.Context, Literal(3, datatype=XSD.nonNegativeInteger)),
                          "ContextShape"),
    "evidence offsets shifted": (shift_evidence, "ContextShape"),
    "evidence past the end": (evidence_past_the_end, "ContextShape"),
    "evidence without anchor": (drop(NIF.anchorOf, NIF.String), "EvidenceShape"),
    "event without status": (drop(DIP.status, DIP.Meeting), "DiplomaticEventShape"),
    "event with a third status": (replace(DIP.status, DIP.Meeting, DIP.Cancelled), "DiplomaticEventShape"),
    "event without evidence": (drop(DIP.evidence, DIP.Meeting), "DiplomaticEventShape"),
    "event without article": (drop(DIP.reportedIn, DIP.Meeting), "DiplomaticEventShape"),
    "event date as a dateTime": (replace(DIP.date, DIP.Meeting, Literal("2025-03-04T10:00:00", datatype=XSD.dateTime)),
                                 "DiplomaticEventShape"),
    "event with no date and no unknown": (drop(DIP.date, DIP.Meeting), "DiplomaticEventShape"),
    "event with both date and unknown": (both_date_and_unknown, "DiplomaticEventShape"),
    "participant of the wrong class": (participant_not_a_person, "DiplomaticEventShape"),
    "invitation without invitee": (drop(DIP.invitee, DIP.Invitation), "InvitationShape"),
    "invitation without inviter": (drop(DIP.inviter, DIP.Invitation), "InvitationShape"),
    "inviter not stated as participant": (inviter_only_in_role, "InvitationShape"),
    "visit without destination": (drop(DIP.destination, DIP.Visit), "VisitShape"),
    "visit without visitor": (drop(DIP.visitor, DIP.Visit), "VisitShape"),
    "person without name": (drop(RDFS.label, SCHEMA.Person), "PersonShape"),
    "person holding a non-post": (add(ORG.holds, SCHEMA.Person, URIRef("https://data.example.org/id/country/mt")),
                                  "PersonShape"),
    "post without label": (drop(RDFS.label, ORG.Post), "PostShape"),
    "country without label": (drop(RDFS.label, DIP.Country), "CountryShape"),
    "organisation without label": (drop(RDFS.label, ORG.Organization), "OrganizationShape"),
    "place without label": (drop(RDFS.label, SCHEMA.Place), "PlaceShape"),
    "place inside a non-country": (add(SCHEMA.containedInPlace, SCHEMA.Place,
                                       URIRef("https://data.example.org/id/person/ana-ruiz")), "PlaceShape"),
    "happening without evidence": (happening_without_evidence, "HappeningShape"),
    "topic without preferred label": (drop(SKOS.prefLabel, SKOS.Concept), "TopicShape"),
}


@pytest.mark.parametrize("case", sorted(BREAKERS))
def test_each_shape_fails_on_data_broken_for_it(validator: Validator, case: str) -> None:
    breaker, shape = BREAKERS[case]
    graph = valid_graph()
    breaker(graph)
    result = validator.validate("handmade-1", graph)
    assert not result.conforms
    shapes = {violation.shape for violation in result.violations}
    assert any(shape in name for name in shapes), shapes
    violation = next(v for v in result.violations if shape in v.shape)
    assert violation.article == "handmade-1" and violation.focus.startswith("https://data.example.org/")


def test_a_span_that_does_not_quote_the_text_is_named_with_its_words(validator: Validator) -> None:
    graph = valid_graph()
    shift_evidence(graph)
    violation = next(v for v in validator.validate("handmade-1", graph).violations if "ContextShape" in v.shape)
    assert violation.value is not None and "#char=" in violation.value
    assert violation.evidence and violation.evidence[0].startswith("[")


def test_a_violation_names_the_text_span_the_fact_came_from(validator: Validator) -> None:
    graph = valid_graph()
    drop(DIP.status, DIP.Meeting)(graph)
    violation = validator.validate("handmade-1", graph).violations[0]
    assert "met today with Foreign Minister Olu Bello" in "".join(violation.evidence)
    assert "handmade-1" in str(violation) and "DiplomaticEventShape" in str(violation)


def test_a_country_without_wikidata_link_is_a_warning_not_a_violation(validator: Validator) -> None:
    graph = valid_graph()
    country = first(graph, DIP.Country)
    for same in [o for o in graph.objects(country, URIRef("http://www.w3.org/2002/07/owl#sameAs"))
                 if "wikidata" in str(o)]:
        graph.remove((country, None, same))
    result = validator.validate("handmade-1", graph)
    assert result.conforms
    assert any("Wikidata" in w.message for w in result.warnings)


def test_two_spellings_of_one_topic_give_one_concept_with_one_label(validator: Validator) -> None:
    article = handmade.article()
    facts = handmade.facts(article)
    facts.events[0].topics = ["indo pacific region", "Indo-Pacific region"]
    graph = map_article(MINTER, article, facts)
    concepts = set(graph.objects(None, DIP.topic))
    labels = {label for concept in concepts for label in graph.objects(concept, SKOS.prefLabel)}
    assert len(concepts) == 1 and labels == {Literal("indo pacific region", lang="en")}
    result = validator.validate("handmade-1", graph)
    assert result.conforms, "\n".join(map(str, result.violations))
