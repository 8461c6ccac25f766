"""Map an article and its extracted facts to RDF: one graph per article, built from rdflib terms.

No NLP here: everything comes from `ArticleFacts`, and every URI from `iris.Minter`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

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
    Ref,
    Span,
    Status,
)
from linkeddata.iris import Minter, is_web_iri, licence_iri
from linkeddata.thesaurus import topic_label
from linkeddata.topic_scheme import Concept
from linkeddata.topic_scheme import scheme as topic_scheme
from linkeddata.vocab import DIP, GEONAMES, ITSRDF, NIF, ORG, SCHEMA, WIKIDATA, bind_prefixes

_SPDX_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+-]*")
EVENT_CLASSES: dict[EventType, URIRef] = {kind: DIP[kind.value] for kind in EventType}
STATUS_INDIVIDUALS: dict[Status, URIRef] = {status: DIP[status.value] for status in Status}
ENTITY_CLASSES: dict[EntityKind, tuple[URIRef, ...]] = {
    EntityKind.PERSON: (SCHEMA.Person,),
    EntityKind.COUNTRY: (DIP.Country,),
    EntityKind.ORGANIZATION: (ORG.Organization,),
    EntityKind.PLACE: (SCHEMA.Place,),
}


def opening_words(text: str, limit: int = 90) -> str:
    """A label for an article without a title: its first words, as a reader sees them in a list."""
    first_line = " ".join(text.split("\n", 1)[0].split())
    if len(first_line) <= limit:
        return first_line
    return first_line[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def english(text: str) -> Literal:
    """A label or name: the pipeline reads English news, and clients pick labels by language."""
    return Literal(text, lang="en")


def date_literal(date: FuzzyDate) -> Literal:
    datatype = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}[date.precision]
    return Literal(date.isoformat(), datatype=datatype)


class ArticleMapper:
    """Builds the named graph of one article."""

    def __init__(self, minter: Minter, article: Article, facts: ArticleFacts) -> None:
        self.minter = minter
        self.article = article
        self.facts = facts
        self.graph = Graph()
        bind_prefixes(self.graph)
        self.article_iri = minter.article(article.id)
        self.context_iri = minter.context(article.id)

    def add(self, subject: URIRef, predicate: URIRef, value: URIRef | Literal | None) -> None:
        if value is not None:
            self.graph.add((subject, predicate, value))

    # ------------------------------------------------------------------ article and text

    def map_article(self) -> None:
        article, iri = self.article, self.article_iri
        self.add(iri, RDF.type, SCHEMA.NewsArticle)
        self.add(iri, SCHEMA.identifier, Literal(article.id))
        self.add(iri, SCHEMA.datePublished, Literal(article.published.isoformat(), datatype=XSD.date))
        if article.title:
            self.add(iri, SCHEMA.headline, Literal(article.title))
            self.add(iri, RDFS.label, english(article.title))
        else:
            self.add(iri, RDFS.label, english(opening_words(article.text)))
        if article.url:
            self.add(iri, SCHEMA.url, Literal(article.url, datatype=XSD.anyURI))
        self.map_licence(iri, article.licence)
        self.add(iri, DIP.text, self.context_iri)
        self.add(self.context_iri, RDF.type, NIF.Context)
        self.add(self.context_iri, NIF.isString, Literal(article.text))
        self.add(self.context_iri, NIF.beginIndex, Literal(0, datatype=XSD.nonNegativeInteger))
        self.add(self.context_iri, NIF.endIndex, Literal(len(article.text), datatype=XSD.nonNegativeInteger))
        self.add(self.context_iri, RDFS.label, english(f"Text of article {article.id}"))
        if self.facts.publisher is not None:
            self.add(iri, SCHEMA.publisher, self.entity(self.facts.publisher))
        if self.facts.dateline is not None:
            self.add(iri, DIP.dateline, self.entity(self.facts.dateline))

    def map_licence(self, iri: URIRef, licence: str | None) -> None:
        """The article's own licence: an IRI as given, an SPDX identifier ("CC-BY-4.0") as its SPDX IRI, a
        Creative Commons licence by name ("CC BY 2.5 (Wikinews)") as its IRI with the wording kept as the
        rights statement, any other wording as the rights statement alone."""
        if not licence:
            return
        found = licence_iri(licence)
        if found is not None:
            self.add(iri, DCTERMS.license, found)
        if not (is_web_iri(licence) or _SPDX_ID.fullmatch(licence)):  # words: kept as the source wrote them
            self.add(iri, DCTERMS.rights, Literal(licence))

    def span(self, span: Span) -> URIRef:
        iri = self.minter.span(self.article.id, span.begin, span.end)
        self.add(iri, RDF.type, NIF.String)
        self.add(iri, RDF.type, NIF.OffsetBasedString)
        self.add(iri, NIF.anchorOf, Literal(span.text))
        self.add(iri, NIF.beginIndex, Literal(span.begin, datatype=XSD.nonNegativeInteger))
        self.add(iri, NIF.endIndex, Literal(span.end, datatype=XSD.nonNegativeInteger))
        self.add(iri, NIF.referenceContext, self.context_iri)
        return iri

    # ------------------------------------------------------------------ entities

    def entity(self, ref: Ref) -> URIRef:
        return self.minter.entity(ref)

    def map_entities(self) -> None:
        for person in self.facts.persons:
            self.map_person(person)
        for country in self.facts.countries:
            self.map_country(country)
        for organization in self.facts.organizations:
            self.map_organization(organization)
        for place in self.facts.places:
            self.map_place(place)

    def mentioned(self, ref: Ref, name: str, mentions: list[Span]) -> URIRef:
        iri = self.entity(ref)
        for cls in ENTITY_CLASSES[ref.kind]:
            self.add(iri, RDF.type, cls)
        # One preferred label per entity (rdfs:label and skos:prefLabel agree); other spellings are altLabels.
        self.add(iri, RDFS.label, english(name))
        self.add(iri, SKOS.prefLabel, english(name))
        self.add(iri, SCHEMA.name, english(name))
        self.add(self.article_iri, SCHEMA.mentions, iri)
        for mention in mentions:
            # NIF entity linking: the words of the text that name it, so pages and NLP tools can find them.
            span = self.span(mention)
            self.add(span, RDF.type, NIF.Phrase)
            self.add(span, ITSRDF.taIdentRef, iri)
        return iri

    def map_person(self, person: Person) -> None:
        iri = self.mentioned(Ref(EntityKind.PERSON, person.key), person.name, person.mentions)
        for other in person.alt_names:
            self.add(iri, SKOS.altLabel, english(other))
        for post in person.posts:
            post_iri = self.minter.post(post)
            self.add(iri, ORG.holds, post_iri)
            self.add(post_iri, RDF.type, ORG.Post)
            self.add(post_iri, RDFS.label, english(post.label or post.title))
            if post.of is not None:
                self.add(post_iri, ORG.postIn, self.entity(post.of))
            self.add(post_iri, ORG.heldBy, iri)
            # The article's date is the evidence of holding the post then: posts held over time, in order.
            membership = self.minter.membership(self.article.id, person.key, post)
            self.add(membership, RDF.type, ORG.Membership)
            self.add(membership, RDFS.label, english(
                f"{person.name}, {post.label or post.title} ({self.article.published.isoformat()})"))
            self.add(membership, ORG.member, iri)
            self.add(membership, DIP.post, post_iri)
            if post.of is not None:
                self.add(membership, ORG.organization, self.entity(post.of))
            self.add(membership, DIP.date, Literal(self.article.published.isoformat(), datatype=XSD.date))
            self.add(membership, PROV.wasDerivedFrom, self.article_iri)
        if person.represents is not None:
            self.add(iri, DIP.represents, self.entity(person.represents))
        for same in person.same_as:
            self.add(iri, OWL.sameAs, URIRef(same))
        for alias in person.aliases:
            # A URI given out before this person was found to be the same as another: it stays an identifier
            # of the person (the web answers it with 301 to this one), described by this link alone.
            self.add(self.entity(Ref(EntityKind.PERSON, alias)), OWL.sameAs, iri)

    def map_country(self, country: Country) -> None:
        iri = self.mentioned(Ref(EntityKind.COUNTRY, country.key), country.name, country.mentions)
        self.add(iri, RDF.type, SCHEMA.Country)
        if country.wikidata:
            self.add(iri, OWL.sameAs, WIKIDATA[country.wikidata])
        if country.geonames:
            self.add(iri, OWL.sameAs, GEONAMES[f"{country.geonames}/"])

    def map_organization(self, organization: Organization) -> None:
        iri = self.mentioned(Ref(EntityKind.ORGANIZATION, organization.key), organization.name,
                             organization.mentions)
        # Search and reconciliation match altLabels: "NATO" finds the North Atlantic Treaty Organization.
        for other in organization.alt_names or ([organization.acronym] if organization.acronym else []):
            if other != organization.name:
                self.add(iri, SKOS.altLabel, english(other))
        if organization.country:
            self.add(iri, SCHEMA.areaServed, self.entity(Ref(EntityKind.COUNTRY, organization.country)))
        if organization.wikidata:
            self.add(iri, OWL.sameAs, WIKIDATA[organization.wikidata])
        for same in organization.same_as:
            self.add(iri, OWL.sameAs, URIRef(same))

    def map_place(self, place: Place) -> None:
        iri = self.mentioned(Ref(EntityKind.PLACE, place.key), place.name, place.mentions)
        if place.geonames:
            self.add(iri, OWL.sameAs, GEONAMES[f"{place.geonames}/"])
        if place.wikidata:
            self.add(iri, OWL.sameAs, WIKIDATA[place.wikidata])
        if place.country:
            self.add(iri, SCHEMA.containedInPlace, self.entity(Ref(EntityKind.COUNTRY, place.country)))

    # ------------------------------------------------------------------ events

    def event_identity(self, event: Event) -> str:
        parts = sorted(f"{ref.kind}:{ref.key}" for ref in event.participants)
        return "|".join([
            event.type.value,
            ",".join(parts),
            event.date.isoformat() if event.date else "",
            f"{event.destination.kind}:{event.destination.key}" if event.destination else "",
            event.label or "",
        ])

    def event_iris(self) -> list[URIRef]:
        iris: list[URIRef] = []
        taken: set[URIRef] = set()
        for event in self.facts.events:
            identity = self.event_identity(event)
            iri = self.minter.event(self.article.id, event.type.value, identity)
            repeat = 1
            while iri in taken:  # two events alike in all but their evidence
                repeat += 1
                iri = self.minter.event(self.article.id, event.type.value, f"{identity}#{repeat}")
            taken.add(iri)
            iris.append(iri)
        return iris

    def event_label(self, event: Event) -> str:
        if event.label:
            return event.label
        names = [self.name_of(ref) for ref in event.participants]
        text = f"{_TYPE_LABELS[event.type]}: {', '.join(names) if names else 'unnamed parties'}"
        if event.destination is not None:
            text += f" to {self.name_of(event.destination)}"
        if event.date is not None:
            text += f" ({event.date.isoformat()})"
        return text

    def name_of(self, ref: Ref) -> str:
        return self.facts.entity(ref).name

    def map_events(self) -> None:
        iris = self.event_iris()
        for event, iri in zip(self.facts.events, iris, strict=True):
            self.add(iri, RDF.type, EVENT_CLASSES[event.type])
            self.add(iri, RDFS.label, english(self.event_label(event)))
            for ref in event.participants:
                self.add(iri, DIP.participant, self.entity(ref))
            for ref in event.inviters:
                self.add(iri, DIP.inviter, self.entity(ref))
                self.add(iri, DIP.participant, self.entity(ref))
            for ref in event.invitees:
                self.add(iri, DIP.invitee, self.entity(ref))
                self.add(iri, DIP.participant, self.entity(ref))
            for ref in event.visitors:
                self.add(iri, DIP.visitor, self.entity(ref))
                self.add(iri, DIP.participant, self.entity(ref))
            if event.destination is not None:
                self.add(iri, DIP.destination, self.entity(event.destination))
            if event.invited_to is not None:
                self.add(iri, DIP.invitedTo, iris[event.invited_to])
            self.map_date(iri, event.date)
            if event.place is not None:
                self.add(iri, DIP.place, self.entity(event.place))
            self.add(iri, DIP.status, STATUS_INDIVIDUALS[event.status])
            self.map_topics(iri, event.topics)
            self.map_provenance(iri, event.evidence)

    def map_date(self, iri: URIRef, date: FuzzyDate | None) -> None:
        if date is None:
            self.add(iri, DIP.dateUnknown, Literal(True))
        else:
            self.add(iri, DIP.date, date_literal(date))

    def map_topics(self, iri: URIRef, topics: Iterable[str]) -> None:
        for written in topics:
            # One concept per topic across the dataset, so one preferred label: the lower-case form; and
            # within an article, the first of the spellings that share a concept ("indo pacific", "indo-pacific").
            label = topic_label(written)
            country = self.facts.topic_countries.get(label)
            if country is not None:
                # A country discussed is the country itself, also a concept of the topic scheme.
                topic = self.entity(Ref(EntityKind.COUNTRY, country))
                self.add(iri, DIP.topic, topic)
                self.add(topic, RDF.type, SKOS.Concept)
                self.add(topic, SKOS.inScheme, self.minter.topic_scheme())
                continue
            concept_key = self.facts.topic_concepts.get(label)
            if concept_key is not None:
                # A phrase of the scheme is its concept; the phrase as found stays as the evidence for it.
                self.add(iri, DIP.topic, self.map_scheme_concept(topic_scheme().concepts[concept_key]))
                self.add(iri, DIP.topicPhrase, Literal(label, lang="en"))
                continue
            topic = self.minter.topic(label)
            self.add(iri, DIP.topic, topic)
            if (topic, SKOS.prefLabel, None) in self.graph:
                continue
            self.add(topic, RDF.type, SKOS.Concept)
            self.add(topic, SKOS.prefLabel, Literal(label, lang="en"))
            self.add(topic, SKOS.inScheme, self.minter.topic_scheme())
            for relation, concept in self.facts.topic_matches.get(label, []):
                self.add(topic, SKOS[relation], URIRef(concept))
            broader_key = self.facts.topic_broader.get(label)
            if broader_key is not None:
                parent = self.map_scheme_concept(topic_scheme().concepts[broader_key])
                self.add(topic, SKOS.broader, parent)
                self.add(parent, SKOS.narrower, topic)

    def map_scheme_concept(self, concept: Concept) -> URIRef:
        """A concept of the package's topic scheme with its labels, and the concepts it is narrower than."""
        topic = self.minter.topic(concept.label)
        if (topic, SKOS.prefLabel, None) in self.graph:
            return topic
        self.add(topic, RDF.type, SKOS.Concept)
        self.add(topic, SKOS.prefLabel, Literal(concept.label, lang="en"))
        for alt in concept.alt_labels:
            self.add(topic, SKOS.altLabel, Literal(alt, lang="en"))
        self.add(topic, SKOS.inScheme, self.minter.topic_scheme())
        for relation, match in self.facts.topic_matches.get(concept.label, []):
            self.add(topic, SKOS[relation], URIRef(match))
        broader = topic_scheme().broader(concept)
        if broader is None:
            self.add(topic, SKOS.topConceptOf, self.minter.topic_scheme())
        else:
            parent = self.map_scheme_concept(broader)
            self.add(topic, SKOS.broader, parent)
            self.add(parent, SKOS.narrower, topic)
        return topic

    def map_provenance(self, iri: URIRef, evidence: Iterable[Span]) -> None:
        self.add(iri, DIP.reportedIn, self.article_iri)
        self.add(iri, PROV.wasDerivedFrom, self.article_iri)
        for span in evidence:
            self.add(iri, DIP.evidence, self.span(span))

    def build(self) -> Graph:
        self.map_article()
        self.map_entities()
        self.map_events()
        return self.graph


_TYPE_LABELS: dict[EventType, str] = {
    EventType.MEETING: "Meeting",
    EventType.PHONE_CALL: "Phone call",
    EventType.VISIT: "Visit",
    EventType.SUMMIT: "Summit",
    EventType.INVITATION: "Invitation",
    EventType.AGREEMENT_SIGNING: "Agreement signing",
}


def superclasses_of(ontology: Graph) -> dict[URIRef, frozenset[URIRef]]:
    """Every named class of `ontology` with all the named classes above it (rdfs:subClassOf, transitively)."""
    parents: dict[URIRef, set[URIRef]] = {}
    for child, parent in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(child, URIRef) and isinstance(parent, URIRef) and child != parent:
            parents.setdefault(child, set()).add(parent)
    closure: dict[URIRef, frozenset[URIRef]] = {}
    for cls in parents:
        found: set[URIRef] = set()
        todo = list(parents[cls])
        while todo:
            parent = todo.pop()
            if parent not in found and parent != cls:
                found.add(parent)
                todo.extend(parents.get(parent, ()))
        closure[cls] = frozenset(found)
    return closure


def add_superclass_types(graph: Graph, superclasses: Mapping[URIRef, frozenset[URIRef]]) -> None:
    """Write out the types RDFS would infer from the ontology's class tree, so that a store without
    reasoning (every SPARQL endpoint by default) finds a dip:Meeting under `?e a dip:DiplomaticEvent`
    and `?e a schema:Event` too."""
    for node, cls in list(graph.subject_objects(RDF.type)):
        for parent in superclasses.get(cls, ()):
            graph.add((node, RDF.type, parent))


def map_article(minter: Minter, article: Article, facts: ArticleFacts,
                superclasses: Mapping[URIRef, frozenset[URIRef]] | None = None) -> Graph:
    """The graph of one article: everything extracted from it, with its provenance, and the types its
    things have through the ontology's class tree (`superclasses`, from `superclasses_of`)."""
    graph = ArticleMapper(minter, article, facts).build()
    if superclasses:
        add_superclass_types(graph, superclasses)
    return graph
