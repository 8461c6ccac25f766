"""The published JSON-LD context (`/context.jsonld`) and the shaping of every JSON-LD answer of the site:
compacted against that context unless the client's `Accept` asks for another profile."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

import pyoxigraph as ox
from flask import Blueprint, Response, request

from linkeddata.formats import Format
from linkeddata.jsonld import CONTEXT_PATH, Shaper, context_from_files, profile_of
from linkeddata.web.responses import entity_tag, site_url
from linkeddata.web.state import Published, get_published

bp = Blueprint("jsonld", __name__)


def context_url() -> str:
    return request.host_url.rstrip("/") + site_url(CONTEXT_PATH)


def _context() -> dict:
    return get_published().kept(_context_of_ontology)


def _context_of_ontology(pub: Published) -> dict:
    path = pub.vocabulary_file("ontology.ttl")
    return context_from_files([path] if path else [])


def requested_profile() -> str:
    return profile_of(request.headers.get("Accept"))


def variant(fmt: Format) -> tuple[str, ...]:
    """What besides the format picks the bytes of an answer (the JSON-LD profile), for its entity tag."""
    return (requested_profile(),) if fmt.name == "jsonld" else ()


def shape(statements: Iterable[ox.Triple | ox.Quad]) -> bytes:
    """JSON-LD bytes of `statements`, in the form this request asks for."""
    return Shaper(_context(), context_url()).shape(statements, requested_profile())


def shape_document(body: bytes) -> bytes:
    """A JSON-LD document as pyoxigraph wrote it (a query's answer), in the form this request asks for."""
    return shape(ox.parse(body, format=ox.RdfFormat.JSON_LD))


@bp.route(CONTEXT_PATH, methods=["GET"])
def context() -> Response:
    body = json.dumps(_context(), ensure_ascii=False, indent=1, sort_keys=False)
    response = Response(body, content_type="application/ld+json")
    response.set_etag(entity_tag("context", hashlib.sha256(body.encode()).hexdigest()))
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response.make_conditional(request)
