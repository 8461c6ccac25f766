"""The pages' routes: the home page, a page per resource (`/page/{path}`: an entity, an article, an article's
graph), the ontology and the shapes.

Each page is built from the same `Description` that `/data/{path}.{ext}` serialises, so a page never says more
or less than its data, and it names its data in `Link: rel="alternate"` headers.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
from flask import Blueprint, Response, url_for

from linkeddata.iris import VOCABULARY_SPACE, is_identifier_path
from linkeddata.vocab import DCTERMS, DIP, NIF, ORG, OWL, RDFS, SCHEMA, SKOS, compact
from linkeddata.web.pages.contexts import (
    ArticleContext,
    EntityContext,
    GraphContext,
    HomeContext,
    VocabularyContext,
    VocabularyTerm,
)
from linkeddata.web.pages.pictures import NETWORK_SIZE, network_picture, timeline
from linkeddata.web.pages.terms import Term, data_links, labelled, link_of, properties, same_as_links, term, title_of
from linkeddata.web.pages.text import (
    context_of,
    evidence_marks,
    evidence_quotes,
    mention_marks,
    name_quotes,
    pieces,
)
from linkeddata.web.responses import html_page, not_found, render, site_url
from linkeddata.web.sparql import EXAMPLES
from linkeddata.web.state import LABEL_PREDICATES, RDF_TYPE, RDFS_LABEL, Description, Published, get_published

bp = Blueprint("pages", __name__)

ONTOLOGY_IRI = VOCABULARY_SPACE + "ontology"
SHAPES_IRI = VOCABULARY_SPACE + "shapes"
# Shown in their own sections of an entity page rather than in the table of properties.
SEPARATE = {str(OWL.sameAs), str(ORG.holds)}
DEFINITION_PREDICATES = (str(SKOS.definition), str(RDFS.comment), str(DCTERMS.description))


@bp.route("/", methods=["GET"])
def home() -> Response:
    pub = get_published()
    counts = []
    spans = 0
    for counted in pub.class_counts():
        if counted.iri.startswith(str(NIF)):  # text spans and contexts: the machinery of provenance, not the news
            spans = max(spans, counted.count)
            continue
        label = next((v.value for v in pub.values(ox.NamedNode(counted.iri), RDFS_LABEL)), None)
        href, external = link_of(counted.iri)
        counts.append((Term(label or compact(counted.iri), href, compact(counted.iri), counted.iri, external),
                       counted.count))
    latest = []
    for row in pub.select("""SELECT ?article ?date ?title WHERE {
            ?article a schema:NewsArticle ; schema:datePublished ?date .
            OPTIONAL { ?article rdfs:label ?title }
        } ORDER BY DESC(?date) ?article LIMIT 10"""):
        href, _ = link_of(row["article"].value)
        title = row["title"].value if row["title"] is not None else compact(row["article"].value)
        latest.append((Term(title, href, iri=row["article"].value), row["date"].value))
    nodes, edges = network_picture(pub.network())
    body = render(HomeContext(
        triples=pub.triple_count(),
        counts=counts,
        spans=spans,
        latest=latest,
        examples=[(title, url_for("sparql.endpoint", query=text)) for title, text in EXAMPLES[:3]],
        nodes=nodes,
        edges=edges,
        size=NETWORK_SIZE,
        ontology_url=site_url(pub.documents.href(ONTOLOGY_IRI)),
        shapes_url=site_url(pub.documents.href(SHAPES_IRI)),
    ))
    return html_page(body, pub.documents.iri_of("dataset"), "home")


@bp.route("/page/<path:rest>", methods=["GET"])
def page(rest: str) -> Response:
    if not is_identifier_path(rest):
        return not_found()
    pub = get_published()
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


def entity_page(pub: Published, description: Description) -> Response:
    node = description.node
    events_of = pub.event_classes()
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
    parts = sorted({t.subject for t in description.triples if t.subject.value.startswith(description.iri + "#")},
                   key=lambda n: n.value)
    body = render(EntityContext(
        title=title_of(description),
        iri=description.iri,
        types=[term(description, ox.NamedNode(t)) for t in pub.most_specific(description.types(node))],
        same_as=same_as_links(description),
        posts=[term(description, p) for p in description.values(node, str(ORG.holds))],
        rows=properties(description, node, SEPARATE | {RDF_TYPE}),
        incoming=[(term(description, ox.NamedNode(p)), sorted(v, key=lambda t: t.text))
                  for p, v in sorted(incoming_rows.items())],
        truncated=description.truncated,
        events=timeline(description, [e for e in related_events if e != node]),
        quotes=quotes,
        parts=[(term(description, s), properties(description, s)) for s in parts],
        data_links=data_links(pub, description.iri),
    ))
    return html_page(body, description.iri, description.iri)


def article_page(pub: Published, description: Description) -> Response:
    node = description.node
    if str(NIF.Context) in description.types(node):
        owners = [t.subject for t in description.incoming(node) if t.predicate.value == str(DIP.text)]
        if owners:
            described = pub.describe(owners[0].value)
            if described is not None:
                description, node = described, described.node
    context = context_of(pub, node)
    text = (pub.text_of(context) if context else "") or ""
    events = sorted({t.subject for t in description.incoming(node) if t.predicate.value == str(DIP.reportedIn)},
                    key=lambda n: n.value)
    participants: dict[str, list[Term]] = defaultdict(list)
    for row in pub.select("SELECT ?article ?event ?who WHERE { ?event dip:reportedIn ?article ; dip:participant ?who }",
                          article=node):
        participants[row["event"].value].append(term(description, row["who"]) if description.label(row["who"])
                                                else labelled(pub, row["who"]))
    identifier = description.first(node, str(SCHEMA.identifier))
    graph_iri = pub.documents.iri_of(f"graph/{identifier.value}") if identifier is not None else None
    download = f"/downloads/graphs/{identifier.value}.ttl" if identifier is not None else None
    body = render(ArticleContext(
        title=title_of(description),
        iri=description.iri,
        context=context,
        rows=properties(description, node, {RDF_TYPE, str(SCHEMA.mentions), str(DIP.text)}),
        mentions=sorted((term(description, m) for m in description.values(node, str(SCHEMA.mentions))),
                        key=lambda t: t.text),
        pieces=pieces(text, evidence_marks(description, events), mention_marks(pub, description, node, text)),
        events=[(item, sorted(participants.get(item.event.iri or "", []), key=lambda t: t.text))
                for item in timeline(description, events)],
        graph=link_of(graph_iri)[0] if graph_iri and pub.is_named_graph(graph_iri) else None,
        graph_iri=graph_iri,
        download=site_url(download) if download and pub.data_dir
        and (pub.data_dir / download.removeprefix("/downloads/")).is_file() else None,
        data_links=data_links(pub, description.iri),
    ))
    return html_page(body, description.iri, description.iri)


def graph_page(pub: Published, description: Description) -> Response:
    subjects = sorted({t.subject for t in description.triples if isinstance(t.subject, ox.NamedNode)},
                      key=lambda n: n.value)
    rows = [(term(description, subject), ", ".join(compact(t) for t in description.types(subject)))
            for subject in subjects if "#" not in subject.value]
    article_id = description.iri.rstrip("/").rsplit("/", 1)[-1]
    download = pub.data_dir / "graphs" / f"{article_id}.ttl" if pub.data_dir else None
    body = render(GraphContext(
        title=f"Graph of article {article_id}",
        iri=description.iri,
        triples=len(description.triples),
        rows=rows,
        download=site_url(f"/downloads/graphs/{article_id}.ttl") if download and download.is_file() else None,
        data_links=data_links(pub, description.iri),
    ))
    return html_page(body, description.iri, description.iri)


def vocabulary_page(pub: Published, iri: str) -> Response:
    description = pub.describe(iri)
    if description is None:
        return not_found(iri)
    skip_in_rows = {RDF_TYPE, *LABEL_PREDICATES}
    groups: dict[str, list[VocabularyTerm]] = defaultdict(list)
    for subject in sorted({t.subject for t in description.triples if isinstance(t.subject, ox.NamedNode)
                           and t.subject.value.startswith(iri + "#")}, key=lambda n: n.value):
        kinds = description.types(subject)
        definition = next((v.value for p in DEFINITION_PREDICATES for v in description.values(subject, p)), "")
        group = (description.label(ox.NamedNode(kinds[0])) or compact(kinds[0])) if kinds else "other terms"
        groups[group].append(VocabularyTerm(
            Term(description.label(subject) or compact(subject.value), iri=subject.value, note=compact(subject.value)),
            subject.value.partition("#")[2],
            [term(description, ox.NamedNode(k)) for k in kinds],
            definition,
            properties(description, subject, skip_in_rows),
        ))
    body = render(VocabularyContext(
        title=description.label(description.node) or compact(iri),
        iri=iri,
        header=properties(description, description.node, {RDF_TYPE}),
        groups=sorted(groups.items()),
        data_links=data_links(pub, iri),
    ))
    return html_page(body, iri, iri)
