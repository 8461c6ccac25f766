"""The one table of formats, and the one content-negotiation function.

Everything the project knows about a serialisation (media types, file extension, the rdflib and
pyoxigraph names, whether it holds named graphs) lives in `FORMATS`; the endpoint, the resource
pages, the dumps and the build all read it from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from werkzeug.http import parse_accept_header


class Kind(StrEnum):
    GRAPH = "graph"  # RDF triples (CONSTRUCT, DESCRIBE, resource data)
    DATASET = "dataset"  # RDF quads
    RESULTS = "results"  # SPARQL SELECT/ASK results
    PAGE = "page"  # HTML for people


@dataclass(frozen=True)
class Format:
    name: str  # the value of a `format=` parameter
    media_type: str  # the canonical one, sent in Content-Type
    extension: str  # without the dot
    kinds: frozenset[Kind]
    aliases: tuple[str, ...] = ()  # other media types clients send for it
    rdflib: str | None = None  # rdflib's parser/serializer name
    oxigraph: str | None = None  # attribute of pyoxigraph.RdfFormat / QueryResultsFormat
    text: bool = True  # send with "; charset=utf-8"
    w3c: str | None = None  # its IRI under http://www.w3.org/ns/formats/ (for service descriptions)

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8" if self.text else self.media_type

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)


_G, _D, _R, _P = Kind.GRAPH, Kind.DATASET, Kind.RESULTS, Kind.PAGE

_W3C = "http://www.w3.org/ns/formats/"

FORMATS: tuple[Format, ...] = (
    # text/n3 and application/json as Fuseki and Oxigraph take them for a graph: N3's subset that is
    # Turtle, and JSON-LD; for SELECT and ASK application/json stays SPARQL JSON results.
    Format("turtle", "text/turtle", "ttl", frozenset({_G}), ("application/x-turtle", "text/n3"), "turtle", "TURTLE",
           w3c=f"{_W3C}Turtle"),
    Format("ntriples", "application/n-triples", "nt", frozenset({_G}), ("text/plain",), "nt", "N_TRIPLES",
           w3c=f"{_W3C}N-Triples"),
    Format("jsonld", "application/ld+json", "jsonld", frozenset({_G, _D}), ("application/json",), "json-ld", "JSON_LD",
           w3c=f"{_W3C}JSON-LD"),
    Format("rdfxml", "application/rdf+xml", "rdf", frozenset({_G}), ("application/xml", "text/xml"), "xml", "RDF_XML",
           w3c=f"{_W3C}RDF_XML"),
    Format("trig", "application/trig", "trig", frozenset({_G, _D}), ("application/x-trig",), "trig", "TRIG",
           w3c=f"{_W3C}TriG"),
    Format("nquads", "application/n-quads", "nq", frozenset({_G, _D}), ("text/x-nquads",), "nquads", "N_QUADS",
           w3c=f"{_W3C}N-Quads"),
    Format("json", "application/sparql-results+json", "srj", frozenset({_R}), ("application/json",), None, "JSON",
           w3c=f"{_W3C}SPARQL_Results_JSON"),
    Format("xml", "application/sparql-results+xml", "srx", frozenset({_R}), ("application/xml", "text/xml"), None,
           "XML", w3c=f"{_W3C}SPARQL_Results_XML"),
    Format("csv", "text/csv", "csv", frozenset({_R}), (), None, "CSV", w3c=f"{_W3C}SPARQL_Results_CSV"),
    Format("tsv", "text/tab-separated-values", "tsv", frozenset({_R}), (), None, "TSV",
           w3c=f"{_W3C}SPARQL_Results_TSV"),
    Format("html", "text/html", "html", frozenset({_G, _R, _P}), ("application/xhtml+xml",)),
)

BY_NAME: dict[str, Format] = {f.name: f for f in FORMATS}
BY_EXTENSION: dict[str, Format] = {f.extension: f for f in FORMATS}
# "ttl", "nt"... as a `format=` value too, as Fuseki and Virtuoso accept.
BY_NAME.update({f.extension: f for f in FORMATS if f.extension not in BY_NAME})
BY_NAME.update({"n-triples": BY_NAME["ntriples"], "json-ld": BY_NAME["jsonld"], "rdf/xml": BY_NAME["rdfxml"],
                "n-quads": BY_NAME["nquads"], "rdf+xml": BY_NAME["rdfxml"], "n3": BY_NAME["turtle"]})


def offers(kind: Kind, *, html: bool = True) -> list[Format]:
    """The formats that can carry `kind`, in the order that breaks ties (the first is the default)."""
    found = [f for f in FORMATS if kind in f.kinds and (html or f.name != "html")]
    if kind is Kind.GRAPH:
        # A browser's Accept ranks text/html above */* and an RDF client names its format: Turtle
        # first for clients that only say */*.
        found.sort(key=lambda f: f.name != "turtle")
    return found


def from_path_extension(extension: str, kind: Kind) -> Format | None:
    found = BY_EXTENSION.get(extension.lower().lstrip("."))
    return found if found is not None and kind in found.kinds else None


# A `format=` value names a family more often than a serialisation: SPARQLWrapper sends `format=xml`
# and `format=json` for CONSTRUCT as well as for SELECT, meaning RDF/XML and JSON-LD there.
_FAMILY: dict[tuple[str, Kind], str] = {
    ("xml", Kind.GRAPH): "rdfxml",
    ("json", Kind.GRAPH): "jsonld",
    ("rdf", Kind.RESULTS): "xml",
}


def from_parameter(value: str, kind: Kind) -> Format | None:
    """The format a `format=` (or `output=`) value asks for when the answer is of `kind`.

    Accepts a name from `BY_NAME` ("turtle", "ttl", "json"...) or a media type, or a comma-separated
    list of them (SPARQLWrapper sends `application/ld+json,application/x-json+ld`), the first that fits
    winning; None when the value names nothing known, or nothing that can carry `kind`.
    """
    for item in value.split(","):
        key = item.split(";", 1)[0].strip().lower()
        if "/" in key:
            found = next((f for f in FORMATS if kind in f.kinds and key in f.media_types), None)
        else:
            found = BY_NAME.get(_FAMILY.get((key, kind), key))
        if found is not None and kind in found.kinds:
            return found
    return None


def is_known_parameter(value: str) -> bool:
    keys = [item.split(";", 1)[0].strip().lower() for item in value.split(",")]
    return any(key in BY_NAME or from_media_type(key) is not None for key in keys)


def from_media_type(media_type: str) -> Format | None:
    """The format whose canonical media type this is, else the first that takes it as an alias."""
    bare = media_type.split(";", 1)[0].strip().lower()
    return next((f for f in FORMATS if bare == f.media_type), None) or \
        next((f for f in FORMATS if bare in f.aliases), None)


def agreed_parameter(values: Sequence[str]) -> str | None:
    """One of several `format=`/`output=` values, when they all name the same format for SELECT/ASK
    results or all the same for graphs (SPARQLWrapper sends `format=json-ld&format=application/ld+json`);
    None when they disagree. Which kind the answer is comes from the query, so each is tried."""
    distinct = list(dict.fromkeys(value.strip().lower() for value in values))
    if len(distinct) == 1:
        return values[0]
    for kind in (Kind.GRAPH, Kind.RESULTS):
        named = {from_parameter(value, kind) for value in distinct}
        if len(named) == 1 and None not in named:
            return values[0]
    return None


class NotAcceptable(Exception):
    """Nothing offered fits the client's Accept header."""

    def __init__(self, accept: str, offered: Sequence[Format]) -> None:
        self.accept = accept
        self.offered = list(offered)
        listed = ", ".join(f.media_type for f in offered)
        super().__init__(f"None of the media types in Accept: {accept!r} is offered here. Offered: {listed}.")


def _accept_entries(header: str) -> list[tuple[str, str, float]]:
    """(type, subtype, q) for each media range; parameters other than q are ignored.

    Werkzeug matches media-type parameters exactly (`;charset=utf-8` would make a fine match fail)
    and lets `*/*` outrank an explicit `q=0`, so the ranges are matched here by specificity.
    """
    entries = []
    for value, quality in parse_accept_header(header):
        media_range = value.split(";", 1)[0].strip().lower()
        main, _, sub = media_range.partition("/")
        if main and sub:
            entries.append((main, sub, quality))
    return entries


def _quality(entries: list[tuple[str, str, float]], fmt: Format) -> float:
    """RFC 9110 12.5.1: the most specific range matching any of the format's media types decides."""
    best = (-1, 0.0)
    for media_type in fmt.media_types:
        main, _, sub = media_type.partition("/")
        # An alias matches when named; `text/*` only matches the type the answer is sent with
        # (SPARQL XML results must not answer `text/*` through their `text/xml` alias).
        canonical = media_type == fmt.media_type
        for entry_main, entry_sub, entry_quality in entries:
            if entry_main == main and entry_sub == sub:
                specificity = 2
            elif entry_main == main and entry_sub == "*" and canonical:
                specificity = 1
            elif entry_main == "*" and entry_sub == "*":
                specificity = 0
            else:
                continue
            best = max(best, (specificity, entry_quality))
    return best[1]


def negotiate(accept: str | None, candidates: Iterable[Format], default: Format | None = None) -> Format:
    """The best of `candidates` for an Accept header; `default` (else the first) when none was sent.

    Ties go to the earlier candidate. Raises NotAcceptable when nothing fits.
    """
    ordered = list(candidates)
    fallback = default or ordered[0]
    if not accept or not accept.strip():
        return fallback
    entries = _accept_entries(accept)
    if not entries:
        return fallback
    best_quality, best = 0.0, None
    for fmt in ordered:
        quality = _quality(entries, fmt)
        if quality > best_quality:
            best_quality, best = quality, fmt
    if best is None:
        raise NotAcceptable(accept, ordered)
    return best
