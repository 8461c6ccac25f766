"""Namespaces of the published vocabulary, and the one table of prefixes that the dataset's files, the endpoint's
answers, the pages, the example queries and the tests share; a test checks every `DIP` term used against ontology/."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, VOID, XSD

DIP = Namespace("https://w3id.org/linkeddata-diplomacy/ontology#")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
WIKIDATA = Namespace("http://www.wikidata.org/entity/")
GEONAMES = Namespace("https://sws.geonames.org/")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
W3C_FORMATS = Namespace("http://www.w3.org/ns/formats/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
ENTAILMENT = Namespace("http://www.w3.org/ns/entailment/")

PREFIXES: dict[str, Namespace] = {
    "dip": DIP,
    "schema": SCHEMA,
    "org": ORG,
    "prov": PROV,
    "nif": NIF,
    "skos": SKOS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "void": VOID,
    "dcat": DCAT,
    "dct": DCTERMS,
    "sh": SH,
    "sem": SEM,
    "sd": SD,
    "wd": WIKIDATA,
    "itsrdf": ITSRDF,
}
# Declared only where documents about documents and about the endpoint need them: the dataset's files and the
# endpoint's answers declare `PREFIXES` alone.
DOCUMENT_PREFIXES: dict[str, Namespace] = {"foaf": FOAF, "formats": W3C_FORMATS, "vcard": VCARD, "spdx": SPDX}


def prefixes(*names: str) -> dict[str, str]:
    """The named prefixes (every one of `PREFIXES` when none is named) as plain strings, in the order asked."""
    known = PREFIXES | DOCUMENT_PREFIXES
    return {name: str(known[name]) for name in names or PREFIXES}


def prologue(*names: str) -> str:
    """SPARQL PREFIX lines for the named prefixes (all of `PREFIXES` when none is named)."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes(*names).items())


_NAMESPACE_IRIS = tuple(prefixes().items())


def compact(iri: str) -> str:
    """`dip:Meeting` for an IRI in one of the namespaces of `PREFIXES`; any other IRI as it is."""
    for prefix, namespace in _NAMESPACE_IRIS:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def bind_prefixes(graph) -> None:  # type: ignore[no-untyped-def]
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
