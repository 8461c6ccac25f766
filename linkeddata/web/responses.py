"""What every blueprint's responses share: served URLs, the format a request asks for (406 when none fits),
`Link: rel="alternate"` headers, entity tags, templates rendered from typed contexts, and the 404 for an IRI the
dataset does not hold."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import ClassVar

from flask import Response, render_template, request
from werkzeug.exceptions import NotAcceptable as NotAcceptableError

from linkeddata.formats import BY_NAME, FORMATS, Format, Kind, NotAcceptable, from_parameter, negotiate, offers
from linkeddata.web.state import get_published


@dataclass
class TemplateContext:
    """What one template is given: a subclass names the template and types every variable, with its default."""

    template: ClassVar[str]


def render(context: TemplateContext) -> str:
    # Not dataclasses.asdict: that would turn the terms and pieces inside into dictionaries.
    return render_template(context.template, **{f.name: getattr(context, f.name) for f in fields(context)})


@dataclass
class NotFoundContext(TemplateContext):
    template = "not_found.html"
    message: str
    iri: str | None = None


def site_url(path: str) -> str:
    """A served path as the client must request it (the application may be mounted under a prefix)."""
    return request.script_root + path


def data_formats() -> list[Format]:
    """The RDF serialisations a resource is offered in (the table's graph formats, HTML aside)."""
    return offers(Kind.GRAPH, html=False)


def negotiate_or_406(kind: Kind = Kind.GRAPH, *, parameter: str | None = None) -> Format:
    """The format of `kind` this request asks for, by a `format=` value when given, else by Accept (q-values
    honoured); 406 Not Acceptable, naming what is offered, when nothing offered fits."""
    candidates = offers(kind)
    try:
        if parameter:
            found = from_parameter(parameter, kind)
            if found is None:
                raise NotAcceptable(f"format={parameter}", candidates)
            return found
        return negotiate(request.headers.get("Accept"), candidates)
    except NotAcceptable as refused:
        raise NotAcceptableError(str(refused)) from None


def alternates(iri: str, current: Format | None = None) -> list[str]:
    """`Link` values naming every document about `iri` (the page and each RDF format)."""
    documents = get_published().documents
    links = []
    page = documents.page(iri)
    if page is not None and (current is None or current.name != "html"):
        links.append(f'<{site_url(page.split("#", 1)[0])}>; rel="alternate"; type="text/html"')
    for fmt in data_formats():
        if current is not None and fmt.name == current.name:
            continue
        data = documents.data(iri, fmt.extension)
        if data is not None:
            links.append(f'<{site_url(data)}>; rel="alternate"; type="{fmt.media_type}"')
    return links


def add_links(response: Response, links: Iterable[str]) -> None:
    joined = ", ".join(links)
    if joined:
        response.headers["Link"] = joined


def entity_tag(*parts: str) -> str:
    """Data changes only with a new build: the store's version names every representation of it. A store
    without a version (a remote one, written while we serve) gets a tag that never matches."""
    version = get_published().version or os.urandom(16).hex()
    return hashlib.sha256("\0".join((version, *parts)).encode()).hexdigest()[:32]


def html_page(body: str, iri: str | None = None, tag: str | None = None) -> Response:
    """A page about `iri` naming its data in `Link` headers; with `tag`, conditional on the data's version."""
    response = Response(body, content_type="text/html; charset=utf-8")
    if iri is not None:
        add_links(response, alternates(iri, BY_NAME["html"]))
    if tag is not None:
        response.set_etag(entity_tag("page", tag))
        return response.make_conditional(request)
    return response


def not_found(iri: str | None = None) -> Response:
    """404 for an IRI the dataset does not hold: a page for people, plain text for everyone else."""
    try:
        chosen = negotiate(request.headers.get("Accept"), offers(Kind.GRAPH))
    except NotAcceptable:
        chosen = FORMATS[0]
    message = f"This dataset holds nothing about <{iri}>." if iri else "There is nothing at this address."
    if chosen.name == "html":
        body = render(NotFoundContext(message, iri))
        response = Response(body, 404, content_type="text/html; charset=utf-8")
    else:
        response = Response(message + "\n", 404, content_type="text/plain; charset=utf-8")
    response.vary.add("Accept")
    return response
