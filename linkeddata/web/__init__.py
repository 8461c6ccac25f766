"""The web application: `create_app()` builds it, blueprints add the endpoints.

Every setting lives in `linkeddata.serve.settings.SETTINGS`, with its default and what it does; shared handles (the
query processes, what is known about the dataset) live in `app.extensions["linkeddata"]`.
"""

from __future__ import annotations

import gzip
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, current_app, render_template_string, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge, ServiceUnavailable

from linkeddata.serve.settings import DEFAULTS
from linkeddata.store import (
    STORE_INFO,
    EmbeddedBackend,
    QueryBackend,
    QueryTimeout,
    RemoteBackend,
    StoreInfo,
    StoreUnavailable,
)

log = logging.getLogger(__name__)




@dataclass
class LinkedData:
    """The handles blueprints share, found at `app.extensions["linkeddata"]`."""

    data_dir: Path | None
    store_dir: Path | None
    base_uri: str | None
    manifest: dict[str, Any] = field(default_factory=dict)
    store_info: StoreInfo | None = None
    queries: QueryBackend | None = None  # the store the endpoint and the pages read

    def start(self) -> None:
        """Open the store and start the query evaluator now (a server worker calls this once it is forked)."""
        if self.queries is not None:
            self.queries.start()

    def close(self) -> None:
        if self.queries is not None:
            self.queries.close()


def _blueprints() -> list[Blueprint]:
    # One line per blueprint, in the order their routes should be matched.
    from linkeddata.web import dumps, jsonld, pages, resources, search, sparql

    return [sparql.bp, resources.bp, pages.bp, dumps.bp, search.bp, jsonld.bp]


def _find_store(data_dir: Path | None, store_dir: Path | None) -> Path | None:
    candidates = [store_dir] if store_dir else [data_dir / "store", data_dir] if data_dir else []
    return next((c for c in candidates if (c / STORE_INFO).is_file()), None)


def _read_manifest(data_dir: Path | None) -> dict[str, Any]:
    path = data_dir / "manifest.json" if data_dir else None
    if path is None or not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:  # also undecodable bytes: name the file, for `linkeddata serve` to say
        raise ValueError(f"{path}: not a valid manifest ({error})") from None


def _backend(app: Flask, store_dir: Path | None) -> QueryBackend | None:
    timeout = float(app.config["QUERY_TIMEOUT"])
    if app.config["STORE_URL"]:
        from linkeddata.store.remote import RemoteStore, credentials_from_environment

        remote = RemoteStore.at(str(app.config["STORE_URL"]), str(app.config["STORE_FLAVOUR"]),
                                credentials_from_environment())
        return RemoteBackend(remote, timeout=timeout)
    if store_dir is None:
        return None
    return EmbeddedBackend(store_dir, size=int(app.config["QUERY_PROCESSES"]), timeout=timeout,
                           in_process=bool(app.config["QUERY_IN_PROCESS"]))


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    if config:
        unknown = sorted(set(config) - set(DEFAULTS) - {"TESTING", "SECRET_KEY", "SERVER_NAME"})
        if unknown:
            raise ValueError(f"unknown settings {unknown}; known: {sorted(DEFAULTS)}")
        app.config.from_mapping(config)
    app.config["MAX_CONTENT_LENGTH"] = int(app.config["MAX_REQUEST_BYTES"])

    data_dir = Path(app.config["DATA_DIR"]) if app.config["DATA_DIR"] else None
    store_dir = None if app.config["STORE_URL"] else _find_store(
        data_dir, Path(app.config["STORE_DIR"]) if app.config["STORE_DIR"] else None)
    manifest = _read_manifest(data_dir)
    site = LinkedData(
        data_dir=data_dir,
        store_dir=store_dir,
        base_uri=app.config["BASE_URI"] or manifest.get("base_uri"),
        manifest=manifest,
        store_info=StoreInfo.read(store_dir) if store_dir else None,
        queries=_backend(app, store_dir),
    )
    app.extensions["linkeddata"] = site

    for blueprint in _blueprints():
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


def _common_headers(response: Response) -> Response:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response
