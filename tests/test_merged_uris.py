"""URIs stay stable when resolution merges two persons: the old URI is owl:sameAs the surviving one in the
data, and answers 301 Moved Permanently to it, so that links others made to it keep working."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from tests.live_pages import BASE, build_fixture, make_app


def test_a_person_once_known_by_the_surname_alone_is_merged_and_the_old_uri_redirects(tmp_path: Path) -> None:
    first = build_fixture(tmp_path / "first", names=("handmade-1",))
    registry = json.loads((first / "registry.json").read_text(encoding="utf-8"))
    # As an older build left it: the article gave the Prime Minister a key of the surname alone.
    registry["persons"]["ruiz"] = {"variants": ["Ruiz"], "titles": ["prime minister"], "countries": ["mt"]}
    registry["articles"]["handmade-1"]["Ana Ruiz"] = "ruiz"
    second = tmp_path / "second" / "build"
    second.mkdir(parents=True)
    (second / "registry.json").write_text(json.dumps(registry), encoding="utf-8")
    build_fixture(tmp_path / "second", names=("handmade-1",), out=second)

    kept = json.loads((second / "registry.json").read_text(encoding="utf-8"))
    assert kept["merged"] == {"ruiz": "ana-ruiz"}
    assert kept["articles"]["handmade-1"]["Ana Ruiz"] == "ruiz"  # what was given is never taken back
    data = Graph().parse(second / "dataset.nt", format="nt")
    old, surviving = URIRef(f"{BASE}id/person/ruiz"), URIRef(f"{BASE}id/person/ana-ruiz")
    assert (old, OWL.sameAs, surviving) in data
    assert set(data.predicate_objects(old)) == {(OWL.sameAs, surviving)}

    app = make_app(second)
    try:
        client = app.test_client()
        moved = client.get("/id/person/ruiz", headers={"Accept": "text/turtle"})
        assert moved.status_code == 301
        assert moved.headers["Location"].endswith("/id/person/ana-ruiz")
        assert client.get("/id/person/ana-ruiz", headers={"Accept": "text/turtle"}).status_code == 303
    finally:
        app.extensions["linkeddata"].close()
