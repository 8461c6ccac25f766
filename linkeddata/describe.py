"""The VoID and DCAT description of a built dataset, from its published graphs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, VOID, XSD

from linkeddata import package_data
from linkeddata.iris import VOCABULARY_SPACE, Minter, is_web_iri
from linkeddata.validate import ValidationResult, Validator
from linkeddata.vocab import DIP, GEONAMES, PREFIXES, SCHEMA, SPDX, VCARD, WIKIDATA, bind_prefixes

IANA = "https://www.iana.org/assignments/media-types/"
EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
# DCAT-AP's controlled vocabularies: the EU data theme, the EU file types and languages, and EuroVoc.
THEMES = (URIRef(f"{EU_AUTHORITY}data-theme/INTR"),  # international issues
          URIRef("http://eurovoc.europa.eu/3206"))  # diplomatic relations
LANGUAGE = URIRef(f"{EU_AUTHORITY}language/ENG")
FILE_TYPES = {"application/n-quads": "RDF_N_QUADS", "application/n-triples": "RDF_N_TRIPLES",
              "text/turtle": "RDF_TURTLE"}
KEYWORDS = ("diplomacy", "international relations", "news", "meetings", "state visits", "linked data")
TOPIC_KEYWORDS = 10  # the most discussed topics join the keywords
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
RECONCILIATION_API = URIRef("https://www.w3.org/community/reports/reconciliation/CG-FINAL-specs-0.2-20230410/")

LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
LICENSE_NAME = "CC BY 4.0"
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
    gzip_size: int | None = None  # its `.gz` copy, published beside it
    gzip_sha256: str | None = None


@dataclass(frozen=True)
class ArticleSource:
    """What the catalogue says of one article graph: where the article came from and under what licence."""

    iri: str
    identifier: str
    published: str | None = None
    url: str | None = None
    licence: str | None = None  # an IRI
    rights: str | None = None  # a licence in words


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
    articles: list[ArticleSource] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)  # the labels of the most used topics, most used first

    @property
    def first_published(self) -> str | None:
        return min((a.published for a in self.articles if a.published), default=None)

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
        # Article sources and topic labels are read from their own lines by an N-Triples parser (literals hold
        # escapes); topics are counted as written.
        about_articles = {f"<{p}>" for p in (SCHEMA.identifier, SCHEMA.url, SCHEMA.datePublished,
                                             DCTERMS.license, DCTERMS.rights)}
        pref_label, topic = f"<{SKOS.prefLabel}>", f"<{DIP.topic}>"
        kept: list[str] = []
        topic_uses: Counter[str] = Counter()
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.startswith("<<"):  # a quoted triple as subject holds spaces of its own
                    raise ValueError(f"{path}: RDF-star subjects are not counted here")
                subject, predicate, obj = line[:-3].split(" ", 2)
                triples += 1
                predicates[predicate] += 1
                subjects.add(subject)
                objects.add(obj)
                if predicate in about_articles or predicate == pref_label:
                    kept.append(line)
                elif predicate == topic:
                    topic_uses[obj] += 1
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
        articles, topics = _sources_and_topics(kept, typed.get(f"<{SCHEMA.NewsArticle}>", set()), topic_uses)
        return cls(triples, graphs, classes, entities, properties, links, len(subjects), len(objects),
                   last_published, articles, topics)


def _sources_and_topics(lines: list[str], articles: set[str], topic_uses: Counter[str]
                        ) -> tuple[list[ArticleSource], list[str]]:
    found: dict[str, dict[str, str]] = {}
    labels: dict[str, str] = {}
    names = {str(SCHEMA.identifier): "identifier", str(SCHEMA.url): "url", str(SCHEMA.datePublished): "published",
             str(DCTERMS.license): "licence", str(DCTERMS.rights): "rights"}
    wanted_topics = {iri[1:-1] for iri in topic_uses}
    article_iris = {iri[1:-1] for iri in articles}
    for quad in ox.parse("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
        subject, predicate = quad.subject.value, quad.predicate.value
        if predicate == str(SKOS.prefLabel):
            if subject in wanted_topics:
                labels[subject] = min(labels.get(subject, quad.object.value), quad.object.value)
        elif subject in article_iris:
            found.setdefault(subject, {})[names[predicate]] = quad.object.value
    sources = [ArticleSource(iri, values.get("identifier", iri), values.get("published"), values.get("url"),
                             values.get("licence"), values.get("rights"))
               for iri, values in sorted(found.items())]
    ranked = sorted(((-uses, labels[iri[1:-1]]) for iri, uses in topic_uses.items() if iri[1:-1] in labels))
    return sources, [label for _, label in ranked[:TOPIC_KEYWORDS]]


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
    graph.add((dataset, DCTERMS.conformsTo, URIRef(VOCABULARY_SPACE + "shapes")))
    graph.add((dataset, RDFS.seeAlso, URIRef(str(DIP).rstrip("#"))))
    for dump in sorted(dumps, key=lambda d: d.file_name):
        _distribution(graph, minter, dump, dump.file_name, dump.size, dump.sha256, stats)
        if dump.gzip_size is not None and dump.gzip_sha256 is not None:
            _distribution(graph, minter, dump, f"{dump.file_name}.gz", dump.gzip_size, dump.gzip_sha256, stats)
    _catalogue(graph, minter, stats)
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


def _distribution(graph: Graph, minter: Minter, dump: Dump, file_name: str, size: int, sha256: str,
                  stats: DatasetStatistics) -> None:
    """One download: the file, its format (and compression), size, checksum, licence and dates."""
    dataset = minter.dataset()
    url = minter.download(file_name)
    graph.add((dataset, VOID.dataDump, url))
    distribution = URIRef(f"{dataset}#{file_name}")
    graph.add((dataset, DCAT.distribution, distribution))
    graph.add((distribution, RDF.type, DCAT.Distribution))
    graph.add((distribution, DCTERMS.title, Literal(file_name)))
    graph.add((distribution, DCAT.downloadURL, url))
    graph.add((distribution, DCAT.accessURL, url))
    graph.add((distribution, DCAT.mediaType, URIRef(IANA + dump.media_type)))
    if dump.media_type in FILE_TYPES:
        graph.add((distribution, DCTERMS.format, URIRef(f"{EU_AUTHORITY}file-type/{FILE_TYPES[dump.media_type]}")))
    if file_name.endswith(".gz"):
        graph.add((distribution, DCAT.compressFormat, URIRef(IANA + "application/gzip")))
    graph.add((distribution, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))
    graph.add((distribution, VOID.triples, Literal(dump.triples)))
    graph.add((distribution, DCTERMS.license, LICENSE))
    if stats.last_published:
        graph.add((distribution, DCTERMS.modified, Literal(stats.last_published, datatype=XSD.date)))
    checksum = URIRef(f"{distribution}-sha256")
    graph.add((distribution, SPDX.checksum, checksum))
    graph.add((checksum, RDF.type, SPDX.Checksum))
    graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    graph.add((checksum, SPDX.checksumValue, Literal(sha256, datatype=XSD.hexBinary)))


def _catalogue(graph: Graph, minter: Minter, stats: DatasetStatistics) -> None:
    """DCAT 3 beyond the downloads: the catalogue, the query services, who to contact, when, what about and in
    what language, and the source and licence of every article graph."""
    dataset, home = minter.dataset(), URIRef(minter.base)
    graph.bind("vcard", VCARD)
    graph.bind("spdx", SPDX)
    catalogue = URIRef(f"{dataset}#catalogue")
    graph.add((catalogue, RDF.type, DCAT.Catalog))
    graph.add((catalogue, DCTERMS.title, Literal(f"{TITLE}: catalogue", lang="en")))
    graph.add((catalogue, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    graph.add((catalogue, DCTERMS.publisher, URIRef(minter.base + "id/publisher")))
    graph.add((catalogue, DCTERMS.license, LICENSE))
    graph.add((catalogue, DCTERMS.language, LANGUAGE))
    graph.add((catalogue, FOAF.homepage, home))
    graph.add((catalogue, DCAT.dataset, dataset))
    graph.add((LANGUAGE, RDF.type, DCTERMS.LinguisticSystem))
    graph.add((LICENSE, RDF.type, DCTERMS.LicenseDocument))

    graph.add((dataset, DCAT.landingPage, home))
    graph.add((home, RDF.type, FOAF.Document))
    graph.add((dataset, DCTERMS.language, LANGUAGE))
    for theme in THEMES:
        graph.add((dataset, DCAT.theme, theme))
    for keyword in (*KEYWORDS, *stats.topics):
        graph.add((dataset, DCAT.keyword, Literal(keyword, lang="en")))
    first = stats.first_published
    if first:
        # Issued with its earliest article, so that the same articles give the same description.
        graph.add((dataset, DCTERMS.issued, Literal(first, datatype=XSD.date)))
    if first and stats.last_published:
        period = URIRef(f"{dataset}#period")
        graph.add((dataset, DCTERMS.temporal, period))
        graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
        graph.add((period, DCAT.startDate, Literal(first, datatype=XSD.date)))
        graph.add((period, DCAT.endDate, Literal(stats.last_published, datatype=XSD.date)))
    contact = URIRef(f"{dataset}#contact")
    graph.add((dataset, DCAT.contactPoint, contact))
    graph.add((contact, RDF.type, VCARD.Kind))  # what DCAT-AP asks for, and what kind it is
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal("The linkeddata project")))
    graph.add((contact, VCARD.hasURL, home))

    for path, title, standard, description in (
        ("sparql", "SPARQL endpoint", SPARQL_PROTOCOL, "SPARQL 1.1 queries over the union of the article graphs."),
        ("reconcile", "Reconciliation service", RECONCILIATION_API,
         "Matches names to the dataset's resources (the W3C Reconciliation Service API, as OpenRefine speaks it)."),
    ):
        service = URIRef(minter.base + path)
        graph.add((catalogue, DCAT.service, service))
        graph.add((service, RDF.type, DCAT.DataService))
        graph.add((service, DCTERMS.title, Literal(title, lang="en")))
        graph.add((service, DCTERMS.description, Literal(description, lang="en")))
        graph.add((service, DCAT.endpointURL, service))
        graph.add((service, DCAT.endpointDescription, service))
        graph.add((service, DCAT.servesDataset, dataset))
        graph.add((service, DCTERMS.conformsTo, standard))
        graph.add((service, DCTERMS.license, LICENSE))
        access = URIRef(f"{dataset}#{path}")
        graph.add((dataset, DCAT.distribution, access))
        graph.add((access, RDF.type, DCAT.Distribution))
        graph.add((access, DCTERMS.title, Literal(title, lang="en")))
        graph.add((access, DCAT.accessURL, service))
        graph.add((access, DCAT.accessService, service))
        graph.add((access, DCTERMS.license, LICENSE))

    for article in stats.articles:
        # Each article graph is a part of the dataset with a source and a licence of its own.
        part = minter.graph(article.identifier)
        graph.add((dataset, DCTERMS.hasPart, part))
        graph.add((part, RDF.type, VOID.Dataset))
        graph.add((part, FOAF.primaryTopic, URIRef(article.iri)))
        if article.url and is_web_iri(article.url):  # a source_url is whatever the article said
            graph.add((part, DCTERMS.source, URIRef(article.url)))
        if article.licence:
            graph.add((part, DCTERMS.license, URIRef(article.licence)))
        if article.rights:
            graph.add((part, DCTERMS.rights, Literal(article.rights)))
        if article.published:
            graph.add((part, DCTERMS.issued, Literal(article.published, datatype=XSD.date)))


def check_catalogue(catalogue: Graph) -> ValidationResult:
    """The catalogue against the catalogue shapes (DCAT-AP 3's mandatory and recommended properties)."""
    return Validator(shapes_dir=package_data.catalogue_shapes_dir()).validate("void.ttl", catalogue)


def _local_name(iri: URIRef) -> str:
    text = str(iri)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(str(namespace)):
            return f"{prefix}-{text[len(str(namespace)):]}"
    return text.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

