"""What each page's template is given: one typed context per template, every variable with its default."""

from __future__ import annotations

from dataclasses import dataclass, field

from linkeddata.web.pages.pictures import Edge, Node, TimelineEvent
from linkeddata.web.pages.terms import Term
from linkeddata.web.pages.text import Piece, Quote
from linkeddata.web.responses import TemplateContext

PropertyRows = list[tuple[Term, list[Term]]]
DataLinks = list[tuple[str, str]]  # (format name, URL) of each RDF document about the resource


@dataclass
class HomeContext(TemplateContext):
    template = "home.html"
    triples: int = 0
    counts: list[tuple[Term, int]] = field(default_factory=list)  # classes and how many resources each has
    spans: int = 0  # the NIF text spans, counted apart from the news
    latest: list[tuple[Term, str]] = field(default_factory=list)  # articles and their dates
    examples: list[tuple[str, str]] = field(default_factory=list)  # (title, URL) of example queries
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    size: int = 0  # the side of the network picture
    ontology_url: str = ""
    shapes_url: str = ""


@dataclass
class ResourceContext(TemplateContext):
    """What every page about one resource shows (`resource.html`): its title, its IRI, its RDF documents."""

    title: str
    iri: str
    data_links: DataLinks = field(default_factory=list)


@dataclass
class EntityContext(ResourceContext):
    template = "entity.html"
    types: list[Term] = field(default_factory=list)
    same_as: list[Term] = field(default_factory=list)
    posts: list[Term] = field(default_factory=list)
    rows: PropertyRows = field(default_factory=list)
    incoming: PropertyRows = field(default_factory=list)  # (predicate, the subjects pointing here with it)
    truncated: bool = False  # more resources point here than are shown
    events: list[TimelineEvent] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    parts: list[tuple[Term, PropertyRows]] = field(default_factory=list)  # hash children and their properties


@dataclass
class GraphContext(ResourceContext):
    template = "graph.html"
    triples: int = 0
    rows: list[tuple[Term, str]] = field(default_factory=list)  # each resource with its types, compacted
    download: str | None = None  # the article's Turtle file, when the build has it


@dataclass
class ArticleContext(ResourceContext):
    template = "article.html"
    context: str | None = None  # the nif:Context holding the text
    rows: PropertyRows = field(default_factory=list)
    mentions: list[Term] = field(default_factory=list)
    pieces: list[Piece] = field(default_factory=list)  # the text, cut where highlights begin and end
    events: list[tuple[TimelineEvent, list[Term]]] = field(default_factory=list)  # with their participants
    graph: str | None = None  # the page of the article's graph
    graph_iri: str | None = None
    download: str | None = None


@dataclass
class VocabularyTerm:
    term: Term
    anchor: str
    kinds: list[Term]
    definition: str
    rows: PropertyRows


@dataclass
class VocabularyContext(ResourceContext):
    template = "ontology.html"
    header: PropertyRows = field(default_factory=list)
    groups: list[tuple[str, list[VocabularyTerm]]] = field(default_factory=list)  # terms by their kind
