"""What extraction hands to mapping: plain Python objects with text spans, and no RDF.

Every fact points back into the article text through `Span`s, so that the mapper can publish the
evidence and the validator can check it. Entities are referred to by `Ref` (a kind and a key); the
key is what makes two mentions, in one article or in many, the same resource.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True, order=True)
class Span:
    """Characters `begin`..`end` (end exclusive) of the article text, and the text found there."""

    begin: int
    end: int
    text: str


class EntityKind(StrEnum):
    PERSON = "person"
    COUNTRY = "country"
    ORGANIZATION = "organization"
    PLACE = "place"


@dataclass(frozen=True, order=True)
class Ref:
    """A pointer to an entity of the same `ArticleFacts`, by kind and key."""

    kind: EntityKind
    key: str


class EventType(StrEnum):
    MEETING = "Meeting"
    PHONE_CALL = "PhoneCall"
    VISIT = "Visit"
    SUMMIT = "Summit"
    INVITATION = "Invitation"
    AGREEMENT_SIGNING = "AgreementSigning"


class Status(StrEnum):
    OCCURRED = "Occurred"
    PLANNED = "Planned"


@dataclass(frozen=True, order=True)
class FuzzyDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day without a month")

    @property
    def precision(self) -> str:
        return "day" if self.day is not None else "month" if self.month is not None else "year"

    def isoformat(self) -> str:
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


@dataclass
class Country:
    key: str  # ISO 3166-1 alpha-2, lower case
    name: str
    wikidata: str | None = None  # "Q17"
    geonames: int | None = None
    mentions: list[Span] = field(default_factory=list)


@dataclass
class Place:
    key: str  # GeoNames id where known, else a normalised name
    name: str
    country: str | None = None  # Country key
    geonames: int | None = None
    wikidata: str | None = None
    mentions: list[Span] = field(default_factory=list)


@dataclass
class Organization:
    key: str
    name: str
    acronym: str | None = None
    country: str | None = None  # Country key, for national bodies
    mentions: list[Span] = field(default_factory=list)
    wikidata: str | None = None  # "Q7184", where the identity is certain
    same_as: list[str] = field(default_factory=list)  # external IRIs from the curated links files
    alt_names: list[str] = field(default_factory=list)  # its full name or acronym when the other is its label


@dataclass(frozen=True, order=True)
class Post:
    """An office: a title held in a country or an organisation ("Prime Minister" of Japan)."""

    title: str
    of: Ref | None = None
    label: str = ""  # the office as written in full: "Prime Minister of Japan"


@dataclass
class Person:
    key: str
    name: str  # the fullest form the article gives
    posts: list[Post] = field(default_factory=list)
    represents: Ref | None = None
    mentions: list[Span] = field(default_factory=list)
    # True where the article states no country for the person: `represents` (and the posts' country) is
    # the publisher's, presumed for an official it names without one.
    presumed: bool = False
    same_as: list[str] = field(default_factory=list)  # external IRIs from the curated links files
    aliases: list[str] = field(default_factory=list)  # keys this person had before a merge into `key`
    alt_names: list[str] = field(default_factory=list)  # other spellings the articles give (skos:altLabel)


@dataclass
class Event:
    type: EventType
    participants: list[Ref]
    status: Status
    evidence: list[Span]
    date: FuzzyDate | None = None
    place: Ref | None = None
    topics: list[str] = field(default_factory=list)
    label: str | None = None  # a name the text gives it ("Summit of the Central Asia + Japan Dialogue")
    inviters: list[Ref] = field(default_factory=list)
    invitees: list[Ref] = field(default_factory=list)
    invited_to: int | None = None  # index, in `ArticleFacts.events`, of the event invited to
    visitors: list[Ref] = field(default_factory=list)
    destination: Ref | None = None


@dataclass
class ArticleFacts:
    """Everything extracted from one article."""

    article_id: str
    publisher: Ref | None = None
    dateline: Ref | None = None
    persons: list[Person] = field(default_factory=list)
    countries: list[Country] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    # Topic label -> (SKOS mapping relation, concept IRI) in the thesaurus the build was given.
    topic_matches: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # Topic label -> the key of the country it names: a country discussed is the country, not a string.
    topic_countries: dict[str, str] = field(default_factory=dict)
    # Topic label -> the key of the concept of the package's topic scheme it maps to (`linkeddata.topic_scheme`).
    topic_concepts: dict[str, str] = field(default_factory=dict)
    # Topic label -> the key of the scheme concept a topic no concept stands for is narrower than.
    topic_broader: dict[str, str] = field(default_factory=dict)

    def entity(self, ref: Ref) -> Person | Country | Organization | Place:
        pool: list = {
            EntityKind.PERSON: self.persons,
            EntityKind.COUNTRY: self.countries,
            EntityKind.ORGANIZATION: self.organizations,
            EntityKind.PLACE: self.places,
        }[ref.kind]
        for item in pool:
            if item.key == ref.key:
                return item
        raise KeyError(f"{self.article_id}: no {ref.kind} with key {ref.key!r}")
