"""The published dataset behind the web application, after Flask's `db.py` pattern: `init_app(app)` opens what
the settings name, `get_site()` gives the handles (the store's backend, the manifest, the base URI) and
`get_published()` what the pages and the documents read.

`Published` answers the fixed questions of the pages (how many of each class, how many triples, which classes
are events, who met whom; any other, as a function, through `kept`) once per process and keeps the answers. A
remote store can change while we serve, so what is kept from one expires.

The RDF of a resource (`Published.describe`) is its own triples (with their blank nodes), those of its hash
children (`text#char=B,E`, `ontology#Meeting`), the triples pointing at it, the labels of everything it
touches, and the provenance of the events around it: the article each is reported in, the evidence span and
its text.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

import pyoxigraph as ox
from flask import Flask, current_app

from linkeddata import package_data
from linkeddata.iris import DEFAULT_BASE_URI, Documents
from linkeddata.store import (
    STORE_INFO,
    EmbeddedBackend,
    QueryBackend,
    RemoteBackend,
    StoreInfo,
    TermPattern,
    matching,
)
from linkeddata.vocab import DCTERMS, DIP, FOAF, NIF, OWL, RDF, RDFS, SCHEMA, SKOS, prefixes

SITE_KEY = "linkeddata"
PUBLISHED_KEY = "linkeddata.published"

RDF_TYPE = str(RDF.type)
RDFS_LABEL = str(RDFS.label)
# Which predicates name a thing, best first.
LABEL_PREDICATES = (RDFS_LABEL, str(SKOS.prefLabel), str(SCHEMA.name), str(SCHEMA.headline), str(DCTERMS.title),
                    str(FOAF.name))
# What is kept of a resource that points at ours: enough to draw a timeline and cite the source.
INCOMING_CONTEXT = (RDF_TYPE, str(DIP.date), str(DIP.status), str(DIP.reportedIn), str(DIP.evidence),
                    str(SCHEMA.datePublished), *LABEL_PREDICATES)
EVIDENCE_CONTEXT = (str(NIF.anchorOf), str(NIF.beginIndex), str(NIF.endIndex), str(NIF.referenceContext))
ARTICLE_CONTEXT = (str(SCHEMA.datePublished), str(SCHEMA.headline), RDFS_LABEL)
# A country may be pointed at by thousands of mentions; a document about it stays readable.
INCOMING_LIMIT = 2_000
# A remote store can change under a running server: what is kept from it is this old at most.
REMOTE_CACHE_SECONDS = 60.0
# The most connected people and countries drawn in the network picture.
NETWORK_NODES = 40

VOCABULARY_FILES = ("ontology.ttl", "shapes.ttl", "void.ttl")

Answer = TypeVar("Answer")


# ------------------------------------------------------------------------------------ the site's handles


@dataclass
class LinkedData:
    """The handles blueprints share, found at `app.extensions["linkeddata"]`."""

    data_dir: Path | None
    store_dir: Path | None
    base_uri: str | None
    manifest: dict[str, Any] = field(default_factory=dict)
    store_info: StoreInfo | None = None
    queries: QueryBackend | None = None  # the store the endpoint and the pages read

    def start(self) -> None:
        """Open the store and start the query evaluator now (a server worker calls this once it is forked)."""
        if self.queries is not None:
            self.queries.start()

    def close(self) -> None:
        if self.queries is not None:
            self.queries.close()


def init_app(app: Flask) -> None:
    """Attach the dataset the app's settings name: the store's backend and what the build folder says of it."""
    data_dir = Path(app.config["DATA_DIR"]) if app.config["DATA_DIR"] else None
    store_dir = None if app.config["STORE_URL"] else _find_store(
        data_dir, Path(app.config["STORE_DIR"]) if app.config["STORE_DIR"] else None)
    manifest = _read_manifest(data_dir)
    app.extensions[SITE_KEY] = LinkedData(
        data_dir=data_dir,
        store_dir=store_dir,
        base_uri=app.config["BASE_URI"] or manifest.get("base_uri"),
        manifest=manifest,
        store_info=StoreInfo.read(store_dir) if store_dir else None,
        queries=_backend(app, store_dir),
    )


def get_site() -> LinkedData:
    return current_app.extensions[SITE_KEY]


def get_published() -> Published:
    return published_for(current_app)


def published_for(app: Flask) -> Published:
    """The app's `Published`, made on first use (in each server worker, after it is forked)."""
    found: Published | None = app.extensions.get(PUBLISHED_KEY)
    if found is None:
        site: LinkedData = app.extensions[SITE_KEY]
        version = site.store_info.version if site.store_info else None if site.queries else "none"
        found = Published(site.data_dir, site.queries, site.base_uri, version, site.manifest or {})
        app.extensions[PUBLISHED_KEY] = found
    found.expire_answers()
    return found


def _find_store(data_dir: Path | None, store_dir: Path | None) -> Path | None:
    candidates = [store_dir] if store_dir else [data_dir / "store", data_dir] if data_dir else []
    return next((c for c in candidates if (c / STORE_INFO).is_file()), None)


def _read_manifest(data_dir: Path | None) -> dict[str, Any]:
    path = data_dir / "manifest.json" if data_dir else None
    if path is None or not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:  # also undecodable bytes: name the file, for `linkeddata serve` to say
        raise ValueError(f"{path}: not a valid manifest ({error})") from None


def _backend(app: Flask, store_dir: Path | None) -> QueryBackend | None:
    timeout = float(app.config["QUERY_TIMEOUT"])
    if app.config["STORE_URL"]:
        from linkeddata.store.remote import RemoteStore, credentials_from_environment

        remote = RemoteStore.at(str(app.config["STORE_URL"]), str(app.config["STORE_FLAVOUR"]),
                                credentials_from_environment())
        return RemoteBackend(remote, timeout=timeout)
    if store_dir is None:
        return None
    return EmbeddedBackend(store_dir, size=int(app.config["QUERY_PROCESSES"]), timeout=timeout,
                           in_process=bool(app.config["QUERY_IN_PROCESS"]))


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


# ------------------------------------------------------------------------------------ the fixed questions


@dataclass(frozen=True)
class ClassCount:
    iri: str
    count: int


@dataclass(frozen=True)
class Pairing:
    """Two participants of the same events, and how many events they share."""

    a: str
    b: str
    times: int


@dataclass(frozen=True)
class Member:
    """One of the most connected participants: who, what kind (person, country, other) and how connected."""

    iri: str
    label: str | None
    kind: str
    degree: int


@dataclass(frozen=True)
class Network:
    """Who met whom: the most connected participants (by IRI) and the pairings among them."""

    members: list[Member]
    pairings: list[Pairing]


# ------------------------------------------------------------------------------------ the published data


class Published:
    """What the resource pages read: the store, through the app's backend (the embedded store or a remote
    one), and the vocabulary files of the build.

    `version` names the data for entity tags; None when the store may change while serving (a remote
    one): then no tag ever matches, and the kept answers expire.
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
        self._event_classes = frozenset(self.subclasses_of(str(DIP.DiplomaticEvent)) | {
            str(DIP.Happening), str(DIP.Gratitude), str(DIP.Forecast), str(DIP.Exhibition)})
        self._answers: dict[Callable[[Published], Any], Any] = {}
        self._answered_since = time.monotonic()

    def kept(self, question: Callable[[Published], Answer]) -> Answer:
        """The answer to a fixed question of the data, `question(self)`, worked out once and kept."""
        if question not in self._answers:
            self._answers[question] = question(self)
        return cast(Answer, self._answers[question])

    def expire_answers(self) -> None:
        if self.version is None and time.monotonic() - self._answered_since > REMOTE_CACHE_SECONDS:
            self._answers.clear()
            self._answered_since = time.monotonic()

    # ---- files

    def vocabulary_file(self, name: str) -> Path | None:
        """ontology.ttl / shapes.ttl / void.ttl of the build; the package's own ontology and shapes when
        serving loose files."""
        if self.data_dir is not None and (self.data_dir / name).is_file():
            return self.data_dir / name
        folder = {"ontology.ttl": package_data.ontology_dir, "shapes.ttl": package_data.shapes_dir}.get(name)
        if folder is None:
            return None
        found = sorted(folder().glob("*.ttl"))
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

    def subclasses_of(self, root: str) -> set[str]:
        """`root` and every class the vocabulary puts under it."""
        found = {root}
        pending = [root]
        while pending:
            current = pending.pop()
            for quad in self.vocabulary.quads_for_pattern(None, ox.NamedNode(str(RDFS.subClassOf)),
                                                          ox.NamedNode(current)):
                if quad.subject.value not in found:
                    found.add(quad.subject.value)
                    pending.append(quad.subject.value)
        return found

    def most_specific(self, types: Iterable[str]) -> list[str]:
        """`types` less those above another of them in the class tree: a thing the data calls a dip:Meeting,
        a dip:DiplomaticEvent and a schema:Event (every superclass is written out) is shown as a meeting."""
        given = list(types)
        above: set[str] = set()
        for cls in given:
            pending = [cls]
            while pending:
                current = pending.pop()
                for quad in self.vocabulary.quads_for_pattern(ox.NamedNode(current),
                                                              ox.NamedNode(str(RDFS.subClassOf)), None):
                    if isinstance(quad.object, ox.NamedNode) and quad.object.value not in above:
                        above.add(quad.object.value)
                        pending.append(quad.object.value)
        return [cls for cls in given if cls not in above]

    # ---- the fixed questions

    def event_classes(self) -> frozenset[str]:
        """dip:DiplomaticEvent and every class under it, from the ontology (subclasses come and go)."""
        return self._event_classes

    def class_counts(self) -> list[ClassCount]:
        """How many resources of each class, most first."""
        return self.kept(_class_counts)

    def triple_count(self) -> int:
        """The triples of the default graph (the union of the article graphs)."""
        return self.kept(_triple_count)

    def has_mention_spans(self) -> bool:
        """Whether the data links text spans to the entities they name (`itsrdf:taIdentRef`)."""
        return self.kept(_has_mention_spans)

    def network(self) -> Network:
        """Who met whom: participants of the same event, the most connected first."""
        return self.kept(_network)

    # ---- the store

    def triples(self, subject: TermPattern = None, predicate: TermPattern = None, obj: TermPattern = None, *,
                  limit: int | None = None) -> Iterator[ox.Triple]:
        """Matching triples of the store's default graph (the union of the article graphs), then of the
        vocabulary; a pattern position may list alternatives, answered in one request."""
        if self.backend is not None:
            yield from self.backend.triples(subject, predicate, obj, limit=limit)
        yield from matching(self.vocabulary, subject, predicate, obj)

    def values(self, subject: Any, predicate: str) -> list[Any]:
        """The objects of `subject predicate ?o`, in the data and in the vocabulary."""
        return [t.object for t in self.triples(subject, ox.NamedNode(predicate))]

    def select(self, query: str, **bindings: Any) -> list[ox.QuerySolution]:
        """A fixed SELECT over the data; values from a request go in `bindings` only, never in the text.

        Bindings fix variables of the projection only: select the bound ones too.
        """
        if self.backend is None:
            return []
        return self.backend.select(query, prefixes=prefixes(), bindings=bindings)

    def is_named_graph(self, iri: str) -> bool:
        return self.backend is not None and self.backend.contains_named_graph(ox.NamedNode(iri))

    def exists(self, iri: str) -> bool:
        """Whether this dataset says anything about `iri`, or about a hash child of it, or names a graph so."""
        node = ox.NamedNode(iri)
        if self._hash_children.get(iri) or self.is_named_graph(iri):
            return True
        return (any(True for _ in self.triples(node, limit=1))
                or any(True for _ in self.triples(None, None, node, limit=1)))

    def merged_into(self, iri: str) -> str | None:
        """The identifier a merged one now stands for: an IRI of ours that the data describes by nothing but
        owl:sameAs another IRI of ours (a person found, on a later build, to be one already known)."""
        node = ox.NamedNode(iri)
        if self.documents.path_of(iri) is None or any(True for _ in self.triples(node, ox.NamedNode(RDF_TYPE),
                                                                                 limit=1)):
            return None
        for triple in self.triples(node, ox.NamedNode(str(OWL.sameAs))):
            target = triple.object
            if isinstance(target, ox.NamedNode) and target.value != iri and self.documents.path_of(target.value):
                return target.value
        return None

    def text_of(self, context: str) -> str | None:
        """The text a nif:Context holds."""
        for triple in self.triples(ox.NamedNode(context), ox.NamedNode(str(NIF.isString))):
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
            for triple in self.triples(current):
                into.add(triple)
                if isinstance(triple.object, ox.BlankNode):
                    pending.append(triple.object)

    def _pick(self, subjects: Collection[Any], predicates: Iterable[str], into: set[ox.Triple]) -> None:
        # All subjects and predicates at once: one request to a remote store, not one per pair.
        if subjects:
            into.update(self.triples(subjects, [ox.NamedNode(p) for p in predicates]))

    def describe(self, iri: str) -> Description | None:
        """The RDF document about `iri`, or None when the dataset does not know it."""
        node = ox.NamedNode(iri)
        triples: set[ox.Triple] = set()
        self._closure(node, triples)
        children = set(self._hash_children.get(iri, []))
        incoming: list[ox.Triple] = []
        truncated = False
        for triple in self.triples(None, None, node, limit=INCOMING_LIMIT + 1):
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
        return Description(iri, sorted(triples, key=_sort_key), graphs, truncated)

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


# ------------------------------------------------------------------------------------ the fixed questions' answers


def _class_counts(pub: Published) -> list[ClassCount]:
    return [ClassCount(row["class"].value, int(row["n"].value)) for row in pub.select(
        "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)")]


def _triple_count(pub: Published) -> int:
    rows = pub.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return int(rows[0]["n"].value) if rows else 0


def _has_mention_spans(pub: Published) -> bool:
    return bool(pub.select("SELECT ?s WHERE { ?s itsrdf:taIdentRef ?o } LIMIT 1"))


def _network(pub: Published) -> Network:
    rows = pub.select("""SELECT ?a ?b (COUNT(DISTINCT ?event) AS ?times) WHERE {
        ?event dip:participant ?a , ?b .
        FILTER (STR(?a) < STR(?b))
    } GROUP BY ?a ?b""")
    degree: Counter[str] = Counter()
    pairings = []
    for row in rows:
        pairing = Pairing(row["a"].value, row["b"].value, int(row["times"].value))
        pairings.append(pairing)
        degree[pairing.a] += pairing.times
        degree[pairing.b] += pairing.times
    chosen = sorted(iri for iri, _ in sorted(degree.items(), key=lambda item: (-item[1], item[0]))[:NETWORK_NODES])
    members = []
    for iri in chosen:
        node = ox.NamedNode(iri)
        labels = pub.values(node, RDFS_LABEL)
        types = {t.value for t in pub.values(node, RDF_TYPE)}
        kind = "person" if str(SCHEMA.Person) in types else "country" if str(DIP.Country) in types else "other"
        members.append(Member(iri, labels[0].value if labels else None, kind, degree[iri]))
    kept = set(chosen)
    return Network(members, [p for p in pairings if p.a in kept and p.b in kept])
