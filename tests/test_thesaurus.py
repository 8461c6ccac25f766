"""Topics mapped to a thesaurus given as a build input: exact, close and broad matches, from the EuroVoc CSV
extract or a SKOS file; a label two concepts share is left alone; an unreadable file is a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from linkeddata.facts import ArticleFacts, Event, EventType, Status
from linkeddata.resolve import Resolver
from linkeddata.thesaurus import Thesaurus, ThesaurusError
from tests.conftest import shared_path

SKOS_FILE = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://thesaurus.example.org/> .
ex:1 a skos:Concept ; skos:prefLabel "river shipping"@en ; skos:altLabel "inland navigation"@en .
ex:2 a skos:Concept ; skos:prefLabel "pipeline"@en .
ex:3 a skos:Concept ; skos:prefLabel "quota"@en .
ex:4 a skos:Concept ; skos:prefLabel "Quota"@de ; skos:altLabel "quota"@en .
ex:5 a skos:Concept ; skos:prefLabel "disarmament"@en .
"""


@pytest.fixture
def thesaurus(tmp_path: Path) -> Thesaurus:
    (tmp_path / "scheme.ttl").write_text(SKOS_FILE, encoding="utf-8")
    return Thesaurus.load(tmp_path / "scheme.ttl")


def test_a_topic_maps_exactly_closely_or_to_a_broader_concept(thesaurus: Thesaurus) -> None:
    base = "https://thesaurus.example.org/"
    assert thesaurus.match("River shipping") == [("exactMatch", base + "1")]
    assert thesaurus.match("inland navigation") == [("closeMatch", base + "1")]
    assert thesaurus.match("gas pipelines") == [("broadMatch", base + "2")]
    assert thesaurus.match("the disarmament of the border zone") == [("broadMatch", base + "5")]
    assert thesaurus.match("quota") == [("exactMatch", base + "3")]  # the English preferred label wins
    assert thesaurus.match("weather") == []


def test_the_resolver_gives_each_topic_of_an_article_its_matches(thesaurus: Thesaurus) -> None:
    resolver = Resolver(thesaurus=thesaurus)
    event = Event(EventType.MEETING, [], Status.OCCURRED, [], topics=["Gas pipelines", "weather"])
    facts = resolver.resolve(ArticleFacts("a", events=[event]))
    assert facts.topic_matches == {"gas pipelines": [("broadMatch", "https://thesaurus.example.org/2")]}


def test_an_unreadable_thesaurus_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ThesaurusError, match="no such"):
        Thesaurus.load(tmp_path / "absent.csv")
    (tmp_path / "bad.csv").write_text("label,uri\nx,y\n", encoding="utf-8")
    with pytest.raises(ThesaurusError, match="no column"):
        Thesaurus.load(tmp_path / "bad.csv")


def test_the_eurovoc_extract_maps_common_topics() -> None:
    eurovoc = Thesaurus.load(shared_path("thesauri", "eurovoc", "eurovoc-en.csv"))
    assert eurovoc.match("climate change") == [("exactMatch", "http://eurovoc.europa.eu/5482")]
    relation, concept = eurovoc.match("the war in the north")[0]
    assert relation == "broadMatch" and concept.startswith("http://eurovoc.europa.eu/")


def test_the_build_writes_the_matches_on_the_topic_concepts(tmp_path: Path) -> None:
    from linkeddata.pipeline import Builder

    eurovoc = shared_path("thesauri", "eurovoc", "eurovoc-en.csv")
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a1.txt").write_text(
        " date 2024-03-04 OSLO, Norway, March 4. Norway's Prime Minister Teodor Vashkul met with Swedish "
        "Foreign Minister Lior Emberwald in Oslo on Monday. They discussed climate change and tourism, "
        "Trend reports.\n", encoding="utf-8")
    report = Builder(tmp_path / "build", progress=False, thesaurus=eurovoc).build([articles])
    assert report.ok, report.summary()
    data = Graph().parse(tmp_path / "build" / "dataset.nt", format="nt")
    matched = {str(o) for o in data.objects(None, SKOS.exactMatch)}
    assert "http://eurovoc.europa.eu/5482" in matched, sorted(str(t) for t in data.subjects(SKOS.prefLabel, None))
    assert all(isinstance(s, URIRef) and "/id/topic/" in str(s) for s in data.subjects(SKOS.exactMatch, None))


def test_a_country_discussed_is_the_country_resource_in_the_topic_scheme(tmp_path: Path) -> None:
    from rdflib.namespace import RDF

    from linkeddata.iris import Minter
    from linkeddata.mapping import map_article
    from tests.handmade import article

    resolver = Resolver()
    event = Event(EventType.MEETING, [], Status.OCCURRED, [], topics=["Norway", "fisheries"])
    facts = resolver.resolve(ArticleFacts("handmade-1", events=[event]))
    assert facts.topic_countries == {"norway": "no"}
    assert [c.key for c in facts.countries] == ["no"]
    graph = map_article(Minter(), article(), facts)
    norway = URIRef(Minter().base + "id/country/no")
    topics = set(graph.objects(None, URIRef("https://w3id.org/linkeddata-diplomacy/ontology#topic")))
    assert norway in topics and len(topics) == 2
    assert (norway, RDF.type, SKOS.Concept) in graph
    assert len(list(graph.objects(norway, SKOS.prefLabel))) == 1
