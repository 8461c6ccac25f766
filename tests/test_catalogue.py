"""The catalogue (void.ttl, `/.well-known/void`): complete DCAT 3 as DCAT-AP asks, checked by the project's
catalogue shapes (no DCAT-AP shape set is published in a package registry), on a build of invented articles
whose front matter gives each its own source and licence."""

from __future__ import annotations

import json
from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF

from linkeddata.articles import read_file
from linkeddata.iris import licence_iri
from linkeddata.pipeline import Builder
from linkeddata.vocab import VCARD
from tests.live_pages import ARTICLES, BASE, HandmadeExtractor

SHAPES = Path(__file__).resolve().parent.parent / "linkeddata" / "catalogue" / "shapes.ttl"
DATASET = URIRef(f"{BASE}dataset")
IANA = "https://www.iana.org/assignments/media-types/"
# The licence each article's front matter gives, as written, and what the catalogue makes of it.
LICENCES = {
    "handmade-1": ("CC BY 2.5 (Example Wiki)", DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/2.5/")),
    "hostile-2": ("Reproduced with the permission of the Accra Gazette", DCTERMS.rights,
                  Literal("Reproduced with the permission of the Accra Gazette")),
    "visit-3": ("https://news.example.org/terms", DCTERMS.license, URIRef("https://news.example.org/terms")),
}


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("catalogue")
    folder = root / "articles"
    folder.mkdir()
    for name, (text, published, title) in ARTICLES.items():
        licence = LICENCES[name][0]
        (folder / f"{name}.md").write_text(
            f"---\ndate: {published.isoformat()}\ntitle: {json.dumps(title)}\nlicense: {json.dumps(licence)}\n"
            f"source_url: https://news.example.org/{name}\n---\n{text}", encoding="utf-8")
    report = Builder(root / "build", BASE, progress=False, extractor_factory=HandmadeExtractor).build([folder])
    assert report.ok and not report.violations, report.summary()
    return root / "build"


@pytest.fixture(scope="module")
def void(build: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(build / "void.ttl", format="turtle")


def conforms(graph: rdflib.Graph) -> tuple[bool, str]:
    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    ok, _, text = pyshacl.validate(graph, shacl_graph=shapes)
    return ok, text


def test_the_catalogue_conforms_to_the_catalogue_shapes(build: Path, void: rdflib.Graph) -> None:
    ok, text = conforms(void)
    assert ok, text
    assert "catalogue violations 0" in (build / "report.txt").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(("drop", "why"), [
    ((DATASET, DCAT.contactPoint, None), "contact point"),
    ((None, DCAT.compressFormat, None), "compression of a .gz"),
    ((None, DCAT.endpointURL, None), "endpoint of a data service"),
    ((None, DCAT.accessURL, None), "access URL of a distribution"),
    ((DATASET, DCTERMS.temporal, None), "temporal coverage"),
])
def test_the_shapes_catch_what_is_missing(void: rdflib.Graph, drop: tuple, why: str) -> None:
    broken = rdflib.Graph()
    for triple in void:
        broken.add(triple)
    broken.remove(drop)
    ok, _ = conforms(broken)
    assert not ok, why


def test_the_endpoint_is_a_data_service_serving_the_dataset(void: rdflib.Graph) -> None:
    endpoint = URIRef(f"{BASE}sparql")
    assert (endpoint, RDF.type, DCAT.DataService) in void
    assert (endpoint, DCAT.endpointURL, endpoint) in void
    assert (endpoint, DCAT.servesDataset, DATASET) in void
    access = [d for d in void.objects(DATASET, DCAT.distribution) if (d, DCAT.accessService, endpoint) in void]
    assert access and (access[0], DCAT.accessURL, endpoint) in void


def test_every_download_and_its_gzip_copy_is_a_distribution(build: Path, void: rdflib.Graph) -> None:
    for name in ("dataset.nq", "dataset.nt", "dataset.ttl"):
        for file_name, compressed in ((name, False), (f"{name}.gz", True)):
            url = URIRef(f"{BASE}downloads/{file_name}")
            distribution = next(void.subjects(DCAT.downloadURL, url))
            assert (DATASET, DCAT.distribution, distribution) in void
            assert (distribution, DCAT.accessURL, url) in void
            size = void.value(distribution, DCAT.byteSize)
            assert int(size) == (build / file_name).stat().st_size
            assert ((distribution, DCAT.compressFormat, URIRef(IANA + "application/gzip")) in void) == compressed
            assert str(void.value(distribution, DCAT.mediaType)).startswith(IANA + "application/n-") or name.endswith(
                ".ttl")


def test_dates_coverage_keywords_themes_contact_landing_page_and_language(void: rdflib.Graph) -> None:
    dates = sorted(published.isoformat() for _, published, _ in ARTICLES.values())
    assert void.value(DATASET, DCTERMS.issued) == Literal(dates[0], datatype=XSD.date)
    assert void.value(DATASET, DCTERMS.modified) == Literal(dates[-1], datatype=XSD.date)
    period = void.value(DATASET, DCTERMS.temporal)
    assert void.value(period, DCAT.startDate) == Literal(dates[0], datatype=XSD.date)
    assert void.value(period, DCAT.endDate) == Literal(dates[-1], datatype=XSD.date)
    keywords = {str(k) for k in void.objects(DATASET, DCAT.keyword)}
    assert {"diplomacy", "energy", "trade"} <= keywords  # the topics the events discussed join the fixed ones
    assert URIRef("http://publications.europa.eu/resource/authority/data-theme/INTR") in set(
        void.objects(DATASET, DCAT.theme))
    contact = void.value(DATASET, DCAT.contactPoint)
    assert void.value(contact, VCARD.fn) is not None
    assert void.value(DATASET, DCAT.landingPage) == URIRef(BASE)
    assert void.value(DATASET, DCTERMS.language) == URIRef(
        "http://publications.europa.eu/resource/authority/language/ENG")


def test_each_article_graph_has_its_source_and_its_own_licence(build: Path, void: rdflib.Graph) -> None:
    for name, (_, predicate, expected) in LICENCES.items():
        part = URIRef(f"{BASE}graph/{name}")
        assert (DATASET, DCTERMS.hasPart, part) in void
        assert (part, DCTERMS.source, URIRef(f"https://news.example.org/{name}")) in void
        assert (part, predicate, expected) in void
        assert (part, FOAF.primaryTopic, URIRef(f"{BASE}id/article/{name}")) in void
        article_graph = rdflib.Graph().parse(build / "graphs" / f"{name}.ttl", format="turtle")
        assert (URIRef(f"{BASE}id/article/{name}"), predicate, expected) in article_graph


@pytest.mark.parametrize(("written", "iri"), [
    ("CC-BY-SA-4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
    ("CC BY-NC-ND 3.0", "https://creativecommons.org/licenses/by-nc-nd/3.0/"),
    ("CC0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    ("MIT", "https://spdx.org/licenses/MIT"),
    ("https://news.example.org/terms", "https://news.example.org/terms"),
    ("All rights reserved", None),
])
def test_licences_as_front_matter_writes_them(written: str, iri: str | None) -> None:
    assert licence_iri(written) == (URIRef(iri) if iri else None)


def test_a_licence_in_a_json_lines_record_is_read(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    records = [{"id": "feed-1", "date": "2025-05-05", "text": "Envoys of two invented states met in a harbour town.",
                "license": "CC0-1.0"},
               {"id": "feed-2", "date": "2025-05-06", "text": "A second report about the same harbour town."}]
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    first, second = read_file(path)
    assert first.licence == "CC0-1.0" and second.licence is None
    # A licence is part of what the article is: changing it changes the checksum, so it is rebuilt.
    assert first.checksum != type(first)(**{**first.__dict__, "fields": {}}).checksum
