"""The one format table and the one negotiation function, as a checklist of Accept headers and answers."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from linkeddata.formats import (
    BY_NAME,
    FORMATS,
    Kind,
    NotAcceptable,
    from_media_type,
    from_parameter,
    from_path_extension,
    negotiate,
    offers,
)

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"

RESULTS = offers(Kind.RESULTS)
GRAPH = offers(Kind.GRAPH)

# (what the answer is, Accept header, the format it must get)
CHECKLIST = [
    # no preference: the default, first of the offers
    (RESULTS, None, "json"),
    (RESULTS, "", "json"),
    (RESULTS, "*/*", "json"),
    (GRAPH, "*/*", "turtle"),
    (GRAPH, None, "turtle"),
    # exact media types and their aliases
    (RESULTS, "application/sparql-results+json", "json"),
    (RESULTS, "application/json", "json"),
    (RESULTS, "application/sparql-results+xml", "xml"),
    (RESULTS, "application/xml", "xml"),
    (RESULTS, "text/csv", "csv"),
    (RESULTS, "text/tab-separated-values", "tsv"),
    (GRAPH, "text/turtle", "turtle"),
    (GRAPH, "application/x-turtle", "turtle"),
    (GRAPH, "application/n-triples", "ntriples"),
    (GRAPH, "text/plain", "ntriples"),
    (GRAPH, "application/ld+json", "jsonld"),
    (GRAPH, "application/rdf+xml", "rdfxml"),
    (GRAPH, "application/xml", "rdfxml"),
    (GRAPH, "application/trig", "trig"),
    (GRAPH, "application/n-quads", "nquads"),
    # a browser gets HTML, for results and for graphs
    (RESULTS, BROWSER, "html"),
    (GRAPH, BROWSER, "html"),
    # q-values decide, whatever the order
    (RESULTS, "application/sparql-results+xml;q=0.5, text/csv", "csv"),
    (RESULTS, "text/csv;q=0.2, application/sparql-results+xml;q=0.9", "xml"),
    (GRAPH, "text/turtle;q=0.5, application/rdf+xml", "rdfxml"),
    # wildcards: the specific range wins over */*, also to exclude (oxigraph get_query_accept_specific_exclusion)
    (RESULTS, "*/*, application/sparql-results+json;q=0", "xml"),
    (RESULTS, "text/*", "csv"),
    (GRAPH, "application/*;q=0.9, text/turtle;q=0.1", "ntriples"),
    (RESULTS, "text/*, text/csv;q=0", "tsv"),
    # media-type parameters other than q do not break a match (parameter specificity, incompatible charset)
    (RESULTS, "application/sparql-results+json;charset=utf-8", "json"),
    (GRAPH, "text/turtle; charset=utf-8; q=0.8, application/ld+json;q=0.5", "turtle"),
    (GRAPH, 'application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted"', "jsonld"),
    # case does not matter; an unparseable header is no preference
    (RESULTS, "Application/SPARQL-Results+JSON", "json"),
    (RESULTS, "garbage", "json"),
]


@pytest.mark.parametrize(("candidates", "accept", "expected"), CHECKLIST,
                         ids=[f"{c[0][0].name}:{c[1]}" for c in CHECKLIST])
def test_negotiation_checklist(candidates: list, accept: str | None, expected: str) -> None:
    assert negotiate(accept, candidates).name == expected


@pytest.mark.parametrize(("candidates", "accept"), [
    (RESULTS, "image/png"),
    (GRAPH, "text/csv"),
    (RESULTS, "text/turtle"),
    (RESULTS, "application/sparql-results+json;q=0"),
    (offers(Kind.RESULTS, html=False), "text/html"),
])
def test_nothing_acceptable_lists_what_is_offered(candidates: list, accept: str) -> None:
    with pytest.raises(NotAcceptable) as refused:
        negotiate(accept, candidates)
    for fmt in candidates:
        assert fmt.media_type in str(refused.value)


def test_ties_go_to_the_earlier_offer() -> None:
    assert negotiate("text/csv, text/tab-separated-values", RESULTS).name == "csv"
    assert negotiate("text/tab-separated-values, text/csv", RESULTS).name == "csv"


def test_an_explicit_default_is_used_without_accept() -> None:
    assert negotiate(None, RESULTS, default=BY_NAME["xml"]).name == "xml"


@pytest.mark.parametrize(("value", "kind", "expected"), [
    ("json", Kind.RESULTS, "json"),
    ("json", Kind.GRAPH, "jsonld"),  # SPARQLWrapper sends format=json for CONSTRUCT too
    ("xml", Kind.RESULTS, "xml"),
    ("xml", Kind.GRAPH, "rdfxml"),
    ("ttl", Kind.GRAPH, "turtle"),
    ("turtle", Kind.GRAPH, "turtle"),
    ("nt", Kind.GRAPH, "ntriples"),
    ("n-triples", Kind.GRAPH, "ntriples"),
    ("csv", Kind.RESULTS, "csv"),
    ("text/csv", Kind.RESULTS, "csv"),
    ("application/sparql-results+json", Kind.RESULTS, "json"),
    ("application/rdf+xml", Kind.GRAPH, "rdfxml"),
    ("application/xml", Kind.RESULTS, "xml"),
    ("application/xml", Kind.GRAPH, "rdfxml"),
    ("HTML", Kind.RESULTS, "html"),
    ("csv", Kind.GRAPH, None),
    ("turtle", Kind.RESULTS, None),
    ("nonsense", Kind.RESULTS, None),
])
def test_format_parameter(value: str, kind: Kind, expected: str | None) -> None:
    found = from_parameter(value, kind)
    assert (found.name if found else None) == expected


def test_lookups_by_media_type_and_extension() -> None:
    assert from_media_type("text/turtle; charset=utf-8") is BY_NAME["turtle"]
    assert from_media_type("application/unknown") is None
    assert from_path_extension(".nq", Kind.DATASET) is BY_NAME["nquads"]
    assert from_path_extension("ttl", Kind.DATASET) is None


def test_the_table_agrees_with_pyoxigraph() -> None:
    """Our names and media types are pyoxigraph's, so that either side can be read from the table."""
    for fmt in FORMATS:
        if fmt.oxigraph is None:
            continue
        library = (getattr(ox.QueryResultsFormat, fmt.oxigraph) if Kind.RESULTS in fmt.kinds
                   else getattr(ox.RdfFormat, fmt.oxigraph))
        assert library.media_type.split(";")[0] == fmt.media_type, fmt.name
        assert (ox.RdfFormat.from_media_type(fmt.media_type) or ox.QueryResultsFormat.from_media_type(
            fmt.media_type)) == library
        if Kind.DATASET in fmt.kinds:
            assert library.supports_datasets, fmt.name


def test_every_format_parameter_name_is_unique_per_kind() -> None:
    for kind in Kind:
        names = [f.name for f in FORMATS if kind in f.kinds]
        assert len(names) == len(set(names))
