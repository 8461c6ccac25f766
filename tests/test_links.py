"""Links out: international organisations carry their Wikidata entity, and the publisher's curated links
files give any person or organisation an owl:sameAs, checked row by row and counted in VoID."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, VOID

from linkeddata.facts import EntityKind
from linkeddata.links import LinkError, check_iri, read_links
from linkeddata.pipeline import Builder

ARTICLE = """ date 2024-03-04 OSLO, Norway, March 4. Norway's Prime Minister Teodor Vashkul met with Swedish \
Foreign Minister Lior Emberwald in Oslo on Monday to discuss energy security, Trend reports.

The two leaders also discussed their cooperation within NATO and agreed to meet again in the autumn.
"""
LINKS = """key,name,post,country,iri
,Teodor Vashkul,Prime Minister,no,http://www.wikidata.org/entity/Q999999901
person/lior-emberwald,,,,not an iri
organization/north-atlantic-treaty-organization,,,,https://sws.geonames.org/2000001/
,Lior Emberwald,,,http://www.wikidata.org/entity/Q999999902
"""


@pytest.mark.parametrize("iri", ["http://www.wikidata.org/entity/Q42", "https://example.org/people/a%20b",
                                 "https://viaf.org/viaf/12345"])
def test_a_well_formed_iri_is_accepted(iri: str) -> None:
    check_iri(iri, EntityKind.PERSON)


@pytest.mark.parametrize("iri", ["", "not an iri", "urn:x:y", "/relative/path", "https://www.wikidata.org/wiki/Q42",
                                 "https://sws.geonames.org/2643743/", "http://example.org/<a>"])
def test_an_iri_that_is_not_one_or_names_another_kind_of_thing_is_refused(iri: str) -> None:
    with pytest.raises(LinkError):
        check_iri(iri, EntityKind.PERSON)


def test_a_bad_row_is_refused_with_its_file_and_line_and_the_others_apply(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text(LINKS, encoding="utf-8")
    links, refused = read_links([tmp_path])
    assert [str(r).split(": ")[0] for r in refused] == [f"{tmp_path / 'people.csv'}:{n}" for n in (3, 4, 5)]
    assert [link.iri for link in links] == ["http://www.wikidata.org/entity/Q999999901"]


def test_the_build_applies_the_links_and_lists_them_in_void(tmp_path: Path) -> None:
    articles, links = tmp_path / "articles", tmp_path / "links"
    articles.mkdir()
    links.mkdir()
    (articles / "a1.txt").write_text(ARTICLE, encoding="utf-8")
    (links / "people.csv").write_text(LINKS, encoding="utf-8")
    report = Builder(tmp_path / "build", progress=False, links=[links]).build([articles])
    assert len(report.refused) == 3 and len(report.published) == 1  # the rows, not the article
    data = Graph().parse(tmp_path / "build" / "dataset.nt", format="nt")
    person = URIRef("http://127.0.0.1:8080/id/person/teodor-vashkul")
    assert (person, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q999999901")) in data
    nato = [s for s, o in data.subject_objects(OWL.sameAs) if str(o) == "http://www.wikidata.org/entity/Q7184"]
    assert nato and "/id/organization/" in str(nato[0])
    void = Graph().parse(tmp_path / "build" / "void.ttl", format="turtle")
    curated = URIRef("http://127.0.0.1:8080/dataset#links-curated")
    assert (curated, VOID.triples, Literal(1)) in void


def test_a_listed_body_written_as_its_acronym_is_that_body_with_its_wikidata_entity() -> None:
    from linkeddata.facts import ArticleFacts, Organization
    from linkeddata.resolve import Resolver

    resolver = Resolver()
    first = resolver.resolve(ArticleFacts("a", organizations=[Organization("g", "Group of Seven", "G7")]))
    again = resolver.resolve(ArticleFacts("b", organizations=[Organization("g", "G-7")]))
    assert again.organizations[0].key == first.organizations[0].key
    assert again.organizations[0].wikidata == first.organizations[0].wikidata == "Q1764511"
