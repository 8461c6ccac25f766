"""Pages for people: the home page, a page per resource (`/page/{path}`), the ontology and the shapes.

Each page is built from the same `Description` that `/data/{path}.{ext}` serialises, so a page
never says more or less than its data, and it names its data in `Link: rel="alternate"` headers.
Everything that came from an article reaches the templates as plain strings and is escaped by
Jinja; highlighting is done by splitting the text into pieces, never by writing markup into it.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, url_for

from linkeddata.formats import BY_NAME
from linkeddata.iris import VOCABULARY_SPACE, is_identifier_path
from linkeddata.vocab import DIP, GEONAMES, NIF, ORG, PREFIXES, SCHEMA, WIKIDATA
from linkeddata.web.resources import (
    LABEL_PREDICATES,
    RDF_TYPE,
    Description,
    Published,
    add_links,
    alternates,
    entity_tag,
    not_found,
    published,
    site_url,
)

bp = Blueprint("pages", __name__)

OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
OWL_CLASS = "http://www.w3.org/2002/07/owl#Class"
RDFS_SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
ITS_IDENT_REF = "http://www.w3.org/2005/11/its/rdf#taIdentRef"
DIPLOMATIC_EVENT = str(DIP.DiplomaticEvent)
ONTOLOGY_IRI = VOCABULARY_SPACE + "ontology"
SHAPES_IRI = VOCABULARY_SPACE + "shapes"
# Shown in their own sections of an entity page rather than in the table of properties.
SEPARATE = {OWL_SAME_AS, str(ORG.holds)}
LATEST_ARTICLES = 10
NETWORK_NODES = 40


# ------------------------------------------------------------------------------------ terms for templates


@dataclass
class Term:
    """One RDF term as a page shows it: its text, where it links, and a note (language, datatype, IRI)."""

    text: str
    href: str | None = None
    note: str = ""
    iri: str | None = None
    external: bool = False
    children: list[tuple[Term, list[Term]]] = field(default_factory=list)  # a blank node's properties


def compact(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(str(namespace)) and len(iri) > len(str(namespace)):
            return f"{prefix}:{iri[len(str(namespace)):]}"
    return iri


# The schemes a page links out to. Data may hold any IRI (an article's source_url of "javascript:..."),
# and a browser would run or open one of another scheme when it is clicked: those stay text.
LINKED_SCHEMES = ("http://", "https://")


def link_of(iri: str) -> tuple[str | None, bool]:
    """(href, external) for an IRI: ours go to local paths, web IRIs out, any other IRI nowhere (None)."""
    href = published().documents.href(iri)
    if href.startswith("/"):
        return site_url(href), False
    return (href if href.lower().startswith(LINKED_SCHEMES) else None), True


def term(description: Description, value: Any, depth: int = 0) -> Term:
    if isinstance(value, ox.NamedNode):
        href, external = link_of(value.value)
        label = description.label(value)
        return Term(label or compact(value.value), href, compact(value.value) if label else "", value.value,
                    external)
    if isinstance(value, ox.BlankNode):
        children = []
        if depth < 3:
            for predicate, objects in sorted(description.properties(value).items()):
                children.append((term(description, ox.NamedNode(predicate)),
                                 [term(description, o, depth + 1) for o in objects]))
        return Term("", children=children)
    if isinstance(value, ox.Literal):
        if value.language:
            note = f"@{value.language}"
        elif value.datatype.value != XSD_STRING:
            note = compact(value.datatype.value)
        else:
            note = ""
        return Term(value.value, note=note)
    return Term(str(value))


def properties(description: Description, subject: Any, skip: set[str] | frozenset[str] = frozenset()
               ) -> list[tuple[Term, list[Term]]]:
    rows = []
    for predicate, objects in sorted(description.properties(subject).items()):
        if predicate in skip:
            continue
        values = sorted((term(description, o) for o in objects), key=lambda t: (t.text, t.iri or ""))
        rows.append((term(description, ox.NamedNode(predicate)), values))
    return rows


def same_as_links(description: Description) -> list[Term]:
    links = []
    for value in description.values(description.node, OWL_SAME_AS):
        iri = value.value
        if iri.startswith(str(WIKIDATA)):
            text = f"Wikidata {iri[len(str(WIKIDATA)):]}"
        elif iri.startswith(str(GEONAMES)):
            text = f"GeoNames {iri[len(str(GEONAMES)):].strip('/')}"
        else:
            text = iri
        links.append(Term(text, link_of(iri)[0], iri=iri, external=True))
    return sorted(links, key=lambda t: t.text)


# ------------------------------------------------------------------------------------ text with highlights


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


def mention_marks(pub: Published, description: Description, article: ox.NamedNode, text: str) -> list[Mark]:
    """Where the text names each entity the article mentions.

    NIF mention spans (`itsrdf:taIdentRef`) are used where the data has them; otherwise each label
    of each mentioned entity, and a person's surname, is found in the text as a whole word.
    """
    marks = []
    context = _context_of(pub, article)
    if context is not None and _has_taident(pub):
        for row in pub.select("PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#> "
                              "SELECT ?context ?begin ?end ?entity WHERE { ?span nif:referenceContext ?context ; "
                              "nif:beginIndex ?begin ; nif:endIndex ?end ; itsrdf:taIdentRef ?entity }",
                              context=ox.NamedNode(context)):
            href, _ = link_of(row["entity"].value)
            marks.append(Mark(int(row["begin"].value), int(row["end"].value), href, compact(row["entity"].value)))
    if marks:
        return marks
    names: dict[str, str] = {}
    for entity in description.values(article, str(SCHEMA.mentions)):
        labels = {v.value for p in (*LABEL_PREDICATES, "http://www.w3.org/2004/02/skos/core#altLabel")
                  for v in pub_values(pub, entity, p) if isinstance(v, ox.Literal)}
        if str(SCHEMA.Person) in {t.value for t in pub_values(pub, entity, RDF_TYPE)}:
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


def _has_taident(pub: Published) -> bool:
    if "taident" not in pub.cache:
        pub.cache["taident"] = bool(pub.select(f"SELECT ?s WHERE {{ ?s <{ITS_IDENT_REF}> ?o }} LIMIT 1"))
    return bool(pub.cache["taident"])


def pub_values(pub: Published, subject: Any, predicate: str) -> list[Any]:
    return [t.object for t in pub._matching(subject, ox.NamedNode(predicate))]


def _context_of(pub: Published, article: ox.NamedNode) -> str | None:
    found = pub_values(pub, article, str(DIP.text))
    return found[0].value if found else None


# ------------------------------------------------------------------------------------ events


def event_classes(pub: Published) -> set[str]:
    """dip:DiplomaticEvent and every class under it, from the ontology (subclasses come and go)."""
    if "event_classes" not in pub.cache:
        found = {DIPLOMATIC_EVENT}
        pending = [DIPLOMATIC_EVENT]
        while pending:
            current = pending.pop()
            for quad in pub.vocabulary.quads_for_pattern(None, ox.NamedNode(RDFS_SUBCLASS_OF),
                                                         ox.NamedNode(current)):
                if quad.subject.value not in found:
                    found.add(quad.subject.value)
                    pending.append(quad.subject.value)
        found |= {str(DIP.Happening), str(DIP.Gratitude), str(DIP.Forecast), str(DIP.Exhibition)}
        pub.cache["event_classes"] = found
    return set(pub.cache["event_classes"])


@dataclass
class TimelineEvent:
    event: Term
    date: str
    kind: str
    status: str
    y: int = 0


def timeline(description: Description, events: list[ox.NamedNode]) -> list[TimelineEvent]:
    items = []
    for event in events:
        date = description.first(event, str(DIP.date))
        status = description.first(event, str(DIP.status))
        shown = term(description, event)
        kinds = [description.label(ox.NamedNode(t)) or compact(t) for t in description.types(event)]
        # Generated labels already begin with the kind ("Meeting: ..."): say it once.
        kind = "" if any(shown.text.lower().startswith(k.lower()) for k in kinds) else ", ".join(kinds)
        items.append(TimelineEvent(shown, date.value if date is not None else "", kind,
                                   compact(status.value).split(":")[-1] if status else ""))
    items.sort(key=lambda item: (item.date or "9999", item.event.text))
    for number, item in enumerate(items):
        item.y = 24 + number * 28
    return items


# ------------------------------------------------------------------------------------ the network picture


@dataclass
class Node:
    term: Term
    x: float
    y: float
    kind: str
    degree: int
    anchor: str = "start"


@dataclass
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    weight: int


def network(pub: Published, size: int = 560) -> tuple[list[Node], list[Edge]]:
    """Who met whom: participants of the same event, on a circle, most connected first."""
    key = f"network-{size}"
    if key in pub.cache:
        return pub.cache[key]
    rows = pub.select("""SELECT ?a ?b (COUNT(DISTINCT ?event) AS ?times) WHERE {
        ?event dip:participant ?a , ?b .
        FILTER (STR(?a) < STR(?b))
    } GROUP BY ?a ?b""")
    degree: Counter[str] = Counter()
    pairs = []
    for row in rows:
        a, b, times = row["a"].value, row["b"].value, int(row["times"].value)
        pairs.append((a, b, times))
        degree[a] += times
        degree[b] += times
    chosen = [iri for iri, _ in sorted(degree.items(), key=lambda item: (-item[1], item[0]))[:NETWORK_NODES]]
    places: dict[str, tuple[float, float]] = {}
    nodes = []
    centre, radius = size / 2, size / 2 - 150
    for number, iri in enumerate(sorted(chosen)):
        angle = 2 * math.pi * number / max(1, len(chosen)) - math.pi / 2
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        places[iri] = (x, y)
        node = ox.NamedNode(iri)
        labels = pub_values(pub, node, str(LABEL_PREDICATES[0]))
        types = {t.value for t in pub_values(pub, node, RDF_TYPE)}
        kind = "person" if str(SCHEMA.Person) in types else "country" if str(DIP.Country) in types else "other"
        href, external = link_of(iri)
        text = labels[0].value if labels else compact(iri)
        nodes.append(Node(Term(text, href, iri=iri, external=external), round(x, 1), round(y, 1), kind,
                          degree[iri], "start" if math.cos(angle) >= -1e-9 else "end"))
    edges = [Edge(*(round(v, 1) for v in (*places[a], *places[b])), weight=times)
             for a, b, times in pairs if a in places and b in places]
    pub.cache[key] = (nodes, edges)
    return nodes, edges


# ------------------------------------------------------------------------------------ views


def html(body: str, iri: str | None = None, tag: str | None = None) -> Response:
    from flask import request

    response = Response(body, content_type="text/html; charset=utf-8")
    if iri is not None:
        add_links(response, alternates(iri, BY_NAME["html"]))
    if tag is not None:
        response.set_etag(entity_tag("page", tag))
        return response.make_conditional(request)
    return response


@bp.route("/", methods=["GET"])
def home() -> Response:
    from linkeddata.web.sparql import EXAMPLES

    pub = published()
    counts = []
    if "counts" not in pub.cache:
        pub.cache["counts"] = [(row["class"].value, int(row["n"].value)) for row in pub.select(
            "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)")]
    spans = 0
    for cls, count in pub.cache["counts"]:
        if cls.startswith(str(NIF)):  # text spans and contexts: the machinery of provenance, not the news
            spans = max(spans, count)
            continue
        node = ox.NamedNode(cls)
        label = next((v.value for v in pub_values(pub, node, LABEL_PREDICATES[0])), None)
        href, external = link_of(cls)
        counts.append((Term(label or compact(cls), href, compact(cls), cls, external), count))
    latest = []
    for row in pub.select("""SELECT ?article ?date ?title WHERE {
            ?article a schema:NewsArticle ; schema:datePublished ?date .
            OPTIONAL { ?article rdfs:label ?title }
        } ORDER BY DESC(?date) ?article LIMIT 10"""):
        href, _ = link_of(row["article"].value)
        title = row["title"].value if row["title"] is not None else compact(row["article"].value)
        latest.append((Term(title, href, iri=row["article"].value), row["date"].value))
    examples = [(title, url_for("sparql.endpoint", query=text)) for title, text in EXAMPLES[:3]]
    nodes, edges = network(pub)
    body = render_template("home.html", counts=counts, spans=spans, latest=latest, examples=examples, nodes=nodes,
                           edges=edges, size=560, triples=_triples(pub),
                           ontology_url=site_url(pub.documents.href(ONTOLOGY_IRI)),
                           shapes_url=site_url(pub.documents.href(SHAPES_IRI)))
    return html(body, pub.documents.iri_of("dataset"), "home")


def _triples(pub: Published) -> int:
    if "triples" not in pub.cache:
        rows = pub.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        pub.cache["triples"] = int(rows[0]["n"].value) if rows else 0
    return int(pub.cache["triples"])


@bp.route("/page/<path:rest>", methods=["GET"])
def page(rest: str) -> Response:
    if not is_identifier_path(rest):
        return not_found()
    pub = published()
    iri = pub.documents.iri_of(rest)
    if rest in ("ontology", "shapes"):
        return vocabulary_page(pub, iri)
    if rest.startswith("graph/"):
        description = pub.graph(iri)
        if description is None:
            return not_found(iri)
        return graph_page(pub, description)
    description = pub.describe(iri)
    if description is None:
        return not_found(iri)
    types = set(description.types(description.node))
    if str(SCHEMA.NewsArticle) in types or str(NIF.Context) in types:
        return article_page(pub, description)
    return entity_page(pub, description)


def _title(description: Description) -> str:
    return description.label(description.node) or compact(description.iri)


def entity_page(pub: Published, description: Description) -> Response:
    node = description.node
    events_of = event_classes(pub)
    incoming = description.incoming(node)
    children = [t for t in incoming if t.subject.value.startswith(description.iri + "#")]
    related_events = sorted({t.subject for t in incoming
                             if events_of & set(description.types(t.subject))}, key=lambda n: n.value)
    if events_of & set(description.types(node)):
        related_events = [node, *related_events]
    quotes = evidence_quotes(pub, description, related_events)
    articles = sorted({t.subject for t in incoming if t.predicate.value == str(SCHEMA.mentions)},
                      key=lambda n: n.value)
    quoted = {q.article.iri for q in quotes}
    for article in articles:
        if article.value not in quoted:
            quotes.extend(name_quotes(pub, description, article))
    incoming_rows: dict[str, list[Term]] = defaultdict(list)
    for triple in incoming:
        if triple in children:
            continue
        incoming_rows[triple.predicate.value].append(term(description, triple.subject))
    body = render_template(
        "entity.html",
        title=_title(description),
        iri=description.iri,
        types=[term(description, ox.NamedNode(t)) for t in description.types(node)],
        same_as=same_as_links(description),
        posts=[term(description, p) for p in description.values(node, str(ORG.holds))],
        rows=properties(description, node, SEPARATE | {RDF_TYPE}),
        incoming=[(term(description, ox.NamedNode(p)), sorted(v, key=lambda t: t.text))
                  for p, v in sorted(incoming_rows.items())],
        truncated=description.truncated,
        events=timeline(description, [e for e in related_events if e != node]),
        quotes=quotes,
        parts=[(term(description, s), properties(description, s))
               for s in sorted({t.subject for t in description.triples
                                if t.subject.value.startswith(description.iri + "#")}, key=lambda n: n.value)],
        data_links=_data_links(pub, description.iri),
    )
    return html(body, description.iri, description.iri)


def evidence_quotes(pub: Published, description: Description, events: list[ox.NamedNode]) -> list[Quote]:
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
            date = description.first(article, str(SCHEMA.datePublished))
            href, _ = link_of(span.value)
            quotes.append(quote(text, int(begin.value), int(end.value), term(description, article),
                                date.value if date is not None else "", href))
    return quotes


def name_quotes(pub: Published, description: Description, article: ox.NamedNode) -> list[Quote]:
    """For an article that mentions the entity in no event: the first sentence naming it."""
    context = _context_of(pub, article)
    text = pub.text_of(context) if context else None
    label = description.label(description.node)
    if not text or not label:
        return []
    found = re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text) or re.search(
        rf"(?<!\w){re.escape(label.split()[-1])}(?!\w)", text)
    date = description.first(article, str(SCHEMA.datePublished))
    article_term = term(description, article)
    if found is None:
        return [Quote(article_term, date.value if date is not None else "", [])]
    return [quote(text, found.start(), found.end(), article_term, date.value if date is not None else "")]


def article_page(pub: Published, description: Description) -> Response:
    node = description.node
    if str(NIF.Context) in description.types(node):
        owners = [t.subject for t in description.incoming(node) if t.predicate.value == str(DIP.text)]
        if owners:
            described = pub.describe(owners[0].value)
            if described is not None:
                description, node = described, described.node
    context = _context_of(pub, node)
    text = pub.text_of(context) if context else ""
    text = text or ""
    events = sorted({t.subject for t in description.incoming(node) if t.predicate.value == str(DIP.reportedIn)},
                    key=lambda n: n.value)
    evidence = []
    for event in events:
        for span in description.values(event, str(DIP.evidence)):
            begin = description.first(span, str(NIF.beginIndex))
            end = description.first(span, str(NIF.endIndex))
            if begin is not None and end is not None:
                fragment = span.value.partition("#")[2]
                evidence.append(Mark(int(begin.value), int(end.value), anchor=fragment))
    participants: dict[str, list[Term]] = defaultdict(list)
    for row in pub.select("SELECT ?article ?event ?who WHERE { ?event dip:reportedIn ?article ; dip:participant ?who }",
                          article=node):
        participants[row["event"].value].append(term(description, row["who"]) if description.label(row["who"])
                                                else _labelled(pub, row["who"]))
    items = timeline(description, events)
    identifier = description.first(node, str(SCHEMA.identifier))
    graph_iri = pub.documents.iri_of(f"graph/{identifier.value}") if identifier is not None else None
    download = f"/downloads/graphs/{identifier.value}.ttl" if identifier is not None else None
    body = render_template(
        "article.html",
        title=_title(description),
        iri=description.iri,
        context=context,
        rows=properties(description, node, {RDF_TYPE, str(SCHEMA.mentions), str(DIP.text)}),
        mentions=sorted((term(description, m) for m in description.values(node, str(SCHEMA.mentions))),
                        key=lambda t: t.text),
        pieces=pieces(text, evidence, mention_marks(pub, description, node, text)),
        events=[(item, sorted(participants.get(item.event.iri or "", []), key=lambda t: t.text))
                for item in items],
        graph=link_of(graph_iri)[0] if graph_iri and pub.is_named_graph(graph_iri) else None,
        graph_iri=graph_iri,
        download=site_url(download) if download and pub.data_dir
        and (pub.data_dir / download.removeprefix("/downloads/")).is_file() else None,
        data_links=_data_links(pub, description.iri),
    )
    return html(body, description.iri, description.iri)


def _labelled(pub: Published, node: Any) -> Term:
    labels = pub_values(pub, node, LABEL_PREDICATES[0])
    href, external = link_of(node.value)
    return Term(labels[0].value if labels else compact(node.value), href, iri=node.value, external=external)


def graph_page(pub: Published, description: Description) -> Response:
    subjects = sorted({t.subject for t in description.triples if isinstance(t.subject, ox.NamedNode)},
                      key=lambda n: n.value)
    rows = []
    for subject in subjects:
        if "#" in subject.value:
            continue
        kinds = ", ".join(compact(t) for t in description.types(subject))
        rows.append((term(description, subject), kinds))
    article_id = description.iri.rstrip("/").rsplit("/", 1)[-1]
    download = pub.data_dir / "graphs" / f"{article_id}.ttl" if pub.data_dir else None
    body = render_template(
        "entity.html",
        title=f"Graph of article {article_id}",
        iri=description.iri,
        types=[],
        same_as=[],
        posts=[],
        rows=[],
        incoming=[],
        truncated=False,
        events=[],
        quotes=[],
        parts=[],
        graph_rows=rows,
        graph_triples=len(description.triples),
        graph_download=site_url(f"/downloads/graphs/{article_id}.ttl") if download and download.is_file()
        else None,
        data_links=_data_links(pub, description.iri),
    )
    return html(body, description.iri, description.iri)


@dataclass
class VocabularyTerm:
    term: Term
    anchor: str
    kinds: list[Term]
    definition: str
    rows: list[tuple[Term, list[Term]]]


def vocabulary_page(pub: Published, iri: str) -> Response:
    description = pub.describe(iri)
    if description is None:
        return not_found(iri)
    skip_in_rows = {RDF_TYPE, *LABEL_PREDICATES}
    definition_predicates = ("http://www.w3.org/2004/02/skos/core#definition",
                             "http://www.w3.org/2000/01/rdf-schema#comment", "http://purl.org/dc/terms/description")
    groups: dict[str, list[VocabularyTerm]] = defaultdict(list)
    for subject in sorted({t.subject for t in description.triples if isinstance(t.subject, ox.NamedNode)
                           and t.subject.value.startswith(iri + "#")}, key=lambda n: n.value):
        kinds = description.types(subject)
        definition = next((v.value for p in definition_predicates for v in description.values(subject, p)), "")
        group = (description.label(ox.NamedNode(kinds[0])) or compact(kinds[0])) if kinds else "other terms"
        groups[group].append(VocabularyTerm(
            Term(description.label(subject) or compact(subject.value), iri=subject.value, note=compact(subject.value)),
            subject.value.partition("#")[2],
            [term(description, ox.NamedNode(k)) for k in kinds],
            definition,
            properties(description, subject, skip_in_rows),
        ))
    body = render_template(
        "ontology.html",
        title=description.label(description.node) or compact(iri),
        iri=iri,
        header=properties(description, description.node, {RDF_TYPE}),
        groups=sorted(groups.items()),
        data_links=_data_links(pub, iri),
    )
    return html(body, iri, iri)


def _data_links(pub: Published, iri: str) -> list[tuple[str, str]]:
    from linkeddata.web.resources import data_formats

    links = []
    for fmt in data_formats():
        path = pub.documents.data(iri, fmt.extension)
        if path is not None:
            links.append((fmt.name, site_url(path)))
    return links
