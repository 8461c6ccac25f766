"""The query page's editor: YASGUI (`@zazuko/yasgui`, MIT), its built files kept in `static/yasgui/`, set up by
`static/query-editor.js` from a configuration this module gives the template: the endpoint, the dataset's
prefixes and the example queries, one tab each."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Blueprint

from linkeddata.vocab import prefixes

bp = Blueprint("query_editor", __name__)


@bp.app_context_processor
def _helpers() -> dict[str, Any]:
    return {"query_editor_config": query_editor_config}


def query_editor_config(endpoint: str, examples: Iterable[tuple[str, str, str]]) -> dict[str, Any]:
    return {
        "endpoint": endpoint,
        "prefixes": prefixes(),
        "examples": [{"title": title, "query": text} for title, text, _url in examples],
    }
