"""Namespaces of the published vocabulary; a test checks every `DIP` term used here against ontology/."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, VOID, XSD

DIP = Namespace("https://w3id.org/linkeddata-diplomacy/ontology#")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
WIKIDATA = Namespace("http://www.wikidata.org/entity/")
GEONAMES = Namespace("https://sws.geonames.org/")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")

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


def bind_prefixes(graph) -> None:  # type: ignore[no-untyped-def]
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
