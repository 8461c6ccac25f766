"""JSON-LD as developers like it: one published `@context` with short names for our terms, and documents
compacted against it (by PyLD, the JSON-LD API's Python implementation), expanded when a client asks.

The context is made from the ontology (its classes and properties, with `@type: @id` for object properties
and the datatype of datatype properties) and the project's prefix table, plus the handful of terms of other
vocabularies the data uses. A name taken once is not given again, so every term means one IRI.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from pyld import jsonld
from rdflib import Graph, URIRef
from rdflib.namespace import FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

from linkeddata.vocab import DIP, ITSRDF, NIF, ORG, PREFIXES, SCHEMA

CONTEXT_PATH = "/context.jsonld"
JSONLD_NS = "http://www.w3.org/ns/json-ld#"
EXPANDED, COMPACTED, FLATTENED = f"{JSONLD_NS}expanded", f"{JSONLD_NS}compacted", f"{JSONLD_NS}flattened"

# Terms of other vocabularies the data uses: (name, IRI, "@id" for links, a datatype, or None; language).
_OTHER_TERMS: tuple[tuple[str, URIRef, str | None, str | None], ...] = (
    ("label", RDFS.label, None, "en"),
    ("prefLabel", SKOS.prefLabel, None, "en"),
    ("altLabel", SKOS.altLabel, None, "en"),
    ("name", SCHEMA.name, None, "en"),
    ("headline", SCHEMA.headline, None, None),
    ("identifier", SCHEMA.identifier, None, None),
    ("datePublished", SCHEMA.datePublished, str(XSD.date), None),
    ("url", SCHEMA.url, str(XSD.anyURI), None),
    ("mentions", SCHEMA.mentions, "@id", None),
    ("publisher", SCHEMA.publisher, "@id", None),
    ("areaServed", SCHEMA.areaServed, "@id", None),
    ("containedInPlace", SCHEMA.containedInPlace, "@id", None),
    ("holds", ORG.holds, "@id", None),
    ("heldBy", ORG.heldBy, "@id", None),
    ("postIn", ORG.postIn, "@id", None),
    ("sameAs", OWL.sameAs, "@id", None),
    ("seeAlso", RDFS.seeAlso, "@id", None),
    ("subClassOf", RDFS.subClassOf, "@id", None),
    ("inScheme", SKOS.inScheme, "@id", None),
    ("wasDerivedFrom", PROV.wasDerivedFrom, "@id", None),
    ("anchorOf", NIF.anchorOf, None, None),
    ("isString", NIF.isString, None, None),
    ("beginIndex", NIF.beginIndex, None, None),  # JSON numbers
    ("endIndex", NIF.endIndex, None, None),
    ("referenceContext", NIF.referenceContext, "@id", None),
    ("taIdentRef", ITSRDF.taIdentRef, "@id", None),
    ("primaryTopic", FOAF.primaryTopic, "@id", None),
)
_OTHER_CLASSES: tuple[tuple[str, URIRef], ...] = (
    ("Person", SCHEMA.Person), ("NewsArticle", SCHEMA.NewsArticle), ("Place", SCHEMA.Place),
    ("Event", SCHEMA.Event), ("Organization", ORG.Organization), ("Post", ORG.Post), ("Concept", SKOS.Concept),
    ("ConceptScheme", SKOS.ConceptScheme), ("Document", FOAF.Document),
)


def make_context(ontology: Graph) -> dict[str, Any]:
    """The `@context` object: prefixes, `id`/`type` aliases, and one short name per term."""
    terms: dict[str, Any] = {"id": "@id", "type": "@type"}
    terms.update({prefix: str(namespace) for prefix, namespace in PREFIXES.items()})
    terms["foaf"] = str(FOAF)

    def offer(name: str, definition: Any) -> None:
        if name and name not in terms:
            terms[name] = definition

    for name, iri in _OTHER_CLASSES:
        offer(name, str(iri))
    for name, iri, kind, language in _OTHER_TERMS:
        definition: dict[str, str] = {"@id": str(iri)}
        if kind:
            definition["@type"] = kind
        if language:
            definition["@language"] = language
        offer(name, definition)
    dip = str(DIP)
    for term in sorted({s for s in ontology.subjects(RDF.type, None) if str(s).startswith(dip)}):
        name = str(term)[len(dip):]
        kinds = set(ontology.objects(term, RDF.type))
        if OWL.ObjectProperty in kinds:
            offer(name, {"@id": str(term), "@type": "@id"})
        elif OWL.DatatypeProperty in kinds:
            ranges = [str(r) for r in ontology.objects(term, RDFS.range) if str(r).startswith(str(XSD))]
            offer(name, {"@id": str(term), "@type": ranges[0]} if len(ranges) == 1 else {"@id": str(term)})
        else:  # classes and individuals (dip:Occurred as a status)
            offer(name, str(term))
    return {"@context": terms}


def context_from_files(paths: Iterable[Path]) -> dict[str, Any]:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return make_context(graph)


def profile_of(accept: str | None) -> str:
    """The JSON-LD form an `Accept` header asks for with `application/ld+json;profile=...` (compacted when
    none is named); a profile may list several IRIs, the first known one counts."""
    for part in (accept or "").split(","):
        media_type, *parameters = part.split(";")
        if media_type.strip().lower() != "application/ld+json":
            continue
        for parameter in parameters:
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "profile":
                for iri in value.strip().strip('"').split():
                    if iri in (EXPANDED, COMPACTED, FLATTENED):
                        return iri
    return COMPACTED


class Shaper:
    """Writes RDF as JSON-LD in the form asked: N-Triples or N-Quads in, JSON-LD bytes out."""

    def __init__(self, context: dict[str, Any], context_url: str) -> None:
        self.context = context
        self.context_url = context_url

    def _load(self, url: str, options: Any = None) -> dict[str, Any]:
        # The only remote document ever read is our own context: never the network.
        if url != self.context_url:
            raise jsonld.JsonLdError(f"Only {self.context_url} is loaded here, not {url}.",
                                     "jsonld.LoadDocumentError", code="loading document failed")
        return {"contextUrl": None, "documentUrl": url, "document": self.context}

    def shape(self, statements: Iterable[Any], profile: str) -> bytes:
        """JSON-LD bytes of pyoxigraph triples or quads in the form `profile` names."""
        # From RDF, PyLD groups the triples of a subject into one node object and writes rdf:type as @type.
        # It is handed the statements as its own dataset structure: its N-Quads reader checks every new
        # statement against all before it, which takes seconds from a few thousand on.
        document: Any = jsonld.from_rdf(rdf_dataset(statements), {"useNativeTypes": True})
        if profile != EXPANDED:
            options = {"documentLoader": self._load}
            document = jsonld.flatten(document, self.context_url, options)
            if profile == COMPACTED:
                # One resource: a plain object; several: "@graph" (a flattened document always has "@graph").
                document = jsonld.compact(document, self.context_url, {**options, "graph": False})
        return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _term(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "IRI", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "blank node", "value": f"_:{term.value}"}
    if term.language:
        return {"type": "literal", "value": term.value, "datatype": str(RDF.langString), "language": term.language}
    return {"type": "literal", "value": term.value, "datatype": term.datatype.value}


def rdf_dataset(statements: Iterable[Any]) -> dict[str, list[dict[str, Any]]]:
    """Distinct pyoxigraph triples or quads as the RDF dataset of the JSON-LD API (graph name -> triples)."""
    dataset: dict[str, list[dict[str, Any]]] = {}
    seen: set[Any] = set()
    for statement in statements:
        if statement in seen:
            continue
        seen.add(statement)
        graph = getattr(statement, "graph_name", None)
        name = graph.value if isinstance(graph, ox.NamedNode | ox.BlankNode) else "@default"
        if isinstance(graph, ox.BlankNode):
            name = f"_:{name}"
        dataset.setdefault(name, []).append({"subject": _term(statement.subject),
                                             "predicate": _term(statement.predicate),
                                             "object": _term(statement.object)})
    return dataset
