"""Competency questions on the seed article, asked in SPARQL of the built dataset.

The seed article is the one this project was made for; these are the questions its users ask of it.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest

from linkeddata.vocab import prologue

PREFIXES = prologue("dip", "schema", "org", "nif", "skos", "owl", "rdfs", "xsd")


@pytest.fixture(scope="module")
def store(seed_build: Path) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.bulk_load(path=str(seed_build / "dataset.nq"), format=pyoxigraph.RdfFormat.N_QUADS)
    store.bulk_load(path=str(seed_build / "ontology.ttl"), format=pyoxigraph.RdfFormat.TURTLE,
                    to_graph=pyoxigraph.NamedNode("urn:ontology"))
    return store


def ask(store: pyoxigraph.Store, query: str) -> bool:
    return bool(store.query(PREFIXES + query, use_default_graph_as_union=True))


def select(store: pyoxigraph.Store, query: str, **bindings: str) -> list[dict[str, str]]:
    # Names are English labels.
    substitutions = {pyoxigraph.Variable(name): pyoxigraph.Literal(value, language="en")
                     for name, value in bindings.items()}
    solutions = store.query(PREFIXES + query, use_default_graph_as_union=True, substitutions=substitutions)
    names = [v.value for v in solutions.variables]
    return [{name: row[name].value for name in names if row[name] is not None} for row in solutions]


def test_kasymaliev_invites_ishiba_to_a_planned_visit_to_kyrgyzstan_in_2025(store: pyoxigraph.Store) -> None:
    assert ask(store, """ASK {
        ?invitation a dip:Invitation ; dip:inviter ?host ; dip:invitee ?guest ; dip:invitedTo ?visit ;
                    dip:status dip:Occurred ; dip:date "2025-02-03"^^xsd:date ; dip:evidence ?span .
        ?host rdfs:label ?hostName . FILTER CONTAINS(?hostName, "Kasymaliev")
        ?guest rdfs:label ?guestName . FILTER CONTAINS(?guestName, "Ishiba")
        ?visit a dip:Visit ; dip:visitor ?guest ; dip:destination/rdfs:label "Kyrgyzstan"@en ;
               dip:status dip:Planned ; dip:date "2025"^^xsd:gYear .
        ?span nif:anchorOf ?quote . FILTER CONTAINS(?quote, "invitation")
    }""")


def test_the_invitation_was_made_at_a_meeting_with_nagashima_in_bishkek_on_3_february(store) -> None:
    assert ask(store, """ASK {
        ?meeting a dip:Meeting ; dip:participant ?host, ?adviser ; dip:date "2025-02-03"^^xsd:date ;
                 dip:place/rdfs:label "Bishkek"@en ; dip:status dip:Occurred .
        ?host rdfs:label ?hostName . FILTER CONTAINS(?hostName, "Kasymaliev")
        ?adviser rdfs:label ?adviserName . FILTER CONTAINS(?adviserName, "Nagashima")
    }""")


def test_nagashima_is_on_a_working_visit_to_kyrgyzstan(store: pyoxigraph.Store) -> None:
    assert ask(store, """ASK {
        ?visit a dip:Visit ; dip:visitor ?adviser ; dip:destination/rdfs:label "Kyrgyzstan"@en ;
               dip:status dip:Occurred ; dip:date "2025-02-03"^^xsd:date .
        ?adviser rdfs:label ?name . FILTER CONTAINS(?name, "Nagashima")
    }""")


def test_president_zhaparov_visited_japan_in_2023(store: pyoxigraph.Store) -> None:
    assert ask(store, """ASK {
        ?visit a dip:Visit ; dip:visitor ?president ; dip:destination/rdfs:label "Japan"@en ;
               dip:status dip:Occurred ; dip:date "2023"^^xsd:gYear .
        ?president rdfs:label ?name ; org:holds/rdfs:label "President of Kyrgyzstan"@en .
        FILTER CONTAINS(?name, "Zhaparov")
    }""")


def test_the_central_asia_japan_summit_is_planned(store: pyoxigraph.Store) -> None:
    assert ask(store, """ASK {
        ?summit a dip:Summit ; dip:status dip:Planned ; rdfs:label ?label ; dip:participant ?party .
        ?party rdfs:label "Japan"@en .
        FILTER (CONTAINS(?label, "Central Asia") && CONTAINS(?label, "Japan"))
    }""")


def test_energy_tourism_and_education_are_areas_of_cooperation(store: pyoxigraph.Store) -> None:
    topics = {row["topic"] for row in select(store, """SELECT ?topic {
        ?meeting a dip:Meeting ; dip:topic/skos:prefLabel ?label . BIND (STR(?label) AS ?topic) }""")}
    assert {"energy", "tourism", "education"} <= topics


@pytest.mark.parametrize(("acronym", "name"), [("JICA", "Japan International Cooperation Agency"),
                                               ("JDS", "Japanese Grant Aid for Human Resource Development")])
def test_organisations_have_their_full_names(store: pyoxigraph.Store, acronym: str, name: str) -> None:
    rows = select(store, """SELECT ?acronym ?name {
        ?organization a org:Organization ; skos:altLabel ?acronym ; rdfs:label ?name }""")
    assert {"acronym": acronym, "name": name} in rows


def test_trend_is_the_publisher_and_bishkek_the_dateline(store: pyoxigraph.Store) -> None:
    assert ask(store, """ASK {
        ?article a schema:NewsArticle ; schema:identifier "000_6eace4120258b034" ;
                 schema:datePublished "2025-02-03"^^xsd:date ;
                 schema:publisher/rdfs:label "Trend"@en ; dip:dateline/rdfs:label "Bishkek"@en ;
                 dip:text/nif:isString ?text .
    }""")


@pytest.mark.parametrize(("country", "wikidata", "geonames"), [
    ("Kyrgyzstan", "http://www.wikidata.org/entity/Q813", "https://sws.geonames.org/1527747/"),
    ("Japan", "http://www.wikidata.org/entity/Q17", "https://sws.geonames.org/1861060/"),
])
def test_countries_link_to_wikidata_and_geonames(store, country: str, wikidata: str, geonames: str) -> None:
    links = {row["same"] for row in select(store, """SELECT ?name ?same {
        ?country a dip:Country ; rdfs:label ?name ; owl:sameAs ?same }""", name=country)}
    assert {wikidata, geonames} <= links


@pytest.mark.parametrize(("person", "post", "country"), [
    ("Kasymaliev", "Chairman of the Cabinet", "Kyrgyzstan"),
    ("Ishiba", "Prime Minister of Japan", "Japan"),
    ("Nagashima", "Special Advisor to the Prime Minister of Japan", "Japan"),
    ("Zhaparov", "President of Kyrgyzstan", "Kyrgyzstan"),
])
def test_persons_hold_their_posts_and_represent_their_country(store, person: str, post: str, country: str) -> None:
    rows = select(store, """SELECT ?name ?post ?country {
        ?person a schema:Person ; rdfs:label ?name ; org:holds ?held ; dip:represents/rdfs:label ?country .
        ?held rdfs:label ?post ; org:postIn/rdfs:label ?country . }""")
    assert any(person in row["name"] and row["post"].startswith(post) and row["country"] == country
               for row in rows), rows


def test_which_japanese_officials_met_kyrgyz_officials_in_2025(store: pyoxigraph.Store) -> None:
    rows = select(store, """SELECT DISTINCT ?japanese ?kyrgyz {
        ?meeting a dip:Meeting ; dip:participant ?a, ?b ; dip:date ?date .
        ?a dip:represents/rdfs:label "Japan"@en ; rdfs:label ?japanese .
        ?b dip:represents/rdfs:label "Kyrgyzstan"@en ; rdfs:label ?kyrgyz .
        FILTER (YEAR(?date) = 2025) }""")
    assert any("Nagashima" in row["japanese"] and "Kasymaliev" in row["kyrgyz"] for row in rows), rows


def test_every_event_quotes_the_article_exactly(store: pyoxigraph.Store) -> None:
    rows = select(store, """SELECT ?quote ?begin ?end ?text {
        ?event a ?type ; dip:evidence ?span . ?type rdfs:subClassOf dip:DiplomaticEvent .
        ?span nif:anchorOf ?quote ; nif:beginIndex ?begin ; nif:endIndex ?end ;
              nif:referenceContext/nif:isString ?text }""")
    assert rows
    for row in rows:
        assert row["text"][int(row["begin"]):int(row["end"])] == row["quote"]
