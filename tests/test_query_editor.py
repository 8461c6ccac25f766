"""The query editor in a real browser (Debian chromium through Playwright): YASGUI loads from our own static
files, offers the example queries as tabs, runs a query typed into it and shows the results table with labels
for IRIs; nothing is fetched from another host; without JavaScript the plain form is there."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from linkeddata.web.sparql import EXAMPLES
from tests.servers import LiveServer, live_server

pytestmark = pytest.mark.browser
TYPED = "SELECT ?person WHERE { ?person a <https://schema.org/Person> } ORDER BY ?person"


@pytest.fixture(scope="module")
def server(handmade_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server([handmade_build], tmp_path_factory.mktemp("editor") / "store", workers=2) as live:
        yield live


def test_typing_and_running_a_query_shows_a_table_with_labels(server: LiveServer, browser) -> None:  # type: ignore[no-untyped-def]
    origin = f"http://127.0.0.1:{server.port}"
    context = browser.new_context()
    page = context.new_page()
    elsewhere: list[str] = []
    problems: list[str] = []
    page.on("request", lambda r: elsewhere.append(r.url) if not r.url.startswith((origin, "data:")) else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("response", lambda response: problems.append(f"{response.url}: {response.status}")
            if response.status >= 400 else None)
    page.goto(origin + "/sparql")
    page.locator("#query-editor .CodeMirror").first.wait_for()
    assert page.locator("form textarea[name=query]").is_hidden()  # the editor took the form's place
    tabs = page.locator("#query-editor .tabsList .tab")
    assert tabs.count() == len(EXAMPLES)
    assert EXAMPLES[1][0] in page.locator("#query-editor .tabsList").inner_text()

    page.locator("#query-editor .CodeMirror").first.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(TYPED)
    page.keyboard.press("Escape")  # close a completion list, if one is open
    editor_text = page.evaluate("() => window.linkeddataYasgui.getTab().getYasqe().getValue()")
    assert "?person a <https://schema.org/Person>" in editor_text
    page.locator("#query-editor .yasqe_queryButton").first.click()

    table = page.locator("#query-editor .yasr table")
    table.first.wait_for()
    page.locator("#query-editor .yasr a.iri.labelled", has_text="Ana Ruiz").first.wait_for()
    text = table.first.inner_text()
    assert "Ana Ruiz" in text and "Olu Bello" in text  # labels, though the query selected only IRIs
    labelled = page.locator("#query-editor .yasr a.iri.labelled", has_text="Ana Ruiz").first
    assert labelled.get_attribute("href").endswith("/id/person/ana-ruiz")
    assert not elsewhere, elsewhere
    assert not problems, problems
    context.close()


def test_a_new_tab_starts_with_our_prefixes_and_completes_them(server: LiveServer, browser) -> None:  # type: ignore[no-untyped-def]
    origin = f"http://127.0.0.1:{server.port}"
    context = browser.new_context()
    page = context.new_page()
    page.goto(origin + "/sparql")
    page.locator("#query-editor .CodeMirror").first.wait_for()
    page.locator("#query-editor .addTab").first.click()
    text = page.evaluate("() => window.linkeddataYasgui.getTab().getYasqe().getValue()")
    assert "PREFIX dip: <https://w3id.org/linkeddata-diplomacy/ontology#>" in text
    page.locator("#query-editor .CodeMirror:visible").first.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type("PREFIX di")
    hint = page.locator(".CodeMirror-hints li", has_text="dip: <https://w3id.org/linkeddata-diplomacy/ontology#>")
    hint.first.wait_for()
    context.close()


def test_without_javascript_the_plain_form_stays(server: LiveServer, browser) -> None:  # type: ignore[no-untyped-def]
    origin = f"http://127.0.0.1:{server.port}"
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(origin + "/sparql")
    assert page.locator("form textarea[name=query]").is_visible()
    assert page.locator("#query-editor").is_hidden()
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("table").count() >= 1
    context.close()


def test_the_editor_and_its_licence_are_served_from_the_package(server: LiveServer) -> None:
    for path in ("/static/yasgui/yasgui.min.js", "/static/yasgui/yasgui.min.css", "/static/yasgui/LICENSE.txt",
                 "/static/yasgui/THIRD-PARTY-LICENCES.txt", "/static/query-editor.js"):
        status, _, body = server.request("GET", path)
        assert status == 200 and body, path
    status, _, body = server.request("GET", "/static/yasgui/LICENSE.txt")
    assert b"MIT License" in body
