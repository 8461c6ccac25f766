"""Hostile text in a real browser (Debian chromium, JavaScript on): labels, article text, query text and query
results that try to open a script, close an attribute or link to `javascript:` never run. Each payload would
set `window.__pwned` or open a dialog; every page is also searched for event-handler attributes, scripts and
links a click would run."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator

import pytest

from tests.hostile import JAVASCRIPT_IRIS, SCRIPT_LABEL, HostileBuild, make_hostile_build
from tests.live_pages import BASE
from tests.servers import LiveServer, live_server

pytestmark = pytest.mark.browser

QUERY_HOSTILE = '</textarea></pre><script>window.__pwned = "query"</script><img src=x onerror="window.__pwned=1">'
_LITERAL = SCRIPT_LABEL.replace('"', '\\"')
PAGES = {
    "entity with a script label": "/page/id/person/o'neil",
    "entity with attribute-closing labels": "/page/id/person/attribute",
    "identifier followed": "/id/person/o'neil",
    "article with markup in its text": "/page/id/article/hostile-2",
    "query results": "/sparql?" + urllib.parse.urlencode(
        {"query": f'SELECT ?x ?y WHERE {{ BIND("{_LITERAL}" AS ?x) BIND(<{JAVASCRIPT_IRIS[0]}> AS ?y) }} '
                  f"# {QUERY_HOSTILE}"}),
    "graph results": "/sparql?" + urllib.parse.urlencode(
        {"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER(?s = <{BASE}id/person/attribute>) }}"}),
    "malformed query": "/sparql?" + urllib.parse.urlencode({"query": f"SELECT {QUERY_HOSTILE}"}),
    "unknown resource": "/page/id/person/" + urllib.parse.quote(QUERY_HOSTILE, safe=""),
    "downloads": "/downloads",
}
FOUND_HANDLERS = """() => Array.from(document.querySelectorAll('*')).flatMap(element =>
    Array.from(element.attributes).filter(a => a.name.toLowerCase().startsWith('on'))
        .map(a => element.tagName + ' ' + a.name))"""

TOUCH_EVERYTHING = """() => document.querySelectorAll('*').forEach(element => {
    for (const kind of ['mouseover', 'mouseenter', 'focus', 'mousemove']) {
        element.dispatchEvent(new MouseEvent(kind, {bubbles: true}));
    }
})"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> HostileBuild:
    return make_hostile_build(tmp_path_factory.mktemp("browser-hostile"))


@pytest.fixture(scope="module")
def server(hostile: HostileBuild, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server([hostile.folder], tmp_path_factory.mktemp("browser-hostile-live") / "store", workers=2) as live:
        yield live


@pytest.mark.parametrize("name", list(PAGES))
def test_hostile_text_never_runs(server: LiveServer, browser, name: str) -> None:  # type: ignore[no-untyped-def]
    origin = f"http://127.0.0.1:{server.port}"
    context = browser.new_context(java_script_enabled=True)  # on: so that anything injected would run
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    response = page.goto(origin + PAGES[name])
    assert response is not None and response.status < 500, name
    page.evaluate(TOUCH_EVERYTHING)  # what a reader's mouse would do, to every element at once
    page.wait_for_timeout(100)
    assert page.evaluate("() => window.__pwned") is None, name
    assert not dialogs, dialogs
    assert page.evaluate(FOUND_HANDLERS) == [], name
    assert page.locator("script").count() == 0, name
    hrefs = page.evaluate("() => Array.from(document.querySelectorAll('[href],[src]'))"
                          ".map(e => e.getAttribute('href') || e.getAttribute('src'))")
    assert not [h for h in hrefs if h.strip().lower().startswith(("javascript:", "vbscript:"))], hrefs
    if name == "entity with a script label":
        assert SCRIPT_LABEL in page.locator("h1").inner_text()  # shown as the text it is
    context.close()
