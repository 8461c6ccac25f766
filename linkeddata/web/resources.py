"""Dereferencing: every IRI the build mints answers, for people and for machines.

One pattern everywhere (W3C "Cool URIs for the Semantic Web", section 4.3, as DBpedia and LodView do):
an identifier (`/id/...`, `/graph/...`, `/dataset`, `/ontology`, `/shapes`) answers `303 See Other`
to a document chosen by the Accept header: `/page/{path}` (HTML, see `pages.py`) or
`/data/{path}.{ext}` (RDF, one URL per format, served here). The layout of those URLs is
`iris.Documents`, the formats are `formats.FORMATS`, the choice is `formats.negotiate`.

The RDF of a resource (`Published.describe`) is its own triples (with their blank nodes), those of
its hash children (`text#char=B,E`, `ontology#Meeting`), the triples pointing at it, the labels of
everything it touches, and the provenance of the events around it: the article each is reported in,
the evidence span and its text.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Flask, Response, current_app, redirect, render_template, request
from werkzeug.exceptions import NotAcceptable as NotAcceptableError

from linkeddata.formats import FORMATS, Format, Kind, NotAcceptable, from_path_extension, negotiate, offers
from linkeddata.iris import DATA_ROOT, DEFAULT_BASE_URI, Documents, is_identifier_path
from linkeddata.store import QueryBackend, TermPattern, matching
from linkeddata.vocab import DIP, NIF, PREFIXES, RDF, RDFS, SCHEMA

bp = Blueprint("resources", __name__)

EXTENSION_KEY = "linkeddata.published"

RDF_TYPE = str(RDF.type)
RDFS_LABEL = str(RDFS.label)
SKOS_PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
DCT_TITLE = "http://purl.org/dc/terms/title"
FOAF_NAME = "http://xmlns.com/foaf/0.1/name"
FOAF_PRIMARY_TOPIC = "http://xmlns.com/foaf/0.1/primaryTopic"
FOAF_DOCUMENT = "http://xmlns.com/foaf/0.1/Document"
PROV_WAS_DERIVED_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"
DCT_IS_PART_OF = "http://purl.org/dc/terms/isPartOf"

# Which predicates name a thing, best first.
LABEL_PREDICATES = (RDFS_LABEL, SKOS_PREF_LABEL, str(SCHEMA.name), str(SCHEMA.headline), DCT_TITLE, FOAF_NAME)
# What is kept of a resource that points at ours: enough to draw a timeline and cite the source.
INCOMING_CONTEXT = (RDF_TYPE, str(DIP.date), str(DIP.status), str(DIP.reportedIn), str(DIP.evidence),
                    str(SCHEMA.datePublished), *LABEL_PREDICATES)
EVIDENCE_CONTEXT = (str(NIF.anchorOf), str(NIF.beginIndex), str(NIF.endIndex), str(NIF.referenceContext))
ARTICLE_CONTEXT = (str(SCHEMA.datePublished), str(SCHEMA.headline), RDFS_LABEL)
# A country may be pointed at by thousands of mentions; a document about it stays readable.
INCOMING_LIMIT = 2_000
# A remote store can change under a running server: what the pages cache from it is this old at most.
REMOTE_CACHE_SECONDS = 60.0

VOCABULARY_FILES = ("ontology.ttl", "shapes.ttl", "void.ttl")
SPARQL_PREFIXES = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def data_formats() -> list[Format]:
    """The RDF serialisations a resource is offered in (the table's graph formats, HTML aside)."""
    return offers(Kind.GRAPH, html=False)


# ------------------------------------------------------------------------------------ descriptions


@dataclass
class Description:
    """The triples about one resource, with the named graphs its own triples come from."""

    iri: str
    triples: list[ox.Triple]
    graphs: list[str] = field(default_factory=list)
    truncated: bool = False  # more incoming links exist than INCOMING_LIMIT

    def __post_init__(self) -> None:
        self._by_subject: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
        self._by_object: dict[str, list[ox.Triple]] = defaultdict(list)
        for triple in self.triples:
            self._by_subject[_key(triple.subject)][triple.predicate.value].append(triple.object)
            if isinstance(triple.object, ox.NamedNode | ox.BlankNode):
                self._by_object[_key(triple.object)].append(triple)

    def properties(self, subject: Any) -> dict[str, list[Any]]:
        return self._by_subject.get(_key(subject), {})

    def values(self, subject: Any, predicate: str) -> list[Any]:
        return self.properties(subject).get(predicate, [])

    def first(self, subject: Any, predicate: str) -> Any | None:
        found = self.values(subject, predicate)
        return found[0] if found else None

    def incoming(self, target: Any) -> list[ox.Triple]:
        return self._by_object.get(_key(target), [])

    def types(self, subject: Any) -> list[str]:
        return sorted(t.value for t in self.values(subject, RDF_TYPE) if isinstance(t, ox.NamedNode))

    def label(self, subject: Any) -> str | None:
        """The best label of a node, English or untagged first."""
        for predicate in LABEL_PREDICATES:
            found = self.values(subject, predicate)
            if found:
                preferred = [v for v in found if isinstance(v, ox.Literal) and v.language in (None, "en")]
                return sorted(v.value for v in (preferred or found))[0]
        return None

    @property
    def node(self) -> ox.NamedNode:
        return ox.NamedNode(self.iri)


def _key(term: Any) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _sort_key(triple: ox.Triple) -> tuple[str, str, str]:
    return str(triple.subject), str(triple.predicate), str(triple.object)


# ------------------------------------------------------------------------------------ the published data


class Published:
    """What the resource pages read: the store, through the app's backend (the embedded store or a remote
    one), and the vocabulary files of the build.

    `version` names the data for entity tags; None when the store may change while serving (a remote
    one): then no tag ever matches, and the cached figures expire.
    """

    def __init__(self, data_dir: Path | None, backend: QueryBackend | None, base_uri: str | None,
                 version: str | None, manifest: dict[str, Any]) -> None:
        self.data_dir = data_dir
        self.backend = backend
        self.documents = Documents(base_uri or DEFAULT_BASE_URI)
        self.version = version
        self.manifest = manifest
        self.vocabulary = ox.Store()  # ontology, shapes and VoID: small, in memory
        self._hash_children: dict[str, list[ox.NamedNode]] = defaultdict(list)
        self._load_vocabulary()
        self.cache: dict[str, Any] = {}  # per-process results of fixed queries (counts, network)
        self._cached_since = time.monotonic()

    @classmethod
    def for_app(cls, app: Flask) -> Published:
        found = app.extensions.get(EXTENSION_KEY)
        if found is None:
            site = app.extensions["linkeddata"]
            version = site.store_info.version if site.store_info else None if site.queries else "none"
            found = cls(site.data_dir, site.queries, site.base_uri, version, site.manifest or {})
            app.extensions[EXTENSION_KEY] = found
        if found.version is None and time.monotonic() - found._cached_since > REMOTE_CACHE_SECONDS:
            found.cache.clear()
            found._cached_since = time.monotonic()
        return found

    # ---- files

    def vocabulary_file(self, name: str) -> Path | None:
        """ontology.ttl / shapes.ttl / void.ttl of the build; the project's own ontology and shapes when
        serving loose files."""
        if self.data_dir is not None and (self.data_dir / name).is_file():
            return self.data_dir / name
        from linkeddata.validate import PROJECT_ROOT

        folder = {"ontology.ttl": "ontology", "shapes.ttl": "shapes"}.get(name)
        if folder is None:
            return None
        found = sorted((PROJECT_ROOT / folder).glob("*.ttl"))
        return found[0] if found else None

    def _load_vocabulary(self) -> None:
        for name in VOCABULARY_FILES:
            path = self.vocabulary_file(name)
            if path is not None:
                self.vocabulary.load(path=str(path), format=ox.RdfFormat.TURTLE)
        subjects = {quad.subject for quad in self.vocabulary if isinstance(quad.subject, ox.NamedNode)}
        for subject in subjects:
            whole, hash_sign, _ = subject.value.partition("#")
            if hash_sign:
                self._hash_children[whole].append(subject)

    # ---- the store

    def _matching(self, subject: TermPattern = None, predicate: TermPattern = None, obj: TermPattern = None, *,
                  limit: int | None = None) -> Iterator[ox.Triple]:
        """Matching triples of the store's default graph (the union of the article graphs), then of the
        vocabulary; a pattern position may list alternatives, answered in one request."""
        if self.backend is not None:
            yield from self.backend.triples(subject, predicate, obj, limit=limit)
        yield from matching(self.vocabulary, subject, predicate, obj)

    def select(self, query: str, **bindings: Any) -> list[ox.QuerySolution]:
        """A fixed SELECT over the data; values from a request go in `bindings` only, never in the text.

        Bindings fix variables of the projection only: select the bound ones too.
        """
        if self.backend is None:
            return []
        return self.backend.select(query, prefixes=SPARQL_PREFIXES, bindings=bindings)

    def is_named_graph(self, iri: str) -> bool:
        return self.backend is not None and self.backend.contains_named_graph(ox.NamedNode(iri))

    def exists(self, iri: str) -> bool:
        """Whether this dataset says anything about `iri`, or about a hash child of it, or names a graph so."""
        node = ox.NamedNode(iri)
        if self._hash_children.get(iri) or self.is_named_graph(iri):
            return True
        return (any(True for _ in self._matching(node, limit=1))
                or any(True for _ in self._matching(None, None, node, limit=1)))

    def text_of(self, context: str) -> str | None:
        """The text a nif:Context holds."""
        for triple in self._matching(ox.NamedNode(context), ox.NamedNode(str(NIF.isString))):
            return triple.object.value
        return None

    # ---- descriptions

    def _closure(self, subject: Any, into: set[ox.Triple]) -> None:
        """The subject's triples and, recursively, those of the blank nodes it points to (a CBD)."""
        pending = [subject]
        seen: set[str] = set()
        while pending:
            current = pending.pop()
            if _key(current) in seen:
                continue
            seen.add(_key(current))
            for triple in self._matching(current):
                into.add(triple)
                if isinstance(triple.object, ox.BlankNode):
                    pending.append(triple.object)

    def _pick(self, subjects: Collection[Any], predicates: Iterable[str], into: set[ox.Triple]) -> None:
        # All subjects and predicates at once: one request to a remote store, not one per pair.
        if subjects:
            into.update(self._matching(subjects, [ox.NamedNode(p) for p in predicates]))

    def describe(self, iri: str) -> Description | None:
        """The RDF document about `iri`, or None when the dataset does not know it."""
        node = ox.NamedNode(iri)
        triples: set[ox.Triple] = set()
        self._closure(node, triples)
        children = set(self._hash_children.get(iri, []))
        incoming: list[ox.Triple] = []
        truncated = False
        for triple in self._matching(None, None, node, limit=INCOMING_LIMIT + 1):
            if len(incoming) >= INCOMING_LIMIT:
                truncated = True
                break
            incoming.append(triple)
            if isinstance(triple.subject, ox.NamedNode) and triple.subject.value.startswith(iri + "#"):
                children.add(triple.subject)
        for child in children:
            self._closure(child, triples)
        if not triples and not incoming and not self.is_named_graph(iri):
            return None
        triples.update(incoming)
        around = {t.subject for t in incoming if not isinstance(t.subject, ox.BlankNode)} - children
        self._pick(around, INCOMING_CONTEXT, triples)
        self._add_provenance(triples)
        self._add_labels(triples)
        graphs = self._graphs_of(node)
        description = Description(iri, sorted(triples, key=_sort_key), graphs, truncated)
        return description

    def _add_provenance(self, triples: set[ox.Triple]) -> None:
        """The evidence spans (their text and offsets) and the articles (date, headline) cited."""
        spans = {t.object for t in triples if t.predicate.value == str(DIP.evidence)}
        self._pick(spans, EVIDENCE_CONTEXT, triples)
        articles = {t.object for t in triples if t.predicate.value == str(DIP.reportedIn)}
        articles |= {t.subject for t in triples if t.predicate.value == str(SCHEMA.mentions)}
        self._pick(articles, ARTICLE_CONTEXT, triples)

    def _add_labels(self, triples: set[ox.Triple]) -> None:
        named = {t.object for t in triples if isinstance(t.object, ox.NamedNode)}
        named |= {t.subject for t in triples if isinstance(t.subject, ox.NamedNode)}
        labelled = {t.subject for t in triples if t.predicate.value in LABEL_PREDICATES}
        self._pick(named - labelled, LABEL_PREDICATES, triples)

    def _graphs_of(self, node: ox.NamedNode) -> list[str]:
        return [] if self.backend is None else self.backend.graphs_of(node)

    def graph(self, iri: str) -> Description | None:
        """The contents of a named graph (the triples of one article), with the labels they use."""
        if not self.is_named_graph(iri):
            return None
        assert self.backend is not None
        triples = set(self.backend.graph_triples(ox.NamedNode(iri)))
        return Description(iri, sorted(triples, key=_sort_key), [iri])

    def document(self, iri: str) -> Description | None:
        """What `/data/{path}` serves: the named graph for a graph IRI, else the resource's description."""
        root = self.documents.path_of(iri) or ""
        if root.startswith("/graph/"):
            return self.graph(iri)
        return self.describe(iri)


def published() -> Published:
    return Published.for_app(current_app)


# ------------------------------------------------------------------------------------ serialising


def serialize(description: Description, fmt: Format, document_url: str | None = None) -> bytes:
    """RDF bytes in `fmt`, with a few triples about the document itself (what it is about, where from)."""
    triples = list(description.triples)
    if document_url is not None:
        document = ox.NamedNode(document_url)
        triples.append(ox.Triple(document, ox.NamedNode(RDF_TYPE), ox.NamedNode(FOAF_DOCUMENT)))
        triples.append(ox.Triple(document, ox.NamedNode(FOAF_PRIMARY_TOPIC), description.node))
        for graph in description.graphs:
            triples.append(ox.Triple(document, ox.NamedNode(PROV_WAS_DERIVED_FROM), ox.NamedNode(graph)))
    prefixes = dict(SPARQL_PREFIXES)
    prefixes["foaf"] = "http://xmlns.com/foaf/0.1/"
    rdf_format = getattr(ox.RdfFormat, fmt.oxigraph or "TURTLE")
    if rdf_format in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
        return ox.serialize(triples, format=rdf_format)
    if rdf_format is ox.RdfFormat.JSON_LD:
        from linkeddata.web.jsonld import shape

        return shape(triples)
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes)


# ------------------------------------------------------------------------------------ HTTP


def variant(fmt: Format) -> tuple[str, ...]:
    """What besides the format picks the bytes of an answer (the JSON-LD profile), for its entity tag."""
    if fmt.name != "jsonld":
        return ()
    from linkeddata.web.jsonld import requested_profile

    return (requested_profile(),)


def site_url(path: str) -> str:
    """A served path as the client must request it (the application may be mounted under a prefix)."""
    return request.script_root + path


def alternates(iri: str, current: Format | None = None) -> list[str]:
    """`Link` values naming every document about `iri` (the page and each RDF format)."""
    documents = published().documents
    links = []
    page = documents.page(iri)
    if page is not None and (current is None or current.name != "html"):
        links.append(f'<{site_url(page.split("#", 1)[0])}>; rel="alternate"; type="text/html"')
    for fmt in data_formats():
        if current is not None and fmt.name == current.name:
            continue
        data = documents.data(iri, fmt.extension)
        if data is not None:
            links.append(f'<{site_url(data)}>; rel="alternate"; type="{fmt.media_type}"')
    return links


def add_links(response: Response, links: Iterable[str]) -> None:
    joined = ", ".join(links)
    if joined:
        response.headers["Link"] = joined


def entity_tag(*parts: str) -> str:
    """Data changes only with a new build: the store's version names every representation of it. A store
    without a version (a remote one, written while we serve) gets a tag that never matches."""
    version = published().version or os.urandom(16).hex()
    return hashlib.sha256("\0".join((version, *parts)).encode()).hexdigest()[:32]


def not_found(iri: str | None = None) -> Response:
    """404 for an IRI the dataset does not hold: a page for people, plain text for everyone else."""
    try:
        chosen = negotiate(request.headers.get("Accept"), offers(Kind.GRAPH))
    except NotAcceptable:
        chosen = FORMATS[0]
    message = f"This dataset holds nothing about <{iri}>." if iri else "There is nothing at this address."
    if chosen.name == "html":
        body = render_template("not_found.html", iri=iri, message=message)
        response = Response(body, 404, content_type="text/html; charset=utf-8")
    else:
        response = Response(message + "\n", 404, content_type="text/plain; charset=utf-8")
    response.vary.add("Accept")
    return response


@bp.route("/id/<path:rest>", defaults={"root": "id"}, methods=["GET"])
@bp.route("/graph/<path:rest>", defaults={"root": "graph"}, methods=["GET"])
@bp.route("/dataset", defaults={"root": "dataset", "rest": ""}, methods=["GET"])
@bp.route("/ontology", defaults={"root": "ontology", "rest": ""}, methods=["GET"])
@bp.route("/shapes", defaults={"root": "shapes", "rest": ""}, methods=["GET"])
def identifier(root: str, rest: str) -> Response:
    """303 See Other from the thing to a document about it, by Accept (q-values honoured)."""
    path = f"{root}/{rest}" if rest else root
    pub = published()
    iri = pub.documents.iri_of(path)
    if not pub.exists(iri):
        return not_found(iri)
    try:
        chosen = negotiate(request.headers.get("Accept"), offers(Kind.GRAPH))
    except NotAcceptable as refused:
        raise NotAcceptableError(str(refused)) from None
    target = pub.documents.page(iri) if chosen.name == "html" else pub.documents.data(iri, chosen.extension)
    assert target is not None  # iri_of gives identifiers only
    response = redirect(site_url(target), code=303)
    response.vary.add("Accept")
    add_links(response, alternates(iri))
    return response


@bp.route(f"/{DATA_ROOT}/<path:rest>", methods=["GET"])
def data(rest: str) -> Response:
    """The RDF document about one resource, in the format its extension names."""
    stem, dot, extension = rest.rpartition(".")
    fmt = from_path_extension(extension, Kind.GRAPH) if dot else None
    if fmt is None or fmt.name == "html" or not is_identifier_path(stem):
        return not_found()
    pub = published()
    iri = pub.documents.iri_of(stem)
    description = pub.document(iri)
    if description is None:
        return not_found(iri)
    document_url = pub.documents.public(request.path)  # the path below the mount point, as published
    response = Response(serialize(description, fmt, document_url), content_type=fmt.content_type)
    add_links(response, alternates(iri, fmt))
    response.set_etag(entity_tag("data", iri, fmt.name, *variant(fmt)))
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response.make_conditional(request)
