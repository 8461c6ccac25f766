"""The VoID and DCAT description of a built dataset, from its published graphs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, VOID, XSD

from linkeddata.iris import Minter
from linkeddata.vocab import DIP, GEONAMES, PREFIXES, WIKIDATA, bind_prefixes

LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
TITLE = "Diplomatic events from news articles"
DESCRIPTION = ("Meetings, phone calls, visits, summits, invitations and agreement signings reported in news "
               "articles, with the people, posts, countries and organisations taking part, each fact linked to "
               "the text span that states it.")


@dataclass(frozen=True)
class Dump:
    file_name: str
    media_type: str
    triples: int
    size: int
    sha256: str


@dataclass
class DatasetStatistics:
    triples: int
    graphs: int
    classes: Counter[URIRef]
    entities: int
    properties: Counter[URIRef]
    links: dict[str, int]
    subjects: int
    objects: int
    last_published: str | None

    @classmethod
    def of_ntriples(cls, path: Path, graphs: int, last_published: str | None,
                    curated: frozenset[str] = frozenset()) -> DatasetStatistics:
        """Counts over a sorted, distinct N-Triples file (the union of the article graphs), read as text.

        Each line is `subject predicate object .` in pyoxigraph's canonical form, where one term has one
        spelling: terms are compared as written, and only the object may hold spaces.
        """
        rdf_type, same_as = f"<{RDF.type}>", f"<{OWL.sameAs}>"
        wikidata, geonames = f"<{WIKIDATA}", f"<{GEONAMES}"
        typed: dict[str, set[str]] = {}
        predicates: Counter[str] = Counter()
        links = {"wikidata": 0, "geonames": 0, "curated": 0}
        curated_objects = {f"<{iri}>" for iri in curated}
        subjects: set[str] = set()
        objects: set[str] = set()
        triples = 0
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.startswith("<<"):  # a quoted triple as subject holds spaces of its own
                    raise ValueError(f"{path}: RDF-star subjects are not counted here")
                subject, predicate, obj = line[:-3].split(" ", 2)
                triples += 1
                predicates[predicate] += 1
                subjects.add(subject)
                objects.add(obj)
                if predicate == rdf_type:
                    typed.setdefault(obj, set()).add(subject)
                elif predicate == same_as:
                    if obj in curated_objects:
                        links["curated"] += 1
                    if obj.startswith(wikidata):
                        links["wikidata"] += 1
                    elif obj.startswith(geonames):
                        links["geonames"] += 1
        classes: Counter[URIRef] = Counter({URIRef(iri[1:-1]): len(members) for iri, members in typed.items()
                                            if iri.startswith("<")})
        properties: Counter[URIRef] = Counter({URIRef(iri[1:-1]): count for iri, count in predicates.items()})
        entities = len(set().union(*typed.values())) if typed else 0
        return cls(triples, graphs, classes, entities, properties, links, len(subjects), len(objects),
                   last_published)


def describe(minter: Minter, stats: DatasetStatistics, dumps: Iterable[Dump]) -> Graph:
    """VoID and DCAT about the dataset: endpoint, dumps, licence, URI space, counts, partitions, linksets."""
    graph = Graph()
    bind_prefixes(graph)
    graph.bind("foaf", FOAF)
    dataset = minter.dataset()
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, DCTERMS.title, Literal(TITLE, lang="en")))
    graph.add((dataset, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    graph.add((dataset, DCTERMS.license, LICENSE))
    publisher = URIRef(minter.base + "id/publisher")
    graph.add((dataset, DCTERMS.publisher, publisher))
    graph.add((publisher, RDF.type, FOAF.Organization))
    graph.add((publisher, FOAF.name, Literal("The linkeddata project")))
    if stats.last_published:
        graph.add((dataset, DCTERMS.modified, Literal(stats.last_published, datatype=XSD.date)))
    graph.add((dataset, VOID.sparqlEndpoint, minter.sparql_endpoint()))
    graph.add((dataset, VOID.uriSpace, Literal(minter.base + "id/")))
    graph.add((dataset, VOID.rootResource, URIRef(minter.base)))
    graph.add((dataset, VOID.triples, Literal(stats.triples)))
    graph.add((dataset, VOID.entities, Literal(stats.entities)))
    graph.add((dataset, VOID.distinctSubjects, Literal(stats.subjects)))
    graph.add((dataset, VOID.distinctObjects, Literal(stats.objects)))
    graph.add((dataset, VOID.properties, Literal(len(stats.properties))))
    graph.add((dataset, VOID.classes, Literal(len(stats.classes))))
    for prefix in ("dip", "schema", "org", "prov", "nif", "skos"):
        graph.add((dataset, VOID.vocabulary, URIRef(str(PREFIXES[prefix]))))
    graph.add((dataset, DCTERMS.conformsTo, URIRef("https://w3id.org/linkeddata-diplomacy/shapes")))
    graph.add((dataset, RDFS.seeAlso, URIRef(str(DIP).rstrip("#"))))
    for dump in sorted(dumps, key=lambda d: d.file_name):
        url = minter.download(dump.file_name)
        graph.add((dataset, VOID.dataDump, url))
        distribution = URIRef(f"{minter.dataset()}#{dump.file_name}")
        graph.add((dataset, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCTERMS.title, Literal(dump.file_name)))
        graph.add((distribution, DCAT.downloadURL, url))
        graph.add((distribution, DCAT.mediaType,
                   URIRef(f"https://www.iana.org/assignments/media-types/{dump.media_type}")))
        graph.add((distribution, DCAT.byteSize, Literal(dump.size, datatype=XSD.nonNegativeInteger)))
        graph.add((distribution, VOID.triples, Literal(dump.triples)))
        graph.add((distribution, DCTERMS.license, LICENSE))
        checksum = URIRef(f"{distribution}-sha256")
        graph.add((distribution, URIRef("http://spdx.org/rdf/terms#checksum"), checksum))
        graph.add((checksum, URIRef("http://spdx.org/rdf/terms#algorithm"),
                   URIRef("http://spdx.org/rdf/terms#checksumAlgorithm_sha256")))
        graph.add((checksum, URIRef("http://spdx.org/rdf/terms#checksumValue"),
                   Literal(dump.sha256, datatype=XSD.hexBinary)))
    for cls, count in sorted(stats.classes.items()):
        partition = URIRef(f"{dataset}#class-{_local_name(cls)}")
        graph.add((dataset, VOID.classPartition, partition))
        graph.add((partition, VOID["class"], cls))
        graph.add((partition, VOID.entities, Literal(count)))
    for target, base, count in (("wikidata", WIKIDATA, stats.links["wikidata"]),
                                ("geonames", GEONAMES, stats.links["geonames"])):
        linkset = URIRef(f"{dataset}#links-{target}")
        target_dataset = URIRef({"wikidata": "http://www.wikidata.org/", "geonames": "https://www.geonames.org/"}[
            target])
        graph.add((dataset, VOID.subset, linkset))
        graph.add((linkset, RDF.type, VOID.Linkset))
        graph.add((linkset, VOID.linkPredicate, OWL.sameAs))
        graph.add((linkset, VOID.subjectsTarget, dataset))
        graph.add((linkset, VOID.objectsTarget, target_dataset))
        graph.add((linkset, VOID.triples, Literal(count)))
        graph.add((target_dataset, RDF.type, VOID.Dataset))
        graph.add((target_dataset, VOID.uriSpace, Literal(str(base))))
    if stats.links.get("curated"):
        # The publisher's own links (links/*.csv), to whatever datasets they name: one linkset of their own.
        linkset = URIRef(f"{dataset}#links-curated")
        graph.add((dataset, VOID.subset, linkset))
        graph.add((linkset, RDF.type, VOID.Linkset))
        graph.add((linkset, VOID.linkPredicate, OWL.sameAs))
        graph.add((linkset, VOID.subjectsTarget, dataset))
        graph.add((linkset, VOID.triples, Literal(stats.links["curated"])))
        graph.add((linkset, DCTERMS.title, Literal("Curated links out", lang="en")))
        graph.add((linkset, DCTERMS.description, Literal(
            "owl:sameAs links the publisher curates in links/*.csv, checked and applied by the build.", lang="en")))
    return graph


def _local_name(iri: URIRef) -> str:
    text = str(iri)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(str(namespace)):
            return f"{prefix}-{text[len(str(namespace)):]}"
    return text.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

