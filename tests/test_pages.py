"""Pages for people: home, entity, article, ontology; escaping of everything that came from an article."""

from __future__ import annotations

import re
import urllib.parse

from flask.testing import FlaskClient

from tests.live_pages import HOSTILE_NAME, parse_page

PAGES = ["/", "/page/id/person/ana-ruiz", "/page/id/article/hostile-2", "/page/id/article/handmade-1/text",
         "/page/ontology", "/page/shapes", "/page/dataset", "/page/graph/hostile-2",
         "/downloads", "/page/id/country/gh", "/page/id/topic/energy"]


def page(client: FlaskClient, path: str) -> str:
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200, path
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def test_home_page_says_what_the_dataset_holds_and_how_to_use_it(client: FlaskClient) -> None:
    body = page(client, "/")
    links = parse_page(body).links
    assert "Who met whom" in body and "<svg" in body
    assert "/id/person/ana-ruiz" in links  # the network's nodes are links
    assert "/id/article/hostile-2" in links and "/id/article/handmade-1" in links  # latest articles
    assert "schema:Person" in body  # counts by class
    examples = [link for link in links if link.startswith("/sparql?query=")]
    assert len(examples) == 3
    assert all("SELECT" in urllib.parse.unquote_plus(link) for link in examples)
    assert "/downloads" in links and "/.well-known/void" in links
    response = client.get("/")
    assert 'rel="alternate"' in response.headers["Link"]


def test_entity_page(client: FlaskClient) -> None:
    body = page(client, "/page/id/person/ana-ruiz")
    links = parse_page(body).links
    assert "<h1>Ana Ruiz</h1>" in body
    assert "/id/post/prime-minister-of-malta" in links  # posts
    assert "/id/country/mt" in links  # properties as links
    assert sum(1 for link in links if link.startswith("/id/event/")) >= 3  # events: timeline, incoming links
    assert 'class="timeline"' in body
    assert "<mark>Prime Minister Ana Ruiz of Malta met today with Foreign Minister Olu Bello of Ghana</mark>" in body
    assert "/id/article/handmade-1/text#char=26,109" in links  # the evidence in its text
    response = client.get("/page/id/person/ana-ruiz")
    assert "/data/id/person/ana-ruiz.ttl" in response.headers["Link"]


def test_country_page_links_out_to_wikidata_and_geonames(client: FlaskClient) -> None:
    links = parse_page(page(client, "/page/id/country/gh")).links
    assert "http://www.wikidata.org/entity/Q117" in links
    assert "https://sws.geonames.org/2300660/" in links


def test_article_page_highlights_and_links_every_mention(client: FlaskClient) -> None:
    body = page(client, "/page/id/article/handmade-1")
    parsed = parse_page(body)
    for entity in ("/id/person/ana-ruiz", "/id/person/olu-bello", "/id/country/mt", "/id/country/gh",
                   "/id/place/2562305"):
        assert re.search(rf'<a class="mention" href="{re.escape(entity)}"', body), entity
    assert {"char=26,109", "char=133,174", "char=152,174"} <= parsed.ids  # evidence anchors for the fragments
    assert '<mark class="evidence">' in body
    assert any(link.startswith("/id/event/handmade-1/") for link in parsed.links)
    assert "/downloads/graphs/handmade-1.ttl" in parsed.links
    assert "/graph/handmade-1" in parsed.links


def test_the_text_page_is_the_article_page(client: FlaskClient) -> None:
    body = page(client, "/page/id/article/handmade-1/text")
    assert "char=133,174" in parse_page(body).ids


def test_hostile_text_is_escaped_everywhere(client: FlaskClient) -> None:
    organizations = [link for link in parse_page(page(client, "/page/id/article/hostile-2")).links
                     if link.startswith("/id/organization/")]
    assert organizations  # the organisation with the hostile name, whatever key the resolver gave it
    for path in [*PAGES, *(f"/page{link}" for link in organizations)]:
        body = page(client, path)
        assert "<script>alert" not in body, path
        assert '<img src=x onerror="alert(1)">' not in body, path
        assert "<b>bold</b>" not in body and "<i>about</i>" not in body, path
        assert parse_page(body).scripts == 0, path  # the pages need no JavaScript
    article = page(client, "/page/id/article/hostile-2")
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in article
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;Zed &amp; Co" in article
    assert HOSTILE_NAME not in article


def test_ontology_page_documents_every_term(client: FlaskClient) -> None:
    import rdflib

    body = page(client, "/page/ontology")
    ids = parse_page(body).ids
    ontology = rdflib.Graph().parse(data=client.get("/data/ontology.ttl").get_data(), format="turtle")
    namespace = "https://w3id.org/linkeddata-diplomacy/ontology#"
    terms = {str(s)[len(namespace):] for s in ontology.subjects() if str(s).startswith(namespace)}
    assert {"Meeting", "PhoneCall", "participant", "Occurred"} <= terms
    assert terms <= ids
    shapes = page(client, "/page/shapes")
    assert "NewsArticleShape" in parse_page(shapes).ids
    assert "sh:minCount" in shapes  # the property constraints, from the blank nodes


def test_graph_page(client: FlaskClient) -> None:
    body = page(client, "/page/graph/hostile-2")
    links = parse_page(body).links
    assert "/downloads/graphs/hostile-2.ttl" in links
    assert "/id/person/kofi-mensah" in links


def test_pages_are_conditional(client: FlaskClient) -> None:
    first = client.get("/page/id/person/ana-ruiz")
    assert first.headers.get("ETag")
    again = client.get("/page/id/person/ana-ruiz", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_pages_link_to_local_paths_not_the_base_uri(client: FlaskClient) -> None:
    for path in PAGES:
        links = parse_page(page(client, path)).links
        assert not [link for link in links if link.startswith("https://data.example.org/")], path
