"""The web application: `create_app()` builds it, blueprints add the endpoints.

Every setting lives in `linkeddata.serve.settings.SETTINGS`, with its default and what it does; the dataset the
blueprints read (the store's backend, what the build folder says of it) is `state.py`'s.
"""

from __future__ import annotations

import gzip
import json
import logging
from typing import Any

from flask import Flask, Response, current_app, render_template_string, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge, ServiceUnavailable

from linkeddata.serve.settings import DEFAULTS
from linkeddata.store import QueryTimeout, StoreUnavailable
from linkeddata.web import dumps, footer, jsonld, pages, query_editor, resources, search, sparql, state

log = logging.getLogger(__name__)

# In the order their routes should be matched.
BLUEPRINTS = (sparql.bp, resources.bp, pages.bp, dumps.bp, search.bp, jsonld.bp, query_editor.bp, footer.bp)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    if config:
        unknown = sorted(set(config) - set(DEFAULTS) - {"TESTING", "SECRET_KEY", "SERVER_NAME"})
        if unknown:
            raise ValueError(f"unknown settings {unknown}; known: {sorted(DEFAULTS)}")
        app.config.from_mapping(config)
    app.config["MAX_CONTENT_LENGTH"] = int(app.config["MAX_REQUEST_BYTES"])

    state.init_app(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    app.register_error_handler(HTTPException, _render_error)
    app.register_error_handler(StoreUnavailable, _store_unavailable)
    app.register_error_handler(QueryTimeout, _store_unavailable)
    app.after_request(_compress)
    app.after_request(_common_headers)
    return app


# ------------------------------------------------------------------------------------------ errors

_ERROR_PAGE = """{% extends "base.html" %}
{% block title %}{{ code }} {{ name }}{% endblock %}
{% block content %}<h1>{{ code }} {{ name }}</h1><p class="error">{{ message }}</p>{% endblock %}"""


def _store_unavailable(error: StoreUnavailable | QueryTimeout) -> Response:
    """A page or a lookup the store could not answer (a remote one down, or slow): 503, said plainly."""
    message = str(error) or "The triple store did not answer within the time limit."
    return _render_error(ServiceUnavailable(message))


def _render_error(error: HTTPException) -> Response:
    """Errors as text, JSON or HTML per Accept; the description only, never a traceback."""
    code = error.code or 500
    name = error.name
    message = error.description or name
    if isinstance(error, RequestEntityTooLarge):
        message = f"The request is larger than this server's limit of {current_app.config['MAX_REQUEST_BYTES']} bytes."
    chosen = request.accept_mimetypes.best_match(["text/plain", "application/json", "text/html"],
                                                 default="text/plain")
    if chosen == "application/json":
        body = json.dumps({"error": {"status": code, "title": name, "message": message}}, ensure_ascii=False)
        response = Response(body, code, content_type="application/json")
    elif chosen == "text/html":
        response = Response(render_template_string(_ERROR_PAGE, code=code, name=name, message=message), code,
                            content_type="text/html; charset=utf-8")
    else:
        response = Response(f"{code} {name}: {message}\n", code, content_type="text/plain; charset=utf-8")
    # Keep what the exception carries for the client (Allow on 405, Retry-After...).
    for header, value in error.get_headers():
        if header.lower() != "content-type":
            response.headers[header] = value
    return response


# ------------------------------------------------------------------------------------------ responses

_COMPRESSIBLE = ("text/", "application/json", "application/ld+json", "application/sparql-results",
                 "application/rdf+xml", "application/n-triples", "application/n-quads", "application/trig",
                 "application/xml")


def _compress(response: Response) -> Response:
    """gzip when the client asks, for text answers built in memory (files stream as they are)."""
    response.vary.add("Accept-Encoding")
    if (
        response.status_code != 200
        or response.direct_passthrough
        or response.is_streamed
        or len(response.get_data()) < 512
        or "Content-Encoding" in response.headers
        or not (response.mimetype or "").startswith(_COMPRESSIBLE)
        or request.accept_encodings["gzip"] <= 0
    ):
        return response
    body = response.get_data()
    response.set_data(gzip.compress(body, compresslevel=5))
    response.headers["Content-Encoding"] = "gzip"
    etag, weak = response.get_etag()
    if etag:
        # Another representation, so another entity tag (RFC 9110 8.8.3).
        response.set_etag(f"{etag}-gzip", weak=weak)
    return response


READ_METHODS = ("GET", "HEAD", "OPTIONS")
EXPOSED_HEADERS = "ETag, Link, Content-Location, Last-Modified, X-Result-Limit, X-Result-Count, X-Result-Truncated"


def _common_headers(response: Response) -> Response:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if request.method in READ_METHODS:
        # Everything here is public and read-only: a script on any site may read it (data documents,
        # VoID, downloads, pages), as from the SPARQL endpoint.
        response.headers.setdefault("Access-Control-Allow-Origin", "*")
        response.headers.setdefault("Access-Control-Expose-Headers", EXPOSED_HEADERS)
        if request.method == "OPTIONS":
            response.headers.setdefault("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
            response.headers.setdefault("Access-Control-Allow-Headers", "Accept, Accept-Encoding, If-None-Match, "
                                                                        "If-Modified-Since, Range")
            response.headers.setdefault("Access-Control-Max-Age", "86400")
    return response
