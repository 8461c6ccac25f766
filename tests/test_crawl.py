"""Walk from the home page through every local link, following 303s, and find no 404 or 500.

Two walks: over the hand-made build (fast, and holds hostile text), and over the seed article built
by the real pipeline with spaCy (marked slow).
"""

from __future__ import annotations

from collections import deque
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from tests.live_pages import local_target, make_app, parse_page

MAX_PAGES = 3_000


def crawl(web: FlaskClient) -> dict[str, int]:
    """Status of every local address reachable from "/" (redirects followed, pages parsed for links)."""
    seen: dict[str, int] = {}
    pending: deque[tuple[str, str]] = deque([("/", "(start)")])
    broken: list[str] = []
    while pending and len(seen) < MAX_PAGES:
        path, referrer = pending.popleft()
        if path in seen:
            continue
        response = web.get(path, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
        hops = 0
        while response.status_code in (301, 302, 303, 307, 308) and hops < 5:
            location = local_target(response.headers["Location"], path)
            assert location is not None, f"{path} redirects off the site to {response.headers['Location']}"
            response = web.get(location, headers={"Accept": "text/html"})
            hops += 1
        seen[path] = response.status_code
        if response.status_code >= 400:
            broken.append(f"{path} -> {response.status_code} (linked from {referrer})")
            continue
        if response.mimetype != "text/html":
            continue
        page = parse_page(response.get_data(as_text=True))
        for link in page.links:
            target = local_target(link, path)
            if target is not None and target not in seen:
                pending.append((target, path))
    assert not broken, "broken links:\n" + "\n".join(broken)
    return seen


def test_every_link_of_the_handmade_build_answers(client: FlaskClient) -> None:
    seen = crawl(client)
    kinds = {path.split("/")[2] for path in seen if path.startswith("/id/")}
    assert {"person", "post", "country", "organization", "place", "event", "topic", "article"} <= kinds
    assert any(path.startswith("/graph/") for path in seen)
    assert any(path.startswith("/downloads/graphs/") for path in seen)
    assert "/ontology" in seen and "/shapes" in seen and "/.well-known/void" in seen


@pytest.mark.slow
def test_every_link_of_the_seed_build_answers(seed_build: Path) -> None:
    application = make_app(seed_build)
    try:
        seen = crawl(application.test_client())
    finally:
        application.extensions["linkeddata"].close()
    assert any(path.startswith("/id/article/") for path in seen)
    assert len(seen) > 20
