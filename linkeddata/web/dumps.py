"""Downloads: `/downloads` lists every file of the build worth fetching, `/downloads/{file}` serves it,
and `/.well-known/void` describes the dataset (VoID and DCAT).

Files go out through Werkzeug's `send_file`, which does ETag, Last-Modified, 304 and Range; a client
that accepts gzip gets the build's reproducible `.gz` copy with `Content-Encoding: gzip`. Only files
named in the listing are served, so no request can reach outside the build folder (or into the
store, the manifest or the registry inside it).
"""

from __future__ import annotations

import gzip
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, request, send_file, url_for

from linkeddata.formats import BY_EXTENSION, Format
from linkeddata.output import DUMP_FILES, count_lines, sha256_file
from linkeddata.web.jsonld import variant
from linkeddata.web.pages import entity_page
from linkeddata.web.resources import serialize
from linkeddata.web.responses import (
    TemplateContext,
    add_links,
    alternates,
    entity_tag,
    negotiate_or_406,
    not_found,
    render,
    site_url,
)
from linkeddata.web.state import Description, Published, get_published

bp = Blueprint("dumps", __name__)
log = logging.getLogger(__name__)

DESCRIPTION_FILES = ("void.ttl", "ontology.ttl", "shapes.ttl")
GZIP_TYPE = "application/gzip"


@dataclass(frozen=True)
class DownloadFile:
    """One file of the listing, with what a client needs to trust it."""

    name: str  # relative to the build folder, "/"-separated: "dataset.nt", "graphs/ARTICLE.ttl"
    title: str
    media_type: str
    size: int
    triples: int | None
    modified: datetime
    sha256: str
    gzip_of: str | None = None  # for a .gz copy, the file it compresses

    @property
    def modified_text(self) -> str:
        return self.modified.strftime("%Y-%m-%d %H:%M:%S UTC")


@dataclass
class DownloadsContext(TemplateContext):
    template = "downloads.html"
    files: list[tuple[DownloadFile, str]] = field(default_factory=list)  # each file and its URL
    void: str = ""  # the URLs of the dataset's description, the endpoint, the ontology and the shapes
    sparql: str = ""
    ontology: str = ""
    shapes: str = ""


def _format_of(name: str) -> Format | None:
    return BY_EXTENSION.get(name.rsplit(".", 1)[-1])


def _candidates(folder: Path) -> Iterator[tuple[str, str]]:
    """(name, title) of every servable file, in listing order."""
    for name in DUMP_FILES:
        yield name, "The whole dataset"
        yield f"{name}.gz", "The whole dataset, gzip-compressed"
    titles = {"void.ttl": "VoID and DCAT description", "ontology.ttl": "The diplomacy ontology",
              "shapes.ttl": "The SHACL shapes every article graph was checked against"}
    for name in DESCRIPTION_FILES:
        yield name, titles[name]
    graphs = folder / "graphs"
    if graphs.is_dir():
        for path in sorted(graphs.glob("*.ttl")):
            yield f"graphs/{path.name}", f"Graph of article {path.stem}"


def _triples(folder: Path, name: str) -> int | None:
    path = folder / name
    if name.endswith(".gz"):
        inner = name[:-3]
        if (folder / inner).is_file():
            return _cached_triples(folder, inner)
        with gzip.open(path, "rb") as stream:
            return sum(1 for _ in ox.parse(stream, format=_oxigraph_format(inner)))
    if name.endswith((".nt", ".nq")):
        return count_lines(path)
    if name == "dataset.ttl" and (folder / "dataset.nt").is_file():
        return _cached_triples(folder, "dataset.nt")  # the same triples, written sorted as N-Triples too
    return sum(1 for _ in ox.parse(path=str(path), format=_oxigraph_format(name)))


def _oxigraph_format(name: str) -> ox.RdfFormat:
    fmt = _format_of(name)
    return getattr(ox.RdfFormat, fmt.oxigraph if fmt and fmt.oxigraph else "TURTLE")


_FILE_FACTS: dict[tuple[str, int, int], tuple[int | None, str]] = {}


def _cached_triples(folder: Path, name: str) -> int | None:
    return _facts(folder, name)[0]


def _facts(folder: Path, name: str) -> tuple[int | None, str]:
    """(triples, sha256) of a file, computed once per version of it (files can be large); no count for a
    file that does not parse, which is still listed and served as it is."""
    path = folder / name
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _FILE_FACTS:
        try:
            triples: int | None = _triples(folder, name)
        except (SyntaxError, EOFError, OSError) as error:  # a damaged file (gzip's errors are OSError, EOFError)
            log.warning("cannot count the triples of %s: %s", path, error)
            triples = None
        _FILE_FACTS[key] = (triples, sha256_file(path))
    return _FILE_FACTS[key]


def listing(pub: Published) -> list[DownloadFile]:
    folder = pub.data_dir
    if folder is None:
        return []
    files = []
    for name, title in _candidates(folder):
        path = folder / name
        if not path.is_file():
            continue
        stat = path.stat()
        triples, checksum = _facts(folder, name)
        gzip_of = name[:-3] if name.endswith(".gz") else None
        fmt = _format_of(gzip_of or name)
        media_type = GZIP_TYPE if gzip_of else fmt.media_type if fmt else "application/octet-stream"
        files.append(DownloadFile(name, title, media_type, stat.st_size, triples,
                                  datetime.fromtimestamp(stat.st_mtime, UTC), checksum, gzip_of))
    return files


@bp.route("/downloads", methods=["GET"])
@bp.route("/downloads/", methods=["GET"])
def downloads() -> Response:
    files = listing(get_published())
    body = render(DownloadsContext(
        files=[(f, site_url(f"/downloads/{f.name}")) for f in files],
        void=url_for("dumps.void"),
        sparql=url_for("sparql.endpoint"),
        ontology=site_url("/ontology"),
        shapes=site_url("/shapes"),
    ))
    response = Response(body, content_type="text/html; charset=utf-8")
    add_links(response, [f'<{url_for("dumps.void")}>; rel="alternate describedby"; type="text/turtle"'])
    return response


@bp.route("/downloads/<path:name>", methods=["GET"])
def download(name: str) -> Response:
    folder = get_published().data_dir
    servable = {candidate for candidate, _ in _candidates(folder)} if folder is not None else set()
    if folder is None or name not in servable or not (folder / name).is_file():
        return not_found()
    if name.endswith(".gz"):
        return send_file(folder / name, mimetype=GZIP_TYPE, conditional=True)
    fmt = _format_of(name)
    mimetype = fmt.content_type if fmt else "application/octet-stream"
    packed = folder / f"{name}.gz"
    if packed.is_file() and request.accept_encodings["gzip"] > 0:
        # The same bytes as the .gz download, so the reproducible copy is served, not a new compression.
        response = send_file(packed, mimetype=mimetype, conditional=True)
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = send_file(folder / name, mimetype=mimetype, conditional=True)
    # Werkzeug adds "; charset=utf-8" to a text/* type on its own: set the whole value once.
    response.content_type = mimetype
    response.vary.add("Accept-Encoding")
    return response


@bp.route("/.well-known/void", methods=["GET"])
def void() -> Response:
    """The VoID/DCAT description, negotiated (the page about the dataset for browsers)."""
    pub = get_published()
    dataset = pub.documents.iri_of("dataset")
    chosen = negotiate_or_406()
    if chosen.name == "html":
        description = pub.describe(dataset)
        if description is None:
            return not_found(dataset)
        response = entity_page(pub, description)
        response.headers["Content-Location"] = site_url(pub.documents.page(dataset) or "/")
    else:
        path = pub.vocabulary_file("void.ttl")
        if path is None:
            return not_found(dataset)
        triples = [quad.triple for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
        body = serialize(Description(dataset, triples), chosen)
        response = Response(body, content_type=chosen.content_type)
        response.set_etag(entity_tag("void", chosen.name, *variant(chosen)))
        response = response.make_conditional(request)
    response.vary.add("Accept")
    add_links(response, alternates(dataset))
    return response

