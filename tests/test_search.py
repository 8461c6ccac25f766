"""Search (`/search`) and the W3C Reconciliation Service API (`/reconcile`) on a build of invented articles.

The reconciliation protocol's JSON schemas are not shipped by any package registry, so its documents are
checked against the structures the specification (version 0.2) requires, written here as JSON schemas of our
own, and driven with requests shaped like the specification's examples and like OpenRefine's (form-encoded
`queries`, JSONP callbacks).
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from flask.testing import FlaskClient

from linkeddata.describe import LICENSE
from linkeddata.search import LabelIndex, fold, label_match
from tests.live_pages import BASE, HOSTILE_NAME, build_fixture
from tests.servers import LiveServer, live_server

ANA = f"{BASE}id/person/ana-ruiz"
BELLO = f"{BASE}id/person/olu-bello"
GHANA = f"{BASE}id/country/gh"
PERSON = "https://schema.org/Person"
DIP = "https://w3id.org/linkeddata-diplomacy/ontology#"

TYPE = {"oneOf": [{"type": "string"},
                  {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
                   "required": ["id"]}]}
SERVICE = {"type": "object", "properties": {"service_url": {"type": "string"}, "service_path": {"type": "string"}}}
MANIFEST = {
    "type": "object",
    "required": ["versions", "name", "identifierSpace", "schemaSpace"],
    "properties": {
        "versions": {"type": "array", "items": {"type": "string"}, "contains": {"const": "0.2"}},
        "name": {"type": "string"}, "identifierSpace": {"type": "string"}, "schemaSpace": {"type": "string"},
        "view": {"type": "object", "required": ["url"], "properties": {"url": {"pattern": "[{][{]id[}][}]"}}},
        "defaultTypes": {"type": "array", "items": TYPE, "uniqueItems": True},
        "preview": {"type": "object", "required": ["url", "width", "height"],
                    "properties": {"url": {"pattern": "[{][{]id[}][}]"}, "width": {"type": "integer"},
                                   "height": {"type": "integer"}}},
        "suggest": {"type": "object", "properties": {"entity": SERVICE, "type": SERVICE, "property": SERVICE}},
    },
}
CANDIDATE = {
    "type": "object", "required": ["id", "name", "score"],
    "properties": {
        "id": {"type": "string"}, "name": {"type": "string"}, "description": {"type": "string"},
        "score": {"type": "number"}, "match": {"type": "boolean"}, "type": {"type": "array", "items": TYPE},
        "features": {"type": "array", "items": {"type": "object", "properties": {
            "id": {"type": "string"}, "value": {"oneOf": [{"type": "boolean"}, {"type": "number"}]}}}},
    },
}
RESULT_BATCH = {"type": "object", "additionalProperties": {
    "type": "object", "required": ["result"], "properties": {"result": {"type": "array", "items": CANDIDATE}}}}
SUGGEST = {"type": "object", "required": ["result"], "properties": {"result": {"type": "array", "items": {
    "type": "object", "required": ["id", "name"],
    "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "notable": {"type": "array", "items": TYPE}},
}}}}


def get_json(client: FlaskClient, target: str) -> dict:
    response = client.get(target)
    assert response.status_code == 200, response.get_data(as_text=True)
    return json.loads(response.get_data(as_text=True))


# ------------------------------------------------------------------------------------------ the index alone


def test_folding_and_label_match_kinds() -> None:
    assert fold("  Ána  Ruíz-Pérez ") == "ana ruiz perez"
    assert label_match("ana ruiz", "ana ruiz") == 1.0
    exact, prefix = label_match("ana ruiz", "ana ruiz"), label_match("ana", "ana ruiz")
    words, nothing = label_match("ruiz", "ana ruiz"), label_match("zorba", "ana ruiz")
    assert exact > prefix > words > nothing == 0.0


def test_ties_of_label_match_go_to_what_occurs_more_often() -> None:
    index = LabelIndex()
    for iri in ("urn:x:rare", "urn:x:common", "urn:x:exact"):
        index.add_label(iri, "Tarvo Kessel" if iri != "urn:x:exact" else "Kessel", "pref", "en")
        index.add_type(iri, PERSON)
    index.set_occurrences({"urn:x:rare": 1, "urn:x:common": 40})
    ranked = [hit.entry.iri for hit in index.find("Kessel")]
    assert ranked == ["urn:x:exact", "urn:x:common", "urn:x:rare"]


def test_an_alternative_label_is_found_but_ranks_below_the_same_preferred_one() -> None:
    index = LabelIndex()
    index.add_label("urn:x:org", "Northern Fisheries Council", "pref", "en")
    index.add_label("urn:x:org", "NFC", "alt", "en")
    index.add_label("urn:x:other", "NFC", "pref", "en")
    hits = index.find("nfc")
    assert [hit.entry.iri for hit in hits] == ["urn:x:other", "urn:x:org"]
    assert hits[1].entry.label == "Northern Fisheries Council"  # shown by its preferred label


# ------------------------------------------------------------------------------------------ /search


def test_search_json_ranks_the_exact_name_first_with_its_type_and_page(client: FlaskClient) -> None:
    body = get_json(client, "/search?q=ana+ruiz&format=json")
    first = body["results"][0]
    assert first["id"] == ANA and first["label"] == "Ana Ruiz"
    assert {"id": PERSON, "name": "Person"} in first["types"]
    assert first["page"].endswith("/page/id/person/ana-ruiz")
    assert first["occurrences"] > 0
    scores = [r["score"] for r in body["results"]]
    assert scores[0] == max(scores)


def test_search_by_accept_header_and_by_a_word_of_the_name(client: FlaskClient) -> None:
    response = client.get("/search?q=bello", headers={"Accept": "application/json"})
    assert response.content_type.startswith("application/json")
    assert json.loads(response.get_data())["results"][0]["id"] == BELLO
    assert "Accept" in response.headers["Vary"]


def test_search_filters_by_type_and_a_superclass_takes_its_subclasses(client: FlaskClient) -> None:
    people = get_json(client, "/search?q=ruiz&type=schema:Person&format=json")["results"]
    assert [r["id"] for r in people] == [ANA]
    events = get_json(client, f"/search?q=ruiz&type={urllib.parse.quote(DIP + 'DiplomaticEvent')}&format=json")
    assert events["results"] and all(r["id"] != ANA for r in events["results"])
    assert any(t["id"] == DIP + "Meeting" for r in events["results"] for t in r["types"])


def test_search_page_escapes_labels_and_keeps_the_query(client: FlaskClient) -> None:
    page = client.get("/search?q=zed+co").get_data(as_text=True)
    assert "Zed &amp; Co" in page and HOSTILE_NAME not in page
    assert 'value="zed co"' in page


def test_search_reports_bad_parameters(client: FlaskClient) -> None:
    assert client.get("/search?q=x&limit=none").status_code == 400
    assert client.get("/search?q=x&limit=100000").status_code == 400
    assert client.get("/search?q=x&format=turtle").status_code == 400
    not_a_type = client.get("/search?q=x&type=0", headers={"Accept": "application/json"})
    assert not_a_type.status_code == 400 and "'0'" in json.loads(not_a_type.data)["error"]["message"]
    queries = json.dumps({"q0": {"query": "x", "properties": [{"pid": "no such", "v": "y"}]}})
    assert client.post("/reconcile", data={"queries": queries}).status_code == 400
    assert get_json(client, "/search?format=json")["results"] == []


@pytest.mark.parametrize("path", ["/", "/sparql", "/downloads", "/page/id/person/ana-ruiz", "/search",
                                  "/page/id/nothing-here"])
def test_every_page_has_a_search_box_and_the_licence(client: FlaskClient, path: str) -> None:
    page = client.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'action="/search"' in page and 'name="q"' in page
    assert f'rel="license" href="{LICENSE}"' in page


# ------------------------------------------------------------------------------------------ /reconcile


def test_the_service_manifest(client: FlaskClient) -> None:
    manifest = get_json(client, "/reconcile")
    jsonschema.validate(manifest, MANIFEST)
    assert manifest["identifierSpace"] == f"{BASE}id/"
    assert {"id": PERSON, "name": "Person"} in manifest["defaultTypes"]
    entity = manifest["suggest"]["entity"]
    assert entity["service_url"] + entity["service_path"] == "http://localhost/reconcile/suggest/entity"


def test_reconciliation_batch_with_types_and_properties(client: FlaskClient) -> None:
    queries = {
        "q0": {"query": "Ana Ruiz", "type": PERSON, "limit": 3},
        "q1": {"query": "Bello", "type": [PERSON], "properties": [{"pid": f"{DIP}represents", "v": "Ghana"}]},
        "q2": {"query": "Bello", "type": PERSON, "properties": [{"pid": "dip:represents", "v": {"id": GHANA}}]},
        "q3": {"query": "Kofi Mensah", "type": "https://schema.org/Place"},
        "q4": {"query": "ghana", "type": f"{DIP}Country"},
    }
    response = client.post("/reconcile", data={"queries": json.dumps(queries)})
    assert response.status_code == 200 and response.content_type.startswith("application/json")
    batch = json.loads(response.get_data())
    jsonschema.validate(batch, RESULT_BATCH)
    assert set(batch) == set(queries)
    best = batch["q0"]["result"][0]
    assert best["id"] == ANA and best["match"] is True and best["name"] == "Ana Ruiz"
    assert len(batch["q0"]["result"]) <= 3
    for key in ("q1", "q2"):
        first = batch[key]["result"][0]
        assert first["id"] == BELLO
        assert {"id": "property_0", "value": True} in first["features"]
    assert batch["q3"]["result"] == []  # a person's name is no place
    assert batch["q4"]["result"][0]["id"] == GHANA and batch["q4"]["result"][0]["match"] is True


def test_a_property_that_disagrees_lowers_the_score_and_forbids_a_sure_match(client: FlaskClient) -> None:
    queries = {"agree": {"query": "Olu Bello", "properties": [{"pid": "dip:represents", "v": "Ghana"}]},
               "disagree": {"query": "Olu Bello", "properties": [{"pid": "dip:represents", "v": "Malta"}]}}
    batch = json.loads(client.get("/reconcile?" + urllib.parse.urlencode({"queries": json.dumps(queries)})).data)
    agree, disagree = batch["agree"]["result"][0], batch["disagree"]["result"][0]
    assert agree["id"] == disagree["id"] == BELLO
    assert agree["score"] > disagree["score"]
    assert agree["match"] is True and disagree["match"] is False


def test_jsonp_and_the_single_query_form(client: FlaskClient) -> None:
    text = client.get("/reconcile?callback=jsonp123").get_data(as_text=True)
    assert text.startswith("/**/jsonp123(") and text.endswith(");")
    single = get_json(client, "/reconcile?query=Olu%20Bello")
    assert single["result"][0]["id"] == BELLO
    assert client.get("/reconcile?callback=alert(1)").status_code == 400


@pytest.mark.parametrize("queries", ["not json", "[1, 2]", '{"q0": "text"}', '{"q0": {"query": 5}}',
                                     '{"q0": {"query": "x", "properties": [{"v": "y"}]}}',
                                     '{"q0": {"query": "x", "limit": -1}}'])
def test_malformed_queries_are_400_with_a_message(client: FlaskClient, queries: str) -> None:
    response = client.post("/reconcile", data={"queries": queries}, headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert json.loads(response.get_data())["error"]["message"]


def test_suggest_services(client: FlaskClient) -> None:
    entities = get_json(client, "/reconcile/suggest/entity?prefix=ana")
    jsonschema.validate(entities, SUGGEST)
    assert entities["result"][0]["id"] == ANA
    types = get_json(client, "/reconcile/suggest/type?prefix=pers")
    jsonschema.validate(types, SUGGEST)
    assert types["result"][0]["id"] == PERSON
    properties = get_json(client, "/reconcile/suggest/property?prefix=repr")
    jsonschema.validate(properties, SUGGEST)
    assert properties["result"][0]["id"] == f"{DIP}represents"


def test_preview_is_a_small_escaped_page(client: FlaskClient) -> None:
    response = client.get("/reconcile/preview?" + urllib.parse.urlencode({"id": ANA}))
    assert response.status_code == 200 and response.content_type.startswith("text/html")
    assert "Ana Ruiz" in response.get_data(as_text=True)
    organisation = json.loads(client.get("/search?q=zed&format=json").data)["results"][0]["id"]
    hostile = client.get("/reconcile/preview?" + urllib.parse.urlencode({"id": organisation}))
    assert HOSTILE_NAME not in hostile.get_data(as_text=True)
    assert client.get("/reconcile/preview?id=urn:nothing").status_code == 404


# ------------------------------------------------------------------------------------------ over HTTP


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    build = build_fixture(tmp_path_factory.mktemp("search"), names=("handmade-1", "hostile-2", "visit-3"))
    with live_server([build], tmp_path_factory.mktemp("search-store") / "store", workers=1) as live:
        yield live


def test_openrefine_style_requests_against_the_live_server(server: LiveServer) -> None:
    status, headers, body = server.request("GET", "/reconcile")
    assert status == 200
    manifest = json.loads(body)
    jsonschema.validate(manifest, MANIFEST)
    # OpenRefine posts the batch form-encoded, ten queries at a time.
    queries = {f"q{i}": {"query": name, "type": PERSON, "type_strict": "should"}
               for i, name in enumerate(["Ana Ruiz", "olu bello", "Kofi Mensah", "Nobody Known"] * 2 + ["ruiz", "x"])}
    form = urllib.parse.urlencode({"queries": json.dumps(queries)}).encode()
    status, headers, body = server.request("POST", "/reconcile", form,
                                           {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and headers["content-type"].startswith("application/json")
    batch = json.loads(body)
    jsonschema.validate(batch, RESULT_BATCH)
    assert batch["q0"]["result"][0]["id"] == ANA and batch["q1"]["result"][0]["id"] == BELLO
    assert batch["q3"]["result"] == []
    preview = manifest["preview"]["url"].replace("{{id}}", urllib.parse.quote(ANA, safe=""))
    status, _, body = server.request("GET", urllib.parse.urlsplit(preview)._replace(scheme="", netloc="").geturl())
    assert status == 200 and b"Ana Ruiz" in body



# ------------------------------------------------------------------------------------------ data extension

CELL = {"oneOf": [
    {"type": "object", "required": ["id", "name"], "additionalProperties": False,
     "properties": {"id": {"type": "string"}, "name": {"type": "string"}}},
    {"type": "object", "required": ["str"], "additionalProperties": False, "properties": {"str": {"type": "string"}}},
    {"type": "object", "required": ["int"], "additionalProperties": False, "properties": {"int": {"type": "integer"}}},
    {"type": "object", "required": ["float"], "additionalProperties": False,
     "properties": {"float": {"type": "number"}}},
    {"type": "object", "required": ["date"], "additionalProperties": False,
     "properties": {"date": {"type": "string", "pattern": "^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9:]{8}"}}},
]}
EXTENSION = {"type": "object", "required": ["meta", "rows"], "properties": {
    "meta": {"type": "array", "items": {"type": "object", "required": ["id", "name"]}},
    "rows": {"type": "object", "additionalProperties": {"type": "object", "additionalProperties": {
        "type": "array", "items": CELL}}},
}}


def test_the_manifest_offers_data_extension(client: FlaskClient) -> None:
    extend = get_json(client, "/reconcile")["extend"]
    proposed = extend["propose_properties"]
    body = get_json(client, proposed["service_path"] + "?type=" + urllib.parse.quote(PERSON))
    ids = [p["id"] for p in body["properties"]]
    assert body["type"] == PERSON and f"{DIP}represents" in ids and "http://www.w3.org/ns/org#holds" in ids
    assert {"id": f"{DIP}represents", "name": "Represents"} in body["properties"]


def test_data_extension_gives_links_with_labels_dates_and_texts(client: FlaskClient) -> None:
    meeting = next(r["id"] for r in get_json(client, "/search?q=ruiz&format=json&type=dip:Meeting")["results"])
    asked = {"ids": [ANA, meeting, "urn:nothing"],
             "properties": [{"id": "dip:represents"}, {"id": f"{DIP}date"}, {"id": "dip:participant",
                                                                               "settings": {"limit": 1}}]}
    response = client.post("/reconcile", data={"extend": json.dumps(asked)})
    assert response.status_code == 200
    body = json.loads(response.data)
    jsonschema.validate(body, EXTENSION)
    assert [m["id"] for m in body["meta"]] == ["dip:represents", f"{DIP}date", "dip:participant"]
    assert body["rows"][ANA]["dip:represents"] == [{"id": f"{BASE}id/country/mt", "name": "Malta"}]
    assert body["rows"][meeting][f"{DIP}date"] == [{"date": "2025-03-04T00:00:00Z"}]
    assert len(body["rows"][meeting]["dip:participant"]) == 1  # the limit of the property's settings
    assert body["rows"]["urn:nothing"] == {"dip:represents": [], f"{DIP}date": [], "dip:participant": []}


@pytest.mark.parametrize("extend", ["not json", "[]", '{"ids": "x", "properties": []}',
                                    '{"ids": ["x"], "properties": [{"name": "no id"}]}'])
def test_malformed_extension_requests_are_400(client: FlaskClient, extend: str) -> None:
    response = client.post("/reconcile", data={"extend": extend}, headers={"Accept": "application/json"})
    assert response.status_code == 400 and json.loads(response.data)["error"]["message"]


def test_the_index_is_built_once_at_worker_start_and_searches_use_it(handmade_build: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from linkeddata.web import create_app
    from linkeddata.web import search as search_module

    builds: list[int] = []
    original = search_module._index_labels

    def counted(pub):  # type: ignore[no-untyped-def]
        builds.append(1)
        return original(pub)

    monkeypatch.setattr(search_module, "_index_labels", counted)
    app = create_app({"DATA_DIR": str(handmade_build), "TESTING": True})
    search_module.warm_up(app).join(timeout=60)
    assert builds == [1]
    assert json.loads(app.test_client().get("/search?q=ruiz&format=json").data)["results"][0]["id"] == ANA
    assert builds == [1]
