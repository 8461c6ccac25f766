"""RDF terms as a page shows them: their text, where they link, and a note (language, datatype, IRI)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from linkeddata.vocab import GEONAMES, OWL, WIKIDATA, XSD, compact
from linkeddata.web.responses import data_formats, site_url
from linkeddata.web.state import RDFS_LABEL, Description, Published, get_published

# The schemes a page links out to. Data may hold any IRI (an article's source_url of "javascript:..."),
# and a browser would run or open one of another scheme when it is clicked: those stay text.
LINKED_SCHEMES = ("http://", "https://")


@dataclass
class Term:
    """One RDF term as a page shows it: its text, where it links, and a note (language, datatype, IRI)."""

    text: str
    href: str | None = None
    note: str = ""
    iri: str | None = None
    external: bool = False
    children: list[tuple[Term, list[Term]]] = field(default_factory=list)  # a blank node's properties


def link_of(iri: str) -> tuple[str | None, bool]:
    """(href, external) for an IRI: ours go to local paths, web IRIs out, any other IRI nowhere (None)."""
    href = get_published().documents.href(iri)
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
        elif value.datatype.value != str(XSD.string):
            note = compact(value.datatype.value)
        else:
            note = ""
        return Term(value.value, note=note)
    return Term(str(value))


def labelled(pub: Published, node: Any) -> Term:
    """A node outside the description, by its rdfs:label in the data."""
    labels = pub.values(node, RDFS_LABEL)
    href, external = link_of(node.value)
    return Term(labels[0].value if labels else compact(node.value), href, iri=node.value, external=external)


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
    for value in description.values(description.node, str(OWL.sameAs)):
        iri = value.value
        if iri.startswith(str(WIKIDATA)):
            text = f"Wikidata {iri[len(str(WIKIDATA)):]}"
        elif iri.startswith(str(GEONAMES)):
            text = f"GeoNames {iri[len(str(GEONAMES)):].strip('/')}"
        else:
            text = iri
        links.append(Term(text, link_of(iri)[0], iri=iri, external=True))
    return sorted(links, key=lambda t: t.text)


def title_of(description: Description) -> str:
    return description.label(description.node) or compact(description.iri)


def data_links(pub: Published, iri: str) -> list[tuple[str, str]]:
    """(format name, URL) of every RDF document about `iri`."""
    links = []
    for fmt in data_formats():
        path = pub.documents.data(iri, fmt.extension)
        if path is not None:
            links.append((fmt.name, site_url(path)))
    return links
