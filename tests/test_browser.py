"""Each page type in a real browser (Debian chromium, driven by Playwright): it loads, its links resolve,
the console stays clean, and a click through an identifier lands on its page. One screenshot is kept
under tests/artifacts/ for people to look at."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from linkeddata import segments
from tests.servers import LiveServer, live_server

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
PAGES = {
    "home": "/",
    "person": "/id/person/ana-ruiz",
    "article": "/id/article/hostile-2",
    "event text": "/id/article/handmade-1/text#char=133,174",
    "graph": "/graph/handmade-1",
    "ontology": "/ontology#Meeting",
    "shapes": "/shapes",
    "downloads": "/downloads",
    "dataset": "/dataset",
}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(handmade_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server([handmade_build], tmp_path_factory.mktemp("browser") / "store", workers=2) as live:
        yield live


@pytest.mark.parametrize("name", list(PAGES))
def test_page_loads_cleanly_and_its_links_resolve(server: LiveServer, browser, name: str) -> None:  # type: ignore[no-untyped-def]
    origin = f"http://127.0.0.1:{server.port}"
    context = browser.new_context(java_script_enabled=False)  # the content must not need it
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"{request.url}: {request.failure}"))
    page.on("response", lambda response: problems.append(f"{response.url}: {response.status}")
            if response.status >= 400 else None)
    response = page.goto(origin + PAGES[name])
    assert response is not None and response.ok, name
    assert page.url.startswith(origin + "/page/") or PAGES[name] in ("/", "/downloads")
    assert page.locator("h1").count() == 1
    anchors = page.locator("a[href]")
    links = [anchors.nth(i).get_attribute("href") for i in range(anchors.count())]
    local = sorted({link.split("#", 1)[0] for link in links if link and link.startswith("/")})
    for link in local:
        answer = context.request.get(origin + link, max_redirects=3)
        assert answer.ok, f"{name}: {link} -> {answer.status}"
    if name == "home":
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)
    assert not problems, problems
    context.close()


def test_following_a_mention_from_an_article(server: LiveServer, browser) -> None:  # type: ignore[no-untyped-def]
    origin = f"http://127.0.0.1:{server.port}"
    page = browser.new_page()
    page.goto(origin + "/id/article/handmade-1")
    page.locator("a.mention", has_text="Olu Bello").first.click()
    page.wait_for_url(origin + "/page/id/person/olu-bello")
    assert page.locator("h1").inner_text() == "Olu Bello"
    assert page.locator("svg.timeline a").count() >= 2
    page.close()


def test_hostile_text_stays_text_in_the_browser(server: LiveServer, browser) -> None:  # type: ignore[no-untyped-def]
    origin = f"http://127.0.0.1:{server.port}"
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(origin + "/id/article/hostile-2")
    text = page.locator("#text").inner_text()
    assert '<script>alert("pwned")</script>' in text
    assert page.locator("#text script, #text img, #text b").count() == 0
    assert not dialogs
    page.close()


def test_a_dump_deflated_in_segments_reaches_the_browser_whole(server: LiveServer, browser,  # type: ignore[no-untyped-def]
                                                               handmade_build: Path) -> None:
    # The same data, its gzip copy cut before every line: the most segments a copy can have.
    plain = (handmade_build / "dataset.nt").read_bytes()
    line_starts = list(itertools.accumulate(len(line) for line in plain.splitlines(keepends=True)))[:-1]
    written = segments.write_gzip(handmade_build / "dataset.nt", line_starts)
    assert len(written.segments) > 100
    page = browser.new_page()
    origin = f"http://127.0.0.1:{server.port}"
    page.goto(origin + "/downloads")
    encoding, text = page.evaluate("""async (url) => {
        const response = await fetch(url);
        return [response.headers.get("content-encoding"), await response.text()];
    }""", origin + "/downloads/dataset.nt")
    assert encoding == "gzip"  # the browser asked for it, got the .gz copy, and inflated it
    assert text == plain.decode("utf-8")
    page.close()
